import type { Connection } from "../models.js";
import { renderAccount, type WithNulls } from "../accounts/render.js";
import { bankById } from "../banks/catalog.js";
import { renderBank } from "../banks/routes.js";
import { naiveParis } from "../core/dates.js";
import { speaksToday } from "../data/today.js";
import type { Fields } from "../http/body.js";
import { expands, nestedExpand } from "../http/fields.js";
import type { ConnectionRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/**
 * A connection as the API shows it. `state` (current API) and `error` (2019/2020 docs) carry the same
 * value, so a client written for either reads it. `expand=accounts` lists disabled accounts too: that is
 * where a user picks which ones to activate.
 */
export function renderConnection(world: World, connection: ConnectionRecord, query: Fields = {}): Connection {
  const bank = bankById(connection.connectorId)!;
  const expand = expands(query);
  const body: WithNulls<Connection> = {
    id: connection.id,
    id_user: connection.idUser,
    id_connector: connection.connectorId,
    id_bank: connection.connectorId,
    connector_uuid: bank.uuid,
    state: connection.state,
    error: connection.state,
    error_message: connection.errorMessage ?? null,
    created: speaksToday(world) && connection.syncs === 0 ? null : naiveParis(connection.created),
    last_update: connection.lastUpdate === undefined ? null : naiveParis(connection.lastUpdate),
    active: connection.active,
    expire: connection.expire === undefined ? null : naiveParis(connection.expire),
    next_try: null,
    last_push: null,
    ...(connection.fields ? { fields: connection.fields } : {}),
    ...(expand.has("accounts")
      ? {
          accounts: world.store
            .accountsOf(connection.id)
            .map((account) => renderAccount(world, account, nestedExpand(query, "accounts"))),
        }
      : {}),
    ...(expand.has("connector") || expand.has("bank") ? { connector: renderBank(bank, true) } : {}),
  };
  return body as Connection;
}
