export { Budgea } from "./client.js";
export type { BudgeaOptions } from "./options.js";
export type { BudgeaApi, ApiResponse } from "./api-types.js";
export type { Logger } from "./logger.js";
export type { Middleware } from "./middleware/types.js";
export type { Fetch } from "./transport.js";
export * from "./errors.js";
export { VERSION } from "./version.js";
