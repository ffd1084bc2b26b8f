/**
 * The least a workflow must know before it acts on an answer: that the entity it reads is there (an id,
 * a token). `budgea.api` does not validate bodies against the spec; the workflows check what they use, so a
 * 200 of the wrong shape is an InvalidResponseError rather than a "connected" connection that is not one.
 */
import { InvalidResponseError } from "./errors.js";

export function expectField<T>(data: T, field: string, type: "number" | "string", where: string): T {
  const value = data !== null && typeof data === "object" ? (data as Record<string, unknown>)[field] : undefined;
  if (typeof value !== type || value === "") {
    const [method = "GET", path = ""] = where.split(" ");
    throw new InvalidResponseError(`the answer has no ${type} \`${field}\``, {
      status: 200,
      method,
      path,
      headers: {},
    });
  }
  return data;
}
