/**
 * Type tests, compiled by `npm run typecheck` (never run): the API's vocabularies are typed, so a typo is a
 * compile error. Each `@ts-expect-error` fails the build if the line below it ever compiles.
 */
import type { Budgea, ConnectionStep } from "../../src/index.js";
import type { ConnectionStateName, TransferStateName } from "../../src/vocabulary.js";

export async function transferStates(user: Budgea) {
  await user.transfers.waitFor(1, { states: ["done", "pending"] });
  // @ts-expect-error a typo in a transfer state
  await user.transfers.waitFor(1, { states: ["dnoe"] });
}

/** Every status a connection step can have, but `connected`, is a connection state of the spec. */
export const stepStatesAreConnectionStates: Exclude<ConnectionStep["status"], "connected"> extends ConnectionStateName
  ? true
  : never = true;

export const named: [ConnectionStateName, TransferStateName] = ["SCARequired", "done"];
// @ts-expect-error a state the spec does not name
export const typo: ConnectionStateName = "SCArequired";
