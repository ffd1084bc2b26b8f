/**
 * Bank connections, with their 2FA/SCA steps. The 2020 API asks for more with HTTP 202 + `fields`; the
 * current one answers 200 with the connection's `state`. Both become the same discriminated step:
 *
 *   connected                     done
 *   additionalInformationNeeded   ask the user `fields`, then `resume(id, values)`
 *   SCARequired                   `resume(id)` (or with `fields` when some are given) starts the SCA
 *   decoupled | validating        the user validates in the bank's app: `wait(id)` polls until it moves
 *   webauthRequired               send the user through the bank's own page (`url`)
 *
 * Terminal states (wrongpass, actionNeeded, passwordExpired, rateLimiting, websiteUnavailable, bug, or a
 * state this version does not know) reject with their typed ConnectionStateError, carrying the id.
 * Steps are plain data: a web app sends `fields` to the browser and resumes on the next request.
 */
import type { Connection, Field } from "../generated/models.js";
import type { BudgeaApi } from "./api-types.js";
import { about, withContext } from "./context.js";
import {
  BudgeaError,
  FieldValidationError,
  InvalidOptionsError,
  WaitTimeoutError,
  createConnectionStateError,
} from "./errors.js";
import { checkWait, objectArg } from "./options.js";
import { type FieldValues, checkFieldValues } from "./fields.js";
import { scrub } from "./redact.js";
import { expectField, orReadBack } from "./shape.js";
import { pollUntil } from "./poll.js";
import type { ConnectionStateName } from "./vocabulary.js";

/**
 * Where a connection stands after a call: narrow on `status`. `connected` is done; the others say what the
 * user must do next (answer `fields`, validate in the bank's app, go to the bank's page at `url`).
 */
export type ConnectionStep =
  | {
      /** Synced and healthy: nothing more to do. */
      status: "connected";
      /** The connection as the API answered it. */
      connection: Connection;
    }
  | {
      /** The bank asks for more (an OTP, a question): ask the user `fields`, then `resume(id, values)`. */
      status: "additionalInformationNeeded";
      /** The connection as the API answered it. */
      connection: Connection;
      /** What to ask the user. */
      fields: Field[];
    }
  | {
      /** The bank requires strong customer authentication: `resume(id)` (with `fields`' values, if any) starts it. */
      status: "SCARequired";
      /** The connection as the API answered it. */
      connection: Connection;
      /** What to ask the user first; often empty. */
      fields: Field[];
    }
  | {
      /** The user validates in the bank's app: `wait(id)` polls until the connection moves on. */
      status: "decoupled" | "validating";
      /** The connection as the API answered it. */
      connection: Connection;
    }
  | {
      /** The user must authenticate on the bank's own page: send them to `url` (or use the webview). */
      status: "webauthRequired";
      /** The connection as the API answered it. */
      connection: Connection;
      /** The bank's page, when the API gave it. */
      url: string | undefined;
    };

/** A user id, or `me` for the user the token belongs to. */
export type UserId = number | "me";

/** Options every `connections` call takes. */
export interface CallOptions {
  /** Whose connections (default `me`: the token's user). */
  idUser?: UserId;
  /** `expand` as the docs show it, e.g. `accounts` or `accounts[transactions]`. */
  expand?: string;
  /** Aborts the call (it rejects with AbortError). */
  signal?: AbortSignal;
}

/** What `connections.create()` sends: a connector (by id or UUID) and the user's credentials for it. */
export interface CreateConnectionOptions extends CallOptions {
  /** The connector (bank) by id, e.g. from `GET /banks`; give this or `connectorUuid`. */
  connectorId?: number;
  /** The connector by UUID; give this or `connectorId`. */
  connectorUuid?: string;
  /** Credentials: the connector's fields by name (`login`, `password`, `website`, …). */
  fields: FieldValues;
  /** The connector's field definitions (`GET /banks?expand=fields`): values are checked before sending. */
  fieldDefinitions?: readonly Field[];
  /** Sources to use for the synchronization (comma list). */
  source?: string;
}

