/**
 * The effects of the `today-*` fixes (issue 12), asserted on the overlaid 2020 document like every other fix
 * (test/spec/overlay.test.ts merges these into its table). Each says what a user of the generated types and
 * the contract test's validator now rely on.
 */
import type { Doc, Schema } from "../../../scripts/lib/oas.js";
import { deref, listItemKey, operations } from "../../../scripts/lib/oas.js";
import { responseChecker } from "../../../scripts/contract/response-check.js";
import { TRANSACTION_ALWAYS } from "../../../spec/fixes/today-transactions.js";
import { enumValues, isOpenEnum } from "../../../spec/fixes/today-shared.js";
import { body, op, param, schema, success } from "./document.js";

const ref = (name: string) => `#/components/schemas/${name}`;

/** The referenced schema's name and whether `null` is allowed beside it. */
export function nullableRefOf(value: Schema | undefined): { target?: string; nullable: boolean } {
  const branches: Schema[] = value?.anyOf ?? [];
  const target = branches.find((b) => typeof b.$ref === "string")?.$ref;
  const nullable = branches.some((b) => Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === null);
  return { target, nullable };
}

export function todayEffects(get: () => Doc): Record<string, () => void> {
  return {
    "today-endpoints"() {
      const doc = get();
      const update = op(doc, "post", "/users/{id_user}/accounts/{id_account}");
      expect(update.operationId).toBe("postUserAccount");
      expect(update.responses["200"]!.content["application/json"].schema.$ref).toBe(ref("Account"));
      const fields = body(doc, update)!; // JSON too: the sweeps of every operation applied to the new ones
      expect(Object.keys(fields.properties).sort()).toEqual(["bookmarked", "disabled", "display", "name", "usage"]);
      expect(param(doc, update, "id_user")!.schema.anyOf).toBeDefined();
      expect(update.responses.default).toEqual({ $ref: "#/components/responses/Error" });
      const tx = op(doc, "post", "/users/{id_user}/transactions/{id_transaction}");
      expect(body(doc, tx)!.properties.application_date.format).toBe("date");
      for (const path of [
        "/users/{id_user}/account_ownerships",
        "/users/{id_user}/connections/{id_connection}/account_ownerships",
      ]) {
        const list = op(doc, "get", path);
        expect([path, listItemKey(doc, list)]).toEqual([path, "account_ownerships"]); // paginate types it
        expect(param(doc, list, "offset")?.in).toBe("query");
      }
      expect(schema(doc, "AccountOwnership").properties.multiple_holders.nullable).toBe(true);
      for (const path of ["/banks/{id_connector}", "/providers/{id_connector}"]) {
        expect(op(doc, "get", path).responses["200"]!.content["application/json"].schema.$ref).toBe(ref("Connector"));
        expect(op(doc, "get", path).security).toContainEqual({}); // public, like GET /banks
      }
    },
    "today-webauth"() {
      const doc = get();
      const webauth = op(doc, "get", "/webauth");
      for (const name of ["token", "id_connection", "connector_uuid", "redirect_uri", "state"]) {
        expect([name, param(doc, webauth, name)?.in]).toEqual([name, "query"]);
      }
      expect(Object.keys(webauth.responses).sort()).toEqual(["302", "default"]);
      expect(webauth.responses["302"]!.headers.Location).toBeDefined();
    },
    "nullable-refs"() {
      const doc = get();
      expect(nullableRefOf(schema(doc, "Account").properties.currency)).toEqual({
        target: ref("Currency"),
        nullable: true,
      });
      const leftovers: string[] = [];
      JSON.stringify(doc.components.schemas, (key, value: Schema) => {
        if (value && typeof value === "object" && value.nullable && value.allOf) leftovers.push(key);
        return value;
      });
      expect(leftovers).toEqual([]);
      // The contract test's validator reads the form as the types do: a null currency passes, a string does not.
      const check = responseChecker(doc);
      const account = { id: 1, original_name: "Compte", display: true, bookmarked: false };
      const path = "/users/{id_user}/accounts/{id_account}";
      expect(check(path, "get", 200, { ...account, currency: null })).toEqual([]);
      expect(check(path, "get", 200, { ...account, currency: "EUR" })).not.toEqual([]);
    },
    "today-nulls"() {
      const doc = get();
      const account = schema(doc, "Account");
      for (const name of ["balance", "coming", "last_update", "iban", "number", "disabled", "id_source"]) {
        expect([name, account.properties[name].nullable, account.required.includes(name)]).toEqual([name, true, false]);
      }
      const connection = schema(doc, "Connection");
      for (const name of ["last_update", "created", "next_try", "last_push", "expire"]) {
        expect([name, connection.properties[name].nullable]).toEqual([name, true]);
      }
      expect(schema(doc, "ConnectionSource").properties.access_expire.nullable).toBe(true);
      const investment = schema(doc, "Investment");
      for (const name of ["quantity", "unitprice", "unitvalue", "valuation", "diff"]) {
        expect([name, investment.properties[name].nullable]).toEqual([name, true]);
      }
      expect(investment.properties.label.nullable).toBeUndefined(); // only what the evidence shows
    },
    "today-transactions"() {
      const doc = get();
      const tx = schema(doc, "Transaction");
      expect([...tx.required].sort()).toEqual([...TRANSACTION_ALWAYS].sort());
      expect(nullableRefOf(tx.properties.counterparty)).toEqual({
        target: ref("TransactionCounterparty"),
        nullable: true,
      });
      expect(isOpenEnum(schema(doc, "TransactionCounterparty").properties.account_scheme_name)).toBe(true);
      expect(tx.properties.categories.items.$ref).toBe(ref("TransactionCategory"));
      for (const name of ["datetime", "rdatetime", "vdatetime", "bdatetime"]) {
        expect([name, tx.properties[name]["x-budgea-datetime"], tx.properties[name].nullable]).toEqual([
          name,
          "naive-utc",
          true,
        ]);
      }
      expect(tx.properties.value.nullable).toBe(true);
      expect(tx.properties.date_scraped["x-budgea-datetime"]).toBe("naive-europe-paris");
    },
    "today-vocabularies"() {
      const doc = get();
      expect(enumValues(schema(doc, "AccountTypeName"))).toEqual(
        expect.arrayContaining(["checking", "ldds", "per", "crowdlending", "real_estate"]),
      );
      expect(enumValues(schema(doc, "TransactionType"))).toEqual(
        expect.arrayContaining(["card_summary", "summary_card", "loan_repayment", "market_order", "fee"]),
      );
      const bookmarked = schema(doc, "Account").properties.bookmarked;
      expect(bookmarked.anyOf).toEqual([{ type: "boolean" }, { type: "integer", enum: [0, 1] }]);
    },
    "empty-connection-state"() {
      const state = schema(get(), "ConnectionState");
      expect(enumValues(state)).toEqual(expect.arrayContaining(["", null, "wrongpass"]));
      expect(state.description).toMatch(/empty string means the same as null/);
    },
    "today-list-envelopes"() {
      const doc = get();
      const accounts = op(doc, "get", "/users/{id_user}/accounts");
      expect(success(doc, accounts)!.properties.balances.additionalProperties).toEqual({
        type: "number",
        nullable: true,
      });
      expect(listItemKey(doc, accounts)).toBe("accounts"); // the totals are no second item array
      const transactions = op(doc, "get", "/users/{id_user}/accounts/{id_account}/transactions");
      const props = success(doc, transactions)!.properties;
      for (const name of ["first_date", "last_date", "result_min_date", "result_max_date", "_links"]) {
        expect([name, Boolean(props[name])]).toEqual([name, true]);
      }
      expect(listItemKey(doc, transactions)).toBe("transactions");
    },
    "today-currency"() {
      const currency = schema(get(), "Currency");
      expect(currency.required).toEqual(["id"]);
      expect(currency.properties.name.type).toBe("string");
      expect(currency.properties.crypto.default).toBe(false); // a default stays a default, not a promise
    },
    "today-user-and-codes"() {
      const doc = get();
      expect(schema(doc, "User").required).not.toContain("platform");
      for (const method of ["get", "post"]) {
        const code = success(doc, op(doc, method, "/auth/token/code"))!;
        expect(enumValues(code.properties.access)).toEqual(["single", "standard"]);
        expect(isOpenEnum(code.properties.access)).toBe(true);
        expect(code.properties.expires_in.nullable).toBe(true);
        expect(code.required).toEqual(["code", "type"]);
      }
    },
    "today-optional-fields"() {
      const doc = get();
      expect(schema(doc, "Connector").required).toEqual(["id", "name", "charged"]);
      expect(schema(doc, "Transfer").required).not.toContain("beneficiary_type");
      expect(schema(doc, "Transfer").required).toContain("amount");
    },
    "today-webhooks"() {
      const doc = get();
      expect(schema(doc, "ConnectionSyncedEvent").anyOf).toEqual([
        { $ref: ref("ConnectionSyncedCurrent") },
        { $ref: ref("ConnectionSyncedPush") },
      ]);
      expect(schema(doc, "ConnectionSyncedCurrent").required).toEqual(["connection"]);
      expect(schema(doc, "ConnectionSyncedPush").properties.connections.items.$ref).toBe(ref("Connection"));
      expect(schema(doc, "UserWebhookEvent").allOf).toEqual([{ $ref: ref("User") }]);
    },
    "recipient-category"() {
      const doc = get();
      const paths = [...operations(doc)].filter(({ method, path }) => method === "post" && /\/recipients$/.test(path));
      expect(paths).toHaveLength(4);
      for (const { path, op: create } of paths) {
        expect([path, body(doc, create)!.properties.category?.type]).toEqual([path, "string"]);
      }
    },
    "request-vocabularies"() {
      const doc = get();
      const create = body(doc, op(doc, "post", "/users/{id_user}/accounts/{id_account}/transactions"))!;
      expect(create.properties.type.enum).toEqual(expect.arrayContaining(["card", "summary_card", "unknown"]));
      expect(isOpenEnum(create.properties.type)).toBe(false); // what we send stays closed
      const update = body(doc, op(doc, "put", "/users/{id_user}/accounts/{id_account}"))!;
      expect(update.properties.usage.enum).toEqual(["PRIV", "ORGA", "ASSO"]);
      expect(body(doc, op(doc, "post", "/users/{id_user}/accounts/{id_account}"))!.properties.usage.enum).toEqual([
        "PRIV",
        "ORGA",
        "ASSO",
      ]);
    },
    "open-enums"() {
      const doc = get();
      for (const name of ["AccountTypeName", "TransactionType", "TransferState", "ConnectionState"]) {
        expect([name, isOpenEnum(schema(doc, name))]).toEqual([name, true]);
      }
      expect(enumValues(schema(doc, "ConnectionState"))).toContain(null);
      expect(isOpenEnum(schema(doc, "Field").properties.type)).toBe(true);
      // No closed string enumeration is left in what the API answers …
      const closed: string[] = [];
      for (const [name, s] of Object.entries(doc.components.schemas)) {
        if (name.endsWith("Body")) continue;
        JSON.stringify(s, (key, value: Schema) => {
          if (value?.type === "string" && Array.isArray(value.enum) && !isOpenEnumBranch(s, value))
            closed.push(`${name}.${key}`);
          return value;
        });
      }
      expect(closed).toEqual([]);
      // … and the `me`/`all` of a path stays closed.
      expect(param(doc, op(doc, "get", "/users/{id_user}/accounts"), "id_user")!.schema.anyOf[1].enum).toEqual([
        "me",
        "all",
      ]);
    },
    "datetime-families"() {
      const tx = schema(get(), "Transaction").properties;
      expect(tx.rdatetime.description).toContain("parseBudgeaUtcDateTime");
      expect(tx.date_scraped.description).toContain("parseBudgeaDateTime");
      expect(schema(get(), "Connection").properties.last_update.description).toContain("Paris");
    },
  };
}

/** Whether `branch` is the known-values branch of an open enumeration somewhere in `root`. */
function isOpenEnumBranch(root: Schema, branch: Schema): boolean {
  let found = false;
  JSON.stringify(root, (_key, value: Schema) => {
    if (isOpenEnum(value) && value.anyOf.includes(branch)) found = true;
    return value;
  });
  return found;
}

export { deref };
