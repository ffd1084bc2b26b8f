/** A per-call deadline joined with the caller's signal, and an abortable sleep. */
import { AbortError, TimeoutError } from "./errors.js";

export class Deadline {
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #end: number;
  readonly #caller: AbortSignal | null;
  readonly #onCallerAbort = () => this.#controller.abort(new AbortError("the request was aborted by the caller"));

  constructor(timeoutMs: number, caller: AbortSignal | null) {
    this.signal = this.#controller.signal;
    this.#end = Date.now() + timeoutMs;
    this.#caller = caller;
    this.#timer = setTimeout(() => this.#controller.abort(new TimeoutError(timeoutMs)), timeoutMs);
    (this.#timer as { unref?: () => void }).unref?.();
    if (caller?.aborted) this.#onCallerAbort();
    else caller?.addEventListener("abort", this.#onCallerAbort, { once: true });
  }

  get remainingMs(): number {
    return this.#end - Date.now();
  }

  /** The typed error the call ends with once aborted: TimeoutError or AbortError. */
  get reason(): TimeoutError | AbortError {
    return this.signal.reason as TimeoutError | AbortError;
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
