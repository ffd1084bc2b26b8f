import type { User } from "../models.js";
import { naiveParis } from "../core/dates.js";
import type { Fields } from "../http/body.js";
import { ApiError, forbidden, invalidValue, notFound } from "../http/errors.js";
import { flag, optionalString, requiredInt, requiredString } from "../http/fields.js";
import { type Ctx, type Route, apiRoute } from "../http/router.js";
import type { CodeType } from "../state/records.js";
import type { World } from "../state/world.js";
import { TEMPORARY_TTL_S, createUser, isExpired, issueToken, revokeUserTokens } from "./tokens.js";
import { targetUser } from "./users.js";

/**
 * `/auth/*`: init → code → access → renew, as the docs' "Protocol" describes. Error codes: wrong client
 * credentials → 401 `invalidClient`; an unknown, used, expired or revoked code → 400 `invalidCode`.
 */
export function authRoutes(): Route[] {
  return [
    apiRoute("post", "/auth/init", "public", (ctx) => {
      const withClient = ctx.body.client_id !== undefined || ctx.body.client_secret !== undefined;
      if (withClient) checkClient(ctx.world, ctx.body);
      const permanent = withClient || ctx.principal?.kind === "manage";
      const user = createUser(ctx.world);
      const token = issueToken(ctx.world, permanent ? "permanent" : "temporary", user.id);
      return permanent
        ? { auth_token: token.value, type: "permanent", id_user: user.id }
        : { auth_token: token.value, type: "temporary", expires_in: TEMPORARY_TTL_S, id_user: user.id };
    }),
    apiRoute("get", "/auth/token/code", "user", issueCode),
    apiRoute("post", "/auth/token/code", "user", issueCode),
    apiRoute("post", "/auth/token/access", "public", (ctx) => {
      checkClient(ctx.world, ctx.body);
      const code = ctx.world.store.tokens.get(requiredString(ctx.body, "code"));
      const usable =
        code &&
        (code.kind === "code" || code.kind === "temporary") &&
        code.revokedAt === undefined &&
        code.exchangedAt === undefined &&
        code.consumedAt === undefined &&
        !isExpired(ctx.world, code);
      if (!usable) throw new ApiError(400, "invalidCode", "Invalid, expired or already used code");
      code.exchangedAt = ctx.world.clock.now();
      if (code.codeType === "singleAccess") code.consumedAt = code.exchangedAt;
      const token = issueToken(ctx.world, "permanent", code.idUser);
      return { access_token: token.value, token_type: "Bearer" };
    }),
    apiRoute("post", "/auth/renew", "public", (ctx) => {
      checkClient(ctx.world, ctx.body);
      const idUser = requiredInt(ctx.body, "id_user");
      if (!ctx.world.store.users.has(idUser)) throw notFound(`User ${idUser}`);
      const token = issueToken(ctx.world, "permanent", idUser);
      if (flag(ctx.body, "revoke_previous")) revokeUserTokens(ctx.world, idUser, token);
      return { access_token: token.value, token_type: "Bearer", id_user: idUser };
    }),
    apiRoute("delete", "/auth/token", "user", (ctx) => {
      if (ctx.principal!.kind === "manage") throw forbidden("The manage token cannot be revoked");
      ctx.principal!.token.revokedAt = ctx.world.clock.now();
      return {};
    }),
    apiRoute("get", "/users/{id_user}", "user", (ctx) => {
      const user = targetUser(ctx);
      return { id: user.id, signin: naiveParis(user.signin), platform: user.platform } satisfies User;
    }),
  ];
}

function issueCode(ctx: Ctx) {
  if (ctx.principal!.kind !== "user") throw forbidden("A code is issued from a user's token");
  const type = optionalString(ctx.query, "type") ?? optionalString(ctx.body, "type") ?? "requestAccess";
  if (type !== "requestAccess" && type !== "singleAccess") throw invalidValue("type", "requestAccess or singleAccess");
  const code = issueToken(ctx.world, "code", ctx.principal!.user.id, type as CodeType);
  return {
    code: code.value,
    type: type === "singleAccess" ? "singleAccess" : "temporary",
    expires_in: TEMPORARY_TTL_S,
  };
}

/** Checks `client_id` and `client_secret` (both required). */
export function checkClient(world: World, fields: Fields): void {
  const id = requiredString(fields, "client_id");
  const secret = requiredString(fields, "client_secret");
  if (id !== world.credentials.clientId || secret !== world.credentials.clientSecret) {
    throw new ApiError(401, "invalidClient", "Invalid client credentials");
  }
}
