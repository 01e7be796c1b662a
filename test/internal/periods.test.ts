import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { daysFromCivil } from "../../src/internal/time/civil.js";
import { checkGranularity, checkWeekStartsOn, PeriodIndexer, periodKernel } from "../../src/internal/time/periods.js";
import { ZoneCalendar } from "../../src/internal/time/zone.js";

describe("periodKernel", () => {
  const utc = new ZoneCalendar("UTC");
  it("period indices by hand", () => {
    const day = daysFromCivil(2024, 3, 5); // Tuesday 5 March 2024
    expect(periodKernel("day", utc).ofDay(day)).toBe(day);
    // month index = 2024 × 12 + 2; quarter = 2024 × 4 + 0; year = 2024.
    expect(periodKernel("month", utc).ofDay(day)).toBe(2024 * 12 + 2);
    expect(periodKernel("quarter", utc).ofDay(day)).toBe(2024 * 4);
    expect(periodKernel("year", utc).ofDay(day)).toBe(2024);
    // Weeks from Monday: 5 March is in the week starting Monday 4 March.
    const week = periodKernel("week", utc);
    expect(week.firstDay(week.ofDay(day))).toBe(daysFromCivil(2024, 3, 4));
    expect(periodKernel("week", utc, 0).firstDay(periodKernel("week", utc, 0).ofDay(day))).toBe(daysFromCivil(2024, 3, 3));
    // Consecutive periods are consecutive integers.
    expect(week.ofDay(daysFromCivil(2024, 3, 11)) - week.ofDay(day)).toBe(1);
  });

  it("labels and starts", () => {
    const prague = new ZoneCalendar("Europe/Prague");
    const m = periodKernel("month", prague);
    const p = 2024 * 12 + 3; // April 2024
    expect(m.label(p)).toBe("2024-04");
    expect(m.startIso(p)).toBe("2024-04-01T00:00:00+02:00");
    expect(m.start(p)).toBe(Date.UTC(2024, 2, 31, 22));
    expect(periodKernel("quarter", prague).label(2024 * 4 + 3)).toBe("2024-Q4");
    expect(periodKernel("year", prague).label(987)).toBe("0987");
    expect(periodKernel("day", prague).label(daysFromCivil(2024, 2, 29))).toBe("2024-02-29");
  });

  it("start(p) (TZDate) agrees with the zone calendar, and ofInstantOnce with ofInstant", () => {
    for (const zoneName of ["Europe/Prague", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago", "Asia/Beirut"]) {
      const zone = new ZoneCalendar(zoneName);
      const k = periodKernel("day", zone);
      for (let day = daysFromCivil(2020, 1, 1); day < daysFromCivil(2026, 1, 1); day += 1) {
        const s = k.start(day);
        expect([zoneName, day, s]).toEqual([zoneName, day, zone.startOfLocalDay(day)]);
        expect(k.ofInstantOnce(s)).toBe(k.ofInstant(s));
        expect(k.ofInstantOnce(s - 1)).toBe(k.ofInstant(s - 1));
      }
    }
  });

  it("PeriodIndexer matches ofInstant (bucket and day caches, and outside the range)", () => {
    for (const zoneName of ["Europe/Prague", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]) {
      const zone = new ZoneCalendar(zoneName);
      for (const g of ["day", "week", "month", "quarter", "year"] as const) {
        const k = periodKernel(g, zone);
        const lo = Date.UTC(2023, 0, 1);
        const hi = Date.UTC(2025, 0, 1);
        const ix = new PeriodIndexer(k, lo, hi);
        for (let t = lo - 10 * 86_400_000; t < hi + 10 * 86_400_000; t += 7 * 60_000 * 61) {
          expect(ix.ofInstant(t)).toBe(k.ofInstant(t));
        }
      }
    }
  });

  it("the kernel's month agrees with TZDate", () => {
    const zone = new ZoneCalendar("America/New_York");
    const k = periodKernel("month", zone);
    const t = Date.UTC(2024, 3, 1, 3, 30); // 23:30 on 31 March in New York
    const d = new TZDate(t, "America/New_York");
    expect(k.ofInstant(t)).toBe(d.getFullYear() * 12 + d.getMonth());
  });

  it("option checks", () => {
    expect(checkGranularity(undefined, "month")).toBe("month");
    expect(() => checkGranularity("hour", "month")).toThrow(expect.objectContaining({ code: "INVALID_OPTION", field: "granularity" }));
    expect(() => checkGranularity("day", "month", ["month", "quarter"])).toThrow(/must be one of "month", "quarter"/);
    expect(checkWeekStartsOn(undefined)).toBe(1);
    expect(checkWeekStartsOn(0)).toBe(0);
    expect(() => checkWeekStartsOn(-1)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", field: "weekStartsOn" }));
  });
});
