import { randomToken } from "../core/random.js";
import type { CodeType, TokenKind, TokenRecord, UserRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/** Temporary tokens (`/auth/init` without credentials) and codes (`/auth/token/code`) live 30 minutes. */
export const TEMPORARY_TTL_S = 1800;

export function issueToken(
  world: World,
  kind: TokenKind,
  idUser: number | undefined,
  codeType?: CodeType,
): TokenRecord {
  const now = world.clock.now();
  const record: TokenRecord = {
    value: randomToken(world.store.rng),
    kind,
    idUser,
    codeType,
    issuedAt: now,
    expiresAt: kind === "temporary" || kind === "code" ? now + TEMPORARY_TTL_S * 1000 : undefined,
  };
  world.store.tokens.set(record.value, record);
  return record;
}

export function createUser(world: World, platform: UserRecord["platform"] = "sharedAccess"): UserRecord {
  const user: UserRecord = { id: world.store.nextId("user"), signin: world.clock.now(), platform };
  world.store.users.set(user.id, user);
  return user;
}

/** Revokes every token of a user but `keep` (`/auth/renew` with `revoke_previous`). */
export function revokeUserTokens(world: World, idUser: number, keep: TokenRecord): void {
  for (const token of world.store.tokens.values()) {
    if (token.idUser === idUser && token !== keep && token.revokedAt === undefined) token.revokedAt = world.clock.now();
  }
}

/** The token a 2020 webhook carries as bearer: the user's newest live permanent token, else temporary one. */
export function webhookTokenOf(world: World, idUser: number): string | undefined {
  const live = [...world.store.tokens.values()].filter(
    (t) => t.idUser === idUser && t.revokedAt === undefined && (t.kind === "permanent" || t.kind === "temporary"),
  );
  const byAge = (a: TokenRecord, b: TokenRecord) => b.issuedAt - a.issuedAt;
  return (live.filter((t) => t.kind === "permanent").sort(byAge)[0] ?? live.sort(byAge)[0])?.value;
}

export function isExpired(world: World, token: TokenRecord): boolean {
  return token.expiresAt !== undefined && token.expiresAt <= world.clock.now();
}
