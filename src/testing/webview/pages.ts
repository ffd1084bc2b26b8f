import { bankById, BANKS } from "../banks/catalog.js";
import type { HtmlPage } from "../http/reply.js";
import type { World } from "../state/world.js";
import { errorLine, escapeHtml, fieldControl, form, page, submitButtons } from "./html.js";
import { type Lang, strings } from "./i18n.js";
import { WEBVIEW_IDS } from "./ids.js";
import type { WebviewSession } from "./session.js";

/** The page of a session's current step. */
export function renderStep(world: World, session: WebviewSession): HtmlPage {
  const t = strings(session.lang);
  const action = `/2.0/auth/webview/${session.lang}/step`;
  const inForm = (body: string) => form(action, { session: session.id }, body);
  const error = errorLine(session.error);
  const bank = session.bankId === undefined ? undefined : bankById(session.bankId);
  const connection = session.connectionId === undefined ? undefined : world.store.connections.get(session.connectionId);
  const ids = WEBVIEW_IDS.steps;
  switch (session.step) {
    case "select": {
      const options = session.connectorIds
        .map((id) => `<option value="${id}">${escapeHtml(bankById(id)!.name)}</option>`)
        .join("");
      const select = `<p><label for="${WEBVIEW_IDS.connectorSelect}">${t.bank}</label> <select id="${WEBVIEW_IDS.connectorSelect}" name="connector_id">${options}</select></p>`;
      return page(
        session.lang,
        ids.select,
        t.select,
        inForm(error + select + submitButtons(t.next, "select", t.cancel)),
      );
    }
    case "credentials":
      return page(
        session.lang,
        ids.credentials,
        `${t.credentials} ${bank?.name ?? ""}`,
        inForm(error + bank!.fields.map(fieldControl).join("\n") + submitButtons(t.next, "credentials", t.cancel)),
      );
    case "additional":
      return page(
        session.lang,
        ids.additional,
        t.additional,
        inForm(
          error +
            (connection?.fields ?? []).map(fieldControl).join("\n") +
            submitButtons(t.next, "additional", t.cancel),
        ),
      );
    case "waiting":
      return page(
        session.lang,
        ids.waiting,
        t.waiting,
        `<p>${t.waitingHint}</p>` + inForm(submitButtons(t.check, "poll", t.cancel)),
        200,
        1,
      );
    case "webauth":
      return page(
        session.lang,
        ids.webauth,
        t.webauth,
        inForm(`<p>${escapeHtml(bank?.name ?? "")}</p>` + submitButtons(t.approve, "webauth", t.cancel)),
      );
    case "accounts": {
      const boxes = world.store
        .accountsOf(session.connectionId!)
        .map(
          (a) =>
            `<p><input type="checkbox" id="${WEBVIEW_IDS.account(a.id)}" name="account_${a.id}" value="on" checked> <label for="${WEBVIEW_IDS.account(a.id)}">${escapeHtml(a.name)} (${escapeHtml(a.number)})</label></p>`,
        )
        .join("\n");
      return page(
        session.lang,
        ids.accounts,
        t.accounts,
        inForm(error + boxes + submitButtons(t.share, "accounts", t.cancel)),
      );
    }
    case "manage":
      return page(session.lang, ids.manage, t.manage, inForm(error + manageList(world, session, session.lang)));
  }
}

function manageList(world: World, session: WebviewSession, lang: Lang): string {
  const t = strings(lang);
  const rows = [...world.store.connections.values()]
    .filter((c) => c.idUser === session.idUser)
    .map(
      (c) =>
        `<li id="${WEBVIEW_IDS.connection(c.id)}">${escapeHtml(bankById(c.connectorId)?.name ?? "")} — ${escapeHtml(c.state ?? "ok")} ` +
        `<button type="submit" id="${WEBVIEW_IDS.deleteConnection(c.id)}" name="action" value="delete:${c.id}">${t.remove}</button></li>`,
    )
    .join("\n");
  return (
    `<ul>${rows}</ul>` +
    `<p><button type="submit" id="${WEBVIEW_IDS.addConnection}" name="action" value="add">${t.add}</button> ` +
    `<button type="submit" id="${WEBVIEW_IDS.close}" name="action" value="close">${t.close}</button></p>`
  );
}

export function donePage(lang: Lang): HtmlPage {
  return page(lang, WEBVIEW_IDS.steps.done, strings(lang).done, "");
}

export function errorPage(lang: Lang, status: number, message: string): HtmlPage {
  return page(lang, WEBVIEW_IDS.steps.error, strings(lang).error, errorLine(message), status);
}

export const ALL_BANK_IDS = BANKS.map((b) => b.id);
