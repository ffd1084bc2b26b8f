import { findAccounts } from "../accounts/routes.js";
import { idParam, targetUser } from "../auth/users.js";
import { invalidValue, notFound } from "../http/errors.js";
import { requiredInt } from "../http/fields.js";
import { paginate } from "../http/paging.js";
import { type Ctx, type Route, apiRoute } from "../http/router.js";
import type { AccountRecord, RecipientRecord, TransferRecord } from "../state/records.js";
import { addRecipient, canTransfer, confirmRecipient, renderRecipient } from "./recipients.js";
import { cancelTransfer, createTransfer, renderTransfer, validateTransfer } from "./transfers.js";

/** Recipients and transfers, as in the docs' "API Pay protocol". */
export function transferRoutes(): Route[] {
  return [
    apiRoute("get", "/users/{id_user}/recipients", "user", (ctx) =>
      listRecipients(ctx, (r) => r.idUser === targetUser(ctx).id),
    ),
    apiRoute("get", "/users/{id_user}/accounts/{id_account}/recipients", "user", (ctx) => {
      const account = findAccounts(ctx)[0]!;
      return listRecipients(ctx, (r) => r.idAccount === account.id);
    }),
    apiRoute("post", "/users/{id_user}/accounts/{id_account}/recipients", "user", (ctx) => {
      const account = transferringAccount(ctx);
      return renderRecipient(addRecipient(ctx.world, account, ctx.body));
    }),
    apiRoute("get", "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}", "user", (ctx) =>
      renderRecipient(findRecipient(ctx)),
    ),
    apiRoute("post", "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}", "user", (ctx) => {
      const recipient = findRecipient(ctx);
      confirmRecipient(ctx.world, recipient, ctx.body);
      return renderRecipient(recipient);
    }),
    apiRoute("post", "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}/transfers", "user", (ctx) => {
      const recipient = findRecipient(ctx);
      return renderTransfer(ctx.world, createTransfer(ctx.world, findAccounts(ctx)[0]!, recipient, ctx.body));
    }),
    apiRoute("get", "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}/transfers", "user", (ctx) => {
      const recipient = findRecipient(ctx);
      return listTransfers(ctx, (t) => t.idRecipient === recipient.id);
    }),
    apiRoute("get", "/users/{id_user}/accounts/{id_account}/transfers", "user", (ctx) => {
      const account = findAccounts(ctx)[0]!;
      return listTransfers(ctx, (t) => t.idAccount === account.id);
    }),
    apiRoute("get", "/users/{id_user}/transfers", "user", (ctx) =>
      listTransfers(ctx, (t) => t.idUser === targetUser(ctx).id),
    ),
    apiRoute("post", "/users/{id_user}/transfers", "user", (ctx) => {
      const user = targetUser(ctx);
      const account = ctx.world.store.accounts.get(requiredInt(ctx.body, "id_account"));
      if (!account || account.idUser !== user.id) throw invalidValue("id_account", "unknown account");
      const recipient = ctx.world.store.recipients.get(requiredInt(ctx.body, "id_recipient"));
      if (!recipient || recipient.idUser !== user.id) throw invalidValue("id_recipient", "unknown recipient");
      return renderTransfer(ctx.world, createTransfer(ctx.world, account, recipient, ctx.body));
    }),
    apiRoute("get", "/users/{id_user}/transfers/{id_transfer}", "user", (ctx) =>
      renderTransfer(ctx.world, findTransfer(ctx)),
    ),
    apiRoute("post", "/users/{id_user}/transfers/{id_transfer}", "user", (ctx) => {
      const transfer = findTransfer(ctx);
      validateTransfer(ctx.world, transfer, ctx.body);
      return renderTransfer(ctx.world, transfer);
    }),
    apiRoute("delete", "/users/{id_user}/transfers/{id_transfer}", "user", (ctx) => {
      const transfer = findTransfer(ctx);
      cancelTransfer(transfer);
      return renderTransfer(ctx.world, transfer);
    }),
  ];
}

function transferringAccount(ctx: Ctx): AccountRecord {
  const account = findAccounts(ctx)[0]!;
  if (!canTransfer(account))
    throw invalidValue("id_account", "this account cannot emit transfers (an active checking account can)");
  return account;
}

function findRecipient(ctx: Ctx): RecipientRecord {
  const account = findAccounts(ctx)[0]!;
  const id = idParam(ctx, "id_recipient");
  const recipient = ctx.world.store.recipients.get(id);
  if (!recipient || recipient.idAccount !== account.id) throw notFound(`Recipient ${id}`);
  return recipient;
}

function findTransfer(ctx: Ctx): TransferRecord {
  const user = targetUser(ctx);
  const id = idParam(ctx, "id_transfer");
  const transfer = ctx.world.store.transfers.get(id);
  if (!transfer || transfer.idUser !== user.id) throw notFound(`Transfer ${id}`);
  return transfer;
}

function listRecipients(ctx: Ctx, keep: (r: RecipientRecord) => boolean) {
  const page = paginate([...ctx.world.store.recipients.values()].filter(keep), ctx.query);
  return { recipients: page.items.map(renderRecipient), total: page.total };
}

/** Newest first, so a client reconciling an ambiguous POST finds it on the first page. */
function listTransfers(ctx: Ctx, keep: (t: TransferRecord) => boolean) {
  const transfers = [...ctx.world.store.transfers.values()].filter(keep).sort((a, b) => b.id - a.id);
  const page = paginate(transfers, ctx.query);
  return { transfers: page.items.map((t) => renderTransfer(ctx.world, t)), total: page.total };
}
