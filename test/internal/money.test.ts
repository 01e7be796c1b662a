import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorToDecimal, parseMoney } from "../../src/internal/money.js";

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
