import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantToMs, newParseState, parseIsoString } from "../../src/internal/time/instant.js";
import { ZoneCalendar } from "../../src/internal/time/zone.js";

const utc = new ZoneCalendar("UTC");
const parse = (s: string, zone = utc): number => parseIsoString(s, zone, { sawWallClock: false, sawTimeOfDay: false });

describe("parseIsoString", () => {
  it("agrees with Date.parse on every offset form", () => {
    for (const s of [
      "2024-03-31T23:30:00Z",
      "2024-03-31T23:30:00.123Z",
      "2024-03-31T23:30:00+02:00",
      "2024-03-31T23:30:00-05:30",
      "2024-12-31T23:59:59.999Z",
      "1997-01-01T00:00:00Z",
    ]) {
      expect(parse(s)).toBe(Date.parse(s));
    }
    expect(parse("2024-03-31T23:30:00+0200")).toBe(Date.parse("2024-03-31T23:30:00+02:00"));
    expect(parse("2024-03-31T23:30:00+02")).toBe(Date.parse("2024-03-31T23:30:00+02:00"));
    expect(parse("2024-03-31 23:30:00")).toBe(Date.UTC(2024, 2, 31, 23, 30));
    expect(parse("19970101")).toBe(Date.UTC(1997, 0, 1));
    expect(parse("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
  });

  it("reads fractions of a second to the millisecond, truncating further digits (floor), with . or ,", () => {
    const base = Date.UTC(2024, 2, 31, 23, 30, 5);
    expect(parse("2024-03-31T23:30:05.1Z")).toBe(base + 100);
    expect(parse("2024-03-31T23:30:05.12Z")).toBe(base + 120);
    expect(parse("2024-03-31T23:30:05.123Z")).toBe(base + 123);
    expect(parse("2024-03-31T23:30:05.1239Z")).toBe(base + 123);
    expect(parse("2024-03-31T23:30:05.999999999Z")).toBe(base + 999);
    expect(parse("2024-03-31T23:30:05,5Z")).toBe(base + 500);
    expect(parse("2024-03-31T23:30:05.050+01:00")).toBe(base + 50 - 3_600_000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9 }), (ms, extra) => {
        const three = String(ms).padStart(3, "0");
        expect(parse(`2024-03-31T23:30:05.${three}${extra}Z`)).toBe(base + ms);
        expect(parse(`2024-03-31T23:30:05.${three}Z`)).toBe(Date.parse(`2024-03-31T23:30:05.${three}Z`));
      }),
    );
  });

  it("reads date-only and offset-free strings as wall-clock time in the zone", () => {
    const ny = new ZoneCalendar("America/New_York");
    const state = { sawWallClock: false, sawTimeOfDay: false };
    expect(parseIsoString("2024-01-15", ny, state)).toBe(Date.UTC(2024, 0, 15, 5));
    expect(state.sawWallClock).toBe(true);
    expect(parse("2024-07-15T12:00", ny)).toBe(Date.UTC(2024, 6, 15, 16));
  });

  it("rejects malformed strings", () => {
    for (const s of ["2023-02-29", "2024-00-10", "2024-1-10", "2024-01-10T", "2024-01-10T10", "2024-01-10T10:00:00.", "2024-01-10Tab:00", "2024-01-10T10:00Zx", "2024-01-10T24:00"]) {
      expect(parse(s), s).toBeNaN();
    }
  });

  it("round-trips toISOString for any instant from 1900 to 2200 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        expect(parse(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });

  // Issue 15, 7b: the RFC 3339 / ISO 8601 variants that real exports write.
  it("reads Shopify's \"Created at\" and the other export variants as the same instant as the canonical form", () => {
    const canonical = Date.parse("2024-01-03T09:00:55+01:00");
    for (const s of [
      "2024-01-03 09:00:55 +0100", // Shopify's order export
      "2024-01-03 09:00:55 +01:00",
      "2024-01-03 09:00:55 +01",
      "2024-01-03 09:00:55+0100",
      "2024-01-03T09:00:55+01",
      "2024-01-03T09:00:55+0100",
      "2024-01-03t09:00:55+01:00",
      "2024-01-03T08:00:55z",
      "2024-01-03t08:00:55z",
      "2024-01-03 08:00:55Z",
      "2024-01-03 08:00:55 Z",
      "2024-01-03 08:00:55.000 +00:00",
      "2024-01-03 03:00:55 -0500",
    ]) {
      expect(parse(s), s).toBe(canonical);
    }
    // Fractions and minutes-only times with a spaced offset.
    expect(parse("2024-01-03 09:00:55.250 +0100")).toBe(canonical + 250);
    expect(parse("2024-01-03 09:00 +0100")).toBe(canonical - 55_000);
  });

  it("keeps reading a date-time without an offset as wall-clock time in the zone, whatever its separator", () => {
    const prague = new ZoneCalendar("Europe/Prague");
    const want = Date.UTC(2024, 0, 3, 8, 0, 55); // 09:00:55 in Prague (CET, UTC+1)
    for (const s of ["2024-01-03T09:00:55", "2024-01-03t09:00:55", "2024-01-03 09:00:55"]) {
      const state = newParseState();
      expect(parseIsoString(s, prague, state), s).toBe(want);
      expect(state.sawWallClock, s).toBe(true);
    }
  });

  it("rejects malformed offsets and trailing junk", () => {
    for (const s of [
      "2024-01-03 09:00:55 +1",
      "2024-01-03 09:00:55 +01:0",
      "2024-01-03 09:00:55 +0160",
      "2024-01-03 09:00:55 +2400",
      "2024-01-03 09:00:55 +01:00x",
      "2024-01-03 09:00:55 +01:00 ",
      "2024-01-03 09:00:55  +0100",
      "2024-01-03 09:00:55 ",
      "2024-01-03 09:00:55 UTC",
      "2024-01-03 09:00:55 z ",
      "2024-01-03 09:00:55 Zx",
      "2024-01-03 09:00:55 +01:000",
      "2024-01-03 09:00:55 ++0100",
      "2024-01-03 +0100",
    ]) {
      expect(parse(s), s).toBeNaN();
    }
  });

  it("flags an instant that is not a date-only string (sawTimeOfDay)", () => {
    const seen = (v: unknown): boolean => {
      const state = newParseState();
      instantToMs(v, utc, state);
      return state.sawTimeOfDay;
    };
    expect(seen("2024-01-03")).toBe(false);
    expect(seen("20240103")).toBe(false);
    expect(seen("2024-01-03T00:00")).toBe(true);
    expect(seen("2024-01-03 00:00:00Z")).toBe(true);
    expect(seen(Date.UTC(2024, 0, 3))).toBe(true);
    expect(seen(new Date(Date.UTC(2024, 0, 3)))).toBe(true);
  });
});

