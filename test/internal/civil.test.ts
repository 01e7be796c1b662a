import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilFromDays, daysFromCivil, daysInMonth, isoInstant, monthIndexOfDay, weekdayOfDay } from "../../src/internal/time/civil.js";

describe("civil calendar arithmetic", () => {
  it("agrees with Date.UTC for every day from 1600 to 2400 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -135_000, max: 157_000 }), (z) => {
        const d = new Date(z * 86_400_000);
        const [y, m, day] = civilFromDays(z);
        expect([y, m, day]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
        expect(daysFromCivil(y, m, day)).toBe(z);
        expect(monthIndexOfDay(z)).toBe(y * 12 + m - 1);
        expect(weekdayOfDay(z)).toBe(d.getUTCDay());
      }),
      { numRuns: 5000 },
    );
  });
  it("knows leap years", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });
});

describe("isoInstant", () => {
  const iso = (ms: number): string => {
    try {
      return new Date(ms).toISOString();
    } catch (e) {
      return `throws ${(e as Error).name}`;
    }
  };
  const mine = (ms: number): string => {
    try {
      return isoInstant(ms);
    } catch (e) {
      return `throws ${(e as Error).name}`;
    }
  };
  it("is byte-identical to Date.prototype.toISOString for any instant (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc.integer({ min: -62_167_219_200_000 - 1e11, max: 253_402_300_800_000 + 1e11 }),
          fc.integer({ min: 1e12, max: 2e12 }),
          fc.double(),
        ),
        (ms) => {
          expect(mine(ms)).toBe(iso(ms));
        },
      ),
      { numRuns: 20_000 },
    );
  });
  it("agrees at the edges: years 0000 and 9999, six-digit years, leap days, the last millisecond of a day, fractions, NaN", () => {
    for (const ms of [
      0, -0, -1, 1, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15, 8.64e15 + 1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 1, 29), Date.UTC(1900, 2, 1) - 1, 0.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY,
    ]) {
      expect(mine(ms), String(ms)).toBe(iso(ms));
    }
  });
  it("agrees on every day of a whole 400-year Gregorian cycle and of the range's ends, and on every 37th day from year -1 to 10001, at a time of day that varies with the day", () => {
    // The calendar repeats every 400 years (146,097 days): one whole cycle from year -1, every day of 1900-2100
    // and of the last two years before 10002, and a stride through the rest (every day took 4 s of the suite).
    const FIRST = -719_893;
    const LAST = 2_932_896;
    const whole = (z: number): boolean => z < FIRST + 146_097 + 800 || (z >= -25_567 && z <= 47_482) || z > LAST - 800;
    for (let z = FIRST; z <= LAST; z += whole(z) ? 1 : 37) {
      const ms = z * 86_400_000 + ((z * 7_919_993) % 86_400_000 + 86_400_000) % 86_400_000;
      if (isoInstant(ms) !== iso(ms)) expect(isoInstant(ms), String(ms)).toBe(iso(ms));
    }
  });
});
