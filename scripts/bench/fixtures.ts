/** What the loopback API answers: a realistic bank list and transaction pages built from their index alone. */

export function bankList() {
  const banks = ["Connecteur de test", "BNP Paribas", "Crédit Agricole", "Société Générale", "LCL"].map((name, i) => ({
    id: 40 + i,
    name,
    uuid: `338178e6-3d01-564f-9a7b-52ca442459b${i}`,
    capabilities: ["bank", "document", "transfer"],
    hidden: false,
    charged: true,
    code: `300${i}`,
    beta: false,
    color: "0f8aca",
    slug: name
      .toUpperCase()
      .replace(/[^A-Z]/g, "")
      .slice(0, 4),
    sync_frequency: null,
    months_to_fetch: null,
    siret: null,
    restricted: false,
    id_category: 1,
  }));
  return { banks, total: banks.length };
}

/** Page `[offset, offset + limit)` of a list of `total` transactions; ids are 1…total in order; pure ASCII. */
export function transactionPage(offset: number, limit: number, total: number): string {
  const end = Math.min(total, offset + limit);
  const items: string[] = [];
  for (let i = offset; i < end; i++) items.push(transaction(i));
  return `{"transactions":[${items.join(",")}],"total":${total}}`;
}

const DAYS = Array.from({ length: 28 }, (_, d) => `2020-01-${String(d + 1).padStart(2, "0")}`);

/** Plain concatenation: the server must stay cheap next to the client it feeds. */
function transaction(i: number): string {
  const day = DAYS[i % 28]!;
  const value = -((i * 7919) % 100_000) / 100;
  return (
    `{"id":${i + 1},"id_account":17,"webid":null,"application_date":"${day}","date":"${day}","rdate":"${day}",` +
    `"vdate":null,"bdate":"${day}","value":${value},"gross_value":${value},"type":"card",` +
    `"original_wording":"CB CARREFOUR ${i} FACT ${day}","simplified_wording":"CARREFOUR",` +
    `"stemmed_wording":"CARREFOUR","wording":"Carrefour","id_category":9998,"state":"parsed","coming":false,` +
    `"active":true,"id_cluster":null,"comment":null,"last_update":"2020-02-06 15:37:49","deleted":null,` +
    `"original_value":null,"original_currency":null,"commission":null,"card":"XXXX1234"}`
  );
}
