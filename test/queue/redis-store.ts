/**
 * A SyncStore that every worker process shares, on the tests' Redis: each commit is one Lua script, so the
 * delivery id, the changes (by version, deletions kept as tombstones that take an account's transactions and
 * a connection's accounts with them) and the cursor land together or not at all — the contract README's SQL
 * store keeps with BEGIN … COMMIT. Each commit also logs what it applied (`log()`), in the same script, so a
 * test can see a change applied twice. For the queue test and bench row 7d; users keep their copy in their
 * database.
 */
import { Redis } from "ioredis";
import { type SyncBatch, type SyncStore, changeOwner, changeVersion } from "../../src/index.js";

/** One change as the script takes it. */
interface Prepared {
  /** owner (user key), resource, id, parent, version, kind, item JSON, last_update */
  o: string;
  r: string;
  i: number;
  p: number | null;
  v: number;
  k: "upsert" | "delete";
  j: string | null;
  u: string | null;
}

const COMMIT = `
local prefix, key, cursor, delivery, source = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local changes = cjson.decode(ARGV[6])
if delivery ~= "" and redis.call("SADD", prefix .. "deliveries", key .. ":" .. delivery) == 0 then return 0 end
local function tombstone(hash, field, row, version)
  row.d = true
  row.j = cjson.null
  if version > row.v then row.v = version end
  redis.call("HSET", hash, field, cjson.encode(row))
end
local function removeChildren(hash, resource, parents, version)
  local flat = redis.call("HGETALL", hash)
  local removed = {}
  for n = 1, #flat, 2 do
    local field, row = flat[n], cjson.decode(flat[n + 1])
    if string.sub(field, 1, #resource + 1) == resource .. ":" and not row.d and row.p ~= cjson.null and parents[row.p] then
      tombstone(hash, field, row, version)
      removed[tonumber(string.sub(field, #resource + 2))] = true
    end
  end
  return removed
end
for _, c in ipairs(changes) do
  local hash = prefix .. "items:" .. c.o
  local field = c.r .. ":" .. string.format("%d", c.i)
  local old = redis.call("HGET", hash, field)
  local row = old and cjson.decode(old)
  redis.call("RPUSH", prefix .. "log", cjson.encode({ c.o, c.r, c.i, c.u, c.k, source }))
  if not row or c.v >= row.v then
    local parent = c.p
    if parent == cjson.null and row then parent = row.p end
    redis.call("HSET", hash, field, cjson.encode({ v = c.v, d = c.k == "delete", p = parent, j = c.j }))
    if c.k == "delete" and c.r == "account" then removeChildren(hash, "transaction", { [c.i] = true }, c.v) end
    if c.k == "delete" and c.r == "connection" then
      local accounts = removeChildren(hash, "account", { [c.i] = true }, c.v)
      removeChildren(hash, "transaction", accounts, c.v)
    end
  end
end
if cursor ~= "" then redis.call("HSET", prefix .. "cursors", key, cursor) end
return 1
`;

export class RedisSyncStore implements SyncStore {
  readonly redis: Redis;
  readonly #prefix: string;

  constructor(options: { port: number; prefix?: string }) {
    this.redis = new Redis({ host: "127.0.0.1", port: options.port, lazyConnect: false });
    this.#prefix = options.prefix ?? "store:";
  }

  async cursor(key: string): Promise<string | undefined> {
    return (await this.redis.hget(`${this.#prefix}cursors`, key)) ?? undefined;
  }

  async commit(key: string, batch: SyncBatch): Promise<boolean> {
    const changes: Prepared[] = batch.changes.map((change) => {
      const item = change.item as { id: number; id_account?: number; id_connection?: number; last_update?: string };
      const parent =
        change.resource === "transaction" ? item.id_account : change.resource === "account" ? item.id_connection : null;
      const gone = change.kind === "delete";
      return {
        o: changeOwner(key, change),
        r: change.resource,
        i: item.id,
        p: parent ?? null,
        v: changeVersion(change),
        k: change.kind,
        j: gone ? null : JSON.stringify(change.item),
        u: item.last_update ?? null,
      };
    });
    const applied = await this.redis.eval(
      COMMIT,
      0,
      this.#prefix,
      key,
      batch.cursor ?? "",
      batch.idWebhookData === undefined ? "" : String(batch.idWebhookData),
      batch.idWebhookData === undefined ? "poll" : "webhook",
      JSON.stringify(changes),
    );
    return applied === 1;
  }

  /** The live items of a user, by ascending id. */
  async items<T = unknown>(owner: string, resource: "connection" | "account" | "transaction"): Promise<T[]> {
    const rows = await this.redis.hgetall(`${this.#prefix}items:${owner}`);
    return Object.entries(rows)
      .filter(([field]) => field.startsWith(`${resource}:`))
      .map(([field, json]) => ({ id: Number(field.slice(resource.length + 1)), row: JSON.parse(json) }))
      .filter(({ row }) => !row.d)
      .sort((a, b) => a.id - b.id)
      .map(({ row }) => JSON.parse(row.j) as T);
  }

  /** Every change each commit applied: `[owner, resource, id, last_update, kind, source]`. */
  async log(): Promise<[string, string, number, string | null, string, string][]> {
    return (await this.redis.lrange(`${this.#prefix}log`, 0, -1)).map((entry) => JSON.parse(entry));
  }

  /** Delivery ids applied. */
  async deliveries(): Promise<number> {
    return this.redis.scard(`${this.#prefix}deliveries`);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
