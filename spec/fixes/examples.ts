/**
 * Fixes for what the spec's generator left in examples and defaults: placeholder examples, SQL column
 * defaults, and response schemas built from an example's keys instead of its shape.
 */
import type { Fix } from "../overlay.ts";
import type { Schema } from "../../scripts/lib/oas.ts";
import { operations } from "../../scripts/lib/oas.ts";
import { JSON_MEDIA, inferSchema } from "./shared.ts";

/**
 * Upstream keys a response's `examples` by property name; swagger2openapi turns each key into a fake media
 * type holding `{ examples: { response: { value } } }`. This puts the pieces back together as the one JSON
 * example they were meant to be (unwrapping the few keyed `example`/`examples`). Returns the fake keys seen.
 */
export function reassembleKeyedExamples(response: Schema): number {
  const content: Record<string, Schema> = response.content ?? {};
  const fake = Object.keys(content).filter((key) => !key.includes("/"));
  if (!fake.length) return 0;
  const pieces = Object.fromEntries(fake.map((key) => [key, content[key]!.examples?.response?.value]));
  for (const key of fake) delete content[key];
  const wrapper = fake.length === 1 && (fake[0] === "example" || fake[0] === "examples");
  const example = wrapper ? pieces[fake[0]!] : pieces;
  const json = content[JSON_MEDIA];
  if (json && isInformative(example) && !json.example) json.example = example;
  return fake.length;
}

/** An example holding placeholders (`{}`, `""`, as the auth responses do) is no evidence of anything. */
function isInformative(example: unknown): boolean {
  if (example === undefined || isPlaceholder(example)) return false;
  if (example === null || typeof example !== "object" || Array.isArray(example)) return true;
  return !Object.values(example).some(isPlaceholder);
}

function isPlaceholder(value: unknown): boolean {
  const emptyObject = value !== null && typeof value === "object" && Object.keys(value).length === 0;
  return value === "" || emptyObject;
}

/** Every value of a definition's example is the zero value of its type, its default, or "now". */
const PLACEHOLDER_EVIDENCE =
  "Each of the 51 definitions carries an `example` object whose values are the zero value of each type " +
  '(`0`, `""`, `false`), the declared default (`"CURRENT_TIMESTAMP"`, `<function <lambda> at 0x…>`) or the ' +
  "moment the spec was generated (`2020-02-06 15:37:48.970418` … `15:37:49.240876`, rising in file order); " +
  '`Account.currency` is `""` although it is an object. None is data the API sends.';

export const placeholderExamples: Fix = {
  id: "placeholder-examples",
  defect:
    "Every definition has a machine-made `example` (zero values, defaults, the generation timestamp), " +
    "several of the wrong type; generated docs show them as if they were real responses.",
  evidence: PLACEHOLDER_EVIDENCE,
  kind: "sweep",
  apply(doc) {
    let n = 0;
    for (const schema of Object.values(doc.components.schemas)) {
      if (schema.example && typeof schema.example === "object" && schema.properties) {
        delete schema.example;
        n++;
      }
    }
    return n;
  },
};

export const sqlDefaults: Fix = {
  id: "sql-defaults",
  defect:
    'Date-times default to the string `"CURRENT_TIMESTAMP"` (`User.signin`, `Document.timestamp`, ' +
    "`Device.last_update`, the `*Log.timestamp`s): an SQL column default leaked into the schema.",
  evidence:
    "A default must be a value of the property's type; `CURRENT_TIMESTAMP` means the server fills the column " +
    "when the row is created, so the property is always present in responses: we declare it required instead.",
  kind: "sweep",
  apply(doc) {
    let n = 0;
    for (const schema of Object.values(doc.components.schemas)) {
      for (const [name, prop] of Object.entries<Schema>(schema.properties ?? {})) {
        if (prop.default !== "CURRENT_TIMESTAMP") continue;
        delete prop.default;
        schema.required = [...new Set([...(schema.required ?? []), name])];
        n++;
      }
    }
    return n;
  },
};

/**
 * Responses whose schema is `{ type: object, required: [<the example's keys>] }` with no properties: the
 * generator listed the example's keys as required and never described them.
 */
