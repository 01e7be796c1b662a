import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { divide, multiply, toDecimal, toPublic } from "../../src/internal/money/decimalInput.js";

describe("toDecimal", () => {
  it("reads strings, numbers (through String(x)) and Decimals exactly", () => {
    expect(toDecimal("19.99", "x").toString()).toBe("19.99");
    expect(toDecimal("-3", "x").toString()).toBe("-3");
    expect(toDecimal(".5", "x").toString()).toBe("0.5");
    expect(toDecimal("1e3", "x").toString()).toBe("1000");
    expect(toDecimal(0.1, "x").toString()).toBe("0.1");
    expect(toDecimal(new Decimal("1.23456789012345678901234567890"), "x").toString()).toBe("1.2345678901234567890123456789");
    // 0.1 + 0.2 is 0.3 once read as decimals
    expect(toDecimal(0.1, "x").plus(toDecimal(0.2, "x")).toString()).toBe("0.3");
  });

  it("throws INVALID_ARGUMENT naming the argument", () => {
    for (const bad of ["", "abc", "1.2.3", " 1", "1 ", "1,5", "0x10", "0b1", "Infinity", "NaN", NaN, -Infinity, new Decimal(NaN), null, undefined, 1n, {}, []]) {
      try {
        toDecimal(bad, "price");
        throw new Error("expected a RetentionMetricsError");
      } catch (e) {
        expect(e).toBeInstanceOf(RetentionMetricsError);
        expect((e as RetentionMetricsError).code).toBe("INVALID_ARGUMENT");
        expect((e as RetentionMetricsError).field).toBe("price");
        expect((e as RetentionMetricsError).message.startsWith("argument price: ")).toBe(true);
      }
    }
  });

  it("multiplies exactly and divides to 20 significant digits", () => {
    // 12345678901.23 × 98765432109.87 has 26 significant digits (checked with Python decimal), all kept
    expect(multiply(toDecimal("12345678901.23", "a"), toDecimal("98765432109.87", "b")).toFixed()).toBe(
      "1219326311369686022238.1401",
    );
    expect(divide(toDecimal("1", "a"), toDecimal("3", "b")).toString()).toBe("0.33333333333333333333");
    expect(toPublic(toDecimal("2", "a"))).toBeInstanceOf(Decimal);
  });

  it("property: any finite number reads as its shortest decimal form", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(toDecimal(x, "x").toNumber()).toBe(x === 0 ? 0 : x);
        expect(toDecimal(x, "x").equals(new Decimal(String(x)))).toBe(true);
      }),
    );
  });
});

describe("toDecimal: hostile input (issue 19)", () => {
  it("refuses a Decimal or string with an exponent beyond ±400 before writing its digits (1e100000000 took a minute)", () => {
    for (const value of [new Decimal("1e100000000"), new Decimal("1e1000000000"), new Decimal("-1e-100000000"), "1e401", "1e-401"]) {
      try {
        toDecimal(value, "price");
        throw new Error("expected a RetentionMetricsError");
      } catch (e) {
        expect(e).toBeInstanceOf(RetentionMetricsError);
        expect((e as RetentionMetricsError).code).toBe("INVALID_ARGUMENT");
        expect((e as RetentionMetricsError).field).toBe("price");
        expect((e as RetentionMetricsError).message).toContain("out of range");
      }
    }
    expect(toDecimal(new Decimal("1e400"), "x").toString()).toBe("1e+400");
    expect(toDecimal("-1e-400", "x").toString()).toBe("-1e-400");
    expect(toDecimal(new Decimal(0), "x").toString()).toBe("0");
  });
});
