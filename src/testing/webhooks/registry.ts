import type { AuthProvider, Webhook } from "../models.js";
import { naiveParis } from "../core/dates.js";
import { randomToken } from "../core/random.js";
import { invalidValue } from "../http/errors.js";
import type { AuthProviderRecord, WebhookRecord } from "../state/records.js";
import type { World } from "../state/world.js";

export const SYNCED_EVENT = "CONNECTION_SYNCED";

export function addAuthProvider(world: World, name: string, type: string, secret?: string): AuthProviderRecord {
  const provider: AuthProviderRecord = {
    id: world.store.nextId("auth"),
    name,
    type,
    secret: secret ?? randomToken(world.store.rng, 40),
  };
  world.store.authProviders.set(provider.id, provider);
  return provider;
}

export function addWebhookRecord(
  world: World,
  url: string,
  options: { event?: string; idAuth?: number; gzip?: boolean } = {},
): WebhookRecord {
  if (!isHttpUrl(url)) throw invalidValue("url", "expected an absolute http(s) URL");
  const hook: WebhookRecord = {
    id: world.store.nextId("webhook"),
    url,
    event: options.event ?? SYNCED_EVENT,
    idAuth: options.idAuth,
    gzip: options.gzip ?? false,
    created: world.clock.now(),
  };
  world.store.webhooks.set(hook.id, hook);
  return hook;
}

export function renderWebhook(hook: WebhookRecord): Webhook {
  const created = naiveParis(hook.created);
  return {
    id: hook.id,
    url: hook.url,
    created,
    updated: created,
    ...(hook.idAuth === undefined ? {} : { id_auth: hook.idAuth }),
  } satisfies Webhook;
}

export function renderAuthProvider(provider: AuthProviderRecord): AuthProvider {
  return { id: provider.id, name: provider.name, type: provider.type } satisfies AuthProvider;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
