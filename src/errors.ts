/**
 * One error hierarchy: every failure of the client is a `BudgeaError`.
 *
 * ```text
 *   BudgeaError
 *   ├─ InvalidOptionsError          a bad option, named, at construction
 *   ├─ ConnectionError              the network failed (reset, refused, DNS) — TimeoutError is one
 *   ├─ AbortError                   the caller's signal aborted
 *   ├─ InvalidResponseError         a body that is not the JSON promised (HTML page, truncated, empty)
 *   ├─ TokenExpiredError            a temporary token used after its expiry (no request sent)
 *   └─ APIError                     the API answered an error: status, code, message
 *      ├─ BadRequestError 400, AuthenticationError 401/403, NotFoundError 404, ConflictError 409,
 *      │  RateLimitError 429, InternalServerError 5xx
 *      └─ ConnectionStateError      a connection-state code (`wrongpass`, `SCARequired`, …), one subclass each
 * ```
 *
 * Errors carry no request object, headers we sent, or body we sent: nothing here can hold a secret.
 */

export class BudgeaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** What `JSON.stringify(error)` shows: the name, the message and the error's own public fields. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** An option of `new Budgea()` (or of a call) is missing, malformed or conflicting; thrown before any request. */
export class InvalidOptionsError extends BudgeaError {
  constructor(
    /** The option's name, e.g. `baseUrl`. */
    readonly option: string,
    problem: string,
  ) {
    super(`budgea: option \`${option}\` ${problem}`);
  }
}

/** The request got no HTTP answer: connection refused or reset, DNS failure, TLS error (`cause` is fetch's error). */
export class ConnectionError extends BudgeaError {}

/** The call (retries and body read included) outlasted its `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  constructor(
    /** The timeout that expired, in ms. */
    readonly timeoutMs: number,
  ) {
    super(`request timed out after ${timeoutMs} ms`);
  }
}

/** The caller's `signal` aborted the call. */
export class AbortError extends BudgeaError {}

/** A temporary token used past its known expiry (from `auth` or `withToken`'s `expiresAt`); no request was sent. */
export class TokenExpiredError extends BudgeaError {
  constructor(
    /** When the token expired. */
    readonly expiredAt: Date,
  ) {
    super(`the temporary token expired at ${expiredAt.toISOString()}: get a new one (auth.init or auth.code)`);
  }
}

/** The request and response an error is about: what InvalidResponseError and APIError are built from. */
export interface ResponseInfo {
  /** The HTTP status of the response. */
  status: number;
  /** The request's HTTP method, upper case. */
  method: string;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  path: string;
  /** The response headers, lower-case names, without the ones that carry credentials. */
  headers: Record<string, string>;
}

/** The API answered a body that is not the JSON promised (an HTML page, truncated or empty JSON, a wrong shape). */
export class InvalidResponseError extends BudgeaError {
  /** The HTTP status of the response. */
  readonly status: number;
  /** The request's HTTP method, upper case. */
  readonly method: string;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  readonly path: string;
  /** The response's `Content-Type`, when it had one (`text/html` points at a proxy's error page). */
  readonly contentType: string | undefined;

  constructor(problem: string, info: ResponseInfo) {
    super(`${info.status} ${problem} (${info.method} ${info.path})`);
    this.status = info.status;
    this.method = info.method;
    this.path = info.path;
    this.contentType = info.headers["content-type"];
  }
}

/** What an APIError is built from: the response, plus the API's error body. */
export interface APIErrorInit extends ResponseInfo {
  /** The API's error code, e.g. `wrongpass`; unknown codes are kept as they are. */
  code?: string | undefined;
  /** The API's message, already scrubbed of secrets. */
  message?: string | undefined;
  /** The connection a connection-state error is about. */
  connectionId?: number | undefined;
}

/**
 * The API answered an error. Catch a subclass for one case (NotFoundError, WrongPassError, …) or this class
 * for all; `createAPIError` picks the class from the status and `code`.
 */
export class APIError extends BudgeaError {
  /** The HTTP status; a 2xx when the error is a connection `state` read from a successful answer. */
  readonly status: number;
  /** The API's error code, e.g. `wrongpass` or `invalidValue`; unknown codes are kept as they are. */
  readonly code: string | undefined;
  /** The request's HTTP method, upper case. */
  readonly method: string;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  readonly path: string;
  /** The response headers, lower-case names, without the ones that carry credentials (`set-cookie`, …). */
  readonly headers: Record<string, string>;
  /** The API's request id (`X-Request-Id` or `BI-Request-Id`): quote it to support. */
  readonly requestId: string | undefined;

