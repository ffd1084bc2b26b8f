/**
 * The API's vocabularies (connection and transfer states), each one `as const` list checked against the
 * generated union both ways: a typo in `src/` is a compile error, so is a value the spec has and the list
 * lacks, and the runtime checks use the same list.
 */
import type { ConnectionState, TransferState } from "../generated/models.js";

/**
 * The named members of a generated union: without `null`, `""` (no state: a healthy connection) and the
 * `string & {}` of an open enumeration.
 */
export type Known<T> = T extends string ? (string extends T ? never : T extends "" ? never : T) : never;

/** `list`, typed as given, if it names every member of `T` and nothing else. */
function every<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}

/** Every connection state the spec names (`null`, a healthy connection, aside). */
export const CONNECTION_STATES = every<Known<ConnectionState>>()([
  "wrongpass",
  "additionalInformationNeeded",
  "websiteUnavailable",
  "actionNeeded",
  "SCARequired",
  "decoupled",
  "passwordExpired",
  "webauthRequired",
  "rateLimiting",
  "validating",
  "bug",
]);

/** A connection state this release names. */
export type ConnectionStateName = (typeof CONNECTION_STATES)[number];

/** Every transfer state the spec names. */
export const TRANSFER_STATES = every<Known<TransferState>>()([
  "created",
  "scheduled",
  "pending",
  "done",
  "canceled",
  "failed",
]);

/** A transfer state this release names: what `transfers.waitFor({ states })` takes. */
export type TransferStateName = (typeof TRANSFER_STATES)[number];

/** `value` if it is one of `list`'s members. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}
