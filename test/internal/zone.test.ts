import { tzOffset } from "@date-fns/tz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MS_PER_DAY } from "../../src/internal/civil.js";
import { NO_OFFSET, ZoneCalendar } from "../../src/internal/zone.js";

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

  it("hourOffsets: every whole hour gives the offset in force through it; a changing hour is marked (property)", () => {
    const zones = ["Europe/Prague", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago", "UTC"];
    const from = Date.UTC(2019, 0, 1);
    const to = Date.UTC(2022, 0, 1);
    const tables = zones.map((z) => new ZoneCalendar(z).hourOffsets(from, to));
    const check = zones.map((z) => new ZoneCalendar(z));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: zones.length - 1 }), fc.integer({ min: from, max: to }), (z, t) => {
        const table = tables[z];
        expect(table).not.toBeNull();
        const o = table!.offsets[Math.floor(t / 3_600_000) - table!.base] as number;
        if (o !== NO_OFFSET) expect(o).toBe(check[z]?.offsetAt(t));
      }),
      { numRuns: 3000 },
    );
  });

  it("hourOffsets: DST in Prague changes at 01:00 UTC, a whole hour; Lord Howe's half-hour shift too", () => {
    const prague = new ZoneCalendar("Europe/Prague").hourOffsets(Date.UTC(2024, 2, 31, 0), Date.UTC(2024, 2, 31, 2));
    // 2024-03-31 01:00 UTC: CET (+1 h) becomes CEST (+2 h) on the hour.
    expect(Array.from(prague!.offsets)).toEqual([3_600_000, 7_200_000, 7_200_000]);
    const howe = new ZoneCalendar("Australia/Lord_Howe").hourOffsets(Date.UTC(2024, 3, 6, 14), Date.UTC(2024, 3, 6, 16));
    // 2024-04-07 02:00 local (+11 h) = 2024-04-06 15:00 UTC: back to +10:30.
    expect(Array.from(howe!.offsets)).toEqual([39_600_000, 37_800_000, 37_800_000]);
    expect(new ZoneCalendar("UTC").hourOffsets(0, -1)).toBeNull();
    expect(new ZoneCalendar("UTC").hourOffsets(0, 3_600_000 * 10, 5)).toBeNull();
  });
});
