/**
 * A consumer of the generated layer alone, as a user writes it: openapi-fetch's `createClient<paths>()` and
 * three generated fetchers. Compiled by `npm run typecheck`, never run. Each `@ts-expect-error` fails the
 * build if the line below it ever compiles, i.e. if a wrong parameter name or type stops being caught.
 */
import createClient from "openapi-fetch";
import type { paths } from "../../generated/index.js";
import { createUserConnection, listBanks, listUserAccountTransactions } from "../../generated/operations.js";
import type { Connection, Transaction } from "../../generated/models.js";

const client = createClient<paths>({ baseUrl: "https://demo.biapi.pro/2.0" });

export async function accepted(): Promise<[string[], Connection | undefined, Transaction[]]> {
  const banks = await listBanks(client, { params: { query: { expand: "fields", limit: 10 } } });
  const names = banks.data?.banks.map((bank) => bank.name) ?? [];

  const created = await createUserConnection(client, {
    params: { path: { id_user: "me" } },
    body: { id_connector: 59, login: "12345678", password: "123456" },
  });
  if (created.error) console.error(created.error.code, created.error.message);

  const page = await listUserAccountTransactions(client, {
    params: { path: { id_user: 1, id_account: 17 }, query: { min_date: "2020-01-01", offset: 0, limit: 500 } },
  });
  const total: number | undefined = page.data?.total;
  void total;
  return [names, created.data, page.data?.transactions ?? []];
}

export async function refused(): Promise<void> {
  await listBanks(client, {
    // @ts-expect-error a wrong parameter name: `expands` is not a query parameter of GET /banks
    params: { query: { expands: "fields" } },
  });
  await listUserAccountTransactions(client, {
    // @ts-expect-error a wrong parameter type: `id_account` is an integer
    params: { path: { id_user: "me", id_account: "seventeen" } },
  });
  await listUserAccountTransactions(client, {
    // @ts-expect-error a wrong parameter type: `limit` is an integer
    params: { path: { id_user: "me", id_account: 17 }, query: { limit: "500" } },
  });
  // @ts-expect-error a required parameter missing: the path needs `id_account`
  await listUserAccountTransactions(client, { params: { path: { id_user: "me" } } });
  await createUserConnection(client, {
    params: { path: { id_user: "me" } },
    // @ts-expect-error a wrong body field type: `id_connector` is an integer
    body: { id_connector: "59" },
  });
}
