import type { Field, Recipient } from "../models.js";
import { EUR, type WithNulls } from "../accounts/render.js";
import { naiveParis } from "../core/dates.js";
import { randomDigits } from "../core/random.js";
import { isValidIban, normalizeIban } from "../data/iban.js";
import { hasRefusedSecret, checkFieldValues } from "../connections/fields.js";
import type { Fields } from "../http/body.js";
import { ApiError, invalidValue } from "../http/errors.js";
import { optionalString, requiredString } from "../http/fields.js";
import type { AccountRecord, RecipientRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/** The field a bank asks to confirm a new recipient (docs, "Adding a recipient"). */
export const RECIPIENT_SMS_FIELD: Field = {
  name: "sms",
  label: "Veuillez entrer le code reçu par SMS",
  type: "password",
  regex: "^[0-9]{6}$",
  required: true,
  ephemeral: true,
};

const TRANSFER_TYPES = new Set(["checking"]);

export function canTransfer(account: AccountRecord): boolean {
  return TRANSFER_TYPES.has(account.type) && account.disabled === undefined;
}

/** A checking account can pay the connection's other everyday accounts from the start (category "Interne"). */
export function seedInternalRecipients(world: World, accounts: AccountRecord[]): void {
  for (const from of accounts.filter((a) => TRANSFER_TYPES.has(a.type))) {
    for (const to of accounts.filter((a) => a !== from && (a.type === "checking" || a.type === "savings"))) {
      const recipient: RecipientRecord = {
        id: world.store.nextId("recipient"),
        idUser: from.idUser,
        idAccount: from.id,
        idTargetAccount: to.id,
        label: to.name,
        iban: to.iban,
        bankName: "SANDBOX BANK",
        category: "Interne",
        created: from.created,
        enabledAt: from.created,
        webid: randomDigits(world.store.rng, 20),
      };
      world.store.recipients.set(recipient.id, recipient);
    }
  }
}

/** `POST …/accounts/{id}/recipients`: a new external recipient, waiting for its SMS. */
export function addRecipient(world: World, account: AccountRecord, body: Fields): RecipientRecord {
  const iban = normalizeIban(requiredString(body, "iban"));
  const label = requiredString(body, "label");
  if (!isValidIban(iban)) throw invalidValue("iban", "not a valid IBAN");
  if (label.length > 140) throw invalidValue("label", "at most 140 characters");
  const now = world.clock.now();
  const recipient: RecipientRecord = {
    id: world.store.nextId("recipient"),
    idUser: account.idUser,
    idAccount: account.id,
    label,
    iban,
    bankName: iban.startsWith("FR") ? "BANQUE FRANÇAISE" : "FOREIGN BANK",
    category: optionalString(body, "category") ?? "Divers",
    created: now,
    enabledAt: null,
    fields: [RECIPIENT_SMS_FIELD],
    expire: now + 30 * 60_000,
  };
  world.store.recipients.set(recipient.id, recipient);
  return recipient;
}

/** `POST …/recipients/{id}` with `sms`: `enabled_at` set (in the future with `recipientActivationDelayMs`). */
export function confirmRecipient(world: World, recipient: RecipientRecord, body: Fields): void {
  if (!recipient.fields) return;
  const answers = checkFieldValues(recipient.fields, body, false);
  if (hasRefusedSecret(answers)) throw new ApiError(400, "wrongpass", "Wrong SMS code");
  const now = world.clock.now();
  recipient.enabledAt = now + world.options.recipientActivationDelayMs;
  recipient.fields = undefined;
  recipient.expire = undefined;
  recipient.webid = randomDigits(world.store.rng, 20);
}

export function renderRecipient(recipient: RecipientRecord): Recipient {
  const body: WithNulls<Recipient> = {
    id: recipient.id,
    id_account: recipient.idAccount,
    id_target_account: recipient.idTargetAccount ?? null,
    label: recipient.label,
    bank_name: recipient.bankName,
    iban: recipient.iban,
    webid: recipient.webid ?? null,
    category: recipient.category,
    last_update: naiveParis(recipient.created),
    time_scraped: null,
    deleted: null,
    expire: recipient.expire === undefined ? null : naiveParis(recipient.expire),
    enabled_at: recipient.enabledAt === null ? null : naiveParis(recipient.enabledAt),
    add_verified: recipient.enabledAt !== null,
    currency: EUR,
    ...(recipient.fields ? { fields: recipient.fields } : {}),
  };
  return body as Recipient;
}
