import { Budgea } from "budgea";
import { listUserAccountTransactions } from "budgea/generated";

// One typed fetcher per operation, named by its operationId; they take any openapi-fetch client.
const user = new Budgea({ domain: "demo" }).withToken(process.env.BUDGEA_USER_TOKEN!);
const { data } = await listUserAccountTransactions(user.api, {
  params: { path: { id_user: "me", id_account: accountId }, query: { limit: 100 } },
});
console.log(data?.total);

declare const accountId: number;
