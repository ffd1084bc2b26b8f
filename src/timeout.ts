/** Per-call deadlines joined with the caller's signal, and an abortable sleep. */
import { AbortError, BudgeaError, TimeoutError } from "./errors.js";

/**
 * Deadlines share one AbortSignal per 8 ms slot: a call then costs no AbortController of its own (in
 * Node each one is a transferable object, a measurable share of a loopback request), and a slot's single
 * timer aborts every call due in it. A call with its own `signal` still gets a linked controller.
 */
const SLOT_MS = 8;
const slots = new Map<number, AbortController>();
const TIMED_OUT = Object.freeze({ budgea: "timeout" });

function slotSignal(end: number): AbortSignal {
  const slot = Math.ceil(end / SLOT_MS) * SLOT_MS;
  let controller = slots.get(slot);
  if (!controller) {
    const created = new AbortController();
    slots.set(slot, created);
    const timer = setTimeout(() => {
      slots.delete(slot);
      created.abort(TIMED_OUT);
    }, slot - Date.now());
    (timer as { unref?: () => void }).unref?.();
    controller = created;
  }
  return controller.signal;
}

export class Deadline {
  /** Aborts at the deadline, or when the caller's signal does. */
  readonly signal: AbortSignal;
  readonly #timeoutMs: number;
  readonly #end: number;
  readonly #caller: AbortSignal | null;
  readonly #unlink: () => void = () => undefined;

  constructor(timeoutMs: number, caller: AbortSignal | null) {
    this.#timeoutMs = timeoutMs;
    this.#end = Date.now() + timeoutMs;
    this.#caller = caller;
    const timer = slotSignal(this.#end);
    if (!caller) {
      this.signal = timer;
      return;
    }
    const linked = new AbortController();
    const abort = () => linked.abort(caller.aborted ? caller.reason : TIMED_OUT);
    this.signal = linked.signal;
    if (caller.aborted || timer.aborted) abort();
    else {
      caller.addEventListener("abort", abort, { once: true });
      timer.addEventListener("abort", abort, { once: true });
      this.#unlink = () => {
        caller.removeEventListener("abort", abort);
        timer.removeEventListener("abort", abort);
      };
    }
  }

  get remainingMs(): number {
    return this.#end - Date.now();
  }

  /** The typed error the call ends with once aborted: AbortError (the caller's signal) or TimeoutError. */
  get reason(): TimeoutError | AbortError {
    return this.#caller?.aborted ? callerAbort(this.#caller) : new TimeoutError(this.#timeoutMs);
  }

  clear(): void {
    this.#unlink();
  }
}

/** The caller's abort as a typed error (their own reason kept as the cause). */
export function callerAbort(signal: AbortSignal): AbortError {
  return signal.reason instanceof AbortError
    ? signal.reason
    : new AbortError("the request was aborted by the caller", { cause: signal.reason });
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