/** What `connections.connect()` needs: `create`'s options, plus how to ask the user when the bank wants more. */
export interface ConnectOptions extends CreateConnectionOptions {
  /**
   * Asked each time the bank wants more (an OTP, an SMS code): return the values by field name. Values that
   * do not fit the fields are refused before anything is sent, and `prompt` is asked again with `problem`
   * (the FieldValidationError, naming the field), up to 3 times; then connect() rejects with it.
   */
  prompt(fields: Field[], step: ConnectionStep, problem?: FieldValidationError): FieldValues | Promise<FieldValues>;
  /**
   * Sees every step the connection reaches, before connect() acts on it (the last one is `connected`): on
   * `decoupled` / `validating` tell the user to validate in their bank's app, on any step show progress.
   * A rejection ends the flow with that error.
   */
  onStep?(step: ConnectionStep): void | Promise<void>;
  /**
   * The user's validation in the bank's app lapsed and the bank asks for a new SCA: resolve `true` to send
   * a new request (the user is notified again). Without this option, or on `false`, connect() sends
   * nothing more and rejects with SCARequiredError carrying the connection id (`resume(id)` starts it later).
   */
  renewSca?(step: Extract<ConnectionStep, { status: "SCARequired" }>): boolean | Promise<boolean>;
  /** The whole flow, prompts and decoupled waits included; nothing is sent once it has passed. Default 10 minutes. */
  timeoutMs?: number;
  /** While the user validates in the bank's app: the first poll interval, doubling up to 10 s. Default 1 s. */
  intervalMs?: number;
}

/** Options of `connections.wait()`. */
export interface WaitOptions extends CallOptions {
  /** Default 5 minutes: a bank app validation can take that long. */
  timeoutMs?: number;
  /** First poll interval, doubling up to 10 s. Default 1 s. */
  intervalMs?: number;
}

const WAITING: ReadonlySet<string> = new Set<ConnectionStateName>(["decoupled", "validating"]);
const MAX_STEPS = 20;
const MAX_ASKS = 3;

/** Where a connect() flow stands: when it started, and whether the user already had an app validation. */
interface Flow {
  started: number;
  until: number;
  validated: boolean;
}

/** `budgea.connections`: bank connections and their 2FA/SCA steps (see ConnectionStep). */
export class Connections {
  readonly #budgea: { readonly api: BudgeaApi };

  constructor(budgea: { readonly api: BudgeaApi }) {
    this.#budgea = budgea;
  }

