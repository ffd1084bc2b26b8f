/**
 * The sandbox refuses mistakes: a test that relies on a mistyped option or a fault that can never fire must
 * fail loudly, never pass vacuously.
 */
import { readFileSync } from "node:fs";
import { startSandbox } from "../../src/testing/index.js";
import { call, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

test("startSandbox() refuses a logger or a delay it could not use, at start (not at the first failure)", async () => {
  await expect(startSandbox({ logger: "stderr" } as never)).rejects.toThrow("`logger` must be a function");
  await expect(startSandbox({ transferDelayMs: "200" } as never)).rejects.toThrow(
    '`transferDelayMs` must be a number of milliseconds >= 0 (got "200")',
  );
  await expect(startSandbox({ decoupledDelayMs: -1 })).rejects.toThrow(RangeError);
  await expect(startSandbox({ seed: "x" } as never)).rejects.toThrow('`seed` must be an integer (got "x")');
});

test("startSandbox() takes console (or pino) as its logger: a handler bug is written with its warn", async () => {
  const lines: string[] = [];
  const sb = await startSandbox({
    webhook: "http://127.0.0.1:9/unreachable",
    logger: { warn: (line: string) => lines.push(line) },
  });
  try {
    const { connectionId } = sb.createUser();
    sb.simulateSync(connectionId, { added: 1 });
    await sb.flushWebhooks();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^\[budgea sandbox\] .*127\.0\.0\.1:9/);
  } finally {
    await sb.close();
  }
});

test("startSandbox() refuses an unknown option, naming the known ones", async () => {
  const error = await startSandbox({ sed: 1 } as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TypeError);
  expect(String(error)).toContain("unknown option `sed`");
  expect(String(error)).toContain("seed, port, connectionStyle");
});

test("inject() refuses an unknown kind, naming the known ones", () => {
  const sb = sandbox();
  expect(() => sb.inject({ path: "/banks", kind: "nope" } as never)).toThrow(
    'inject(): unknown kind "nope" (known: status, delay, drop, dropMidBody, html, truncatedJson, emptyBody, wrongEnvelope)',
  );
  expect(() => sb.inject({ path: "/banks" } as never)).toThrow(TypeError);
});

test("inject() refuses an option its kind does not take (a typo would be silently ignored)", () => {
  const sb = sandbox();
  expect(() => sb.inject({ path: "/banks", kind: "status", status: 503, retryafter: 1 } as never)).toThrow(
    /unknown option `retryafter` for kind status \(known: .*retryAfter/,
  );
  expect(() => sb.inject({ path: "/banks", kind: "drop", status: 503 } as never)).toThrow(/unknown option `status`/);
  expect(() => sb.inject({ method: "FETCH", path: "/banks", kind: "emptyBody" })).toThrow(/unknown method "FETCH"/);
});

test("inject() refuses a path (or a method on it) that no route serves, with the nearest routes", () => {
  const sb = sandbox();
  expect(() => sb.inject({ path: "/bankz", kind: "status", status: 503 })).toThrow(
    /no route of the sandbox serves \/bankz.*nearest: GET \/banks/,
  );
  expect(() => sb.inject({ method: "DELETE", path: "/banks", kind: "emptyBody" })).toThrow(RangeError);
  expect(() => sb.inject({ path: "/users/{id_user}/acounts", kind: "emptyBody" })).toThrow(
    /nearest: GET \/users\/\{id_user\}\/accounts/,
  );
  // what is served is accepted, as a template, a concrete path, with /2.0, or everything
  for (const path of ["/banks", "/users/{id_user}/accounts", "/users/me/accounts/12", "/2.0/banks/", "*"]) {
    expect(sb.inject({ path, kind: "emptyBody" }).remaining).toBe(1);
  }
});

test("a route of the spec the sandbox does not simulate answers 501 notSimulated, naming it", async () => {
  const sb = sandbox();
  const alerts = await call(sb, "GET", "/users/me/alerts");
  expect([alerts.status, alerts.body.code]).toEqual([501, "notSimulated"]);
  expect(alerts.body.message).toContain("GET /users/{id_user}/alerts");
  const deleteAccount = await call(sb, "DELETE", "/users/me/accounts/1");
  expect([deleteAccount.status, deleteAccount.body.code]).toEqual([501, "notSimulated"]);
  expect((await call(sb, "GET", "/bankz")).status).toBe(404);
});

test("the sandbox README lists exactly the routes served (sb.routes)", () => {
  const sb = sandbox();
  const readme = readFileSync("src/testing/README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Routes served"), readme.indexOf("## Tokens"));
  const listed = [...section.matchAll(/^\| `([^`]+)` \| ([A-Z, ]+) \|$/gm)].flatMap(([, template, methods]) =>
    methods!.split(", ").map((method) => `${method} ${template}`),
  );
  expect(listed.sort()).toEqual(sb.routes.map((r) => `${r.method} ${r.template}`).sort());
  expect(listed.length).toBeGreaterThan(40);
});
