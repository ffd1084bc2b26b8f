import { createUser, isExpired } from "../auth/tokens.js";
import { bankById, bankByUuid } from "../banks/catalog.js";
import { randomAlnum } from "../core/random.js";
import type { Fields } from "../http/body.js";
import { optionalString } from "../http/fields.js";
import { HtmlPage, Redirect } from "../http/reply.js";
import type { UserRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { type Lang } from "./i18n.js";
import { ALL_BANK_IDS, errorPage, renderStep } from "./pages.js";
import { callbackUrl, isRegisteredRedirect } from "./redirect.js";
import type { WebviewFlow, WebviewSession } from "./session.js";

/**
 * Opening a webview URL: the client and redirect URI are checked first (failures are an error page, never
 * a redirect to an unchecked URI); other problems go back to the redirect URI with `error=invalid_request`.
 */
export function startFlow(world: World, lang: Lang, flow: WebviewFlow, query: Fields): HtmlPage | Redirect {
  const redirectUri = optionalString(query, "redirect_uri");
  const state = optionalString(query, "state");
  if (optionalString(query, "client_id") !== world.credentials.clientId)
    return errorPage(lang, 400, "Unknown client_id");
  if (redirectUri === undefined && flow !== "manage") return errorPage(lang, 400, "redirect_uri is required");
  if (redirectUri !== undefined && !isRegisteredRedirect(world.credentials.redirectUris, redirectUri)) {
    return errorPage(lang, 400, "redirect_uri is not registered for this client");
  }
  const refuse = (description: string) =>
    redirectUri === undefined
      ? errorPage(lang, 400, description)
      : new Redirect(callbackUrl(redirectUri, { error: "invalid_request", error_description: description, state }));
  const code = optionalString(query, "code");
  const user = code === undefined ? (flow === "connect" ? createUser(world) : undefined) : userOfCode(world, code);
  if (!user)
    return refuse(code === undefined ? "code is required" : "The code is invalid, expired, or not a temporary code");
  const connectorIds = allowedBanks(query);
  if (connectorIds === "both") return refuse("connector_ids and connector_uuids are mutually exclusive");
  if (connectorIds.length === 0) return refuse("No such connector");
  const session: WebviewSession = {
    id: randomAlnum(world.store.rng, 24),
    flow,
    lang,
    redirectUri,
    state,
    idUser: user.id,
    codeGiven: code !== undefined,
    connectorIds,
    step: flow === "manage" ? "manage" : connectorIds.length === 1 ? "credentials" : "select",
    fromManage: false,
    bankId: connectorIds.length === 1 ? connectorIds[0] : undefined,
  };
  if (flow === "reconnect") {
    const connection = world.store.connections.get(Number(optionalString(query, "connection_id")));
    if (!connection || connection.idUser !== user.id) return refuse("connection_id is missing or unknown");
    Object.assign(session, { connectionId: connection.id, bankId: connection.connectorId, step: "credentials" });
  }
  world.store.webviewSessions.set(session.id, session);
  return renderStep(world, session);
}

/**
 * A temporary code (or `/auth/init` token) names its user; a permanent token is refused, since it must never
 * travel in a URL. A single-access code is used up by opening the webview.
 */
function userOfCode(world: World, code: string): UserRecord | undefined {
  const token = world.store.tokens.get(code);
  if (!token || (token.kind !== "code" && token.kind !== "temporary")) return undefined;
  if (token.idUser === undefined || token.revokedAt !== undefined || token.consumedAt !== undefined) return undefined;
  if (isExpired(world, token)) return undefined;
  if (token.codeType === "singleAccess") token.consumedAt = world.clock.now();
  return world.store.users.get(token.idUser);
}

function allowedBanks(query: Fields): number[] | "both" {
  const ids = optionalString(query, "connector_ids");
  const uuids = optionalString(query, "connector_uuids");
  if (ids !== undefined && uuids !== undefined) return "both";
  if (ids !== undefined) return list(ids).flatMap((id) => bankById(Number(id))?.id ?? []);
  if (uuids !== undefined) return list(uuids).flatMap((uuid) => bankByUuid(uuid)?.id ?? []);
  return ALL_BANK_IDS;
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
