/** Per-call deadlines joined with the caller's signal, and an abortable sleep. */
import { AbortError, BudgeaError, type RequestInfo, TimeoutError } from "./errors.js";

/**
 * One call's deadline: one AbortController and one timer, the caller's signal linked in when there is one.
 * It covers the whole call (every attempt, the waits between them, the body read); `clear()` once done.
 */
export class Deadline {
  /** Aborts at the deadline, or when the caller's signal does. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly #end: number;
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #caller: AbortSignal | null | undefined;
  readonly #unlink: (() => void) | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | null | undefined) {
    this.timeoutMs = timeoutMs;
    this.#end = Date.now() + timeoutMs;
    this.#caller = caller;
    this.signal = this.#controller.signal;
    const controller = this.#controller;
    this.#timer = setTimeout(() => controller.abort(), timeoutMs);
    if (caller) {
      const abort = () => controller.abort();
      if (caller.aborted) abort();
      else {
        caller.addEventListener("abort", abort, { once: true });
        this.#unlink = () => caller.removeEventListener("abort", abort);
      }
    }
  }

  get remainingMs(): number {
    return this.#end - Date.now();
  }

  /** The typed error the call ends with once aborted: AbortError (the caller's signal) or TimeoutError. */
  reason(request?: RequestInfo): TimeoutError | AbortError {
    return this.#caller?.aborted ? callerAbort(this.#caller, request) : new TimeoutError(this.timeoutMs, request);
  }

  /**
   * The call is over: the timer goes. `keepCaller` leaves the caller's signal linked, so that it can still
   * abort a body the caller reads after the call (`parseAs: "stream"`); the link goes with the signal.
   */
  clear(keepCaller = false): void {
    clearTimeout(this.#timer);
    if (!keepCaller) this.#unlink?.();
  }
}

/**
 * A signal that aborts when either of two does, with that one's reason; `unlink` removes its listeners
 * (call it once the work is done, or they stay on long-lived signals until those abort).
 */
export function linkSignals(a: AbortSignal, b: AbortSignal): { signal: AbortSignal; unlink: () => void } {
  const linked = new AbortController();
  const abort = () => linked.abort(a.aborted ? a.reason : b.reason);
  const unlink = () => {
    a.removeEventListener("abort", abort);
    b.removeEventListener("abort", abort);
  };
  if (a.aborted || b.aborted) abort();
  else {
    a.addEventListener("abort", abort, { once: true });
    b.addEventListener("abort", abort, { once: true });
  }
  return { signal: linked.signal, unlink };
}

/** The caller's abort as a typed error (their own reason kept as the cause). */
export function callerAbort(signal: AbortSignal, request?: RequestInfo): AbortError {
  return signal.reason instanceof AbortError
    ? signal.reason
    : new AbortError("aborted by the caller's signal", { cause: signal.reason, request });
}

/** Resolves after `ms`, or rejects when the signal aborts first: with its reason if it is a BudgeaError, else an AbortError. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = () => reject(signal.reason instanceof BudgeaError ? signal.reason : callerAbort(signal));
    if (signal.aborted) return fail();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      fail();
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
