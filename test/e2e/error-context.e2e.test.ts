/**
 * Every error raised on a known connection, transfer or recipient carries its id, whatever raised it: the
 * API (an HTTP error), the network (a timeout), the caller (an abort, a value refused before sending), or a
 * wait that ran out.
 */
import {
  AbortError,
  Budgea,
  BudgeaError,
  FieldValidationError,
  InvalidOptionsError,
  NotFoundError,
  TimeoutError,
  TransferFailedError,
  TransferOutcomeUnknownError,
  WaitTimeoutError,
  WrongPassError,
} from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";

const CREDENTIALS = { login: "12345678", password: "123456" };
const IBAN = "FR76 3000 4000 0312 3456 7890 143";
const SMS = [{ name: "sms", label: "SMS", type: "text", regex: "^[0-9]{6}$" }] as never;

let sb: Sandbox;
let user: Budgea;
let accountId: number;

beforeAll(async () => {
  sb = await startSandbox({ transferDelayMs: 60_000, decoupledDelayMs: 60_000 });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  const created = sb.createUser();
  accountId = created.accountIds[0]!;
  user = new Budgea({ baseUrl: sb.url, maxRetries: 0 }).withToken(created.token);
});

async function failure(promise: Promise<unknown>): Promise<BudgeaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BudgeaError);
  return error as BudgeaError;
}

async function otpConnection(): Promise<number> {
  const step = await user.connections.create({ connectorId: 60, fields: CREDENTIALS });
  return step.connection.id;
}

describe("connections: the connection id on every path", () => {
  test("resume(): a refused OTP (HTTP 400 wrongpass), as README's web example sends it to the browser", async () => {
    const id = await otpConnection();
    const error = await failure(user.connections.resume(id, { sms: "000000" }));
    expect(error).toBeInstanceOf(WrongPassError);
    expect(error.connectionId).toBe(id);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ connectionId: id, name: "WrongPassError" });
  });

  test("update(): refused credentials", async () => {
    const id = (await user.connections.create({ connectorId: 59, fields: CREDENTIALS })).connection.id;
    const error = await failure(user.connections.update(id, { password: "000000" }));
    expect(error).toBeInstanceOf(WrongPassError);
    expect(error.connectionId).toBe(id);
  });

  test("resume(): a value refused before sending", async () => {
    const id = await otpConnection();
    const error = await failure(user.connections.resume(id, { sms: "12" }, { fields: SMS }));
    expect(error).toBeInstanceOf(FieldValidationError);
    expect(error.connectionId).toBe(id);
  });

  test("sync(), get(), delete(): HTTP errors", async () => {
    const id = await otpConnection();
    sb.inject({ method: "PUT", path: "/users/{id_user}/connections/{id_connection}", kind: "status", status: 503 });
    expect((await failure(user.connections.sync(id))).connectionId).toBe(id);
    const missing = await failure(user.connections.get(id + 1000));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.connectionId).toBe(id + 1000);
    expect((await failure(user.connections.delete(id + 1000))).connectionId).toBe(id + 1000);
  });

  test("a timeout and an abort", async () => {
    const id = await otpConnection();
    sb.inject({ method: "GET", path: "/users/{id_user}/connections/{id_connection}", kind: "delay", delayMs: 2_000 });
    const slow = new Budgea({ baseUrl: sb.url, maxRetries: 0, timeoutMs: 100 }).withToken(
      (await user.auth.code()).code,
    );
    const timeout = await failure(slow.connections.get(id));
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout.connectionId).toBe(id);
    const aborted = await failure(user.connections.get(id, { signal: AbortSignal.abort() }));
    expect(aborted).toBeInstanceOf(AbortError);
    expect(aborted.connectionId).toBe(id);
  });

  test("wait(): a validation that does not come in time", async () => {
    const id = (await user.connections.create({ connectorId: 62, fields: CREDENTIALS })).connection.id;
    const error = await failure(user.connections.wait(id, { timeoutMs: 150, intervalMs: 50 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.connectionId).toBe(id);
    expect((error as WaitTimeoutError).waitedMs).toBeGreaterThanOrEqual(150);
  });
});

