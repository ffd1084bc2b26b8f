/**
 * Errors carry what they are about: every BudgeaError a call on a known connection, transfer or recipient
 * raises gets that id (`error.connectionId`, `error.transferId`, `error.recipientId`), on every path — HTTP
 * errors, timeouts, aborts, values refused before sending, waits that ran out.
 */
import { BudgeaError } from "./errors.js";

/** The resources a call is about. */
export interface ErrorContext {
  connectionId?: number | undefined;
  transferId?: number | undefined;
  recipientId?: number | undefined;
}

/** Runs `call`; a BudgeaError it raises leaves with the ids of `context` it did not already carry. */
export async function about<T>(context: ErrorContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw withContext(error, context);
  }
}

/** Sets the ids of `context` a BudgeaError lacks (others' errors are left alone); returns the error. */
export function withContext<E>(error: E, context: ErrorContext): E {
  if (!(error instanceof BudgeaError)) return error;
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined || (error as unknown as Record<string, unknown>)[key] !== undefined) continue;
    Object.defineProperty(error, key, { value, enumerable: true, writable: false, configurable: true });
  }
  return error;
}
