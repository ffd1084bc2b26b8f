import type { Investment } from "../models.js";
import { formatDay, naiveParis } from "../core/dates.js";
import { type Rng, randomInt } from "../core/random.js";

const SECURITIES = [
  { label: "Amundi MSCI World", code: "FR0010756098" },
  { label: "Lyxor CAC 40", code: "FR0007052782" },
  { label: "Air Liquide", code: "FR0000120073" },
  { label: "TotalEnergies", code: "FR0000120271" },
  { label: "LVMH", code: "FR0000121014" },
  { label: "Carmignac Patrimoine", code: "FR0010135103" },
];

/** A small portfolio for a PEA/market account; the account's balance is its total valuation. */
export function generateInvestments(
  rng: Rng,
  nextId: () => number,
  idAccount: number,
  day: number,
  now: number,
): Investment[] {
  const count = randomInt(rng, 3, SECURITIES.length);
  const holdings = SECURITIES.slice(0, count).map((security) => {
    const quantity = randomInt(rng, 1, 400) / 4;
    const unitprice = randomInt(rng, 1000, 60_000) / 100;
    const unitvalue = Math.round(unitprice * (0.7 + rng() * 0.6) * 100) / 100;
    const valuation = round2(quantity * unitvalue);
    return { security, quantity, unitprice, unitvalue, valuation, diff: round2(valuation - quantity * unitprice) };
  });
  const total = holdings.reduce((sum, h) => sum + h.valuation, 0);
  return holdings.map(
    (h) =>
      ({
        id: nextId(),
        id_account: idAccount,
        label: h.security.label,
        code: h.security.code,
        code_type: "ISIN",
        quantity: h.quantity,
        unitprice: h.unitprice,
        unitvalue: h.unitvalue,
        valuation: h.valuation,
        diff: h.diff,
        diff_percent: round4(h.diff / (h.valuation - h.diff)),
        portfolio_share: round4(h.valuation / total),
        vdate: formatDay(day),
        last_update: naiveParis(now),
      }) satisfies Investment,
  );
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
