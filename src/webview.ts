/**
 * Webview URLs and their callbacks (docs, "Webview" → "Endpoints reference"). Partners send their users to
 * the webview, which handles bank credentials, then redirects to `redirect_uri` with the outcome.
 *
 * Two forms: `legacy` (default) `{baseUrl}/auth/webview/{lang?}/{flow}?…`, and `current`
 * `https://webview.powens.com/{lang?}/{flow}?domain={domain}&…`, where `domain` is the host of the
 * client's `baseUrl` (`demo.biapi.pro` for `https://demo.biapi.pro/2.0`) unless given.
 */
import {
  InvalidOptionsError,
  WebviewCallbackDuplicateError,
  WebviewCallbackError,
  WebviewCallbackUnrecognizedError,
  WebviewParamsError,
} from "./errors.js";
import { objectArg } from "./options.js";

/** The webview's flows: add a connection, repair one, manage them all, make a transfer. */
export type WebviewFlow = "connect" | "reconnect" | "manage" | "transfer";

/** Parameters every flow takes. */
export interface CommonParams {
  /** Default: the client's `clientId`. */
  clientId?: string | number;
  /** Opaque, comes back exactly as given on the callback: bind it to the user's session (CSRF). */
  state?: string;
}

/** Connector filters are exclusive: ids or UUIDs. */
export type ConnectorFilter =
  | {
      /** Only these connectors (bank ids) are offered. */
      connectorIds?: readonly number[];
      /** Exclusive with `connectorIds`. */
      connectorUuids?: never;
    }
  | {
      /** Only these connectors (bank UUIDs) are offered. */
      connectorUuids?: readonly string[];
      /** Exclusive with `connectorUuids`. */
      connectorIds?: never;
    };

/** Which connectors and accounts the webview offers. */
export interface AccountFilters {
  /** e.g. `["bank"]`, `["document"]`; all must match. */
  connectorCapabilities?: readonly string[];
  /** Only accounts of these types (`checking`, `savings`, …). */
  accountTypes?: readonly string[];
  /** Only accounts of these usages (`PRIV`, `ORGA`, `ASSO`). */
  accountUsages?: readonly string[];
}

/** Parameters of the `connect` flow: add a connection. */
export type ConnectParams = CommonParams &
  ConnectorFilter &
  AccountFilters & {
    /** Absolute, without a query string (carry data in `state`). */
    redirectUri: string;
    /** A temporary code (`user.auth.code()`); without one the webview creates an anonymous user. */
    code?: string;
    /** Only the accounts with these IBANs are offered. */
    accountIbans?: readonly string[];
  };

/** Parameters of the `reconnect` flow: repair a connection (new credentials, a renewed SCA). */
export interface ReconnectParams extends CommonParams {
  /** Absolute, without a query string (carry data in `state`). */
  redirectUri: string;
  /** A temporary code of the connection's user (`auth.code()`). */
  code: string;
  /** The connection to repair. */
  connectionId: number;
  /** Ask for every credential again, not only what is outdated. */
  resetCredentials?: boolean;
}

/** Parameters of the `manage` flow: the user's connections, to add, repair or delete. */
export interface ManageParams extends CommonParams, AccountFilters {
  /** A temporary code of the user (`auth.code()`). */
  code: string;
  /** Optional here: when given, the webview shows a close button that redirects to it. */
  redirectUri?: string;
}

/** Parameters of the `transfer` flow: the user makes (or validates) a transfer. */
export interface TransferParams extends CommonParams {
  /** Absolute, without a query string (carry data in `state`). */
  redirectUri: string;
  /** A temporary code of the user (`auth.code()`). */
  code: string;
  /** A prepared transfer to validate; the user cannot edit it. */
  transferId?: number;
}

/** The parameters of each flow: `webview.url(flow, params)` takes `WebviewParams[flow]`. */
export interface WebviewParams {
  /** Add a connection. */
  connect: ConnectParams;
  /** Repair a connection. */
  reconnect: ReconnectParams;
  /** Manage the user's connections. */
  manage: ManageParams;
  /** Make a transfer. */
  transfer: TransferParams;
}

/** How `webview.url()` builds the URL: which webview, which language. */
export interface WebviewUrlOptions {
  /** `legacy` (default): on the API's domain, `/2.0/auth/webview/…`; `current`: webview.powens.com. */
  form?: "legacy" | "current";
  /** `en`, `fr`, …; without it the webview follows the browser's language. */
  lang?: string;
  /** `current` form: the webview's origin. Default `https://webview.powens.com`. */
  webviewUrl?: string;
  /** `current` form: the `domain` parameter. Default: the host of the client's `baseUrl`. */
  domain?: string;
}

