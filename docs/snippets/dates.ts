import {
  formatBudgeaDate,
  formatBudgeaDateTime,
  parseBudgeaDateTime,
  parseBudgeaUtcDateTime,
  type Account,
  type Transaction,
} from "budgea";

// The API's date-times are Paris wall-clock times without an offset: turn them into instants…
declare const account: Account;
const lastUpdate = account.last_update ? parseBudgeaDateTime(account.last_update) : undefined;
console.log(lastUpdate?.toISOString()); // "2015-07-04 15:17:30" → 2015-07-04T13:17:30.000Z

// …except a transaction's datetime, rdatetime, vdatetime and bdatetime, which are UTC (see the table below).
declare const tx: Transaction;
const paidAt = tx.rdatetime ? parseBudgeaUtcDateTime(tx.rdatetime) : undefined; // "2025-03-27 22:47:00" → 22:47Z
console.log(paidAt?.toISOString());

// …DST included: a time in the skipped spring hour moves forward, a repeated autumn hour is its first pass.
parseBudgeaDateTime("2025-10-26 02:30:00"); // 00:30Z (summer time)
parseBudgeaDateTime("2025-10-26 02:30:00", { disambiguation: "later" }); // 01:30Z (winter time)

// …and back, for query parameters. Date-only values (`date`, `min_date`) are calendar days: keep strings.
const since = formatBudgeaDateTime(new Date(Date.now() - 86_400_000)); // e.g. "2025-03-29 15:04:05"
const minDate = formatBudgeaDate(new Date()); // today in Paris, "YYYY-MM-DD"
console.log({ last_update: since, min_date: minDate });
