/**
 * The events the API posts (docs.powens.com, Webhooks › "Available webhook events"), their payload types, and
 * which event a payload is when the receiving URL does not say.
 */
import type {
  Account,
  Connection,
  ConnectionSyncedEvent,
  ConnectionSyncedPush,
  UserWebhookEvent,
} from "../../generated/models.js";

/** Every event name the Webhooks page lists: one list, from which the type and the run-time check come. */
export const WEBHOOK_EVENT_NAMES = [
  "USER_CREATED",
  "USER_DELETED",
  "USER_SYNCED",
  "CONNECTION_SYNCED",
  "CONNECTION_DELETED",
  "ACCOUNTS_FETCHED",
  "ACCOUNT_SYNCED",
  "ACCOUNT_FOUND",
  "ACCOUNT_ENABLED",
  "ACCOUNT_DISABLED",
  "ACCOUNT_CATEGORIZED",
  "ACCOUNT_OWNERSHIPS_FOUND",
  "SUBSCRIPTION_FOUND",
  "SUBSCRIPTION_SYNCED",
  "PAYMENT_STATE_UPDATED",
] as const;

/** Event names of the webhooks the API offers (`GET /webhooks_events` lists your domain's). */
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(WEBHOOK_EVENT_NAMES);

/** Whether `name` is one of `WEBHOOK_EVENT_NAMES`. */
export function isWebhookEventName(name: unknown): name is WebhookEventName {
  return typeof name === "string" && NAMES.has(name);
}

/** A payload whose shape the spec does not give: a JSON object. */
export interface WebhookPayload {
  [key: string]: unknown;
  /** The delivery's id: a redelivery carries the same one. */
  id_webhook_data?: number;
}

/**
 * Payload types from the spec. CONNECTION_SYNCED comes in two forms: today's one `connection` (with its accounts
 * and their new transactions) and `user`, or the 2020 `connections` array: narrow with `"connection" in payload`,
 * or read both with `syncedConnections(payload)`. Removed transactions come with `deleted` set.
 */
export interface WebhookPayloads {
  /** A permanent user was created: the user. */
  USER_CREATED: UserWebhookEvent;
  /** A user was deleted: the user. */
  USER_DELETED: UserWebhookEvent;
  /** Deprecated: the end-of-sync push, every connection synced (the 2020 body). */
  USER_SYNCED: ConnectionSyncedPush;
  /** A sync ended: the connection synced (today) or the connections synced (2020), and their user. */
  CONNECTION_SYNCED: ConnectionSyncedEvent;
  /** An account synced: the account, with its new transactions. */
  ACCOUNT_SYNCED: Account & {
    /** The delivery's id: a redelivery carries the same one. */
    id_webhook_data?: number;
  };
}

/** The payload type of event `K`: from WebhookPayloads when the spec gives it, else a JSON object. */
export type PayloadOf<K extends string> = K extends keyof WebhookPayloads ? WebhookPayloads[K] : WebhookPayload;

/** What every event has, whatever its type. */
export interface WebhookEventBase {
  /** The delivery's id (`id_webhook_data`): a redelivery carries the same one. */
  idWebhookData: number | undefined;
  /** The user the payload is about, when it says. */
  idUser: number | undefined;
  /** `BI-Signature-Date`, for signed deliveries. */
  signedAt: Date | undefined;
}

/** An event with a known name; the payload is typed where the spec gives its shape. */
export type KnownWebhookEvent = {
  [K in WebhookEventName]: WebhookEventBase & {
    /** The event's name: narrow on it. */
    type: K;
    /** The JSON body. */
    payload: PayloadOf<K>;
  };
}[WebhookEventName];

/** An event this version does not know (or could not tell): `name` is the `event` option, if any. */
export interface UnknownWebhookEvent extends WebhookEventBase {
  /** Always `unknown`: narrow on it. */
  type: "unknown";
  /** The `event` option, when one was given. */
  name: string | undefined;
  /** The JSON body. */
  payload: WebhookPayload;
}

/** What `verify` returns: narrow on `type`. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/** The event `verify` returns for the `event` option `E` (all events when none is given). */
export type WebhookEventOf<E extends string> = [E] extends [never]
  ? WebhookEvent
  : E extends WebhookEventName
    ? Extract<
        KnownWebhookEvent,
        {
          /** The event's name. */
          type: E;
        }
      >
    : UnknownWebhookEvent;

/**
 * The event a payload is, when the URL it came to does not say: CONNECTION_SYNCED for either of its forms (a
 * `connection` object beside a `user`, or a `connections` array); undefined otherwise.
 */
export function inferEventName(payload: WebhookPayload): WebhookEventName | undefined {
  if (Array.isArray(payload.connections)) return "CONNECTION_SYNCED";
  if (isObject(payload.connection) && isObject(payload.user)) return "CONNECTION_SYNCED";
  return undefined;
}

/** The connections a CONNECTION_SYNCED body carries, whichever its form (today's one, or 2020's array). */
export function syncedConnections(payload: ConnectionSyncedEvent): Connection[] {
  if ("connection" in payload && isObject(payload.connection)) return [payload.connection];
  const list = (payload as Partial<ConnectionSyncedPush>).connections;
  return Array.isArray(list) ? list : [];
}

/** The user a payload is about: `id_user`, `user.id`, or its (first) connection's `id_user`. */
export function idUserOf(payload: WebhookPayload): number | undefined {
  const connection = Array.isArray(payload.connections) ? payload.connections[0] : payload.connection;
  return integerOf(payload.id_user) ?? integerOf(field(payload.user, "id")) ?? integerOf(field(connection, "id_user"));
}

export function integerOf(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : undefined;
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
