/**
 * The contract's own parts, without the server: example values honour the schema, the response check catches a
 * wrong body, and the mock's sampler answers bodies of their schema.
 */
import { buildRequest } from "../../scripts/contract/build-request.js";
import { exampleValue } from "../../scripts/contract/example-values.js";
import { sample } from "../../scripts/contract/mock-server.js";
import { responseChecker } from "../../scripts/contract/response-check.js";
import type { Doc } from "../../scripts/lib/oas.js";
import { built, op } from "../spec/support/document.js";

let doc: Doc;
beforeAll(async () => {
  ({ doc } = await built());
});

const TRANSACTIONS = "/users/{id_user}/accounts/{id_account}/transactions";

test("example values: id_user is `me`, ids integers, dates dates, enums their first value, files Blobs", () => {
  const list = buildRequest(doc, op(doc, "get", TRANSACTIONS), [], "all");
  expect(list.params.path).toEqual({ id_user: "me", id_account: 1 });
  expect(list.params.query).toMatchObject({ min_date: "2020-01-31", limit: 1, last_update: "2020-01-31 12:30:00" });
  expect(list.body).toBeUndefined();
  const renew = buildRequest(doc, op(doc, "post", "/auth/renew"), [], "all");
  expect(renew.body).toMatchObject({ grant_type: "client_credentials", id_user: 1, revoke_previous: true });
  expect(buildRequest(doc, op(doc, "post", "/auth/renew"), [], "required").body).toEqual({
    client_id: "example",
    client_secret: "example",
    id_user: 1,
  });
  const upload = buildRequest(doc, op(doc, "post", "/users/{id_user}/documents"), [], "all");
  expect(upload.body!.file).toBeInstanceOf(Blob);
  expect(exampleValue(doc, { $ref: "#/components/schemas/Account" }, "required")).toMatchObject({
    id: 1,
    bookmarked: 0, // `true`/`false` or `1`/`0` (today-vocabularies): an anyOf gives its enum branch
  });
});

test("the response check accepts a body of our types and names what is wrong in one that is not", () => {
  const check = responseChecker(doc);
  const transaction = exampleValue(doc, { $ref: "#/components/schemas/Transaction" }, "all");
  expect(check(TRANSACTIONS, "get", 200, { transactions: [transaction], total: 1 })).toEqual([]);
  const wrong = check(TRANSACTIONS, "get", 200, { transactions: [{ ...(transaction as object), value: "12,50" }] });
  expect(wrong.map((p) => [p.at, p.message])).toEqual([["/transactions/0/value", "must be number"]]);
  expect(check(TRANSACTIONS, "get", 200, { total: 0 }).map((p) => p.message)).toEqual([
    "must have required property 'transactions'",
  ]);
  expect(check(TRANSACTIONS, "get", 422, { code: "wrongpass", message: "Wrong password" })).toEqual([]);
});

test("the mock answers a body of its schema, even for recursive ones (Account → Connection → Account)", () => {
  const check = responseChecker(doc);
  for (const path of ["/users/{id_user}/accounts/{id_account}", "/users/{id_user}/connections/{id_connection}"]) {
    const schema = op(doc, "get", path).responses["200"]!.content["application/json"].schema;
    const body = sample(doc, schema);
    expect([path, check(path, "get", 200, body)]).toEqual([path, []]);
  }
  const account = sample(doc, { $ref: "#/components/schemas/Account" }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(account.connection).toMatchObject({ id: 1 });
  expect(account.connection.accounts).toBeUndefined(); // back to Account: left out, not cut to {}
  expect(account.currency).toEqual(expect.objectContaining({ id: expect.any(String) }));
  expect(Object.keys(account).filter((k) => /^\d+$/.test(k))).toEqual([]);
});
