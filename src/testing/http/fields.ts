import type { Fields } from "./body.js";
import { invalidValue, missingParameter } from "./errors.js";

/**
 * Typed reads of request fields (body or query). Form bodies carry strings, JSON bodies real types:
 * both are accepted. A wrong type is a 400 `invalidValue` naming the field, never echoing the value.
 */
export function optionalString(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw invalidValue(name, "expected a string");
}

export function requiredString(fields: Fields, name: string): string {
  const value = optionalString(fields, name);
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

export function optionalNumber(fields: Fields, name: string): number | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === "") return undefined;
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) throw invalidValue(name, "expected a number");
  return n;
}

export function requiredNumber(fields: Fields, name: string): number {
  const n = optionalNumber(fields, name);
  if (n === undefined) throw missingParameter(name);
  return n;
}

export function optionalInt(fields: Fields, name: string): number | undefined {
  const n = optionalNumber(fields, name);
  if (n !== undefined && !Number.isSafeInteger(n)) throw invalidValue(name, "expected an integer");
  return n;
}

export function requiredInt(fields: Fields, name: string): number {
  const n = optionalInt(fields, name);
  if (n === undefined) throw missingParameter(name);
  return n;
}

/** `true`, `"true"`, `"1"`, `1`, and a bare query flag (`?all`) are true; `false`, `"false"`, `"0"`, `0` false. */
export function optionalBool(fields: Fields, name: string): boolean | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 1 || value === "" || value === "true" || value === "1") return true;
  if (value === false || value === 0 || value === "false" || value === "0") return false;
  throw invalidValue(name, "expected a boolean");
}

export function flag(fields: Fields, name: string): boolean {
  return optionalBool(fields, name) ?? false;
}

/** `expand=accounts[transactions],connection` → the top-level names `accounts`, `connection`. */
export function expands(fields: Fields): Set<string> {
  const raw = optionalString(fields, "expand") ?? "";
  const names = new Set<string>();
  let depth = 0;
  let current = "";
  for (const ch of raw) {
    if (ch === "[") depth++;
    else if (ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      names.add(current.trim());
      current = "";
    } else if (depth === 0) current += ch;
  }
  names.add(current.trim());
  names.delete("");
  return names;
}

/** The bracketed part of an expansion: `accounts[transactions,investments]` → `transactions,investments`. */
export function nestedExpand(fields: Fields, name: string): Fields {
  const raw = optionalString(fields, "expand") ?? "";
  const start = raw.indexOf(`${name}[`);
  if (start < 0) return {};
  let depth = 0;
  for (let i = start + name.length; i < raw.length; i++) {
    if (raw[i] === "[") depth++;
    else if (raw[i] === "]" && --depth === 0) return { expand: raw.slice(start + name.length + 1, i) };
  }
  return {};
}
