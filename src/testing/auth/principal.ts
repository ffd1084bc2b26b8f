import type { IncomingMessage } from "node:http";
import { ApiError, forbidden } from "../http/errors.js";
import type { Access } from "../http/router.js";
import type { TokenRecord, UserRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { isExpired } from "./tokens.js";

/** Who is calling: the manage token (admin), or a user through one of their tokens or codes. */
export type Principal = { kind: "manage"; token: TokenRecord } | { kind: "user"; token: TokenRecord; user: UserRecord };

/**
 * Error codes: no `Authorization` → 401 `unauthorized`; an unknown, malformed or revoked token, or a used
 * single-access code → 403 `invalidToken` (the docs' "403 Invalid token"); an expired one → 401
 * `tokenExpired`; a user's token on an admin route → 403 `forbidden`.
 */
export function authenticate(world: World, req: IncomingMessage, access: Access): Principal | undefined {
  const header = req.headers.authorization;
  if (access === "public") {
    try {
      return header ? resolve(world, header, false) : undefined;
    } catch {
      return undefined;
    }
  }
  if (!header) throw new ApiError(401, "unauthorized", "Authentication required: send Authorization: Bearer <token>");
  const principal = resolve(world, header, true);
  if (access === "manage" && principal.kind !== "manage") throw forbidden("This route needs the manage token");
  return principal;
}

/** `consume`: a single-access code is used up (not by public routes, which do not need it). */
function resolve(world: World, header: string, consume: boolean): Principal {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match ? world.store.tokens.get(match[1]!) : undefined;
  if (!token) throw new ApiError(403, "invalidToken", "Invalid token");
  if (token.revokedAt !== undefined) throw new ApiError(403, "invalidToken", "This token has been revoked");
  if (token.consumedAt !== undefined)
    throw new ApiError(403, "invalidToken", "This single-access code has already been used");
  if (isExpired(world, token)) throw new ApiError(401, "tokenExpired", "This token has expired");
  if (token.kind === "manage") return { kind: "manage", token };
  const user = world.store.users.get(token.idUser!);
  if (!user) throw new ApiError(403, "invalidToken", "This token's user no longer exists");
  if (consume && token.codeType === "singleAccess") token.consumedAt = world.clock.now();
  return { kind: "user", token, user };
}
