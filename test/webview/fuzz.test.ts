/** `state` round-trips through the webview for any string; arbitrary input only ever raises a BudgeaError. */
import fc from "fast-check";
import { BudgeaError, WebviewParamsError } from "../../src/errors.js";
import { Webview, type WebviewFlow } from "../../src/webview.js";

fc.configureGlobal({ seed: 42, numRuns: Number(process.env.FUZZ_RUNS ?? 100) });

const webview = new Webview({ baseUrl: "https://demo.biapi.pro/2.0", clientId: "1234", token: "permanent" });
const redirectUri = "https://app.example/callback";

/** The webview: reads its query as any server does, then redirects with the state percent-encoded or form-encoded. */
function simulateWebview(url: string, encoding: "percent" | "form"): string {
  const incoming = new URL(url).searchParams;
  const back = { connection_id: "42", state: incoming.get("state") ?? "" };
  const query =
    encoding === "form"
      ? new URLSearchParams(back).toString()
      : Object.entries(back)
          .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
          .join("&");
  return `${incoming.get("redirect_uri")}?${query}`;
}

function onlyBudgeaErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof BudgeaError)) throw error;
  }
}

describe("webview fuzzing", () => {
  it("state round-trips exactly for any well-formed string, both ways a webview may encode it", () => {
    const anyState = fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string());
    fc.assert(
      fc.property(
        anyState,
        fc.constantFrom<WebviewFlow>("connect", "transfer"),
        fc.constantFrom("percent", "form"),
        (state, flow, encoding) => {
          const url = webview.url(
            flow,
            { redirectUri, code: "temp", state },
            { form: flow === "transfer" ? "current" : "legacy" },
          );
          const result = webview.parseCallback(simulateWebview(url, encoding as "percent" | "form"));
          expect(result).toEqual({ ok: true, connectionId: 42, state });
        },
      ),
    );
  });

  it("a state holding a lone surrogate is refused up front (it cannot be URL-encoded)", () => {
    const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
    fc.assert(
      fc.property(codeUnits, (state) => {
        try {
          const url = webview.url("connect", { redirectUri, state });
          expect(webview.parseCallback(simulateWebview(url, "percent"))).toMatchObject({ state });
        } catch (error) {
          expect(error).toBeInstanceOf(WebviewParamsError);
          expect(state).toMatch(/[\uD800-\uDFFF]/);
        }
      }),
    );
  });

  it("url() raises only BudgeaErrors for arbitrary flows, params and options", () => {
    const params = fc.dictionary(
      fc.constantFrom(
        "clientId",
        "redirectUri",
        "code",
        "state",
        "connectionId",
        "connectorIds",
        "connectorUuids",
        "resetCredentials",
        "transferId",
        "accountTypes",
        "other",
      ),
      fc.anything(),
    );
    const flow = fc.oneof(fc.constantFrom("connect", "reconnect", "manage", "transfer"), fc.anything());
    const option = <T>(...likely: T[]) => fc.oneof(fc.constantFrom(...likely), fc.anything());
    const options = fc.record(
      {
        form: option("legacy", "current"),
        lang: option("fr", "en"),
        domain: option("x.biapi.pro"),
        webviewUrl: option("http://127.0.0.1:1"),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(flow, fc.oneof(params, fc.constant({ code: "c" }), fc.anything()), options, (f, p, o) =>
        onlyBudgeaErrors(() => webview.url(f as WebviewFlow, p as never, o as never)),
      ),
    );
  });

  it("parseCallback() raises only BudgeaErrors for arbitrary input", () => {
    const query = fc.dictionary(
      fc.constantFrom("connection_id", "connection_ids", "code", "state", "error", "error_description", "transfer_id"),
      fc.string({ unit: "binary" }),
    );
    const input = fc.oneof(
      fc.string({ unit: "binary" }),
      query.map((q) => `https://app.example/cb?${new URLSearchParams(q)}`),
      query.map((q) => new URLSearchParams(q)),
      fc.anything(),
    );
    fc.assert(fc.property(input, (i) => onlyBudgeaErrors(() => webview.parseCallback(i as string))));
  });
});
