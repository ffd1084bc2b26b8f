/** Polling with backoff, bounded by a timeout and a signal: how the workflows wait on the bank. */
import { WaitTimeoutError } from "./errors.js";
import { sleep } from "./timeout.js";

export interface PollOptions {
  /** The whole wait. */
  timeoutMs: number;
  /** The first pause, doubling up to 10 s. */
  intervalMs?: number;
  signal?: AbortSignal | undefined;
}

const neverAborted = new AbortController().signal;

/**
 * Reads the state with `read` until `settled` gives a result (which may also throw, for a final failure);
 * rejects with WaitTimeoutError naming `what` and the time really waited once `timeoutMs` has passed, or
 * AbortError on the signal.
 */
export async function pollUntil<T, R>(
  what: string,
  read: () => Promise<T>,
  settled: (value: T) => R | undefined,
  { timeoutMs, intervalMs = 1_000, signal }: PollOptions,
): Promise<R> {
  const started = Date.now();
  const until = started + timeoutMs;
  for (let interval = intervalMs; ; interval = Math.min(interval * 2, 10_000)) {
    const result = settled(await read());
    if (result !== undefined) return result;
    const left = until - Date.now();
    if (left <= 0) throw new WaitTimeoutError(what, Date.now() - started);
    await sleep(Math.min(interval, left), signal ?? neverAborted);
  }
}
