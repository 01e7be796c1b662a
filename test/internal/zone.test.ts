import { tzOffset } from "@date-fns/tz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MS_PER_DAY } from "../../src/internal/time/civil.js";
import { NO_DAY, ZoneCalendar } from "../../src/internal/time/zone.js";

const wall = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);

describe("ZoneCalendar", () => {
  it("matches the runtime's offsets at any minute from 1990 to 2040 (property)", () => {
    const zones = ["Europe/Prague", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Sao_Paulo"];
    const cals = zones.map((z) => new ZoneCalendar(z));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: zones.length - 1 }), fc.integer({ min: 10_519_200, max: 36_819_360 }), (z, minute) => {
        const t = minute * 60_000;
        expect(cals[z]?.offsetAt(t)).toBe(Math.round(tzOffset(zones[z] as string, new Date(t)) * 60_000));
      }),
      { numRuns: 2000 },
    );
  });

  it("resolves DST gaps forward and overlaps to the earlier instant (Temporal 'compatible')", () => {
    const prague = new ZoneCalendar("Europe/Prague");
    // 2024-03-31 02:30 does not exist in Prague (02:00 -> 03:00): read as 03:30 CEST = 01:30Z
    expect(prague.wallToUtc(wall(2024, 3, 31, 2, 30))).toBe(Date.UTC(2024, 2, 31, 1, 30));
    // 2024-10-27 02:30 happens twice: the first (CEST) is 00:30Z
    expect(prague.wallToUtc(wall(2024, 10, 27, 2, 30))).toBe(Date.UTC(2024, 9, 27, 0, 30));
    const lordHowe = new ZoneCalendar("Australia/Lord_Howe");
    // 30-minute shift: 2024-10-06 02:00 -> 02:30 (+10:30 -> +11); 02:15 is skipped, read with +10:30 = 15:45Z
    expect(lordHowe.wallToUtc(wall(2024, 10, 6, 2, 15))).toBe(Date.UTC(2024, 9, 5, 15, 45));
    // 2024-04-07 01:30-02:00 repeats; 01:45 first occurs at +11 = 14:45Z
    expect(lordHowe.wallToUtc(wall(2024, 4, 7, 1, 45))).toBe(Date.UTC(2024, 3, 6, 14, 45));
  });

  it("counts a 23-hour and a 25-hour DST day as one local day each", () => {
    const ny = new ZoneCalendar("America/New_York");
    const spring = ny.startOfLocalDay(Date.UTC(2024, 2, 10) / MS_PER_DAY);
    const next = ny.startOfLocalDay(Date.UTC(2024, 2, 11) / MS_PER_DAY);
    expect(next - spring).toBe(23 * 3_600_000);
    const fall = ny.startOfLocalDay(Date.UTC(2024, 10, 3) / MS_PER_DAY);
    const after = ny.startOfLocalDay(Date.UTC(2024, 10, 4) / MS_PER_DAY);
    expect(after - fall).toBe(25 * 3_600_000);
    expect(ny.localDay(fall + 24.5 * 3_600_000)).toBe(Date.UTC(2024, 10, 3) / MS_PER_DAY);
  });

  it("puts 23:30 local on 31 March in March even when UTC is in April (Kolkata, +05:30)", () => {
    const kolkata = new ZoneCalendar("Asia/Kolkata");
    const t = Date.UTC(2024, 2, 31, 18, 0); // 23:30 IST
    expect(kolkata.localDay(t)).toBe(Date.UTC(2024, 2, 31) / MS_PER_DAY);
    expect(kolkata.localDay(t + 30 * 60_000)).toBe(Date.UTC(2024, 3, 1) / MS_PER_DAY);
  });

  it("hourDays: an hour with a day gives the local day of every instant in it; few hours have none (property)", () => {
    const zones = ["Europe/Prague", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago", "UTC"];
    const from = Date.UTC(2019, 0, 1);
    const to = Date.UTC(2022, 0, 1);
    const tables = zones.map((z) => new ZoneCalendar(z).hourDays(from, to));
    const check = zones.map((z) => new ZoneCalendar(z));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: zones.length - 1 }), fc.integer({ min: from, max: to }), (z, t) => {
        const table = tables[z];
        expect(table).not.toBeNull();
        const d = table!.days[Math.floor(t / 3_600_000) - table!.base] as number;
        if (d !== NO_DAY) expect(d).toBe(check[z]?.localDay(t));
      }),
      { numRuns: 3000 },
    );
    // Few hours go without (the scan also marks an hour at the end of each block it read, harmlessly): in a
    // whole-hour zone almost none; in Kolkata (+5:30) the hour around each local midnight, one in 24.
    const without = (days: Int32Array): number => days.filter((d) => d === NO_DAY).length;
    expect(without(tables[0]!.days)).toBeLessThan(tables[0]!.days.length / 1000);
    const kolkata = tables[2]!.days;
    expect(without(kolkata)).toBeGreaterThanOrEqual(Math.floor(kolkata.length / 24));
    expect(without(kolkata)).toBeLessThan(kolkata.length / 24 + kolkata.length / 1000);
  });

  it("hourDays: DST in Prague changes on the hour; Lord Howe's half-hour change and Kolkata's midnight are marked", () => {
    const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / MS_PER_DAY;
    const prague = new ZoneCalendar("Europe/Prague").hourDays(Date.UTC(2024, 2, 30, 22), Date.UTC(2024, 2, 31, 2));
    // 2024-03-30 22:00 UTC is 23:00 CET; 23:00 UTC is midnight; at 01:00 UTC CET (+1 h) becomes CEST (+2 h).
    expect(Array.from(prague!.days)).toEqual([day(2024, 3, 30), day(2024, 3, 31), day(2024, 3, 31), day(2024, 3, 31), day(2024, 3, 31)]);
    // Lord Howe, 2024-10-06 02:00 local (+10:30) = 2024-10-05 15:30 UTC: +11 h from the middle of an hour.
    const howe = new ZoneCalendar("Australia/Lord_Howe").hourDays(Date.UTC(2024, 9, 5, 14), Date.UTC(2024, 9, 5, 16));
    expect(Array.from(howe!.days)).toEqual([day(2024, 10, 6), NO_DAY, day(2024, 10, 6)]);
    // Kolkata, 2024-04-01 18:00 UTC = 23:30 local: the hour runs past local midnight.
    const kolkata = new ZoneCalendar("Asia/Kolkata").hourDays(Date.UTC(2024, 3, 1, 17), Date.UTC(2024, 3, 1, 19));
    expect(Array.from(kolkata!.days)).toEqual([day(2024, 4, 1), NO_DAY, day(2024, 4, 2)]);
    expect(new ZoneCalendar("UTC").hourDays(0, -1)).toBeNull();
    expect(new ZoneCalendar("UTC").hourDays(0, 3_600_000 * 10, 5)).toBeNull();
  });
});

