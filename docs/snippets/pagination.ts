import { Budgea } from "budgea";

const user = new Budgea({ domain: "demo" }).withToken(process.env.BUDGEA_USER_TOKEN!);

// Whole pages, and the API's total.
for await (const page of user.paginate("/users/{id_user}/accounts", { params: { path: { id_user: "me" } } }).pages()) {
  console.log(`${page.items.length} of ${page.total} accounts`);
}

// Every transaction once, typed, constant memory; the next page is fetched while you work on this one.
const transactions = user.paginate("/users/{id_user}/accounts/{id_account}/transactions", {
  params: { path: { id_user: "me", id_account: accountId }, query: { min_date: "2024-01-01", limit: 500 } },
});
for await (const tx of transactions) {
  console.log(tx.date, tx.value, tx.wording);
}

declare const accountId: number; // e.g. from the accounts above
