/**
 * Vocabularies: the values the current API adds to the 2020 lists, and the rule that makes every
 * server-controlled list open in responses while the lists a user sends stay closed.
 */
import type { Fix } from "../overlay.ts";
import type { Doc, Schema } from "../../scripts/lib/oas.ts";
import { operations } from "../../scripts/lib/oas.ts";
import { DOCS, READING, SDK, enumValues, isNullOnly, isOpenEnum, openEnum } from "./today-shared.ts";

/** Account types the current API sends besides the 2020 list (`ACCOUNT_TYPES` in overlay.ts). */
export const TODAY_ACCOUNT_TYPES = ["ldds", "per", "crowdlending", "real_estate"] as const;

/** Transaction types the current API sends besides the 2020 list (`TRANSACTION_TYPES` in overlay.ts). */
export const TODAY_TRANSACTION_TYPES = [
  "summary_card",
  "loan_repayment",
  "market_order",
  "market_fee",
  "arbitrage",
  "profit",
  "refund",
  "payout",
  "payment",
  "fee",
] as const;

/** An account's usage, sent when updating an account (closed: we send it) and read back (open). */
export const ACCOUNT_USAGES = ["PRIV", "ORGA", "ASSO"] as const;

function addValues(doc: Doc, schemaName: string, values: readonly string[]): number {
  const schema = doc.components.schemas[schemaName];
  if (!Array.isArray(schema?.enum)) return 0;
  const missing = values.filter((v) => !schema.enum.includes(v));
  schema.enum.push(...missing);
  return missing.length;
}

export const todayVocabularies: Fix = {
  id: "today-vocabularies",
  defect:
    "The current API sends account types (`ldds`, `per`, `crowdlending`, `real_estate`) and transaction types " +
    "(`summary_card` — the 2020 docs say `card_summary` —, `loan_repayment`, `market_order`, `market_fee`, " +
    "`arbitrage`, `profit`, `refund`, `payout`, `payment`, `fee`) the 2020 lists lack; `Account.bookmarked`, " +
    "documented as a boolean, arrives as `0`/`1`.",
  evidence:
    `${SDK}bank-account-types.yml (\`BankAccountTypeName\`): \`crowdlending\`, \`per\`, \`real_estate\` among 20 types; ` +
    `${SDK}bank-transactions.yml (\`TransactionType\`): \`summary_card\` (the monthly debit of a deferred card). ` +
    `${DOCS}api-reference/products/data-aggregation/bank-transactions (TransactionType values), as read by ` +
    `${READING}transaction.py: the ten values above; …/bank-accounts, as read by ${READING}account.py: ` +
    "`bookmarked: int`. NathanKun/powens-maybe-finance-connector, src/powens/account.rs (fields taken from live " +
    "responses): `ldds` among the account types and `bookmarked: u64`.",
  kind: "targeted",
  apply(doc) {
    const account = doc.components.schemas.Account;
    if (!account?.properties?.bookmarked) return 0;
    const n =
      addValues(doc, "AccountTypeName", TODAY_ACCOUNT_TYPES) +
      addValues(doc, "TransactionType", TODAY_TRANSACTION_TYPES);
    const { description } = account.properties.bookmarked;
    account.properties.bookmarked = {
      anyOf: [{ type: "boolean" }, { type: "integer", enum: [0, 1] }],
      description: `${description ?? "Bookmarked by the user"} (\`true\`/\`false\`, or \`1\`/\`0\`)`,
    };
    return n + 1;
  },
};

