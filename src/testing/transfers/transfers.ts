import type { Field, Transfer } from "../models.js";
import { EUR } from "../accounts/render.js";
import { PASSWORD_FIELD } from "../banks/catalog.js";
import { formatDay, naiveParis, parisDay, parseDay } from "../core/dates.js";
import { randomAlnum } from "../core/random.js";
import { checkFieldValues, hasRefusedSecret } from "../connections/fields.js";
import type { Fields } from "../http/body.js";
import { ApiError, invalidValue, missingParameter } from "../http/errors.js";
import { flag, optionalString } from "../http/fields.js";
import type { AccountRecord, RecipientRecord, TransferRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { canTransfer } from "./recipients.js";

/** The bank's password, asked when a transfer is validated (docs, "Executing a transfer" step 5). */
const TRANSFER_PASSWORD_FIELD: Field = { ...PASSWORD_FIELD, label: "Code secret Sandbox Bank", ephemeral: true };

/** `POST …/recipients/{id}/transfers`: a transfer in state `created`. Amounts: > 0, at most 2 decimals. */
export function createTransfer(
  world: World,
  account: AccountRecord,
  recipient: RecipientRecord,
  body: Fields,
): TransferRecord {
  const amount = parseAmount(body);
  const label = optionalString(body, "label") ?? "";
  if (label.length > 140) throw invalidValue("label", "at most 140 characters");
  const today = parisDay(world.clock.now());
  const execDate = optionalString(body, "exec_date");
  const execDay = execDate ? parseDay(execDate) : today;
  if (execDay === undefined) throw invalidValue("exec_date", "expected YYYY-MM-DD");
  if (execDay < today) throw invalidValue("exec_date", "in the past");
  if (!canTransfer(account))
    throw invalidValue("id_account", "this account cannot emit transfers (an active checking account can)");
  if (recipient.idAccount !== account.id) throw invalidValue("id_recipient", "not a recipient of this account");
  if (recipient.enabledAt === null || recipient.enabledAt > world.clock.now()) {
    throw invalidValue("id_recipient", "this recipient is not enabled yet");
  }
  const transfer: TransferRecord = {
    id: world.store.nextId("transfer"),
    idUser: account.idUser,
    idAccount: account.id,
    idRecipient: recipient.id,
    amount,
    label,
    execDay,
    registered: world.clock.now(),
    state: "created",
  };
  world.store.transfers.set(transfer.id, transfer);
  return transfer;
}

/**
 * `POST /users/{id_user}/transfers/{id}` with `validated=true`: first asks the bank's password (`fields`),
 * then with it the transfer is `pending`; it becomes `done` at the next sync or after `transferDelayMs`.
 * A refused password (`000000`) is a 400 `wrongpass` and the transfer stays `created`.
 */
export function validateTransfer(world: World, transfer: TransferRecord, body: Fields): void {
  if (transfer.state !== "created" || !flag(body, "validated")) return;
  if (body.password === undefined) {
    transfer.fields = [TRANSFER_PASSWORD_FIELD];
    return;
  }
  const answers = checkFieldValues([TRANSFER_PASSWORD_FIELD], body, false);
  if (hasRefusedSecret(answers)) throw new ApiError(400, "wrongpass", "Wrong password");
  transfer.state = "pending";
  transfer.fields = undefined;
  transfer.webid = randomAlnum(world.store.rng, 17).toUpperCase();
  transfer.cancelPending = world.scheduler.at(world.clock.now() + world.options.transferDelayMs, () =>
    completeTransfer(world, transfer),
  );
}

export function cancelTransfer(transfer: TransferRecord): void {
  if (transfer.state !== "created") throw invalidValue("id_transfer", "only a created transfer can be canceled");
  transfer.state = "canceled";
  transfer.fields = undefined;
}

/** Pending transfers of a connection's accounts are found in the history at its next sync. */
export function settleTransfers(world: World, idConnection: number): void {
  for (const transfer of world.store.transfers.values()) {
    const account = world.store.accounts.get(transfer.idAccount);
    if (transfer.state === "pending" && account?.idConnection === idConnection) completeTransfer(world, transfer);
  }
}

function completeTransfer(world: World, transfer: TransferRecord): void {
  const account = world.store.accounts.get(transfer.idAccount);
  if (transfer.state !== "pending" || !account) return;
  transfer.cancelPending?.();
  transfer.cancelPending = undefined;
  const now = world.clock.now();
  const id = world.store.nextId("transaction");
  const recipient = world.store.recipients.get(transfer.idRecipient);
  account.head.push({
    id,
    day: parisDay(now),
    value: -transfer.amount,
    wording: `VIR SEPA ${(transfer.label || recipient?.label || "VIREMENT").toUpperCase()}`,
    type: "transfer",
    coming: false,
    scrapedAt: now,
  });
  account.balance = Math.round((account.balance - transfer.amount) * 100) / 100;
  transfer.idTransaction = id;
  transfer.state = "done";
}

export function renderTransfer(world: World, transfer: TransferRecord): Transfer {
  const account = world.store.accounts.get(transfer.idAccount);
  const recipient = world.store.recipients.get(transfer.idRecipient);
  return {
    id: transfer.id,
    id_account: transfer.idAccount,
    id_user: transfer.idUser,
    id_recipient: transfer.idRecipient,
    account_iban: account?.iban,
    recipient_iban: recipient?.iban,
    exec_date: formatDay(transfer.execDay),
    register_date: naiveParis(transfer.registered),
    amount: transfer.amount,
    fees: 0,
    state: transfer.state,
    label: transfer.label,
    beneficiary_type: "recipient",
    currency: EUR,
    ...(transfer.webid ? { webid: transfer.webid } : {}),
    ...(transfer.idTransaction ? { id_transaction: transfer.idTransaction } : {}),
    ...(transfer.fields ? { fields: transfer.fields } : {}),
  } satisfies Transfer;
}

/** Amounts as the bank takes them: a finite number > 0 with at most 2 decimals. */
function parseAmount(body: Fields): number {
  const raw = body.amount;
  if (raw === undefined || raw === null || raw === "") throw missingParameter("amount");
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  if (!/^\d+(\.\d+)?$/.test(text) && !(typeof raw === "number" && Number.isFinite(raw))) {
    throw invalidValue("amount", "expected a positive number");
  }
  const amount = Number(text);
  if (!Number.isFinite(amount) || amount <= 0) throw invalidValue("amount", "must be greater than 0");
  if (Math.abs(Math.round(amount * 100) - amount * 100) > 1e-6) throw invalidValue("amount", "at most 2 decimals");
  return amount;
}
