/**
 * Our fixes to the upstream Budgea spec, applied in order to the OpenAPI 3 document that swagger2openapi
 * makes of it. A typed patch module rather than an OpenAPI Overlay document: most defects are rules over
 * many operations ("every list GET", "every formData body", "every operation's error body") that JSONPath
 * targets cannot express without listing hundreds of paths.
 *
 * Specs move on, so each fix says what it found (spec/fix.ts): places changed, places where the spec already
 * says what the fix says (fixed upstream: the fix asks to be removed, generation goes on), a target that is
 * gone (a warning naming the fix and its evidence, generation goes on), or a place where the spec says
 * something else again (a conflict: generation stops, saying which fix, where and how to resolve).
 * `generate --strict` turns every warning into a failure; our own CI runs it.
 */
import { HTTP_METHODS, assignOperationIds } from "./operation-ids.ts";
import {
  type Doc,
  type Operation,
  type Schema,
  clone,
  deref,
  listItemKey,
  operations,
  pathParams,
  refs,
  resolvePointer,
  successSchema,
} from "../scripts/lib/oas.ts";
import { JSON_MEDIA, jsonResponse, ref, walk } from "./fixes/shared.ts";
import {
  contradictingExamples,
  exampleKeyedSchemas,
  placeholderExamples,
  reassembleKeyedExamples,
  sqlDefaults,
} from "./fixes/examples.ts";
import { accountActivation, integerFlags, proseParams, textTypedAsInteger } from "./fixes/params.ts";
import { authUserProfile, connectionInformations, documentedProperties, documentedNulls } from "./fixes/schemas.ts";
import { datetimeFamilies } from "./fixes/today-dates.ts";
import { todayEndpoints, todayWebauth } from "./fixes/today-endpoints.ts";
import { emptyConnectionState, openEnums, requestVocabularies, todayVocabularies } from "./fixes/today-enums.ts";
import { nullableRefs, todayNulls } from "./fixes/today-nulls.ts";
import {
  recipientCategory,
  todayCurrency,
  todayListEnvelopes,
  todayOptionalFields,
  todayUserAndCodes,
} from "./fixes/today-resources.ts";
import { todayTransactions } from "./fixes/today-transactions.ts";
import { todayWebhooks } from "./fixes/today-webhooks.ts";
import { type Fix, Tally, looser, pointer, sameShape } from "./fix.ts";
import { ERRORS, type FixReport, classify, explain, failed } from "../scripts/lib/fix-outcomes.ts";
import { SpecError, projectRoot } from "../scripts/lib/spec-source.ts";

export type { Conflict, Fix, FixResult } from "./fix.ts";
export type { FixReport, FixStatus } from "../scripts/lib/fix-outcomes.ts";


const DOMAIN_URL = "https://{domain}.biapi.pro/2.0";

const FORM_MEDIA = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"];

export const CONNECTION_STATES = [
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
];

const ACCOUNT_TYPES = [
  "checking",
  "savings",
  "deposit",
  "loan",
  "market",
  "joint",
  "card",
  "lifeinsurance",
  "pee",
  "perco",
  "article83",
  "rsp",
  "pea",
  "capitalisation",
  "perp",
  "madelin",
  "unknown",
];

const TRANSACTION_TYPES = [
  "transfer",
  "order",
  "check",
  "deposit",
  "payback",
  "withdrawal",
  "loan_payment",
  "bank",
  "card",
  "deferred_card",
  "card_summary",
  "unknown",
];

/** Operations that need no user token: the docs call them without one, or with client credentials. */
const PUBLIC_OPERATIONS = [
  "post /auth/init",
  "post /auth/token/access",
  "post /auth/renew",
  "get /banks",
  "get /banks/{id_connector}", // powens-sdks connectors.yml: no security on getBank / getProvider
  "get /providers/{id_connector}",
];

