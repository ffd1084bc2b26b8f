import type { Field } from "../models.js";
import { HtmlPage } from "../http/reply.js";
import { WEBVIEW_IDS } from "./ids.js";
import type { Lang } from "./i18n.js";

/** Plain HTML, no script: forms post back to the sandbox. Everything interpolated is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function page(
  lang: Lang,
  step: string,
  title: string,
  content: string,
  status = 200,
  refreshSeconds?: number,
): HtmlPage {
  const refresh = refreshSeconds === undefined ? "" : `<meta http-equiv="refresh" content="${refreshSeconds}">`;
  return new HtmlPage(
    status,
    `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${refresh}
<title>${escapeHtml(title)} · Budgea sandbox</title></head>
<body><main id="${step}"><h1>${escapeHtml(title)}</h1>
${content}
</main></body></html>`,
  );
}

export function form(action: string, hidden: Record<string, string>, body: string): string {
  const inputs = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<form method="post" action="${escapeHtml(action)}">${inputs}\n${body}\n</form>`;
}

export function errorLine(message: string | undefined): string {
  return message ? `<p id="${WEBVIEW_IDS.error}" role="alert">${escapeHtml(message)}</p>` : "";
}

export function submitButtons(submitLabel: string, submitAction: string, cancelLabel: string | undefined): string {
  const submit = `<button type="submit" id="${WEBVIEW_IDS.submit}" name="action" value="${escapeHtml(submitAction)}">${escapeHtml(submitLabel)}</button>`;
  const cancel = cancelLabel
    ? ` <button type="submit" id="${WEBVIEW_IDS.cancel}" name="action" value="cancel" formnovalidate>${escapeHtml(cancelLabel)}</button>`
    : "";
  return `<p>${submit}${cancel}</p>`;
}

/** A bank field as a form control: text/password inputs (with the field's regex as `pattern`), a select for lists. */
export function fieldControl(field: Field): string {
  const id = WEBVIEW_IDS.field(field.name);
  const label = `<label for="${id}">${escapeHtml(field.label)}</label>`;
  if (field.type === "hidden") return "";
  if (field.type === "list") {
    const options = (field.values ?? [])
      .map(
        (v) =>
          `<option value="${escapeHtml(v.value)}"${v.value === field.value ? " selected" : ""}>${escapeHtml(v.label)}</option>`,
      )
      .join("");
    return `<p>${label} <select id="${id}" name="${escapeHtml(field.name)}">${options}</select></p>`;
  }
  const type = field.type === "password" ? "password" : "text";
  const pattern = field.regex ? ` pattern="${escapeHtml(field.regex.replace(/^\^|\$$/g, ""))}"` : "";
  const required = field.required ? " required" : "";
  return `<p>${label} <input id="${id}" name="${escapeHtml(field.name)}" type="${type}" autocomplete="off"${pattern}${required}></p>`;
}
