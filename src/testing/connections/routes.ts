import type { Connection, ConnectionState } from "../models.js";
import { domainWide, idParam, targetUser } from "../auth/users.js";
import { type SeededBank, bankById, bankByUuid } from "../banks/catalog.js";
import { invalidValue, missingParameter, notFound } from "../http/errors.js";
import { optionalInt, optionalString } from "../http/fields.js";
import { paginate } from "../http/paging.js";
import { Status, accepted } from "../http/reply.js";
import { type Ctx, type Route, apiRoute, extraRoute } from "../http/router.js";
import type { ConnectionRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { createConnection, deleteConnection, resumeConnection, syncConnection } from "./flow.js";
import { renderConnection } from "./render.js";

/**
 * Connections. A connection that waits on its user (`additionalInformationNeeded`, `decoupled`,
 * `validating`, `SCARequired`, `webauthRequired`) is answered 202 in the 2020 style and 200 in the
 * current one; a synced or failed one 200.
 */
export function connectionRoutes(): Route[] {
  return [
    apiRoute("get", "/users/{id_user}/connections", "user", (ctx) => {
      const listed = domainWide(ctx)
        ? [...ctx.world.store.connections.values()]
        : connectionsOf(ctx.world, targetUser(ctx).id);
      const page = paginate(listed, ctx.query);
      return { connections: page.items.map((c) => renderConnection(ctx.world, c, ctx.query)), total: page.total };
    }),
    apiRoute("post", "/users/{id_user}/connections", "user", (ctx) => {
      const connection = createConnection(ctx.world, targetUser(ctx), bankOf(ctx), ctx.body);
      return respond(ctx, connection);
    }),
    apiRoute("get", "/users/{id_user}/connections/{id_connection}", "user", (ctx) =>
      renderConnection(ctx.world, findConnection(ctx), ctx.query),
    ),
    apiRoute("post", "/users/{id_user}/connections/{id_connection}", "user", (ctx) => {
      const connection = findConnection(ctx);
      resumeConnection(ctx.world, connection, ctx.body);
      return respond(ctx, connection);
    }),
    apiRoute("put", "/users/{id_user}/connections/{id_connection}", "user", (ctx) => {
      const connection = findConnection(ctx);
      syncConnection(ctx.world, connection);
      return respond(ctx, connection);
    }),
    apiRoute("delete", "/users/{id_user}/connections/{id_connection}", "user", (ctx) => {
      const connection = findConnection(ctx);
      const body = renderConnection(ctx.world, connection);
      deleteConnection(ctx.world, connection);
      return body;
    }),
    extraRoute("put", "/users/{id_user}/connections", "user", (ctx) => {
      const connections = connectionsOf(ctx.world, targetUser(ctx).id);
      for (const connection of connections) syncConnection(ctx.world, connection);
      return {
        connections: connections.map((c) => renderConnection(ctx.world, c, ctx.query)),
        total: connections.length,
      };
    }),
  ];
}

const WAITING: ReadonlySet<ConnectionState> = new Set<ConnectionState>([
  "additionalInformationNeeded",
  "decoupled",
  "validating",
  "SCARequired",
  "webauthRequired",
]);

function respond(ctx: Ctx, connection: ConnectionRecord): Connection | Status<Connection> {
  const body = renderConnection(ctx.world, connection, ctx.query);
  const waiting = connection.state !== null && WAITING.has(connection.state);
  return waiting && ctx.world.options.connectionStyle === "2020" ? accepted(body) : body;
}

export function connectionsOf(world: World, idUser: number): ConnectionRecord[] {
  return [...world.store.connections.values()].filter((c) => c.idUser === idUser);
}

export function findConnection(ctx: Ctx): ConnectionRecord {
  const user = targetUser(ctx);
  const id = idParam(ctx, "id_connection");
  const connection = ctx.world.store.connections.get(id);
  if (!connection || connection.idUser !== user.id) throw notFound(`Connection ${id}`);
  return connection;
}

/** `id_connector`, or `connector_uuid`, or the legacy `id_bank`. */
function bankOf(ctx: Ctx): SeededBank {
  const uuid = optionalString(ctx.body, "connector_uuid");
  const id = optionalInt(ctx.body, "id_connector") ?? optionalInt(ctx.body, "id_bank");
  if (uuid === undefined && id === undefined) throw missingParameter("id_connector");
  const bank = uuid !== undefined ? bankByUuid(uuid) : bankById(id!);
  if (!bank) throw invalidValue(uuid !== undefined ? "connector_uuid" : "id_connector", "unknown connector");
  return bank;
}
