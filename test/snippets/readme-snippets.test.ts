/**
 * Every README example runs, not only compiles: each `docs/snippets/*.ts` is executed as it is, in its own
 * Node process (tsx), its `declare`d functions and values provided by ./harness.ts and the client's default
 * host answered by a sandbox; each test asserts what the README says the example prints or does.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";

interface Run {
  code: number | null;
  /** What the snippet printed, harness records aside. */
  lines: string[];
  /** The calls it made to what the harness provides, in order. */
  calls: { call: string; args: any[] }[];
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: Record<string, string>;
  values?: Record<string, unknown>;
  /** Typed like a person would: each answer once the snippet shows its next question (`…: `). */
  answers?: string[];
  args?: string[];
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ transferDelayMs: 100, decoupledDelayMs: 300, validatingDelayMs: 100 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

function run(snippet: string, options: RunOptions = {}): Promise<Run> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./test/snippets/harness.ts", `docs/snippets/${snippet}`, ...(options.args ?? [])],
    {
      env: {
        PATH: process.env.PATH,
        SNIPPET_SANDBOX_URL: sb.url,
        SNIPPET_VALUES: JSON.stringify(options.values ?? {}),
        ...options.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  const answers = [...(options.answers ?? [])];
  let asked = 0;
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    const screen = stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    if (screen.length > asked && screen.endsWith(": ")) {
      asked = screen.length;
      const answer = answers.shift();
      if (answer === undefined) child.stdin.end();
      else child.stdin.write(`${answer}\n`);
    }
  });
  child.stderr.on("data", (chunk) => (stderr += chunk));
  if (!options.answers) child.stdin.end();
  return new Promise((resolve) =>
    child.on("close", (code) => {
      const all = stdout.split("\n").filter(Boolean);
      resolve({
        code,
        stdout,
        stderr,
        lines: all.filter((line) => !line.startsWith("@@ ")),
        calls: all.filter((line) => line.startsWith("@@ ")).map((line) => JSON.parse(line.slice(3))),
      });
    }),
  );
}

