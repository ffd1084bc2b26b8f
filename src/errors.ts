/**
 * One error hierarchy: every failure of the client is a `BudgeaError`.
 *
 *   BudgeaError
 *   ├─ InvalidOptionsError          a bad option, named, at construction
 *   ├─ ConnectionError              the network failed (reset, refused, DNS) — TimeoutError is one
 *   ├─ AbortError                   the caller's signal aborted
 *   ├─ InvalidResponseError         a body that is not the JSON promised (HTML page, truncated, empty)
 *   ├─ TokenExpiredError            a temporary token used after its expiry (no request sent)
 *   └─ APIError                     the API answered an error: status, code, message
 *      ├─ BadRequestError 400, AuthenticationError 401/403, NotFoundError 404, ConflictError 409,
 *      │  RateLimitError 429, InternalServerError 5xx
 *      └─ ConnectionStateError      a connection-state code (`wrongpass`, `SCARequired`, …), one subclass each
 *
 * Errors carry no request object, headers we sent, or body we sent: nothing here can hold a secret.
 */

export class BudgeaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** What `JSON.stringify(error)` shows: the name, the message and the error's own public fields. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

export class InvalidOptionsError extends BudgeaError {
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`budgea: option \`${option}\` ${problem}`);
  }
}

export class ConnectionError extends BudgeaError {}

export class TimeoutError extends ConnectionError {
  constructor(readonly timeoutMs: number) {
    super(`request timed out after ${timeoutMs} ms`);
  }
}

export class AbortError extends BudgeaError {}

export class TokenExpiredError extends BudgeaError {
  constructor(readonly expiredAt: Date) {
    super(`the temporary token expired at ${expiredAt.toISOString()}: get a new one (auth.init or auth.code)`);
  }
}

export interface ResponseInfo {
  status: number;
  method: string;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  path: string;
  headers: Record<string, string>;
}

export class InvalidResponseError extends BudgeaError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;

  constructor(problem: string, info: ResponseInfo) {
    super(`${info.status} ${problem} (${info.method} ${info.path})`);
    this.status = info.status;
    this.method = info.method;
    this.path = info.path;
    this.contentType = info.headers["content-type"];
  }
}

export interface APIErrorInit extends ResponseInfo {
  /** The API's error code, e.g. `wrongpass`; unknown codes are kept as they are. */
  code?: string | undefined;
  /** The API's message, already scrubbed of secrets. */
  message?: string | undefined;
  connectionId?: number | undefined;
}

export class APIError extends BudgeaError {
  readonly status: number;
  readonly code: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly requestId: string | undefined;

  constructor(init: APIErrorInit) {
    const what = [init.code, init.message].filter(Boolean).join(": ") || "error";
    super(`${init.status} ${what} (${init.method} ${init.path})`);
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.headers = init.headers;
    this.requestId = init.headers["x-request-id"] ?? init.headers["bi-request-id"];
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class InternalServerError extends APIError {}

export class RateLimitError extends APIError {
  /** What `Retry-After` asked for, when the API said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: APIErrorInit) {
    super(init);
    this.retryAfterMs = parseRetryAfter(init.headers["retry-after"]);
  }
}

/** A connection-state code: from an HTTP error (400 `wrongpass`) or from a connection's `state`. */
export class ConnectionStateError extends APIError {
  readonly connectionId: number | undefined;
  constructor(init: APIErrorInit) {
    super(init);
    this.connectionId = init.connectionId;
  }
}

export class WrongPassError extends ConnectionStateError {}
export class AdditionalInformationNeededError extends ConnectionStateError {}
export class ActionNeededError extends ConnectionStateError {}
export class SCARequiredError extends ConnectionStateError {}
export class DecoupledError extends ConnectionStateError {}
export class PasswordExpiredError extends ConnectionStateError {}
export class WebauthRequiredError extends ConnectionStateError {}
export class WebsiteUnavailableError extends ConnectionStateError {}
export class RateLimitingError extends ConnectionStateError {}
export class BugError extends ConnectionStateError {}

/** A value the user typed does not fit the field the API asked for; names the field, never the value. */
export class FieldValidationError extends BudgeaError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`field \`${field}\` ${problem}`);
  }
}

/** A wait (a decoupled validation, a transfer completing, a recipient enabled) outlasted its timeout. */
export class WaitTimeoutError extends BudgeaError {
  constructor(
    what: string,
    readonly waitedMs: number,
  ) {
    super(`${what} did not finish within ${waitedMs} ms`);
  }
}

/**
 * A request that moves money failed in a way that does not say whether the API acted on it (a timeout or
 * a reset after sending, an unreadable answer, a gateway error). It was not retried: reconcile with
 * `lookup()`, which asks the API what exists now.
 */