describe("transfers and recipients: their ids on every path", () => {
  async function enabledRecipient(): Promise<number> {
    const step = await user.recipients.create({ accountId, iban: IBAN, label: "Rent" });
    return (await user.recipients.answer(accountId, step.recipient.id, { sms: "123456" })).recipient.id;
  }

  test("recipients.answer(): a refused SMS code, and a value refused before sending", async () => {
    const step = await user.recipients.create({ accountId, iban: IBAN, label: "Rent" });
    const refused = await failure(user.recipients.answer(accountId, step.recipient.id, { sms: "000000" }));
    expect(refused).toBeInstanceOf(WrongPassError);
    expect(refused.recipientId).toBe(step.recipient.id);
    const malformed = await failure(
      user.recipients.answer(accountId, step.recipient.id, { sms: "1" }, { fields: SMS }),
    );
    expect(malformed.recipientId).toBe(step.recipient.id);
  });

  test("recipients.get(): an unknown recipient", async () => {
    const error = await failure(user.recipients.get(accountId, 999_999));
    expect(error.recipientId).toBe(999_999);
  });

  test("transfers.create(): the recipient's id when the API or the amount check refuses", async () => {
    const refused = await failure(user.transfers.create({ accountId, recipientId: 999_999, amount: 10, label: "x" }));
    expect(refused.recipientId).toBe(999_999);
    const recipientId = await enabledRecipient();
    const amount = await failure(user.transfers.create({ accountId, recipientId, amount: 10.001, label: "x" }));
    expect(amount).toBeInstanceOf(FieldValidationError);
    expect(amount.recipientId).toBe(recipientId);
  });

  test("transfers.validate(): a refused password, a value refused before sending, an ambiguous outcome", async () => {
    const recipientId = await enabledRecipient();
    const transfer = await user.transfers.create({ accountId, recipientId, amount: 10, label: "Rent" });
    await user.transfers.validate(transfer.id);
    const refused = await failure(user.transfers.validate(transfer.id, { password: "000000" }));
    expect(refused).toBeInstanceOf(WrongPassError);
    expect(refused.transferId).toBe(transfer.id);
    const malformed = await failure(
      user.transfers.validate(
        transfer.id,
        {},
        { fields: [{ name: "password", label: "Password", type: "password" }] as never },
      ),
    );
    expect(malformed.transferId).toBe(transfer.id);
    sb.inject({ method: "POST", path: "/users/{id_user}/transfers/{id_transfer}", kind: "drop", process: true });
    const unknown = await failure(user.transfers.validate(transfer.id, { password: "123456" }));
    expect(unknown).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(unknown.transferId).toBe(transfer.id);
  });

  test("transfers.waitFor(): canceled (TransferFailedError), out of time, a state that does not exist", async () => {
    const recipientId = await enabledRecipient();
    const transfer = await user.transfers.create({ accountId, recipientId, amount: 10, label: "Rent" });
    const late = await failure(user.transfers.waitFor(transfer.id, { timeoutMs: 100, intervalMs: 50 }));
    expect(late).toBeInstanceOf(WaitTimeoutError);
    expect(late.transferId).toBe(transfer.id);

    const before = sb.requests();
    const typo = await failure(user.transfers.waitFor(transfer.id, { states: ["dnoe" as "done"] }));
    expect(typo).toBeInstanceOf(InvalidOptionsError);
    expect(typo.message).toContain("created, scheduled, pending, done, canceled, failed");
    expect(sb.requests()).toBe(before);

    await user.api.DELETE("/users/{id_user}/transfers/{id_transfer}", {
      params: { path: { id_user: "me", id_transfer: transfer.id } },
    });
    const canceled = await failure(user.transfers.waitFor(transfer.id, { intervalMs: 50 }));
    expect(canceled).toBeInstanceOf(TransferFailedError);
    expect(canceled).toMatchObject({ state: "canceled", transferId: transfer.id, name: "TransferFailedError" });
    const missing = await failure(user.transfers.get(transfer.id + 1000));
    expect(missing.transferId).toBe(transfer.id + 1000);
  });
});
