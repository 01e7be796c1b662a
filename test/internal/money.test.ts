import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorQuotient, minorToDecimal, parseMoney, Quotient } from "../../src/internal/money/money.js";

const read = (v: unknown): [number, number] => {
  const out = { scale: -1 };
  const m = parseMoney(v, out);
  return [m, out.scale];
};

describe("money parsing", () => {
  it("reads decimal strings to integer minor units and their scale", () => {
    expect(read("19.99")).toEqual([1999, 2]);
    expect(read("19.90")).toEqual([199, 1]);
    expect(read("-3")).toEqual([-3, 0]);
    expect(read(".5")).toEqual([5, 1]);
    expect(read("1e3")).toEqual([1000, 0]);
    expect(read("1.25E-1")).toEqual([125, 3]);
    expect(read(0.1)).toEqual([1, 1]);
    expect(read(new Decimal("12.340"))).toEqual([1234, 2]);
  });
  it("agrees with decimal.js for any decimal string with up to 15 digits (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 8 }), (units, scale) => {
        const text = new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toFixed(scale);
        const out = { scale: 0 };
        const m = parseMoney(text, out);
        expect(minorToDecimal(m, out.scale).eq(new Decimal(text))).toBe(true);
      }),
    );
  });
  it("renders minor units exactly, including bigint beyond 2^53", () => {
    expect(minorToDecimal(5, 2).toString()).toBe("0.05");
    expect(minorToDecimal(-1234, 2).toString()).toBe("-12.34");
    expect(minorToDecimal(123456789012345678901234567890n, 2).toFixed(2)).toBe("1234567890123456789012345678.90");
  });
});

/** decimal.js's internal fields of `x` and its string: what two Decimals must share to be the same in every way. */
const fieldsOf = (x: Decimal): { s: number; e: number; d: number[] | null; text: string } => {
  const f = x as unknown as { s: number; e: number; d: number[] | null };
  return { s: f.s, e: f.e, d: f.d === null ? null : [...f.d], text: x.toString() };
};

/** `units × 10^-scale` as a decimal string (what decimal.js parses). */
const decimalText = (units: bigint, scale: number): string => {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const point = digits.length - scale;
  return `${negative ? "-" : ""}${digits.slice(0, point)}${scale > 0 ? `.${digits.slice(point)}` : ""}`;
};

const MAX = Number.MAX_SAFE_INTEGER;
/** Safe integers of every size: small, near powers of 10^7 and 10, near ±2^53, and anything in between. */
const units = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -MAX, max: MAX }),
  fc.constantFrom(0, 1, -1, 9_999_999, 10_000_000, 10_000_001, 99_999_999_999_999, 100_000_000_000_000, 10 ** 15, MAX, -MAX, MAX - 1, 2 ** 52),
  fc.integer({ min: 1, max: 15 }).chain((k) => fc.integer({ min: -(10 ** k), max: 10 ** k })),
);
/** Divisors: small counts (repeating decimals: 3, 7, 9, 11, …), powers of 2 and 5 (exact quotients, halves at the rounding digit), and up to 10^7. */
const divisors = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.constantFrom(2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 5, 25, 125, 625, 3125, 15625, 80, 160, 640, 1280, 9_999_999),
  fc.integer({ min: 1, max: 9_999_999 }),
);

