/**
 * Endpoints of the current API the 2020 table lacks. They are added in upstream's own shapes (a `multipart`
 * body, a string `id_user`) before the fixes that sweep every operation (operationIds, form bodies, list
 * filters, `me`/`all`, error bodies, bearer security), so they get those fixes like every other operation.
 */
import type { Fix } from "../overlay.ts";
import type { Schema } from "../../scripts/lib/oas.ts";
import { jsonResponse, ref } from "./shared.ts";
import { DOCS, READING, SDK } from "./today-shared.ts";

/** Upstream's own `id_user` (a string; `id-user-me` types it), fresh for each operation. */
const idUser = (): Schema => ({
  name: "id_user",
  in: "path",
  required: true,
  description: "Hint: you can use 'me' or 'all'",
  schema: { type: "string" },
});

const pathId = (name: string, description: string): Schema => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "integer" },
});

const expand = (): Schema => ({ name: "expand", in: "query", required: false, schema: { type: "string" } });

function form(properties: Record<string, Schema>): Schema {
  return { required: true, content: { "multipart/form-data": { schema: { type: "object", properties } } } };
}

const ACCOUNT_UPDATE: Record<string, Schema> = {
  display: { type: "boolean", description: "Show the account and count it in totals" },
  name: { type: "string", description: "Display name of the account" },
  disabled: { type: "boolean", description: "Stop (true) or resume (false) synchronizing the account" },
  bookmarked: { type: "boolean", description: "Bookmark the account" },
  usage: { type: "string", description: "Usage of the account : PRIV, ORGA or ASSO" },
};

const TRANSACTION_UPDATE: Record<string, Schema> = {
  wording: { type: "string", description: "New wording of the transaction" },
  application_date: { type: "string", format: "date", description: "Date the user's budget counts it on" },
  id_category: { type: "integer", description: "New category (deprecated by the API, still accepted)" },
  comment: { type: "string", description: "The user's comment" },
  active: { type: "boolean", description: "Count (true) or ignore (false) the transaction in analyses" },
};

const OWNERSHIP_PARTY_ROLES = [
  "holder",
  "co_holder",
  "attorney",
  "custodian_for_minor",
  "legal_guardian",
  "nominee",
  "successor_on_death",
  "trustee",
  "unknown",
];

function accountOwnershipSchemas(): Record<string, Schema> {
  return {
    AccountOwnership: {
      type: "object",
      description: "Who holds a bank account, as the bank says (a feature Powens activates on request)",
      required: ["id_account", "id_connection", "id_user"],
      properties: {
        id_account: { type: "integer", description: "ID of the bank account" },
        id_connection: { type: "integer", description: "ID of its connection" },
        id_user: { type: "integer", description: "ID of the user" },
        id_connector_source: { type: "integer", description: "ID of the connector source" },
        name: { type: "string", nullable: true, description: "Name of the bank account" },
        bank_name: { type: "string", nullable: true, description: "Name of the bank" },
        multiple_holders: {
          type: "boolean",
          nullable: true,
          description: "The account has several holders; null when the bank does not say",
        },
        calculated: {
          type: "array",
          items: { type: "string" },
          description: "Properties Powens calculated rather than read (`multiple_holders`)",
        },
        usage: { type: "string", nullable: true, description: "Usage of the account (PRIV, ORGA, …)" },
        parties: { type: "array", items: ref("AccountParty"), description: "The account's parties" },
        identifications: {
          type: "array",
          items: {
            type: "object",
            properties: { scheme_name: { type: "string" }, identification: { type: "string" } },
          },
          description: "The account's identifiers (IBAN, …)",
        },
      },
    },
    AccountParty: {
      type: "object",
      properties: {
        role: { type: "string", enum: OWNERSHIP_PARTY_ROLES, description: "The party's role" },
        identity: {
          type: "object",
          properties: {
            is_user: {
              type: "boolean",
              nullable: true,
              description: "The party is the connection's user; null when it cannot be told",
            },
            full_name: { type: "string", description: "The party's full name" },
          },
        },
      },
    },
  };
}

const OWNERSHIPS_LIST: Schema = {
  type: "object",
  required: ["account_ownerships"],
  properties: {
    account_ownerships: { type: "array", items: ref("AccountOwnership") },
    total: { type: "integer", description: "total number of results" },
  },
};

