import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilFromDays, daysFromCivil, daysInMonth, monthIndexOfDay, weekdayOfDay } from "../../src/internal/civil.js";

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
