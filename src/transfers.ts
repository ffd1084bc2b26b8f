/**
 * Transfers and recipients: money moves here. Nothing is retried automatically (they are POSTs), inputs
 * are checked before anything is sent, and when a request fails without saying whether the API acted on
 * it, the error is a TransferOutcomeUnknownError whose `lookup()` asks the API what exists now.
 *
 *   transfer:  create (state `created`) → validate, answering the `fields` the bank asks (a password)
 *              → `pending` → `done`                                (`waitFor` polls the state)
 *   recipient: create (asks an SMS `fields`) → answer → enabled once `enabled_at` has passed
 */
import type { Field, Recipient, Transfer } from "../generated/models.js";
import type { BudgeaApi } from "./api-types.js";
import {
  APIError,
  AbortError,
  ConnectionError,
  FieldValidationError,
  InvalidOptionsError,
  InvalidResponseError,
  type OutcomeAction,
  type OutcomeLookup,
  TransferFailedError,
  TransferOutcomeUnknownError,
} from "./errors.js";
import { about } from "./context.js";
import { TRANSFER_STATES, type TransferStateName, isOneOf } from "./vocabulary.js";
import { formatBudgeaDate, parseBudgeaDateTime } from "./dates.js";
import { type FieldValues, checkFieldValues } from "./fields.js";
import type { UserId } from "./connections.js";
import { expectField, orReadBack } from "./shape.js";
import { checkWait, objectArg } from "./options.js";
import { pollUntil } from "./poll.js";

/** Options every `transfers` and `recipients` call takes. */
export interface CallOptions {
  /** Whose accounts (default `me`: the token's user). */
  idUser?: UserId;
  /** Aborts the call; one that moves money then rejects with TransferOutcomeUnknownError (it may have been sent). */
  signal?: AbortSignal;
}

/** What `transfers.create()` sends. */
export interface CreateTransferOptions extends CallOptions {
  /** The emitter account (one the bank allows transfers from). */
  accountId: number;
  /** The recipient, enabled on that account (`recipients.create`). */
  recipientId: number;
  /** In the account's currency: finite, > 0, at most 2 decimals. */
  amount: number;
  /** The transfer's label, as the bank shows it. */
  label: string;
  /** `YYYY-MM-DD`; default: as soon as possible. */
  execDate?: string;
}

/** Where a transfer stands after `transfers.validate()`: narrow on `status`. */
export type TransferStep =
  | {
      /** The bank asks for more (a password, a code): ask the user `fields`, then `validate` again. */
      status: "fieldsNeeded";
      /** The transfer as the API answered it. */
      transfer: Transfer;
      /** What to ask the user. */
      fields: Field[];
    }
  | {
      /** Sent to the bank (`pending` or `done`): `waitFor` polls until it is done. */
      status: "submitted";
      /** The transfer as the API answered it. */
      transfer: Transfer;
    };

/** Where a recipient stands after `recipients.create()` or `answer()`: narrow on `status`. */
export type RecipientStep =
  | {
      /** The bank asks for more (usually an SMS code): ask the user `fields`, then `answer`. */
      status: "fieldsNeeded";
      /** The recipient as the API answered it. */
      recipient: Recipient;
      /** What to ask the user. */
      fields: Field[];
    }
  | {
      /** Added; transfers to it are possible once `Recipients.isEnabled(recipient)`. */
      status: "added";
      /** The recipient as the API answered it. */
      recipient: Recipient;
    };

const TRANSFERS_PATH = "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}/transfers";
const FINAL_FAILURES: readonly TransferStateName[] = ["canceled", "failed"];
/** How far a client's clock may be from the API's, when the API's (its `Date` header) is not known. */
const CLOCK_DRIFT_MS = 10 * 60_000;
/** The API's `Date` header and `register_date` are whole seconds. */
const SECONDS_SLACK_MS = 2_000;

/** `budgea.transfers`: create → validate → pending → done. Nothing here is retried automatically. */
export class Transfers {
  readonly #budgea: { readonly api: BudgeaApi };

  constructor(budgea: { readonly api: BudgeaApi }) {
    this.#budgea = budgea;
  }

