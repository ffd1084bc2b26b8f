import { forbidden, invalidValue, notFound } from "../http/errors.js";
import type { Ctx } from "../http/router.js";
import type { UserRecord } from "../state/records.js";

/**
 * The user a `/users/{id_user}/…` path names: `me` (or `all`) is the caller; a number must be the caller's
 * own id, unless the caller holds the manage token (which has no user of its own, so needs a number).
 */
export function targetUser(ctx: Ctx): UserRecord {
  const raw = ctx.params.id_user ?? "me";
  const principal = ctx.principal!;
  if (raw === "me" || raw === "all") {
    if (principal.kind === "user") return principal.user;
    throw invalidValue("id_user", "the manage token has no user of its own, use a user id");
  }
  if (!/^\d+$/.test(raw)) throw invalidValue("id_user", "expected a user id, me or all");
  const id = Number(raw);
  if (principal.kind === "user") {
    if (principal.user.id !== id) throw forbidden("This token belongs to another user");
    return principal.user;
  }
  const user = ctx.world.store.users.get(id);
  if (!user) throw notFound(`User ${id}`);
  return user;
}

/**
 * `/users/all/…` with the manage token: the lists a domain-wide sync reads (connections, accounts, transactions)
 * answer for every user of the domain. Elsewhere `all` stays the caller (`targetUser`).
 */
export function domainWide(ctx: Ctx): boolean {
  return ctx.params.id_user === "all" && ctx.principal?.kind === "manage";
}

/** A numeric path parameter (`id_connection`, `id_account`, …). */
export function idParam(ctx: Ctx, name: string): number {
  const raw = ctx.params[name] ?? "";
  if (!/^\d+$/.test(raw)) throw invalidValue(name, "expected a numeric id");
  return Number(raw);
}
