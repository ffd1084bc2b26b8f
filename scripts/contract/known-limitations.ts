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

export const KNOWN_LIMITATIONS: KnownLimitation[] = [
  {
    id: "prism-sampler-cycle-cut",
    what:
      "Prism's static mock generator breaks a recursive schema (Account.connection → Connection.accounts → " +
      "Account …) with an empty object `{}`, ignoring the schema's `required`: the mocked body fails its own " +
      "schema at the cut, although the schema is valid and a real response never nests without end.",
    evidence:
      "@stoplight/json-schema-sampler 0.3.0 (the static generator of Prism 5.14, as of 5.16), src/traverse.js: a schema already on " +
      "`seenSchemasStack`, or deeper than `maxSampleDepth`, yields `getResultForCircular(type)` = `{}` for objects " +
      '(src/utils.js); stoplightio/prism#2291 "Invalid response object is generated for cyclical schemas".',
    matches(problem, body) {
      if (problem.source !== "ajv" || !problem.message.startsWith("must have required property")) return false;
      const value = valueAt(body, problem.at);
      const isEmptyObject = value !== null && typeof value === "object" && Object.keys(value).length === 0;
      const names = problem.at.split("/").filter((s) => s && !/^\d+$/.test(s));
      const holder = names.at(-1);
      return isEmptyObject && holder !== undefined && names.slice(0, -1).includes(holder);
    },
  },
];

/** The same problem, tagged with the known limitation that explains it, if one does. */
export function classify(problem: Problem, body: unknown): Problem {
  const limitation = KNOWN_LIMITATIONS.find((l) => l.matches(problem, body));
  return limitation ? { ...problem, limitation: limitation.id } : problem;
}

function valueAt(body: unknown, pointer: string): unknown {
  let node = body;
  for (const raw of pointer.split("/").slice(1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}
