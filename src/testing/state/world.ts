import type { SandboxClock } from "../core/clock.js";
import type { Scheduler } from "../core/scheduler.js";
import type { ResolvedOptions } from "../options.js";
import type { WebhookDispatcher } from "../webhooks/dispatcher.js";
import type { Store } from "./store.js";

/** The client application registered in the sandbox, and the domain's manage token. */
export interface Credentials {
  clientId: string;
  clientSecret: string;
  manageToken: string;
  redirectUris: string[];
}

/** What every handler works with. */
export interface World {
  options: ResolvedOptions;
  credentials: Credentials;
  clock: SandboxClock;
  scheduler: Scheduler;
  store: Store;
  webhooks: WebhookDispatcher;
  /** `http://127.0.0.1:PORT/2.0`, known once listening. */
  baseUrl: string;
  log(line: string): void;
}
