/** Fixes to what operations take: parameters described only in prose, and mistyped body fields. */
import type { Fix } from "../overlay.ts";
import type { Doc, Operation, Schema } from "../../scripts/lib/oas.ts";
import { deref, operations, successSchema } from "../../scripts/lib/oas.ts";
import { bodySchema, ref } from "./shared.ts";

interface ProseParam {
  name: string;
  schema: Schema;
  required: boolean;
  description: string;
}

const PROSE_TYPES: Record<string, Schema> = {
  integer: { type: "integer" },
  id: { type: "integer" },
  string: { type: "string" },
  bool: { type: "boolean" },
  date: { type: "string", format: "date" },
  decimal: { type: "number" },
  datetime: { type: "string", "x-budgea-datetime": "naive-europe-paris" },
};

/** `- name (type) [required]: text` items, as upstream writes them in descriptions. */
export function parseProseParams(text: string): ProseParam[] {
  const item = /(?:^|\s)-\s+([A-Za-z_]\w*)\s+\(([A-Za-z ]+)\)(\s+required)?\s*:\s*/g;
  const matches = [...text.matchAll(item)];
  return matches.flatMap((m, i) => {
    const type = PROSE_TYPES[m[2]!.toLowerCase().replace(/\s/g, "")];
    if (!type) return [];
    const end = matches[i + 1]?.index ?? text.length;
    const description = text
      .slice(m.index! + m[0].length, end)
      .trim()
      .replace(/\.$/, "");
    return [{ name: m[1]!, schema: { ...type }, required: Boolean(m[3]), description }];
  });
}

/** Splits a description into its `Form params` and `Query params` lists (bare lists go by method). */
function proseSections(op: Operation, method: string): { form: ProseParam[]; query: ProseParam[] } {
  const text = String(op.description ?? "").replace(/<br\s*\/?>/g, " ");
  const query = /Query params\s*:(.*)$/is.exec(text)?.[1];
  const form = /Form params\s*:(.*?)(Query params\s*:|$)/is.exec(text)?.[1];
  if (query || form) return { form: parseProseParams(form ?? ""), query: parseProseParams(query ?? "") };
  const bare = /^\s*-\s+\w+\s+\(/.test(text) ? parseProseParams(text) : [];
  const takesBody = method === "post" || method === "put";
  return { form: takesBody ? bare : [], query: takesBody ? [] : bare };
}

export const proseParams: Fix = {
  id: "prose-params",
  defect:
    "Parameters listed only in an operation's description, never declared: creating or editing a " +
    "transactions cluster (`next_date`, `mean_amount`, `wording`, `id_account`, …), `POST /categories/keywords`, " +
    "connector logos (`id_file`, `img`), `DELETE /users/{id_user}/config` (`keys`), and the `last_update` " +
    "query of `PUT …/connections/{id_connection}` (the sync that returns new transactions).",
  evidence:
    'The descriptions themselves: "Form params : - next_date (date) required: Date of transaction - mean_amount ' +
    '(decimal) required: Mean Amount …"; "Query params: - expand (string): fields to expand - last_update ' +
    '(dateTime): if supplied, get transactions inserted since this date"; "- keys (string): list of coma ' +
    'separated keys to be deleted".',
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const { method, op } of operations(doc)) {
      const { form, query } = proseSections(op, method);
      n += addQueryParams(doc, op, query);
      n += addBodyFields(doc, op, form);
    }
    return n;
  },
};

function addQueryParams(doc: Doc, op: Operation, params: ProseParam[]): number {
  const have = new Set((op.parameters ?? []).map((p) => deref(doc, p)?.name));
  const added = params.filter((p) => !have.has(p.name));
  op.parameters = [
    ...(op.parameters ?? []),
    ...added.map((p) => ({
      name: p.name,
      in: "query",
      required: p.required,
      schema: p.schema,
      description: p.description,
    })),
  ];
  return added.length;
}

/** Adds the fields to the operation's form body, creating one (or replacing the free-form one). */
function addBodyFields(doc: Doc, op: Operation, params: ProseParam[]): number {
  if (!params.length) return 0;
  const media = Object.values<Schema>(deref(doc, op.requestBody)?.content ?? {})[0];
  const freeForm = !media || media.schema?.$ref === ref("FreeFormBody").$ref;
  const schema: Schema = freeForm ? { type: "object", properties: {} } : deref(doc, media.schema)!;
  schema.properties ??= {};
  let n = 0;
  for (const p of params) {
    if (p.name in schema.properties) continue;
    schema.properties[p.name] = { ...p.schema, description: p.description };
    if (p.required) schema.required = [...(schema.required ?? []), p.name];
    n++;
  }
  if (freeForm) {
    op.requestBody = { required: Boolean(schema.required?.length), content: { "multipart/form-data": { schema } } };
  }
  return n;
}

