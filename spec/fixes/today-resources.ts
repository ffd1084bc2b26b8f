/**
 * Smaller facts about today's responses: list envelopes, currencies, the user, temporary codes, transfers,
 * connectors, and the recipient's `category` that recipient creation sends.
 */
import type { Fix } from "../overlay.ts";
import type { Schema } from "../../scripts/lib/oas.ts";
import { listItemKey, operations, successSchema } from "../../scripts/lib/oas.ts";
import { DOCS, READING, SDK, openEnum, relax } from "./today-shared.ts";

const nullableDate = (description: string): Schema => ({ type: "string", format: "date", nullable: true, description });

const balances = (description: string): Schema => ({
  type: "object",
  additionalProperties: { type: "number", nullable: true },
  description,
});

export const todayListEnvelopes: Fix = {
  id: "today-list-envelopes",
  defect:
    "The accounts lists carry `balances` and `coming_balances` (totals per currency), the transactions lists " +
    "`first_date`, `last_date`, `result_min_date`, `result_max_date` beside `_links`: the 2020 envelopes have neither.",
  evidence:
    `${SDK}bank-accounts.yml (\`BankAccountsList\`): \`balances\`, an object keyed by ISO 4217 code whose values ` +
    "(nullable numbers) are the accounts' total per currency; " +
    `${SDK}core.yml (\`DateBoundedList\`, which \`TransactionsList\` extends): the four dates, \`format: date\`. ` +
    `${DOCS}api-reference/products/data-aggregation/bank-accounts, as read by ${READING}account.py: ` +
    "`balances` and `coming_balances`, maps keyed by currency code.",
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const { method, op } of operations(doc)) {
      if (method !== "get") continue;
      const key = listItemKey(doc, op);
      const props = successSchema(doc, op)?.properties;
      if (!props) continue;
      if (key === "accounts") {
        props.balances = balances("Total balance of the listed accounts, per currency code");
        props.coming_balances = balances("Total of their coming operations, per currency code");
        n++;
      } else if (key === "transactions") {
        props.first_date = nullableDate("Date of the oldest transaction available");
        props.last_date = nullableDate("Date of the newest transaction available");
        props.result_min_date = nullableDate("Oldest date among this page's transactions");
        props.result_max_date = nullableDate("Newest date among this page's transactions");
        n++;
      }
    }
    return n;
  },
};

export const todayCurrency: Fix = {
  id: "today-currency",
  defect:
    "`Currency` requires `symbol` and `prefix` (and, with openapi-typescript's defaults, `crypto` and `precision`): " +
    "only `id` is certain; `name`, `symbol`, `precision`, `prefix`, `crypto`, `marketcap` may each be missing.",
  evidence:
    'The spec\'s own docs (info.description): `"currency" : { "symbol" : "€", "id" : "EUR", "prefix" : false }` ' +
    `(no \`crypto\`, no \`precision\`); ${SDK}bank-accounts.yml (\`Currency\`): \`id\`, \`name\`, \`symbol\`, ` +
    `\`precision\` (no \`prefix\`, \`crypto\`, \`marketcap\`). ${DOCS}api-reference/products/data-aggregation/` +
    `currencies, as read by ${READING}currency.py: only \`id\` required, \`prefix\`, \`marketcap\`, \`datetime\` ` +
    "seen on live payloads but not in the reference.",
  kind: "targeted",
  apply(doc) {
    const currency = doc.components.schemas.Currency;
    if (!currency?.properties || currency.properties.name) return 0;
    currency.properties.name = { type: "string", description: "Display name of the currency" };
    currency.required = ["id"];
    return 2;
  },
};

export const todayUserAndCodes: Fix = {
  id: "today-user-and-codes",
  defect:
    "`GET /users/{id_user}` (`/users/me`) may answer `{ id, signin }` only, but `User.platform` is required; " +
    "`GET`/`POST /auth/token/code` answer `access` (`single` or `standard`) and an `expires_in` that may be null.",
  evidence:
    `${SDK}users.yml (\`User\`): \`id\` and \`signin\`, nothing else. ${DOCS}api-reference/overview/` +
    'authentication, "AuthCode object": `code` String, `type` String ("The only value is temporary"), `access` ' +
    'String ("single or standard"), `expires_in` "Integer or null"; the same in ' +
    `${SDK}authentication.yml (\`AuthCode\`, \`AuthCodeAccess\`).`,
  kind: "targeted",
  apply(doc) {
    let n = relax(doc, "User", { platform: { optional: true } });
    const code = doc.paths["/auth/token/code"];
    for (const op of [code?.get, code?.post]) {
      const schema = op && successSchema(doc, op);
      if (!schema?.properties || schema.properties.access) continue;
      schema.properties.access = openEnum(["single", "standard"], {
        description: "`single` (singleAccess) or `standard`",
      });
      schema.properties.expires_in = { ...schema.properties.expires_in, nullable: true };
      schema.required = (schema.required ?? []).filter((name: string) => name !== "expires_in");
      n++;
    }
    return n;
  },
};

export const todayOptionalFields: Fix = {
  id: "today-optional-fields",
  defect:
    "`Transfer.beneficiary_type` and `Connector.beta`, `uuid`, `restricted` are required by the 2020 spec but " +
    "missing from responses the docs show.",
  evidence:
    "The spec's own docs (info.description): the `GET /banks?expand=fields` answer lists banks with `id_weboob`, " +
    '`name`, `id`, `hidden`, `fields` and neither `beta`, `uuid` nor `restricted`; the transfer answer of "API pay ' +
    "protocol\" has no `beneficiary_type`; upstream's own example of `PUT /connectors/{id_connector}` has no " +
    "`uuid` and no `restricted`; the 2019-09-24 release requires neither `restricted` nor `beneficiary_type` (the " +
    `latter has \`default: recipient\`: the server assumes it). ${SDK}connectors.yml lists the three as required ` +
    "for connectors: left undecided, a response type must let the older bodies through.",
  kind: "targeted",
  apply(doc) {
    return (
      relax(doc, "Transfer", { beneficiary_type: { optional: true } }) +
      relax(doc, "Connector", { beta: { optional: true }, uuid: { optional: true }, restricted: { optional: true } })
    );
  },
};

export const recipientCategory: Fix = {
  id: "recipient-category",
  defect:
    "Adding a recipient (`POST …/recipients`, 4 paths) declares only `label` and `iban`, but a recipient has a " +
    "`category` (required in `Recipient`), which the client sends when the user gives one.",
  evidence:
    '`Recipient.category`: "Category in which the recipient is", required in both releases; the recipient is ' +
    "created from the body sent, so the only way it gets a category is that body.",
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      if (!/RecipientBody$/.test(name) || !/^Create/.test(name) || !schema.properties?.iban) continue;
      if (schema.properties.category) continue;
      schema.properties.category = { type: "string", description: "Category in which the recipient is" };
      n++;
    }
    return n;
  },
};
