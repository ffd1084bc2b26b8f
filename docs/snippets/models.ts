import { Budgea, parseBudgeaDateTime, parseBudgeaUtcDateTime } from "budgea";
import { startSandbox } from "budgea/testing";

// A sandbox that answers as the current API does, nulls included (or `new Budgea({ domain })` for yours).
const sb = await startSandbox({ connectionStyle: "current", seed: 1 });
const { token, accountIds } = sb.createUser({ connectorId: 59 });
const user = new Budgea({ baseUrl: sb.url }).withToken(token);

const { data } = await user.api.GET("/users/{id_user}/accounts", { params: { path: { id_user: "me" } } });
for (const account of data.accounts) {
  // `balance` is `number | null | undefined`: a card or a loan may have none, and tsc makes you say what then.
  const balance = account.balance?.toFixed(2) ?? "no balance";
  // `type` is open: today's values autocomplete and narrow; a value added next year lands in the last branch.
  const kind = account.type === "checking" ? "current account" : account.type === "card" ? "card" : `${account.type}`;
  console.log(`${account.name} (${kind}): ${balance}`);
}

const transactions = user.paginate("/users/{id_user}/accounts/{id_account}/transactions", {
  params: { path: { id_user: "me", id_account: accountIds[0]! }, query: { min_date: "2024-01-01", limit: 100 } },
});
for await (const tx of transactions) {
  if (tx.type !== "summary_card") continue; // today's name for a deferred card's monthly debit
  // Two date families: `datetime` (and rdatetime, vdatetime, bdatetime) are UTC, `date_scraped` Paris time.
  const paid = tx.datetime ? parseBudgeaUtcDateTime(tx.datetime) : undefined;
  const seen = parseBudgeaDateTime(tx.date_scraped);
  console.log(
    `card debit ${tx.value ?? "?"} on ${tx.date}, paid ${paid?.toISOString() ?? "—"}, seen ${seen.toISOString()}`,
  );
  break;
}
await sb.close();