function succeeded(result: Run): Run {
  if (result.code !== 0) throw new Error(`the snippet failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  return result;
}

const userEnv = () => {
  const user = sb.createUser();
  return { user, env: { BUDGEA_USER_TOKEN: user.token } };
};

test("every snippet has a test here", () => {
  expect(readdirSync("docs/snippets").sort()).toEqual([...SNIPPETS].sort());
});

const SNIPPETS = [
  "quickstart.ts",
  "core-client.ts",
  "token-lifecycle.ts",
  "connections-web.ts",
  "connections-cli.ts",
  "pagination.ts",
  "webview.ts",
  "webhooks-express.ts",
  "webhooks-fetch.ts",
  "transfers.ts",
  "dates.ts",
  "errors.ts",
  "testing.ts",
  "fetchers.ts",
  "models.ts",
  // run by sync-snippets.test.ts (a redis-server and SQLite files of their own); sqlite-store.ts also by test/sync
  "sync.ts",
  "sync-domain.ts",
  "sync-queue.ts",
  "sqlite-store.ts",
];

test("models: a card without balance is said so, a summary_card is read with both date families", async () => {
  const { lines } = succeeded(await run("models.ts"));
  expect(lines).toContain("Carte Visa Premier (card): no balance");
  expect(lines.some((line) => /^Compte chèque \(current account\): \d+\.\d\d$/.test(line))).toBe(true);
  expect(lines.some((line) => /^card debit -\d+(\.\d+)? on \d{4}-\d\d-\d\d, paid \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z, seen /.test(line))).toBe(
    true,
  );
});

test("core client: a user and the webview with the core alone; per-call options; a bodiless DELETE", async () => {
  const { lines } = succeeded(await run("core-client.ts"));
  expect(lines).toEqual(["https://demo.biapi.pro/2.0/auth/webview/connect", "0 200 true", "true"]);
  expect(sb.requests({ method: "DELETE", path: "/auth/token" })).toBe(1);
});

test("quickstart: every bank with its fields", async () => {
  const { lines } = succeeded(await run("quickstart.ts"));
  expect(lines[0]).toBe("59 Sandbox Bank [ 'login', 'password', 'website' ]");
  expect(lines.length).toBe(sb.banks.length);
});

test("token lifecycle: a temporary user, a code, a permanent token saved, a renewed token", async () => {
  const { lines, calls } = succeeded(
    await run("token-lifecycle.ts", { env: { CLIENT_ID: sb.clientId, CLIENT_SECRET: sb.clientSecret } }),
  );
  expect(calls).toEqual([{ call: "saveUserToken", args: [expect.any(Number), "string"] }]);
  expect(lines).toEqual([expect.stringMatching(/^\d+ \d{4}-\d\d-\d\dT.* true$/)]);
});

describe("connections in a web app: stateless steps", () => {
  test("the fields go to the browser, the answer connects", async () => {
    const { calls } = succeeded(
      await run("connections-web.ts", { values: { userToken: sb.createUser().token, answers: { sms: "123456" } } }),
    );
    expect(calls.map((c) => c.args[0])).toEqual([
      { connectionId: expect.any(Number), fields: [expect.objectContaining({ name: "sms" })] },
      { ok: true },
    ]);
  });

  test("a refused code: the browser gets the error with the connection id", async () => {
    const { calls } = succeeded(
      await run("connections-web.ts", { values: { userToken: sb.createUser().token, answers: { sms: "000000" } } }),
    );
    const [asked, refused] = calls.map((c) => c.args[0]);
    expect(refused).toEqual({ error: "wrong code", connectionId: asked.connectionId });
    expect(asked.connectionId).toBeGreaterThan(0);
  });
});

describe("connections in a CLI: one call", () => {
  test("the password is not echoed; the bank's question is asked; connected", async () => {
    const { env } = userEnv();
    const { stdout, lines } = succeeded(
      await run("connections-cli.ts", { env, args: ["60"], answers: ["12345678", "654321", "123456"] }),
    );
    expect(stdout).not.toContain("654321");
    expect(stdout).toContain("12345678"); // the login is echoed, as typed
    expect(lines.at(-1)).toMatch(/^connected: #\d+$/);
    expect(stdout).toMatch(/Password: \n/);
  });

  test("a value that does not fit is asked again; an app validation is announced", async () => {
    const { env } = userEnv();
    const otp = succeeded(
      await run("connections-cli.ts", { env, args: ["60"], answers: ["12345678", "654321", "12ab", "123456"] }),
    );
    expect(otp.stdout).toContain("That does not look right (sms), try again.");
    expect(otp.lines.at(-1)).toMatch(/^connected: #\d+$/);
    const decoupled = succeeded(
      await run("connections-cli.ts", { env, args: ["62"], answers: ["12345678", "654321"] }),
    );
    expect(decoupled.stdout).toContain("Validate in your bank's app…");
    expect(decoupled.lines.at(-1)).toMatch(/^connected: #\d+$/);
  });
});

test("pagination: whole pages with the total, then every transaction of an account", async () => {
  const { user, env } = userEnv();
  const { lines } = succeeded(await run("pagination.ts", { env, values: { accountId: user.accountIds[0] } }));
  expect(lines[0]).toBe(`${user.accountIds.length} of ${user.accountIds.length} accounts`);
  expect(lines.length).toBeGreaterThan(2);
  expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d -?\d+(\.\d+)? \S/);
});

describe("webview", () => {
  test("the connect URL with a single-use code and the state; the callback read back", async () => {
    const { calls } = succeeded(
      await run("webview.ts", {
        env: { CLIENT_ID: sb.clientId, CLIENT_SECRET: sb.clientSecret },
        values: { userToken: sb.createUser().token, callbackQuery: "connection_id=5" },
      }),
    );
    const [redirect, shown] = calls;
    const url = new URL(redirect!.args[0]);
    expect(url.pathname).toBe("/2.0/auth/webview/fr/connect");
    expect(url.searchParams.get("client_id")).toBe(sb.clientId);
    expect(url.searchParams.get("code")).toBeTruthy();
    expect(url.searchParams.get("state")).toMatch(/^[0-9a-f-]{36}$/);
    expect(shown).toEqual({ call: "show", args: ["Bank connected (connection 5)"] });
  });

  test("a cancelled flow, and a callback whose state was not ours", async () => {
    const base = { env: { CLIENT_ID: sb.clientId }, values: { userToken: sb.createUser().token } };
    const cancelled = succeeded(
      await run("webview.ts", { ...base, values: { ...base.values, callbackQuery: "error=access_denied" } }),
    );
    expect(cancelled.calls.at(-1)).toEqual({ call: "show", args: ["You cancelled."] });
    const forged = succeeded(
      await run("webview.ts", {
        ...base,
        values: { ...base.values, callbackQuery: "connection_id=5", callbackState: "forged" },
      }),
    );
    expect(forged.calls.at(-1)).toEqual({ call: "show", args: ["This link is not valid any more."] });
  });
});

test("webhooks with Express: verified deliveries handled once, redeliveries skipped, 2020 bearer checked", async () => {
  const secret = "whsec-test";
  const body = {
    id_webhook_data: 7,
    connections: [
      {
        id: 1,
        id_user: 3,
        accounts: [
          {
            id: 10,
            transactions: [
              { id: 100, value: -12.5, date: "2025-03-01" },
              { id: 101, deleted: "2025-03-02 10:00:00", value: 1, date: "2025-03-01" },
            ],
          },
        ],
      },
    ],
  };
  const { calls } = succeeded(
    await run("webhooks-express.ts", {
      env: { BUDGEA_WEBHOOK_SECRET: secret },
      values: {
        webhookUser: 3,
        webhookToken: "user-3-token",
        deliveries: [
          { path: "/webhooks/budgea/connection-synced", body, secret },
          { path: "/webhooks/budgea/connection-synced", body, secret }, // the API delivers again
          { path: "/webhooks/budgea/connection-synced", body, secret: "wrong" },
          { path: "/webhooks/budgea/2020", body, token: "user-3-token" },
          { path: "/webhooks/budgea/2020", body, token: "someone-else" },
        ],
      },
    }),
  );
  expect(calls.filter((c) => c.call !== "delivered")).toEqual([
    { call: "upsertTransaction", args: [10, 100, -12.5, "2025-03-01"] },
    { call: "removeTransaction", args: [101] },
  ]);
  expect(calls.filter((c) => c.call === "delivered").map((c) => c.args[1])).toEqual([200, 200, 401, 200, 401]);
});

test("webhooks with a fetch Request: the signed test delivery answers 200", async () => {
  const { lines, calls } = succeeded(await run("webhooks-fetch.ts", { env: { BUDGEA_WEBHOOK_SECRET: "s3cret" } }));
  expect(lines).toEqual(["200"]);
  expect(calls).toEqual([{ call: "enqueueSync", args: [1, [17]] }]); // the test delivery: id 1, account 17
});

test("transfers: a recipient answered, a transfer validated with the password and done", async () => {
  const { user, env } = userEnv();
  const { lines } = succeeded(await run("transfers.ts", { env, values: { accountId: user.accountIds[0] } }));
  expect(lines).toEqual([expect.stringMatching(/^transfer #\d+: done$/)]);
  expect(sb.requests({ method: "POST", path: "/users/{id_user}/transfers/{id_transfer}" })).toBe(2);
});

test("dates: Paris wall-clock times as instants, the UTC family as UTC, and back", async () => {
  const values = { account: { last_update: "2015-07-04 15:17:30" }, tx: { rdatetime: "2025-03-27 22:47:00" } };
  const { lines } = succeeded(await run("dates.ts", { values }));
  expect(lines[0]).toBe("2015-07-04T13:17:30.000Z");
  expect(lines[1]).toBe("2025-03-27T22:47:00.000Z");
  expect(lines.slice(2).join(" ")).toMatch(
    /last_update: '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'.*min_date: '\d{4}-\d\d-\d\d'/,
  );
});

describe("errors", () => {
  test("a connection in a terminal state: its typed error, with the connection id", async () => {
    const { user, env } = userEnv();
    sb.setConnectionState(user.connectionId, "wrongpass");
    const { lines } = succeeded(await run("errors.ts", { env, values: { connectionId: user.connectionId } }));
    expect(lines).toEqual([`connection ${user.connectionId}: wrongpass`]);
  });

  test("a connection waiting on its user is a step, not an error", async () => {
    const { user, env } = userEnv();
    sb.setConnectionState(user.connectionId, "SCARequired");
    const { lines } = succeeded(await run("errors.ts", { env, values: { connectionId: user.connectionId } }));
    expect(lines).toEqual([`connection ${user.connectionId} needs the user: SCARequired`]);
  });

  test("an HTTP error: status, code, path", async () => {
    const { env } = userEnv();
    const { lines } = succeeded(await run("errors.ts", { env, values: { connectionId: 999_999 } }));
    expect(lines).toEqual(["404 notFound /users/{id_user}/connections/{id_connection} undefined"]);
  });
});

test("testing: the sandbox answers the workflow, the injected fault fires and is retried", async () => {
  const { lines } = succeeded(await run("testing.ts"));
  expect(lines).toEqual(["additionalInformationNeeded", "true 2"]);
});

test("fetchers: a typed fetcher on the client", async () => {
  const { user, env } = userEnv();
  const { lines } = succeeded(await run("fetchers.ts", { env, values: { accountId: user.accountIds[0] } }));
  expect(Number(lines[0])).toBeGreaterThan(0);
});
