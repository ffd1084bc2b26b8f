/**
 * The current API's nulls and omissions on the resources users read most: what a response type must let
 * through so that a real body compiles and a null-unsafe line does not.
 */
import type { Fix } from "../overlay.ts";
import type { Schema } from "../../scripts/lib/oas.ts";
import { walk } from "./shared.ts";
import { DOCS, nullOnly, READING, SDK, type Relaxation, isNullOnly, relax } from "./today-shared.ts";

const NULLABLE: Relaxation = { nullable: true, optional: true };

/** Property by property, per resource: `null` allowed and the property optional. */
export const TODAY_NULLS: Record<string, Record<string, Relaxation>> = {
  Account: {
    balance: NULLABLE,
    coming: NULLABLE,
    last_update: NULLABLE,
    iban: NULLABLE,
    number: NULLABLE,
    disabled: NULLABLE,
    currency: NULLABLE,
    id_source: NULLABLE,
    id_parent: NULLABLE,
    error: NULLABLE,
  },
  Connection: {
    last_update: NULLABLE,
    created: NULLABLE,
    next_try: NULLABLE,
    last_push: NULLABLE,
    expire: NULLABLE,
    id_user: NULLABLE,
  },
  ConnectionSource: {
    last_update: NULLABLE,
    disabled: NULLABLE,
    next_try: NULLABLE,
    access_expire: NULLABLE,
    expire: NULLABLE,
  },
  Investment: {
    quantity: NULLABLE,
    unitprice: NULLABLE,
    unitvalue: NULLABLE,
    valuation: NULLABLE,
    diff: NULLABLE,
    diff_percent: NULLABLE,
  },
};

export const todayNulls: Fix = {
  id: "today-nulls",
  defect:
    "The 2020 spec says `Account.balance`, `coming`, `last_update`, `iban`, `number`, `disabled`, `currency`, " +
    "`id_source`; `Connection.last_update`, `created`, `next_try`, `last_push`, `expire`; the connection sources' " +
    "dates; `Investment.quantity`, `unitprice`, `unitvalue`, `valuation`, `diff` are never null (several are " +
    "required, several defaulted to 0): a loan or card account without balance, a connection that has not synced " +
    "yet, an investment without valuation make a typed user's `account.balance.toFixed(2)` crash.",
  evidence:
    `${SDK}bank-accounts.yml (\`BankAccount\`): \`balance\`, \`coming\`, \`last_update\`, \`disabled\`, \`number\`, ` +
    "`iban` are `nullable: true`, `currency` and `id_parent` are `oneOf: [Currency, null]`, and its required list " +
    `leaves every one of them out; ${SDK}connections.yml (\`Connection\`): \`last_update\`, \`last_push\`, ` +
    "`expire`, `next_try` nullable, `id_user` `oneOf: [Id, null]`; (`ConnectionSource`): `last_update`, " +
    "`disabled`, `next_try`, `access_expire` nullable. The reference pages " +
    `${DOCS}api-reference/products/data-aggregation/bank-accounts, …/user-connections/connections and ` +
    `…/products/wealth-aggregation/investments, as read by ${READING}account.py (\`id_source: int | None\`, ` +
    "`error: str | None`; NathanKun/powens-maybe-finance-connector, src/powens/account.rs, from live responses: " +
    "`error: Option<String>`), " +
    "connection.py (`created: datetime | None`) and investment.py (its notes: live payloads send `quantity`, " +
    "`unitprice`, `unitvalue`, `valuation`, `diff`, `diff_percent` as null although the page marks them required). " +
    "The 2020 spec's `default: 0` on the investment amounts is the generator's zero value, not data.",
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const [schemaName, changes] of Object.entries(TODAY_NULLS)) n += relax(doc, schemaName, changes);
    return n;
  },
};

/**
 * `{ allOf: [$ref], nullable: true }` (the form `currency-shape` and the converter write) says "nullable" to the
 * types but not to Ajv: `nullable` widens only a `type` beside it, and the referenced object refuses `null`.
 */
export const nullableRefs: Fix = {
  id: "nullable-refs",
  defect:
    "A nullable reference written `{ allOf: [$ref], nullable: true }` (the 8 `currency` fields) is `T | null` to " +
    "openapi-typescript but refuses `null` under Ajv, so the contract test and the types disagree on the same body.",
  evidence:
    'OpenAPI 3.0.3, Schema Object: `nullable` "adds null to the allowed values" of the schema\'s own `type`; ' +
    "JSON Schema's `allOf` must hold for every branch, and the referenced `Currency` (`type: object`) refuses null. " +
    "Rewritten as `anyOf: [$ref, { enum: [null] }]`, which both read as `T | null`.",
  kind: "sweep",
  apply(doc) {
    let n = 0;
    walk(doc.components.schemas, (node) => {
      for (const [key, value] of Object.entries<Schema>(node)) {
        if (!value || typeof value !== "object" || Array.isArray(value)) continue;
        if (!value.nullable || value.allOf?.length !== 1 || value.properties) continue;
        const { allOf, nullable: _nullable, type: _type, ...rest } = value;
        node[key] = { ...rest, anyOf: [allOf[0], nullOnly()] };
        n++;
      }
    });
    return n;
  },
};

export { isNullOnly };
