/**
 * The changes a CONNECTION_SYNCED delivery carries, in either form: the current body (`connection`, with its
 * accounts and their new transactions) or the 2020 one, today the end-of-sync push (`connections`, an
 * array). Transactions with `deleted` set are deletions. A delivery says what is new, not what vanished: no
 * account or connection is removed from a webhook (polling finds those).
 */
import type { Account, Connection, Transaction } from "../../generated/models.js";
import { InvalidOptionsError, WebhookPayloadError } from "../errors.js";
import type { SyncChange } from "./change.js";

/** A delivery's changes, its id (`id_webhook_data`) and its user. */
export interface WebhookChanges {
  changes: SyncChange[];
  idWebhookData: number | undefined;
  idUser: number | undefined;
}

/** A verified event (`webhooks.verify()`), or its JSON body. */
export type SyncWebhookInput = { type?: string; payload: unknown } | Record<string, unknown>;

export function changesOfWebhook(input: SyncWebhookInput): WebhookChanges {
  if (!isObject(input)) throw new InvalidOptionsError("event", "must be a webhook event or its JSON body (an object)");
  const body = ("payload" in input && isObject(input.payload) ? input.payload : input) as Record<string, unknown>;
  if (!isObject(body)) throw new WebhookPayloadError("webhook: the body is not a JSON object");
  const connections = Array.isArray(body.connections)
    ? body.connections
    : isObject(body.connection)
      ? [body.connection]
      : undefined;
  if (!connections)
    throw new InvalidOptionsError("event", "is not a CONNECTION_SYNCED delivery (no `connection` nor `connections`)");
  const changes: SyncChange[] = [];
  let idUser = integer(isObject(body.user) ? body.user.id : undefined);
  for (const raw of connections) {
    const { accounts, ...connection } = withId(raw, "connection") as Connection & { accounts?: unknown };
    idUser ??= integer(connection.id_user);
    changes.push({ kind: "upsert", resource: "connection", item: connection as Connection });
    for (const rawAccount of Array.isArray(accounts) ? accounts : []) {
      const { transactions, ...account } = withId(rawAccount, "account") as Account & { transactions?: unknown };
      const gone = Boolean((account as { deleted?: unknown }).deleted);
      changes.push({ kind: gone ? "delete" : "upsert", resource: "account", item: account as Account });
      for (const rawTx of Array.isArray(transactions) ? transactions : []) {
        const tx = withId(rawTx, "transaction") as Transaction;
        changes.push({ kind: tx.deleted ? "delete" : "upsert", resource: "transaction", item: tx });
      }
    }
  }
  return { changes, idWebhookData: integer(body.id_webhook_data), idUser };
}

function withId(value: unknown, what: string): Record<string, unknown> & { id: number } {
  if (!isObject(value) || integer(value.id) === undefined)
    throw new WebhookPayloadError(`webhook: a ${what} without a numeric id`);
  return value as Record<string, unknown> & { id: number };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function integer(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
}
