/**
 * One error hierarchy: every failure of the client is a `BudgeaError`.
 *
 * ```text
 *   BudgeaError
 *   ├─ InvalidOptionsError          a bad option, named, at construction or at the call
 *   ├─ ConnectionError              the network failed (reset, refused, DNS) — TimeoutError is one
 *   ├─ AbortError                   the caller's signal aborted
 *   ├─ InvalidResponseError         a body that is not the JSON promised (HTML page, truncated, empty)
 *   └─ APIError                     the API answered an error: status, code, message
 *      ├─ BadRequestError 400, AuthenticationError 401/403 (TokenExpiredError), NotFoundError 404,
 *      │  ConflictError 409, RateLimitError 429, InternalServerError 5xx
 *      └─ ConnectionStateError      a connection-state code (`wrongpass`, `SCARequired`, …), one subclass each
 * ```
 *
 * Errors carry no request object, headers we sent, or body we sent: nothing here can hold a secret. Each
 * names the request it is about (method, path template, host) in its message.
 *
 * Classes are named by a static `errorName` (names survive minification, and no module-level code runs, so
 * bundlers drop the classes a program does not use). `instanceof` also recognises errors from another copy of
 * this package (its ESM and CommonJS builds loaded side by side): same class name, same family.
 */

/** The request an error is about: enough to find it in your logs, never its headers or body. */
export interface RequestInfo {
  /** The HTTP method, upper case. */
  method: string;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  path: string;
  /** The API's host, e.g. `demo.biapi.pro`. */
  host?: string | undefined;
}

const nativeInstanceOf = Function.prototype[Symbol.hasInstance];

export class BudgeaError extends Error {
  /** @internal The class's name, kept through minification (each subclass sets its own). */
  static readonly errorName: string = "BudgeaError";

  /** The connection the failed call was about, when it named one (`resume(id)`, `wait(id)`, `sync(id)`, …). */
  declare readonly connectionId?: number | undefined;
  /** The transfer the failed call was about, when it named one (`validate(id)`, `waitFor(id)`, …). */
  declare readonly transferId?: number | undefined;
  /** The recipient the failed call was about, when it named one (`answer(…, id)`, a transfer to it, …). */
  declare readonly recipientId?: number | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** The class's name, e.g. `WrongPassError`, even in minified bundles. */
  override get name(): string {
    return (this.constructor as typeof BudgeaError).errorName;
  }

  override set name(value: string) {
    Object.defineProperty(this, "name", { value, writable: true, configurable: true });
  }

  /** `instanceof` across copies of this package (ESM and CJS builds side by side): same name, same family. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (nativeInstanceOf.call(this, value)) return true;
    if (value === null || typeof value !== "object") return false;
    let match = false;
    let family = false;
    for (let p = Object.getPrototypeOf(value); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      const ctor = (p as { constructor?: { errorName?: unknown } }).constructor;
      const name = ctor && Object.hasOwn(ctor, "errorName") ? ctor.errorName : undefined;
      if (name === this.errorName) match = true;
      if (name === "BudgeaError") family = true;
    }
    return match && family;
  }

  /** What `JSON.stringify(error)` shows: the name, the message and the error's own public fields. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** An option of `new Budgea()` (or of a call) is missing, malformed or conflicting; thrown before any request. */
export class InvalidOptionsError extends BudgeaError {
  static override readonly errorName: string = "InvalidOptionsError";
  constructor(
    /** The option's name, e.g. `baseUrl`. */
    readonly option: string,
    problem: string,
  ) {
    super(`budgea: option \`${option}\` ${problem}`);
  }
}

/** `GET /banks on demo.biapi.pro`: how messages name a request. */
export function describeRequest(request: RequestInfo): string {
  return `${request.method} ${request.path}${request.host ? ` on ${request.host}` : ""}`;
}

/** What ConnectionError and AbortError are built from: the failure's cause and the request it ended. */
interface AboutRequest {
  cause?: unknown;
  request?: RequestInfo | undefined;
}

/** `GET /banks on demo.biapi.pro: <message>`, when the request is known. */
function named(message: string, request: RequestInfo | undefined): string {
  return request ? `${describeRequest(request)}: ${message}` : message;
}

/** The request's own fields, set on the error (each `undefined` when the request is not known). */
function fieldsOf(request: RequestInfo | undefined): Partial<RequestInfo> {
  return { method: request?.method, path: request?.path, host: request?.host };
}

/** The request got no HTTP answer: connection refused or reset, DNS failure, TLS error (`cause` is fetch's error). */
export class ConnectionError extends BudgeaError {
  static override readonly errorName: string = "ConnectionError";
  /** The request's HTTP method, when known. */
  declare readonly method: string | undefined;
  /** The path template, when known. */
  declare readonly path: string | undefined;
  /** The API's host, when known. */
  declare readonly host: string | undefined;

