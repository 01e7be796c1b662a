import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoString } from "../../src/internal/instant.js";
import { ZoneCalendar } from "../../src/internal/zone.js";

const utc = new ZoneCalendar("UTC");
const parse = (s: string, zone = utc): number => parseIsoString(s, zone, { sawWallClock: false });

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
    const state = { sawWallClock: false };
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
});