  constructor(init: APIErrorInit) {
    const what = [init.code, init.message].filter(Boolean).join(": ") || "error";
    super(`${init.status} ${what} (${init.method} ${init.path})`);
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.headers = init.headers;
    this.requestId = init.headers["x-request-id"] ?? init.headers["bi-request-id"];
  }
}

/** 400: the API refused the request's parameters or body (`code` says which rule). */
export class BadRequestError extends APIError {}
/** 401 or 403: the token is missing, expired, revoked, or not allowed this call. */
export class AuthenticationError extends APIError {}
/** 404: no such resource, or not this user's. */
export class NotFoundError extends APIError {}
/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends APIError {}
/** 5xx, whatever its `code` (kept): the API failed. An idempotent request was retried first on 502, 503, 504. */
export class InternalServerError extends APIError {}

/** 429: too many requests. An idempotent request was retried first, honouring a short enough `Retry-After`. */
export class RateLimitError extends APIError {
  /** What `Retry-After` asked for, when the API said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: APIErrorInit) {
    super(init);
    this.retryAfterMs = parseRetryAfter(init.headers["retry-after"]);
  }
}

/** A connection-state code: from an HTTP error (400 `wrongpass`) or from a connection's `state`. */
export class ConnectionStateError extends APIError {
  /** The connection in that state, when known. */
  readonly connectionId: number | undefined;
  constructor(init: APIErrorInit) {
    super(init);
    this.connectionId = init.connectionId;
  }
}

/** `wrongpass`: the bank refused the credentials; ask the user again (`connections.update`). */
export class WrongPassError extends ConnectionStateError {}
/** `additionalInformationNeeded`: the bank asks for more (an OTP, a question); the workflows answer it as a step. */
export class AdditionalInformationNeededError extends ConnectionStateError {}
/** `actionNeeded`: the user must act on the bank's website (accept terms, read a message) before a sync. */
export class ActionNeededError extends ConnectionStateError {}
/** `SCARequired`: the bank requires strong customer authentication; resume the connection to start it. */
export class SCARequiredError extends ConnectionStateError {}
/** `decoupled`: the user must validate in the bank's app; `connections.wait` polls until they have. */
export class DecoupledError extends ConnectionStateError {}
/** `passwordExpired`: the bank wants a new password, set on its website. */
export class PasswordExpiredError extends ConnectionStateError {}
/** `webauthRequired`: the user must authenticate on the bank's own page (the webview, or its `url`). */
export class WebauthRequiredError extends ConnectionStateError {}
/** `websiteUnavailable`: the bank's website or API is down; try a sync later. */
export class WebsiteUnavailableError extends ConnectionStateError {}
/** `rateLimiting`: the bank throttles syncs of this connection; try later. */
export class RateLimitingError extends ConnectionStateError {}
/** `bug`: the API failed on this bank (its connector is broken); nothing the user can fix. */
export class BugError extends ConnectionStateError {}

/** A value the user typed does not fit the field the API asked for; names the field, never the value. */
export class FieldValidationError extends BudgeaError {
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
  constructor(
    what: string,
    /** How long it waited, in ms. */
    readonly waitedMs: number,
  ) {
    super(`${what} did not finish within ${waitedMs} ms`);
  }
}

/**
 * A request that moves money failed in a way that does not say whether the API acted on it (a timeout or
 * a reset after sending, an unreadable answer, a gateway error). It was not retried: reconcile with
 * `lookup()`, which asks the API what exists now.
 */
export class TransferOutcomeUnknownError<T = unknown> extends BudgeaError {
  constructor(
    message: string,
    /** Asks the API what exists now (the transfers or recipients that match), to reconcile before any retry. */
    readonly lookup: () => Promise<T>,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** A webview URL that cannot be built: the parameter is named, its value never shown (it may be a code). */
export class WebviewParamsError extends BudgeaError {
  constructor(
    /** The parameter's name, e.g. `redirectUri`. */
    readonly param: string,
    problem: string,
  ) {
    super(`webview: \`${param}\` ${problem}`);
  }
}

/** A webview callback that cannot be read: not a URL or query string, or a malformed id. */
export class WebviewCallbackError extends BudgeaError {}

/** A date or date-time that is not in the API's format, or not a real date. */
export class InvalidDateError extends BudgeaError {}

/**
 * A webhook delivery that must not be trusted; each reason is a subclass. `status` is what to answer
 * (401, 413 or 400). Messages name headers, never their values (a token, a signature).
 */
export class WebhookVerificationError extends BudgeaError {
  /** The HTTP status to answer the delivery with. */
  readonly status: number = 401;
}

/** `BI-Signature` does not match the body (tampered body, wrong secret, wrong path or method). */
export class WebhookSignatureError extends WebhookVerificationError {}

/** `BI-Signature-Date` is outside the freshness window (a replay, or a clock far off), or unreadable. */
export class WebhookTimestampError extends WebhookVerificationError {
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
  constructor(
    /** The missing header's name. */
    readonly header: string,
  ) {
    super(`webhook: the ${header} header is missing`);
  }
}

/** The bearer token is not the user's (or no token is known for that user). */
export class WebhookTokenError extends WebhookVerificationError {}

/** The body is larger than `maxBytes`, as sent or once inflated (a gzip bomb is cut off early). Answer 413. */
export class WebhookPayloadTooLargeError extends WebhookVerificationError {
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
 * The one factory. A 5xx is an InternalServerError whatever its code (kept on `code`); otherwise a
 * connection-state code (`wrongpass`, `SCARequired`, …) picks its class first, then the status.
 */
export function createAPIError(init: APIErrorInit): APIError {
  const Class =
    init.status >= 500
      ? InternalServerError
      : ((init.code && Object.hasOwn(byCode, init.code) ? byCode[init.code] : undefined) ?? byStatus[init.status] ?? APIError);
  return new Class(init);
}

/** A connection's terminal state as its typed error; a state this version does not know stays generic. */
export function createConnectionStateError(init: APIErrorInit & { code: string }): ConnectionStateError {
  const Class = (Object.hasOwn(byCode, init.code) ? byCode[init.code] : undefined) ?? ConnectionStateError;
  return new Class(init) as ConnectionStateError;
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Class names do not survive minification: name each class explicitly.
const names: [Function, string][] = [
  [BudgeaError, "BudgeaError"],
  [InvalidOptionsError, "InvalidOptionsError"],
  [ConnectionError, "ConnectionError"],
  [TimeoutError, "TimeoutError"],
  [AbortError, "AbortError"],
  [TokenExpiredError, "TokenExpiredError"],
  [InvalidResponseError, "InvalidResponseError"],
  [APIError, "APIError"],
  [BadRequestError, "BadRequestError"],
  [AuthenticationError, "AuthenticationError"],
  [NotFoundError, "NotFoundError"],
  [ConflictError, "ConflictError"],
  [InternalServerError, "InternalServerError"],
  [RateLimitError, "RateLimitError"],
  [ConnectionStateError, "ConnectionStateError"],
  [WrongPassError, "WrongPassError"],
  [AdditionalInformationNeededError, "AdditionalInformationNeededError"],
  [ActionNeededError, "ActionNeededError"],
  [SCARequiredError, "SCARequiredError"],
  [DecoupledError, "DecoupledError"],
  [PasswordExpiredError, "PasswordExpiredError"],
  [WebauthRequiredError, "WebauthRequiredError"],
  [WebsiteUnavailableError, "WebsiteUnavailableError"],
  [RateLimitingError, "RateLimitingError"],
  [BugError, "BugError"],
  [FieldValidationError, "FieldValidationError"],
  [WaitTimeoutError, "WaitTimeoutError"],
  [TransferOutcomeUnknownError, "TransferOutcomeUnknownError"],
  [WebviewParamsError, "WebviewParamsError"],
  [WebviewCallbackError, "WebviewCallbackError"],
  [InvalidDateError, "InvalidDateError"],
  [WebhookVerificationError, "WebhookVerificationError"],
  [WebhookSignatureError, "WebhookSignatureError"],
  [WebhookTimestampError, "WebhookTimestampError"],
  [WebhookHeaderMissingError, "WebhookHeaderMissingError"],
  [WebhookTokenError, "WebhookTokenError"],
  [WebhookPayloadTooLargeError, "WebhookPayloadTooLargeError"],
  [WebhookPayloadError, "WebhookPayloadError"],
];
for (const [Class, name] of names) {
  Object.defineProperty(Class.prototype, "name", { value: name, writable: true, configurable: true });
}

/**
 * A header the API sends once came twice (an array of values, or `a, b` where one value is expected, e.g. two
 * `BI-Signature`): refused, never joined or picked from. Answer 400.
 */
export class WebhookHeaderDuplicateError extends WebhookVerificationError {
  override readonly status: number = 400;
  constructor(
    /** The header's name. */
    readonly header: string,
  ) {
    super(`webhook: the ${header} header was given more than once`);
  }
}
Object.defineProperty(WebhookHeaderDuplicateError.prototype, "name", {
  value: "WebhookHeaderDuplicateError",
  writable: true,
  configurable: true,
});
