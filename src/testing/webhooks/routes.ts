import type { AuthProvider } from "../models.js";
import { invalidValue, notFound } from "../http/errors.js";
import { flag, optionalString, requiredString } from "../http/fields.js";
import { paginate } from "../http/paging.js";
import { type Ctx, type Route, apiRoute } from "../http/router.js";
import { idParam } from "../auth/users.js";
import { addAuthProvider, addWebhookRecord, renderAuthProvider, renderWebhook } from "./registry.js";

/**
 * Webhook registration (manage token). `POST /webhooks/auth` creates an HMAC secret: its answer carries
 * it once, in `config.secret_key` (or takes yours from `config`); a webhook with that `id_auth` is signed.
 */
export function webhookRoutes(): Route[] {
  return [
    apiRoute("post", "/webhooks", "manage", (ctx) => {
      const idAuth = authIdOf(ctx);
      const hook = addWebhookRecord(ctx.world, requiredString(ctx.body, "url"), {
        event: optionalString(ctx.body, "event"),
        idAuth,
        gzip: flag(ctx.body, "gzip"),
      });
      return renderWebhook(hook);
    }),
    apiRoute("get", "/webhooks", "manage", (ctx) => {
      const page = paginate([...ctx.world.store.webhooks.values()], ctx.query);
      return { webhooks: page.items.map(renderWebhook), total: page.total };
    }),
    apiRoute("delete", "/webhooks/{id_webhook}", "manage", (ctx) => {
      const id = idParam(ctx, "id_webhook");
      const hook = ctx.world.store.webhooks.get(id);
      if (!hook) throw notFound(`Webhook ${id}`);
      ctx.world.store.webhooks.delete(id);
      return renderWebhook(hook);
    }),
    apiRoute("post", "/webhooks/auth", "manage", (ctx) => {
      const provider = addAuthProvider(
        ctx.world,
        requiredString(ctx.body, "name"),
        requiredString(ctx.body, "type"),
        secretFromConfig(ctx.body.config),
      );
      return { ...renderAuthProvider(provider), config: { secret_key: provider.secret } } satisfies AuthProvider & {
        config: { secret_key: string };
      };
    }),
    apiRoute("get", "/webhooks/auth", "manage", (ctx) => {
      const page = paginate([...ctx.world.store.authProviders.values()], ctx.query);
      return { authproviders: page.items.map(renderAuthProvider), total: page.total };
    }),
  ];
}

function authIdOf(ctx: Ctx): number | undefined {
  const raw = optionalString(ctx.body, "id_auth");
  if (raw === undefined || raw === "") return undefined;
  const provider = [...ctx.world.store.authProviders.values()].find((p) => String(p.id) === raw || p.name === raw);
  if (!provider) throw invalidValue("id_auth", "no such authentication process");
  return provider.id;
}

function secretFromConfig(config: unknown): string | undefined {
  let value = config;
  if (typeof value === "string" && value.trim().startsWith("{")) {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalidValue("config", "expected a JSON object");
    }
  }
  if (value && typeof value === "object" && "secret_key" in value) {
    const secret = (value as { secret_key: unknown }).secret_key;
    if (typeof secret !== "string" || secret.length < 16)
      throw invalidValue("config", "secret_key: at least 16 characters");
    return secret;
  }
  return undefined;
}
