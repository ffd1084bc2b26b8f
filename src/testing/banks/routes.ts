import type { Connector } from "../models.js";
import { expands } from "../http/fields.js";
import { invalidValue, notFound } from "../http/errors.js";
import { type Ctx, type Route, apiRoute } from "../http/router.js";
import { paginate } from "../http/paging.js";
import { BANKS, type SeededBank, bankById } from "./catalog.js";

/** `/banks` and `/connectors` (the same list), with `expand=fields`. Public, as in the docs' Hello World. */
export function bankRoutes(): Route[] {
  const list = (ctx: Ctx) => {
    const page = paginate(BANKS, ctx.query);
    return { items: page.items.map((b) => renderBank(b, expands(ctx.query).has("fields"))), total: page.total };
  };
  const one = (ctx: Ctx) => renderBank(findBank(ctx.params.id_connector), expands(ctx.query).has("fields"));
  return [
    apiRoute("get", "/banks", "public", (ctx) => {
      const page = list(ctx);
      return { banks: page.items, total: page.total };
    }),
    apiRoute("get", "/connectors", "public", (ctx) => {
      const page = list(ctx);
      return { connectors: page.items, total: page.total };
    }),
    apiRoute("get", "/connectors/{id_connector}", "public", one),
    apiRoute("get", "/banks/{id_connector}", "public", one), // the current API (today-endpoints)
  ];
}

export function renderBank(bank: SeededBank, withFields: boolean): Connector {
  return {
    id: bank.id,
    uuid: bank.uuid,
    name: bank.name,
    slug: bank.slug,
    code: String(10000 + bank.id),
    hidden: false,
    charged: true,
    beta: false,
    restricted: false,
    color: "1f6f8b",
    sync_frequency: 1,
    months_to_fetch: 12,
    auth_mechanism: bank.behaviour.kind === "webauth" ? "webauth" : "credentials",
    ...(withFields ? { fields: bank.fields } : {}),
  } satisfies Connector;
}

function findBank(raw: string | undefined): SeededBank {
  if (!raw || !/^\d+$/.test(raw)) throw invalidValue("id_connector", "expected a numeric id");
  const bank = bankById(Number(raw));
  if (!bank) throw notFound(`Connector ${raw}`);
  return bank;
}
