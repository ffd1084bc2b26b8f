import { operationTable } from "../generated/operations.js";

test("the operation table covers every operation", () => {
  expect(Object.keys(operationTable).length).toBe(443);
});
