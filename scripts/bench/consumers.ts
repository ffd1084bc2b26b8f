/**
 * The small consumer compiled by row 3, written once per client the way its users write it: list banks,
 * create a connection (with bank credential fields), list an account's transactions. Peers' generated
 * sources sit next to it in `./client/`; ours comes from the installed package "budgea".
 */
import type { PeerName } from "./peers.ts";

export const CONSUMER_NAMES = ["empty", "budgea", "budgea-generated", "hey-api", "orval", "oazapfts"] as const;
export type ConsumerName = (typeof CONSUMER_NAMES)[number];

export const CONSUMERS: Record<ConsumerName, { peer?: PeerName; source: string }> = {
  empty: { source: "export {};\n" },
  budgea: {
    source: `import { Budgea } from "budgea";

const budgea = new Budgea({ domain: "demo", token: "token" });

export async function bankNames() {
  const { data } = await budgea.api.GET("/banks", { params: { query: { expand: "fields" } } });
  return data.banks.map((bank) => bank.name);
}

export async function connect() {
  const { data } = await budgea.api.POST("/users/{id_user}/connections", {
    params: { path: { id_user: "me" } },
    body: { id_connector: 59, login: "12345678", password: "123456" },
  });
  return data.id;
}

export async function values() {
  const { data } = await budgea.api.GET("/users/{id_user}/accounts/{id_account}/transactions", {
    params: { path: { id_user: "me", id_account: 17 }, query: { min_date: "2020-01-01", limit: 500 } },
  });
  return data.transactions.map((tx) => tx.value);
}
`,
  },
  "budgea-generated": {
    source: `import { Budgea } from "budgea";
import { createUserConnection, listBanks, listUserAccountTransactions } from "budgea/generated";

const { api } = new Budgea({ domain: "demo", token: "token" });

export async function bankNames() {
  const { data } = await listBanks(api, { params: { query: { expand: "fields" } } });
  return data?.banks.map((bank) => bank.name);
}

export async function connect() {
  const { data } = await createUserConnection(api, {
    params: { path: { id_user: "me" } },
    body: { id_connector: 59, login: "12345678", password: "123456" },
  });
  return data?.id;
}

export async function values() {
  const { data } = await listUserAccountTransactions(api, {
    params: { path: { id_user: "me", id_account: 17 }, query: { min_date: "2020-01-01", limit: 500 } },
  });
  return data?.transactions.map((tx) => tx.value);
}
`,
  },
  "hey-api": {
    peer: "hey-api",
    source: `import { client } from "./client/client.gen.js";
import { createUserConnection, listBanks, listUserAccountTransactions } from "./client/index.js";

client.setConfig({ baseUrl: "https://demo.biapi.pro/2.0", headers: { Authorization: "Bearer token" } });

export async function bankNames() {
  const { data } = await listBanks({ query: { expand: "fields" } });
  return data?.banks.map((bank) => bank.name);
}

export async function connect() {
  const { data } = await createUserConnection({
    path: { id_user: "me" },
    body: { id_connector: 59, login: "12345678", password: "123456" },
  });
  return data?.id;
}

export async function values() {
  const { data } = await listUserAccountTransactions({
    path: { id_user: "me", id_account: 17 },
    query: { min_date: "2020-01-01", limit: 500 },
  });
  return data?.transactions.map((tx) => tx.value);
}
`,
  },
  orval: {
    peer: "orval",
    source: `import { createUserConnection, listBanks, listUserAccountTransactions } from "./client/api.js";

const init = { headers: { Authorization: "Bearer token" } };

export async function bankNames() {
  const response = await listBanks({ expand: "fields" }, init);
  return response.status === 200 ? response.data.banks.map((bank) => bank.name) : undefined;
}

export async function connect() {
  const response = await createUserConnection(
    "me",
    { id_connector: 59, login: "12345678", password: "123456" },
    undefined,
    init,
  );
  return response.status === 200 ? response.data.id : undefined;
}

export async function values() {
  const response = await listUserAccountTransactions("me", 17, { min_date: "2020-01-01", limit: 500 }, init);
  return response.status === 200 ? response.data.transactions.map((tx) => tx.value) : undefined;
}
`,
  },
  oazapfts: {
    peer: "oazapfts",
    source: `import * as api from "./client/api.js";

api.defaults.headers = { Authorization: "Bearer token" };

export async function bankNames() {
  const response = await api.listBanks({ expand: "fields" });
  return response.status === 200 ? response.data.banks.map((bank) => bank.name) : undefined;
}

export async function connect() {
  const response = await api.createUserConnection("me", { id_connector: 59, login: "12345678", password: "123456" });
  return response.status === 200 ? response.data.id : undefined;
}

export async function values() {
  const response = await api.listUserAccountTransactions("me", 17, { minDate: "2020-01-01", limit: 500 });
  return response.status === 200 ? response.data.transactions.map((tx) => tx.value) : undefined;
}
`,
  },
};

/** A user's tsconfig: strict, ESM on Node, no ambient @types; only skipLibCheck varies. */
export function tsconfig(skipLibCheck: boolean): string {
  const compilerOptions = {
    target: "ES2022",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    skipLibCheck,
    types: [],
  };
  return JSON.stringify({ compilerOptions, include: ["**/*.ts"] }, null, 2);
}
