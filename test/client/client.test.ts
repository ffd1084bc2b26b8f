import { Budgea, InvalidOptionsError, TokenExpiredError, VERSION } from "../../src/index.js";
import { type TestServer, json, startServer } from "../helpers/server.js";
import { readFileSync } from "node:fs";

let server: TestServer;
beforeEach(async () => {
  server = await startServer((_req, res) => json(res, 200, { banks: [], total: 0 }));
});
afterEach(() => server.close());

test("requests carry the bearer token and the User-Agent", async () => {
  await new Budgea({ baseUrl: server.url, token: "abc", userAgent: "my-app/1.2" }).api.GET("/banks");
  expect(server.hits[0]!.headers.authorization).toBe("Bearer abc");
  expect(server.hits[0]!.headers["user-agent"]).toBe(`budgea-ts/${VERSION} my-app/1.2`);
});

test("VERSION is package.json's", () => {
  expect(VERSION).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
});

test("withToken: same configuration, another token, the original untouched", async () => {
  const manage = new Budgea({ baseUrl: server.url, token: "manage", userAgent: "x" });
  const user = manage.withToken("user-token");
  await user.api.GET("/banks");
  await manage.api.GET("/banks");
  expect(server.hits.map((h) => h.headers.authorization)).toEqual(["Bearer user-token", "Bearer manage"]);
  expect(user.baseUrl).toBe(manage.baseUrl);
});

test("withToken refuses an empty token with a typed error", () => {
  expect(() => new Budgea({ baseUrl: server.url }).withToken("")).toThrow(InvalidOptionsError);
});

test("withToken is cheap: 10,000 clients in well under a second", () => {
  const budgea = new Budgea({ baseUrl: server.url });
  const started = performance.now();
  for (let i = 0; i < 10_000; i++) budgea.withToken(`t${i}`);
  expect(performance.now() - started).toBeLessThan(1_000);
});

test("a temporary token past its expiry fails fast, nothing sent", async () => {
  const user = new Budgea({ baseUrl: server.url }).withToken("tmp-9f3k", { expiresAt: new Date(Date.now() - 1) });
  const error = await user.api.GET("/banks").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TokenExpiredError);
  expect(String(error)).not.toContain("tmp-9f3k");
  expect(server.hits).toHaveLength(0);
});

test("a request may carry its own Authorization (client credentials calls)", async () => {
  await new Budgea({ baseUrl: server.url, token: "abc" }).api.GET("/banks", { headers: { Authorization: "Bearer other" } });
  expect(server.hits[0]!.headers.authorization).toBe("Bearer other");
});

test("the client's secrets are not in what inspecting or serialising it shows", () => {
  const budgea = new Budgea({ baseUrl: server.url, token: "tok-SECRET", clientId: 1, clientSecret: "sec-SECRET" });
  const text = require("node:util").inspect(budgea, { depth: 4 }) + JSON.stringify(budgea);
  expect(text).not.toContain("tok-SECRET");
  expect(text).not.toContain("sec-SECRET");
});
