import { defaultRetryPolicy, retryDelay } from "../../src/retry.js";

const policy = { ...defaultRetryPolicy, maxRetries: 3 };
const half = () => 0.5;

describe("retryDelay: DESIGN.md's retry policy as one pure function", () => {
  test.each(["GET", "PUT", "DELETE", "HEAD"])("%s is retried on 503", (method) => {
    expect(retryDelay(method, 0, { status: 503 }, policy, half)).toBe(250);
  });

  test("POST is never retried, whatever happened", () => {
    for (const outcome of [{ status: 503 }, { status: 429 }, { networkError: true as const }]) {
      expect(retryDelay("POST", 0, outcome, policy, half)).toBeUndefined();
    }
  });

  test.each([429, 502, 503, 504])("%i is retryable", (status) => {
    expect(retryDelay("GET", 0, { status }, policy, half)).toBeDefined();
  });

  test.each([400, 401, 403, 404, 409, 500, 501])("%i is not", (status) => {
    expect(retryDelay("GET", 0, { status }, policy, half)).toBeUndefined();
  });

  test("network errors are retryable for idempotent methods", () => {
    expect(retryDelay("GET", 0, { networkError: true }, policy, half)).toBe(250);
  });

  test("full-jitter exponential backoff, capped", () => {
    expect([0, 1, 2].map((n) => retryDelay("GET", n, { status: 503 }, policy, () => 0.999))).toEqual([499, 999, 1998]);
    const big = { ...policy, maxRetries: 20 };
    expect(retryDelay("GET", 15, { status: 503 }, big, () => 0.999)).toBe(Math.floor(0.999 * big.maxDelayMs));
    expect(retryDelay("GET", 0, { status: 503 }, policy, () => 0)).toBe(0);
  });

  test("the retry budget is bounded", () => {
    expect(retryDelay("GET", 3, { status: 503 }, policy, half)).toBeUndefined();
    expect(retryDelay("GET", 0, { status: 503 }, { ...policy, maxRetries: 0 }, half)).toBeUndefined();
  });

  test("Retry-After in seconds or as an HTTP date wins, up to the cap", () => {
    expect(retryDelay("GET", 0, { status: 429, retryAfter: "3" }, policy, half)).toBe(3000);
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    const wait = retryDelay("GET", 0, { status: 503, retryAfter: inTwoSeconds }, policy, half)!;
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(2000);
    expect(retryDelay("GET", 0, { status: 429, retryAfter: "3600" }, policy, half)).toBeUndefined();
    expect(retryDelay("GET", 0, { status: 429, retryAfter: "soon" }, policy, half)).toBe(250);
  });
});