export class TransferOutcomeUnknownError<T = unknown> extends BudgeaError {
  constructor(
    message: string,
    readonly lookup: () => Promise<T>,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** A webview URL that cannot be built: the parameter is named, its value never shown (it may be a code). */
export class WebviewParamsError extends BudgeaError {
  constructor(
    readonly param: string,
    problem: string,
  ) {
    super(`webview: \`${param}\` ${problem}`);
  }
}

/** A webview callback that cannot be read: not a URL or query string, or a malformed id. */
export class WebviewCallbackError extends BudgeaError {}

/** A date or date-time that is not in the API's format, or not a real date. */
export class InvalidDateError extends BudgeaError {}

/**
 * A webhook delivery that must not be trusted; each reason is a subclass. `status` is what to answer
 * (401, 413 or 400). Messages name headers, never their values (a token, a signature).
 */
export class WebhookVerificationError extends BudgeaError {
  readonly status: number = 401;
}

/** `BI-Signature` does not match the body (tampered body, wrong secret, wrong path or method). */
export class WebhookSignatureError extends WebhookVerificationError {}

/** `BI-Signature-Date` is outside the freshness window (a replay, or a clock far off), or unreadable. */
export class WebhookTimestampError extends WebhookVerificationError {
  constructor(
    readonly reason: "stale" | "future" | "unreadable",
    readonly skewSeconds?: number,
  ) {
    super(
      reason === "unreadable"
        ? "webhook: BI-Signature-Date is neither an HTTP date nor ISO 8601 with an offset"
        : `webhook: BI-Signature-Date is ${reason === "stale" ? "too old" : "in the future"} (${skewSeconds} s off)`,
    );
  }
}

export class WebhookHeaderMissingError extends WebhookVerificationError {
  constructor(readonly header: string) {
    super(`webhook: the ${header} header is missing`);
  }
}

/** The bearer token is not the user's (or no token is known for that user). */
export class WebhookTokenError extends WebhookVerificationError {}

export class WebhookPayloadTooLargeError extends WebhookVerificationError {
  override readonly status: number = 413;
  constructor(readonly maxBytes: number) {
    super(`webhook: the body is larger than ${maxBytes} bytes (as sent or inflated)`);
  }
}

/** The body is not a JSON object (invalid JSON or UTF-8, bad gzip, unsupported encoding). */
export class WebhookPayloadError extends WebhookVerificationError {
  override readonly status: number = 400;
}

type APIErrorClass = new (init: APIErrorInit) => APIError;

const byCode: Record<string, APIErrorClass> = {
  wrongpass: WrongPassError,
  additionalInformationNeeded: AdditionalInformationNeededError,
  actionNeeded: ActionNeededError,
  SCARequired: SCARequiredError,
  decoupled: DecoupledError,
  passwordExpired: PasswordExpiredError,
  webauthRequired: WebauthRequiredError,
  websiteUnavailable: WebsiteUnavailableError,
  rateLimiting: RateLimitingError,
  bug: BugError,
};

const byStatus: Record<number, APIErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/**
 * The one factory. A 5xx is an InternalServerError whatever its code (kept on `code`); otherwise a
 * connection-state code (`wrongpass`, `SCARequired`, …) picks its class first, then the status.
 */
export function createAPIError(init: APIErrorInit): APIError {
  const Class =
    init.status >= 500
      ? InternalServerError
      : ((init.code && Object.hasOwn(byCode, init.code) ? byCode[init.code] : undefined) ?? byStatus[init.status] ?? APIError);
  return new Class(init);
}

/** A connection's terminal state as its typed error; a state this version does not know stays generic. */
export function createConnectionStateError(init: APIErrorInit & { code: string }): ConnectionStateError {
  const Class = (Object.hasOwn(byCode, init.code) ? byCode[init.code] : undefined) ?? ConnectionStateError;
  return new Class(init) as ConnectionStateError;
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Class names do not survive minification: name each class explicitly.
const names: [Function, string][] = [
  [BudgeaError, "BudgeaError"],
  [InvalidOptionsError, "InvalidOptionsError"],
  [ConnectionError, "ConnectionError"],
  [TimeoutError, "TimeoutError"],
  [AbortError, "AbortError"],
  [TokenExpiredError, "TokenExpiredError"],
  [InvalidResponseError, "InvalidResponseError"],
  [APIError, "APIError"],
  [BadRequestError, "BadRequestError"],
  [AuthenticationError, "AuthenticationError"],
  [NotFoundError, "NotFoundError"],
  [ConflictError, "ConflictError"],
  [InternalServerError, "InternalServerError"],
  [RateLimitError, "RateLimitError"],
  [ConnectionStateError, "ConnectionStateError"],
  [WrongPassError, "WrongPassError"],
  [AdditionalInformationNeededError, "AdditionalInformationNeededError"],
  [ActionNeededError, "ActionNeededError"],
  [SCARequiredError, "SCARequiredError"],
  [DecoupledError, "DecoupledError"],
  [PasswordExpiredError, "PasswordExpiredError"],
  [WebauthRequiredError, "WebauthRequiredError"],
  [WebsiteUnavailableError, "WebsiteUnavailableError"],
  [RateLimitingError, "RateLimitingError"],
  [BugError, "BugError"],
  [FieldValidationError, "FieldValidationError"],
  [WaitTimeoutError, "WaitTimeoutError"],
  [TransferOutcomeUnknownError, "TransferOutcomeUnknownError"],
  [WebviewParamsError, "WebviewParamsError"],
  [WebviewCallbackError, "WebviewCallbackError"],
  [InvalidDateError, "InvalidDateError"],
  [WebhookVerificationError, "WebhookVerificationError"],
  [WebhookSignatureError, "WebhookSignatureError"],
  [WebhookTimestampError, "WebhookTimestampError"],
  [WebhookHeaderMissingError, "WebhookHeaderMissingError"],
  [WebhookTokenError, "WebhookTokenError"],
  [WebhookPayloadTooLargeError, "WebhookPayloadTooLargeError"],
  [WebhookPayloadError, "WebhookPayloadError"],
];
for (const [Class, name] of names) {
  Object.defineProperty(Class.prototype, "name", { value: name, writable: true, configurable: true });
}
