import {
  AbortError,
  ActionNeededError,
  Budgea,
  FieldValidationError,
  PasswordExpiredError,
  RateLimitingError,
  WaitTimeoutError,
  WebsiteUnavailableError,
  WrongPassError,
} from "../../src/index.js";
import type { Field } from "../../generated/models.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";

const CREDENTIALS = { login: "12345678", password: "123456" };
const BANK = { sync: 59, otp: 60, twoStep: 61, decoupled: 62, decoupledExpires: 63, sca: 64, webauth: 65, validating: 66 };

describe.each(["2020", "current"] as const)("connections, %s API style", (connectionStyle) => {
  let sb: Sandbox;
  let user: Budgea;
  beforeAll(async () => {
    sb = await startSandbox({ connectionStyle, decoupledDelayMs: 300, validatingDelayMs: 200 });
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    const budgea = new Budgea({ baseUrl: sb.url });
    user = budgea.withToken((await budgea.auth.init()).token);
  });

  test("banks list their fields, typed", async () => {
    const { data } = await user.api.GET("/banks", { params: { query: { expand: "fields" } } });
    const bank = data.banks.find((b) => b.id === BANK.sync)!;
    expect(bank.fields?.map((f) => f.name)).toEqual(["login", "password", "website"]);
    expect(bank.fields?.find((f) => f.type === "list")?.values?.length).toBeGreaterThan(1);
  });

  test("a bank that connects at once: connected", async () => {
    const step = await user.connections.create({ connectorId: BANK.sync, fields: CREDENTIALS });
    expect(step.status).toBe("connected");
    expect(step.connection.id_connector ?? step.connection.id_bank).toBe(BANK.sync);
  });

  test("an OTP: the fields to ask, then resume with them (stateless between requests)", async () => {
    const step = await user.connections.create({ connectorId: BANK.otp, fields: CREDENTIALS });
    expect(step.status).toBe("additionalInformationNeeded");
    if (step.status !== "additionalInformationNeeded") return;
    expect(step.fields.map((f) => f.name)).toEqual(["sms"]);
    const serialised = JSON.parse(JSON.stringify(step)) as typeof step; // what a web app sends the browser
    const next = await user.connections.resume(serialised.connection.id, { sms: "123456" }, { fields: serialised.fields });
    expect(next.status).toBe("connected");
  });

  test("a bank that asks twice", async () => {
    let step = await user.connections.create({ connectorId: BANK.twoStep, fields: CREDENTIALS });
    const asked: string[][] = [];
    while (step.status === "additionalInformationNeeded") {
      asked.push(step.fields.map((f) => f.name));
      const answer: Record<string, string> = step.fields[0]!.name === "sms" ? { sms: "123456" } : { card_code: "12345678" };
      step = await user.connections.resume(step.connection.id, answer, { fields: step.fields });
    }
    expect(asked).toEqual([["sms"], ["card_code"]]);
    expect(step.status).toBe("connected");
  });

  test("a value that does not match its field's regex is refused before sending, naming the field only", async () => {
    const step = await user.connections.create({ connectorId: BANK.otp, fields: CREDENTIALS });
    if (step.status !== "additionalInformationNeeded") throw new Error(step.status);
    const before = sb.requests({ method: "POST" });
    const error = await user.connections.resume(step.connection.id, { sms: "12ab" }, { fields: step.fields }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldValidationError);
    expect((error as FieldValidationError).field).toBe("sms");
    expect(String(error)).not.toContain("12ab");
    expect(sb.requests({ method: "POST" })).toBe(before);
  });

  test("credentials are checked against the connector's field definitions too", async () => {
    const { data } = await user.api.GET("/banks", { params: { query: { expand: "fields" } } });
    const fieldDefinitions = data.banks.find((b) => b.id === BANK.sync)!.fields!;
    await expect(
      user.connections.create({ connectorId: BANK.sync, fields: { login: "short", password: "123456" }, fieldDefinitions }),
    ).rejects.toMatchObject({ name: "FieldValidationError", field: "login" });
  });

  test("wrongpass is a typed error", async () => {
    await expect(user.connections.create({ connectorId: BANK.sync, fields: { login: "12345678", password: "000000" } })).rejects.toBeInstanceOf(
      WrongPassError,
    );
  });

  test.each([
    [67, WebsiteUnavailableError],
    [68, ActionNeededError],
    [69, PasswordExpiredError],
    [70, RateLimitingError],
  ])("bank %i fails with its typed error", async (connectorId, Class) => {
    await expect(user.connections.create({ connectorId, fields: CREDENTIALS })).rejects.toBeInstanceOf(Class);
  });

  test("decoupled: wait polls until the user validated in the bank's app", async () => {
    const step = await user.connections.create({ connectorId: BANK.decoupled, fields: CREDENTIALS });
    expect(step.status).toBe("decoupled");
    const done = await user.connections.wait(step.connection.id, { intervalMs: 100 });
    expect(done.status).toBe("connected");
  });

  test("validating: wait until synced", async () => {
    const step = await user.connections.create({ connectorId: BANK.validating, fields: CREDENTIALS });
    expect(step.status).toBe("validating");
    expect((await user.connections.wait(step.connection.id, { intervalMs: 100 })).status).toBe("connected");
  });

  test("a decoupled validation nobody performs: the wait is bounded", async () => {
    const step = await user.connections.create({ connectorId: BANK.decoupledExpires, fields: CREDENTIALS });
    const started = Date.now();
    await expect(user.connections.wait(step.connection.id, { timeoutMs: 400, intervalMs: 100 })).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test("a wait is cancelled by its signal", async () => {
    const step = await user.connections.create({ connectorId: BANK.decoupledExpires, fields: CREDENTIALS });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(user.connections.wait(step.connection.id, { signal: controller.signal, intervalMs: 50 })).rejects.toBeInstanceOf(AbortError);
  });

  test("SCARequired: resume starts the SCA, which asks an SMS code", async () => {
    const step = await user.connections.create({ connectorId: BANK.sca, fields: CREDENTIALS });
    expect(step.status).toBe("SCARequired");
    const next = await user.connections.resume(step.connection.id);
    expect(next.status).toBe("additionalInformationNeeded");
  });

  test("webauthRequired: the URL to send the user to", async () => {
    const step = await user.connections.create({ connectorId: BANK.webauth, fields: {} });
    expect(step.status).toBe("webauthRequired");
    if (step.status === "webauthRequired") expect(step.url).toMatch(/^http/);
  });

  test("connect() loops through the steps for a script, asking prompt each time", async () => {
    const prompts: string[][] = [];
    const prompt = (fields: Field[]) => {
      prompts.push(fields.map((f) => f.name));
      return Object.fromEntries(fields.map((f) => [f.name, f.name === "sms" ? "123456" : "12345678"]));
    };
    const twoStep = await user.connections.connect({ connectorId: BANK.twoStep, fields: CREDENTIALS, prompt });
    expect(twoStep.id).toBeGreaterThan(0);
    expect(prompts).toEqual([["sms"], ["card_code"]]);
    const decoupled = await user.connections.connect({ connectorId: BANK.decoupled, fields: CREDENTIALS, prompt });
    expect(decoupled.state ?? decoupled.error ?? null).toBeNull();
    const sca = await user.connections.connect({ connectorId: BANK.sca, fields: CREDENTIALS, prompt });
    expect(sca.id).toBeGreaterThan(0);
  });

  test("a wrong OTP in connect() rejects typed, with the connection id", async () => {
    const error = await user.connections
      .connect({ connectorId: BANK.otp, fields: CREDENTIALS, prompt: () => ({ sms: "000000" }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPassError);
  });

  test("list with expand=accounts, get, sync, update credentials, delete", async () => {
    const created = await user.connections.create({ connectorId: BANK.sync, fields: CREDENTIALS });
    const id = created.connection.id;
    const [listed] = await user.connections.list({ expand: "accounts" });
    expect(listed!.accounts?.length).toBeGreaterThan(0);
    expect((await user.connections.get(id)).id).toBe(id);
    expect((await user.connections.sync(id)).status).toBe("connected");
    expect((await user.connections.update(id, { password: "654321" })).status).toBe("connected");
    await user.connections.delete(id);
    await expect(user.connections.get(id)).rejects.toMatchObject({ status: 404 });
  });

  test("creating a connection is never retried", async () => {
    sb.inject({ method: "POST", path: "/users/{id_user}/connections", kind: "status", status: 503 });
    await expect(user.connections.create({ connectorId: BANK.sync, fields: CREDENTIALS })).rejects.toMatchObject({ status: 503 });
    expect(sb.requests({ method: "POST", path: "/users/{id_user}/connections" })).toBe(1);
  });
});