export const exampleKeyedSchemas: Fix = {
  id: "example-keyed-schemas",
  defect:
    "9 response schemas list their example's keys as `required` but declare no properties: `POST /admin/jwt` " +
    "(`jwt_token`, `payload`), `POST /categorize`, `POST /users/{id_user}/token`; `GET /users/{id_user}/config` " +
    'and `POST /config` "require" one config key; `…/accountsalert` and `…/resume` require a key named ' +
    "`example`/`examples` (the wrapper of their example). A typed client reads nothing from them.",
  evidence:
    "Each response's own example: `POST /categorize` → " +
    '`{ "failed": 1, "total": 2, "transactions": [{ "id_category": 84, "state": "categorized_by_keyword", … }] }`; ' +
    '`GET /users/{id_user}/config` → `{ "biapi.last_push": "2016-12-18T12:31:15" }` (config is a key/value map).',
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const { op } of operations(doc)) {
      const media = op.responses["200"]?.content?.[JSON_MEDIA];
      const schema = media?.schema;
      if (!schema || schema.$ref || schema.properties || !schema.required?.length) continue;
      media.schema = describeFromExample(schema.required, media.example);
      n++;
    }
    return n;
  },
};

function describeFromExample(requiredKeys: string[], example: unknown): Schema {
  const isConfigMap = requiredKeys.every((key) => key.includes("."));
  if (isConfigMap) {
    return { type: "object", additionalProperties: { type: "string" }, description: "Config keys and their values" };
  }
  const inferred = inferSchema(example ?? {});
  const keys = Object.keys(inferred.properties ?? {});
  const keyed = requiredKeys.every((key) => keys.includes(key));
  return keyed ? { ...inferred, required: requiredKeys } : inferred;
}

/** Response examples that are not instances of their own schema, and how each one is still recognised. */
const CONTRADICTING_EXAMPLES: { method: string; path: string; wrong(example: Record<string, unknown>): boolean }[] = [
  ...[
    "/users/{id_user}/operationsalert",
    "/users/{id_user}/accounts/{id_account}/operationsalert",
    "/users/{id_user}/connections/{id_connection}/accounts/{id_account}/operationsalert",
  ].map((path) => ({
    method: "get",
    path,
    wrong: (e: Record<string, unknown>) => "alerts" in e && !("useralerts" in e),
  })),
  { method: "put", path: "/connectors/{id_connector}", wrong: (e) => !("uuid" in e) || !("restricted" in e) },
];

export const contradictingExamples: Fix = {
  id: "contradicting-examples",
  defect:
    "4 response examples contradict their own schema: the three operations-alert lists show " +
    '`{ "total": 1, "alerts": [...] }` where the schema declares `useralerts`, and an item that is no `UserAlert` ' +
    "(no `resume_frequency`, which it requires; an `accounts` it does not declare); `PUT /connectors/{id_connector}` " +
    "shows a Connector without the required `uuid` and `restricted`. A mock serves them as responses, docs show " +
    "them as such, and a client that validates responses would reject them.",
  evidence:
    "Found by the contract test (test/contract): Prism serves each example and reports it against the schema " +
    "(`sl-violations`: \"Response body must have required property 'useralerts'\", \"… 'uuid'\", \"… 'restricted'\"), " +
    "and Ajv agrees. The schemas are the ones to keep: every list envelope is named after its resource " +
    "(`UserAlert` → `useralerts`, like `accounttypes`, `connectorlogos`, `configlogs`); the alert item is " +
    '`accountsalert`\'s example shape (`"accounts": null, "income_max": 500`); `uuid` is required by `Connector` in ' +
    "both releases and `restricted` since 2020-02-07, so the example predates them. The examples are dropped " +
    "(their `null`s stay recorded as evidence in `documented-nulls`).",
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const { method, path, wrong } of CONTRADICTING_EXAMPLES) {
      const media = doc.paths[path]?.[method]?.responses["200"]?.content?.[JSON_MEDIA];
      const example = media?.example;
      if (!example || typeof example !== "object" || !wrong(example)) continue;
      delete media.example;
      n++;
    }
    return n;
  },
};
