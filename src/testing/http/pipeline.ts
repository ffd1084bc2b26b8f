import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "../auth/principal.js";
import { httpDate } from "../core/dates.js";
import type { World } from "../state/world.js";
import { type Fields, parseBody, readRawBody } from "./body.js";
import { corsHeaders, preflightHeaders } from "./cors.js";
import { ApiError } from "./errors.js";
import { answerFault, faultRunsHandler, mangle } from "./fault-responses.js";
import type { Faults } from "./faults.js";
import { type Outgoing, jsonOut, toOutgoing, write } from "./outgoing.js";
import type { RequestLog } from "./request-log.js";
import { type Router, splitPath } from "./router.js";
import { operationTable } from "../../../generated/operations.js";
import type { Sleeper } from "./sleeper.js";

export interface App {
  world: World;
  router: Router;
  faults: Faults;
  log: RequestLog;
  sleeper: Sleeper;
}

export const API_PREFIX = "/2.0";

/**
 * One request: counted, due work run, CORS, faults, then the route (auth, body, handler). Whatever
 * happens, the client gets an answer in the API's shape (or the fault it asked for), never a hang.
 */
export async function handleRequest(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { world } = app;
  const method = (req.method ?? "GET").toUpperCase();
  const url = parseUrl(req.url);
  const apiPath = apiPathOf(url.pathname);
  const template = apiPath === undefined ? undefined : app.router.templateOf(apiPath);
  const entry = app.log.record({ method, path: url.pathname, template, status: undefined, at: world.clock.now() });
  res.setHeader("Date", httpDate(world.clock.now())); // the sandbox's clock, like every date in its bodies
  world.scheduler.runDue();
  const cors = corsHeaders(req);
  const active = app.faults.take(method, apiPath ?? url.pathname, template);
  if (method === "OPTIONS" && !active) {
    write(res, { status: 204, headers: {}, body: Buffer.alloc(0) }, preflightHeaders(req));
    entry.status = 204;
    return;
  }
  // The API has the whole request before it works on it: a client giving up during a delay does not undo it.
  const raw = method === "GET" || method === "HEAD" ? Promise.resolve(Buffer.alloc(0)) : readRawBody(req);
  raw.catch(() => undefined); // read again (and answered) in route(), or never needed
  if (active && active.delayMs > 0 && !(await app.sleeper.sleep(active.delayMs))) return;
  if (active && !faultRunsHandler(active.fault)) {
    entry.status = answerFault(req, res, active.fault, cors);
    return;
  }
  const out = await route(app, req, method, apiPath, url, raw);
  if (active) entry.status = mangle(req, res, out, active.fault, cors);
  else {
    write(res, out, cors);
    entry.status = out.status;
  }
}

async function route(
  app: App,
  req: IncomingMessage,
  method: string,
  apiPath: string | undefined,
  url: URL,
  raw: Promise<Buffer>,
): Promise<Outgoing> {
  const { world } = app;
  try {
    const match = apiPath === undefined ? undefined : app.router.match(method, apiPath);
    if (!match) throw unserved(method, apiPath, url.pathname);
    if ("allowed" in match) {
      if (specOperation(method, apiPath!)) throw unserved(method, apiPath, url.pathname);
      throw new ApiError(405, "methodNotAllowed", `${method} is not allowed on ${url.pathname}`, {
        Allow: match.allowed.join(", "),
      });
    }
    const principal = authenticate(world, req, match.route.access);
    const body = method === "GET" || method === "HEAD" ? {} : await parseBody(await raw, req.headers["content-type"]);
    const result = await match.route.handle({
      world,
      req,
      method,
      path: apiPath!,
      params: match.params,
      query: queryFields(url.searchParams),
      body,
      principal,
    });
    return toOutgoing(result);
  } catch (error) {
    if (error instanceof ApiError) return jsonOut(error.status, error.toBody(), error.headers);
    world.log(`sandbox bug on ${method} ${url.pathname}: ${error instanceof Error ? error.stack : String(error)}`);
    return jsonOut(500, { code: "bug", message: "Internal error in the sandbox" });
  }
}

/** A route of the spec the sandbox does not simulate is a 501 saying so; anything else a 404. */
function unserved(method: string, apiPath: string | undefined, pathname: string): ApiError {
  const operation = apiPath === undefined ? undefined : specOperation(method, apiPath);
  if (!operation) return new ApiError(404, "notFound", `No such route: ${method} ${pathname}`);
  return new ApiError(
    501,
    "notSimulated",
    `${method} ${operation} is a route of the API that the sandbox does not simulate (its README lists the routes served)`,
  );
}

function parseUrl(raw: string | undefined): URL {
  try {
    return new URL(raw ?? "/", "http://sandbox.invalid");
  } catch {
    return new URL("http://sandbox.invalid/");
  }
}

function apiPathOf(pathname: string): string | undefined {
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return undefined;
  const rest = pathname.slice(API_PREFIX.length) || "/";
  return rest.length > 1 && rest.endsWith("/") ? rest.slice(0, -1) : rest;
}

function queryFields(params: URLSearchParams): Fields {
  const fields: Fields = {};
  for (const [key, value] of params) fields[key] = value;
  return fields;
}

/** The spec's template for this method and concrete path, if the spec has one. */
function specOperation(method: string, apiPath: string): string | undefined {
  let actual: string[];
  try {
    actual = splitPath(apiPath).map(decodeURIComponent);
  } catch {
    return undefined; // a malformed segment: no route at all
  }
  for (const { method: specMethod, path } of Object.values(operationTable)) {
    if (specMethod.toUpperCase() !== method) continue;
    const template = splitPath(path);
    if (template.length === actual.length && template.every((t, i) => t.startsWith("{") || t === actual[i]))
      return path;
  }
  return undefined;
}
