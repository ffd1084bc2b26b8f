/** Says in every date-time's description which of the API's two families it belongs to, and how to read it. */
import type { Fix } from "../overlay.ts";
import { walk } from "./shared.ts";
import { DATETIME_FAMILY, SDK } from "./today-shared.ts";

const NOTES: Record<string, string> = {
  [DATETIME_FAMILY.paris]:
    "Paris wall-clock time without offset (`YYYY-MM-DD HH:MM:SS`): read it with `parseBudgeaDateTime`.",
  [DATETIME_FAMILY.utc]: "UTC, without offset (`YYYY-MM-DD HH:MM:SS`): read it with `parseBudgeaUtcDateTime`.",
};

export const datetimeFamilies: Fix = {
  id: "datetime-families",
  defect:
    "Nothing tells a user that `last_update` or `date_scraped` is a Paris wall-clock time and `datetime`, " +
    "`rdatetime`, `vdatetime`, `bdatetime` are UTC: both are naive `YYYY-MM-DD HH:MM:SS` strings, and reading one " +
    "family as the other is off by one or two hours.",
  evidence:
    `${SDK}bank-transactions.yml describes the four transaction date-times as UTC; the docs' examples of ` +
    '`last_update` (`"2015-07-04 15:17:30"`) are Paris time (see `naive-datetimes`). The marks ' +
    "`x-budgea-datetime` put by `naive-datetimes` and `today-transactions` are turned into a sentence of each " +
    "property's description, which the generated types carry as its doc comment.",
  kind: "sweep",
  apply(doc) {
    let n = 0;
    walk(doc.components.schemas, (node) => {
      const note = NOTES[node["x-budgea-datetime"]];
      if (!note || String(node.description ?? "").includes(note)) return;
      node.description = node.description ? `${String(node.description).replace(/\.?\s*$/, ".")} ${note}` : note;
      n++;
    });
    return n;
  },
};