export const fixes: Fix[] = [
  {
    id: "servers",
    defect: "`x-servers` names two whisb sandboxes; no server points at a customer's own domain.",
    evidence: 'Docs, "API URL": `https://demo.biapi.pro/2.0` … "you should change that name to your API\'s name".',
    kind: "targeted",
    apply(doc) {
      if (doc.servers?.some((server) => server.url === DOMAIN_URL)) return { changed: 0, alreadyFixed: 1 };
      doc.servers = [
        {
          url: DOMAIN_URL,
          description: "Your Budgea domain",
          variables: { domain: { default: "demo", description: "Your API's domain name" } },
        },
      ];
      return 1;
    },
  },
  {
    id: "fake-media-types",
    defect:
      "24 responses key `examples` by property name; swagger2openapi turns each key into a media type " +
      '(`"auth_token": {…}` next to `"application/json"`), 51 in all (32 distinct names).',
    evidence:
      "A media type has the form type/subtype (RFC 6838); `auth_token` is a property of the JSON body. The " +
      "pieces are put back together as the response's one JSON `example`.",
    kind: "sweep",
    apply(doc) {
      let n = 0;
      for (const { op } of operations(doc)) {
        for (const response of Object.values(op.responses)) n += reassembleKeyedExamples(response);
      }
      return n;
    },
  },
  {
    id: "python-reprs",
    defect: "Python reprs leaked into defaults and examples: `<function <lambda> at 0x7f49febc9c08>`.",
    evidence: "A default must be a value of the property's type; a function repr is not a date-time.",
    kind: "sweep",
    apply(doc) {
      let n = 0;
      walk(doc, (node) => {
        for (const key of ["default", "example"]) {
          if (typeof node[key] === "string" && /^<function .* at 0x[0-9a-f]+>$/.test(node[key])) {
            delete node[key];
            n++;
          }
        }
        for (const [key, value] of Object.entries(node)) {
          if (
            key !== "default" &&
            key !== "example" &&
            typeof value === "string" &&
            /^<function .* at 0x/.test(value)
          ) {
            delete node[key];
            n++;
          }
        }
      });
      return n;
    },
  },
  {
    id: "connector-category-name-default",
    defect:
      "`ConnectorCategory.name` is a string with `default: false`; the converted document then fails oas-validate.",
    evidence: "A default must match its schema's type.",
    kind: "targeted",
    apply(doc) {
      const name = doc.components.schemas.ConnectorCategory?.properties?.name;
      if (!name) return { changed: 0 };
      if (typeof name.default !== "boolean") return { changed: 0, alreadyFixed: 1 };
      delete name.default;
      return 1;
    },
  },
  {
    id: "naive-datetimes",
    defect:
      "Date-times are declared `format: date-time` (RFC 3339) but the API sends and takes naive Paris " +
      "times `YYYY-MM-DD HH:MM:SS` (the spec's own examples read `2020-02-06 15:37:49.009617`), which a validator refuses.",
    evidence:
      'Docs examples: `"last_update" : "2015-07-04 15:17:30"`; the spec\'s own `date_scraped` says "YYYY-MM-DD HH:MM:SS".',
    kind: "sweep",
    apply(doc) {
      let n = 0;
      walk(doc, (node) => {
        if (node.format === "date-time" && node.type === "string") {
          delete node.format;
          node["x-budgea-datetime"] = "naive-europe-paris";
          n++;
        }
      });
      return n;
    },
  },
  placeholderExamples,
  sqlDefaults,
  exampleKeyedSchemas,
  documentedNulls,
  {
    id: "auth-renew",
    defect: "`POST /auth/renew` is missing: the way to get a new permanent token for a user whose token is lost.",
    evidence:
      "Powens API reference, Authentication › Renew a user token: `POST /auth/renew` with `client_id`, " +
      "`client_secret`, `id_user`, `revoke_previous`; answers `access_token` and `token_type`.",
    kind: "targeted",
    apply(doc) {
      if (doc.paths["/auth/renew"]?.post) return { changed: 0, alreadyFixed: 1 };
      doc.paths["/auth/renew"] = {
        ...doc.paths["/auth/renew"],
        post: {
          summary: "Renew a user's permanent token",
          description: "Creates a new permanent token for `id_user` from the client credentials.",
          tags: ["Authentication"],
          requestBody: multipartBody({
            type: "object",
            required: ["client_id", "client_secret", "id_user"],
            properties: {
              grant_type: { type: "string", enum: ["client_credentials"] },
              client_id: { type: "string" },
              client_secret: { type: "string" },
              id_user: { type: "integer" },
              revoke_previous: { type: "boolean", description: "Revoke the user's previous tokens" },
            },
          }),
          responses: {
            "200": jsonResponse("The new permanent token", ref("AccessToken")),
          },
        },
      };
      doc.components.schemas.AccessToken = {
        type: "object",
        required: ["access_token"],
        properties: {
          access_token: { type: "string" },
          token_type: { type: "string" },
          id_user: { type: "integer" },
          expires_in: { type: "integer", nullable: true },
        },
      };
      return 1;
    },
  },
  {
    id: "token-code-post",
    defect:
      "The docs call `POST /auth/token/code`, the spec declares only `GET`; its `type` is typed as an object; " +
      "the `type` query parameter (`singleAccess` codes for the webview) is undeclared.",
    evidence:
      'Docs, "Update accounts": `POST /auth/token/code` → `{ "code": "…", "type": "temporary", "expires_in": 1800 }`.',
    kind: "targeted",
    apply(doc) {
      const item = doc.paths["/auth/token/code"];
      const get = item?.get;
      if (!get) return { changed: 0 };
      const tally = new Tally();
      const schema = successSchema(doc, get);
      if (schema?.properties?.type) {
        const at = pointer("paths", "/auth/token/code", "get", "responses", "200", "properties", "type");
        const typeName = { type: "string", description: "the token type" };
        tally.set(schema.properties, "type", typeName, at, (type) => type.type === "object");
      }
      const query = (get.parameters ?? []).map((p) => deref(doc, p)).find((p) => p?.name === "type" && p.in === "query");
      if (!query) {
        get.parameters = [
          ...(get.parameters ?? []),
          {
            name: "type",
            in: "query",
            required: false,
            schema: { type: "string" },
            description: "`singleAccess` for a code usable once (the webview), `requestAccess` by default",
          },
        ];
        tally.changed++;
      } else if (sameShape(query.schema, { type: "string" })) tally.alreadyFixed++;
      else tally.conflict("GET /auth/token/code query parameter `type`", query.schema, { type: "string" });
      if (item.post) tally.alreadyFixed++;
      else if (!tally.conflicts.length) {
        item.post = { ...clone(get), summary: get.summary };
        tally.changed++;
      }
      return tally.result();
    },
  },
  {
    id: "auth-init-id-user",
    defect: "`POST /auth/init` answers `id_user`, which the spec omits (the user's id is needed to renew a token).",
    evidence:
      'Docs, "Protocol" step 1: `{ "auth_token": "…", "type": "temporary", "expires_in": 1800, "id_user": 1 }`.',
    kind: "targeted",
    apply(doc) {
      const op = doc.paths["/auth/init"]?.post;
      const schema = op && successSchema(doc, op);
      if (!schema?.properties) return { changed: 0 };
      const tally = new Tally();
      const at = pointer("paths", "/auth/init", "post", "responses", "200", "properties", "id_user");
      tally.set(schema.properties, "id_user", { type: "integer", description: "ID of the new user" }, at);
      if (tally.changed) schema.properties.expires_in = { ...schema.properties.expires_in, nullable: true };
      return tally.result();
    },
  },
  authUserProfile,
  connectionInformations,
  {
    id: "item-gets",
    defect:
      "53 of the 65 paths ending in a path parameter have no GET, e.g. `GET /users/{id_user}/connections/{id_connection}`, " +
      "`GET …/accounts/{id_account}`, `GET …/transfers/{id_transfer}`.",
    evidence:
      'Docs, "RESTful API": `GET /resources/{ID}` "Get a resource from its ID"; "Extend requests": ' +
      "`GET /2.0/users/me/accounts/123?expand=transactions[category],connection`.",
    kind: "targeted",
    apply(doc) {
      let n = 0;
      let alreadyFixed = 0;
      for (const [path, item] of Object.entries(doc.paths)) {
        if (!/\}$/.test(path)) continue;
        if (item.get) {
          alreadyFixed++;
          continue;
        }
        const sibling = (["put", "post", "delete"] as const).map((m) => item[m]).find(Boolean);
        const body = sibling && sibling.responses["200"]?.content?.[JSON_MEDIA]?.schema;
        if (!sibling || !body?.$ref) continue;
        const params = (sibling.parameters ?? []).filter((p) => deref(doc, p)?.in === "path");
        item.get = {
          summary: `Get one ${body.$ref.split("/").pop()}`,
          tags: sibling.tags ? [...(sibling.tags as string[])] : undefined,
          parameters: [...clone(params), expandParam()],
          responses: { "200": jsonResponse("The resource", { $ref: body.$ref }) },
        };
        n++;
      }
      return { changed: n, alreadyFixed };
    },
  },
  todayEndpoints, // before the fixes that sweep every operation, so the new ones get them too
  {
    id: "operation-ids",
    defect: "No operation has an `operationId`.",
    evidence: "OpenAPI: operationId names an operation for code generators; see spec/operation-ids.ts for our rule.",
    kind: "targeted",
    apply(doc) {
      // Upstream's own names, if it ever declares some, are replaced too: ours are the fetchers' public names.
      const names = assignOperationIds(doc.paths);
      let n = 0;
      let alreadyFixed = 0;
      for (const { path, method, op } of operations(doc)) {
        const name = names.get(`${method.toUpperCase()} ${path}`)!;
        if (op.operationId === name) alreadyFixed++;
        else n++;
        op.operationId = name;
      }
      return { changed: n, alreadyFixed };
    },
  },
  {
    id: "webauth-query",
    defect:
      "`GET /webauth` declares `formData` parameters; a GET has no body (the converter makes a GET request body).",
    evidence:
      'The route is "the first step to establish an oAuth2 connection": a browser redirect, parameters in the query.',
    kind: "targeted",
    apply(doc) {
      const op = doc.paths["/webauth"]?.get;
      if (!op) return { changed: 0 };
      if (!op.requestBody) return { changed: 0, alreadyFixed: 1 };
      const schema = deref(doc, deref(doc, op.requestBody)?.content?.["multipart/form-data"]?.schema);
      if (!schema?.properties) {
        return { changed: 0, conflicts: [{ at: "GET /webauth", found: "a request body that is not a form", wanted: "query parameters" }] };
      }
      op.parameters = [
        ...(op.parameters ?? []),
        ...Object.entries(schema.properties).map(([name, s]) => ({ name, in: "query", required: false, schema: s })),
      ];
      delete op.requestBody;
      return 1;
    },
  },
  todayWebauth,
  {
    id: "missing-bodies",
    defect:
      "38 POST/PUT operations declare no body at all, so a typed client cannot send anything: answering a " +
      "recipient's SMS field (`POST …/recipients/{id_recipient}`), updating many accounts (`PUT …/accounts`), " +
      "uploading a logo, setting config keys.",
    evidence:
      'Docs, "Adding a recipient": "post on the object Recipient with the requested fields (here sms)": ' +
      '`-F sms="123456"`; `POST /config`: "Set a configuration value on the API".',
    kind: "targeted",
    apply(doc) {
      let n = 0;
      let alreadyFixed = 0;
      doc.components.schemas.FreeFormBody = { type: "object", additionalProperties: true };
      for (const { path, method, op } of operations(doc)) {
        if (method !== "post" && method !== "put") continue;
        if (op.requestBody) {
          alreadyFixed++;
          continue;
        }
        op.requestBody = /\/logos?(\/\{[^}]+\})?$/.test(path)
          ? multipartBody({ type: "object", properties: { file: { type: "string", format: "binary" } } })
          : multipartBody(ref("FreeFormBody"), false);
        n++;
      }
      return { changed: n, alreadyFixed };
    },
  },
  proseParams,
  {
    id: "form-bodies",
    defect:
      "120 operations take `formData`; swagger2openapi makes them multipart-only bodies, so a validator " +
      "refuses the JSON the docs suggest.",
    evidence:
      'Docs, "Requests format": "application/x-www-form-urlencoded or application/json (suggested)"; the ' +
      "examples use `curl -F` (multipart).",
    kind: "targeted",
    apply(doc) {
      let n = 0;
      let alreadyFixed = 0;
      for (const { op } of operations(doc)) {
        const body = deref(doc, op.requestBody);
        const schema =
          body?.content?.["multipart/form-data"]?.schema ??
          body?.content?.["application/x-www-form-urlencoded"]?.schema;
        if (body?.content?.[JSON_MEDIA]) alreadyFixed++;
        if (!body || !schema || body.content[JSON_MEDIA]) continue;
        let target = schema;
        if (!schema.$ref) {
          const name = `${pascal(op.operationId!)}Body`;
          doc.components.schemas[name] = clone(schema);
          target = ref(name);
        }
        op.requestBody = hasBinary(doc, schema)
          ? multipartBody(target, body.required ?? false)
          : formBody(target, body.required ?? false);
        n++;
      }
      delete doc.components.requestBodies;
      return { changed: n, alreadyFixed };
    },
  },
  integerFlags,
  textTypedAsInteger,
  {
    id: "credential-fields",
    defect:
      "Bank credential fields (login, password, website, …) are dynamic and undeclared on " +
      "`POST /users/{id_user}/connections` (the `Field` definition is never referenced); the same holds for " +
      "the fields a bank asks when updating a connection, validating a transfer or adding a recipient.",
    evidence:
      'Docs, "Protocol" step 3: "supply the id_bank … and all requested fields as key/value parameters": ' +
      '`-F login=12345678 -F password=123456 -F id_bank=59`; transfers: `-F validated=true -F password="123456"`.',
    kind: "targeted",
    apply(doc) {
      let n = 0;
      let alreadyFixed = 0;
      for (const { path, method, op } of operations(doc)) {
        const dynamic =
          method === "post" &&
          (/\/connections(\/\{id_connection\})?$/.test(path) || /\/transfers\/\{id_transfer\}$/.test(path)) &&
          path.startsWith("/users/");
        if (!dynamic) continue;
        const schema = deref(doc, deref(doc, op.requestBody)?.content?.[JSON_MEDIA]?.schema);
        if (!schema) continue;
        if (schema.additionalProperties && schema.additionalProperties !== false) {
          alreadyFixed++;
          continue;
        }
        schema.additionalProperties = { anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }] };
        if (/\/connections$/.test(path)) {
          schema.properties.id_bank = { type: "integer", description: "Deprecated alias of id_connector (docs)" };
        }
        n++;
      }
      return { changed: n, alreadyFixed };
    },
  },
  {
    id: "bearer-security",
    defect: "No `securitySchemes`: nothing says requests carry the user's token.",
    evidence: 'Docs, "Authentication": "passing the `Authorization: Bearer <token>` header in your request".',
    kind: "targeted",
    apply(doc) {
      const schemes = doc.components.securitySchemes ?? {};
      const upstream = Object.keys(schemes).find((k) => schemes[k]!.type === "http" && /^bearer$/i.test(schemes[k]!.scheme));
      const name = upstream ?? "bearer";
      let n = 0;
      let alreadyFixed = 0;
      if (upstream && doc.security?.some((requirement) => name in requirement)) alreadyFixed++;
      else {
        doc.components.securitySchemes = { ...schemes, [name]: { type: "http", scheme: "bearer" } };
        doc.security = [{ [name]: [] }];
        n++;
      }
      for (const { path, method, op } of operations(doc)) {
        if (!PUBLIC_OPERATIONS.includes(`${method} ${path}`)) continue;
        if (op.security?.some((requirement) => Object.keys(requirement).length === 0)) alreadyFixed++;
        else {
          op.security = [{}, { [name]: [] }];
          n++;
        }
      }
      return { changed: n, alreadyFixed };
    },
  },
  {
    id: "error-body",
    defect: "Every operation declares only `200`: no error body on 4xx/5xx.",
    evidence:
      'Docs, "Errors management": "In case an error occurs (code 4xx or 5xx), the response can contain a JSON ' +
      'object describing this error: `{ "code": "authFailure", "message": "Wrong password" }`".',
    kind: "targeted",
    resolve:
      "The client reads `code` and `message` from error bodies (src/errors.ts): if the spec's own error schema " +
      "carries them under other names, map them there, then make this fix accept the spec's schema.",
    apply(doc) {
      const tally = new Tally(doc);
      const error: Schema = {
        type: "object",
        required: ["code"],
        properties: {
          code: { type: "string", description: "Error code, e.g. `wrongpass`, `SCARequired`, `invalidValue`" },
          message: { type: "string", description: "Human-readable detail (optional)" },
          description: { type: "string" },
        },
      };
      tally.set(doc.components.schemas, "Error", error, pointer("components", "schemas", "Error"));
      if (tally.conflicts.length) return tally.result();
      doc.components.responses = {
        ...doc.components.responses,
        Error: jsonResponse("An error, with the API's error code", ref("Error")),
      };
      let n = tally.changed;
      let alreadyFixed = tally.alreadyFixed;
      for (const { op } of operations(doc)) {
        if (Object.keys(op.responses).some((code) => code === "default" || /^[45]/.test(code))) alreadyFixed++;
        else {
          op.responses.default = { $ref: "#/components/responses/Error" };
          n++;
        }
      }
      return { changed: n, alreadyFixed };
    },
  },
  {
    id: "connection-202",
    defect:
      "`POST /users/{id_user}/connections` and `POST …/connections/{id_connection}` declare only 200; the API " +
      "answers 202 with the `fields` to ask the user (2FA) when it needs more.",
    evidence:
      'Docs, "Protocol" step 3: "202 — It is necessary to provide complementary information … fill fields ' +
      'requested in the fields, and do a POST again on /users/me/connections/ID".',
    kind: "targeted",
    apply(doc) {
      const tally = new Tally(doc);
      for (const { path, method, op } of operations(doc)) {
        if (method !== "post" || !/^\/users\/\{id_user\}\/connections(\/\{id_connection\})?$/.test(path)) continue;
        const moreNeeded = jsonResponse(
          "More information is needed: ask the user the `fields`, then POST them to the connection",
          ref("Connection"),
        );
        tally.set(op.responses, "202", moreNeeded, `POST ${path} response 202`);
      }
      return tally.result();
    },
  },
  {
    id: "connection-state",
    defect:
      "`Connection` lacks `state`, `error`, `error_message`, `fields`, `expire` (2019 had `error` and " +
      "`expire`; 2020 dropped them), and the states `validating` and `rateLimiting` are documented nowhere.",
    evidence:
      'Docs, "Error on Connection object" lists wrongpass, additionalInformationNeeded, websiteUnavailable, ' +
      "actionNeeded, SCARequired, decoupled, passwordExpired, webauthRequired, bug; docs JSON examples show " +
      '`"error" : null, "expire" : null`; the Powens API answers `state` with `validating`/`rateLimiting` too.',
    kind: "targeted",
    resolve:
      "A state the fix does not know: add it to CONNECTION_STATES in spec/overlay.ts (and teach src/connections " +
      "what it means). Another type altogether: make the fix accept it, or remove the property from the fix.",
    apply(doc) {
      const connection = doc.components.schemas.Connection;
      if (!connection?.properties) return { changed: 0 };
      doc.components.schemas.ConnectionState = {
        type: "string",
        nullable: true,
        enum: [...CONNECTION_STATES, null],
        description: "Null when the connection is synced and healthy",
      };
      const tally = new Tally();
      const wanted: Record<string, Schema> = {
        state: ref("ConnectionState"),
        error: ref("ConnectionState"),
        error_message: { type: "string", nullable: true, description: "The error the bank's website displayed" },
        fields: { type: "array", items: ref("Field"), description: "What to ask the user when more is needed" },
        expire: { type: "string", nullable: true, "x-budgea-datetime": "naive-europe-paris" },
        connector_uuid: { type: "string" },
        id_bank: { type: "integer", description: "Legacy name of `id_connector`" },
        accounts: { type: "array", items: ref("Account"), description: "With `expand=accounts`" },
        connector: ref("Connector"),
      };
      for (const [name, value] of Object.entries(wanted)) {
        const at = pointer("components", "schemas", "Connection", "properties", name);
        tally.set(connection.properties, name, value, at, (current) => looser(doc, current, value));
      }
      return tally.result();
    },
  },
  {
    id: "field-shape",
    defect:
      "`Field` is never referenced (connectors with `expand=fields` carry none), its `type` is free text, its " +
      "list `values` are missing and its `regex` cannot be null. `Recipient.fields` is typed as a string; " +
      "`Transfer` has no `fields` at all.",
    evidence:
      'Docs, "Protocol" step 2: `GET /banks?expand=fields` → `"fields": [{ "values": [{ "label": …, "value": ' +
      '"pp" }], "regex": null, "name": "website", "type": "list" }]`; `Field.type`: "Type of field (text, ' +
      'password, list, hidden)"; transfers and recipients answer `"fields": [{ "label", "type", "regex", "name" }]`.',
    kind: "targeted",
    apply(doc) {
      const s = doc.components.schemas;
      if (!s.Field || !s.Connector || !s.Recipient || !s.Transfer) return { changed: 0 };
      s.Field.required = ["name", "label"];
      Object.assign(s.Field.properties, {
        type: { type: "string", enum: ["text", "password", "list", "hidden", "date", "number"], default: "text" },
        regex: { type: "string", nullable: true, description: "If set, the value must match this regexp" },
        values: {
          type: "array",
          items: {
            type: "object",
            required: ["value", "label"],
            properties: { value: { type: "string" }, label: { type: "string" } },
          },
          description: "Choices of a `list` field",
        },
      });
      s.Connector.properties.fields = { type: "array", items: ref("Field"), description: "With `expand=fields`" };
      s.Recipient.properties.fields = { type: "array", items: ref("Field") };
      s.Transfer.properties.fields = { type: "array", items: ref("Field") };
      return 4;
    },
  },
  {
    id: "currency-shape",
    defect:
      "8 `currency` fields (`Account.currency`, `Transfer.currency`, …) are untyped objects although `Currency` exists.",
    evidence: 'Docs examples: `"currency" : { "symbol" : "€", "id" : "EUR", "prefix" : false }`.',
    kind: "targeted",
    apply(doc) {
      let n = 0;
      for (const schema of Object.values(doc.components.schemas)) {
        for (const [key, prop] of Object.entries<Schema>(schema.properties ?? {})) {
          if (/currency$/.test(key) && prop.type === "object" && !prop.properties) {
            schema.properties[key] = {
              type: "object",
              allOf: [ref("Currency")],
              nullable: true,
              description: prop.description,
            };
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: "enums-from-prose",
    defect:
      "Only 2 enums in the whole spec: account types (17), transaction types (11) and transfer states live " +
      "only in the prose; `Account` has no `type`, `Account.bookmarked` is an integer defaulting to false.",
    evidence:
      'Docs, "Constants": "List of bank account types", "List of transaction types"; "POST …/transactions": ' +
      '"type of the transaction (default: unknown)"; "API pay protocol": transfer state `created` → `pending` → `done`; ' +
      'docs account JSON: `"type" : "checking"`, `"bookmarked" : false`.',
    kind: "targeted",
    apply(doc) {
      const s = doc.components.schemas;
      if (!s.Account || !s.Transaction || !s.Transfer) return { changed: 0 };
      s.AccountTypeName = { type: "string", enum: ACCOUNT_TYPES };
      s.TransactionType = { type: "string", enum: TRANSACTION_TYPES };
      s.TransferState = { type: "string", enum: ["created", "scheduled", "pending", "done", "canceled", "failed"] };
      s.Account.properties.type = ref("AccountTypeName");
      s.Account.properties.bookmarked = {
        type: "boolean",
        default: false,
        description: s.Account.properties.bookmarked?.description,
      };
      s.Account.properties.transactions = {
        type: "array",
        items: ref("Transaction"),
        description: "With `expand=transactions`",
      };
      s.Account.properties.investments = {
        type: "array",
        items: ref("Investment"),
        description: "With `expand=investments`",
      };
      s.Transaction.properties.type = ref("TransactionType");
      s.Transfer.properties.state = ref("TransferState");
      return 4;
    },
  },
  {
    id: "money-as-number",
    defect:
      "`POST …/transactions` (4 paths) and `POST /categorize` type the transaction `value` as an integer, and " +
      "alert thresholds `balance_min*`/`balance_max*`, `income_max`/`expense_max` too: money is a decimal number.",
    evidence:
      'Docs transaction JSON: `"value" : -16.22`; `Transaction.value` is `number`/`float` in the definitions, ' +
      "and so are `UserAlert.income_max`, `expense_max`, `balance_min1`, `balance_min2`, `balance_max`.",
    kind: "targeted",
    apply(doc) {
      let n = 0;
      for (const name of Object.keys(doc.components.schemas)) {
        if (!name.endsWith("Body")) continue;
        for (const [key, prop] of Object.entries<Schema>(doc.components.schemas[name]!.properties ?? {})) {
          if (MONEY.test(key) && prop.type === "integer") {
            prop.type = "number";
            n++;
          }
        }
      }
      for (const { op } of operations(doc)) {
        for (const p of op.parameters ?? []) {
          if (MONEY.test(p.name) && p.schema?.type === "integer") {
            p.schema.type = "number";
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: "list-filters",
    defect:
      "108 list GETs answer `{ <items>: [...], total }` but only 25 declare `offset`/`limit`, and most lack " +
      "`min_date`/`max_date`; `total` is typed `number`.",
    evidence:
      'Docs, "Default filters": "During a call to an URI which lists resources, some filters can be passed as ' +
      'query parameters: offset, limit, min_date, max_date (if supported by service)"; "total number of results".',
    kind: "targeted",
    apply(doc) {
      let n = 0;
      let alreadyFixed = 0;
      for (const { method, op } of operations(doc)) {
        if (method !== "get") continue;
        const key = listItemKey(doc, op);
        if (!key) continue;
        const have = new Set((op.parameters ?? []).map((p) => deref(doc, p)?.name));
        if (LIST_FILTERS.every((param) => have.has(param.name))) alreadyFixed++;
        for (const param of LIST_FILTERS) {
          if (!have.has(param.name)) {
            op.parameters = [...(op.parameters ?? []), clone(param)];
            n++;
          }
        }
        const total = successSchema(doc, op)!.properties.total;
        if (total?.type === "number") total.type = "integer";
      }
      return { changed: n, alreadyFixed };
    },
  },
  accountActivation,
  {
    id: "list-links",
    defect: "Transaction lists of the current API carry a cursor (`_links.next.href`) the 2020 spec does not know.",
    evidence: "Powens API, Pagination: list responses include `_links` with `next` (and `prev`, `self`) `href`s.",
    kind: "targeted",
    apply(doc) {
      doc.components.schemas.ListLinks = {
        type: "object",
        properties: Object.fromEntries(
          ["self", "next", "prev"].map((k) => [
            k,
            { type: "object", nullable: true, required: ["href"], properties: { href: { type: "string" } } },
          ]),
        ),
      };
      const tally = new Tally(doc);
      for (const { path, method, op } of operations(doc)) {
        if (method !== "get" || listItemKey(doc, op) !== "transactions") continue;
        const at = `GET ${path} response property \`_links\``;
        tally.set(successSchema(doc, op)!.properties, "_links", ref("ListLinks"), at, (links) => looser(doc, links, ref("ListLinks")));
      }
      return tally.result();
    },
  },
  {
    id: "id-user-me",
    defect: "`id_user` is typed as any string although it is a user id, `me` or `all`.",
    evidence: "Every `id_user` path parameter says: \"Hint: you can use 'me' or 'all'\"; the docs call `/users/me/…`.",
    kind: "targeted",
    apply(doc) {
      let n = 0;
      let alreadyFixed = 0;
      const idUser = { anyOf: [{ type: "integer" }, { type: "string", enum: ["me", "all"] }] };
      for (const { op } of operations(doc)) {
        for (const p of op.parameters ?? []) {
          if (p.name !== "id_user" || p.in !== "path") continue;
          if (sameShape(p.schema, idUser)) alreadyFixed++;
          else if (p.schema?.type === "string") {
            p.schema = clone(idUser);
            n++;
          }
        }
      }
      return { changed: n, alreadyFixed };
    },
  },
  {
    id: "schemaless-responses",
    defect: "30 responses have no schema (`/balances`, `/config`, …): a typed client can read nothing from them.",
    evidence:
      'Docs, "Responses format": "Data format: application/json"; `GET /config` "will list all the parameters".',
    kind: "targeted",
    apply(doc) {
      let n = 0;
      let alreadyFixed = 0;
      for (const { op } of operations(doc)) {
        const response = op.responses["200"];
        if (response && !response.$ref && !response.content) {
          response.content = { [JSON_MEDIA]: { schema: { type: "object", additionalProperties: true } } };
          n++;
        } else if (response) alreadyFixed++;
      }
      return { changed: n, alreadyFixed };
    },
  },
  documentedProperties,
  {
    id: "webhook-events",
    defect: "The callbacks the API posts after a sync (connections → accounts → transactions) have no schema.",
    evidence:
      'Docs, "Background synchronizations & Webhooks": the JSON sent to your server holds `connections` (with ' +
      "`accounts`, their `transactions` and `investments`), `total` and `user`.",
    kind: "targeted",
    apply(doc) {
      const tally = new Tally(doc);
      tally.set(doc.components.schemas, "ConnectionSyncedEvent", {
        type: "object",
        required: ["connections"],
        properties: {
          connections: { type: "array", items: ref("Connection") },
          total: { type: "integer" },
          user: ref("User"),
          id_webhook_data: { type: "integer", description: "Identifies a delivery, so a redelivery is recognised" },
        },
      }, pointer("components", "schemas", "ConnectionSyncedEvent"));
      return tally.result();
    },
  },
  contradictingExamples,
  // What the current API sends that the 2020 spec does not say (issue 12).
  nullableRefs,
  todayNulls,
  todayTransactions,
  todayVocabularies,
  emptyConnectionState,
  todayListEnvelopes,
  todayCurrency,
  todayUserAndCodes,
  todayOptionalFields,
  todayWebhooks,
  recipientCategory,
  requestVocabularies,
  openEnums,
  datetimeFamilies,
];

const MONEY = /^(value|amount|balance_(min|max)\d?|(income|expense)_max)$/;

const LIST_FILTERS: Schema[] = [
  {
    name: "offset",
    in: "query",
    required: false,
    schema: { type: "integer", minimum: 0 },
    description: "Offset of the first returned resource",
  },
  {
    name: "limit",
    in: "query",
    required: false,
    schema: { type: "integer", minimum: 1 },
    description: "Limit number of results",
  },
  {
    name: "min_date",
    in: "query",
    required: false,
    schema: { type: "string", format: "date" },
    description: "Minimal date (if supported by service)",
  },
  {
    name: "max_date",
    in: "query",
    required: false,
    schema: { type: "string", format: "date" },
    description: "Maximal date (if supported by service)",
  },
];

/** Fixes that conflict with the spec or fail on it: generation stops, every problem said at once. */
export class OverlayError extends SpecError {
  override name = "OverlayError";
  constructor(
    message: string,
    readonly reports: FixReport[],
  ) {
    super(message);
  }
}

/**
 * Applies every fix in order and says what each found (see FixStatus): a fix whose target is gone or that
 * upstream has made redundant is reported and generation goes on; a conflict, a fix that throws or a
 * `$ref` left dangling throws an OverlayError naming each fix, the place and what to do.
 */
export function applyOverlay(doc: Doc, only: Fix[] = fixes): FixReport[] {
  doc.components ??= { schemas: {} };
  doc.components.schemas ??= {};
  const reports = only.map((fix) => {
    try {
      return classify(fix, fix.apply(doc));
    } catch (error) {
      return failed(fix, error);
    }
  });
  const bad = reports.filter((r) => ERRORS.has(r.status));
  if (bad.length) {
    const root = rootOrUndefined();
    const text = bad.map((r) => explain(only.find((f) => f.id === r.id)!, r, root));
    throw new OverlayError(`the overlay cannot be applied to this spec:\n${text.join("\n")}`, reports);
  }
  const dangling = danglingRef(doc);
  if (dangling) {
    const suspects = reports.filter((r) => r.status === "target-gone" || r.status === "unmatched").map((r) => r.id);
    throw new OverlayError(
      `dangling $ref "${dangling.ref}" at ${dangling.at} after the overlay: a fix points at something this spec ` +
        `does not have${suspects.length ? ` (fixes whose target is gone: ${suspects.join(", ")})` : ""}`,
      reports,
    );
  }
  return reports;
}

function danglingRef(doc: Doc): { ref: string; at: string } | undefined {
  for (const found of refs(doc)) if (resolvePointer(doc, found.ref) === undefined) return found;
  return undefined;
}

function rootOrUndefined(): string | undefined {
  try {
    return projectRoot();
  } catch {
    return undefined;
  }
}

function expandParam(): Schema {
  return { name: "expand", in: "query", required: false, schema: { type: "string" } };
}

function formBody(schema: Schema, required = true): Schema {
  return { required, content: Object.fromEntries(FORM_MEDIA.map((m) => [m, { schema: clone(schema) }])) };
}

function multipartBody(schema: Schema, required = true): Schema {
  return { required, content: { "multipart/form-data": { schema } } };
}

function hasBinary(doc: Doc, schema: Schema): boolean {
  const props = deref(doc, schema)?.properties ?? {};
  return Object.values<Schema>(props).some((p) => p.format === "binary");
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export { HTTP_METHODS, pathParams };
export type { Operation };