  /** Adds a connection. Never retried: it creates state at the bank. */
  async create(options: CreateConnectionOptions): Promise<ConnectionStep> {
    options = objectArg(options, "connections.create(options)", true);
    const { connectorId, connectorUuid, fields, fieldDefinitions, source, expand, signal } = options;
    if (connectorId === undefined && connectorUuid === undefined) {
      throw new InvalidOptionsError("connectorId", "or `connectorUuid` is needed: the bank to connect to");
    }
    if (fieldDefinitions) checkFieldValues(fieldDefinitions, fields);
    const { data, response } = await this.#budgea.api.POST("/users/{id_user}/connections", {
      params: { path: { id_user: options.idUser ?? "me" }, query: { expand, source } },
      body: {
        ...fields,
        ...(connectorId === undefined ? { connector_uuid: connectorUuid! } : { id_connector: connectorId }),
      },
      signal,
    });
    return stepOf(data, response.status, "POST /users/{id_user}/connections", values(fields));
  }

  /**
   * Sends what the bank asked for (`values` by field name) — or nothing, to start an SCA or move a
   * decoupled validation on. `fields` (the step's) checks the values first.
   */
  async resume(
    connectionId: number,
    values: FieldValues = {},
    options: CallOptions & { fields?: readonly Field[] } = {},
  ): Promise<ConnectionStep> {
    values = objectArg(values, "connections.resume(values)");
    options = objectArg(options, "connections.resume(options)");
    return about({ connectionId }, async () => {
      if (options.fields) checkFieldValues(options.fields, values);
      return orReadBack(
        async () => {
          const { data, response } = await this.#budgea.api.POST("/users/{id_user}/connections/{id_connection}", {
            params: connectionParams(connectionId, options),
            body: values,
            signal: options.signal,
          });
          return stepOf(
            data,
            response.status,
            "POST /users/{id_user}/connections/{id_connection}",
            Object.values(values).map(String),
          );
        },
        () => this.#readBack(connectionId, options),
      );
    });
  }

  /** New credentials for an existing connection (e.g. a changed password): the same steps follow. */
  update(
    connectionId: number,
    fields: FieldValues,
    options: CallOptions & { fields?: readonly Field[] } = {},
  ): Promise<ConnectionStep> {
    return this.resume(connectionId, objectArg(fields, "connections.update(fields)", true), options);
  }

  /** Forces a synchronisation (`PUT`): blocks until the API has synced, so give it time. */
  async sync(connectionId: number, options: CallOptions & { timeoutMs?: number } = {}): Promise<ConnectionStep> {
    options = objectArg(options, "connections.sync(options)");
    return about({ connectionId }, async () => {
      return orReadBack(
        async () => {
          const { data, response } = await this.#budgea.api.PUT("/users/{id_user}/connections/{id_connection}", {
            params: connectionParams(connectionId, options),
            signal: options.signal,
            timeoutMs: options.timeoutMs,
          });
          return stepOf(data, response.status, "PUT /users/{id_user}/connections/{id_connection}", []);
        },
        () => this.#readBack(connectionId, options),
      );
    });
  }

  /** After a 2xx without a body: the step the connection is at, read back. */
  async #readBack(connectionId: number, options: CallOptions): Promise<ConnectionStep> {
    const connection = await this.get(connectionId, {
      idUser: options.idUser,
      expand: options.expand,
      signal: options.signal,
    });
    return stepOf(connection, 200, "GET /users/{id_user}/connections/{id_connection}", []);
  }

  /** One connection of the user, as the API has it now. */
  async get(connectionId: number, options: CallOptions = {}): Promise<Connection> {
    options = objectArg(options, "connections.get(options)");
    return about({ connectionId }, async () => {
      const { data } = await this.#budgea.api.GET("/users/{id_user}/connections/{id_connection}", {
        params: connectionParams(connectionId, options),
        signal: options.signal,
      });
      return expectField(data, "id", "number", "GET /users/{id_user}/connections/{id_connection}");
    });
  }

  /** Every connection of the user. */
  async list(options: CallOptions = {}): Promise<Connection[]> {
    options = objectArg(options, "connections.list(options)");
    const { data } = await this.#budgea.api.GET("/users/{id_user}/connections", {
      params: { path: { id_user: options.idUser ?? "me" }, query: { expand: options.expand } },
      signal: options.signal,
    });
    return data.connections;
  }

  /** Deletes a connection, with its accounts and transactions. */
  async delete(connectionId: number, options: CallOptions = {}): Promise<void> {
    options = objectArg(options, "connections.delete(options)");
    return about({ connectionId }, async () => {
      await this.#budgea.api.DELETE("/users/{id_user}/connections/{id_connection}", {
        params: { path: { id_user: options.idUser ?? "me", id_connection: connectionId } },
        signal: options.signal,
      });
    });
  }

  /**
   * Polls a connection in `decoupled`/`validating` with backoff until it moves on; the step it reached.
   * Rejects with WaitTimeoutError (the time really waited, the connection id) after `timeoutMs`.
   */
  async wait(connectionId: number, options: WaitOptions = {}): Promise<ConnectionStep> {
    options = objectArg(options, "connections.wait(options)");
    return about({ connectionId }, () => {
      checkWait(options);
      return pollUntil(
        `the validation of connection ${connectionId}`,
        () => this.get(connectionId, options),
        (connection) => {
          const step = stepOf(connection, 200, "GET /users/{id_user}/connections/{id_connection}", []);
          return WAITING.has(step.status) ? undefined : step;
        },
        { timeoutMs: options.timeoutMs ?? 5 * 60_000, intervalMs: options.intervalMs, signal: options.signal },
      );
    });
  }

  /**
   * The whole flow for scripts and CLIs: creates the connection, asks `prompt` whenever the bank wants
   * more, waits through app validations, and resolves with the connected connection. `onStep` sees every
   * step; a lapsed app validation is renewed only when `renewSca` says so; nothing is sent after
   * `timeoutMs`. Every rejection after the connection exists carries its `connectionId`.
   */
  async connect(options: ConnectOptions): Promise<Connection> {
    options = objectArg(options, "connections.connect(options)", true);
    checkWait(options, ["prompt", "onStep", "renewSca"]);
    if (options.prompt === undefined) throw new InvalidOptionsError("prompt", "is needed: the bank may ask for more");
    const started = Date.now();
    const flow: Flow = { started, until: started + (options.timeoutMs ?? 10 * 60_000), validated: false };
    let step = await this.create(options);
    for (let n = 0; n <= MAX_STEPS; n++) {
      const current = step;
      const context = { connectionId: current.connection.id };
      await about(context, async () => options.onStep?.(current));
      if (current.status === "connected") return current.connection;
      if (n === MAX_STEPS) break;
      step = await about(context, () => this.#advance(current, options, flow));
    }
    throw withContext(new BudgeaError(`the connection did not settle after ${MAX_STEPS} steps`), {
      connectionId: step.connection.id,
    });
  }

  /** One move of connect(): answer, start the SCA, or wait on the bank's app. */
  async #advance(step: ConnectionStep, options: ConnectOptions, flow: Flow): Promise<ConnectionStep> {
    const id = step.connection.id;
    const call = { idUser: options.idUser, expand: options.expand, signal: options.signal };
    switch (step.status) {
      case "connected":
        return step;
      case "SCARequired":
        if (flow.validated && !(await options.renewSca?.(step))) {
          throw stateError(id, "SCARequired", "the validation in the bank's app lapsed; no new SCA was requested");
        }
      // falls through: the bank asks its fields (often none) before the SCA starts
      case "additionalInformationNeeded": {
        const values = step.fields.length ? await ask(step, step.fields, options) : {};
        checkDeadline(flow, id);
        return this.resume(id, values, { ...call, fields: step.fields });
      }
      case "decoupled":
      case "validating":
        flow.validated = true;
        const timeoutMs = Math.max(1, flow.until - Date.now());
        return this.wait(id, { ...call, timeoutMs, intervalMs: options.intervalMs }).catch((error: unknown) => {
          throw error instanceof WaitTimeoutError ? flowTimeout(flow, id) : error;
        });
      case "webauthRequired":
        throw stateError(
          id,
          "webauthRequired",
          "the bank needs the user on its own page: use the webview or create() and redirect",
        );
    }
  }
}