/** What `new Webview()` needs from the client: `token` is only compared with `code`, never sent. */
export interface WebviewConfig {
  /** The API base URL (the `legacy` form's origin; the `current` form's default `domain`). */
  baseUrl: string;
  /** The default `clientId` of every flow. */
  clientId?: string | number | undefined;
  /** The client's bearer token: a `code` equal to it is refused (a token must not go in a URL). */
  token?: string | undefined;
}

/** The error codes the webview documents (docs, "Webview" → "Callback handling"), one list for types and checks. */
export const WEBVIEW_ERROR_CODES = ["access_denied", "server_error", "tos_declined"] as const;

/** The error codes the webview documents: the user cancelled, the API failed, the user declined the terms. */
export type WebviewErrorCode = (typeof WEBVIEW_ERROR_CODES)[number];

/** The outcome of a flow: `ok`, or an `error` code (`known: false` for codes newer than this release). */
export type WebviewCallback =
  | {
      /** The flow succeeded. */
      ok: true;
      /** The connection added or repaired (`connect`, `reconnect`). */
      connectionId?: number;
      /** The connections added, when the webview names several. */
      connectionIds?: number[];
      /** A temporary code of the user: exchange it server side for a permanent token (`auth.exchange`). */
      code?: string;
      /** The `state` sent, unchanged. */
      state?: string;
      /** The transfer made (`transfer`). */
      transferId?: number;
    }
  | {
      /** The flow failed or was cancelled. */
      ok: false;
      /** A code this release knows: `error` is a WebviewErrorCode. */
      known: true;
      /** Why: `access_denied` when the user cancelled. */
      error: WebviewErrorCode;
      /** The webview's explanation, when it gives one. */
      description?: string;
      /** The `state` sent, unchanged. */
      state?: string;
    }
  /** An error code this version does not know (the docs promise new ones): handle it generically. */
  | {
      /** The flow failed. */
      ok: false;
      /** A code newer than this release. */
      known: false;
      /** The code, as the webview sent it. */
      error: string;
      /** The webview's explanation, when it gives one. */
      description?: string;
      /** The `state` sent, unchanged. */
      state?: string;
    };

/** The callback as a full or relative URL, a query string (with or without `?`), a URL or its parameters. */
export type CallbackInput = string | URL | URLSearchParams;

type Kind = "string" | "id" | "ids" | "list" | "bool";

// Per flow, in URL order: `!` marks a required parameter, `:kind` a non-string one.
const FLOWS: Record<WebviewFlow, string> = {
  connect:
    "redirectUri! code connectorIds:ids connectorUuids:list connectorCapabilities:list accountIbans:list accountTypes:list accountUsages:list",
  reconnect: "redirectUri! code! connectionId!:id resetCredentials:bool",
  manage: "code! redirectUri connectorCapabilities:list accountTypes:list accountUsages:list",
  transfer: "redirectUri! code! transferId:id",
};
/** Every parameter a webview callback can carry: a callback carries at least one (`state` counts even empty). */
const CALLBACK_PARAMS = [
  "connection_id",
  "id_connection",
  "connection_ids",
  "code",
  "transfer_id",
  "state",
  "error",
  "error_description",
] as const;

/** `budgea.webview`: `new Webview({ baseUrl, clientId, token })`, the client's configuration and token. */
export class Webview {
  readonly #config: WebviewConfig;

  constructor(config: WebviewConfig) {
    if (typeof config?.baseUrl !== "string") throw new InvalidOptionsError("baseUrl", "must be the API's base URL");
    this.#config = config;
  }