/** Component schemas a request can carry: their enums stay closed. */
function requestSchemas(doc: Doc): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== "object") return;
    const node = value as Schema;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/schemas/")) {
      const name = node.$ref.slice("#/components/schemas/".length);
      if (!found.has(name)) {
        found.add(name);
        visit(doc.components.schemas[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  for (const { op } of operations(doc)) {
    visit(op.parameters);
    visit(op.requestBody);
  }
  return found;
}

/** Replaces, below `parent`, every closed string enumeration by its open form; returns how many. */
function openEnumsUnder(parent: Schema): number {
  let n = 0;
  for (const [key, value] of Object.entries<Schema>(parent)) {
    if (!value || typeof value !== "object") continue;
    if (isOpenEnum(value)) continue; // its branches are the open form
    if (isClosedStringEnum(value)) {
      parent[key] = reopen(value);
      n++;
    } else n += openEnumsUnder(value);
  }
  return n;
}

function isClosedStringEnum(schema: Schema): boolean {
  return Array.isArray(schema.enum) && schema.type === "string" && !isNullOnly(schema);
}

function reopen(schema: Schema): Schema {
  const { enum: values, type: _type, nullable, ...rest } = schema;
  return openEnum(nullable && !values.includes(null) ? [...values, null] : values, rest);
}

export const openEnums: Fix = {
  id: "open-enums",
  defect:
    "Every enumeration of a response is closed: a value the API adds (a new account or transaction type, a new " +
    "connection state) breaks a validating client and makes the types lie, and a `switch` written against them " +
    "has no reason to keep a default branch.",
  evidence:
    `The lists grew between the 2020 spec and today (see \`today-vocabularies\`); ${SDK}connections.yml ` +
    "describes `ConnectionState` values the 2020 prose did not list; DESIGN.md: server-controlled enumerations " +
    "are open (known values plus any string), the values we send stay closed. A schema reachable from a request " +
    "(a body, a parameter) keeps its closed list.",
  kind: "sweep",
  apply(doc) {
    const sent = requestSchemas(doc);
    let n = 0;
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      if (sent.has(name)) continue;
      if (isClosedStringEnum(schema)) {
        doc.components.schemas[name] = reopen(schema);
        n++;
      } else n += openEnumsUnder(schema);
    }
    return n;
  },
};

export const requestVocabularies: Fix = {
  id: "request-vocabularies",
  defect:
    "What a user sends from a known list is typed as any string: a transaction's `type` when adding one " +
    "(`POST …/transactions`), an account's `usage` when updating it (`PUT`/`POST …/accounts/{id_account}`), so a " +
    "typo compiles and the API refuses it (or files the transaction as `unknown`).",
  evidence:
    '2020 descriptions: "type of the transaction (default: unknown)", "Usage of the account : PRIV, ORGA or ASSO"; ' +
    `${SDK}bank-accounts.yml (\`BankAccountUsage\`: \`PRIV\`, \`ORGA\`, \`ASSO\`). The transaction types are the ` +
    "2020 list and `today-vocabularies`' additions, closed: a request names a value the API knows.",
  kind: "targeted",
  apply(doc) {
    const types = enumValues(doc.components.schemas.TransactionType).filter((v) => typeof v === "string");
    let n = 0;
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      if (!name.endsWith("Body") || !schema.properties) continue;
      const { type, usage } = schema.properties;
      if (/TransactionBody$/.test(name) && type?.type === "string" && !type.enum && types.length) {
        schema.properties.type = { ...type, enum: [...types] };
        n++;
      }
      if (usage?.type === "string" && !usage.enum) {
        schema.properties.usage = { ...usage, enum: [...ACCOUNT_USAGES] };
        n++;
      }
    }
    return n;
  },
};

export const emptyConnectionState: Fix = {
  id: "empty-connection-state",
  defect:
    "A connection's `state` (and `error`) may be the empty string where the 2020 docs say `null`: both mean the " +
    'last sync went well. Typed as states only, `""` reads as an unknown error state.',
  evidence:
    'Issue 12 (responses of the current API: `"state": ""` on healthy connections). The stored copies of the ' +
    `reference do not show it: ${SDK}connections.yml and the SCA & connection states guide say only that null ` +
    "means success. Recorded as a known value with that meaning, so the types and the contract test accept it and " +
    "a client can treat it as null.",
  kind: "targeted",
  apply(doc) {
    const state = doc.components.schemas.ConnectionState;
    if (!Array.isArray(state?.enum) || state.enum.includes("")) return 0;
    state.enum.push("");
    state.description = `${state.description ?? ""}; the empty string means the same as null (no error)`.replace(
      /^; /,
      "",
    );
    return 1;
  },
};
