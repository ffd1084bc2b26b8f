import type { IncomingMessage } from "node:http";
import type { paths } from "../../../generated/schema.js";
import type { Principal } from "../auth/principal.js";
import type { World } from "../state/world.js";
import type { Fields } from "./body.js";
import type { Status } from "./reply.js";

/** `public`: no token needed (a valid one is still read); `user`: a user's token or code; `manage`: the manage token. */
export type Access = "public" | "user" | "manage";

export interface Ctx {
  world: World;
  req: IncomingMessage;
  method: string;
  /** The API path, without the `/2.0` prefix. */
  path: string;
  params: Record<string, string>;
  query: Fields;
  body: Fields;
  principal: Principal | undefined;
}

export interface Route {
  method: string;
  template: string;
  access: Access;
  /** Only reads the body for methods that carry one. */
  handle(ctx: Ctx): unknown;
}

type Method = "get" | "post" | "put" | "delete";
type Json200<Op> = Op extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;
type Result<B> = B | Status<B> | Promise<B | Status<B>>;

/**
 * A route of the spec: its template is a key of `paths` and its handler must return that operation's 200
 * body type, so a response cannot drift from the generated schema silently.
 */
export function apiRoute<P extends keyof paths, M extends Method & keyof paths[P]>(
  method: M,
  template: P,
  access: Access,
  handle: (ctx: Ctx) => Result<Json200<paths[P][M]>>,
): Route {
  return { method: method.toUpperCase(), template, access, handle };
}

/** A route the 2020 spec lacks (listed in the README): `/banks/{id}`, `PUT /users/{id}/connections`, the webview. */
export function extraRoute(method: Method, template: string, access: Access, handle: (ctx: Ctx) => unknown): Route {
  return { method: method.toUpperCase(), template, access, handle };
}

export type Match = { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined;

interface Compiled {
  route: Route;
  segments: string[];
  literals: number;
}

export class Router {
  private readonly routes: Compiled[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const segments = splitPath(route.template);
      this.routes.push({ route, segments, literals: segments.filter((s) => !isParam(s)).length });
    }
    this.routes.sort((a, b) => b.literals - a.literals);
    return this;
  }

  match(method: string, path: string): Match {
    const candidates = this.candidates(path);
    const hit = candidates.find((c) => c.compiled.route.method === method);
    if (hit) return { route: hit.compiled.route, params: hit.params };
    if (candidates.length > 0) return { allowed: [...new Set(candidates.map((c) => c.compiled.route.method))] };
    return undefined;
  }

  /** Every route served, sorted by template then method: what the sandbox README lists. */
  list(): { method: string; template: string }[] {
    return this.routes
      .map(({ route }) => ({ method: route.method, template: route.template }))
      .sort((a, b) =>
        a.template === b.template ? a.method.localeCompare(b.method) : a.template < b.template ? -1 : 1,
      );
  }

  /** Whether some route serves this template or concrete path (with this method, when given). */
  serves(method: string | undefined, path: string): boolean {
    const wanted = method?.toUpperCase() === "OPTIONS" ? undefined : method?.toUpperCase(); // preflights: any route
    const fits = (route: Route) => wanted === undefined || route.method === wanted;
    if (path.includes("{")) return this.routes.some(({ route }) => route.template === path && fits(route));
    return this.candidates(path).some(({ compiled }) => fits(compiled.route));
  }

  /** The template a concrete path belongs to, whatever the method (for request counts and faults). */
  templateOf(path: string): string | undefined {
    return this.candidates(path)[0]?.compiled.route.template;
  }

  private candidates(path: string): { compiled: Compiled; params: Record<string, string> }[] {
    const segments = splitPath(path);
    const out: { compiled: Compiled; params: Record<string, string> }[] = [];
    for (const compiled of this.routes) {
      const params = matchSegments(compiled.segments, segments);
      if (params) out.push({ compiled, params });
    }
    return out;
  }
}

export function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function isParam(segment: string): boolean {
  return segment.startsWith("{") && segment.endsWith("}");
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    let value: string;
    try {
      value = decodeURIComponent(actual[i]!);
    } catch {
      return undefined;
    }
    if (isParam(t)) params[t.slice(1, -1)] = value;
    else if (t !== value) return undefined;
  }
  return params;
}