  /** Creates a transfer (state `created`); nothing moves until `validate`. */
  async create(options: CreateTransferOptions): Promise<Transfer> {
    options = objectArg(options, "transfers.create(options)", true);
    const { accountId, recipientId, amount, label, execDate, signal } = options;
    const started = { at: Date.now(), tick: performance.now() };
    return about({ recipientId }, async () => {
      checkAmount(amount);
      checkLabel(label);
      if (execDate !== undefined) checkDay("execDate", execDate);
      return moneyCall(
        async () => {
          const { data } = await this.#budgea.api.POST(
            "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}/transfers",
            {
              params: { path: { id_user: options.idUser ?? "me", id_account: accountId, id_recipient: recipientId } },
              body: { amount, label, ...(execDate ? { exec_date: execDate } : {}) },
              signal,
            },
          );
          return expectField(data, "id", "number", `POST ${TRANSFERS_PATH}`);
        },
        "creating the transfer",
        "transfers.create",
        async () => {
          // the call's signal may be what ended it: the lookup does not take it
          const { transfers, serverNow } = await this.#matching({ ...options, signal: undefined });
          // When the call began by the API's own clock: a same transfer registered before it is not this one.
          const since =
            serverNow === undefined
              ? started.at - CLOCK_DRIFT_MS
              : serverNow - (performance.now() - started.tick) - SECONDS_SLACK_MS;
          const found = registeredSince(transfers, since);
          return { acted: found.length > 0, found };
        },
      );
    });
  }

  /**
   * Executes a transfer: `validated=true`, plus the values of the `fields` the bank asked on the previous
   * step (checked against them first). Answers `fieldsNeeded` again or `submitted` (pending or done).
   */
  async validate(
    transferId: number,
    values: FieldValues = {},
    options: CallOptions & { fields?: readonly Field[] } = {},
  ): Promise<TransferStep> {
    values = objectArg(values, "transfers.validate(values)");
    options = objectArg(options, "transfers.validate(options)");
    return about({ transferId }, async () => {
      if (options.fields) checkFieldValues(options.fields, values);
      const transfer = await moneyCall(
        () =>
          orReadBack(
            async () => {
              const { data } = await this.#budgea.api.POST("/users/{id_user}/transfers/{id_transfer}", {
                params: { path: { id_user: options.idUser ?? "me", id_transfer: transferId } },
                body: { ...values, validated: true },
                signal: options.signal,
              });
              return expectField(data, "id", "number", "POST /users/{id_user}/transfers/{id_transfer}");
            },
            () => this.get(transferId, { idUser: options.idUser }), // a 2xx without a body: it was accepted
          ),
        `validating transfer ${transferId}`,
        "transfers.validate",
        async () => {
          const now = await this.get(transferId, { idUser: options.idUser });
          return { acted: now.state !== "created", found: [now] };
        },
      );
      failIfFinal(transfer);
      return transfer.fields?.length
        ? { status: "fieldsNeeded", transfer, fields: transfer.fields }
        : { status: "submitted", transfer };
    });
  }

  /** One transfer of the user, as the API has it now. */
  async get(transferId: number, options: CallOptions = {}): Promise<Transfer> {
    options = objectArg(options, "transfers.get(options)");
    return about({ transferId }, async () => {
      const { data } = await this.#budgea.api.GET("/users/{id_user}/transfers/{id_transfer}", {
        params: { path: { id_user: options.idUser ?? "me", id_transfer: transferId } },
        signal: options.signal,
      });
      return expectField(data, "id", "number", "GET /users/{id_user}/transfers/{id_transfer}");
    });
  }

  /** Transfers to `recipientId` from `accountId` with this amount and label, registered since `since` (ms). */
  async find(
    options: CallOptions & { accountId: number; recipientId: number; amount: number; label: string; since?: number },
  ): Promise<Transfer[]> {
    options = objectArg(options, "transfers.find(options)", true);
    const since = options.since === undefined ? -Infinity : options.since - CLOCK_DRIFT_MS;
    return registeredSince((await this.#matching(options)).transfers, since);
  }

  /** The transfers with this amount and label to the recipient, newest first, and the API's clock (`Date`). */
  async #matching(
    options: CallOptions & { accountId: number; recipientId: number; amount: number; label: string },
  ): Promise<{ transfers: Transfer[]; serverNow: number | undefined }> {
    return about({ recipientId: options.recipientId }, async () => {
      const { data, response } = await this.#budgea.api.GET(
        "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}/transfers",
        {
          params: {
            path: { id_user: options.idUser ?? "me", id_account: options.accountId, id_recipient: options.recipientId },
          },
          signal: options.signal,
        },
      );
      const date = Date.parse(response.headers.get("date") ?? "");
      return {
        transfers: data.transfers
          .filter((t) => t.amount === options.amount && t.label === options.label)
          .sort((a, b) => b.id - a.id),
        serverNow: Number.isNaN(date) ? undefined : date,
      };
    });
  }

  /**
   * Polls until the transfer reaches one of `states` (default `done`); a canceled or failed one rejects with
   * TransferFailedError, a wait past `timeoutMs` (default 5 minutes) with WaitTimeoutError. A state that is
   * not a transfer state is refused before any request (InvalidOptionsError, naming the known ones).
   */
  async waitFor(
    transferId: number,
    options: CallOptions & { states?: readonly TransferStateName[]; timeoutMs?: number; intervalMs?: number } = {},
  ): Promise<Transfer> {
    options = objectArg(options, "transfers.waitFor(options)");
    return about({ transferId }, async () => {
      checkWait(options);
      const states: readonly unknown[] = options.states ?? ["done"];
      const unknown = Array.isArray(states) ? states.find((state) => !isOneOf(TRANSFER_STATES, state)) : states;
      if (unknown !== undefined || states.length === 0) {
        throw new InvalidOptionsError("states", `must list transfer states, among ${TRANSFER_STATES.join(", ")}`);
      }
      return pollUntil(
        `transfer ${transferId}`,
        () => this.get(transferId, options),
        (transfer) => {
          if (states.includes(transfer.state)) return transfer;
          failIfFinal(transfer);
          return undefined;
        },
        { timeoutMs: options.timeoutMs ?? 5 * 60_000, intervalMs: options.intervalMs, signal: options.signal },
      );
    });
  }
}

