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
import { BudgeaError, createConnectionStateError } from "./errors.js";
import { type FieldValues, checkFieldValues } from "./fields.js";
import { scrub } from "./redact.js";
import { expectField } from "./shape.js";
import { pollUntil } from "./poll.js";

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
  /** Asked each time the bank wants more (an OTP, an SMS code): return the values by field name. */
  prompt(fields: Field[], step: ConnectionStep): FieldValues | Promise<FieldValues>;
  /** The whole flow, decoupled waits included. Default 10 minutes. */
  timeoutMs?: number;
}

/** Options of `connections.wait()`. */
export interface WaitOptions extends CallOptions {
  /** Default 5 minutes: a bank app validation can take that long. */
  timeoutMs?: number;
  /** First poll interval, doubling up to 10 s. Default 1 s. */
  intervalMs?: number;
}

const WAITING = new Set(["decoupled", "validating"]);
const MAX_STEPS = 20;

/** `budgea.connections`: bank connections and their 2FA/SCA steps (see ConnectionStep). */
export class Connections {
  readonly #budgea: { readonly api: BudgeaApi };

  constructor(budgea: { readonly api: BudgeaApi }) {
    this.#budgea = budgea;
  }

  /** Adds a connection. Never retried: it creates state at the bank. */
  async create(options: CreateConnectionOptions): Promise<ConnectionStep> {
    const { connectorId, connectorUuid, fields, fieldDefinitions, source, expand, signal } = options;
    if (connectorId === undefined && connectorUuid === undefined) {
      throw new BudgeaError("connections.create: give `connectorId` or `connectorUuid`");
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
    if (options.fields) checkFieldValues(options.fields, values);
    const { data, response } = await this.#budgea.api.POST("/users/{id_user}/connections/{id_connection}", {
      params: {
        path: { id_user: options.idUser ?? "me", id_connection: connectionId },
        query: { expand: options.expand },
      },
      body: values,
      signal: options.signal,
    });
    return stepOf(
      data,
      response.status,
      "POST /users/{id_user}/connections/{id_connection}",
      Object.values(values).map(String),
    );
  }

  /** New credentials for an existing connection (e.g. a changed password): the same steps follow. */
  update(
    connectionId: number,
    fields: FieldValues,
    options: CallOptions & { fields?: readonly Field[] } = {},
  ): Promise<ConnectionStep> {
    return this.resume(connectionId, fields, options);
  }

  /** Forces a synchronisation (`PUT`): blocks until the API has synced, so give it time. */
  async sync(connectionId: number, options: CallOptions & { timeoutMs?: number } = {}): Promise<ConnectionStep> {
    const { data, response } = await this.#budgea.api.PUT("/users/{id_user}/connections/{id_connection}", {
      params: {
        path: { id_user: options.idUser ?? "me", id_connection: connectionId },
        query: { expand: options.expand },
      },
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    return stepOf(data, response.status, "PUT /users/{id_user}/connections/{id_connection}", []);
  }

  /** One connection of the user, as the API has it now. */
  async get(connectionId: number, options: CallOptions = {}): Promise<Connection> {
    const { data } = await this.#budgea.api.GET("/users/{id_user}/connections/{id_connection}", {
      params: {
        path: { id_user: options.idUser ?? "me", id_connection: connectionId },
        query: { expand: options.expand },
      },
      signal: options.signal,
    });
    return expectField(data, "id", "number", "GET /users/{id_user}/connections/{id_connection}");
  }

  /** Every connection of the user. */
  async list(options: CallOptions = {}): Promise<Connection[]> {
    const { data } = await this.#budgea.api.GET("/users/{id_user}/connections", {
      params: { path: { id_user: options.idUser ?? "me" }, query: { expand: options.expand } },
      signal: options.signal,
    });
    return data.connections;
  }

  /** Deletes a connection, with its accounts and transactions. */
  async delete(connectionId: number, options: CallOptions = {}): Promise<void> {
    await this.#budgea.api.DELETE("/users/{id_user}/connections/{id_connection}", {
      params: { path: { id_user: options.idUser ?? "me", id_connection: connectionId } },
      signal: options.signal,
    });
  }

  /** Polls a connection in `decoupled`/`validating` with backoff until it moves on; the step it reached. */
  async wait(connectionId: number, options: WaitOptions = {}): Promise<ConnectionStep> {
    return pollUntil(
      `the validation of connection ${connectionId}`,
      () => this.get(connectionId, options),
      (connection) => {
        const step = stepOf(connection, 200, "GET /users/{id_user}/connections/{id_connection}", []);
        return WAITING.has(step.status) ? undefined : step;
      },
      { timeoutMs: options.timeoutMs ?? 5 * 60_000, intervalMs: options.intervalMs, signal: options.signal },
    );
  }

  /**
   * The whole flow for scripts and CLIs: creates the connection, asks `prompt` whenever the bank wants
   * more, waits through decoupled validations, and resolves with the connected connection.
   */
  async connect(options: ConnectOptions): Promise<Connection> {
    const until = Date.now() + (options.timeoutMs ?? 10 * 60_000);
    const call = { idUser: options.idUser, expand: options.expand, signal: options.signal };
    let step = await this.create(options);
    for (let n = 0; n < MAX_STEPS; n++) {
      const id = step.connection.id;
      switch (step.status) {
        case "connected":
          return step.connection;
        case "additionalInformationNeeded":
        case "SCARequired": {
          if (!step.fields.length) {
            step = await this.resume(id, {}, call);
            break;
          }
          const answer = await options.prompt(step.fields, step);
          step = await this.resume(id, answer, { ...call, fields: step.fields });
          break;
        }
        case "decoupled":
        case "validating":
          step = await this.wait(id, { ...call, timeoutMs: Math.max(0, until - Date.now()) });
          break;
        case "webauthRequired":
          throw createConnectionStateError({
            status: 200,
            code: "webauthRequired",
            message: "the bank needs the user on its own page: use the webview or create() and redirect",
            method: "POST",
            path: "/users/{id_user}/connections",
            headers: {},
            connectionId: id,
          });
      }
    }
    throw new BudgeaError(`the connection did not settle after ${MAX_STEPS} steps`);
  }
}

/** The step a connection is at, from the HTTP status and its `state` (current API) or `error` (2020). */
export function stepOf(connection: Connection, httpStatus: number, request: string, sent: string[]): ConnectionStep {
  expectField(connection, "id", "number", request);
  const state = connection.state ?? connection.error ?? null;
  const fields = connection.fields ?? [];
  // A 202 (2020) asks for more; its connection's state, when set, says what more.
  if (state === "additionalInformationNeeded" || (state === null && httpStatus === 202)) {
    return { status: "additionalInformationNeeded", connection, fields };
  }
  if (state === null) return { status: "connected", connection };
  if (state === "SCARequired") return { status: "SCARequired", connection, fields };
  if (WAITING.has(state)) return { status: state as "decoupled" | "validating", connection };
  if (state === "webauthRequired") {
    const url =
      (connection as { webauth_url?: unknown }).webauth_url ?? fields.find((f) => f.name === "webauth_url")?.value;
    return { status: "webauthRequired", connection, url: typeof url === "string" ? url : undefined };
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
