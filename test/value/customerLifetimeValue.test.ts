import { expectRetentionError } from "../support/expectRetentionError.js";
import type { RetentionMetricsErrorCode } from "../../src/core/RetentionMetricsError.js";
import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { customerLifetimeValue } from "../../src/value/customerLifetimeValue.js";

const expectError = (fn: () => unknown, code: RetentionMetricsErrorCode, field: string): RetentionMetricsError =>
  expectRetentionError(fn, { code, field, index: null, messageStartsWith: `argument ${field}: ` });

describe("customerLifetimeValue", () => {
  it('docs/lifetime-value.md "Simple CLV": $200 a year for 3 years is $600', () => {
    // 200 × 3 = 600
    const r = customerLifetimeValue({ customerValue: "200", lifespan: 3 });
    expect(r.customerLifetimeValue.toString()).toBe("600");
    expect(r.valuePerPeriod.toString()).toBe("200");
    expect(r.lifespan).toBe(3);
    expect(r.margin).toBeNull();
    expect(r.customerLifetimeValue).toBeInstanceOf(Decimal);
  });

  it('docs/lifetime-value.md "Simple CLV": CLV = AOV × F × t', () => {
    // AOV $50, F = 4 orders a year, t = 3 years: 50 × 4 = 200 a year; 200 × 3 = 600
    const r = customerLifetimeValue({ averageOrderValue: "50", purchaseFrequency: 4, lifespan: 3 });
    expect(r.valuePerPeriod.toString()).toBe("200");
    expect(r.customerLifetimeValue.toString()).toBe("600");
  });

  it('docs/lifetime-value.md "Margin-adjusted CLV": 30% gross margin', () => {
    // 50 × 4 × 0.3 = 60 a year; 60 × 3 = 180
    const r = customerLifetimeValue({ averageOrderValue: "50", purchaseFrequency: 4, lifespan: 3, margin: 0.3 });
    expect(r.valuePerPeriod.toString()).toBe("60");
    expect(r.customerLifetimeValue.toString()).toBe("180");
    expect(r.margin).toBe(0.3);
  });

  it("multiplies exactly: 0.1 × 3 is 0.3, and F is read through its shortest decimal form", () => {
    // AOV 0.1, F 3 → 0.3 per period (0.1 * 3 in floating point would be 0.30000000000000004)
    expect(customerLifetimeValue({ averageOrderValue: 0.1, purchaseFrequency: 3, lifespan: 1 }).customerLifetimeValue.toString()).toBe("0.3");
    // AOV 19.99, F 1.1, lifespan 2.5 → 19.99 × 1.1 = 21.989; × 2.5 = 54.9725
    const r = customerLifetimeValue({ averageOrderValue: "19.99", purchaseFrequency: 1.1, lifespan: 2.5 });
    expect(r.customerLifetimeValue.toString()).toBe("54.9725");
    // A repeating F is taken as its shortest decimal form: 4/3 → "1.3333333333333333"
    // 30 × 1.3333333333333333 = 39.999999999999999
    expect(customerLifetimeValue({ averageOrderValue: "30", purchaseFrequency: 4 / 3, lifespan: 1 }).customerLifetimeValue.toString()).toBe(
      "39.999999999999999",
    );
  });

  it("accepts a Decimal and a number as money", () => {
    expect(customerLifetimeValue({ customerValue: new Decimal("123.45"), lifespan: 2 }).customerLifetimeValue.toString()).toBe("246.9");
    expect(customerLifetimeValue({ customerValue: 123.45, lifespan: 2 }).customerLifetimeValue.toString()).toBe("246.9");
    expect(customerLifetimeValue({ customerValue: "1e3", lifespan: 2 }).customerLifetimeValue.toString()).toBe("2000");
  });

  it("a summarize result spreads straight in, and customerValue wins over AOV × F", () => {
    // A summary-shaped object with many other fields; customerValue is revenue / customers exactly,
    // AOV × F might not be (AOV 33.333… × F 1.5 would round).
    const summary = {
      orders: 3,
      customers: 2,
      revenue: new Decimal("100"),
      averageOrderValue: new Decimal("33.333333333333333333"),
      purchaseFrequency: 1.5,
      customerValue: new Decimal("50"),
      repeatCustomerRate: 0.5,
      firstOrderAt: 0,
      lastOrderAt: 1,
    };
    // 50 per customer per year × 3 years = 150
    const r = customerLifetimeValue({ ...summary, lifespan: 3 });
    expect(r.customerLifetimeValue.toString()).toBe("150");
  });

  it("type-checks a spread of a summary typed with nullable fields", () => {
    // The shape `summarize` returns: nullable AOV, F and CV, plus other fields.
    interface SummaryLike {
      readonly orders: number;
      readonly averageOrderValue: Decimal | null;
      readonly purchaseFrequency: number | null;
      readonly customerValue: Decimal | null;
      readonly revenue: { readonly net: Decimal };
    }
    const summary: SummaryLike = {
      orders: 4,
      averageOrderValue: new Decimal("25"),
      purchaseFrequency: 2,
      customerValue: null,
      revenue: { net: new Decimal("100") },
    };
    // customerValue is null, so AOV × F: 25 × 2 = 50 a year; × 2 years × 0.5 margin = 50
    expect(customerLifetimeValue({ ...summary, lifespan: 2, margin: 0.5 }).customerLifetimeValue.toString()).toBe("50");
  });

  it("falls back to AOV × F when customerValue is null", () => {
    // 25 × 2 × 3 = 150
    const r = customerLifetimeValue({ averageOrderValue: "25", purchaseFrequency: 2, customerValue: null, lifespan: 3 });
    expect(r.customerLifetimeValue.toString()).toBe("150");
  });

  it("edge cases: lifespan 0, margin 0 and 1, zero values", () => {
    expect(customerLifetimeValue({ customerValue: "200", lifespan: 0 }).customerLifetimeValue.toString()).toBe("0");
    expect(customerLifetimeValue({ customerValue: "200", lifespan: 3, margin: 0 }).customerLifetimeValue.toString()).toBe("0");
    expect(customerLifetimeValue({ customerValue: "200", lifespan: 3, margin: 1 }).customerLifetimeValue.toString()).toBe("600");
    expect(customerLifetimeValue({ customerValue: "200", lifespan: 3, margin: null }).margin).toBeNull();
    expect(customerLifetimeValue({ averageOrderValue: "0", purchaseFrequency: 0, lifespan: 3 }).customerLifetimeValue.toString()).toBe("0");
    expect(customerLifetimeValue({ customerValue: "-0", lifespan: 3 }).customerLifetimeValue.isNegative()).toBe(false);
  });

  it("rejects null summary values with a message about empty windows", () => {
    const empty = { averageOrderValue: null, purchaseFrequency: null, customerValue: null, orders: 0 };
    const err = expectError(() => customerLifetimeValue({ ...empty, lifespan: 3 }), "INVALID_ARGUMENT", "averageOrderValue");
    expect(err.message).toContain("no orders");
    expectError(
      () => customerLifetimeValue({ averageOrderValue: "10", purchaseFrequency: null, lifespan: 3 }),
      "INVALID_ARGUMENT",
      "purchaseFrequency",
    );
  });

  it("rejects missing inputs", () => {
    expectError(() => customerLifetimeValue({ lifespan: 3 } as never), "INVALID_ARGUMENT", "customerValue");
    expectError(() => customerLifetimeValue({ customerValue: null, lifespan: 3 } as never), "INVALID_ARGUMENT", "customerValue");
    expectError(() => customerLifetimeValue({ purchaseFrequency: 2, lifespan: 3 } as never), "INVALID_ARGUMENT", "averageOrderValue");
    expectError(() => customerLifetimeValue({ averageOrderValue: "2", lifespan: 3 } as never), "INVALID_ARGUMENT", "purchaseFrequency");
    expectError(() => customerLifetimeValue(null as never), "INVALID_ARGUMENT", "input");
    expectError(() => customerLifetimeValue("200" as never), "INVALID_ARGUMENT", "input");
  });

  it("rejects bad amounts", () => {
    for (const bad of ["abc", "", " 1", "1,000", "0x10", "Infinity", "NaN", NaN, Infinity, new Decimal(NaN), new Decimal(Infinity), true, {}]) {
      expectError(() => customerLifetimeValue({ customerValue: bad as never, lifespan: 1 }), "INVALID_ARGUMENT", "customerValue");
    }
    expectError(() => customerLifetimeValue({ customerValue: "-1", lifespan: 1 }), "INVALID_ARGUMENT", "customerValue");
    expectError(
      () => customerLifetimeValue({ averageOrderValue: "-5", purchaseFrequency: 1, lifespan: 1 }),
      "INVALID_ARGUMENT",
      "averageOrderValue",
    );
    expectError(
      () => customerLifetimeValue({ averageOrderValue: "x", purchaseFrequency: 1, lifespan: 1 }),
      "INVALID_ARGUMENT",
      "averageOrderValue",
    );
  });

  it("rejects bad purchase frequency, lifespan and margin", () => {
    for (const f of [-1, NaN, Infinity, "2"]) {
      expectError(
        () => customerLifetimeValue({ averageOrderValue: "5", purchaseFrequency: f as never, lifespan: 1 }),
        "INVALID_ARGUMENT",
        "purchaseFrequency",
      );
    }
    for (const t of [-1, NaN, Infinity, -Infinity, "3", undefined]) {
      expectError(() => customerLifetimeValue({ customerValue: "5", lifespan: t as never }), "INVALID_ARGUMENT", "lifespan");
    }
    for (const m of [-0.1, 1.1, NaN, Infinity, "0.3"]) {
      expectError(() => customerLifetimeValue({ customerValue: "5", lifespan: 1, margin: m as never }), "INVALID_ARGUMENT", "margin");
    }
  });

  it("property: CLV is linear in lifespan", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (cents, a, b) => {
          const cv = new Decimal(cents).div(100);
          const ta = a / 4; // quarter periods: exact in binary and decimal
          const tb = b / 4;
          const va = customerLifetimeValue({ customerValue: cv, lifespan: ta }).customerLifetimeValue;
          const vb = customerLifetimeValue({ customerValue: cv, lifespan: tb }).customerLifetimeValue;
          const vab = customerLifetimeValue({ customerValue: cv, lifespan: ta + tb }).customerLifetimeValue;
          expect(vab.equals(va.plus(vb))).toBe(true);
          expect(va.equals(cv.times(ta))).toBe(true);
        },
      ),
    );
  });

  it("property: AOV × F × t equals customerValue × t, and margin scales the value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 100 }),
        (aovCents, fTenths, t, marginPct) => {
          const aov = new Decimal(aovCents).div(100);
          const f = fTenths / 10;
          const margin = marginPct / 100;
          const viaOrders = customerLifetimeValue({ averageOrderValue: aov, purchaseFrequency: f, lifespan: t, margin });
          const viaValue = customerLifetimeValue({ customerValue: aov.times(String(f)), lifespan: t, margin });
          expect(viaOrders.customerLifetimeValue.equals(viaValue.customerLifetimeValue)).toBe(true);
          expect(viaOrders.customerLifetimeValue.equals(aov.times(String(f)).times(t).times(String(margin)))).toBe(true);
          expect(viaOrders.customerLifetimeValue.gte(0)).toBe(true);
        },
      ),
    );
  });
});