describe("Decimals made without decimal.js arithmetic", () => {
  it("minorToDecimal has exactly the fields decimal.js parses from the same digits (property)", () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 0, max: 14 }), (u, scale) => {
        expect(fieldsOf(minorToDecimal(u, scale))).toEqual(fieldsOf(new Decimal(decimalText(BigInt(u), scale))));
      }),
      { numRuns: 20_000 },
    );
  });

  it("minorQuotient has exactly the fields of decimal.js's div at the results' rule, 20 digits half-even (property)", () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 0, max: 7 }), divisors, (u, scale, n) => {
        expect(fieldsOf(minorQuotient(u, scale, n))).toEqual(fieldsOf(new Quotient(minorToDecimal(u, scale)).div(n)));
      }),
      { numRuns: 20_000 },
    );
  });

  it("minorQuotient rounds exact halves at the rounding digit as decimal.js does, in every rounding mode and at other precisions", () => {
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    try {
      // u / 2^k with a 16-digit u has up to 16 + k significant digits, so precisions 17-22 cut some of them
      // exactly at a final 5; the exact value (precision 100) tells how many did.
      let halves = 0;
      for (const precision of [17, 18, 20, 22, 30, 12]) {
        for (const rounding of [0, 1, 2, 3, 4, 5, 6, 7, 8] as const) {
          Decimal.set({ precision, rounding });
          fc.assert(
            fc.property(fc.integer({ min: -MAX, max: MAX }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(2, 4, 8, 16, 32, 64, 128, 5, 25, 125, 40, 3, 7), (u, scale, n) => {
              const want = minorToDecimal(u, scale).div(n);
              expect(fieldsOf(minorQuotient(u, scale, n, [], precision, rounding))).toEqual(fieldsOf(want));
              const exact = Decimal.clone({ precision: 100 });
              const full = new exact(decimalText(BigInt(u), scale)).div(n);
              if (full.sd() === precision + 1 && full.toFixed().endsWith("5")) halves++;
            }),
            { numRuns: 150 },
          );
        }
      }
      expect(halves).toBeGreaterThan(100);
    } finally {
      Decimal.set(saved);
    }
  });

  it("minorQuotient gives decimal.js's fields for zero, ±1, the edges of the safe range, and carries into the word before", () => {
    const cases: [number, number, number][] = [
      [0, 2, 3], [1, 0, 3], [-1, 0, 3], [2, 0, 3], [-2, 0, 3], [MAX, 0, 1], [-MAX, 0, 1], [MAX, 4, 9_999_999], [-MAX, 7, 3],
      [99_999_999_999_999, 0, 1], [10 ** 15, 0, 7], [5, 0, 2], [-5, 1, 2], [1, 7, 9_999_999], [9_999_999, 7, 9_999_998], [2 * 10 ** 15 - 1, 0, 2],
      // Rounding the last kept digit up turns its word into 10^7 (…, 9967668, 9|000000 → …, 9967669), in the
      // directed modes and (rounding digit ≥ 5) to nearest.
      [219_714_581_617_382, 6, 3093], [2_889_870_470_706_059, 7, 16_259], [2_950_645_913_680_309, 0, 4105], [-4_090_417_864_628_590, 4, 9_900_606],
    ];
    const saved = Decimal.rounding;
    try {
      for (const rounding of [4, 0, 1, 2, 3, 6] as const) {
        Decimal.set({ rounding });
        for (const [u, scale, n] of cases) {
          expect(fieldsOf(minorQuotient(u, scale, n, [], Decimal.precision, rounding)), `${u} / 10^${scale} / ${n}, rounding ${rounding}`).toEqual(fieldsOf(minorToDecimal(u, scale).div(n)));
        }
      }
    } finally {
      Decimal.set({ rounding: saved });
    }
  });

  it("goes through decimal.js outside its fast range (scale above 7, divisors of 10^7 and more, precision below 17)", () => {
    expect(fieldsOf(minorQuotient(12_345, 9, 7))).toEqual(fieldsOf(minorToDecimal(12_345, 9).div(7)));
    expect(fieldsOf(minorQuotient(MAX, 2, 10_000_001))).toEqual(fieldsOf(minorToDecimal(MAX, 2).div(10_000_001)));
    expect(minorQuotient(100, 0, 3, [], 5, 6).toString()).toBe("33.333");
    // decimal.js's global settings do not change a result quotient.
    const saved = Decimal.precision;
    try {
      Decimal.set({ precision: 5 });
      expect(minorQuotient(100, 0, 3).toString()).toBe("33.333333333333333333");
    } finally {
      Decimal.set({ precision: saved });
    }
  });

  it("makes Decimals that structuredClone copies and that behave as decimal.js's own", () => {
    const q = minorQuotient(10_000, 2, 3);
    expect(Object.keys(q)).toEqual(["s", "e", "d"]);
    expect(structuredClone({ q })).toEqual({ q: { s: 1, e: 1, d: [33, 3333333, 3333333, 3333000] } });
    expect(q).toBeInstanceOf(Decimal);
    expect(q.plus(1).toString()).toBe("34.333333333333333333");
    expect(JSON.stringify(q)).toBe('"33.333333333333333333"');
  });
});
