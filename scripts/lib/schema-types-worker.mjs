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

function loadTypesModules() {
  return Promise.all([import("openapi-typescript"), import("typescript")]);
}

/** @param {unknown} doc the converted and overlaid OpenAPI 3 document */
async function schemaTypes(doc) {
  const [{ default: openapiTS, astToString }, { default: ts }] = await (typesModules ??= loadTypesModules());
  const ast = await openapiTS(/** @type {never} */ (doc), {
    silent: true,
    transform(schema) {
      if (schema.format === "binary") return ts.factory.createTypeReferenceNode("Blob");
      return undefined;
    },
  });
  return describeRoots(compact(astToString(ast)));
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
