import { Auth, BudgeaClient, Webview } from "budgea";

// A browser page that needs only a user and the webview: the core client, and the two workflows it uses.
// (`new Budgea()` is the core with every workflow on it; this import leaves the others out of your bundle.)
const client = new BudgeaClient({ domain: "demo", clientId: 17 });
const { token } = await new Auth(client).init();
const user = client.withToken(token);
const { code } = await new Auth(user).code({ type: "singleAccess" });
const webview = new Webview({ baseUrl: user.baseUrl, clientId: 17, token });
console.log(webview.url("connect", { redirectUri: "https://app.example/callback", code }).split("?")[0]);

// Every endpoint is there, typed, with per-call options: a timeout, a retry budget, another token (or none).
const { data, response } = await user.api.GET("/users/{id_user}/accounts", {
  params: { path: { id_user: "me" } },
  timeoutMs: 10_000,
  maxRetries: 0,
});
console.log(data.accounts.length, response.status, response.bodyUsed); // the client read the body for you

// A DELETE may answer without a body (204, or an empty 200): `data` is then undefined, and it is a success.
const revoked = await user.api.DELETE("/auth/token");
console.log(revoked.response.ok); // true, with or without a body
