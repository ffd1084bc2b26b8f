import type { Transaction, TransactionType } from "../models.js";
import { formatDay, naiveParis } from "../core/dates.js";
import { type Rng, createRng, mix, pick, randomInt } from "../core/random.js";
import type { AccountRecord, HeadTransaction } from "../state/records.js";

/**
 * Transactions are never stored: transaction `i` of an account (0 = newest) is a pure function of the seed,
 * the account and `i`, so an account may hold a million of them and a page costs only its own items.
 * Dates descend with `i`, spread evenly over `historyDays`, so a date window is an index range.
 */
interface Kind {
  type: TransactionType;
  wordings: string[];
  cents: [number, number];
  sign: 1 | -1;
  weight: number;
}

const KINDS: Kind[] = [
  {
    type: "card",
    wordings: [
      "CB CARREFOUR MARKET",
      "CB MONOPRIX",
      "CB SNCF INTERNET",
      "CB BOULANGERIE PAUL",
      "CB FNAC",
      "CB HALL'S BEER",
    ],
    cents: [250, 12_000],
    sign: -1,
    weight: 50,
  },
  { type: "withdrawal", wordings: ["RETRAIT DAB"], cents: [2000, 20_000], sign: -1, weight: 8 },
  {
    type: "order",
    wordings: ["PRLV SEPA EDF", "PRLV SEPA FREE MOBILE", "PRLV SEPA NAVIGO"],
    cents: [1500, 9000],
    sign: -1,
    weight: 12,
  },
  {
    type: "transfer",
    wordings: ["VIR SEPA SALAIRE ACME", "VIR SEPA REMBOURSEMENT"],
    cents: [5000, 300_000],
    sign: 1,
    weight: 10,
  },
  { type: "check", wordings: ["CHEQUE"], cents: [1000, 50_000], sign: -1, weight: 4 },
  { type: "bank", wordings: ["FRAIS TENUE DE COMPTE"], cents: [200, 900], sign: -1, weight: 3 },
  { type: "deposit", wordings: ["VERSEMENT ESPECES"], cents: [2000, 40_000], sign: 1, weight: 3 },
];
const TOTAL_WEIGHT = KINDS.reduce((sum, k) => sum + k.weight, 0);

export function generatedDay(account: AccountRecord, historyDays: number, index: number): number {
  return account.anchorDay - Math.floor((index * historyDays) / Math.max(1, account.txCount));
}

/** The generated index range `[lo, hi)` whose days fall in `[minDay, maxDay]`. */
export function generatedRange(
  account: AccountRecord,
  historyDays: number,
  minDay: number,
  maxDay: number,
): [number, number] {
  const firstAtOrBefore = (day: number) =>
    lowerBound(account.txCount, (i) => generatedDay(account, historyDays, i) <= day);
  const lo = firstAtOrBefore(maxDay);
  const hi = firstAtOrBefore(minDay - 1);
  return [lo, Math.max(lo, hi)];
}

export function generatedId(account: AccountRecord, index: number): number {
  return account.txBase + account.txCount - 1 - index;
}

/** The generated index of a transaction id, or undefined when the id is not one of this account's. */
export function generatedIndex(account: AccountRecord, id: number): number | undefined {
  const index = account.txBase + account.txCount - 1 - id;
  return index >= 0 && index < account.txCount ? index : undefined;
}

export function generatedTransaction(
  seed: number,
  historyDays: number,
  account: AccountRecord,
  index: number,
): Transaction {
  const rng = createRng(mix(seed, 3, account.id, index));
  const kind = pickKind(rng);
  const value = (kind.sign * randomInt(rng, kind.cents[0], kind.cents[1])) / 100;
  return edited(account, {
    id: generatedId(account, index),
    idAccount: account.id,
    day: generatedDay(account, historyDays, index),
    value,
    wording: pick(rng, kind.wordings),
    type: kind.type,
    coming: false,
    scrapedAt: account.created,
  });
}

export function headToTransaction(account: AccountRecord, tx: HeadTransaction): Transaction {
  return edited(account, { ...tx, idAccount: account.id });
}

/** A transaction with what later syncs changed on it (`sb.simulateSync`): label, category, `last_update`. */
function edited(account: AccountRecord, parts: TxParts): Transaction {
  const tx = toTransaction(parts);
  const edit = account.edits?.get(parts.id);
  if (!edit) return tx;
  tx.wording = edit.wording;
  tx.id_category = edit.idCategory;
  if (tx.deleted === undefined) tx.last_update = naiveParis(edit.editedAt);
  return tx;
}

/** A new transaction as a sync finds it (deterministic from the seed and its id). */
export function syncedHeadTransaction(
  seed: number,
  id: number,
  day: number,
  now: number,
  coming: boolean,
): HeadTransaction {
  const rng = createRng(mix(seed, 4, id));
  const kind = pickKind(rng);
  const value = (kind.sign * randomInt(rng, kind.cents[0], kind.cents[1])) / 100;
  return { id, day, value, wording: pick(rng, kind.wordings), type: kind.type, coming, scrapedAt: now };
}

/** A transaction's generated parts: a head transaction's, and its account. */
type TxParts = Omit<HeadTransaction, "deletionSent"> & { idAccount: number };

const simplifiedCache = new Map<string, string>();

function simplify(wording: string): string {
  let simplified = simplifiedCache.get(wording);
  if (simplified === undefined) {
    simplified = wording.replace(/^(CB|PRLV SEPA|VIR SEPA) /, "");
    if (simplifiedCache.size < 10_000) simplifiedCache.set(wording, simplified);
  }
  return simplified;
}

function toTransaction(p: TxParts): Transaction {
  const date = formatDay(p.day);
  const simplified = simplify(p.wording);
  const scraped = naiveParis(p.scrapedAt);
  const tx: Transaction = {
    id: p.id,
    id_account: p.idAccount,
    webid: `W${p.id}`,
    application_date: date,
    date,
    rdate: date,
    vdate: date,
    value: p.value,
    gross_value: p.value,
    nature: p.type,
    type: p.type,
    original_wording: p.wording,
    simplified_wording: simplified,
    stemmed_wording: simplified,
    wording: simplified,
    id_category: 9998,
    state: "parsed",
    date_scraped: scraped,
    last_update: scraped,
    coming: p.coming,
    active: true,
  };
  if (p.deletedAt !== undefined) tx.deleted = tx.last_update = naiveParis(p.deletedAt);
  return tx;
}

function pickKind(rng: Rng): Kind {
  let roll = rng() * TOTAL_WEIGHT;
  for (const kind of KINDS) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return KINDS[0]!;
}

/** The first index in `[0, n)` where the monotone predicate holds (n when it never does). */
function lowerBound(n: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