  constructor(message: string, options: AboutRequest = {}) {
    super(named(message, options.request), { cause: options.cause });
    Object.assign(this, fieldsOf(options.request));
  }
}

/** The call (retries and body read included) outlasted its `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  static override readonly errorName: string = "TimeoutError";
  /** The timeout that expired, in ms. */
  declare readonly timeoutMs: number;

  constructor(timeoutMs: number, request?: RequestInfo) {
    super(`timed out after ${timeoutMs} ms (retries and body read included): raise \`timeoutMs\` for slow calls`, {
      request,
    });
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `signal` aborted the call. */
export class AbortError extends BudgeaError {
  static override readonly errorName: string = "AbortError";
  /** The request's HTTP method, when known. */
  declare readonly method: string | undefined;
  /** The path template, when known. */
  declare readonly path: string | undefined;
  /** The API's host, when known. */
  declare readonly host: string | undefined;

  constructor(message: string, options: AboutRequest = {}) {
    super(named(message, options.request), { cause: options.cause });
    Object.assign(this, fieldsOf(options.request));
  }
}

/** The request and response an error is about: what InvalidResponseError and APIError are built from. */
export interface ResponseInfo extends RequestInfo {
  /** The HTTP status of the response. */
  status: number;
  /** The response headers, lower-case names, without the ones that carry credentials. */
  headers: Record<string, string>;
}

/** The API answered a body that is not the JSON promised (an HTML page, truncated or empty JSON, a wrong shape). */
export class InvalidResponseError extends BudgeaError {
  static override readonly errorName: string = "InvalidResponseError";
  /** The HTTP status of the response. */
  declare readonly status: number;
  /** The request's HTTP method, upper case. */
  declare readonly method: string;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  declare readonly path: string;
  /** The API's host, when known. */
  declare readonly host: string | undefined;
  /** The response's `Content-Type`, when it had one (`text/html` points at a proxy's error page). */
  declare readonly contentType: string | undefined;
  /**
   * What was wrong: `empty` (a 2xx without a body where JSON was promised: the request itself succeeded),
   * `notJson` (an HTML page, truncated JSON) or `shape` (JSON without what the call needs, e.g. a list's items).
   */
  declare readonly reason: "empty" | "notJson" | "shape";

  constructor(
    problem: string,
    info: ResponseInfo,
    options: { cause?: unknown; reason?: "empty" | "notJson" | "shape" } = {},
  ) {
    super(`${info.status} ${problem} (${describeRequest(info)})`, { cause: options.cause });
    this.status = info.status;
    this.method = info.method;
    this.path = info.path;
    this.host = info.host;
    this.contentType = info.headers["content-type"];
    this.reason = options.reason ?? "shape";
  }
}

/** What an APIError is built from: the response, plus the API's error body. */
export interface APIErrorInit extends ResponseInfo {
  /** The API's error code, e.g. `wrongpass`; unknown codes are kept as they are. */
  code?: string | undefined;
  /** The API's message, already scrubbed of secrets. */
  message?: string | undefined;
  /** What to do about it, when the client knows (appended to the message). */
  hint?: string | undefined;
  /** The connection a connection-state error is about. */
  connectionId?: number | undefined;
}

/**
 * The API answered an error. Catch a subclass for one case (NotFoundError, WrongPassError, …) or this class
 * for all; `createAPIError` picks the class from the status and `code`.
 */
export class APIError extends BudgeaError {
  static override readonly errorName: string = "APIError";
  /** The HTTP status; a 2xx when the error is a connection `state` read from a successful answer. */
  declare readonly status: number;
  /** The API's error code, e.g. `wrongpass` or `invalidValue`; unknown codes are kept as they are. */
  declare readonly code: string | undefined;
  /** The request's HTTP method, upper case. */
  declare readonly method: string;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  declare readonly path: string;
  /** The API's host, when known. */
  declare readonly host: string | undefined;
  /** The response headers, lower-case names, without the ones that carry credentials (`set-cookie`, …). */
  declare readonly headers: Record<string, string>;
  /** The API's request id (`X-Request-Id` or `BI-Request-Id`): quote it to support. */
  declare readonly requestId: string | undefined;

  constructor(init: APIErrorInit) {
    const what = [init.code, init.message].filter(Boolean).join(": ") || "error";
    super(`${init.status} ${what} (${describeRequest(init)})${init.hint ? `: ${init.hint}` : ""}`);
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.host = init.host;
    this.headers = init.headers;
    this.requestId = init.headers["x-request-id"] ?? init.headers["bi-request-id"];
  }
}

/** 400: the API refused the request's parameters or body (`code` says which rule). */
export class BadRequestError extends APIError {
  static override readonly errorName: string = "BadRequestError";
}
/** 401 or 403: the token is missing, expired, revoked, or not allowed this call. */
export class AuthenticationError extends APIError {
  static override readonly errorName: string = "AuthenticationError";
}
/** 404: no such resource, or not this user's. */
export class NotFoundError extends APIError {
  static override readonly errorName: string = "NotFoundError";
}
/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends APIError {
  static override readonly errorName: string = "ConflictError";
}
/** 5xx, whatever its `code` (kept): the API failed. An idempotent request was retried first on 502, 503, 504. */
export class InternalServerError extends APIError {
  static override readonly errorName: string = "InternalServerError";
}

/**
 * The token expired: a temporary token (30 min) used past its known expiry — detected before sending (status
 * 401, nothing sent) — or a 401 whose code says the token expired. Get a new one (`auth.init`, `auth.code`).
 */
export class TokenExpiredError extends AuthenticationError {
  static override readonly errorName: string = "TokenExpiredError";
  /** When the token expired, when known (the client's own record of a temporary token). */
  declare readonly expiredAt: Date | undefined;

  constructor(init: APIErrorInit & { expiredAt?: Date | undefined }) {
    super(init);
    this.expiredAt = init.expiredAt;
  }
}

/** 429: too many requests. An idempotent request was retried first, honouring a short enough `Retry-After`. */
export class RateLimitError extends APIError {
  static override readonly errorName: string = "RateLimitError";
  /** What `Retry-After` asked for, when the API said. */
  declare readonly retryAfterMs: number | undefined;
  constructor(init: APIErrorInit) {
    super(init);
    this.retryAfterMs = parseRetryAfter(init.headers["retry-after"]);
  }
}

/** A connection-state code: from an HTTP error (400 `wrongpass`) or from a connection's `state`. */
export class ConnectionStateError extends APIError {
  static override readonly errorName: string = "ConnectionStateError";
  /** The connection in that state, when known. */
  declare readonly connectionId: number | undefined;
  constructor(init: APIErrorInit) {
    super(init);
    this.connectionId = init.connectionId;
  }
}

/** `wrongpass`: the bank refused the credentials; ask the user again (`connections.update`). */
export class WrongPassError extends ConnectionStateError {
  static override readonly errorName: string = "WrongPassError";
}
/** `additionalInformationNeeded`: the bank asks for more (an OTP, a question); the workflows answer it as a step. */
export class AdditionalInformationNeededError extends ConnectionStateError {
  static override readonly errorName: string = "AdditionalInformationNeededError";
}
/** `actionNeeded`: the user must act on the bank's website (accept terms, read a message) before a sync. */
export class ActionNeededError extends ConnectionStateError {
  static override readonly errorName: string = "ActionNeededError";
}
/** `SCARequired`: the bank requires strong customer authentication; resume the connection to start it. */
export class SCARequiredError extends ConnectionStateError {
  static override readonly errorName: string = "SCARequiredError";
}
/** `decoupled`: the user must validate in the bank's app; `connections.wait` polls until they have. */
export class DecoupledError extends ConnectionStateError {
  static override readonly errorName: string = "DecoupledError";
}
/** `passwordExpired`: the bank wants a new password, set on its website. */
export class PasswordExpiredError extends ConnectionStateError {
  static override readonly errorName: string = "PasswordExpiredError";
}
/** `webauthRequired`: the user must authenticate on the bank's own page (the webview, or its `url`). */
export class WebauthRequiredError extends ConnectionStateError {
  static override readonly errorName: string = "WebauthRequiredError";
}
/** `websiteUnavailable`: the bank's website or API is down; try a sync later. */
export class WebsiteUnavailableError extends ConnectionStateError {
  static override readonly errorName: string = "WebsiteUnavailableError";
}
/** `rateLimiting`: the bank throttles syncs of this connection; try later. */
export class RateLimitingError extends ConnectionStateError {
  static override readonly errorName: string = "RateLimitingError";
}
/** `bug`: the API failed on this bank (its connector is broken); nothing the user can fix. */
export class BugError extends ConnectionStateError {
  static override readonly errorName: string = "BugError";
}

/** A value the user typed does not fit the field the API asked for; names the field, never the value. */
export class FieldValidationError extends BudgeaError {
  static override readonly errorName: string = "FieldValidationError";
  constructor(
    /** The field's name, e.g. `password` or `iban`. */
    readonly field: string,
    problem: string,
  ) {
    super(`field \`${field}\` ${problem}`);
  }
}

/** A wait (a decoupled validation, a transfer completing, a recipient enabled) outlasted its timeout. */
export class WaitTimeoutError extends BudgeaError {
  static override readonly errorName: string = "WaitTimeoutError";
  constructor(
    what: string,
    /** How long it waited, in ms. */
    readonly waitedMs: number,
  ) {
    super(`${what} did not finish within ${waitedMs} ms`);
  }
}

/** The call of a TransferOutcomeUnknownError. */
export type OutcomeAction = "transfers.create" | "transfers.validate" | "recipients.create" | "recipients.answer";

/** What `TransferOutcomeUnknownError.lookup()` finds: whether the API shows the call acted, and on what. */
export interface OutcomeLookup<T = { id: number }> {
  /** The call whose outcome was unknown. */
  action: OutcomeAction;
  /**
   * `true` when what the API has now shows the call acted: a matching transfer registered since the call began
   * (`transfers.create`), a transfer no longer `created` (`validate`), a recipient with this IBAN
   * (`recipients.create`), a recipient no longer asking its fields (`answer`). Then never send it again.
   * `false`: nothing shows it (for `create`, sending again after a short wait is then safe as far as the API tells).
   */
  acted: boolean;
  /** What the call concerns, as the API has it now, newest first: the transfers or recipients it may have made, or the one it changed. */
  found: T[];
}

/**
 * A request that moves money failed in a way that does not say whether the API acted on it (a timeout or
 * a reset after sending, an unreadable answer, a gateway error). It was not retried: reconcile with
 * `lookup()`, which asks the API what exists now: `{ action, acted, found }`, the same shape for every call.
 */
export class TransferOutcomeUnknownError<T = { id: number }> extends BudgeaError {
  static override readonly errorName: string = "TransferOutcomeUnknownError";
  constructor(
    message: string,
    /** The call whose outcome is unknown. */
    readonly action: OutcomeAction,
    /** Asks the API what exists now, to reconcile before sending anything again. */
    readonly lookup: () => Promise<OutcomeLookup<T>>,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** A transfer reached `canceled` or `failed`: it will not move money. `transferId` says which. */
export class TransferFailedError extends BudgeaError {
  static override readonly errorName: string = "TransferFailedError";
  constructor(
    /** The transfer's final state. */
    readonly state: "canceled" | "failed",
    transferId: number,
    /** The bank's reason, when the API gave one. */
    readonly reason: string | undefined,
  ) {
    super(`transfer ${transferId} is ${state}${reason ? `: ${reason}` : ""}`);
    Object.defineProperty(this, "transferId", { value: transferId, enumerable: true, configurable: true });
  }
}

/** A webview URL that cannot be built: the parameter is named, its value never shown (it may be a code). */
export class WebviewParamsError extends BudgeaError {
  static override readonly errorName: string = "WebviewParamsError";
  constructor(
    /** The parameter's name, e.g. `redirectUri`. */
    readonly param: string,
    problem: string,
  ) {
    super(`webview: \`${param}\` ${problem}`);
  }
}

/** A webview callback that cannot be read: not a URL or query string, or a malformed id. */
export class WebviewCallbackError extends BudgeaError {
  static override readonly errorName: string = "WebviewCallbackError";
}

/** A webview callback that carries a parameter more than once (`state`, `connection_id`, …): ambiguous, refused. */
export class WebviewCallbackDuplicateError extends WebviewCallbackError {
  static override readonly errorName: string = "WebviewCallbackDuplicateError";
  constructor(
    /** The repeated parameter's name. */
    readonly param: string,
  ) {
    super(`webview callback: \`${param}\` is given more than once`);
  }
}

/** Input that carries none of the parameters a webview callback carries: not a callback of ours. */
export class WebviewCallbackUnrecognizedError extends WebviewCallbackError {
  static override readonly errorName: string = "WebviewCallbackUnrecognizedError";
}

/** A date or date-time that is not in the API's format, or not a real date. */
export class InvalidDateError extends BudgeaError {
  static override readonly errorName: string = "InvalidDateError";
}

/**
 * A webhook delivery that must not be trusted; each reason is a subclass. `status` is what to answer
 * (401, 413 or 400). Messages name headers, never their values (a token, a signature).
 */
export class WebhookVerificationError extends BudgeaError {
  static override readonly errorName: string = "WebhookVerificationError";
  /** The HTTP status to answer the delivery with. */
  readonly status: number = 401;
}

/** `BI-Signature` does not match the body (tampered body, wrong secret, wrong path or method). */
export class WebhookSignatureError extends WebhookVerificationError {
  static override readonly errorName: string = "WebhookSignatureError";
}

/** `BI-Signature-Date` is outside the freshness window (a replay, or a clock far off), or unreadable. */
export class WebhookTimestampError extends WebhookVerificationError {
  static override readonly errorName: string = "WebhookTimestampError";
  constructor(
    /** `stale` (too old), `future` (ahead of our clock) or `unreadable`. */
    readonly reason: "stale" | "future" | "unreadable",
    /** How far from now the date is, in seconds (not for `unreadable`). */
    readonly skewSeconds?: number,
  ) {
    super(
      reason === "unreadable"
        ? "webhook: BI-Signature-Date is neither an HTTP date nor ISO 8601 with an offset"
        : `webhook: BI-Signature-Date is ${reason === "stale" ? "too old" : "in the future"} (${skewSeconds} s off)`,
    );
  }
}

/** A header the verification needs (`BI-Signature`, `BI-Signature-Date`, `Authorization`) is absent or empty. */
export class WebhookHeaderMissingError extends WebhookVerificationError {
  static override readonly errorName: string = "WebhookHeaderMissingError";
  constructor(
    /** The missing header's name. */
    readonly header: string,
  ) {
    super(`webhook: the ${header} header is missing`);
  }
}

/** The bearer token is not the user's (or no token is known for that user). */
export class WebhookTokenError extends WebhookVerificationError {
  static override readonly errorName: string = "WebhookTokenError";
}

/**
 * A header the API sends once came twice (an array of values, or `a, b` where one value is expected, e.g. two
 * `BI-Signature`): refused, never joined or picked from. Answer 400.
 */
export class WebhookHeaderDuplicateError extends WebhookVerificationError {
  static override readonly errorName: string = "WebhookHeaderDuplicateError";
  override readonly status: number = 400;
  constructor(
    /** The header's name. */
    readonly header: string,
  ) {
    super(`webhook: the ${header} header was given more than once`);
  }
}

/** The body is larger than `maxBytes`, as sent or once inflated (a gzip bomb is cut off early). Answer 413. */
export class WebhookPayloadTooLargeError extends WebhookVerificationError {
  static override readonly errorName: string = "WebhookPayloadTooLargeError";
  override readonly status: number = 413;
  constructor(
    /** The limit that was exceeded. */
    readonly maxBytes: number,
  ) {
    super(`webhook: the body is larger than ${maxBytes} bytes (as sent or inflated)`);
  }
}

/** The body is not a JSON object (invalid JSON or UTF-8, bad gzip, unsupported encoding). */
export class WebhookPayloadError extends WebhookVerificationError {
  static override readonly errorName: string = "WebhookPayloadError";
  override readonly status: number = 400;
}

type APIErrorClass = new (init: APIErrorInit) => APIError;

const byCode: Record<string, APIErrorClass> = {
  wrongpass: WrongPassError,
  additionalInformationNeeded: AdditionalInformationNeededError,
  actionNeeded: ActionNeededError,
  SCARequired: SCARequiredError,
  decoupled: DecoupledError,
  passwordExpired: PasswordExpiredError,
  webauthRequired: WebauthRequiredError,
  websiteUnavailable: WebsiteUnavailableError,
  rateLimiting: RateLimitingError,
  bug: BugError,
};

const byStatus: Record<number, APIErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/**
 * The one factory. A 5xx is an InternalServerError whatever its code (kept on `code`); a 401 whose code says
 * the token expired (`tokenExpired`, …) is a TokenExpiredError; otherwise a connection-state code
 * (`wrongpass`, `SCARequired`, …) picks its class first, then the status.
 */
export function createAPIError(init: APIErrorInit): APIError {
  if (init.status === 401 && init.code && /expired/i.test(init.code)) return new TokenExpiredError(init);
  const Class =
    init.status >= 500
      ? InternalServerError
      : (stateClass(init.code) ?? byStatus[init.status] ?? APIError);
  return new Class(init);
}

/** A connection's terminal state as its typed error; a state this version does not know stays generic. */
export function createConnectionStateError(init: APIErrorInit & { code: string }): ConnectionStateError {
  const Class = stateClass(init.code) ?? ConnectionStateError;
  return new Class(init) as ConnectionStateError;
}

function stateClass(code: string | undefined): APIErrorClass | undefined {
  return code && Object.hasOwn(byCode, code) ? byCode[code] : undefined;
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A sync cursor this version cannot read: not a string `sync.changes()` ended with, damaged, or from a newer
 * version. The message never quotes it. Start again without a cursor (a full read) or restore the stored one.
 */
export class InvalidSyncCursorError extends BudgeaError {
  static override readonly errorName: string = "InvalidSyncCursorError";
}
