import type { Field } from "../models.js";
import type { Fields } from "../http/body.js";
import { invalidValue, missingParameter } from "../http/errors.js";
import { optionalString } from "../http/fields.js";

/**
 * Checks user-typed values against the bank's fields: required ones present, `list` values among the
 * choices, text matching `regex`. Errors name the field, never its value. `partial`: only check what is given.
 */
export function checkFieldValues(fields: Field[], values: Fields, partial: boolean): Map<Field, string> {
  const checked = new Map<Field, string>();
  for (const field of fields) {
    const value = optionalString(values, field.name);
    if (value === undefined || value === "") {
      if (!partial && field.required) throw missingParameter(field.name);
      continue;
    }
    if (field.type === "list" && field.values && !field.values.some((v) => v.value === value)) {
      throw invalidValue(field.name, "not one of the field's values");
    }
    if (field.regex && !new RegExp(field.regex).test(value)) {
      throw invalidValue(field.name, `does not match ${field.regex}`);
    }
    checked.set(field, value);
  }
  return checked;
}

/** The sandbox's banks refuse a secret made only of zeros (`000000`): that is how a test gets `wrongpass`. */
export function isRefusedSecret(value: string): boolean {
  return /^0+$/.test(value);
}

export function hasRefusedSecret(checked: Map<Field, string>): boolean {
  return [...checked].some(
    ([field, value]) => (field.type === "password" || field.ephemeral) && isRefusedSecret(value),
  );
}