/** `budgea.recipients`: transfer recipients, create → answer the bank's SMS field → enabled. */
export class Recipients {
  readonly #budgea: { readonly api: BudgeaApi };

  constructor(budgea: { readonly api: BudgeaApi }) {
    this.#budgea = budgea;
  }

  /** Adds a recipient to an emitter account; the bank usually asks an SMS code (`fieldsNeeded`). */
  async create(
    options: CallOptions & { accountId: number; iban: string; label: string; category?: string },
  ): Promise<RecipientStep> {
    options = objectArg(options, "recipients.create(options)", true);
    checkIban(options.iban);
    checkLabel(options.label);
    const recipient = await moneyCall(
      async () => {
        const { data } = await this.#budgea.api.POST("/users/{id_user}/accounts/{id_account}/recipients", {
          params: { path: { id_user: options.idUser ?? "me", id_account: options.accountId } },
          body: {
            iban: compactIban(options.iban),
            label: options.label,
            ...(options.category ? { category: options.category } : {}),
          },
          signal: options.signal,
        });
        return expectField(data as Recipient, "id", "number", "POST /users/{id_user}/accounts/{id_account}/recipients");
      },
      "adding the recipient",
      "recipients.create",
      async () => {
        const all = await this.list({ ...options, signal: undefined });
        const found = all.filter((r) => r.iban === compactIban(options.iban)).sort((a, b) => b.id - a.id);
        return { acted: found.length > 0, found };
      },
    );
    return recipientStep(recipient);
  }

  /** Answers the fields the bank asked (the SMS code), checked against them first. */
  async answer(
    accountId: number,
    recipientId: number,
    values: FieldValues,
    options: CallOptions & { fields?: readonly Field[] } = {},
  ): Promise<RecipientStep> {
    values = objectArg(values, "recipients.answer(values)");
    options = objectArg(options, "recipients.answer(options)");
    return about({ recipientId }, async () => {
      if (options.fields) checkFieldValues(options.fields, values);
      const recipient = await moneyCall(
        () =>
          orReadBack(
            async () => {
              const { data } = await this.#budgea.api.POST(
                "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}",
                {
                  params: {
                    path: { id_user: options.idUser ?? "me", id_account: accountId, id_recipient: recipientId },
                  },
                  body: values,
                  signal: options.signal,
                },
              );
              return expectField(
                data as Recipient,
                "id",
                "number",
                "POST /users/{id_user}/accounts/{id_account}/recipients/{id_recipient}",
              );
            },
            () => this.get(accountId, recipientId, { idUser: options.idUser }), // a 2xx without a body: accepted
          ),
        `answering recipient ${recipientId}`,
        "recipients.answer",
        async () => {
          const now = await this.get(accountId, recipientId, { idUser: options.idUser });
          return { acted: !now.fields?.length, found: [now] };
        },
      );
      return recipientStep(recipient);
    });
  }

  /** One recipient of an emitter account. */
  async get(accountId: number, recipientId: number, options: CallOptions = {}): Promise<Recipient> {
    options = objectArg(options, "recipients.get(options)");
    return about({ recipientId }, async () => {
      const { data } = await this.#budgea.api.GET("/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}", {
        params: { path: { id_user: options.idUser ?? "me", id_account: accountId, id_recipient: recipientId } },
        signal: options.signal,
      });
      return data;
    });
  }

  /** Every recipient of an emitter account. */
  async list(options: CallOptions & { accountId: number }): Promise<Recipient[]> {
    options = objectArg(options, "recipients.list(options)", true);
    const { data } = await this.#budgea.api.GET("/users/{id_user}/accounts/{id_account}/recipients", {
      params: { path: { id_user: options.idUser ?? "me", id_account: options.accountId } },
      signal: options.signal,
    });
    return data.recipients;
  }

  /** Whether transfers to this recipient are possible now (`enabled_at` set and passed). */
  static isEnabled(recipient: Recipient, now = Date.now()): boolean {
    return Boolean(recipient.enabled_at) && instant(recipient.enabled_at!) <= now;
  }
}