  /** The webview URL of a flow, every value URL-encoded; a missing or malformed parameter is refused, named. */
  url<F extends WebviewFlow>(flow: F, params: WebviewParams[F], options: WebviewUrlOptions = {}): string {
    const spec = typeof flow === "string" && Object.hasOwn(FLOWS, flow) ? FLOWS[flow] : undefined;
    if (!spec) throw new WebviewParamsError("flow", `must be one of ${Object.keys(FLOWS).join(", ")}`);
    if (params === null || typeof params !== "object") throw new WebviewParamsError("params", "must be an object");
    const fields = parseSpec(`clientId! ${spec} state`);
    for (const key of Object.keys(params)) {
      if (!fields.some((f) => f.name === key))
        throw new WebviewParamsError(
          key,
          `is not a parameter of \`${flow}\` (known: ${fields.map((f) => f.name).join(", ")})`,
        );
    }
    const values: Record<string, unknown> = {
      ...params,
      clientId: (params as CommonParams).clientId ?? this.#config.clientId,
    };
    checkParams(values, this.#config.token);
    const query = fields.flatMap(({ name, required, kind }) => {
      const value = values[name];
      if (value === undefined) {
        if (required) throw new WebviewParamsError(name, `is required by \`${flow}\``);
        return [];
      }
      return [`${snake(name)}=${encodeValue(name, kind, value)}`];
    });
    return `${this.#base(flow, options)}${query.join("&")}`;
  }

  /** Reads the redirect back from the webview: a URL, a query string, or its parameters (strictly: see parseWebviewCallback). */
  parseCallback(input: CallbackInput, options: { expectedState?: string } = {}): WebviewCallback {
    return parseWebviewCallback(input, options);
  }

  #base(flow: string, { form = "legacy", lang, webviewUrl, domain }: WebviewUrlOptions): string {
    if (lang !== undefined && (typeof lang !== "string" || !/^[a-z]{2}(?:-[A-Za-z]{2})?$/.test(lang)))
      throw new WebviewParamsError("lang", "must be a language code such as `en` or `fr`");
    const path = `${lang ? `${lang}/` : ""}${flow}?`;
    if (form === "legacy") return `${this.#config.baseUrl.replace(/\/+$/, "")}/auth/webview/${path}`;
    if (form !== "current") throw new WebviewParamsError("form", 'must be "legacy" or "current"');
    const origin = webviewUrl ?? "https://webview.powens.com";
    if (typeof origin !== "string" || !/^https?:\/\/[^?#]+$/.test(origin))
      throw new WebviewParamsError("webviewUrl", "must be an http(s) URL without query or fragment");
    const host = domain ?? hostOf(this.#config.baseUrl);
    return `${origin.replace(/\/+$/, "")}/${path}domain=${encodeText("domain", host)}&`;
  }
}

/**
 * `parseCallback` without a client. Strict, since the callback URL is anyone's to forge: a parameter given
 * twice is refused (WebviewCallbackDuplicateError), and so is input that carries none of a callback's
 * parameters (WebviewCallbackUnrecognizedError); with `expectedState`, a different `state` is refused (CSRF), and
 * so is every callback when `expectedState` is given as `undefined` (the state you stored was lost).
 */
export function parseWebviewCallback(input: CallbackInput, options: { expectedState?: string } = {}): WebviewCallback {
  options = objectArg(options, "parseWebviewCallback(input, options)");
  const query = searchParamsOf(input);
  checkCallbackParams(query);
  const get = (name: string): string | undefined => query.get(name) || undefined; // empty means absent
  const state = query.get("state") ?? undefined; // but an empty state is still the state sent
  // Given but undefined: the app meant to check and lost its state (an expired session); never skip the check then.
  if ("expectedState" in options && options.expectedState === undefined)
    throw new WebviewCallbackError("webview callback: `expectedState` is undefined (the state you sent was not found)");
  if (options.expectedState !== undefined && state !== options.expectedState)
    throw new WebviewCallbackError("webview callback: `state` does not match the one sent (forged or stale)");
  const error = query.get("error");
  const description = get("error_description");
  const connectionId = get("connection_id") ?? get("id_connection"); // id_connection: webview v3
  const connectionIds = get("connection_ids");
  const code = get("code");
  const transferId = get("transfer_id");
  const result: WebviewCallback =
    error === null
      ? {
          ok: true,
          ...(connectionId && { connectionId: idOf("connection_id", connectionId) }),
          ...(connectionIds && { connectionIds: connectionIds.split(",").map((id) => idOf("connection_ids", id)) }),
          ...(code && { code }),
          ...(transferId && { transferId: idOf("transfer_id", transferId) }),
        }
      : isKnownError(error)
        ? { ok: false, known: true, error, ...(description && { description }) }
        : { ok: false, known: false, error, ...(description && { description }) };
  return state === undefined ? result : { ...result, state };
}

function isKnownError(code: string): code is WebviewErrorCode {
  return (WEBVIEW_ERROR_CODES as readonly string[]).includes(code);
}

/** No parameter twice; at least one of a callback's parameters, with a value (`state` may be empty). */
function checkCallbackParams(query: URLSearchParams): void {
  const seen = new Set<string>();
  query.forEach((_value, name) => {
    if (seen.has(name)) throw new WebviewCallbackDuplicateError(name);
    seen.add(name);
  });
  const carried = CALLBACK_PARAMS.some((name) => query.has(name) && (name === "state" || query.get(name) !== ""));
  if (!carried)
    throw new WebviewCallbackUnrecognizedError(
      `webview callback: none of the parameters a callback carries (${CALLBACK_PARAMS.join(", ")})`,
    );
}

interface Field {
  name: string;
  required: boolean;
  kind: Kind;
}

function parseSpec(spec: string): Field[] {
  return spec.split(" ").map((word) => {
    const [head = "", kind = "string"] = word.split(":");
    return { name: head.replace("!", ""), required: head.endsWith("!"), kind: kind as Kind };
  });
}

function checkParams(values: Record<string, unknown>, token: string | undefined): void {
  const { redirectUri, code, clientId } = values;
  if (clientId === undefined)
    throw new WebviewParamsError("clientId", "is required (here, or the client's `clientId`)");
  if (typeof redirectUri === "string") checkRedirectUri(redirectUri);
  if (token !== undefined && code === token)
    throw new WebviewParamsError("code", "is the client's bearer token: put a temporary code in URLs (`auth.code()`)");
  if (values.connectorIds !== undefined && values.connectorUuids !== undefined)
    throw new WebviewParamsError("connectorIds", "and `connectorUuids` are exclusive: give one");
}

/** Schemes that run or read something where they are opened: never where a user is sent back. */
const UNSAFE_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:", "blob:", "about:"]);

/**
 * Absolute, `scheme://host…` (https, http, or an app's own scheme), read the same by every parser: no
 * whitespace, control characters or backslashes, no user info, no query string, no fragment.
 */
function checkRedirectUri(uri: string): void {
  if (/[\s\\\u0000-\u001f\u007f]/.test(uri))
    throw new WebviewParamsError("redirectUri", "must not contain whitespace, control characters or backslashes");
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new WebviewParamsError("redirectUri", "must be an absolute URI");
  }
  if (UNSAFE_SCHEMES.has(url.protocol) || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i.test(uri))
    throw new WebviewParamsError("redirectUri", "must be an https, http or app URI with a host (`scheme://host/…`)");
  if (url.username || url.password || /^[^/]*\/\/[^/?#]*@/.test(uri))
    throw new WebviewParamsError("redirectUri", "must not carry user info (`user@`)");
  if (url.search || uri.includes("?"))
    throw new WebviewParamsError("redirectUri", "must not carry a query string: carry your data in `state`");
  if (url.hash || uri.includes("#")) throw new WebviewParamsError("redirectUri", "must not carry a fragment");
}

function encodeValue(name: string, kind: Kind, value: unknown): string {
  if (kind === "bool") {
    if (typeof value !== "boolean") throw new WebviewParamsError(name, "must be a boolean");
    return String(value);
  }
  if (kind === "id") return String(checkId(name, value));
  if (kind === "ids" || kind === "list") {
    if (!Array.isArray(value) || value.length === 0) throw new WebviewParamsError(name, "must be a non-empty array");
    return value.map((item) => (kind === "ids" ? String(checkId(name, item)) : encodeText(name, item))).join(",");
  }
  if (name === "clientId" && typeof value === "number") return String(checkId(name, value));
  return encodeText(name, value, name === "state");
}

function encodeText(name: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== "string" || (!value && !allowEmpty))
    throw new WebviewParamsError(name, "must be a non-empty string");
  try {
    return encodeURIComponent(value);
  } catch {
    throw new WebviewParamsError(name, "must be well-formed Unicode (it holds a lone surrogate)");
  }
}

function checkId(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new WebviewParamsError(name, "must hold non-negative integer ids");
  return value;
}

function idOf(name: string, text: string): number {
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(id)) throw new WebviewCallbackError(`webview callback: \`${name}\` is not an id`);
  return id;
}

function searchParamsOf(input: CallbackInput): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  if (typeof input !== "string")
    throw new WebviewCallbackError("webview callback: expected a URL, a query string or URLSearchParams");
  let url: URL | undefined;
  try {
    url = new URL(input);
  } catch {
    url = undefined;
  }
  if (url) return url.searchParams;
  const query = input.split("#", 1)[0] ?? "";
  const mark = query.indexOf("?");
  return new URLSearchParams(mark < 0 ? query : query.slice(mark + 1));
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    throw new WebviewParamsError("domain", "cannot be derived from the client's baseUrl: give `domain`");
  }
}