export const integerFlags: Fix = {
  id: "integer-flags",
  defect:
    "Boolean flags typed as integers in request bodies: `income` and `readonly` when editing a document " +
    "(12 paths; creating one declares them boolean), `attacheable` on `PUT /documenttypes/{id_documenttype}`.",
  evidence:
    "The resource each operation answers types them `boolean` (`Document.income`, `Document.readonly`, " +
    '`DocumentType.attacheable`), and `attacheable`\'s own description reads "If true, documents of this type can be attached".',
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const { method, op } of operations(doc)) {
      if (method !== "post" && method !== "put") continue;
      const body = bodySchema(doc, op)?.properties ?? {};
      const resource = successSchema(doc, op)?.properties ?? {};
      for (const [name, prop] of Object.entries<Schema>(body)) {
        if (prop.type === "integer" && deref(doc, resource[name])?.type === "boolean") {
          prop.type = "boolean";
          n++;
        }
      }
    }
    return n;
  },
};

/** Body fields typed integer whose own description lists values that are not numbers. */
const TEXT_FIELDS: Record<string, RegExp> = {
  accounts: /coma separated|comma separated|'all'/i,
  type: /oauth, certificate, token/i,
};

export const textTypedAsInteger: Fix = {
  id: "text-typed-as-integer",
  defect:
    "`accounts` of `PUT /users/{id_user}/accountsalert` and `type` of the webhook auth operations are typed " +
    "integer, so the values their descriptions ask for cannot be sent.",
  evidence:
    "`accounts`: \"list of accounts (id coma separated) on wich the alert has to be applied. If 'all' is given, " +
    'it is applied on all accounts"; `type`: "The type of the authentication process (oauth, certificate, token, etc...)" ' +
    "(and `AuthProvider.type` is a string).",
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const { op } of operations(doc)) {
      for (const [name, prop] of Object.entries<Schema>(bodySchema(doc, op)?.properties ?? {})) {
        const pattern = TEXT_FIELDS[name];
        if (pattern && prop.type === "integer" && pattern.test(String(prop.description ?? ""))) {
          prop.type = "string";
          n++;
        }
      }
    }
    return n;
  },
};

const ACCOUNT_LISTS = ["/users/{id_user}/accounts", "/users/{id_user}/connections/{id_connection}/accounts"];

export const accountActivation: Fix = {
  id: "account-activation",
  defect:
    "The account-activation call of the docs cannot be expressed: `PUT …/accounts/{id_account}` takes one " +
    "integer id (the docs pass several, comma-separated) and no `all` flag; account lists have neither " +
    "`all` (disabled accounts, the ones to activate, are listed only with it) nor the `able_to_transfer` filter.",
  evidence:
    'Docs, "Protocol" step 4: "Several accounts can be activated in 1 request by separating the account ids ' +
    'with commas": `PUT /users/me/connections/<id_connection>/accounts/<id_account>?all`; "API pay protocol" ' +
    'step 2: `GET /users/me/accounts?able_to_transfer=1` "List all the accounts that can do transfers". The ' +
    'transaction lists declare the same convention: `all`, "display all transactions, including deleted ones".',
  kind: "targeted",
  apply(doc) {
    let n = 0;
    for (const path of ACCOUNT_LISTS) {
      const list = doc.paths[path]?.get;
      if (list && addParam(list, ableToTransfer())) n++;
      if (list && addParam(list, allFlag())) n++;
      const update = doc.paths[`${path}/{id_account}`]?.put;
      if (!update) continue;
      if (addParam(update, allFlag())) n++;
      const id = update.parameters?.find((p) => p.name === "id_account" && p.in === "path");
      if (id?.schema?.type === "integer") {
        id.schema = { anyOf: [{ type: "integer" }, { type: "string", pattern: "^\\d+(,\\d+)*$" }] };
        id.description = "An account id, or several separated by commas";
        n++;
      }
    }
    return n;
  },
};

function addParam(op: Operation, param: Schema): boolean {
  if (op.parameters?.some((p) => p.name === param.name && p.in === param.in)) return false;
  op.parameters = [...(op.parameters ?? []), param];
  return true;
}

function ableToTransfer(): Schema {
  return {
    name: "able_to_transfer",
    in: "query",
    required: false,
    schema: { type: "boolean" },
    description: "Only the accounts that can emit transfers",
  };
}

function allFlag(): Schema {
  return {
    name: "all",
    in: "query",
    required: false,
    allowEmptyValue: true,
    schema: { type: "boolean" },
    description: "Include disabled accounts (the ones to activate)",
  };
}
