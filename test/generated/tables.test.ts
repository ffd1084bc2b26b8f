import { listKeyOf } from "../../generated/list-keys.js";
import { operationTable } from "../../generated/operations.js";
import { isIdempotent } from "../../src/retry.js";

const entries = Object.values(operationTable);

test("the compact run-time list keys agree with the operation table for every list GET", () => {
  const lists = entries.filter((e) => e.listKey);
  expect(lists.length).toBeGreaterThan(100);
  for (const e of lists) expect([e.path, listKeyOf(e.path)]).toEqual([e.path, e.listKey]);
});

test("the retry policy's idempotency agrees with the operation table for every operation", () => {
  for (const e of entries) expect([e.method, e.path, isIdempotent(e.method)]).toEqual([e.method, e.path, e.idempotent]);
  expect(entries.filter((e) => e.method === "post").every((e) => !e.idempotent)).toBe(true);
});
