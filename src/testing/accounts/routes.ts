import type { Account } from "../models.js";
import { domainWide, targetUser } from "../auth/users.js";
import { findConnection } from "../connections/routes.js";
import type { Fields } from "../http/body.js";
import { invalidValue, notFound } from "../http/errors.js";
import { flag, optionalBool, optionalString } from "../http/fields.js";
import { paginate } from "../http/paging.js";
import { type Ctx, type Route, apiRoute } from "../http/router.js";
import type { AccountRecord } from "../state/records.js";
import { canTransfer } from "../transfers/recipients.js";
import { investmentsOf, renderAccount } from "./render.js";
import { transactionPage } from "./transaction-list.js";

/**
 * Accounts, their transactions and investments. Lists hide disabled accounts unless `?all`; a
 * connection's `expand=accounts` shows them (that is where users activate them). Activating is a PUT with
 * `disabled=false` on one id or several (`/accounts/12,13`, the docs' `?all` form works too); it syncs the
 * account, so a webhook follows.
 */
export function accountRoutes(): Route[] {
  return [
    apiRoute("get", "/users/{id_user}/accounts", "user", (ctx) => listAccounts(ctx, userAccounts(ctx))),
    apiRoute("get", "/users/{id_user}/connections/{id_connection}/accounts", "user", (ctx) =>
      listAccounts(ctx, ctx.world.store.accountsOf(findConnection(ctx).id)),
    ),
    apiRoute("get", "/users/{id_user}/accounts/{id_account}", "user", (ctx) =>
      renderAccount(ctx.world, findAccounts(ctx)[0]!, ctx.query),
    ),
    apiRoute("get", "/users/{id_user}/connections/{id_connection}/accounts/{id_account}", "user", (ctx) =>
      renderAccount(ctx.world, findAccounts(ctx)[0]!, ctx.query),
    ),
    apiRoute("put", "/users/{id_user}/accounts/{id_account}", "user", updateAccounts),
    apiRoute("post", "/users/{id_user}/accounts/{id_account}", "user", updateAccounts), // the current API's update
    apiRoute("put", "/users/{id_user}/connections/{id_connection}/accounts/{id_account}", "user", updateAccounts),
    apiRoute("get", "/users/{id_user}/accounts/{id_account}/transactions", "user", (ctx) =>
      transactionPage(ctx.world, findAccounts(ctx)[0]!, ctx.path, ctx.query),
    ),
    apiRoute("get", "/users/{id_user}/connections/{id_connection}/accounts/{id_account}/transactions", "user", (ctx) =>
      transactionPage(ctx.world, findAccounts(ctx)[0]!, ctx.path, ctx.query),
    ),
    apiRoute("get", "/users/{id_user}/accounts/{id_account}/investments", "user", (ctx) =>
      listInvestments(ctx, findAccounts(ctx)),
    ),
    apiRoute("get", "/users/{id_user}/connections/{id_connection}/accounts/{id_account}/investments", "user", (ctx) =>
      listInvestments(ctx, findAccounts(ctx)),
    ),
    apiRoute("get", "/users/{id_user}/investments", "user", (ctx) =>
      listInvestments(
        ctx,
        userAccounts(ctx).filter((a) => a.disabled === undefined),
      ),
    ),
  ];
}

function userAccounts(ctx: Ctx): AccountRecord[] {
  if (domainWide(ctx)) return [...ctx.world.store.accounts.values()];
  const user = targetUser(ctx);
  return [...ctx.world.store.accounts.values()].filter((a) => a.idUser === user.id);
}

function listAccounts(ctx: Ctx, accounts: AccountRecord[]) {
  const all = flag(ctx.query, "all");
  const transferable = flag(ctx.query, "able_to_transfer");
  const visible = accounts.filter((a) => (all || a.disabled === undefined) && (!transferable || canTransfer(a)));
  const page = paginate(visible, ctx.query);
  return { accounts: page.items.map((a) => renderAccount(ctx.world, a, ctx.query)), total: page.total };
}

function listInvestments(ctx: Ctx, accounts: AccountRecord[]) {
  const page = paginate(
    accounts.filter((a) => a.disabled === undefined).flatMap((a) => investmentsOf(ctx.world, a)),
    ctx.query,
  );
  return { investments: page.items, total: page.total };
}

/** The accounts an `{id_account}` names: one id, or several separated by commas (activation). */
export function findAccounts(ctx: Ctx): AccountRecord[] {
  const user = targetUser(ctx);
  const connectionId = ctx.params.id_connection === undefined ? undefined : findConnection(ctx).id;
  const raw = ctx.params.id_account ?? "";
  if (!/^\d+(,\d+)*$/.test(raw)) throw invalidValue("id_account", "expected an id or a comma-separated list of ids");
  return raw.split(",").map((text) => {
    const account = ctx.world.store.accounts.get(Number(text));
    if (
      !account ||
      account.idUser !== user.id ||
      (connectionId !== undefined && account.idConnection !== connectionId)
    ) {
      throw notFound(`Account ${text}`);
    }
    return account;
  });
}

/** The spec answers one Account: with several ids all are updated and the first is returned. */
function updateAccounts(ctx: Ctx): Account {
  const accounts = findAccounts(ctx);
  const activated = accounts.filter((account) => applyUpdate(ctx, account, ctx.body));
  const connections = new Set(activated.map((a) => a.idConnection));
  for (const id of connections) {
    const connection = ctx.world.store.connections.get(id);
    if (connection) ctx.world.webhooks.connectionSynced(connection);
  }
  return renderAccount(ctx.world, accounts[0]!, ctx.query);
}

/** Applies `disabled`, `display`, `bookmarked`, `name`; returns whether the account was just activated. */
function applyUpdate(ctx: Ctx, account: AccountRecord, body: Fields): boolean {
  const disabled = optionalBool(body, "disabled");
  const wasDisabled = account.disabled !== undefined;
  if (disabled === true && !wasDisabled) account.disabled = ctx.world.clock.now();
  if (disabled === false) account.disabled = undefined;
  account.display = optionalBool(body, "display") ?? account.display;
  account.bookmarked = optionalBool(body, "bookmarked") ?? account.bookmarked;
  const name = optionalString(body, "name");
  if (name !== undefined) {
    if (name.trim() === "" || name.length > 100) throw invalidValue("name", "1 to 100 characters");
    account.name = name;
  }
  return wasDisabled && account.disabled === undefined;
}
