import { issueToken } from "../auth/tokens.js";
import { bankById } from "../banks/catalog.js";
import { completeSync, createConnection, deleteConnection, resumeConnection } from "../connections/flow.js";
import type { Fields } from "../http/body.js";
import { ApiError } from "../http/errors.js";
import { optionalString } from "../http/fields.js";
import { HtmlPage, Redirect } from "../http/reply.js";
import type { ConnectionRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { donePage, errorPage, renderStep } from "./pages.js";
import { callbackUrl } from "./redirect.js";
import type { WebviewSession } from "./session.js";

/** A form posted by a webview page: `action` says which button, `session` whose flow. */
export function postStep(world: World, body: Fields): HtmlPage | Redirect {
  const session = world.store.webviewSessions.get(optionalString(body, "session") ?? "");
  if (!session) return errorPage("en", 400, "This webview session has ended");
  const action = optionalString(body, "action") ?? "";
  session.error = undefined;
  if (action === "cancel")
    return finish(world, session, { error: "access_denied", error_description: "The user cancelled the flow" });
  try {
    return act(world, session, action, body);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    session.error = error.message;
    if (error.code === "wrongpass") session.step = "credentials";
    return renderStep(world, session);
  }
}

/** Shows the current step again (the waiting page refreshes itself with a GET). */
export function showStep(world: World, sessionId: string): HtmlPage | Redirect {
  const session = world.store.webviewSessions.get(sessionId);
  if (!session) return errorPage("en", 400, "This webview session has ended");
  return session.step === "waiting" ? advance(world, session) : renderStep(world, session);
}

function act(world: World, session: WebviewSession, action: string, body: Fields): HtmlPage | Redirect {
  const connection = () => world.store.connections.get(session.connectionId ?? -1);
  switch (action) {
    case "select": {
      const id = Number(optionalString(body, "connector_id"));
      if (!session.connectorIds.includes(id)) throw new ApiError(400, "invalidValue", "Choose a bank from the list");
      Object.assign(session, { bankId: id, step: "credentials", connectionId: undefined });
      return renderStep(world, session);
    }
    case "credentials": {
      const existing = connection();
      if (existing) resumeConnection(world, existing, body);
      else session.connectionId = createConnection(world, user(world, session), bankById(session.bankId!)!, body).id;
      return advance(world, session);
    }
    case "additional":
      resumeConnection(world, connection()!, body);
      return advance(world, session);
    case "poll":
      return advance(world, session);
    case "webauth":
      completeSync(world, connection()!);
      return advance(world, session);
    case "accounts":
      return shareAccounts(world, session, body);
    case "add":
      Object.assign(session, { fromManage: true, step: "select", connectionId: undefined, bankId: undefined });
      return renderStep(world, session);
    case "close":
      return finish(world, session, {});
    default:
      if (action.startsWith("delete:")) {
        const target = world.store.connections.get(Number(action.slice(7)));
        if (target && target.idUser === session.idUser) deleteConnection(world, target);
        return renderStep(world, session);
      }
      throw new ApiError(400, "invalidValue", "Unknown action");
  }
}

/** Moves the session to the step the connection's state calls for. */
function advance(world: World, session: WebviewSession): HtmlPage | Redirect {
  const connection = world.store.connections.get(session.connectionId ?? -1);
  if (!connection) return renderStep(world, session);
  if (connection.state === "SCARequired") resumeConnection(world, connection, {});
  session.step = stepFor(connection);
  if (session.step === "credentials") session.error = connection.errorMessage;
  if (connection.state === null && session.flow === "reconnect") return finish(world, session, {});
  return renderStep(world, session);
}

function stepFor(connection: ConnectionRecord): WebviewSession["step"] {
  switch (connection.state) {
    case null:
      return "accounts";
    case "additionalInformationNeeded":
      return "additional";
    case "decoupled":
    case "validating":
      return "waiting";
    case "webauthRequired":
      return "webauth";
    default:
      return "credentials";
  }
}

function shareAccounts(world: World, session: WebviewSession, body: Fields): HtmlPage | Redirect {
  const connection = world.store.connections.get(session.connectionId!)!;
  for (const account of world.store.accountsOf(connection.id)) {
    if (body[`account_${account.id}`] !== undefined) account.disabled = undefined;
  }
  world.webhooks.connectionSynced(connection);
  if (session.fromManage) {
    Object.assign(session, { step: "manage", fromManage: false, connectionId: undefined });
    return renderStep(world, session);
  }
  return finish(world, session, { connection_id: String(connection.id) });
}

/** Ends the flow: back to the redirect URI with `state` exactly as received (and `code` for a new user). */
function finish(world: World, session: WebviewSession, params: Record<string, string>): HtmlPage | Redirect {
  world.store.webviewSessions.delete(session.id);
  const success = params.error === undefined;
  const code =
    success && session.flow === "connect" && !session.codeGiven
      ? issueToken(world, "code", session.idUser, "requestAccess").value
      : undefined;
  if (session.redirectUri === undefined) return donePage(session.lang);
  return new Redirect(callbackUrl(session.redirectUri, { ...params, code, state: session.state }));
}

function user(world: World, session: WebviewSession) {
  return world.store.users.get(session.idUser)!;
}
