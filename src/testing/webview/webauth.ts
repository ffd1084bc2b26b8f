import { bankById } from "../banks/catalog.js";
import { completeSync } from "../connections/flow.js";
import type { Fields } from "../http/body.js";
import { optionalString } from "../http/fields.js";
import { HtmlPage, Redirect } from "../http/reply.js";
import type { World } from "../state/world.js";
import { errorLine, escapeHtml, form, page, submitButtons } from "./html.js";
import { strings } from "./i18n.js";
import { WEBVIEW_IDS } from "./ids.js";
import { donePage, errorPage } from "./pages.js";
import { callbackUrl, isRegisteredRedirect } from "./redirect.js";

/**
 * `/webauth?id_connection=…&redirect_uri=…&state=…`: the bank's own authorization page for a connection in
 * `webauthRequired` (Webauth Bank). Approving syncs it and redirects with `connection_id` and `state`;
 * refusing redirects with `error=access_denied`.
 */
export function webauthPage(world: World, query: Fields): HtmlPage {
  const checked = check(world, query);
  if (checked instanceof HtmlPage) return checked;
  const t = strings("en");
  const hidden = {
    id_connection: String(checked.id),
    redirect_uri: checked.redirectUri ?? "",
    state: checked.state ?? "",
  };
  return page(
    "en",
    WEBVIEW_IDS.steps.webauth,
    t.webauth,
    errorLine(undefined) +
      form(
        "/2.0/webauth",
        hidden,
        `<p>${escapeHtml(checked.bankName)}</p>` + submitButtons(t.approve, "approve", t.cancel),
      ),
  );
}

export function webauthAnswer(world: World, body: Fields): HtmlPage | Redirect {
  const checked = check(world, body);
  if (checked instanceof HtmlPage) return checked;
  const approved = optionalString(body, "action") === "approve";
  const connection = world.store.connections.get(checked.id)!;
  if (approved) completeSync(world, connection);
  if (!checked.redirectUri) return donePage("en");
  const params = approved
    ? { connection_id: String(checked.id), state: checked.state }
    : { error: "access_denied", error_description: "The user refused the authorization", state: checked.state };
  return new Redirect(callbackUrl(checked.redirectUri, params));
}

function check(world: World, fields: Fields) {
  const id = Number(optionalString(fields, "id_connection"));
  const connection = world.store.connections.get(id);
  if (!connection || connection.state !== "webauthRequired")
    return errorPage("en", 400, "No connection waits for an authorization here");
  const redirectUri = optionalString(fields, "redirect_uri") || undefined;
  if (redirectUri !== undefined && !isRegisteredRedirect(world.credentials.redirectUris, redirectUri)) {
    return errorPage("en", 400, "redirect_uri is not registered for this client");
  }
  const state = fields.has_state === "0" ? undefined : optionalString(fields, "state");
  return { id, redirectUri, state, bankName: bankById(connection.connectorId)?.name ?? "" };
}
