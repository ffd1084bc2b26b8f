/**
 * Type tests, compiled by `npm run typecheck` (never run): what `budgea.api` accepts and refuses.
 * Each `@ts-expect-error` fails the build if the line below it ever compiles.
 */
import { Budgea } from "../../src/index.js";
import { listUserAccountTransactions } from "../../generated/operations.js";

const budgea = new Budgea({ domain: "demo", token: "t" });

export async function accepted() {
  const { data: banks } = await budgea.api.GET("/banks", { params: { query: { expand: "fields" } } });
  const name: string = banks.banks[0]!.name;

  const { data: tx } = await budgea.api.GET("/users/{id_user}/accounts/{id_account}/transactions", {
    params: { path: { id_user: "me", id_account: 17 }, query: { min_date: "2020-01-01", limit: 500 } },
  });
  const value: number | null | undefined = tx.transactions[0]?.value;

  const { data: connection } = await budgea.api.POST("/users/{id_user}/connections", {
    params: { path: { id_user: 42 } },
    body: { id_connector: 59, login: "12345678", password: "123456" },
  });
  const state: string | null | undefined = connection.state;

  const viaFetcher = await listUserAccountTransactions(budgea.api, { params: { path: { id_user: "me", id_account: 1 } } });
  return [name, value, state, viaFetcher.data?.total];
}

export async function refused() {
  // @ts-expect-error an unknown path
  await budgea.api.GET("/bankz");
  // @ts-expect-error a path that has no GET
  await budgea.api.GET("/auth/init");
  await budgea.api.GET("/users/{id_user}/accounts/{id_account}/transactions", {
    // @ts-expect-error id_account is a number
    params: { path: { id_user: "me", id_account: "seventeen" } },
  });
  await budgea.api.GET("/users/{id_user}/accounts/{id_account}/transactions", {
    // @ts-expect-error id_user is a user id, "me" or "all"
    params: { path: { id_user: "myself", id_account: 1 } },
  });
  // @ts-expect-error path parameters are required
  await budgea.api.GET("/users/{id_user}/accounts/{id_account}/transactions");
  await budgea.api.GET("/banks", {
    // @ts-expect-error an unknown query parameter
    params: { query: { expnd: "fields" } },
  });
}

export async function workflows() {
  for await (const tx of budgea.paginate("/users/{id_user}/accounts/{id_account}/transactions", {
    params: { path: { id_user: "me", id_account: 17 }, query: { min_date: "2020-01-01", limit: 500 } },
  })) {
    const value: number | null | undefined = tx.value;
    void value;
  }
  for await (const bank of budgea.paginate("/banks", undefined, { pageSize: 50 })) void bank.name;
  for await (const bank of budgea.paginate("/banks")) void bank.name;
  // @ts-expect-error path parameters are required for this list
  budgea.paginate("/users/{id_user}/accounts/{id_account}/transactions");
  // @ts-expect-error not a list GET
  budgea.paginate("/auth/init");
}
