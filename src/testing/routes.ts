import { accountRoutes } from "./accounts/routes.js";
import { authRoutes } from "./auth/routes.js";
import { bankRoutes } from "./banks/routes.js";
import { connectionRoutes } from "./connections/routes.js";
import { Router } from "./http/router.js";
import { userTransactionRoutes } from "./sync/transactions.js";
import { transferRoutes } from "./transfers/routes.js";
import { webhookRoutes } from "./webhooks/routes.js";
import { webviewRoutes } from "./webview/routes.js";

export function buildRouter(): Router {
  return new Router().add(
    ...authRoutes(),
    ...bankRoutes(),
    ...connectionRoutes(),
    ...accountRoutes(),
    ...userTransactionRoutes(),
    ...transferRoutes(),
    ...webhookRoutes(),
    ...webviewRoutes(),
  );
}
