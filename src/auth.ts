/**
 * The token lifecycle: init → code → access (→ renew, revoke). Every grant is normalised to
 * `{ token, type, idUser, expiresAt }` whichever of `auth_token`/`access_token` the API answered, and the
 * expiry of a temporary token is remembered so a client using it past its 30 minutes fails fast.
 */
import type { BudgeaClient } from "./client.js";
import { InvalidOptionsError } from "./errors.js";
import { objectArg } from "./options.js";
import { expectField } from "./shape.js";

/** A token the API granted (`auth.init`, `exchange`, `renew`), whichever field name the API used. */
export interface TokenGrant {
  /** The bearer token: pass it to `budgea.withToken()`. */
  token: string;
  /** `temporary` (30 minutes) or `permanent`, as the API says. */
  type: string;
  /** The user the token belongs to: `auth.renew` needs it. */
  idUser: number | undefined;
  /** When a temporary token stops working; undefined for a permanent one. */
  expiresAt: Date | undefined;
}

/** What `auth.code()` returns: a short-lived code to hand to the browser or the webview. */
export interface TemporaryCode {
  /** A 30-minute code, usable as a bearer token, for the browser or the webview. */
  code: string;
  /** The code's kind, as the API says (`temporary` when it does not). */
  type: string;
  /** When the code stops working. */
  expiresAt: Date;
}

/** The kind of code `auth.code()` asks for: `requestAccess` or `singleAccess` (the webview); others pass through. */
export type CodeType = "requestAccess" | "singleAccess" | (string & {});

/** Options every `auth` call takes. */
export interface CallOptions {
  /** Aborts the call (it rejects with AbortError). */
  signal?: AbortSignal;
}

/** `budgea.auth`: the token lifecycle, init → code → exchange (→ renew, revoke). */
export class Auth {
  readonly #budgea: BudgeaClient;

  constructor(budgea: BudgeaClient) {
    this.#budgea = budgea;
  }

  /**
   * Creates a user: a temporary token (30 min), or a permanent one when the client has `clientId` and
   * `clientSecret` (server side) or calls with the manage token.
   */
  async init(options: CallOptions = {}): Promise<TokenGrant> {
    const { signal } = objectArg(options, "auth.init(options)");
    const { clientId, clientSecret } = this.#budgea.config;
    const body = clientId && clientSecret ? { client_id: clientId, client_secret: clientSecret } : {};
    const { data } = await this.#budgea.api.POST("/auth/init", { body, signal });
    expectField(data, "auth_token", "string", "POST /auth/init");
    return this.#grant(data.auth_token, data.type, data.id_user, data.expires_in);
  }

  /** A temporary code for this client's user (`requestAccess` by default; `singleAccess` for the webview). */
  async code(options: CallOptions & { type?: CodeType } = {}): Promise<TemporaryCode> {
    const { type, signal } = objectArg(options, "auth.code(options)");
    const query = type ? { type } : {};
    const { data } = await this.#budgea.api.GET("/auth/token/code", { params: { query }, signal });
    expectField(data, "code", "string", "GET /auth/token/code");
    const expiresAt = expiry(data.expires_in ?? 1800)!;
    this.#budgea.rememberExpiry(data.code, expiresAt);
    return { code: data.code, type: String(data.type ?? "temporary"), expiresAt };
  }

  /**
   * Server side: turns a temporary code into the user's permanent token (needs `clientSecret`). The code is
   * single-use: once the API has answered the token, it is returned even when the follow-up lookup of its
   * user fails (`idUser` is then undefined: `GET /users/me` with the token tells it later).
   */
  async exchange(options: CallOptions & { code: string }): Promise<TokenGrant> {
    const { code, signal } = objectArg(options, "auth.exchange(options)", true);
    if (typeof code !== "string" || !code.trim())
      throw new InvalidOptionsError("code", "must be the temporary code (a non-empty string)");
    const { clientId, clientSecret } = this.#credentials("auth.exchange");
    const { data } = await this.#budgea.api.POST("/auth/token/access", {
      body: { code, client_id: clientId, client_secret: clientSecret, grant_type: "authorization_code" },
      token: null,
      signal,
    });
    expectField(data, "access_token", "string", "POST /auth/token/access");
    // The code is spent now: the token must reach the caller even if asking whose it is fails.
    const idUser = (data as { id_user?: number }).id_user ?? (await this.#userIdOf(data.access_token, signal));
    return this.#grant(data.access_token, "permanent", idUser, undefined);
  }

  /** Server side: a new permanent token for `idUser` from the client credentials (a lost or revoked token). */
  async renew(options: CallOptions & { idUser: number; revokePrevious?: boolean }): Promise<TokenGrant> {
    const { idUser, revokePrevious = false, signal } = objectArg(options, "auth.renew(options)", true);
    if (!Number.isSafeInteger(idUser) || idUser <= 0)
      throw new InvalidOptionsError("idUser", "must be the user's id (a positive integer)");
    const { clientId, clientSecret } = this.#credentials("auth.renew");
    const { data } = await this.#budgea.api.POST("/auth/renew", {
      body: {
        client_id: clientId,
        client_secret: clientSecret,
        id_user: idUser,
        revoke_previous: revokePrevious,
        grant_type: "client_credentials",
      },
      token: null,
      signal,
    });
    expectField(data, "access_token", "string", "POST /auth/renew");
    return this.#grant(data.access_token, "permanent", data.id_user ?? idUser, data.expires_in ?? undefined);
  }

  /** Revokes the token this client uses. Resolves on any 2xx, with or without a body. */
  async revoke(options: CallOptions = {}): Promise<void> {
    const { signal } = objectArg(options, "auth.revoke(options)");
    await this.#budgea.api.DELETE("/auth/token", { signal });
  }

  #grant(
    token: string,
    type: string | null | undefined,
    idUser: number | null | undefined,
    expiresIn: number | null | undefined,
  ): TokenGrant {
    const expiresAt = expiry(expiresIn);
    if (expiresAt) this.#budgea.rememberExpiry(token, expiresAt);
    return { token, type: type ?? (expiresAt ? "temporary" : "permanent"), idUser: idUser ?? undefined, expiresAt };
  }

  #credentials(operation: string): { clientId: string; clientSecret: string } {
    const { clientId, clientSecret } = this.#budgea.config;
    if (!clientId || !clientSecret)
      throw new InvalidOptionsError("clientSecret", `and \`clientId\` are needed for ${operation} (server side)`);
    return { clientId, clientSecret };
  }

  /**
   * The token exchange answers no user id: ask the API whose token it is. A failure here leaves `idUser`
   * undefined (logged as a warning) rather than losing a token that cannot be obtained twice.
   */
  async #userIdOf(token: string, signal: AbortSignal | undefined): Promise<number | undefined> {
    try {
      const { data } = await this.#budgea
        .withToken(token)
        .api.GET("/users/{id_user}", { params: { path: { id_user: "me" } }, signal });
      return typeof data?.id === "number" ? data.id : undefined;
    } catch (error) {
      this.#budgea.config.logger?.warn?.(
        { error: (error as Error)?.name },
        "budgea: auth.exchange got the token but not its user id (GET /users/me failed): idUser is undefined",
      );
      return undefined;
    }
  }
}

function expiry(expiresIn: number | null | undefined): Date | undefined {
  return typeof expiresIn === "number" && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000) : undefined;
}
