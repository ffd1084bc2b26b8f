import type { ConnectionState, Field } from "../models.js";
import { SMS_FIELD, type SeededBank, bankById } from "../banks/catalog.js";
import { createRng, mix, randomInt } from "../core/random.js";
import { parisDay } from "../core/dates.js";
import { openAccounts } from "../data/accounts.js";
import { syncedHeadTransaction } from "../data/transactions.js";
import type { Fields } from "../http/body.js";
import { ApiError } from "../http/errors.js";
import { optionalBool } from "../http/fields.js";
import type { ConnectionRecord, UserRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { seedInternalRecipients } from "../transfers/recipients.js";
import { settleTransfers } from "../transfers/transfers.js";
import { checkFieldValues, hasRefusedSecret } from "./fields.js";

/**
 * The connection state machine. A bank's behaviour (banks/catalog.ts) decides where a new connection
 * goes; answering its questions moves it on; `completeSync` is where it ends well (accounts, webhook).
 * Terminal failures on create are 400s and keep no connection. A wrong OTP is a 400 `wrongpass` and
 * leaves the connection in state `wrongpass` (post the credentials again to start over).
 */
export function createConnection(world: World, user: UserRecord, bank: SeededBank, values: Fields): ConnectionRecord {
  const credentials = checkFieldValues(bank.fields, values, false);
  if (bank.behaviour.kind === "fail") throw new ApiError(400, bank.behaviour.state, bank.behaviour.message);
  if (hasRefusedSecret(credentials)) throw new ApiError(400, "wrongpass", "Wrong login or password");
  const connection: ConnectionRecord = {
    id: world.store.nextId("connection"),
    idUser: user.id,
    connectorId: bank.id,
    created: world.clock.now(),
    state: null,
    round: 0,
    active: true,
    syncs: 0,
  };
  world.store.connections.set(connection.id, connection);
  begin(world, connection, bank);
  return connection;
}

/** `POST /users/{id_user}/connections/{id}`: answers to the bank's questions, or new credentials. */
export function resumeConnection(world: World, connection: ConnectionRecord, values: Fields): void {
  const bank = bankById(connection.connectorId)!;
  connection.active = optionalBool(values, "active") ?? connection.active;
  switch (connection.state) {
    case "additionalInformationNeeded":
      return answerQuestions(world, connection, bank, values);
    case "decoupled":
    case "validating":
    case "webauthRequired":
      return; // waiting for the user elsewhere: the answer is the current state
    case "SCARequired":
      checkCredentials(connection, bank, values);
      return bank.behaviour.kind === "sca" ? ask(connection, [SMS_FIELD], 0) : begin(world, connection, bank);
    default:
      if (checkCredentials(connection, bank, values)) begin(world, connection, bank);
  }
}

/** `PUT /users/{id_user}/connections/{id}`: a manual sync; a connection waiting on its user stays as it is. */
export function syncConnection(world: World, connection: ConnectionRecord): void {
  if (connection.state === null) completeSync(world, connection);
}

/** `sb.setConnectionState()`: puts a connection in any state, as if its bank had said so. */
export function forceState(world: World, connection: ConnectionRecord, state: ConnectionState, message?: string): void {
  cancelPending(connection);
  if (state === null) return completeSync(world, connection);
  if (state === "additionalInformationNeeded") return ask(connection, [SMS_FIELD], 0);
  if (state === "decoupled") return startWaiting(world, connection, "decoupled", "validated");
  if (state === "validating") return startWaiting(world, connection, "validating", "validated");
  if (state === "webauthRequired") return askWebauth(world, connection);
  setState(connection, state, message ?? `The bank answered ${state}`);
}

export function deleteConnection(world: World, connection: ConnectionRecord): void {
  cancelPending(connection);
  const { store } = world;
  store.connections.delete(connection.id);
  for (const account of store.accountsOf(connection.id)) {
    store.accounts.delete(account.id);
    for (const [id, r] of store.recipients) if (r.idAccount === account.id) store.recipients.delete(id);
    for (const [id, t] of store.transfers) if (t.idAccount === account.id) store.transfers.delete(id);
  }
}

function begin(world: World, connection: ConnectionRecord, bank: SeededBank): void {
  const behaviour = bank.behaviour;
  switch (behaviour.kind) {
    case "sync":
      return completeSync(world, connection);
    case "otp":
      return ask(connection, behaviour.rounds[0]!, 0);
    case "decoupled":
      return startWaiting(world, connection, "decoupled", behaviour.outcome);
    case "sca":
      return setState(connection, "SCARequired", "Strong customer authentication is required");
    case "webauth":
      return askWebauth(world, connection);
    case "validating":
      return startWaiting(world, connection, "validating", "validated");
    case "fail":
      return setState(connection, behaviour.state, behaviour.message);
  }
}

function answerQuestions(world: World, connection: ConnectionRecord, bank: SeededBank, values: Fields): void {
  const answers = checkFieldValues(connection.fields ?? [], values, false);
  if (hasRefusedSecret(answers)) failWrongpass(connection, "Wrong code");
  const rounds = bank.behaviour.kind === "otp" ? bank.behaviour.rounds : [[SMS_FIELD]];
  const next = rounds[connection.round + 1];
  if (next) ask(connection, next, connection.round + 1);
  else completeSync(world, connection);
}

/** Checks the credentials given (only those); returns whether any was given. */
function checkCredentials(connection: ConnectionRecord, bank: SeededBank, values: Fields): boolean {
  const credentials = checkFieldValues(bank.fields, values, true);
  if (hasRefusedSecret(credentials)) failWrongpass(connection, "Wrong login or password");
  return credentials.size > 0;
}

function failWrongpass(connection: ConnectionRecord, message: string): never {
  setState(connection, "wrongpass", message);
  throw new ApiError(400, "wrongpass", message);
}

function ask(connection: ConnectionRecord, fields: Field[], round: number): void {
  setState(connection, "additionalInformationNeeded", undefined);
  connection.fields = fields;
  connection.round = round;
}

function askWebauth(world: World, connection: ConnectionRecord): void {
  setState(connection, "webauthRequired", "Authorize the connection on the bank's website");
  connection.fields = [
    {
      name: "webauth_url",
      label: "Authorize on the bank's website",
      type: "hidden",
      value: `${world.baseUrl}/webauth?id_connection=${connection.id}`,
      regex: null,
      required: false,
      ephemeral: true,
    },
  ];
}

/** `decoupled` / `validating`: ends by itself, through the scheduler (so `clock.advance()` ends it too). */
function startWaiting(
  world: World,
  connection: ConnectionRecord,
  state: "decoupled" | "validating",
  outcome: "validated" | "expires",
): void {
  const { options } = world;
  const now = world.clock.now();
  setState(connection, state, state === "decoupled" ? "Validate the connection in your bank's app" : undefined);
  const delay = state === "validating" ? options.validatingDelayMs : options.decoupledDelayMs;
  if (state === "decoupled") connection.expire = now + options.decoupledTimeoutMs;
  connection.cancelPending =
    outcome === "validated"
      ? world.scheduler.at(now + delay, () => completeSync(world, connection))
      : world.scheduler.at(now + options.decoupledTimeoutMs, () =>
          setState(connection, "SCARequired", "The validation request expired"),
        );
}

function setState(connection: ConnectionRecord, state: ConnectionState, message: string | undefined): void {
  cancelPending(connection);
  connection.state = state;
  connection.errorMessage = message;
  connection.fields = undefined;
  connection.expire = undefined;
  connection.round = 0;
}

function cancelPending(connection: ConnectionRecord): void {
  connection.cancelPending?.();
  connection.cancelPending = undefined;
}

/** A successful sync: accounts on the first one, new transactions after, pending transfers done, webhook. */
export function completeSync(world: World, connection: ConnectionRecord): void {
  if (!world.store.connections.has(connection.id)) return;
  setState(connection, null, undefined);
  connection.lastUpdate = world.clock.now();
  connection.syncs++;
  const accounts = world.store.accountsOf(connection.id);
  if (accounts.length === 0)
    seedInternalRecipients(world, openAccounts(world, connection, bankById(connection.connectorId)!));
  else addSyncedTransactions(world, connection);
  settleTransfers(world, connection.id);
  world.webhooks.connectionSynced(connection);
}

/**
 * Each later sync finds 1–3 new transactions and one `coming` one per active account; the previous sync's
 * `coming` transaction has settled under a new id, so it is deleted (webhooks report it with `deleted`).
 */
function addSyncedTransactions(world: World, connection: ConnectionRecord): void {
  const now = world.clock.now();
  const { seed } = world.options;
  for (const account of world.store.accountsOf(connection.id)) {
    if (account.disabled !== undefined || account.type === "pea") continue;
    for (const tx of account.head) if (tx.coming && tx.deletedAt === undefined) tx.deletedAt = now;
    const count = randomInt(createRng(mix(seed, 5, account.id, connection.syncs)), 1, 3);
    for (let i = 0; i <= count; i++) {
      account.head.push(
        syncedHeadTransaction(seed, world.store.nextId("transaction"), parisDay(now), now, i === count),
      );
    }
  }
}
