/**
 * What the validator gets wrong, each with its evidence, and the exact problems it explains. A problem
 * matched here is reported as the validator's, counted, and never hides anything else: every other problem
 * fails the contract.
 */
import type { Problem } from "./problems.ts";

export interface KnownLimitation {
  id: string;
  what: string;
  evidence: string;
  matches(problem: Problem, body: unknown): boolean;
}

/**
 * None today. Prism's static sampler cut recursive schemas with `{}` (stoplightio/prism#2291), 206 problems in
 * 24 operations; our mock's sampler leaves a cyclic optional property out instead, so nothing needs excusing.
 */
export const KNOWN_LIMITATIONS: KnownLimitation[] = [];

/** The same problem, tagged with the known limitation that explains it, if one does. */
export function classify(problem: Problem, body: unknown): Problem {
  const limitation = KNOWN_LIMITATIONS.find((l) => l.matches(problem, body));
  return limitation ? { ...problem, limitation: limitation.id } : problem;
}
