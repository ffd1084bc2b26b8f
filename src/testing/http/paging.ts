import type { Fields } from "./body.js";
import { invalidValue } from "./errors.js";
import { optionalInt } from "./fields.js";

/** List pages: `limit` defaults to 100 and is clamped to 1000; `offset` defaults to 0. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface PageParams {
  offset: number;
  limit: number;
}

export function pageParams(query: Fields): PageParams {
  const offset = optionalInt(query, "offset") ?? 0;
  const limit = optionalInt(query, "limit") ?? DEFAULT_LIMIT;
  if (offset < 0) throw invalidValue("offset", "must be >= 0");
  if (limit < 1) throw invalidValue("limit", "must be >= 1");
  return { offset, limit: Math.min(limit, MAX_LIMIT) };
}

export function paginate<T>(items: readonly T[], query: Fields): { items: T[]; total: number } {
  const { offset, limit } = pageParams(query);
  return { items: items.slice(offset, offset + limit), total: items.length };
}
