/**
 * The `fetch` openapi-fetch calls: one attempt is fetch + reading the whole body under the deadline, and
 * attempts repeat as `retryDelay` decides. Retries live here rather than in a middleware because only here
 * can each attempt re-run the timeout and cover the body read (a reset mid-body is a network error too).
 * What comes out is a buffered Response (any status: the errors middleware judges it) or a ConnectionError,
 * TimeoutError or AbortError.
 */
import { ConnectionError } from "./errors.js";
import type { Logger } from "./logger.js";
import { type RetryPolicy, isIdempotent, retryDelay } from "./retry.js";
import { streamBodies } from "./body.js";
import { Deadline, sleep } from "./timeout.js";

/** Any WHATWG fetch, as `new Budgea({ fetch })` takes it: called with a Request (and its signal in `init`). */
export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

export interface TransportConfig {
  fetch: Fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger | undefined;
}

/** Per-request options openapi-fetch copies onto the Request it builds. */
interface RequestExtras {
  timeoutMs?: number;
  maxRetries?: number;
}

export function createTransport(config: TransportConfig): Fetch {
  return async function transport(request: Request): Promise<Response> {
    const extras = request as Request & RequestExtras;
    const policy = extras.maxRetries === undefined ? config.retry : { ...config.retry, maxRetries: extras.maxRetries };
    const replayable = isIdempotent(request.method) && !(request.body && streamBodies.has(request.body));
    const spare = replayable && policy.maxRetries > 0 && request.body ? request.clone() : undefined;
    const deadline = new Deadline(extras.timeoutMs ?? config.timeoutMs, request.signal);
    try {
      for (let retries = 0; ; retries++) {
        const attempt = retries === 0 || !spare ? request : spare.clone();
        const result = await sendOnce(config.fetch, attempt, deadline);
        const outcome =
          result instanceof Response
            ? { status: result.status, retryAfter: result.headers.get("retry-after") }
            : ({ networkError: true } as const);
        const wait = replayable ? retryDelay(request.method, retries, outcome, policy) : undefined;
        if (wait === undefined || wait >= deadline.remainingMs) {
          if (result instanceof Response) return result;
          throw result;
        }
        config.logger?.warn?.(
          {
            method: request.method,
            status: "status" in outcome ? outcome.status : "network error",
            retry: retries + 1,
            waitMs: wait,
          },
          "budgea: retrying",
        );
        await sleep(wait, deadline.signal).catch(() => {
          throw deadline.reason;
        });
      }
    } finally {
      deadline.clear();
    }
  };
}

/** One attempt: a buffered Response, or the ConnectionError to decide on; throws when the deadline aborts. */
async function sendOnce(
  fetch: Fetch,
  request: Request,
  deadline: Deadline,
): Promise<BufferedResponse | ConnectionError> {
  try {
    const response = await fetch(request, { signal: deadline.signal });
    return new BufferedResponse(await response.arrayBuffer(), response);
  } catch (error) {
    if (deadline.signal.aborted) throw deadline.reason;
    return new ConnectionError(`network error: ${describe(error)}`, { cause: error });
  }
}

/**
 * A response whose body is already read: `text()`, `json()`, `arrayBuffer()` and `body` answer from the
 * bytes (no stream is built unless `body` is asked for), and a value parsed once (by the errors middleware)
 * is handed to openapi-fetch's `.json()` as it is. The bytes are dropped once parsed.
 * @internal (kept out of the published types: Node's types declare these methods as properties)
 */
export class BufferedResponse extends Response {
  #bytes: ArrayBuffer | undefined;
  #parsed: { value: unknown } | undefined;

  constructor(bytes: ArrayBuffer, original: Response) {
    super(null, {
      status: original.status,
      statusText: original.statusText,
      headers: withLength(original.headers, bytes.byteLength),
    });
    this.#bytes = nullBodyStatus(original.status) ? new ArrayBuffer(0) : bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#bytes?.byteLength ? new Blob([this.#bytes]).stream() : null;
  }

  override text(): Promise<string> {
    return Promise.resolve(decoder.decode(this.#bytes));
  }

  override json(): Promise<unknown> {
    return this.#parsed ? Promise.resolve(this.#parsed.value) : this.text().then(JSON.parse);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve((this.#bytes ?? new ArrayBuffer(0)).slice(0));
  }

  override blob(): Promise<Blob> {
    return Promise.resolve(new Blob(this.#bytes ? [this.#bytes] : []));
  }

  /** @internal the body, parsed and checked by the errors middleware (its bytes are no longer needed) */
  remember(value: unknown): void {
    this.#parsed = { value };
    this.#bytes = undefined;
  }
}

const decoder = new TextDecoder();

/** The body is whole and decoded now: say its real length (openapi-fetch then reads it with `.json()`). */
function withLength(original: Headers, length: number): Headers {
  if (original.get("content-length") === String(length) && !original.has("content-encoding")) return original;
  const headers = new Headers(original);
  headers.delete("content-encoding");
  headers.set("content-length", String(length));
  return headers;
}

function nullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}