/** Runs a request that can move money; an outcome it cannot tell becomes TransferOutcomeUnknownError. */
async function moneyCall<T, L>(
  call: () => Promise<T>,
  what: string,
  action: OutcomeAction,
  lookup: () => Promise<Omit<OutcomeLookup<L>, "action">>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    throw new TransferOutcomeUnknownError<L>(
      `${what} failed after the request may have reached the bank (${(error as Error).name}); it was not retried: reconcile with lookup()`,
      action,
      async () => ({ action, ...(await lookup()) }),
      { cause: error },
    );
  }
}

/** The transfers registered at or after `since` (ms), or whose registration the API does not say. */
function registeredSince(transfers: Transfer[], since: number): Transfer[] {
  return transfers.filter((t) => !t.register_date || instant(t.register_date) >= since);
}

/** Did the failure happen after the request may have been acted on? */
function outcomeUnknown(error: unknown): boolean {
  if (error instanceof InvalidResponseError || error instanceof AbortError) return true;
  if (error instanceof APIError) return error.status === 502 || error.status === 504;
  if (error instanceof ConnectionError) {
    const code = String((error.cause as { cause?: { code?: unknown } })?.cause?.code ?? "");
    return !/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)$/.test(code); // those never reached a server
  }
  return false;
}

function failIfFinal(transfer: Transfer): void {
  const state = transfer.state;
  if (isOneOf(FINAL_FAILURES, state)) {
    throw new TransferFailedError(state as "canceled" | "failed", transfer.id, transfer.error ?? undefined);
  }
}

function recipientStep(recipient: Recipient): RecipientStep {
  return recipient.fields?.length
    ? { status: "fieldsNeeded", recipient, fields: recipient.fields }
    : { status: "added", recipient };
}

export function checkAmount(amount: unknown): void {
  if (
    typeof amount !== "number" ||
    !Number.isFinite(amount) ||
    amount <= 0 ||
    !/^\d+(\.\d{1,2})?$/.test(String(amount))
  ) {
    throw new FieldValidationError("amount", "must be a finite amount above 0 with at most 2 decimals");
  }
}

/** A calendar day, `YYYY-MM-DD`, that exists. */
function checkDay(field: string, day: unknown): void {
  try {
    if (typeof day === "string" && formatBudgeaDate(day) === day) return;
  } catch {
    // refused below, as the field's error
  }
  throw new FieldValidationError(field, "must be a date that exists, YYYY-MM-DD");
}

/** A label the bank shows: a non-empty string. */
function checkLabel(label: unknown): void {
  if (typeof label !== "string" || !label.trim()) throw new FieldValidationError("label", "must be a non-empty string");
}

function compactIban(iban: string): string {
  return iban.replace(/\s+/g, "").toUpperCase();
}

/** ISO 13616: country, check digits, and the mod-97 checksum. */
export function checkIban(iban: unknown): void {
  const value = typeof iban === "string" ? compactIban(iban) : "";
  const digits = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(value)
    ? (value.slice(4) + value.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))
    : "";
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  if (!digits || rest !== 1) throw new FieldValidationError("iban", "is not a valid IBAN");
}

/** An API date-time (naive Paris time) as epoch ms; one the client cannot read counts as not yet reached. */
function instant(value: string): number {
  try {
    return parseBudgeaDateTime(value).getTime();
  } catch {
    return Infinity;
  }
}
