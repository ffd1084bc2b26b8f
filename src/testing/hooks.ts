import type { ConnectionState, Field, Transaction } from "../../generated/models.js";
import { createUser as createUserRecord, issueToken } from "./auth/tokens.js";
import { bankById } from "./banks/catalog.js";
import { createConnection, forceState, resumeConnection } from "./connections/flow.js";
import { parisDay } from "./core/dates.js";
import { headToTransaction, syncedHeadTransaction } from "./data/transactions.js";
import type { World } from "./state/world.js";

/** Test hooks: shortcuts into the state that skip the HTTP workflow. */
export interface CreatedUser {
  /** The new user's id. */
  idUser: number;
  /** A permanent token of the user. */
  token: string;
  /** Its connection, synced. */
  connectionId: number;
  /** Every account of the connection (activated unless `activate: false`). */
  accountIds: number[];
}

/** Options of `sb.createUser()`. */
export interface CreateUserOptions {
  /** The bank (default 59, Sandbox Bank). Banks that ask questions get valid answers. */
  connectorId?: number;
  /** Activate the accounts (default true). */
  activate?: boolean;
}

export function createUserWithConnection(world: World, options: CreateUserOptions = {}): CreatedUser {
  const bank = bankById(options.connectorId ?? 59);
  if (!bank) throw new RangeError(`no seeded bank ${options.connectorId}`);
  if (bank.behaviour.kind === "fail") throw new RangeError(`bank ${bank.id} never connects`);
  const user = createUserRecord(world);
  const token = issueToken(world, "permanent", user.id);
  const connection = createConnection(world, user, bank, validAnswers(bank.fields));
  for (let round = 0; round < 3 && connection.state !== null; round++) {
    if (connection.state === "additionalInformationNeeded")
      resumeConnection(world, connection, validAnswers(connection.fields ?? []));
    else forceState(world, connection, null);
  }
  const accounts = world.store.accountsOf(connection.id);
  if (options.activate ?? true) {
    for (const account of accounts) account.disabled = undefined;
    world.webhooks.connectionSynced(connection);
  }
  return { idUser: user.id, token: token.value, connectionId: connection.id, accountIds: accounts.map((a) => a.id) };
}

/** Adds `count` transactions dated today at the head of an account's list (newest first). */
export function addHeadTransactions(world: World, accountId: number, count: number): Transaction[] {
  const account = world.store.accounts.get(accountId);
  if (!account) throw new RangeError(`no account ${accountId}`);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError("count must be a non-negative integer");
  const now = world.clock.now();
  const added = Array.from({ length: count }, () =>
    syncedHeadTransaction(world.options.seed, world.store.nextId("transaction"), parisDay(now), now, false),
  );
  account.head.push(...added);
  return added.reverse().map((tx) => headToTransaction(account, tx));
}

export function setConnectionState(world: World, connectionId: number, state: ConnectionState, message?: string): void {
  const connection = world.store.connections.get(connectionId);
  if (!connection) throw new RangeError(`no connection ${connectionId}`);
  forceState(world, connection, state, message);
}

/** Answers every field accepts: as many digits as its regex wants (`^[0-9]{8}$` → `12345678`). */
function validAnswers(fields: Field[]): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const field of fields) {
    if (field.type === "list" || field.type === "hidden") continue;
    const length = Number(/\{(\d+)\}/.exec(field.regex ?? "")?.[1] ?? 6);
    answers[field.name] = Array.from({ length }, (_, i) => String((i + 1) % 10)).join("");
  }
  return answers;
}
