/** What can be wrong with one call, whoever noticed it. */
export interface Problem {
  /** `validator`: the mock server's request violations; `ajv`: our response-schema check; `client`: what budgea's client did. */
  source: "validator" | "ajv" | "client";
  /** Where: `request.path.id_account`, `response.body`, or a JSON pointer into the response body. */
  at: string;
  message: string;
  /** Set when the problem is a known limitation of the validator (see known-limitations.ts), not ours. */
  limitation?: string;
}
