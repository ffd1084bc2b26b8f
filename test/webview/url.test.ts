import { InvalidOptionsError, WebviewParamsError } from "../../src/errors.js";
import { Webview } from "../../src/webview.js";

const TOKEN = "permanent-token-canary";
const webview = new Webview({ baseUrl: "https://demo.biapi.pro/2.0", clientId: "1234", token: TOKEN });
const redirectUri = "https://app.example/budgea/callback";
const REDIRECT = encodeURIComponent(redirectUri);

function paramsOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

function refusal(build: () => unknown): WebviewParamsError {
  try {
    build();
  } catch (error) {
    if (error instanceof WebviewParamsError) return error;
    throw error;
  }
  throw new Error("expected a WebviewParamsError");
}

describe("webview.url: the legacy form on the API's domain", () => {
  it("builds connect with every filter, lists joined with commas", () => {
    const url = webview.url("connect", {
      redirectUri,
      code: "temp/code+1=",
      state: "s",
      connectorIds: [59, 40],
      connectorCapabilities: ["bank", "document"],
      accountIbans: ["FR7613104837940530029000016"],
      accountTypes: ["checking", "savings"],
      accountUsages: ["PRIV"],
    });
    expect(url).toBe(
      `https://demo.biapi.pro/2.0/auth/webview/connect?client_id=1234&redirect_uri=${REDIRECT}&code=temp%2Fcode%2B1%3D` +
        "&connector_ids=59,40&connector_capabilities=bank,document&account_ibans=FR7613104837940530029000016" +
        "&account_types=checking,savings&account_usages=PRIV&state=s",
    );
  });

  it("builds reconnect, manage and transfer with the language", () => {
    expect(
      webview.url("reconnect", { redirectUri, code: "c", connectionId: 7, resetCredentials: true }, { lang: "fr" }),
    ).toBe(
      `https://demo.biapi.pro/2.0/auth/webview/fr/reconnect?client_id=1234&redirect_uri=${REDIRECT}&code=c&connection_id=7&reset_credentials=true`,
    );
    expect(webview.url("manage", { code: "c" }, { lang: "en" })).toBe(
      "https://demo.biapi.pro/2.0/auth/webview/en/manage?client_id=1234&code=c",
    );
    expect(webview.url("transfer", { redirectUri, code: "c", transferId: 12, state: "t" })).toBe(
      `https://demo.biapi.pro/2.0/auth/webview/transfer?client_id=1234&redirect_uri=${REDIRECT}&code=c&transfer_id=12&state=t`,
    );
  });

  it("works on a sandbox base URL", () => {
    const local = new Webview({ baseUrl: "http://127.0.0.1:4010/2.0/", clientId: 9 });
    expect(local.url("manage", { code: "c" })).toBe("http://127.0.0.1:4010/2.0/auth/webview/manage?client_id=9&code=c");
  });
});

describe("webview.url: the current form on webview.powens.com", () => {
  it("passes the domain, the host of the base URL", () => {
    expect(webview.url("connect", { redirectUri, connectorUuids: ["a-b"] }, { form: "current", lang: "fr" })).toBe(
      `https://webview.powens.com/fr/connect?domain=demo.biapi.pro&client_id=1234&redirect_uri=${REDIRECT}&connector_uuids=a-b`,
    );
  });

  it("takes another webview origin or domain", () => {
    const url = webview.url(
      "manage",
      { code: "c" },
      { form: "current", webviewUrl: "http://127.0.0.1:5000/", domain: "x.biapi.pro" },
    );
    expect(url).toBe("http://127.0.0.1:5000/manage?domain=x.biapi.pro&client_id=1234&code=c");
  });
});

