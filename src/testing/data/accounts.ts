import type { SeededBank } from "../banks/catalog.js";
import { parisDay } from "../core/dates.js";
import { createRng, mix, randomDigits, randomInt } from "../core/random.js";
import type { AccountRecord, ConnectionRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { frenchIban } from "./iban.js";
import { generateInvestments, round2 } from "./investments.js";

/** A connection's first sync finds the bank's accounts, all disabled until the user activates them. */
export function openAccounts(world: World, connection: ConnectionRecord, bank: SeededBank): AccountRecord[] {
  const now = world.clock.now();
  const { store, options } = world;
  return bank.accounts.map((template) => {
    const id = store.nextId("account");
    const rng = createRng(mix(options.seed, 2, id));
    const txCount = template.type === "pea" ? 0 : options.transactionsPerAccount;
    const investments =
      template.type === "pea" ? generateInvestments(rng, () => store.nextId("investment"), id, parisDay(now), now) : [];
    const account: AccountRecord = {
      id,
      idUser: connection.idUser,
      idConnection: connection.id,
      type: template.type,
      originalName: template.name,
      name: template.name,
      number: `****${randomDigits(rng, 4)}`,
      iban: frenchIban(rng),
      balance: investments.length
        ? round2(investments.reduce((sum, i) => sum + (i.valuation ?? 0), 0))
        : randomInt(rng, template.type === "card" ? -150_000 : 10_000, 2_500_000) / 100,
      created: now,
      anchorDay: parisDay(now),
      disabled: now,
      display: true,
      bookmarked: false,
      txBase: store.reserveIds("transaction", txCount),
      txCount,
      head: [],
      investments,
      webhookInitialSent: false,
      webhookHeadSent: 0,
    };
    store.accounts.set(id, account);
    return account;
  });
}
