import {
  Budgea,
  FieldValidationError,
  Recipients,
  TransferOutcomeUnknownError,
  WrongPassError,
  type Transfer,
} from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";

const TRANSFERS = "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}/transfers";
const VALIDATE = "/users/{id_user}/transfers/{id_transfer}";
const IBAN = "FR76 3000 4000 0312 3456 7890 143";

let sb: Sandbox;
let user: Budgea;
let accountId: number;

beforeAll(async () => {
  sb = await startSandbox({ transferDelayMs: 200 });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  const created = sb.createUser();
  accountId = created.accountIds[0]!;
  user = new Budgea({ baseUrl: sb.url }).withToken(created.token);
});

async function enabledRecipient(): Promise<number> {
  const step = await user.recipients.create({ accountId, iban: IBAN, label: "Papa" });
  if (step.status !== "fieldsNeeded") throw new Error(`expected an SMS field, got ${step.status}`);
  const done = await user.recipients.answer(accountId, step.recipient.id, { sms: "123456" }, { fields: step.fields });
  return done.recipient.id;
}

describe("recipients: create → answer the SMS field → enabled", () => {
  test("the bank asks an SMS code, and the recipient is enabled once answered", async () => {
    const step = await user.recipients.create({ accountId, iban: IBAN, label: "Papa" });
    expect(step.status).toBe("fieldsNeeded");
    if (step.status !== "fieldsNeeded") return;
    expect(step.fields.map((f) => f.name)).toEqual(["sms"]);
    expect(Recipients.isEnabled(step.recipient)).toBe(false);
    const done = await user.recipients.answer(accountId, step.recipient.id, { sms: "123456" }, { fields: step.fields });
    expect(done.status).toBe("added");
    expect(Recipients.isEnabled(done.recipient, Date.now() + 3 * 3600_000)).toBe(true);
  });

  test("an invalid IBAN is refused before anything is sent", async () => {
    const before = sb.requests({ method: "POST" });
    await expect(user.recipients.create({ accountId, iban: "FR76 3000 4000 0312 3456 7890 144", label: "x" })).rejects.toMatchObject({
      name: "FieldValidationError",
      field: "iban",
    });
    expect(sb.requests({ method: "POST" })).toBe(before);
  });

  test("a lost create or answer: lookup() says whether the API acted, in the same shape as for transfers", async () => {
    const RECIPIENTS = "/users/{id_user}/accounts/{id_account}/recipients";
    sb.inject({ method: "POST", path: RECIPIENTS, kind: "drop", process: true });
    const lost = await user.recipients.create({ accountId, iban: IBAN, label: "Papa" }).catch((e: unknown) => e);
    expect(lost).toMatchObject({ name: "TransferOutcomeUnknownError", action: "recipients.create" });
    const created = await (lost as TransferOutcomeUnknownError).lookup();
    expect(created).toMatchObject({ action: "recipients.create", acted: true, found: [{ label: "Papa" }] });
    const id = created.found[0]!.id;

    sb.inject({ method: "POST", path: `${RECIPIENTS}/{id_recipient}`, kind: "drop" }); // lost before the API acted
    const unanswered = await user.recipients.answer(accountId, id, { sms: "123456" }).catch((e: unknown) => e);
    expect(await (unanswered as TransferOutcomeUnknownError).lookup()).toMatchObject({
      action: "recipients.answer",
      acted: false,
      found: [{ id }],
    });
    sb.inject({ method: "POST", path: `${RECIPIENTS}/{id_recipient}`, kind: "drop", process: true });
    const answered = await user.recipients.answer(accountId, id, { sms: "123456" }).catch((e: unknown) => e);
    expect(await (answered as TransferOutcomeUnknownError).lookup()).toMatchObject({ acted: true, found: [{ id }] });
  });
});

