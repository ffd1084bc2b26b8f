import { Budgea, WebviewCallbackError } from "budgea";

const budgea = new Budgea({ domain: "demo", clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET });

// 1. Send the user to the webview: a single-use code (never the permanent token), a state bound to the session.
const user = budgea.withToken(await loadUserToken());
const { code } = await user.auth.code({ type: "singleAccess" });
const state = crypto.randomUUID();
await saveInSession("webview-state", state);
const options = { lang: "fr" }; // { form: "current" }: the webview.powens.com form
const redirectUri = "https://app.example/budgea/callback"; // no query string: carry your data in `state`
redirect(user.webview.url("connect", { redirectUri, code, state, connectorCapabilities: ["bank"] }, options));

// 2. Back on https://app.example/budgea/callback?connection_id=…&state=…
try {
  const result = budgea.webview.parseCallback(currentUrl(), { expectedState: await loadFromSession("webview-state") });
  // Error codes added after this release come with `known: false`: handle them generically.
  if (result.ok) show(`Bank connected (connection ${result.connectionId})`);
  else if (!result.known) show(`The webview failed: ${result.error}`);
  else if (result.error === "access_denied") show("You cancelled.");
  else show("Something went wrong, please try again.");
} catch (error) {
  if (error instanceof WebviewCallbackError) show("This link is not valid any more.");
  else throw error;
}

declare function loadUserToken(): Promise<string>;
declare function saveInSession(key: string, value: string): Promise<void>;
declare function loadFromSession(key: string): Promise<string>;
declare function redirect(url: string): void;
declare function currentUrl(): string;
declare function show(message: string): void;
