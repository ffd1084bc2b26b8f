import { inspect } from "node:util";
import { Budgea, type Logger } from "../../src/index.js";
import { type TestServer, json, startServer } from "../helpers/server.js";

/** Every kind of secret a request can carry, each a recognisable canary. */
const CANARY = {
  token: "tok-CANARY-8d1f",
  password: "pwd-CANARY-77aa",
  clientSecret: "sec-CANARY-19be",
  code: "code-CANARY-c0de",
  login: "login-CANARY-4242",
};

let server: TestServer;
afterEach(() => server?.close());

function recordingLogger(lines: string[]): Logger {
  const record = (level: string) => (fields: object, message?: string) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
}

function exposed(error: unknown): string[] {
  return [String(error), (error as Error).message, (error as Error).stack ?? "", JSON.stringify(error), inspect(error, { depth: 5 })];
}

test("no secret of the request shows in any string of the error or in any log line, even when the API echoes them", async () => {
  // The worst case: an API error message quoting everything the request carried.
  server = await startServer((_req, res, hit) =>
    json(res, 400, { code: "wrongpass", message: `rejected ${hit.headers.authorization} with ${hit.body} ?${hit.url}` }),
  );
  const lines: string[] = [];
  const budgea = new Budgea({
    baseUrl: server.url,
    token: CANARY.token,
    clientId: 17,
    clientSecret: CANARY.clientSecret,
    logger: recordingLogger(lines),
  });
  const error = await budgea.api
    .POST("/users/{id_user}/connections", {
      params: { path: { id_user: "me" } },
      body: { id_connector: 59, login: CANARY.login, password: CANARY.password, client_secret: CANARY.clientSecret, code: CANARY.code },
    })
    .catch((e: unknown) => e);

  expect((error as { code: string }).code).toBe("wrongpass");
  expect(server.hits[0]!.body).toContain(CANARY.password); // it was sent…
  expect(lines.length).toBeGreaterThan(0);
  for (const text of [...exposed(error), ...lines]) {
    for (const secret of Object.values(CANARY)) expect(text).not.toContain(secret); // …and is told nowhere
  }
});

test("a temporary code in a query string is redacted from the debug log", async () => {
  server = await startServer((_req, res) => json(res, 200, { banks: [], total: 0 }));
  const lines: string[] = [];
  const budgea = new Budgea({ baseUrl: server.url, logger: recordingLogger(lines) });
  await budgea.api.GET("/banks", { params: { query: { expand: "fields", code: CANARY.code } as never } });
  expect(server.hits[0]!.url).toContain(CANARY.code);
  expect(lines.join("\n")).toContain("expand=fields");
  expect(lines.join("\n")).not.toContain(CANARY.code);
});

test("a logger whose debug level is off is not asked to build request lines", async () => {
  server = await startServer((_req, res) => json(res, 200, { banks: [], total: 0 }));
  const debug = jest.fn();
  const budgea = new Budgea({ baseUrl: server.url, logger: { debug, isLevelEnabled: (level) => level !== "debug" } });
  await budgea.api.GET("/banks");
  expect(debug).not.toHaveBeenCalled();
});
