/**
 * How every operation gets its operationId (upstream declares none).
 *
 * The name is a pure function of the operation's own method and path, so adding operations to the spec
 * can never rename an existing one. Two operations that would get the same name are an error (naming both),
 * to be settled by an entry in `overrides`: nothing is ever renamed silently. See spec/README.md.
 *
 *   verb:  GET    → `list` when the path ends with a plural literal (`/accounts`), else `get`
 *          POST   → `create` when the path ends with a plural literal, else `post`
 *          PUT    → `update`      DELETE → `delete`      other methods → the method, lower case
 *   nouns: the literal segments in PascalCase (compound words split by `compounds`); a segment followed
 *          by a path parameter names one item, so it is singularised (`accounts/{id_account}` → `Account`).
 *          The last noun of a `create` is singular (it creates one). When singularising leaves a segment
 *          unchanged (`add_to_data/{key}`), the parameter is named instead: `…ByKey`.
 *
 *   GET /users/{id_user}/accounts/{id_account}/transactions      → listUserAccountTransactions
 *   POST /users/{id_user}/connections                            → createUserConnection
 *   POST /users/{id_user}/connections/{id_connection}            → postUserConnection
 *   PUT /users/{id_user}/connections/{id_connection}             → updateUserConnection
 */

/** Explicit names, keyed by "METHOD /path", for names the rule gets wrong or that collide. */
export const overrides: Readonly<Record<string, string>> = {};

/** Segments that are several words glued together upstream, split so names read well. */
const compounds: Readonly<Record<string, string[]>> = {
  transactionsclusters: ["transactions", "clusters"],
  operationsalert: ["operations", "alert"],
  accountsalert: ["accounts", "alert"],
  documenttypes: ["document", "types"],
};

export function operationId(method: string, path: string): string {
  const key = `${method.toUpperCase()} ${path}`;
  const override = overrides[key];
  if (override) return override;

  const segments = path.split("/").filter(Boolean);
  const last = segments[segments.length - 1] ?? "";
  const endsWithParam = isParam(last);
  const endsPlural = !endsWithParam && isPlural(last);
  const verb = verbFor(method.toLowerCase(), endsPlural);

  const nouns: string[] = [];
  let byParam = "";
  segments.forEach((segment, i) => {
    if (isParam(segment)) return;
    const next = segments[i + 1];
    const singular = (next !== undefined && isParam(next)) || (verb === "create" && i === segments.length - 1);
    let words = splitWords(segment);
    if (singular) {
      const before = words.join("");
      words = [...words.slice(0, -1), singularise(words[words.length - 1] ?? "")];
      if (words.join("") === before && next !== undefined && i === segments.length - 2) {
        byParam = "By" + pascal(splitWords(next.slice(1, -1).replace(/^id_/, "")));
      }
    }
    nouns.push(pascal(words));
  });
  return verb + nouns.join("") + byParam;
}

/** Names for every operation of a document's `paths`; throws on a collision, naming both operations. */
export function assignOperationIds(paths: Record<string, Record<string, unknown>>): Map<string, string> {
  const byName = new Map<string, string>();
  const names = new Map<string, string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of Object.keys(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const name = operationId(method, path);
      const other = byName.get(name);
      if (other) {
        throw new Error(
          `operationId collision: "${other}" and "${key}" would both be named ${name}; ` +
            `add an entry for the newer one to \`overrides\` in spec/operation-ids.ts`,
        );
      }
      byName.set(name, key);
      names.set(key, name);
    }
  }
  return names;
}

export const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function verbFor(method: string, endsPlural: boolean): string {
  switch (method) {
    case "get":
      return endsPlural ? "list" : "get";
    case "post":
      return endsPlural ? "create" : "post";
    case "put":
      return "update";
    default:
      return method;
  }
}

function isParam(segment: string): boolean {
  return segment.startsWith("{") && segment.endsWith("}");
}

function isPlural(segment: string): boolean {
  const words = splitWords(segment);
  const lastWord = words[words.length - 1] ?? "";
  return lastWord.length > 2 && lastWord.endsWith("s") && !lastWord.endsWith("ss");
}

function splitWords(segment: string): string[] {
  const compound = compounds[segment];
  if (compound) return compound;
  return segment
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function singularise(word: string): string {
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
  if (word.endsWith("s") && !word.endsWith("ss") && word.length > 2) return word.slice(0, -1);
  return word;
}

function pascal(words: string[]): string {
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}