describe("a one-off read (options) resolves wall-clock times by a few database reads, to the same instant", () => {
  it("equals the scanning read for any wall time, in gaps and folds too (property), and fills no cache", () => {
    const zones = ["Europe/Prague", "America/New_York", "Australia/Lord_Howe", "America/St_Johns", "Asia/Kolkata"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2040, 0, 1) }), (zone, t) => {
        const once = new ZoneCalendar(zone);
        const scanning = new ZoneCalendar(zone);
        // Wall times near a local midnight and at any minute (date-only and date-time strings).
        const iso = new Date(Math.floor(t / 60_000) * 60_000).toISOString().slice(0, 16);
        for (const s of [iso.slice(0, 10), iso]) {
          expect(parseIsoString(s, once, { ...newParseState(), once: true })).toBe(parseIsoString(s, scanning, newParseState()));
        }
        expect((once as unknown as { blocks: Map<number, unknown> }).blocks.size).toBe(0);
      }),
      { numRuns: 60 },
    );
    // The spring-forward gap and the autumn fold in Prague, 2024: 02:30 is skipped on 31 March, doubled on 27 October.
    const z = new ZoneCalendar("Europe/Prague");
    expect(new Date(parseIsoString("2024-03-31T02:30", z, { ...newParseState(), once: true })).toISOString()).toBe("2024-03-31T01:30:00.000Z");
    expect(new Date(parseIsoString("2024-10-27T02:30", z, { ...newParseState(), once: true })).toISOString()).toBe("2024-10-27T00:30:00.000Z");
  });
});
