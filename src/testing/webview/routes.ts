import { optionalString } from "../http/fields.js";
import { Redirect } from "../http/reply.js";
import { type Ctx, type Route, extraRoute } from "../http/router.js";
import { langOf, preferredLang } from "./i18n.js";
import { errorPage } from "./pages.js";
import type { WebviewFlow } from "./session.js";
import { startFlow } from "./start.js";
import { postStep, showStep } from "./steps.js";
import { webauthAnswer, webauthPage } from "./webauth.js";

const FLOWS: WebviewFlow[] = ["connect", "reconnect", "manage"];

/** The sandbox's minimal webview (`/auth/webview/{lang?}/connect|reconnect|manage`) and bank `/webauth`. */
export function webviewRoutes(): Route[] {
  return [
    extraRoute("get", "/auth/webview/{flow}", "public", (ctx) => {
      const lang = preferredLang(ctx.req.headers["accept-language"]);
      const query = new URL(ctx.req.url ?? "/", "http://x").search;
      return new Redirect(`/2.0/auth/webview/${lang}/${encodeURIComponent(ctx.params.flow!)}${query}`);
    }),
    extraRoute("get", "/auth/webview/{lang}/{flow}", "public", (ctx) => {
      const lang = langOf(ctx.params.lang);
      const flow = FLOWS.find((f) => f === ctx.params.flow);
      if (!lang || !flow) return errorPage(lang ?? "en", 404, "No such webview page");
      const repeated = repeatedParam(ctx);
      if (repeated) return errorPage(lang, 400, `${repeated} is given more than once`); // RFC 6749 §3.1
      return startFlow(ctx.world, lang, flow, ctx.query);
    }),
    extraRoute("post", "/auth/webview/{lang}/step", "public", (ctx) => postStep(ctx.world, ctx.body)),
    extraRoute("get", "/auth/webview/{lang}/step", "public", (ctx: Ctx) =>
      showStep(ctx.world, optionalString(ctx.query, "session") ?? ""),
    ),
    extraRoute("get", "/webauth", "public", (ctx) => webauthPage(ctx.world, ctx.query)),
    extraRoute("post", "/webauth", "public", (ctx) => webauthAnswer(ctx.world, ctx.body)),
  ];
}

/** A parameter given twice (`redirect_uri`, `state`, …) is ambiguous: refused, never resolved to one value. */
function repeatedParam(ctx: Ctx): string | undefined {
  const names = [...new URL(ctx.req.url ?? "/", "http://x").searchParams.keys()];
  return names.find((name, i) => names.indexOf(name) !== i);
}
