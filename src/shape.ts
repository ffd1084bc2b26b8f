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

/**
 * A call that changes a known resource (resume a connection, validate a transfer…): a 2xx without a body (a
 * 204) is its success, so the resource is read back rather than the success reported as a failure.
 */
export async function orReadBack<T>(call: () => Promise<T>, readBack: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof InvalidResponseError && error.reason === "empty" && error.status < 300) return readBack();
    throw error;
  }
}