describe("webview.url parameters", () => {
  it("URL-encodes every value, state included", () => {
    const state = "a b&c=d/é?#+%";
    const url = webview.url("connect", { redirectUri, state, accountTypes: ["a,b c"] });
    expect(paramsOf(url)).toMatchObject({ state, account_types: "a,b c", redirect_uri: redirectUri });
    expect(url).not.toContain(" ");
  });

  it("defaults clientId to the client's, and lets a call override it", () => {
    expect(paramsOf(webview.url("manage", { code: "c" })).client_id).toBe("1234");
    expect(paramsOf(webview.url("manage", { code: "c", clientId: 55 })).client_id).toBe("55");
    const anonymous = new Webview({ baseUrl: "https://demo.biapi.pro/2.0" });
    expect(refusal(() => anonymous.url("manage", { code: "c" })).param).toBe("clientId");
  });

  it("requires each flow's parameters, in the types and at run time", () => {
    // @ts-expect-error connect needs redirectUri
    expect(refusal(() => webview.url("connect", {})).param).toBe("redirectUri");
    // @ts-expect-error reconnect needs connectionId
    expect(refusal(() => webview.url("reconnect", { redirectUri, code: "c" })).param).toBe("connectionId");
    // @ts-expect-error manage needs code
    expect(refusal(() => webview.url("manage", { redirectUri })).param).toBe("code");
    // @ts-expect-error transfer needs code
    expect(refusal(() => webview.url("transfer", { redirectUri })).message).toBe(
      "webview: `code` is required by `transfer`",
    );
  });

  it("refuses connectorIds with connectorUuids, in the types and at run time", () => {
    // @ts-expect-error the two filters are exclusive
    const error = refusal(() => webview.url("connect", { redirectUri, connectorIds: [1], connectorUuids: ["u"] }));
    expect(error.message).toContain("exclusive");
  });

  it("refuses a parameter of another flow, or a snake_case name", () => {
    // @ts-expect-error transferId belongs to transfer
    expect(refusal(() => webview.url("connect", { redirectUri, transferId: 1 })).param).toBe("transferId");
    // @ts-expect-error our API is camelCase
    const error = refusal(() => webview.url("connect", { redirect_uri: redirectUri }));
    expect(error.message).toContain("redirectUri");
  });

  it("refuses a redirectUri with a query string (use state), a fragment, or a relative one", () => {
    const query = refusal(() => webview.url("connect", { redirectUri: `${redirectUri}?next=/home` }));
    expect(query.message).toBe("webview: `redirectUri` must not carry a query string: carry your data in `state`");
    expect(refusal(() => webview.url("connect", { redirectUri: `${redirectUri}#x` })).param).toBe("redirectUri");
    expect(refusal(() => webview.url("connect", { redirectUri: "/callback" })).param).toBe("redirectUri");
    expect(webview.url("connect", { redirectUri: "myapp://budgea/done" })).toContain(
      "redirect_uri=myapp%3A%2F%2Fbudgea%2Fdone",
    );
  });

  it("refuses a redirectUri a browser or a parser could read another way: unsafe scheme, no host, user info, spaces, backslashes", () => {
    const refused = [
      "javascript:alert(1)",
      "javascript://app.example/%0Aalert(1)",
      "data:text/html,<script>x</script>",
      "file:///etc/passwd",
      "https:app.example/callback",
      "mailto:me@app.example",
      "https://user:pass@app.example/callback",
      "https://app.example@evil.example/callback",
      "https://app.example\\@evil.example/callback",
      " https://app.example/callback",
      "https://app.example/call back",
      "https://app.example/callback\n",
    ];
    for (const uri of refused) {
      expect({ uri, param: refusal(() => webview.url("connect", { redirectUri: uri })).param }).toEqual({
        uri,
        param: "redirectUri",
      });
    }
    for (const uri of ["https://app.example/cb", "http://127.0.0.1:8080/cb", "com.example.app://budgea/done"]) {
      expect(paramsOf(webview.url("connect", { redirectUri: uri })).redirect_uri).toBe(uri);
    }
  });

  it("refuses the client's permanent token as code, without showing it", () => {
    const error = refusal(() => webview.url("manage", { code: TOKEN }));
    expect(error.param).toBe("code");
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  });

  it("refuses malformed values, naming the parameter", () => {
    const cases: [string, () => unknown][] = [
      ["connectionId", () => webview.url("reconnect", { redirectUri, code: "c", connectionId: 1.5 })],
      ["connectorIds", () => webview.url("connect", { redirectUri, connectorIds: [] })],
      ["connectorIds", () => webview.url("connect", { redirectUri, connectorIds: ["59" as never] })],
      [
        "resetCredentials",
        () => webview.url("reconnect", { redirectUri, code: "c", connectionId: 1, resetCredentials: "yes" as never }),
      ],
      ["code", () => webview.url("manage", { code: "" })],
      ["state", () => webview.url("manage", { code: "c", state: "\uD800" })],
      ["lang", () => webview.url("manage", { code: "c" }, { lang: "../x" })],
      ["form", () => webview.url("manage", { code: "c" }, { form: "new" as never })],
      ["flow", () => webview.url("delete" as never, { code: "c" } as never)],
      ["params", () => webview.url("manage", null as never)],
    ];
    for (const [param, build] of cases) expect(refusal(build).param).toBe(param);
  });

  it("needs a base URL", () => {
    expect(() => new Webview({} as never)).toThrow(InvalidOptionsError);
  });
});