export const todayEndpoints: Fix = {
  id: "today-endpoints",
  defect:
    "Endpoints of the current API the 2020 table lacks: updating an account or a transaction by `POST` (the 2020 " +
    "spec has only `PUT`), the account ownerships (of a user, and of one connection), `GET /banks/{id_connector}` " +
    "and `GET /providers/{id_connector}`.",
  evidence:
    `${SDK}bank-accounts.yml: \`POST /users/me/accounts/{accountId}\` (updateUserAccount: \`display\`, \`name\`, ` +
    `\`disabled\`, \`bookmarked\`, \`usage\` → BankAccount); ${SDK}bank-transactions.yml: \`POST /users/me/` +
    "transactions/{transactionId}` (updateUserTransaction: `wording`, `application_date`, `id_category`, " +
    `\`comment\`, \`active\` → Transaction); ${SDK}connectors.yml: \`GET /banks/{connectorId}\` (getBank) and ` +
    `\`GET /providers/{connectorId}\` (getProvider) → Connector. ${DOCS}api-reference/products/data-aggregation/` +
    "account-ownerships: `GET /users/{user_id}/account_ownerships`, the AccountOwnership object (`id_account`, " +
    "`id_connection`, `id_user`, `id_connector_source`, `name`, `bank_name` and `multiple_holders` nullable, " +
    `\`calculated\`, \`usage\`, \`parties\` with \`role\` and \`identity\` { \`is_user\`, \`full_name\` }, ` +
    `\`identifications\`); ${READING}account_ownership.py reads the list as \`{ account_ownerships: [...] }\`. ` +
    "The per-connection list follows the docs' route aliases (`/users/{userId}/connections/{connectionId}/…`).",
  kind: "targeted",
  apply(doc) {
    const accounts = doc.paths["/users/{id_user}/accounts/{id_account}"];
    const transactions = doc.paths["/users/{id_user}/transactions/{id_transaction}"];
    if (!accounts || accounts.post || !transactions || transactions.post) return 0;
    accounts.post = {
      summary: "Update an account",
      description: "Edits the account's metadata (the bank's data stays as synchronized).",
      tags: ["Banks"],
      parameters: [idUser(), pathId("id_account", "The account's id"), expand()],
      requestBody: form(structuredClone(ACCOUNT_UPDATE)),
      responses: { "200": jsonResponse("The updated account", ref("Account")) },
    };
    transactions.post = {
      summary: "Update a transaction",
      description: "Edits the transaction's metadata (the bank's data stays as synchronized).",
      tags: ["Banks"],
      parameters: [idUser(), pathId("id_transaction", "The transaction's id"), expand()],
      requestBody: form(structuredClone(TRANSACTION_UPDATE)),
      responses: { "200": jsonResponse("The updated transaction", ref("Transaction")) },
    };
    Object.assign(doc.components.schemas, accountOwnershipSchemas());
    const ownerships = (parameters: Schema[]) => ({
      get: {
        summary: "List account ownerships",
        tags: ["Banks"],
        parameters,
        responses: { "200": jsonResponse("The account ownerships", structuredClone(OWNERSHIPS_LIST)) },
      },
    });
    doc.paths["/users/{id_user}/account_ownerships"] = ownerships([idUser()]);
    doc.paths["/users/{id_user}/connections/{id_connection}/account_ownerships"] = ownerships([
      idUser(),
      pathId("id_connection", "The connection's id"),
    ]);
    for (const kind of ["banks", "providers"]) {
      doc.paths[`/${kind}/{id_connector}`] = {
        ...doc.paths[`/${kind}/{id_connector}`],
        get: {
          summary: kind === "banks" ? "Get a bank" : "Get a provider",
          tags: ["Banks"],
          parameters: [pathId("id_connector", "The connector's id"), expand()],
          responses: { "200": jsonResponse("The connector", ref("Connector")) },
        },
      };
    }
    return 6;
  },
};

/** The query of `GET /webauth` as the current API reads it. */
const WEBAUTH_QUERY: Record<string, Schema> = {
  token: { type: "string", description: "A temporary code (`GET /auth/token/code`), never the permanent token" },
  id_connection: { type: "integer", description: "The connection to resume or recover (`webauthRequired`)" },
  connector_uuid: {
    type: "string",
    description: "To add a connection: the connector (its `auth_mechanism` is `webauth`)",
  },
  id_connector: { type: "integer", description: "Deprecated: `connector_uuid`" },
  source: { type: "string", description: "The source to target, on multi-source connectors (its `name`: a-z)" },
};

export const todayWebauth: Fix = {
  id: "today-webauth",
  defect:
    "`GET /webauth` (the SCA guide's route for a `webauthRequired` connection) lacks what the current API reads — " +
    "`token`, `id_connection`, `connector_uuid`, `source` — and declares a 200, where the route redirects (302) " +
    "the user's browser to the bank.",
  evidence:
    `${DOCS}documentation/integration-guides/sca-and-connection-states (\`webauthRequired\`: send the user to the ` +
    `/webauth endpoint); ${SDK}connections.yml (\`GET /webauth\`, openWebAuth): query \`client_id\`, \`token\`, ` +
    "`redirect_uri`, `id_connector` (deprecated), `connector_uuid`, `id_connection`, `source`, `state`; answers " +
    "302 with a `location` header; the callback carries `id_connection` or `error`/`error_description`.",
  kind: "targeted",
  apply(doc) {
    const op = doc.paths["/webauth"]?.get;
    if (!op) return 0;
    const have = new Set((op.parameters ?? []).map((p: Schema) => p.name));
    const added = Object.entries(WEBAUTH_QUERY).filter(([name]) => !have.has(name));
    op.parameters = [
      ...(op.parameters ?? []),
      ...added.map(([name, schema]) => ({ name, in: "query", required: false, schema: structuredClone(schema) })),
    ];
    const { default: error } = op.responses;
    op.responses = {
      "302": {
        description: "A redirection to the bank's authentication page",
        headers: { Location: { description: "The bank's page", schema: { type: "string" } } },
      },
      ...(error ? { default: error } : {}),
    };
    return added.length + 1;
  },
};
