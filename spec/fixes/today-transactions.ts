/** What a transaction of the current API carries: a counterparty object, categories, UTC date-times, few sure fields. */
import type { Fix } from "../overlay.ts";
import { ref } from "./shared.ts";
import { DATETIME_FAMILY, DOCS, READING, SDK, nullableRef, openEnum, relax } from "./today-shared.ts";

/** The properties every transaction has (the rest may be missing). */
export const TRANSACTION_ALWAYS = ["id", "id_account", "date", "type", "date_scraped", "rdate", "coming", "active"];

/** Date-times of the moment the bank gives, in UTC (unlike `last_update` and `date_scraped`, Paris time). */
export const UTC_DATETIMES = {
  datetime: "Date and time of the debit, when the bank gives it",
  rdatetime: "Date and time of the realization, when the bank gives it",
  vdatetime: "Value date and time, when the bank gives it",
  bdatetime: "Date and time the bank uses, when it gives one",
} as const;

/** Transaction properties that are `null` when the bank does not give them. */
const NULLABLE = [
  "application_date",
  "value",
  "gross_value",
  "original_gross_value",
  "wording",
  "id_category",
  "vdate",
  "bdate",
  "card",
  "last_update",
];

const ACCOUNT_SCHEMES = ["iban", "bban", "sort_code_account_number", "cpan", "tpan"];

export const todayTransactions: Fix = {
  id: "today-transactions",
  defect:
    "The 2020 `Transaction` types `counterparty` as a string, has no `categories` and no date-times with a time " +
    "(`datetime`, `rdatetime`, `vdatetime`, `bdatetime`, in UTC), requires `nature`, `state` and three wordings " +
    "the current API does not always send, and promises `value`, `wording`, `vdate`, … never null.",
  evidence:
    `${SDK}bank-transactions.yml (\`Transaction\`): required only \`id\`, \`id_account\`, \`date\`, \`type\`, ` +
    "`date_scraped`, `rdate`, `coming`, `active`; `datetime`, `rdatetime`, `vdatetime`, `bdatetime` nullable and " +
    "described as UTC; `counterparty` `oneOf: [TransactionCounterparty, null]` with `label`, " +
    "`account_scheme_name` (`iban`, `bban`, `sort_code_account_number`), `account_identification` and `type` " +
    "(`creditor`, `debtor`, nullable); `value`, `gross_value`, `wording`, `vdate`, `bdate`, `card`, " +
    "`application_date`, `last_update` nullable. " +
    `${DOCS}api-reference/products/data-aggregation/bank-transactions, as read by ${READING}transaction.py: ` +
    "`categories` is a list of `{ code, parent_code }`, and the account schemes also include `cpan` and `tpan`.",
  kind: "targeted",
  apply(doc) {
    const s = doc.components.schemas;
    const tx = s.Transaction;
    if (!tx?.properties || tx.properties.categories) return 0;
    s.TransactionCounterparty = {
      type: "object",
      description: "The business or person on the other side of a transaction",
      properties: {
        label: { type: "string", nullable: true, description: "Name of the counterparty" },
        account_scheme_name: openEnum([...ACCOUNT_SCHEMES, null], { description: "Kind of `account_identification`" }),
        account_identification: { type: "string", nullable: true, description: "The counterparty's account number" },
        type: openEnum(["creditor", "debtor", null], { description: "`creditor` or `debtor`" }),
      },
    };
    s.TransactionCategory = {
      type: "object",
      required: ["code"],
      properties: {
        code: { type: "string", description: "The category's code" },
        parent_code: { type: "string", nullable: true, description: "Its parent category's code" },
      },
    };
    tx.properties.counterparty = nullableRef("TransactionCounterparty", "The transaction's counterparty, if known");
    tx.properties.categories = { type: "array", items: ref("TransactionCategory"), description: "Categories" };
    for (const [name, description] of Object.entries(UTC_DATETIMES)) {
      tx.properties[name] = { type: "string", nullable: true, description, "x-budgea-datetime": DATETIME_FAMILY.utc };
    }
    tx.required = [...TRANSACTION_ALWAYS];
    relax(doc, "Transaction", Object.fromEntries(NULLABLE.map((name) => [name, { nullable: true }])));
    return 2 + Object.keys(UTC_DATETIMES).length + NULLABLE.length;
  },
};
