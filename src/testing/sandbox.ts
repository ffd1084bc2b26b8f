import type { Server } from "node:http";
import type { ConnectionState, Transaction } from "../../generated/models.js";
import { BANKS, type BankBehaviour } from "./banks/catalog.js";
import { type SandboxClock, createClock } from "./core/clock.js";
import { Scheduler } from "./core/scheduler.js";
import { credentialsFor } from "./credentials.js";
import { Faults, type InjectOptions, type InjectedFault } from "./http/faults.js";
import type { PathFilter } from "./http/path-filter.js";
import { API_PREFIX, type App, handleRequest } from "./http/pipeline.js";
import { type LoggedRequest, RequestLog } from "./http/request-log.js";
import { closeServer, listen, portOf } from "./http/server.js";
import { Sleeper } from "./http/sleeper.js";
import {
  type CreateUserOptions,
  type CreatedUser,
  addHeadTransactions,
  createUserWithConnection,
  setConnectionState,
} from "./hooks.js";
import { type SandboxOptions, type WebhookOptions, resolveOptions } from "./options.js";
import { buildRouter } from "./routes.js";
import type { Route } from "./http/router.js";
import { Store } from "./state/store.js";
import { type SimulateSyncOptions, type SimulatedSync, simulateSync } from "./sync/simulate.js";
import type { World } from "./state/world.js";
import { type WebhookDelivery, WebhookDispatcher } from "./webhooks/dispatcher.js";
import { addAuthProvider, addWebhookRecord } from "./webhooks/registry.js";

/** A seeded bank (connector) of the sandbox, and how it answers a connection attempt. */
export interface SeededBankInfo {
  /** The connector id (`connectorId`, `id_connector`). */
  id: number;
  /** The connector UUID (`connectorUuid`). */
  uuid: string;
  /** Its display name. */
  name: string;
  /** What a connection to it does: syncs at once, asks OTPs, validates decoupled, fails with a state, … */
  behaviour: BankBehaviour["kind"];
  /** One line on what it does, as in README.md's table. */
  summary: string;
}

/** A running sandbox. See README.md for the workflows it speaks. */
export interface Sandbox {
  /** The API base URL, `http://127.0.0.1:PORT/2.0`. */
  readonly url: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** The domain's manage token (admin: `/webhooks`, any user by numeric id, permanent `/auth/init`). */
  readonly manageToken: string;
  /** The client id the sandbox's client application is registered with (webview, token exchange). */
  readonly clientId: string;
  /** That client's secret (token exchange, renew, permanent `/auth/init`). */
  readonly clientSecret: string;
  /** Redirect URIs the webview and `/webauth` accept (a loopback URI matches any port). */
  readonly redirectUris: readonly string[];
  /** The sandbox's time: `advance()` it to expire tokens or finish decoupled validations now. */
  readonly clock: SandboxClock;
  /** The seeded banks, one per connection behaviour. */
  readonly banks: readonly SeededBankInfo[];
  /** Every route the sandbox serves (under `/2.0`), as README.md lists them; other spec routes answer 501 `notSimulated`. */
  readonly routes: readonly {
    /** The HTTP method, upper case. */
    method: string;
    /** The path template under `/2.0`, e.g. `/users/{id_user}/accounts`. */
    template: string;
  }[];
  /** Every request received, in order (method, path, template, status; never headers or bodies). */
  readonly requestLog: readonly LoggedRequest[];
  /** Every webhook POST made, in order, with the receiver's status. */
  readonly webhookDeliveries: readonly WebhookDelivery[];
  /** The HMAC secret of the newest webhook auth process (`POST /webhooks/auth` or a `signature` webhook). */
  readonly webhookSecret: string | undefined;
  /** Injects a fault on a route (template or concrete path, optional method), for `times` requests. */
  inject(options: InjectOptions): InjectedFault;
  /** How many requests matched (`{ method?, path? }`, path as template or concrete; OPTIONS only when asked). */
  requests(filter?: PathFilter): number;
  /** A user with a synced connection and a permanent token, without the HTTP workflow. */
  createUser(options?: CreateUserOptions): CreatedUser;
  /** Adds transactions dated today at the head of an account's list; returns them newest first. */
  addTransactions(accountId: number, count: number): Transaction[];
  /**
   * A background sync of a connection that changes its data: transactions added, edited (label, category) and
   * deleted, `last_update` moved to now, then the CONNECTION_SYNCED webhook. For testing incremental sync.
   */
  simulateSync(connectionId: number, options?: SimulateSyncOptions): SimulatedSync;
  /** Puts a connection in a state as if its bank had said so (`null`: a successful sync). */
  setConnectionState(connectionId: number, state: ConnectionState, message?: string): void;
  /** Registers a webhook (like `POST /webhooks`); returns its id and, for `signature`, the secret. */
  addWebhook(options: WebhookOptions): {
    /** The webhook's id. */
    id: number;
    /** The HMAC secret, for `auth: "signature"`. */
    secret?: string;
  };
  /** Resolves when every webhook POST under way has been answered. */
  flushWebhooks(): Promise<void>;
  /** Back to a fresh start from the same seed: state, faults, request log, deliveries (URL and clock stay). */
  reset(): void;
  /** Stops the server, ends every open connection and timer. */
  close(): Promise<void>;
}