/** A connection's path parameters (the token's user by default) and the `expand` the caller asked for. */
function connectionParams(connectionId: number, options: CallOptions) {
  return { path: { id_user: options.idUser ?? "me", id_connection: connectionId }, query: { expand: options.expand } };
}

/** Asks `prompt` until its values fit `fields` (checked here, before anything is sent), at most MAX_ASKS times. */
async function ask(step: ConnectionStep, fields: Field[], options: ConnectOptions): Promise<FieldValues> {
  let problem: FieldValidationError | undefined;
  for (let attempt = 0; attempt < MAX_ASKS; attempt++) {
    const values = await options.prompt(fields, step, problem);
    if (values === null || typeof values !== "object" || Array.isArray(values))
      throw new InvalidOptionsError(
        "prompt",
        `must resolve the values by field name, an object (got ${typeof values})`,
      );
    try {
      checkFieldValues(fields, values);
      return values;
    } catch (error) {
      if (!(error instanceof FieldValidationError)) throw error;
      problem = error;
    }
  }
  throw problem!;
}

function checkDeadline(flow: Flow, connectionId: number): void {
  if (Date.now() >= flow.until) throw flowTimeout(flow, connectionId);
}

function flowTimeout(flow: Flow, connectionId: number): WaitTimeoutError {
  return new WaitTimeoutError(`connect() of connection ${connectionId}`, Date.now() - flow.started);
}

function stateError(connectionId: number, code: "SCARequired" | "webauthRequired", message: string) {
  return createConnectionStateError({
    status: 200,
    code,
    message,
    method: "POST",
    path: "/users/{id_user}/connections",
    headers: {},
    connectionId,
  });
}

/** The step a connection is at, from the HTTP status and its `state` (current API) or `error` (2020). */
export function stepOf(connection: Connection, httpStatus: number, request: string, sent: string[]): ConnectionStep {
  expectField(connection, "id", "number", request);
  // Typed as the states the spec names, so a misspelt case is a compile error; others reach `default`. An
  // empty state is the current API's "no error", like null.
  const state = (connection.state || connection.error || null) as ConnectionStateName | null;
  const fields = connection.fields ?? [];
  switch (state) {
    case null: // a 202 (2020) asks for more even without a state
      return httpStatus === 202
        ? { status: "additionalInformationNeeded", connection, fields }
        : { status: "connected", connection };
    case "additionalInformationNeeded":
    case "SCARequired":
      return { status: state, connection, fields };
    case "decoupled":
    case "validating":
      return { status: state, connection };
    case "webauthRequired": {
      const url =
        (connection as { webauth_url?: unknown }).webauth_url ?? fields.find((f) => f.name === "webauth_url")?.value;
      return { status: "webauthRequired", connection, url: typeof url === "string" ? url : undefined };
    }
  }
  const [method = "GET", path = ""] = request.split(" ");
  const message = connection.error_message ? scrub(connection.error_message, sent) : undefined;
  throw createConnectionStateError({
    status: httpStatus,
    code: state,
    message,
    method,
    path,
    headers: {},
    connectionId: connection.id,
  });
}

function values(fields: FieldValues): string[] {
  return Object.values(fields).map(String);
}
