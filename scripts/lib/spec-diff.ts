/**
 * What changed between two OpenAPI 3 documents, from the point of view of a client generated from them:
 * operations added and removed; for each operation kept, its parameters, request body and (inline) responses;
 * for each named schema, its properties; each change marked breaking or not.
 */
import { operationId } from "../../spec/operation-ids.ts";
import { type Change, type Direction, compareFields } from "./field-changes.ts";
import type { Doc, Operation, Schema } from "./oas.ts";
import { deref, operations, refs } from "./oas.ts";
import { type Field, flatten, typeLabel } from "./spec-fields.ts";

export type { Change, Severity } from "./field-changes.ts";

export interface OperationKey {
  method: string;
  path: string;
  /** The name our operationId rule gives it (the generated fetcher's name). */
  name: string;
}

export interface Group {
  title: string;
  changes: Change[];
}

export interface SpecDiff {
  operations: { before: number; after: number; added: OperationKey[]; removed: OperationKey[] };
  operationChanges: Group[];
  schemaChanges: Group[];
  documentChanges: Change[];
}

export function diffDocuments(before: Doc, after: Doc): SpecDiff {
  const old = operationMap(before);
  const now = operationMap(after);
  const key = (k: string) => toKey(k);
  return {
    operations: {
      before: old.size,
      after: now.size,
      added: [...now.keys()].filter((k) => !old.has(k)).map(key),
      removed: [...old.keys()].filter((k) => !now.has(k)).map(key),
    },
    operationChanges: [...old.keys()]
      .filter((k) => now.has(k))
      .map((k) => ({ title: title(toKey(k)), changes: diffOperation(before, old.get(k)!, after, now.get(k)!) }))
      .filter((g) => g.changes.length),
    schemaChanges: diffSchemas(before, after),
    documentChanges: diffDocumentLevel(before, after),
  };
}

export function breakingCount(diff: SpecDiff): number {
  const groups = [...diff.operationChanges, ...diff.schemaChanges];
  return (
    diff.operations.removed.length +
    groups.reduce((n, g) => n + g.changes.filter((c) => c.severity === "breaking").length, 0) +
    diff.documentChanges.filter((c) => c.severity === "breaking").length
  );
}

function operationMap(doc: Doc): Map<string, Operation> {
  return new Map([...operations(doc)].map(({ method, path, op }) => [`${method.toUpperCase()} ${path}`, op]));
}

function toKey(key: string): OperationKey {
  const [method, path] = key.split(" ") as [string, string];
  return { method, path, name: operationId(method, path) };
}

function title(k: OperationKey): string {
  return `\`${k.method} ${k.path}\` (${k.name})`;
}

function diffOperation(a: Doc, opA: Operation, b: Doc, opB: Operation): Change[] {
  return [
    ...compareFields(parameterFields(a, opA), parameterFields(b, opB), "input", (k) => {
      const [where, name] = k.split(/\.(.*)/s);
      return `${where} parameter \`${name}\``;
    }),
    ...diffRequestBody(a, opA, b, opB),
    ...diffResponses(a, opA, b, opB),
  ];
}

function parameterFields(doc: Doc, op: Operation): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const raw of op.parameters ?? []) {
    const p = deref(doc, raw)!;
    const field: Field = {
      type: typeLabel(p.schema),
      required: Boolean(p.required),
      nullable: Boolean(p.schema?.nullable),
    };
    if (p.schema?.enum) field.enum = p.schema.enum;
    out.set(`${p.in}.${p.name}`, field);
  }
  return out;
}

function diffRequestBody(a: Doc, opA: Operation, b: Doc, opB: Operation): Change[] {
  const bodyA = deref(a, opA.requestBody);
  const bodyB = deref(b, opB.requestBody);
  if (!bodyA && !bodyB) return [];
  if (!bodyA) return [{ severity: bodyB!.required ? "breaking" : "non-breaking", text: "request body added" }];
  if (!bodyB) return [{ severity: "breaking", text: "request body removed" }];
  const changes: Change[] = [];
  const mediaA = Object.keys(bodyA.content ?? {});
  const mediaB = Object.keys(bodyB.content ?? {});
  for (const m of mediaA.filter((x) => !mediaB.includes(x)))
    changes.push({ severity: "breaking", text: `request body no longer accepts ${m}` });
  for (const m of mediaB.filter((x) => !mediaA.includes(x)))
    changes.push({ severity: "non-breaking", text: `request body now accepts ${m}` });
  if (!bodyA.required && bodyB.required) changes.push({ severity: "breaking", text: "request body is now required" });
  const schemaA = firstSchema(bodyA);
  const schemaB = firstSchema(bodyB);
  changes.push(...compareRoots(a, schemaA, b, schemaB, "input", "request body", (k) => `body field \`${k}\``));
  return changes;
}

function diffResponses(a: Doc, opA: Operation, b: Doc, opB: Operation): Change[] {
  const changes: Change[] = [];
  const codesA = Object.keys(opA.responses ?? {});
  const codesB = Object.keys(opB.responses ?? {});
  for (const c of codesA.filter((x) => !codesB.includes(x)))
    changes.push({ severity: /^2/.test(c) ? "breaking" : "non-breaking", text: `response ${c} removed` });
  for (const c of codesB.filter((x) => !codesA.includes(x)))
    changes.push({ severity: "non-breaking", text: `response ${c} added` });
  for (const c of codesA.filter((x) => codesB.includes(x))) {
    const schemaA = firstSchema(deref(a, opA.responses[c]));
    const schemaB = firstSchema(deref(b, opB.responses[c]));
    changes.push(
      ...compareRoots(a, schemaA, b, schemaB, "output", `response ${c}`, (k) => `response ${c} field \`${k}\``),
    );
  }
  return changes;
}

