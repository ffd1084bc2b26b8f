/**
 * TypeDoc plugin (typedoc.json `plugin`): the members that transcribe the spec are not held to the
 * "every symbol documented" check; everything else is, and `treatValidationWarningsAsErrors` makes a gap fail.
 *
 * Exempt, by where TypeDoc says a member is declared:
 * - inside `generated/schema.ts` and `schema-types.ts` (openapi-typescript's output): the structural keys it writes for every
 *   operation (`parameters`, `requestBody`, `responses`, `content`, `application/json`, status codes) and
 *   the spec's own properties. Those carry the spec's descriptions where it has some; where it has none,
 *   there is nothing true to add by hand, and 28,000 comments would bloat every user's compile. The root
 *   interfaces `paths`, `components` and `operations` themselves stay checked (the pipeline documents them).
 * - inside the derived tables of `generated/endpoints.ts` (`Endpoints`, `GetPaths`, …, `ListItems`) and its
 *   per-operation `…Init` interfaces: an entry is a path or an operation id, documented once by its table's
 *   comment and by its fetcher; `params` and `body` are the spec's. The tables and interfaces stay checked.
 *
 * Mechanism: TypeDoc's own check runs unchanged; this plugin only adds the exempt members' names to
 * `intentionallyNotDocumented` once the project is converted, picking exactly the reflections that check
 * would report (so TypeDoc's "unused name" warning stays meaningful for the names typed in typedoc.json).
 * A name an exempt member shares with a checked one is left out: the checked one still fails.
 */
import { Converter, DeclarationReflection, ReflectionKind, ReflectionType } from "typedoc";

const SCHEMA = new Set(["generated/schema.ts", "generated/schema-types.ts"]);
const ENDPOINTS = "generated/endpoints.ts";
const TABLES = new Set(["Endpoints", "GetPaths", "PostPaths", "PutPaths", "DeletePaths", "ListKeys", "ListItems"]);
/** The per-operation `init` interfaces (`ListBanksInit`): their `params` and `body` are the spec's. */
const INIT = /^[A-Z]\w*Init$/;

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const { project } = context;
    const kinds = checkedKinds(app.options.getValue("requiredToBeDocumented"));
    const exempt = new Set();
    const checked = new Set();
    for (const reflection of Object.values(project.reflections)) {
      if (!wouldBeReported(project, reflection, kinds)) continue;
      const name = reflection.getFriendlyFullName();
      (isSpecMember(project, reflection) ? exempt : checked).add(name);
    }
    for (const name of checked) exempt.delete(name);
    const configured = app.options.getValue("intentionallyNotDocumented");
    app.options.setValue("intentionallyNotDocumented", [...configured, ...exempt]);
    app.logger.verbose(`typedoc-spec-members: ${exempt.size} spec members exempt from the documentation check`);
  });
}

/** The reflection kinds TypeDoc's check looks at, as it computes them from `requiredToBeDocumented`. */
function checkedKinds(names) {
  let kinds = names.reduce((all, name) => all | ReflectionKind[name], 0);
  if (kinds & ReflectionKind.FunctionOrMethod)
    kinds = (kinds | ReflectionKind.CallSignature) & ~ReflectionKind.FunctionOrMethod;
  if (kinds & ReflectionKind.Constructor)
    kinds = (kinds | ReflectionKind.ConstructorSignature) & ~ReflectionKind.Constructor;
  if (kinds & ReflectionKind.Accessor) {
    kinds = (kinds | ReflectionKind.GetSignature | ReflectionKind.SetSignature) & ~ReflectionKind.Accessor;
  }
  return kinds;
}

/** Mirrors TypeDoc's `validateDocumentation` (0.28): would this reflection get a "not documented" warning? */
function wouldBeReported(project, reflection, kinds) {
  if (!reflection.kindOf(kinds)) return false;
  for (let r = reflection.parent; r; r = r.parent) if (r.kindOf(ReflectionKind.Parameter)) return false;
  const parent = reflection.parent;
  if (reflection.kindOf(ReflectionKind.TypeLiteral) && parent?.kindOf(ReflectionKind.TypeAlias)) return false;
  if (reflection.kindOf(ReflectionKind.CallSignature) && parent?.kindOf(ReflectionKind.TypeLiteral)) return false;
  if (reflection.kindOf(ReflectionKind.ConstructorSignature) && parent?.parent?.kindOf(ReflectionKind.TypeAlias)) {
    return false;
  }
  if (reflection instanceof DeclarationReflection && reflection.kindOf(ReflectionKind.SignatureContainer)) {
    const signatures =
      reflection.type instanceof ReflectionType
        ? reflection.type.declaration.getNonIndexSignatures()
        : reflection.getNonIndexSignatures();
    if (signatures.length) return false; // its signatures are checked instead
  }
  if (reflection.hasComment()) return false;
  if (reflection.kindOf(ReflectionKind.SomeSignature) && parent?.hasComment()) return false;
  return project.getSymbolIdFromReflection(reflection) !== undefined;
}

function isSpecMember(project, reflection) {
  const file = project.getSymbolIdFromReflection(reflection)?.packagePath;
  if (SCHEMA.has(file) && !reflection.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project)) return true;
  for (let r = reflection.parent; r; r = r.parent) {
    if (
      r.kindOf(ReflectionKind.Interface) &&
      (TABLES.has(r.name) || INIT.test(r.name)) &&
      project.getSymbolIdFromReflection(r)?.packagePath === ENDPOINTS
    ) {
      return true;
    }
  }
  return false;
}
