/** Per-call deadlines joined with the caller's signal, and an abortable sleep. */
import { AbortError, BudgeaError, TimeoutError } from "./errors.js";

/**
 * Deadlines share AbortSignals, one per 8 ms slot and at most 8 calls each: a call then costs no
 * AbortController of its own (in Node each one is a transferable object, a measurable share of a loopback
 * request), and one timer aborts every call due in its slot. The cap keeps each signal under the 10
 * listeners past which Node warns of a leak. A call with its own `signal` still gets a linked controller.
 */
const SLOT_MS = 8;
const CALLS_PER_SIGNAL = 8;
const slots = new Map<number, { controller: AbortController; calls: number }>();
const TIMED_OUT = Object.freeze({ budgea: "timeout" });

function slotSignal(end: number): AbortSignal {
  const slot = Math.ceil(end / SLOT_MS) * SLOT_MS;
  let shared = slots.get(slot);
  if (!shared || shared.calls >= CALLS_PER_SIGNAL) {
    const fresh = { controller: new AbortController(), calls: 0 };
    unlimitedListeners(fresh.controller.signal);
    slots.set(slot, fresh);
    const timer = setTimeout(() => {
      if (slots.get(slot) === fresh) slots.delete(slot);
      fresh.controller.abort(TIMED_OUT);
    }, slot - Date.now());
    (timer as { unref?: () => void }).unref?.();
    shared = fresh;
  }
  shared.calls++;
  return shared.controller.signal;
}

/**
 * Each attempt of each call sharing a signal listens to it (undici's Request, a retry's wait), so on a busy
 * client Node would warn of an EventTarget leak past 10 listeners: lift that limit where Node offers
 * `events.setMaxListeners` (reached at run time, so the main entry imports nothing Node-only).
 */
function unlimitedListeners(signal: AbortSignal): void {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const events = node?.getBuiltinModule?.("node:events") as
    { setMaxListeners?: (n: number, target: EventTarget) => void } | undefined;
  events?.setMaxListeners?.(0, signal);
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
    const link = linkSignals(caller, timer);
    this.signal = link.signal;
    this.#unlink = link.unlink;
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
