// The heavy third-party half of generation, in two worker threads (`workerData.role`): "convert" runs
// swagger2openapi on the spec; "types" runs openapi-typescript, which writes schema.ts (the `paths`,
// `components` and `operations` types) from the document the main thread has fixed with our overlay.
// Loading openapi-typescript and the TypeScript compiler takes longer than anything else, so the "types"
// worker starts loading them at once, on the other core, while the spec is read and converted.
// Plain JavaScript on purpose: through tsx's loader hooks the same modules take almost twice as long to load
// (1.4 s against 0.8 s here), and those hooks do not reach worker threads anyway.
import { parentPort, workerData } from "node:worker_threads";

let typesModules = workerData?.role === "types" ? loadTypesModules() : undefined;
let s2oModule = workerData?.role === "types" ? undefined : import("swagger2openapi");

parentPort.on("message", ({ id, task, input, options }) => {
  const work = task === "convert" ? convert(input, options) : schemaTypes(input);
  work.then(
    (result) => parentPort.postMessage({ id, result }),
    (error) => parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});

async function convert(source, options) {
  const { default: s2o } = await (s2oModule ??= import("swagger2openapi"));
  const { openapi } = await s2o.convertObj(source, options);
  return openapi;
}

/**
 * openapi-typescript's own transform and printer, without `openapiTS()`'s first step (loading all of
 * @redocly/openapi-core to lint operationId uniqueness and bundle external refs): half of its load time, and
 * nothing our document needs (operation-ids.ts makes ids unique, convert.ts refuses external refs). The
 * context below is `openapiTS()`'s, with its defaults (openapi-typescript 7.13, src/index.ts); the output was
 * checked byte for byte against `openapiTS()`'s.
 */
function loadTypesModules() {
  return Promise.all([
    import("openapi-typescript/dist/transform/index.mjs"),
    import("openapi-typescript/dist/lib/ts.mjs"),
    import("openapi-typescript/dist/lib/utils.mjs"),
    import("typescript"),
  ]);
}

/** @param {Record<string, unknown>} doc the converted and overlaid OpenAPI 3 document */
async function schemaTypes(doc) {
  const [{ default: transformSchema }, { astToString }, { scanDiscriminators, resolveRef }, { default: ts }] =
    await (typesModules ??= loadTypesModules());
  const options = { silent: true };
  const ctx = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: false, // a `default` is what the server assumes, not a promise that a response has it
    discriminators: scanDiscriminators(doc, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined,
    silent: true,
    inject: undefined,
    transform(schema) {
      if (schema.format === "binary") return ts.factory.createTypeReferenceNode("Blob");
      // An open enumeration's "any other value" (spec/fixes/today-enums.ts): `string & {}` keeps the known literals.
      if (schema["x-budgea-other-values"]) return ts.factory.createParenthesizedType(ts.factory.createIntersectionTypeNode([ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), ts.factory.createTypeLiteralNode([])])); // prettier-ignore
      return undefined;
    },
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve($ref) {
      return resolveRef(doc, $ref, options);
    },
  };
  return describeRoots(compact(astToString(transformSchema(doc, ctx))));
}

const ROOTS = {
  paths: [
    "Every path of the spec and its operations by method, as openapi-typescript writes them: the type",
    "openapi-fetch's `createClient<paths>()` takes. Its members carry the spec's descriptions where it has some.",
  ],
  components: [
    "The spec's schemas and shared responses, as openapi-typescript writes them. Each schema is also exported by",
    'name: `Account` is `components["schemas"]["Account"]`.',
  ],
  operations: [
    "Every operation by `operationId`, as openapi-typescript writes them: its `parameters`, `requestBody` and",
    "`responses`. The fetchers and `Endpoints` index into it.",
  ],
};

/** A doc comment on each of openapi-typescript's root interfaces (their members carry the spec's own). */
function describeRoots(source) {
  return source.replace(/^export interface (paths|components|operations) \{/gm, (line, name) => {
    return ["/**", ...ROOTS[name].map((text) => ` * ${text}`), " */", line].join("\n");
  });
}

/**
 * Drops what openapi-typescript writes for completeness but no client reads: `put?: never` for every absent
 * method, `header?: never; cookie?: never`, empty `headers` maps and empty path-level `parameters`. A quarter
 * less text for every user's compiler to parse; `requestBody?: never` stays because openapi-fetch's types
 * look for it.
 */
function compact(source) {
  return source
    .replace(/\n\s+(get|put|post|delete|options|head|patch|trace|query|header|path|cookie)\?: never;/g, "")
    .replace(/\n\s+headers: \{\n\s+\[name: string\]: unknown;\n\s+\};/g, "")
    .replace(/\n\s+parameters: \{\n\s+\};/g, "");
}