describe("ZoneCalendar.daysNeverGoBack", () => {
  it("is false only where a clock change took the wall clock back across midnight in the span", () => {
    // St. John's, Moncton, Goose Bay and Casey changed at or just after local midnight until 2010; a scan of
    // every zone for 1990-2035 finds no other such change.
    const y = (year: number) => Date.UTC(year, 0, 1);
    expect(new ZoneCalendar("America/St_Johns").daysNeverGoBack(y(2006), y(2007))).toBe(false);
    expect(new ZoneCalendar("America/St_Johns").daysNeverGoBack(y(2012), y(2030))).toBe(true);
    expect(new ZoneCalendar("America/Moncton").daysNeverGoBack(y(1995), y(2006))).toBe(false);
    expect(new ZoneCalendar("Antarctica/Casey").daysNeverGoBack(y(2009), y(2011))).toBe(false);
    // Ordinary fall-backs at 02:00 or 03:00, half-hour zones, a day skipped forward (Apia, 2011-12-30).
    for (const tz of ["UTC", "Europe/Prague", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia"]) {
      expect(new ZoneCalendar(tz).daysNeverGoBack(y(1995), y(2035))).toBe(true);
    }
  });

  it("looks only inside [from, to]: the change at 2006-10-29T02:31Z counts when the span holds it", () => {
    const z = new ZoneCalendar("America/St_Johns");
    const change = Date.UTC(2006, 9, 29, 2, 31);
    expect(z.daysNeverGoBack(change - 3_600_000, change - 1)).toBe(true);
    expect(z.daysNeverGoBack(change - 3_600_000, change)).toBe(false);
    expect(z.daysNeverGoBack(change + 1, change + 3_600_000)).toBe(true);
  });
});

describe("ZoneCalendar.offsetAt: direct reads before the first block scan", () => {
  it("gives the scanned answer: a fresh calendar's first lookups equal a warmed one's, at any instant (property)", () => {
    const zones = ["Europe/Prague", "America/St_Johns", "Australia/Lord_Howe", "Africa/Casablanca", "Europe/Dublin"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2040, 0, 1) }), { minLength: 1, maxLength: 8 }), (zone, ts) => {
        const fresh = new ZoneCalendar(zone);
        const warmed = new ZoneCalendar(zone);
        // 200 lookups in each instant's block: past the direct reads, so `warmed` answers from scanned blocks.
        for (const t of ts) for (let k = 0; k < 200; k++) warmed.offsetAt(t + k * 1000);
        for (const t of ts) {
          expect(fresh.offsetAt(t)).toBe(warmed.offsetAt(t));
          expect(fresh.localDay(t)).toBe(warmed.localDay(t));
        }
      }),
      { numRuns: 40 },
    );
  });
});
