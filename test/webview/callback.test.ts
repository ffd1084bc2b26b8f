import { WebviewCallbackDuplicateError, WebviewCallbackError, WebviewCallbackUnrecognizedError } from "../../src/errors.js";
import { Webview, type WebviewCallback, parseWebviewCallback } from "../../src/webview.js";

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

const webview = new Webview({ baseUrl: "https://demo.biapi.pro/2.0", clientId: "1234" });
const callback = "https://app.example/budgea/callback";

describe("webview.parseCallback", () => {
  it("reads a connect success: the connection, the URL-encoded code, the state", () => {
    const result = webview.parseCallback(`${callback}?connection_id=17&code=ab%2Fc%2B%3D&state=x%20y`);
    expect(result).toEqual({ ok: true, connectionId: 17, code: "ab/c+=", state: "x y" });
  });

  it("reads reconnect and manage (state only), transfers and several connections", () => {
    expect(webview.parseCallback(`${callback}?state=s`)).toEqual({ ok: true, state: "s" });
    expect(webview.parseCallback(`${callback}?transfer_id=5`)).toEqual({ ok: true, transferId: 5 });
    expect(webview.parseCallback(`${callback}?connection_ids=1,2,3`)).toEqual({ ok: true, connectionIds: [1, 2, 3] });
    expect(webview.parseCallback(`${callback}?id_connection=4`)).toEqual({ ok: true, connectionId: 4 }); // webview v3
  });

  it("types the documented error codes", () => {
    for (const error of ["access_denied", "server_error", "tos_declined"] as const) {
      const result = webview.parseCallback(`${callback}?error=${error}&error_description=Nope&state=s`);
      expect(result).toEqual({ ok: false, known: true, error, description: "Nope", state: "s" });
    }
  });

  it("falls back to a generic case for a code it does not know (forward compatibility)", () => {
    const result = webview.parseCallback(`${callback}?error=consent_expired`);
    expect(result).toEqual({ ok: false, known: false, error: "consent_expired" });
    expect(describe_(result)).toBe("something went wrong (consent_expired)");
  });

  it("takes a URL object, URLSearchParams, a query string with or without ?, a relative URL", () => {
    const expected = { ok: true, connectionId: 3, state: "s" };
    for (const input of [
      new URL(`${callback}?connection_id=3&state=s`),
      new URLSearchParams({ connection_id: "3", state: "s" }),
      "?connection_id=3&state=s",
      "connection_id=3&state=s",
      "/budgea/callback?connection_id=3&state=s#top",
      "myapp://done?connection_id=3&state=s",
    ]) {
      expect(parseWebviewCallback(input)).toEqual(expected);
    }
  });

  it("keeps an empty state, and treats other empty parameters as absent", () => {
    expect(webview.parseCallback("?state=&code=&connection_id=")).toEqual({ ok: true, state: "" });
  });

  it("refuses a parameter given twice, whichever it is, with its own error naming it", () => {
    const repeated = [
      ["state", "?state=a&state=b"],
      ["state", "?state=a&connection_id=1&state=a"],
      ["connection_id", "?connection_id=1&connection_id=2&state=s"],
      ["error", "?error=access_denied&error=server_error"],
      ["code", `${callback}?code=a&code=a`],
      ["utm_source", "?connection_id=1&utm_source=x&utm_source=y"],
    ];
    for (const [param, input] of repeated) {
      const error = catchError(() => webview.parseCallback(input!));
      expect(error).toBeInstanceOf(WebviewCallbackDuplicateError);
      expect(error).toBeInstanceOf(WebviewCallbackError);
      expect((error as WebviewCallbackDuplicateError).param).toBe(param);
    }
    const params = new URLSearchParams([["state", "a"], ["state", "b"]]);
    expect(() => parseWebviewCallback(params, { expectedState: "a" })).toThrow(WebviewCallbackDuplicateError);
  });

  it("never reports success for input that is not a callback: none of a callback's parameters", () => {
    for (const input of [callback, `${callback}?utm_source=mail`, "", "?", "foo", "?code=&connection_id=", `${callback}#connection_id=1`]) {
      const error = catchError(() => webview.parseCallback(input));
      expect({ input, error }).toEqual({ input, error: expect.any(WebviewCallbackUnrecognizedError) });
    }
  });

  it("checks the state against the one sent when asked", () => {
    expect(webview.parseCallback("?state=abc", { expectedState: "abc" })).toEqual({ ok: true, state: "abc" });
    expect(() => webview.parseCallback("?state=abd", { expectedState: "abc" })).toThrow(WebviewCallbackError);
    expect(() => webview.parseCallback("?connection_id=1", { expectedState: "abc" })).toThrow(WebviewCallbackError);
  });

  it("refuses every callback when expectedState is given but undefined (the state stored was lost), never skips it", () => {
    const lost: { state?: string } = {}; // e.g. an expired session
    for (const input of ["?connection_id=1&state=evil", "?connection_id=1"]) {
      expect(() => webview.parseCallback(input, { expectedState: lost.state })).toThrow(
        "`expectedState` is undefined",
      );
    }
    expect(webview.parseCallback("?connection_id=1")).toEqual({ ok: true, connectionId: 1 }); // not asked: not checked
  });

  it("refuses malformed ids and input that is not a URL or query, with a typed error", () => {
    for (const input of ["?connection_id=abc", "?connection_id=-1", "?connection_ids=1,,2", "?transfer_id=1e3"]) {
      expect(() => webview.parseCallback(input)).toThrow(WebviewCallbackError);
    }
    for (const input of [null, undefined, 42, {}, ["?a=b"]]) {
      expect(() => webview.parseCallback(input as never)).toThrow(WebviewCallbackError);
    }
  });
});

/** What an app does with the result: the discriminated union narrows without casts. */
function describe_(result: WebviewCallback): string {
  if (result.ok) return `connected ${result.connectionId ?? "?"}`;
  if (!result.known) return `something went wrong (${result.error})`;
  switch (result.error) {
    case "access_denied":
      return "you cancelled";
    case "tos_declined":
      return "terms declined";
    case "server_error":
      return "try again later";
  }
}
