/**
 * The example app's server side: serves the page on `/` and `/callback` (the registered redirect URI, on
 * loopback: the sandbox accepts any port), and `POST /api/link`, where the webview's `code` becomes the
 * user's permanent token with the client secret — kept here, never sent to the browser.
 */
import { Budgea } from "../../../src/index.js";
import type { Sandbox } from "../../../src/testing/index.js";
import { type AppServer, type Reply, pageHtml, startAppServer } from "./app-server.js";

export interface LinkedUser {
  code: string;
  token: string;
  type: string;
  idUser: number;
  connectionId: number;
}

export interface WebviewApp extends AppServer {
  /** Every code exchanged, with the permanent token it gave. */
  linked: LinkedUser[];
}

export async function startWebviewApp(sb: Sandbox, markup: string, script: string): Promise<WebviewApp> {
  const server = new Budgea({ baseUrl: sb.url, clientId: sb.clientId, clientSecret: sb.clientSecret });
  const linked: LinkedUser[] = [];
  const page = (): Reply => ({
    type: "html",
    body: pageHtml("Budget app", markup, { apiUrl: sb.url, clientId: sb.clientId }),
  });
  const app = await startAppServer({
    "GET /": page,
    "GET /callback": page,
    "GET /app.js": () => ({ type: "js", body: script }),
    "POST /api/link": async (_url, body) => {
      const { code, connectionId } = body as { code: string; connectionId: number };
      const grant = await server.auth.exchange({ code });
      const owner = server.withToken(grant.token);
      const connection = await owner.connections.get(connectionId);
      const { data: bank } = await owner.api.GET("/connectors/{id_connector}", {
        params: { path: { id_connector: connection.id_connector } },
      });
      const { data } = await owner.api.GET("/users/{id_user}/accounts", { params: { path: { id_user: "me" } } });
      linked.push({ code, token: grant.token, type: grant.type, idUser: grant.idUser!, connectionId });
      const reply = { idUser: grant.idUser, connectionId, bank: bank.name, accounts: data.accounts.length };
      return { type: "json", body: JSON.stringify(reply) };
    },
  });
  return { ...app, linked };
}
