import { Budgea } from "../../src/index.js";

/** An injected fetch (no network): answers 429 with `retryAfter`, then 200; records when each call came. */
function rateLimitedFetch(retryAfter: () => string) {
  const calls: number[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push(Date.now());
    expect(request.headers.get("authorization")).toBe("Bearer t0k3n");
    if (calls.length === 1) {
      return new Response('{"code":"tooManyRequests"}', { status: 429, headers: { "retry-after": retryAfter() } });
    }
    return new Response('{"banks":[],"total":0}', { status: 200, headers: { "content-type": "application/json" } });
  };
  return { fetch, calls };
}

describe("Retry-After is honoured (fake timers)", () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date("2026-01-05T10:00:00Z") }));
  afterEach(() => jest.useRealTimers());

  async function waitedFor(retryAfter: () => string): Promise<number> {
    const { fetch, calls } = rateLimitedFetch(retryAfter);
    const budgea = new Budgea({ baseUrl: "https://demo.biapi.pro/2.0", token: "t0k3n", fetch });
    const call = budgea.api.GET("/banks");
    await jest.advanceTimersByTimeAsync(60_000);
    await call;
    expect(calls).toHaveLength(2);
    return calls[1]! - calls[0]!;
  }

  test("in seconds", async () => {
    expect(await waitedFor(() => "7")).toBe(7000);
  });

  test("as an HTTP date", async () => {
    expect(await waitedFor(() => new Date(Date.now() + 12_000).toUTCString())).toBe(12_000);
  });
});
