/** Fixes to the shapes of resources: nullability, untyped objects, documented but undeclared properties. */
import type { Fix } from "../overlay.ts";
import type { Schema } from "../../scripts/lib/oas.ts";
import { successSchema } from "../../scripts/lib/oas.ts";
import { JSON_MEDIA, ref } from "./shared.ts";

/** Properties the docs or upstream's own examples show as `null`, by definition. */
const DOCUMENTED_NULLS: Record<string, string[]> = {
  Transaction: ["comment", "commission", "country", "id_cluster", "original_value"],
  Recipient: ["enabled_at", "expire", "id_target_account", "time_scraped", "webid"],
  Transfer: ["fees", "webid"],
  Connector: ["sync_frequency"],
  UserAlert: ["date_range", "apply"],
  Category: ["income", "id_user"],
};

export const documentedNulls: Fix = {
  id: "documented-nulls",
  defect:
    "No property is nullable anywhere, yet the API sends `null` for unset values: a validating client " +
    "rejects real responses and the types promise a value where `null` arrives. Fixed where the docs or " +
    "upstream's examples show a `null` (quoted below), and for every `deleted` date (null until deleted).",
  evidence:
    'Docs JSON examples: transactions `"comment" : null, "commission" : null, "country" : null, "deleted" : null, ' +
    '"id_cluster" : null, "original_value" : null`; recipients `"enabled_at" : null, "expire" : null, ' +
    '"id_target_account" : null, "time_scraped" : null, "webid" : null`; transfers `"fees" : null, "webid" : null`; ' +
    'upstream\'s own response examples: `"sync_frequency": null` (connector), `"date_range": null, "apply": null` ' +
    '(alerts); `Category.income`: "If null, this is both an income and an expense category"; `Category.id_user`: ' +
    '"If not null, this category is specific to a user"; "When the deleted field is set on a bank transaction, ' +
    'you delete it".',
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const [schemaName, schema] of Object.entries(doc.components.schemas)) {
      const documented = new Set([...(DOCUMENTED_NULLS[schemaName] ?? []), "deleted"]);
      for (const [name, prop] of Object.entries<Schema>(schema.properties ?? {})) {
        if (!documented.has(name) || prop.$ref || !prop.type || prop.nullable) continue;
        prop.nullable = true;
        n++;
      }
    }
    return n;
  },
};

export const authUserProfile: Fix = {
  id: "auth-user-profile",
  defect:
    "`POST /auth/token`, `POST /auth/register` and `POST /auth/confirm` answer `user` and `profile` as " +
    "untyped objects although `User` and `Profile` are defined.",
  evidence: 'Their descriptions: "the user data object", "the user profile data object".',
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const path of ["/auth/token", "/auth/register", "/auth/confirm"]) {
      const op = doc.paths[path]?.post;
      const props = op && successSchema(doc, op)?.properties;
      for (const [name, target] of [
        ["user", "User"],
        ["profile", "Profile"],
      ] as const) {
        const prop = props?.[name];
        if (prop?.type !== "object" || prop.properties) continue;
        props[name] = { allOf: [ref(target)], description: prop.description };
        n++;
      }
    }
    return n;
  },
};

/** Properties the docs' JSON examples show on a resource that its definition lacks. */
const DOCUMENTED_PROPERTIES: Record<string, Record<string, Schema>> = {
  Account: {
    bic: { type: "string", nullable: true, description: "BIC of the account's bank" },
    formatted_balance: { type: "string", description: 'Balance formatted in the account currency, e.g. "7 481,01 €"' },
    able_to_transfer: { type: "boolean", description: "The account can emit transfers" },
    connection: { allOf: [ref("Connection")], description: "With `expand=connection`" },
  },
  Transaction: {
    formatted_value: { type: "string", description: 'Value formatted in the account currency, e.g. "-16,22 €"' },
    documents_count: { type: "integer", description: "Number of documents attached" },
    new: { type: "boolean", description: "The transaction is new since the last synchronization" },
    category: { allOf: [ref("Category")], description: "With `expand=category`" },
  },
  Investment: {
    id_type: { type: "integer", nullable: true, description: "ID of the investment type" },
    type: {
      type: "object",
      nullable: true,
      properties: { id: { type: "integer" }, name: { type: "string" }, color: { type: "string" } },
      description: "With `expand=type`",
    },
  },
  Recipient: { bic: { type: "string", nullable: true, description: "BIC of the recipient's bank" } },
  Transfer: { formatted_amount: { type: "string", description: 'Amount formatted in its currency, e.g. "10,00 €"' } },
  Connection: { bank: { allOf: [ref("Connector")], description: "Legacy name of `connector` (webhooks)" } },
  Connector: {
    capabilities: { type: "array", items: { type: "string" }, description: 'e.g. "bank", "banktransfer", "document"' },
    categories: { type: "array", items: { type: "string" } },
  },
};

export const documentedProperties: Fix = {
  id: "documented-properties",
  defect:
    "Properties the docs' JSON shows are missing from the definitions: `Account.bic`, `formatted_balance`, " +
    "`able_to_transfer`, `connection`; `Transaction.formatted_value`, `documents_count`, `new`, `category`; " +
    "`Investment.id_type`, `type`; `Recipient.bic`; `Transfer.formatted_amount`; `Connection.bank`; " +
    "`Connector.capabilities`, `categories`.",
  evidence:
    'Docs, "API pay protocol": accounts `"bic" : "BNPAFRPPXXX"`, `"formatted_balance" : "2893,36 €"`, ' +
    '`"able_to_transfer" : true`; transfers `"formatted_amount" : "10,00 €"`; recipients `"bic"`. "Manual ' +
    'Synchronization": transactions `"documents_count" : 0, "formatted_value" : "-16,22 €", "new" : true`; ' +
    'investments `"id_type" : 1, "type" : { "color", "id", "name" }`; webhooks: connections `"bank" : { … }`; ' +
    '"Extend requests": `expand=transactions[category],connection`; the example of `PUT /connectors/{id_connector}`: ' +
    '`"capabilities": ["profile", "banktransferaddrecipient", "contact", "bank", "banktransfer"], "categories": ["virtual"]`.',
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const [schemaName, props] of Object.entries(DOCUMENTED_PROPERTIES)) {
      const target = doc.components.schemas[schemaName]?.properties;
      if (!target) continue;
      for (const [name, schema] of Object.entries(props)) {
        if (name in target) continue;
        target[name] = structuredClone(schema);
        n++;
      }
    }
    return n;
  },
};

export const connectionInformations: Fix = {
  id: "connection-informations",
  defect:
    "`GET /users/{id_user}/connections/{id_connection}/informations` declares the connections list " +
    "(`{ connections: [Connection], total }`, copied from its parent path), so clients page through it as a list.",
  evidence:
    'Its summary "Get connection additionnal informations" and its own example: ' +
    '`{ "owner": { "...": "...", "name": "Monsieur Honoré Émile" }, "compagny": { "...": "...", "name": "Roundcore" } }`.',
  kind: "targeted",
  apply(doc) {
    const response = doc.paths["/users/{id_user}/connections/{id_connection}/informations"]?.get?.responses["200"];
    const media = response?.content?.[JSON_MEDIA];
    if (!response || !media?.schema?.properties?.connections) return 0;
    const party = {
      type: "object",
      properties: { name: { type: "string" } },
      additionalProperties: true,
    };
    media.schema = {
      type: "object",
      properties: { owner: party, compagny: structuredClone(party) },
      additionalProperties: true,
      description: "What the bank's website tells about the connection's owner and company",
    };
    response.description = "Additional information about the connection";
    return 1;
  },
};