/** Starts a sandbox on 127.0.0.1 (a free port unless `port`); `close()` it when done. */
export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandboxWith(options, []);
}

/** Internal (not exported by index.ts): a sandbox with extra routes, for the sandbox's own tests. */
export async function startSandboxWith(options: SandboxOptions, extraRoutes: Route[]): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const { logger } = resolved;
  const write = typeof logger === "function" ? logger : logger ? (line: string) => logger.warn(line) : undefined;
  const log = (line: string) => write?.(`[budgea sandbox] ${line}`);
  const onClockChange = () => world.scheduler.runDue();
  const clock = createClock({ now: resolved.now, start: resolved.startTime }, onClockChange);
  const world: World = {
    options: resolved,
    credentials: credentialsFor(resolved),
    clock,
    scheduler: new Scheduler(
      () => clock.now(),
      (error) => log(`scheduled task failed: ${String(error)}`),
    ),
    store: new Store(resolved.seed),
    webhooks: undefined as unknown as WebhookDispatcher,
    baseUrl: "",
    log,
  };
  world.webhooks = new WebhookDispatcher(world);
  const router = buildRouter().add(...extraRoutes);
  const app: App = {
    world,
    router,
    faults: new Faults(router),
    log: new RequestLog(),
    sleeper: new Sleeper(),
  };
  const server = await listen(
    (req, res) => handleRequest(app, req, res),
    resolved.port ?? 0,
    (e) => log(String(e)),
  );
  world.baseUrl = `http://127.0.0.1:${portOf(server)}${API_PREFIX}`;
  freshState(world);
  return sandboxHandle(app, server);
}

function freshState(world: World): void {
  world.scheduler.clear();
  world.store = new Store(world.options.seed);
  world.store.tokens.set(world.credentials.manageToken, {
    value: world.credentials.manageToken,
    kind: "manage",
    idUser: undefined,
    issuedAt: world.clock.now(),
  });
  const hook = world.options.webhook;
  if (hook) registerWebhook(world, typeof hook === "string" ? { url: hook } : hook);
}

function registerWebhook(world: World, options: WebhookOptions): { id: number; secret?: string } {
  const auth =
    options.auth === "signature"
      ? addAuthProvider(world, `sandbox-${world.store.authProviders.size + 1}`, "hmac_signature", options.secret)
      : undefined;
  const hook = addWebhookRecord(world, options.url, { idAuth: auth?.id, gzip: options.gzip });
  return auth ? { id: hook.id, secret: auth.secret } : { id: hook.id };
}

function sandboxHandle(app: App, server: Server): Sandbox {
  const { world } = app;
  let closing: Promise<void> | undefined;
  return {
    url: world.baseUrl,
    port: portOf(server),
    manageToken: world.credentials.manageToken,
    clientId: world.credentials.clientId,
    clientSecret: world.credentials.clientSecret,
    redirectUris: world.credentials.redirectUris,
    clock: world.clock,
    banks: BANKS.map((b) => ({
      id: b.id,
      uuid: b.uuid,
      name: b.name,
      behaviour: b.behaviour.kind,
      summary: b.summary,
    })),
    routes: app.router.list(),
    get requestLog() {
      return app.log.entries;
    },
    get webhookDeliveries() {
      return world.webhooks.deliveries;
    },
    get webhookSecret() {
      return [...world.store.authProviders.values()].pop()?.secret;
    },
    inject: (options) => app.faults.inject(options),
    requests: (filter) => app.log.count(filter),
    createUser: (options) => createUserWithConnection(world, options),
    addTransactions: (accountId, count) => addHeadTransactions(world, accountId, count),
    simulateSync: (id, options) => simulateSync(world, id, options),
    setConnectionState: (id, state, message) => setConnectionState(world, id, state, message),
    addWebhook: (options) => registerWebhook(world, options),
    flushWebhooks: () => world.webhooks.flush(),
    reset() {
      app.faults.clear();
      app.log.clear();
      world.webhooks.reset();
      freshState(world);
    },
    close() {
      closing ??= (async () => {
        world.scheduler.close();
        app.sleeper.close();
        world.webhooks.close();
        await closeServer(server);
        await world.webhooks.flush();
      })();
      return closing;
    },
  };
}
