import { type Rng, createRng, mix } from "../core/random.js";
import type {
  AccountRecord,
  AuthProviderRecord,
  ConnectionRecord,
  RecipientRecord,
  TokenRecord,
  TransferRecord,
  UserRecord,
  WebhookRecord,
} from "./records.js";
import type { WebviewSession } from "../webview/session.js";

type Counter =
  | "user"
  | "connection"
  | "account"
  | "transaction"
  | "investment"
  | "recipient"
  | "transfer"
  | "webhook"
  | "auth"
  | "webhookData";

/** Everything the API holds, in memory. `sb.reset()` replaces it with a fresh one from the same seed. */
export class Store {
  readonly rng: Rng;
  readonly users = new Map<number, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly connections = new Map<number, ConnectionRecord>();
  readonly accounts = new Map<number, AccountRecord>();
  readonly recipients = new Map<number, RecipientRecord>();
  readonly transfers = new Map<number, TransferRecord>();
  readonly webhooks = new Map<number, WebhookRecord>();
  readonly authProviders = new Map<number, AuthProviderRecord>();
  readonly webviewSessions = new Map<string, WebviewSession>();
  private readonly counters: Record<Counter, number> = {
    user: 1,
    connection: 1,
    account: 1,
    transaction: 1,
    investment: 1,
    recipient: 1,
    transfer: 1,
    webhook: 1,
    auth: 1,
    webhookData: 1,
  };

  constructor(seed: number) {
    this.rng = createRng(mix(seed, 1));
  }

  nextId(counter: Counter): number {
    return this.counters[counter]++;
  }

  /** Reserves `count` consecutive ids and returns the first. */
  reserveIds(counter: Counter, count: number): number {
    const first = this.counters[counter];
    this.counters[counter] += count;
    return first;
  }

  accountsOf(idConnection: number): AccountRecord[] {
    return [...this.accounts.values()].filter((a) => a.idConnection === idConnection);
  }
}
