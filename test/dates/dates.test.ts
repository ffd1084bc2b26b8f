import fc from "fast-check";
import { formatBudgeaDate, formatBudgeaDateTime, parseBudgeaDateTime } from "../../src/dates.js";
import { InvalidDateError } from "../../src/errors.js";
import { naiveParis } from "../../src/testing/core/dates.js";

fc.configureGlobal({ seed: 42, numRuns: Number(process.env.FUZZ_RUNS ?? 100) });

const iso = (text: string) => parseBudgeaDateTime(text).toISOString();

describe("parseBudgeaDateTime: naive Paris time to an instant", () => {
  it("reads winter time as UTC+1 and summer time as UTC+2", () => {
    expect(iso("2020-02-06 15:37:49")).toBe("2020-02-06T14:37:49.000Z");
    expect(iso("2015-07-04 15:17:30")).toBe("2015-07-04T13:17:30.000Z");
  });

  it("keeps the milliseconds of the spec's microsecond examples, and honours an explicit offset", () => {
    expect(iso("2020-02-06 15:37:49.009617")).toBe("2020-02-06T14:37:49.009Z");
    expect(iso("2020-02-06T15:37:49Z")).toBe("2020-02-06T15:37:49.000Z");
    expect(iso("2020-02-06T15:37:49+05:30")).toBe("2020-02-06T10:07:49.000Z");
  });

  describe.each([
    ["2024", "2024-03-31", "2024-10-27"],
    ["2025", "2025-03-30", "2025-10-26"],
  ])("DST transitions of %s", (_year, spring, autumn) => {
    it("spring forward: the hour before and after the gap", () => {
      expect(iso(`${spring} 01:59:59`)).toBe(`${spring}T00:59:59.000Z`);
      expect(iso(`${spring} 03:00:00`)).toBe(`${spring}T01:00:00.000Z`);
    });

    it("spring forward: a time in the skipped hour moves forward by the gap, or is refused", () => {
      expect(iso(`${spring} 02:30:00`)).toBe(`${spring}T01:30:00.000Z`); // = 03:30 summer time
      expect(parseBudgeaDateTime(`${spring} 02:30:00`, { disambiguation: "earlier" }).toISOString()).toBe(
        `${spring}T00:30:00.000Z`, // = 01:30 winter time
      );
      expect(() => parseBudgeaDateTime(`${spring} 02:30:00`, { disambiguation: "reject" })).toThrow(
        `"${spring} 02:30:00" never happens in Paris (DST starts)`,
      );
    });

    it("fall back: the repeated hour is its first occurrence by default, the second on request", () => {
      const dayBefore = new Date(Date.parse(`${autumn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      expect(iso(`${autumn} 01:59:59`)).toBe(`${dayBefore}T23:59:59.000Z`);
      expect(iso(`${autumn} 02:30:00`)).toBe(`${autumn}T00:30:00.000Z`); // summer time
      expect(parseBudgeaDateTime(`${autumn} 02:30:00`, { disambiguation: "later" }).toISOString()).toBe(
        `${autumn}T01:30:00.000Z`, // winter time
      );
      expect(() => parseBudgeaDateTime(`${autumn} 02:30:00`, { disambiguation: "reject" })).toThrow(InvalidDateError);
      expect(iso(`${autumn} 03:00:00`)).toBe(`${autumn}T02:00:00.000Z`);
    });

    it("formats instants across both transitions (the other direction)", () => {
      expect(formatBudgeaDateTime(new Date(`${spring}T00:59:59Z`))).toBe(`${spring} 01:59:59`);
      expect(formatBudgeaDateTime(new Date(`${spring}T01:00:00Z`))).toBe(`${spring} 03:00:00`);
      expect(formatBudgeaDateTime(new Date(`${autumn}T00:30:00Z`))).toBe(`${autumn} 02:30:00`);
      expect(formatBudgeaDateTime(new Date(`${autumn}T01:30:00Z`))).toBe(`${autumn} 02:30:00`);
      expect(formatBudgeaDateTime(Date.parse(`${autumn}T02:00:00Z`))).toBe(`${autumn} 03:00:00`);
    });
  });

  it("refuses what is not a real naive date-time, with a typed error", () => {
    for (const text of [
      "2024-02-30 10:00:00",
      "2024-13-01 10:00:00",
      "2024-01-01 24:00:00",
      "2024-01-01 10:60:00",
      "",
      "soon",
    ]) {
      expect(() => parseBudgeaDateTime(text)).toThrow(InvalidDateError);
    }
    for (const value of [null, undefined, 1700000000000, new Date()]) {
      expect(() => parseBudgeaDateTime(value as never)).toThrow(InvalidDateError);
    }
    expect(() => parseBudgeaDateTime("2024-01-01")).toThrow("is a calendar day, not an instant: keep the string");
  });
});

describe("formatBudgeaDateTime / formatBudgeaDate: for query parameters", () => {
  it("writes the Paris wall clock, milliseconds dropped", () => {
    expect(formatBudgeaDateTime(new Date("2020-02-06T14:37:49.999Z"))).toBe("2020-02-06 15:37:49");
    expect(formatBudgeaDateTime(new Date("2025-07-14T22:30:00Z"))).toBe("2025-07-15 00:30:00");
  });

  it("gives a Date's Paris day, and passes a checked YYYY-MM-DD through", () => {
    expect(formatBudgeaDate(new Date("2024-12-31T23:30:00Z"))).toBe("2025-01-01");
    expect(formatBudgeaDate("2024-02-29")).toBe("2024-02-29");
    expect(() => formatBudgeaDate("2023-02-29")).toThrow(InvalidDateError);
    expect(() => formatBudgeaDate("2024-02-29 10:00:00")).toThrow(InvalidDateError);
  });

  it("refuses an invalid Date or a value out of years 1–9999", () => {
    for (const value of [new Date(NaN), Infinity, 8.64e15, "2024-01-01" as never, {} as never]) {
      expect(() => formatBudgeaDateTime(value)).toThrow(InvalidDateError);
    }
  });
});

describe("the day-offset cache agrees with Intl for every instant", () => {
  // The oracle: the sandbox's formatter, which asks Intl for each instant it has not seen (no day cache).
  const intl = naiveParis;
  // Paris's history (mean time until 1911, the war years' offsets), DST transitions, and milliseconds.
  const instant = fc.oneof(
    fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc
      .tuple(fc.integer({ min: 1971, max: 2040 }), fc.constantFrom(2, 9), fc.integer({ min: -90_000, max: 90_000 }))
      .map(
        ([year, month, s]) =>
          Date.UTC(year, month, 31 - new Date(Date.UTC(year, month, 31)).getUTCDay(), 1) + s * 1000 + 123,
      ),
  );

  it("formatBudgeaDateTime(t) is Intl's Paris wall clock, the same instant read twice or in any order", () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (times) => {
        for (const t of [...times, ...times.reverse()]) expect(formatBudgeaDateTime(t)).toBe(intl(t));
      }),
      { numRuns: 300 },
    );
  });
});

describe("round trips", () => {
  const transitions = ["2024-03-31", "2024-10-27", "2025-03-30", "2025-10-26"].map((day) =>
    Date.parse(`${day}T01:00:00Z`),
  );
  const nearTransition = fc
    .tuple(fc.constantFrom(...transitions), fc.integer({ min: -7200, max: 7200 }))
    .map(([t, s]) => t + s * 1000);
  const anyTime = fc
    .integer({ min: Date.UTC(1980, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
    .map((s) => s * 1000);
  const instant = fc.oneof(anyTime, nearTransition);

  it("parse(format(t)) is t, except the second pass through a repeated autumn hour", () => {
    fc.assert(
      fc.property(instant, (t) => {
        const text = formatBudgeaDateTime(t);
        const earlier = parseBudgeaDateTime(text).getTime();
        const later = parseBudgeaDateTime(text, { disambiguation: "later" }).getTime();
        expect([earlier, later]).toContain(t);
        if (earlier !== later) expect(later - earlier).toBe(3_600_000);
      }),
    );
  });

  it("format(parse(s)) is s for every time that happens in Paris", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 3 }), (t, hours) => {
        const text = formatBudgeaDateTime(t + hours * 3_600_000);
        expect(formatBudgeaDateTime(parseBudgeaDateTime(text))).toBe(text);
      }),
    );
  });

  it("never raises anything but InvalidDateError on arbitrary strings", () => {
    const nearlyValid = fc
      .tuple(
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(
        ([y, m, d, h]) =>
          `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")} ${String(h).padStart(2, "0")}:00:00`,
      );
    fc.assert(
      fc.property(fc.oneof(fc.string(), nearlyValid), (text) => {
        try {
          parseBudgeaDateTime(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidDateError);
        }
      }),
    );
  });
});
