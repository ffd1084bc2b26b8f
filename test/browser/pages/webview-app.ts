/**
 * A partner's web app that never touches bank credentials: "Connect a bank" sends the user to the webview
 * (`webview.url("connect", …)`, a fresh `state` kept in sessionStorage); on `/callback` it reads the redirect
 * with `webview.parseCallback` against that state and hands the `code` to its own server, which exchanges it
 * for the user's permanent token and keeps it (the browser only sees what the server chooses to tell).
 */
import { Budgea, WebviewCallbackError } from "budgea";

interface Config {
  apiUrl: string;
  clientId: string;
}
/** What the app's server answers after exchanging the code. */
interface Linked {
  idUser: number;
  connectionId: number;
  bank: string;
  accounts: number;
}

const { apiUrl, clientId } = JSON.parse(document.getElementById("config")!.textContent!) as Config;
const budgea = new Budgea({ baseUrl: apiUrl, clientId });
const result = document.getElementById("result")!;
const STATE_KEY = "webview-state";

document.getElementById("connect-bank")!.addEventListener("click", () => {
  const state = crypto.randomUUID();
  sessionStorage.setItem(STATE_KEY, state);
  location.assign(budgea.webview.url("connect", { redirectUri: `${location.origin}/callback`, state }, { lang: "en" }));
});

async function onCallback(): Promise<void> {
  const expectedState = sessionStorage.getItem(STATE_KEY) ?? "";
  sessionStorage.removeItem(STATE_KEY);
  try {
    const callback = budgea.webview.parseCallback(location.href, { expectedState });
    if (!callback.ok) {
      result.textContent =
        callback.known && callback.error === "access_denied"
          ? "You cancelled."
          : `The webview failed: ${callback.error}`;
      return;
    }
    const response = await fetch("/api/link", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: callback.code, connectionId: callback.connectionId }),
    });
    if (!response.ok) throw new Error(`the server refused the code (${response.status})`);
    const linked = (await response.json()) as Linked;
    result.textContent = `Bank connected: ${linked.bank}, connection #${linked.connectionId} of user #${linked.idUser}, ${linked.accounts} accounts`;
  } catch (error) {
    result.textContent =
      error instanceof WebviewCallbackError
        ? "This link is not valid any more."
        : `Something went wrong: ${String(error)}`;
  }
}

if (location.pathname === "/callback") void onCallback();
