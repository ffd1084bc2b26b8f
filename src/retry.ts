/**
 * The retry decision, as one pure function: DESIGN.md's policy and nothing more.
 * Only idempotent methods, only on network errors, 429, 502, 503 and 504; `Retry-After` wins when it is
 * within the cap (beyond it we give the error back rather than wait minutes); otherwise full-jitter
 * exponential backoff. A POST (a transfer, a recipient, a connection, a token exchange) is never retried.
 */
import { parseRetryAfter } from "./errors.js";

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff ceiling; doubles each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` we honour. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export type Outcome = { status: number; retryAfter?: string | null } | { networkError: true };

/**
 * How long to wait before retry number `retriesDone + 1`, or undefined to give the outcome back.
 * `random` is injectable so tests can pin the jitter.
 */
export function retryDelay(
  method: string,
  retriesDone: number,
  outcome: Outcome,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (retriesDone >= policy.maxRetries || !IDEMPOTENT.has(method.toUpperCase())) return undefined;
  if ("status" in outcome) {
    if (!RETRYABLE_STATUS.has(outcome.status)) return undefined;
    const asked = parseRetryAfter(outcome.retryAfter);
    if (asked !== undefined) return asked <= policy.maxRetryAfterMs ? asked : undefined;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesDone);
  return Math.floor(random() * ceiling);
}

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}
