import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { greaterThan } from "../../../src/internal/readers/amounts.js";
import { readIsoDate, shopifyInstant } from "../../../src/internal/readers/dates.js";

describe("readIsoDate's fast path for Shopify's form", () => {
  it("reads `2024-01-03 09:00:55 +0100` as the general path reads the same time with a T", () => {
    const d2 = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), d2, d2, d2, d2, d2, fc.constantFrom("+", "-"), d2, d2, (y, mo, d, h, mi, s, sign, oh, om) => {
        const text = `${String(y).padStart(4, "0")}-${mo}-${d} ${h}:${mi}:${s} ${sign}${oh}${om}`;
        const general = readIsoDate(text.replace(" ", "T"));
        expect(readIsoDate(text)).toBe(general === null ? null : general.replace("T", " "));
      }),
      { numRuns: 60 },
    );
    expect(readIsoDate("2024-01-03 09:00:55 +0100")).toBe("2024-01-03 09:00:55+01:00");
    const near = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    // The book's instant of the same text: NaN exactly when there is no ISO text, else that text's instant.
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), near(13), near(32), near(24), near(60), near(60), fc.constantFrom("+", "-"), near(19), near(60), (y, mo, d, h, mi, s, sign, oh, om) => {
        const text = `${y}-${mo}-${d} ${h}:${mi}:${s} ${sign}${oh}${om}`;
        const iso = readIsoDate(text);
        expect(shopifyInstant(text)).toBe(iso === null ? NaN : Date.parse(iso.replace(" ", "T")));
      }),
      { numRuns: 60 },
    );
    expect(readIsoDate("2024-02-30 09:00:55 +0100")).toBeNull();
    expect(readIsoDate("2024-01-03 09:00:55 +1900")).toBeNull();
  });
});

describe("greaterThan", () => {
  it("compares decimal texts exactly, short or long", () => {
    const dec = fc.tuple(fc.constantFrom("", "-"), fc.stringMatching(/^\d{1,12}$/), fc.stringMatching(/^\d{0,12}$/)).map(([s, w, f]) => `${s}${w}${f === "" ? "" : `.${f}`}`);
    const exact = (a: string, b: string): boolean => {
      const parts = (t: string): [bigint, number] => {
        const [w, f = ""] = t.replace("-", "").split(".");
        return [BigInt(`${w}${f}`) * (t.startsWith("-") ? -1n : 1n), f.length];
      };
      const [x, xs] = parts(a);
      const [y, ys] = parts(b);
      const s = Math.max(xs, ys);
      return x * 10n ** BigInt(s - xs) > y * 10n ** BigInt(s - ys);
    };
    fc.assert(
      fc.property(dec, dec, (a, b) => {
        expect(greaterThan(a, b)).toBe(exact(a, b));
      }),
      { numRuns: 60 },
    );
    expect(greaterThan("0.1000000000001", "0.1")).toBe(true);
    expect(greaterThan("10.00", "10")).toBe(false);
  });
});
