/**
 * connect() as a script or a web app meets it: every step seen (`onStep`), no SCA request the caller did not
 * ask for and none after giving up, the time really waited, values re-asked when they do not fit, and the
 * connection id on every rejection after the connection exists.
 */
import {
  Budgea,
  FieldValidationError,
  type InvalidOptionsError,
  SCARequiredError,
  WaitTimeoutError,
  WrongPassError,
  type ConnectionStep,
} from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";

const CREDENTIALS = { login: "12345678", password: "123456" };
const EXPIRING = 63; // Decoupled Timeout Bank: the app validation lapses, then the bank wants a new SCA
const RESUME = { method: "POST", path: "/users/{id_user}/connections/{id_connection}" };
const CREATE = { method: "POST", path: "/users/{id_user}/connections" };
const noPrompt = () => {
  throw new Error("prompt must not be called");
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(["2020", "current"] as const)("connect(), %s API style", (connectionStyle) => {
  let sb: Sandbox;
  let user: Budgea;
  beforeAll(async () => {
    sb = await startSandbox({
      connectionStyle,
      decoupledDelayMs: 200,
      decoupledTimeoutMs: 300,
      validatingDelayMs: 100,
    });
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    const budgea = new Budgea({ baseUrl: sb.url });
    user = budgea.withToken((await budgea.auth.init()).token);
  });

  test("the issue's scenario: an app validation that lapses is not renewed behind the caller's back", async () => {
    const steps: string[] = [];
    const error = await user.connections
      .connect({
        connectorId: EXPIRING,
        fields: CREDENTIALS,
        prompt: noPrompt,
        intervalMs: 50,
        timeoutMs: 5_000,
        onStep: (s) => void steps.push(s.status),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCARequiredError);
    expect((error as SCARequiredError).connectionId).toBeGreaterThan(0);
    expect(steps).toEqual(["decoupled", "SCARequired"]);
    expect(sb.requests(CREATE)).toBe(1);
    expect(sb.requests(RESUME)).toBe(0);
    await pause(400); // longer than a validation lasts: nothing more is sent after the rejection
    expect(sb.requests(RESUME)).toBe(0);
  });

  test("renewSca asks the caller before each new SCA request; false stops the flow", async () => {
    const asked: number[] = [];
    const error = await user.connections
      .connect({
        connectorId: EXPIRING,
        fields: CREDENTIALS,
        prompt: noPrompt,
        intervalMs: 50,
        timeoutMs: 10_000,
        renewSca: (step) => {
          asked.push(step.connection.id);
          return asked.length < 3;
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCARequiredError);
    expect(asked).toHaveLength(3);
    expect(sb.requests(RESUME)).toBe(2); // one new SCA request per `true`, none for the `false`
  });

  test("a flow that runs out of time: WaitTimeoutError with the time really waited, no POST after it", async () => {
    const timeoutMs = 700;
    const error = await user.connections
      .connect({
        connectorId: EXPIRING,
        fields: CREDENTIALS,
        prompt: noPrompt,
        intervalMs: 50,
        timeoutMs,
        renewSca: () => true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.waitedMs).toBeGreaterThanOrEqual(timeoutMs);
    expect(timeout.message).toContain(`within ${timeout.waitedMs} ms`);
    expect(timeout.connectionId).toBeGreaterThan(0);
    const posts = sb.requests(RESUME);
    await pause(500);
    expect(sb.requests(RESUME)).toBe(posts);
    expect(sb.requests(CREATE)).toBe(1);
  });

  test("onStep sees every step, the decoupled one before the wait and `connected` last", async () => {
    const steps: ConnectionStep["status"][] = [];
    const connection = await user.connections.connect({
      connectorId: 62,
      fields: CREDENTIALS,
      prompt: noPrompt,
      intervalMs: 50,
      onStep: (step) => void steps.push(step.status),
    });
    expect(steps).toEqual(["decoupled", "connected"]);
    expect(connection.id).toBeGreaterThan(0);

    steps.length = 0;
    await user.connections.connect({
      connectorId: 64, // SCA Bank: SCARequired, then an SMS code
      fields: CREDENTIALS,
      prompt: (fields) => Object.fromEntries(fields.map((f) => [f.name, "123456"])),
      onStep: (step) => void steps.push(step.status),
    });
    expect(steps).toEqual(["SCARequired", "additionalInformationNeeded", "connected"]);
  });

  test("an onStep that throws ends the flow with its error", async () => {
    const stop = new Error("the user left");
    await expect(
      user.connections.connect({
        connectorId: 62,
        fields: CREDENTIALS,
        prompt: noPrompt,
        onStep: () => Promise.reject(stop),
      }),
    ).rejects.toBe(stop);
  });

  test("a value that fails its field's regex is re-asked through prompt, with the problem; nothing is sent", async () => {
    const problems: (string | undefined)[] = [];
    let posts = -1;
    const connection = await user.connections.connect({
      connectorId: 60,
      fields: CREDENTIALS,
      prompt: (_fields, _step, problem) => {
        problems.push(problem?.field);
        if (problems.length === 1) posts = sb.requests(RESUME);
        return { sms: problems.length < 3 ? "12ab" : "123456" };
      },
    });
    expect(connection.id).toBeGreaterThan(0);
    expect(problems).toEqual([undefined, "sms", "sms"]);
    expect(posts).toBe(0);
    expect(sb.requests(RESUME)).toBe(1); // only the good answer went out
  });

  test("values that never fit: FieldValidationError carrying the connection id, nothing sent", async () => {
    const error = await user.connections
      .connect({ connectorId: 60, fields: CREDENTIALS, prompt: () => ({ sms: "nope" }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldValidationError);
    expect((error as FieldValidationError).field).toBe("sms");
    expect((error as FieldValidationError).connectionId).toBeGreaterThan(0);
    expect(String(error)).not.toContain("nope");
    expect(sb.requests(RESUME)).toBe(0);
  });

  test("a prompt that resolves no values (JavaScript): InvalidOptionsError with the connection id, nothing sent", async () => {
    for (const answer of [undefined, null, "123456", ["123456"]]) {
      const error = await user.connections
        .connect({ connectorId: 60, fields: CREDENTIALS, prompt: () => answer as never })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "InvalidOptionsError", option: "prompt" });
      expect((error as InvalidOptionsError).connectionId).toBeGreaterThan(0);
    }
    expect(sb.requests(RESUME)).toBe(0);
  });

  test("a refused OTP: WrongPassError with the connection id", async () => {
    const error = await user.connections
      .connect({ connectorId: 60, fields: CREDENTIALS, prompt: () => ({ sms: "000000" }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPassError);
    const [connection] = await user.connections.list();
    expect((error as WrongPassError).connectionId).toBe(connection!.id);
  });
});