describe("transfers: create → validate (password) → pending → done", () => {
  test("the whole flow", async () => {
    const recipientId = await enabledRecipient();
    const transfer = await user.transfers.create({ accountId, recipientId, amount: 10.5, label: "Rent" });
    expect(transfer.state).toBe("created");
    const ask = await user.transfers.validate(transfer.id);
    expect(ask.status).toBe("fieldsNeeded");
    if (ask.status !== "fieldsNeeded") return;
    const submitted = await user.transfers.validate(transfer.id, { password: "123456" }, { fields: ask.fields });
    expect(submitted.status).toBe("submitted");
    expect(submitted.transfer.state).toBe("pending");
    const done = await user.transfers.waitFor(transfer.id, { intervalMs: 100, timeoutMs: 5_000 });
    expect(done.state).toBe("done");
  });

  test.each([0, -5, 10.555, Number.NaN, Number.POSITIVE_INFINITY, 1e-7])("amount %p is refused before sending", async (amount) => {
    const before = sb.requests({ method: "POST" });
    await expect(user.transfers.create({ accountId, recipientId: 1, amount, label: "x" })).rejects.toBeInstanceOf(FieldValidationError);
    expect(sb.requests({ method: "POST" })).toBe(before);
  });

  test.each([
    ["a missing label", { label: undefined }, "label"],
    ["a label that is a number", { label: 5 }, "label"],
    ["a blank label", { label: "  " }, "label"],
    ["an execution date that is not YYYY-MM-DD", { execDate: "01/06/2025" }, "execDate"],
    ["an execution date that does not exist", { execDate: "2025-02-30" }, "execDate"],
  ])("%s is refused before sending (JavaScript callers)", async (_what, wrong, field) => {
    const before = sb.requests({ method: "POST" });
    const options = { accountId, recipientId: 1, amount: 10, label: "Rent", ...wrong } as never;
    await expect(user.transfers.create(options)).rejects.toMatchObject({ name: "FieldValidationError", field });
    expect(sb.requests({ method: "POST" })).toBe(before);
  });

  test("a wrong bank password is a typed error and the transfer stays created", async () => {
    const recipientId = await enabledRecipient();
    const transfer = await user.transfers.create({ accountId, recipientId, amount: 20, label: "Gift" });
    await user.transfers.validate(transfer.id);
    await expect(user.transfers.validate(transfer.id, { password: "000000" })).rejects.toBeInstanceOf(WrongPassError);
    expect((await user.transfers.get(transfer.id)).state).toBe("created");
  });

  test("a transfer POST is never retried, even on 503", async () => {
    const recipientId = await enabledRecipient();
    sb.inject({ method: "POST", path: TRANSFERS, kind: "status", status: 503 });
    await expect(user.transfers.create({ accountId, recipientId, amount: 5, label: "x" })).rejects.toMatchObject({ status: 503 });
    expect(sb.requests({ method: "POST", path: TRANSFERS })).toBe(1);
  });

  test("a reset after the bank acted: outcome unknown, not retried, and lookup() finds the transfer", async () => {
    const recipientId = await enabledRecipient();
    sb.inject({ method: "POST", path: TRANSFERS, kind: "drop", process: true });
    const error = await user.transfers.create({ accountId, recipientId, amount: 42.1, label: "Ambiguous" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(sb.requests({ method: "POST", path: TRANSFERS })).toBe(1);
    const { action, acted, found } = await (error as TransferOutcomeUnknownError<Transfer>).lookup();
    expect({ action, acted }).toEqual({ action: "transfers.create", acted: true });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ amount: 42.1, label: "Ambiguous", state: "created" });
  });

  test("a reset before the bank acted: lookup() finds nothing, so the app may safely try again", async () => {
    const recipientId = await enabledRecipient();
    sb.inject({ method: "POST", path: TRANSFERS, kind: "drop" });
    const error = await user.transfers.create({ accountId, recipientId, amount: 7, label: "Never" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(await (error as TransferOutcomeUnknownError<Transfer>).lookup()).toEqual({
      action: "transfers.create",
      acted: false,
      found: [],
    });
  });

  test("a reset after the bank executed the transfer: outcome unknown, lookup() tells its state", async () => {
    const recipientId = await enabledRecipient();
    const transfer = await user.transfers.create({ accountId, recipientId, amount: 3, label: "Reset" });
    await user.transfers.validate(transfer.id);
    sb.inject({ method: "POST", path: VALIDATE, kind: "drop", process: true });
    const error = await user.transfers.validate(transfer.id, { password: "123456" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(sb.requests({ method: "POST", path: VALIDATE })).toBe(2); // the first validate, then this one: no retry
    const { action, acted, found } = await (error as TransferOutcomeUnknownError<Transfer>).lookup();
    expect({ action, acted }).toEqual({ action: "transfers.validate", acted: true });
    expect(found.map((t) => t.id)).toEqual([transfer.id]);
    expect(["pending", "done"]).toContain(found[0]!.state);
  });

  test("the caller giving up mid-request (its signal) is an unknown outcome too, and lookup() still works", async () => {
    const recipientId = await enabledRecipient();
    const transfer = await user.transfers.create({ accountId, recipientId, amount: 4, label: "Slow" });
    await user.transfers.validate(transfer.id);
    sb.inject({ method: "POST", path: VALIDATE, kind: "delay", delayMs: 1_000 });
    const error = await user.transfers
      .validate(transfer.id, { password: "123456" }, { signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(((error as Error).cause as Error).name).toBe("AbortError");
    const early = await (error as TransferOutcomeUnknownError<Transfer>).lookup();
    expect(early).toMatchObject({ action: "transfers.validate", acted: false });
    expect(early.found[0]!.state).toBe("created");
    // The API finishes what it received after the caller gave up: looking again once it has, the outcome shows.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const later = await (error as TransferOutcomeUnknownError<Transfer>).lookup();
    expect(later.acted).toBe(true);
    expect(["pending", "done"]).toContain(later.found[0]!.state);
  });

  test("lookup() after a lost create does not take an identical transfer made before it for this one", async () => {
    const recipientId = await enabledRecipient();
    const paid = await user.transfers.create({ accountId, recipientId, amount: 950, label: "Rent" });
    sb.clock.advance(30 * 24 * 3600_000); // a month later, the same rent
    sb.inject({ method: "POST", path: TRANSFERS, kind: "drop" }); // lost before the API acted
    const error = await user.transfers.create({ accountId, recipientId, amount: 950, label: "Rent" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    const lookup = await (error as TransferOutcomeUnknownError<Transfer>).lookup();
    expect(lookup).toEqual({ action: "transfers.create", acted: false, found: [] });
    // … and once the API did act, the new one is found, not last month's
    sb.inject({ method: "POST", path: TRANSFERS, kind: "drop", process: true });
    const again = await user.transfers.create({ accountId, recipientId, amount: 950, label: "Rent" }).catch((e: unknown) => e);
    const found = (await (again as TransferOutcomeUnknownError<Transfer>).lookup()).found;
    expect(found.map((t) => t.id)).not.toContain(paid.id);
    expect(found).toHaveLength(1);
  });
});
