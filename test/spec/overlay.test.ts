/**
 * Each fix of spec/overlay.ts, asserted on the document the generator reads (the 2020 release, converted
 * and overlaid): what a user of the generated types relies on. One entry per fix id; a fix without an
 * entry fails the suite.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Doc, Schema } from "../../scripts/lib/oas.js";
import { deref, listItemKey, operations } from "../../scripts/lib/oas.js";
import { extractCatalogue, renderCatalogue } from "../../scripts/lib/spec-catalogue.js";
import { projectRoot } from "../../scripts/lib/spec-source.js";
import { fixes, type FixReport } from "../../spec/overlay.js";
import { PREVIOUS, body, built, op, param, prop, schema, success } from "./support/document.js";
import { nullableRefOf, todayEffects } from "./support/today-effects.js";
import { enumValues } from "../../spec/fixes/today-shared.js";

let doc: Doc;
let report: FixReport[];
let previous: { doc: Doc; fixes: FixReport[] };

beforeAll(async () => {
  ({ doc, fixes: report } = await built());
  previous = await built(PREVIOUS);
});

const FORM_MEDIA = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"];

const effects: Record<string, () => void> = {
  servers() {
    expect(doc.servers?.[0]?.url).toBe("https://{domain}.biapi.pro/2.0");
    expect(doc.servers?.[0]?.variables?.domain?.default).toBe("demo");
  },
  "fake-media-types"() {
    for (const { op: operation } of operations(doc)) {
      for (const response of Object.values(operation.responses)) {
        for (const media of Object.keys(deref(doc, response)?.content ?? {})) expect(media).toContain("/");
      }
    }
    const categorize = op(doc, "post", "/categorize").responses["200"]!.content["application/json"];
    expect(categorize.example).toMatchObject({ failed: 1, total: 2 });
  },
  "python-reprs"() {
    expect(JSON.stringify(doc)).not.toMatch(/<function .* at 0x/);
  },
  "connector-category-name-default"() {
    expect(schema(doc, "ConnectorCategory").properties.name.default).toBeUndefined();
  },
  "naive-datetimes"() {
    expect(JSON.stringify(doc)).not.toContain('"format":"date-time"');
    expect(schema(doc, "Transaction").properties.date_scraped["x-budgea-datetime"]).toBe("naive-europe-paris");
  },
  "placeholder-examples"() {
    for (const [name, s] of Object.entries(doc.components.schemas))
      expect([name, s.example]).toEqual([name, undefined]);
  },
  "sql-defaults"() {
    expect(JSON.stringify(doc)).not.toContain("CURRENT_TIMESTAMP");
    expect(schema(doc, "User").required).toContain("signin");
    expect(schema(doc, "Document").required).toContain("timestamp");
  },
  "example-keyed-schemas"() {
    const categorize = success(doc, op(doc, "post", "/categorize"))!;
    expect(categorize.properties.failed.type).toBe("integer");
    expect(categorize.properties.transactions.items.properties.id_category.type).toBe("integer");
    expect(categorize.required).toEqual(["failed", "total", "transactions"]);
    const config = success(doc, op(doc, "get", "/users/{id_user}/config"))!;
    expect(config.additionalProperties).toEqual({ type: "string" });
    expect(config.required).toBeUndefined();
    const resume = success(doc, op(doc, "get", "/users/{id_user}/resume"))!;
    expect(resume.properties.resume_frequency.type).toBe("integer");
    expect(resume.required).toBeUndefined();
    expect(success(doc, op(doc, "post", "/users/{id_user}/token"))!.properties.token.type).toBe("string");
  },
  "documented-nulls"() {
    const transaction = schema(doc, "Transaction").properties;
    expect([transaction.comment.nullable, transaction.deleted.nullable, transaction.original_value.nullable]).toEqual([
      true,
      true,
      true,
    ]);
    expect(schema(doc, "Recipient").properties.enabled_at.nullable).toBe(true);
    expect(schema(doc, "Account").properties.deleted.nullable).toBe(true);
    expect(transaction.coming.nullable).toBeUndefined(); // only what the evidence shows as null
  },
  "auth-renew"() {
    const renew = op(doc, "post", "/auth/renew");
    const fields = body(doc, renew, "multipart/form-data")!;
    expect(fields.required).toEqual(expect.arrayContaining(["client_id", "client_secret", "id_user"]));
    expect(success(doc, renew)!.properties.access_token.type).toBe("string");
  },
  "token-code-post"() {
    const post = op(doc, "post", "/auth/token/code");
    expect(op(doc, "get", "/auth/token/code")).toBeDefined();
    expect(success(doc, post)!.properties.type.type).toBe("string");
    expect(param(doc, post, "type")?.in).toBe("query");
  },
  "auth-init-id-user"() {
    expect(success(doc, op(doc, "post", "/auth/init"))!.properties.id_user.type).toBe("integer");
  },
  "auth-user-profile"() {
    const token = success(doc, op(doc, "post", "/auth/token"))!;
    expect(prop(doc, token, "user")!.properties.signin).toBeDefined();
    expect(prop(doc, token, "profile")!.properties.role).toBeDefined();
  },
  "connection-informations"() {
    const informations = op(doc, "get", "/users/{id_user}/connections/{id_connection}/informations");
    expect(success(doc, informations)!.properties.owner.type).toBe("object");
    expect(listItemKey(doc, informations)).toBeUndefined();
    expect(param(doc, informations, "offset")).toBeUndefined();
  },
  "item-gets"() {
    const get = op(doc, "get", "/users/{id_user}/connections/{id_connection}");
    expect(get.responses["200"]!.content["application/json"].schema.$ref).toBe("#/components/schemas/Connection");
    expect(param(doc, get, "expand")?.in).toBe("query");
    expect(op(doc, "get", "/users/{id_user}/transfers/{id_transfer}")).toBeDefined();
  },
  "operation-ids"() {
    const ids = [...operations(doc)].map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(op(doc, "get", "/users/{id_user}/accounts/{id_account}/transactions").operationId).toBe(
      "listUserAccountTransactions",
    );
  },
  "webauth-query"() {
    const webauth = op(doc, "get", "/webauth");
    expect(webauth.requestBody).toBeUndefined();
    for (const name of ["client_id", "redirect_uri", "state", "id_transfer"]) {
      expect([name, param(doc, webauth, name)?.in]).toEqual([name, "query"]);
    }
  },
  "missing-bodies"() {
    for (const { path, method, op: operation } of operations(doc)) {
      if (method === "post" || method === "put")
        expect([method, path, Boolean(operation.requestBody)]).toEqual([method, path, true]);
    }
    const logo = body(doc, op(doc, "post", "/clients/{id_client}/logo"), "multipart/form-data")!;
    expect(logo.properties.file.format).toBe("binary");
  },
  "prose-params"() {
    const cluster = body(doc, op(doc, "post", "/users/{id_user}/transactionsclusters"))!;
    expect(cluster.required).toEqual(["next_date", "mean_amount", "wording", "id_account"]);
    expect(cluster.properties.mean_amount.type).toBe("number");
    expect(cluster.properties.next_date.format).toBe("date");
    expect(body(doc, op(doc, "post", "/categories/keywords"))!.properties.income.type).toBe("boolean");
    expect(param(doc, op(doc, "delete", "/users/{id_user}/config"), "keys")?.in).toBe("query");
    expect(param(doc, op(doc, "put", "/users/{id_user}/connections/{id_connection}"), "last_update")?.in).toBe("query");
  },
  "form-bodies"() {
    for (const { op: operation } of operations(doc)) {
      const content = deref(doc, operation.requestBody)?.content ?? {};
      const multipart = deref(doc, content["multipart/form-data"]?.schema);
      const upload = Object.values<Schema>(multipart?.properties ?? {}).some((p) => p.format === "binary");
      if (multipart && !upload)
        expect([operation.operationId, ...Object.keys(content).sort()]).toEqual([
          operation.operationId,
          ...[...FORM_MEDIA].sort(),
        ]);
    }
    const create = deref(doc, op(doc, "post", "/users/{id_user}/connections").requestBody)!;
    expect(Object.keys(create.content).sort()).toEqual([...FORM_MEDIA].sort());
    const transfer = deref(doc, op(doc, "post", "/users/{id_user}/accounts/{id_account}/transfers").requestBody)!;
    expect(Object.keys(transfer.content).sort()).toEqual([...FORM_MEDIA].sort());
    const upload = deref(doc, op(doc, "post", "/ocr").requestBody)!;
    expect(Object.keys(upload.content)).toEqual(["multipart/form-data"]);
  },
  "integer-flags"() {
    const edit = op(doc, "put", "/users/{id_user}/documents/{id_document}"); // a file upload: multipart only
    expect(body(doc, edit, "multipart/form-data")!.properties.income.type).toBe("boolean");
    expect(body(doc, edit, "multipart/form-data")!.properties.readonly.type).toBe("boolean");
    expect(body(doc, op(doc, "put", "/documenttypes/{id_documenttype}"))!.properties.attacheable.type).toBe("boolean");
  },
  "text-typed-as-integer"() {
    expect(body(doc, op(doc, "put", "/users/{id_user}/accountsalert"))!.properties.accounts.type).toBe("string");
    expect(body(doc, op(doc, "post", "/webhooks/auth"))!.properties.type.type).toBe("string");
  },
  "credential-fields"() {
    const create = body(doc, op(doc, "post", "/users/{id_user}/connections"))!;
    expect(create.additionalProperties).toBeTruthy();
    expect(create.properties.id_bank.type).toBe("integer");
    expect(body(doc, op(doc, "post", "/users/{id_user}/transfers/{id_transfer}"))!.additionalProperties).toBeTruthy();
  },
  "bearer-security"() {
    expect(doc.components.securitySchemes?.bearer).toEqual({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(op(doc, "post", "/auth/init").security).toContainEqual({});
    expect(op(doc, "get", "/users/{id_user}/accounts").security).toBeUndefined();
  },
  "error-body"() {
    for (const { op: operation } of operations(doc)) {
      expect(operation.responses.default).toEqual({ $ref: "#/components/responses/Error" });
    }
    expect(Object.keys(schema(doc, "Error").properties)).toEqual(expect.arrayContaining(["code", "message"]));
  },
  "connection-202"() {
    for (const path of ["/users/{id_user}/connections", "/users/{id_user}/connections/{id_connection}"]) {
      expect(op(doc, "post", path).responses["202"]?.content["application/json"].schema.$ref).toBe(
        "#/components/schemas/Connection",
      );
    }
  },
  "connection-state"() {
    const connection = schema(doc, "Connection");
    const state = prop(doc, connection, "state")!;
    expect(enumValues(state)).toEqual(
      expect.arrayContaining(["validating", "rateLimiting", "SCARequired", "wrongpass", null]),
    );
    for (const name of ["error", "error_message", "fields", "expire"])
      expect(connection.properties[name]).toBeDefined();
  },
  "field-shape"() {
    expect(prop(doc, schema(doc, "Connector"), "fields")!.items.$ref).toBe("#/components/schemas/Field");
    expect(enumValues(schema(doc, "Field").properties.type)).toEqual(expect.arrayContaining(["text", "password", "list"]));
    expect(schema(doc, "Field").properties.values.type).toBe("array");
    expect(schema(doc, "Transfer").properties.fields.type).toBe("array");
  },
  "currency-shape"() {
    for (const [owner, name] of [
      ["Account", "currency"],
      ["Transaction", "original_currency"],
      ["Transfer", "currency"],
    ]) {
      const { target } = nullableRefOf(schema(doc, owner!).properties[name!]); // nullable-refs' form
      expect(deref(doc, { $ref: target })!.properties.symbol).toBeDefined();
    }
  },
  "enums-from-prose"() {
    // today-vocabularies adds 4 account types, open-enums opens the lists (enumValues reads both forms)
    expect(enumValues(prop(doc, schema(doc, "Account"), "type"))).toEqual(
      expect.arrayContaining(["checking", "perco", "article83", "madelin", "unknown"]),
    );
    expect(enumValues(prop(doc, schema(doc, "Transaction"), "type"))).toEqual(
      expect.arrayContaining(["card", "deferred_card"]),
    );
    expect(enumValues(prop(doc, schema(doc, "Transfer"), "state"))).toEqual(
      expect.arrayContaining(["created", "pending", "done"]),
    );
    expect(schema(doc, "Account").properties.bookmarked.anyOf[0].type).toBe("boolean"); // or 0/1: today-vocabularies
  },
  "money-as-number"() {
    const money = /^(value|amount|balance_(min|max)\d?|(income|expense)_max)$/;
    for (const { op: operation } of operations(doc)) {
      for (const [name, field] of Object.entries<Schema>(body(doc, operation)?.properties ?? {})) {
        if (money.test(name))
          expect([operation.operationId, name, field.type]).toEqual([operation.operationId, name, "number"]);
      }
    }
    expect(
      body(doc, op(doc, "post", "/users/{id_user}/accounts/{id_account}/transactions"))!.properties.value.type,
    ).toBe("number");
  },
  "list-filters"() {
    let lists = 0;
    for (const { method, op: operation } of operations(doc)) {
      if (method !== "get" || !listItemKey(doc, operation)) continue;
      lists++;
      const names = (operation.parameters ?? []).map((p) => deref(doc, p)!.name);
      expect([
        operation.operationId,
        ...["offset", "limit", "min_date", "max_date"].filter((n) => !names.includes(n)),
      ]).toEqual([operation.operationId]);
      expect(success(doc, operation)!.properties.total.type).toBe("integer");
    }
    expect(lists).toBeGreaterThan(100);
  },
  "account-activation"() {
    const accounts = op(doc, "get", "/users/{id_user}/accounts");
    expect(param(doc, accounts, "able_to_transfer")?.schema.type).toBe("boolean");
    expect(param(doc, accounts, "all")?.schema.type).toBe("boolean");
    const activate = op(doc, "put", "/users/{id_user}/connections/{id_connection}/accounts/{id_account}");
    expect(param(doc, activate, "all")?.in).toBe("query");
    const ids = param(doc, activate, "id_account")!.schema.anyOf;
    expect(new RegExp(ids.find((s: Schema) => s.type === "string").pattern).test("12,13,14")).toBe(true);
  },
  "list-links"() {
    const list = success(doc, op(doc, "get", "/users/{id_user}/accounts/{id_account}/transactions"))!;
    expect(list.properties._links.$ref).toBe("#/components/schemas/ListLinks");
  },
  "id-user-me"() {
    for (const { op: operation } of operations(doc)) {
      const idUser = param(doc, operation, "id_user");
      if (idUser?.in !== "path") continue;
      expect(idUser.schema.anyOf).toEqual([{ type: "integer" }, { type: "string", enum: ["me", "all"] }]);
    }
  },
  "schemaless-responses"() {
    for (const { op: operation } of operations(doc)) {
      const ok = deref(doc, operation.responses["200"]);
      if (ok)
        expect([operation.operationId, Boolean(ok.content?.["application/json"]?.schema)]).toEqual([
          operation.operationId,
          true,
        ]);
    }
  },
  "documented-properties"() {
    const account = schema(doc, "Account").properties;
    expect([account.bic.type, account.formatted_balance.type, account.able_to_transfer.type]).toEqual([
      "string",
      "string",
      "boolean",
    ]);
    expect(schema(doc, "Transaction").properties.formatted_value.type).toBe("string");
    expect(schema(doc, "Connector").properties.capabilities.items.type).toBe("string");
  },
  "webhook-events"() {
    const event = schema(doc, "ConnectionSyncedPush"); // the 2020 body, one form of the event (today-webhooks)
    expect(event.properties.connections.items.$ref).toBe("#/components/schemas/Connection");
  },
  "contradicting-examples"() {
    for (const path of [
      "/users/{id_user}/operationsalert",
      "/users/{id_user}/accounts/{id_account}/operationsalert",
      "/users/{id_user}/connections/{id_connection}/accounts/{id_account}/operationsalert",
    ]) {
      const alerts = op(doc, "get", path);
      expect([path, alerts.responses["200"]!.content["application/json"].example]).toEqual([path, undefined]);
      expect(listItemKey(doc, alerts)).toBe("useralerts"); // the schema is kept, the example dropped
    }
    const connector = op(doc, "put", "/connectors/{id_connector}").responses["200"]!.content["application/json"];
    expect(connector.example).toBeUndefined();
    expect(connector.schema.$ref).toBe("#/components/schemas/Connector");
    // The schema is kept; today-optional-fields later lets `uuid` and `restricted` be missing, as this example shows.
    expect(Object.keys(schema(doc, "Connector").properties)).toEqual(expect.arrayContaining(["uuid", "restricted"]));
  },
};

Object.assign(
  effects,
  todayEffects(() => doc),
);

test("every fix has a test of its effect", () => {
  expect(Object.keys(effects).sort()).toEqual(fixes.map((f) => f.id).sort());
});

test.each(fixes.map((f) => f.id))("fix %s", (id) => {
  effects[id]!();
});

test("every targeted fix changed something on the 2020 release", () => {
  const idle = report.filter((r) => r.kind === "targeted" && r.changed === 0);
  expect(idle).toEqual([]);
});

test("the overlay still applies to the 2019 release", () => {
  expect(previous.fixes.map((f) => f.id)).toEqual(fixes.map((f) => f.id));
  expect(previous.doc.paths["/users/{id_user}/connections"]?.post?.operationId).toBe("createUserConnection");
});

test("spec/README.md's catalogue is the overlay's, with the places changed on each release", () => {
  const readme = readFileSync(join(projectRoot(), "spec", "README.md"), "utf8");
  const expected = renderCatalogue(fixes, [
    { release: "2020-02-07", fixes: report },
    { release: "2019-09-24", fixes: previous.fixes },
  ]);
  expect(extractCatalogue(readme)).toBe(expected); // refresh: npx tsx scripts/spec-catalogue.ts --write
});
