/** Checks the values a user typed against the fields the API asked for, before anything is sent. */
import type { Field } from "../generated/models.js";
import { FieldValidationError } from "./errors.js";

/** What the user typed, by field name: `{ login: "…", password: "…" }`, or the one field an OTP step asks. */
export type FieldValues = Record<string, string | number | boolean>;

/**
 * Every required field present, every value matching its field's `regex`, every `list` value one of its
 * choices. The error names the field, never its value. A regex this runtime cannot compile (the API's
 * are Python's) is not held against the user.
 */
export function checkFieldValues(fields: readonly Field[], values: FieldValues): void {
  for (const field of fields) {
    const value = values[field.name];
    const text = value === undefined || value === null ? "" : String(value);
    if (!text) {
      if (field.required !== false && field.type !== "hidden") throw new FieldValidationError(field.name, "missing");
      continue;
    }
    if (field.type === "list" && field.values?.length && !field.values.some((choice) => choice.value === text)) {
      throw new FieldValidationError(field.name, "not one of its choices");
    }
    const pattern = compile(field.regex);
    if (pattern && !pattern.test(text))
      throw new FieldValidationError(field.name, "does not match the expected format");
  }
}

function compile(regex: string | null | undefined): RegExp | undefined {
  if (!regex) return undefined;
  try {
    return new RegExp(regex);
  } catch {
    return undefined;
  }
}
