/**
 * Specs as users meet them after an upstream update, each made from the 2020 release (never copied into
 * the repository: written to a temp folder when a test needs it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CURRENT } from "./document.js";

type Swagger = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const release = (): Swagger => JSON.parse(readFileSync(CURRENT, "utf8"));

/** A new list endpoint whose items are an inline schema (no definition to name them). */
export const PAYEES_PATH = "/users/{id_user}/payees";

export const FIXTURES = {
  /** 2020 plus one list endpoint with an inline item schema. */
  grown(spec = release()): Swagger {
    spec.paths[PAYEES_PATH] = {
      get: {
        summary: "List the user's payees",
        parameters: [{ name: "id_user", in: "path", required: true, type: "string" }],
        responses: {
          "200": {
            description: "payees",
            schema: {
              type: "object",
              required: ["payees"],
              properties: {
                total: { type: "integer" },
                payees: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["id", "label"],
                    properties: { id: { type: "integer" }, label: { type: "string" }, iban: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
    };
    return spec;
  },
  /** 2020 minus `Transaction.wording` (a field the sandbox and README's pagination example use). */
  shrunk(spec = release()): Swagger {
    delete spec.definitions.Transaction.properties.wording;
    spec.definitions.Transaction.required = spec.definitions.Transaction.required.filter((r: string) => r !== "wording");
    return spec;
  },
  /** The update: grown and shrunk at once. */
  updated(): Swagger {
    return FIXTURES.shrunk(FIXTURES.grown());
  },
  /** Upstream fixed two defects we patch: `POST /auth/renew` exists, `ConnectorCategory.name` lost its bad default. */
  upstreamFixed(spec = release()): Swagger {
    delete spec.definitions.ConnectorCategory.properties.name.default;
    spec.paths["/auth/renew"] = {
      post: {
        summary: "Renew a user's permanent token",
        parameters: [
          { name: "client_id", in: "formData", required: true, type: "string" },
          { name: "client_secret", in: "formData", required: true, type: "string" },
          { name: "id_user", in: "formData", required: true, type: "integer" },
          { name: "revoke_previous", in: "formData", required: false, type: "boolean" },
        ],
        responses: {
          "200": {
            description: "The new permanent token",
            schema: { type: "object", required: ["access_token"], properties: { access_token: { type: "string" } } },
          },
        },
      },
    };
    return spec;
  },
  /** A route a fix targets is gone (`GET /webauth`): a warning, generation goes on. */
  targetGone(spec = release()): Swagger {
    delete spec.paths["/webauth"];
    return spec;
  },
  /** Upstream now types `Connection.state` as an integer: the `connection-state` fix conflicts. */
  conflicting(spec = release()): Swagger {
    spec.definitions.Connection.properties.state = { type: "integer", description: "state code" };
    return spec;
  },
  /** Upstream makes `Transaction.wording` a number: the sandbox's declared need no longer fits. */
  wordingAsNumber(spec = release()): Swagger {
    spec.definitions.Transaction.properties.wording = { type: "number" };
    return spec;
  },
} satisfies Record<string, () => Swagger>;

export type FixtureName = keyof typeof FIXTURES;

/** Writes a fixture as `<dir>/<name>.swagger.json` and returns its path. */
export function writeFixture(dir: string, name: FixtureName): string {
  const file = join(dir, `${name}.swagger.json`);
  writeFileSync(file, JSON.stringify(FIXTURES[name](), null, 2));
  return file;
}
