/**
 * `budgea/testing`: a stateful fake Budgea API on loopback, for offline tests and demos (Node only).
 *
 *     const sb = await startSandbox({ seed: 7 });
 *     // … point a client at sb.url …
 *     await sb.close();
 *
 * @module budgea/testing
 */
export { startSandbox } from "./sandbox.js";
export type { Sandbox, SeededBankInfo } from "./sandbox.js";
export type { SandboxOptions, WebhookOptions } from "./options.js";
export type { SandboxClock } from "./core/clock.js";
export type { Fault, InjectOptions, InjectedFault } from "./http/faults.js";
export type { PathFilter } from "./http/path-filter.js";
export type { LoggedRequest } from "./http/request-log.js";
export type { WebhookDelivery } from "./webhooks/dispatcher.js";
export type { CreatedUser, CreateUserOptions } from "./hooks.js";
export type { SimulateSyncOptions, SimulatedSync } from "./sync/simulate.js";
export { signWebhook, webhookSignature } from "./webhooks/sign.js";
export { WEBVIEW_IDS } from "./webview/ids.js";
