/**
 * operationIds are the names of the generated fetchers: unique, readable, and stable — adding operations to
 * the spec must never rename an existing one (users' code calls them by name).
 */
import fc from "fast-check";
import { buildDocument } from "../../scripts/lib/build-document.js";
import { type Doc, operations } from "../../scripts/lib/oas.js";
import { loadSpec } from "../../scripts/lib/spec-source.js";
import { assignOperationIds, operationId } from "../../spec/operation-ids.js";
import { CURRENT, built } from "./support/document.js";

type Paths = Record<string, Record<string, unknown>>;

let doc: Doc;
let upstream: Record<string, unknown>;

beforeAll(async () => {
  ({ doc } = await built());
  upstream = (await loadSpec(CURRENT)).doc;
});

function namesOf(document: Doc): Map<string, string> {
  return new Map(
    [...operations(document)].map(({ method, path, op }) => [`${method.toUpperCase()} ${path}`, op.operationId!]),
  );
}

const stub = () => ({ responses: { "200": { description: "ok" } } });

test("all 443 operations get unique, readable names", () => {
  const names = [...namesOf(doc).values()];
  expect(names).toHaveLength(443);
  expect(new Set(names).size).toBe(443);
  for (const name of names) {
    expect(name).toMatch(/^(list|get|create|post|update|delete)([A-Z][a-z0-9]*)+$/);
    expect(name.length).toBeLessThanOrEqual(60);
  }
});

test.each([
  ["get", "/users/{id_user}/accounts/{id_account}/transactions", "listUserAccountTransactions"],
  ["post", "/users/{id_user}/connections", "createUserConnection"],
  ["post", "/users/{id_user}/connections/{id_connection}", "postUserConnection"],
  ["put", "/users/{id_user}/connections/{id_connection}", "updateUserConnection"],
  ["get", "/banks", "listBanks"],
  ["post", "/auth/renew", "postAuthRenew"],
  ["get", "/users/{id_user}/transactionsclusters", "listUserTransactionsClusters"],
  ["delete", "/webhooks/{id_webhook}/add_to_data/{key}", "deleteWebhookAddToDataByKey"],
])("%s %s is %s", (method, path, name) => {
  expect(doc.paths[path]?.[method]?.operationId).toBe(name);
});

test("adding paths and methods to the spec renames no existing operation", async () => {
  const grown = structuredClone(upstream) as { paths: Paths };
  grown.paths["/users/{id_user}/accounts/{id_account}/statements"] = { get: stub(), post: stub() };
  grown.paths["/users/{id_user}/accounts/{id_account}/statements/{id_statement}"] = { put: stub(), delete: stub() };
  grown.paths["/banks"]!.post = stub();
  grown.paths["/users/{id_user}/accounts/{id_account}"]!.patch = stub();
  grown.paths["/users/{id_user}/connections/{id_connection}"]!.get = stub();
  const { doc: after } = await buildDocument({ label: "grown", doc: grown, bytes: Buffer.alloc(0), sha256: "0" });

  const before = namesOf(doc);
  const now = namesOf(after);
  for (const [key, name] of before) expect([key, now.get(key)]).toEqual([key, name]);
  expect(now.size).toBe(before.size + 6); // the item GET existed already (our overlay added it)
  expect(now.get("GET /users/{id_user}/accounts/{id_account}/statements")).toBe("listUserAccountStatements");
  expect(now.get("PATCH /users/{id_user}/accounts/{id_account}")).toBe("patchUserAccount");
});

test("an addition whose name collides throws, naming both operations", async () => {
  const clash = structuredClone(upstream) as { paths: Paths };
  clash.paths["/users/{id_user}/accounts/{account}/transactions"] = { get: stub() };
  await expect(buildDocument({ label: "clash", doc: clash, bytes: Buffer.alloc(0), sha256: "0" })).rejects.toThrow(
    /"GET \/users\/\{id_user\}\/accounts\/\{id_account\}\/transactions" and "GET \/users\/\{id_user\}\/accounts\/\{account\}\/transactions" would both be named listUserAccountTransactions/,
  );
});

describe("any addition keeps every existing name, or fails naming the clash", () => {
  const words = ["users", "accounts", "transactions", "banks", "connections", "logs", "alerts", "items", "me"];
  const segment = fc.oneof(
    fc.constantFrom(...words),
    fc.constantFrom(...words).map((w) => `{id_${w}}`),
  );
  const addition = fc.record({
    method: fc.constantFrom("get", "post", "put", "delete", "patch"),
    path: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join("/")}`),
  });

  test("property", () => {
    const paths = (upstream as { paths: Paths }).paths;
    const before = assignOperationIds(paths);
    fc.assert(
      fc.property(fc.array(addition, { minLength: 1, maxLength: 4 }), (added) => {
        const grown: Paths = { ...paths };
        for (const { method, path } of added) grown[path] = { ...grown[path], [method]: stub() };
        let after: Map<string, string>;
        try {
          after = assignOperationIds(grown);
        } catch (error) {
          const message = (error as Error).message;
          const keys = [...message.matchAll(/"([A-Z]+ [^"]+)"/g)].map((m) => m[1]!);
          expect(keys).toHaveLength(2);
          expect(operationId(keys[0]!.split(" ")[0]!, keys[0]!.split(" ")[1]!)).toBe(
            operationId(keys[1]!.split(" ")[0]!, keys[1]!.split(" ")[1]!),
          );
          return;
        }
        for (const [key, name] of before) expect(after.get(key)).toBe(name);
      }),
      { numRuns: 60 },
    );
  });
});
