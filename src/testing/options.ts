/** Options of `startSandbox()`. Every default is listed in README.md. */
export interface SandboxOptions {
  /** Seeds every generated value: tokens, ids' data, transactions (default 42). */
  seed?: number;
  /** Port on 127.0.0.1 (default 0: the OS picks one). */
  port?: number;
  /**
   * How a connection that needs more from the user is answered. `"2020"` (default): HTTP 202 with the
   * connection (its `fields` to ask). `"current"` (Powens): HTTP 200 with the connection's `state` set.
   */
  connectionStyle?: "2020" | "current";
  /** Transactions generated per account, on the fly (default 300; 100k and more are fine). */
  transactionsPerAccount?: number;
  /** Days the generated history spans, newest on the day the account was created (default 365). */
  historyDays?: number;
  /** Transaction lists carry the current API's cursor, `_links.next.href` (default false). */
  cursorPagination?: boolean;
  /** Where the sandbox clock starts (default: now). The clock then runs in real time. */
  startTime?: number | Date | string;
  /** An injected time source (epoch ms), e.g. a fake timer's; `clock.advance()` still adds to it. */
  now?: () => number;
  /** A decoupled validation ("validate in your bank app") succeeds after this long (default 3000 ms). */
  decoupledDelayMs?: number;
  /** A decoupled validation nobody performs expires after this long (default 300000 ms). */
  decoupledTimeoutMs?: number;
  /** A `validating` connection becomes synced after this long (default 1000 ms). */
  validatingDelayMs?: number;
  /** A `pending` transfer becomes `done` after this long, or at the next sync (default 2000 ms). */
  transferDelayMs?: number;
  /** A recipient's `enabled_at` is this far in the future once its SMS is answered (default 0). */
  recipientActivationDelayMs?: number;
  /** Redirect URIs registered for the client (webview, `/webauth`); default `http://127.0.0.1/callback`, `http://localhost/callback`. */
  redirectUris?: string[];
  /** A webhook registered at start: a URL, or its options. More with `POST /webhooks` or `sb.addWebhook()`. */
  webhook?: string | WebhookOptions;
  /** Where the sandbox reports its own failures (handler bugs, webhook errors): a function of a line, or `console`, pino… (its `warn`). Default: silent. */
  logger?: ((line: string) => void) | { warn(line: string): void };
}

/** A webhook the sandbox posts `CONNECTION_SYNCED` to after each sync. */
export interface WebhookOptions {
  /** Where to POST. */
  url: string;
  /** `"bearer"` (2020, default): `Authorization: Bearer <the user's token>`; `"signature"`: `BI-Signature` HMAC. */
  auth?: "bearer" | "signature";
  /** The HMAC secret for `"signature"` (default: generated from the seed, see `sb.webhookSecret`). */
  secret?: string;
  /** Send the body gzip-encoded (`Content-Encoding: gzip`). */
  gzip?: boolean;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, "startTime" | "now" | "webhook" | "logger" | "port">> &
  Pick<SandboxOptions, "startTime" | "now" | "webhook" | "logger" | "port">;

/** Every option of startSandbox(): a key missing here, or one too many, is a compile error. */
const KNOWN: Record<keyof SandboxOptions, true> = {
  seed: true,
  port: true,
  connectionStyle: true,
  transactionsPerAccount: true,
  historyDays: true,
  cursorPagination: true,
  startTime: true,
  now: true,
  decoupledDelayMs: true,
  decoupledTimeoutMs: true,
  validatingDelayMs: true,
  transferDelayMs: true,
  recipientActivationDelayMs: true,
  redirectUris: true,
  webhook: true,
  logger: true,
};

const DELAYS = [
  "decoupledDelayMs",
  "decoupledTimeoutMs",
  "validatingDelayMs",
  "transferDelayMs",
  "recipientActivationDelayMs",
] as const;

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== "object") throw new TypeError("startSandbox(): takes an options object");
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(KNOWN, key)) {
      throw new TypeError(`startSandbox(): unknown option \`${key}\` (known: ${Object.keys(KNOWN).join(", ")})`);
    }
  }
  const resolved: ResolvedOptions = {
    ...options,
    seed: options.seed ?? 42,
    connectionStyle: options.connectionStyle ?? "2020",
    transactionsPerAccount: options.transactionsPerAccount ?? 300,
    historyDays: options.historyDays ?? 365,
    cursorPagination: options.cursorPagination ?? false,
    decoupledDelayMs: options.decoupledDelayMs ?? 3000,
    decoupledTimeoutMs: options.decoupledTimeoutMs ?? 300_000,
    validatingDelayMs: options.validatingDelayMs ?? 1000,
    transferDelayMs: options.transferDelayMs ?? 2000,
    recipientActivationDelayMs: options.recipientActivationDelayMs ?? 0,
    redirectUris: options.redirectUris ?? ["http://127.0.0.1/callback", "http://localhost/callback"],
  };
  if (!Number.isSafeInteger(resolved.seed)) {
    throw new RangeError(`startSandbox(): \`seed\` must be an integer (got ${JSON.stringify(resolved.seed)})`);
  }
  if (!Number.isSafeInteger(resolved.transactionsPerAccount) || resolved.transactionsPerAccount < 0) {
    throw new RangeError("transactionsPerAccount must be a non-negative integer");
  }
  if (!Number.isSafeInteger(resolved.historyDays) || resolved.historyDays < 1) {
    throw new RangeError("historyDays must be a positive integer");
  }
  if (resolved.connectionStyle !== "2020" && resolved.connectionStyle !== "current") {
    throw new RangeError('connectionStyle must be "2020" or "current"');
  }
  for (const key of DELAYS) {
    const ms = resolved[key];
    if (typeof ms !== "number" || !(ms >= 0 && ms < 2 ** 31))
      throw new RangeError(`startSandbox(): \`${key}\` must be a number of milliseconds >= 0 (got ${JSON.stringify(ms)})`);
  }
  const logger = options.logger as unknown;
  if (logger !== undefined && typeof logger !== "function" && typeof (logger as { warn?: unknown })?.warn !== "function")
    throw new TypeError("startSandbox(): `logger` must be a function of a line, or an object with `warn` (console, pino)");
  return resolved;
}
