import fc from "fast-check";
import { parseBudgeaDateTime, parseBudgeaUtcDateTime } from "../../src/dates.js";
import { InvalidDateError } from "../../src/errors.js";

fc.configureGlobal({ seed: 42, numRuns: Number(process.env.FUZZ_RUNS ?? 100) });

describe("parseBudgeaUtcDateTime: the UTC family (a transaction's datetime, rdatetime, vdatetime, bdatetime)", () => {
  it("reads the naive text as UTC, in winter and in summer alike", () => {
    expect(parseBudgeaUtcDateTime("2025-03-27 22:47:00").toISOString()).toBe("2025-03-27T22:47:00.000Z");
    expect(parseBudgeaUtcDateTime("2025-07-14 09:00:00").toISOString()).toBe("2025-07-14T09:00:00.000Z");
  });

  it("has no DST gap or repetition: the Paris spring gap and autumn repeat are ordinary UTC times", () => {
    expect(parseBudgeaUtcDateTime("2025-03-30 02:30:00").toISOString()).toBe("2025-03-30T02:30:00.000Z");
    expect(parseBudgeaUtcDateTime("2025-10-26 02:30:00").toISOString()).toBe("2025-10-26T02:30:00.000Z");
  });

  it("keeps milliseconds, accepts a T, and honours an explicit offset as written", () => {
    expect(parseBudgeaUtcDateTime("2020-02-06 15:37:49.009617").toISOString()).toBe("2020-02-06T15:37:49.009Z");
    expect(parseBudgeaUtcDateTime("2020-02-06T15:37:49+01:00").toISOString()).toBe("2020-02-06T14:37:49.000Z");
  });

  it("differs from the Paris reader by Paris's offset: one hour in winter, two in summer", () => {
    const gap = (text: string) => parseBudgeaUtcDateTime(text).getTime() - parseBudgeaDateTime(text).getTime();
    expect(gap("2025-01-15 12:00:00")).toBe(3_600_000);
    expect(gap("2025-07-15 12:00:00")).toBe(7_200_000);
  });

  it("refuses what is not a naive date-time with InvalidDateError, never echoing more than 40 characters", () => {
    for (const bad of ["2025-02-30 10:00:00", "2025-03-27", "27/03/2025 22:47", "", "2025-03-27 24:00:00"]) {
      expect(() => parseBudgeaUtcDateTime(bad)).toThrow(InvalidDateError);
    }
    expect(() => parseBudgeaUtcDateTime(null as never)).toThrow(InvalidDateError);
    expect(() => parseBudgeaUtcDateTime("2025-03-27")).toThrow(/calendar day/);
  });

  it("round-trips every instant written as its UTC naive text", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString().replace("T", " ").replace("Z", "");
          expect(parseBudgeaUtcDateTime(text).getTime()).toBe(date.getTime());
        },
      ),
    );
  });
});
