/**
 * The client: `new Budgea(options)`, every endpoint typed (`budgea.api`), the workflows (tokens, connections with
 * 2FA/SCA, pagination, webview, webhooks, transfers), the error classes and the common models. WHATWG APIs only:
 * Node 20+, Deno, Bun, edge runtimes and browsers.
 *
 * @module budgea
 */
export { Budgea } from "./budgea.js";
export { BudgeaClient } from "./client.js";
export type { BudgeaOptions } from "./options.js";
export type { BudgeaApi, ApiResponse, BudgeaRequestOptions } from "./api-types.js";
export type { Logger } from "./logger.js";
export type { Middleware, MiddlewareOptions, MiddlewareRequestParams } from "./middleware/types.js";
export type { Fetch } from "./options.js";
export * from "./errors.js";
export { VERSION } from "./version.js";

export {
  Auth,
  type CallOptions as AuthCallOptions,
  type CodeType,
  type TemporaryCode,
  type TokenGrant,
} from "./auth.js";
export { Paginator, type Page, type PaginateOptions, type ListPath } from "./paginate.js";
export {
  Connections,
  type CallOptions as ConnectionCallOptions,
  type ConnectionStep,
  type ConnectOptions,
  type CreateConnectionOptions,
  type UserId,
  type WaitOptions,
} from "./connections.js";
export { type FieldValues, checkFieldValues } from "./fields.js";
export {
  CONNECTION_STATES,
  TRANSFER_STATES,
  type ConnectionStateName,
  type TransferStateName,
} from "./vocabulary.js";
export {
  Recipients,
  Transfers,
  type CallOptions as TransferCallOptions,
  type CreateTransferOptions,
  type RecipientStep,
  type TransferStep,
} from "./transfers.js";
export {
  WEBVIEW_ERROR_CODES,
  Webview,
  parseWebviewCallback,
  type AccountFilters,
  type CallbackInput,
  type CommonParams,
  type ConnectParams,
  type ConnectorFilter,
  type ManageParams,
  type ReconnectParams,
  type TransferParams,
  type WebviewCallback,
  type WebviewConfig,
  type WebviewErrorCode,
  type WebviewFlow,
  type WebviewParams,
  type WebviewUrlOptions,
} from "./webview.js";
export {
  WEBHOOK_EVENT_NAMES,
  Webhooks,
  createDeliveryDeduper,
  isWebhookEventName,
  signWebhook,
  syncedConnections,
  verifyWebhook,
  verifyWebhookRequest,
  type DeliveryDeduper,
  type KnownWebhookEvent,
  type PayloadOf,
  type SignInput,
  type SignatureHeaders,
  type SignatureVerifyOptions,
  type TokenContext,
  type TokenVerifyOptions,
  type UnknownWebhookEvent,
  type VerifyOptions,
  type WebhookEvent,
  type WebhookEventBase,
  type WebhookEventName,
  type WebhookEventOf,
  type WebhookHeaders,
  type WebhookPayload,
  type WebhookPayloads,
  type WebhookRequest,
} from "./webhooks.js";
export {
  Sync,
  type RunOptions as SyncRunOptions,
  type RunResult as SyncRunResult,
  type SyncOptions,
  type WebhookResult as SyncWebhookResult,
} from "./sync/sync.js";
export { SyncRun, type ChangesOptions as SyncChangesOptions, type SyncCounts } from "./sync/run.js";
export { MemorySyncStore, changeOwner, changeVersion, type SyncBatch, type SyncStore } from "./sync/store.js";
export type { DeletedItem, SyncChange, SyncDelete, SyncItems, SyncResource, SyncUpsert } from "./sync/change.js";
export {
  type Disambiguation,
  formatBudgeaDate,
  formatBudgeaDateTime,
  parseBudgeaDateTime,
  parseBudgeaUtcDateTime,
} from "./dates.js";

export type {
  Account,
  AccountOwnership,
  AccountTypeName,
  Connection,
  ConnectionState,
  ConnectionSyncedCurrent,
  ConnectionSyncedEvent,
  ConnectionSyncedPush,
  Connector,
  Currency,
  Field,
  Investment,
  Recipient,
  Transaction,
  TransactionCategory,
  TransactionCounterparty,
  TransactionType,
  Transfer,
  TransferState,
  User,
  UserWebhookEvent,
} from "../generated/models.js";