/** A root that is a `$ref` is compared by name (the schema itself is diffed once, in the schemas section). */
function compareRoots(
  a: Doc,
  schemaA: Schema | undefined,
  b: Doc,
  schemaB: Schema | undefined,
  direction: Direction,
  what: string,
  noun: (k: string) => string,
): Change[] {
  if (!schemaA && !schemaB) return [];
  if (!schemaA || !schemaB) {
    const breaks = direction === "input" ? Boolean(schemaB) : !schemaB;
    return [
      { severity: breaks ? "breaking" : "non-breaking", text: `${what} schema ${schemaB ? "added" : "removed"}` },
    ];
  }
  if (schemaA.$ref || schemaB.$ref) {
    const [la, lb] = [typeLabel(schemaA), typeLabel(schemaB)];
    return la === lb ? [] : [{ severity: "breaking", text: `${what} changed type: ${la} → ${lb}` }];
  }
  return compareFields(flatten(a, schemaA), flatten(b, schemaB), direction, noun);
}

function firstSchema(container: Schema | undefined): Schema | undefined {
  const content = container?.content ?? {};
  return (content["application/json"] ?? Object.values<Schema>(content)[0])?.schema;
}

function diffSchemas(a: Doc, b: Doc): Group[] {
  const namesA = Object.keys(a.components?.schemas ?? {});
  const namesB = Object.keys(b.components?.schemas ?? {});
  const usage = schemaUsage(b);
  const groups: Group[] = [];
  const removed = namesA.filter((n) => !namesB.includes(n));
  const added = namesB.filter((n) => !namesA.includes(n));
  if (removed.length || added.length) {
    groups.push({
      title: "Schemas added or removed",
      changes: [
        ...removed.map((n) => ({ severity: "breaking" as const, text: `schema \`${n}\` removed` })),
        ...added.map((n) => ({ severity: "non-breaking" as const, text: `schema \`${n}\` added` })),
      ],
    });
  }
  for (const name of namesA.filter((n) => namesB.includes(n))) {
    const fieldsA = flatten(a, a.components.schemas[name]);
    const fieldsB = flatten(b, b.components.schemas[name]);
    const changes = compareFields(fieldsA, fieldsB, usage.get(name) ?? "output", (k) => `property \`${k}\``);
    if (changes.length) groups.push({ title: `\`${name}\` (${usage.get(name) ?? "unused: read as output"})`, changes });
  }
  return groups;
}

/** Whether each named schema is sent (request bodies), read (responses) or both, following `$ref`s. */
function schemaUsage(doc: Doc): Map<string, Direction> {
  const usage = new Map<string, Direction>();
  const mark = (value: unknown, direction: "input" | "output") => {
    const seen = new Set<string>();
    const visit = (node: unknown) => {
      for (const { ref } of refs(node)) {
        const name = ref.startsWith("#/components/schemas/") ? ref.split("/").pop()! : undefined;
        if (!name || seen.has(name)) continue;
        seen.add(name);
        const was = usage.get(name);
        usage.set(name, was && was !== direction ? "both" : direction);
        visit(doc.components.schemas[name]);
      }
    };
    visit(value);
  };
  for (const { op } of operations(doc)) {
    mark(deref(doc, op.requestBody), "input");
    mark(op.parameters, "input");
    for (const response of Object.values(op.responses ?? {})) mark(deref(doc, response), "output");
  }
  return usage;
}

function diffDocumentLevel(a: Doc, b: Doc): Change[] {
  const changes: Change[] = [];
  const urls = (d: Doc) => (d.servers ?? []).map((s) => String(s.url));
  const [ua, ub] = [urls(a), urls(b)];
  for (const u of ua.filter((x) => !ub.includes(x)))
    changes.push({ severity: "non-breaking", text: `server \`${u}\` removed` });
  for (const u of ub.filter((x) => !ua.includes(x)))
    changes.push({ severity: "non-breaking", text: `server \`${u}\` added` });
  const hollow = (d: Doc) =>
    Object.keys(d.paths).filter((p) => ![...operations({ ...d, paths: { [p]: d.paths[p]! } })].length);
  for (const p of hollow(a).filter((x) => !(x in b.paths)))
    changes.push({ severity: "non-breaking", text: `path \`${p}\` removed (it had no operation)` });
  for (const p of hollow(b).filter((x) => !(x in a.paths)))
    changes.push({ severity: "non-breaking", text: `path \`${p}\` added (with no operation)` });
  const ext = (d: Doc) => Object.keys(d).filter((k) => k.startsWith("x-"));
  for (const k of ext(a).filter((x) => !ext(b).includes(x)))
    changes.push({ severity: "non-breaking", text: `extension \`${k}\` removed` });
  for (const k of ext(b).filter((x) => !ext(a).includes(x)))
    changes.push({ severity: "non-breaking", text: `extension \`${k}\` added` });
  return changes;
}
