import { expectRetentionError } from "../support/expectRetentionError.js";
import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { discountedLifetimeValue } from "../../src/value/discountedLifetimeValue.js";

const expectError = (fn: () => unknown, field: string): void => {
  expectRetentionError(fn, { code: "INVALID_ARGUMENT", field, index: null });
};

describe("discountedLifetimeValue", () => {
  it('docs/lifetime-value.md "Discounted CLV": $100 a year, r = 0.8, d = 0.1', () => {
    // 100 × 0.8 / (1 + 0.1 − 0.8) = 80 / 0.3 = 266.666…, kept to 20 significant digits (half-even)
    const r = discountedLifetimeValue({ margin: "100", retentionRate: 0.8, discountRate: 0.1 });
    expect(r.discountedLifetimeValue.toString()).toBe("266.66666666666666667");
    expect(r.discountedLifetimeValue.toFixed(2)).toBe("266.67");
    expect(r.discountedLifetimeValue).toBeInstanceOf(Decimal);
    expect(r.margin.toString()).toBe("100");
    expect(r.retentionRate).toBe(0.8);
    expect(r.discountRate).toBe(0.1);
    // margin multiple 0.8 / 0.3 = 2.666…
    expect(r.marginMultiple).toBeCloseTo(8 / 3, 15);
  });

  it('docs/lifetime-value.md "Discounted CLV": the series, summed by hand, approaches the closed form', () => {
    // Σ_{t=1..T} m r^t / (1+d)^t with m = 100, r = 0.8, d = 0.1; the first margin comes after one retention.
    // t = 1: 100 × 0.8 / 1.1 = 72.727…; t = 2: 100 × 0.64 / 1.21 = 52.892…; and so on.
    let sum = new Decimal(0);
    for (let t = 1; t <= 400; t++) sum = sum.plus(new Decimal(100).times(new Decimal(0.8).pow(t)).div(new Decimal(1.1).pow(t)));
    const r = discountedLifetimeValue({ margin: "100", retentionRate: 0.8, discountRate: 0.1 });
    expect(sum.minus(r.discountedLifetimeValue).abs().lt("1e-10")).toBe(true);
    // The other convention, a margin at the start of every period: m(1 + d)/(1 + d − r) = 110 / 0.3 = 366.67 = value + m
    expect(r.discountedLifetimeValue.plus(100).toFixed(2)).toBe(new Decimal(110).div(0.3).toFixed(2));
  });

  it("terminating divisions are exact", () => {
    // 100 × 0.6 / (1.1 − 0.6) = 60 / 0.5 = 120
    expect(discountedLifetimeValue({ margin: 100, retentionRate: 0.6, discountRate: 0.1 }).discountedLifetimeValue.toString()).toBe("120");
    // 100 × 0.9 / 0.2 = 450
    expect(discountedLifetimeValue({ margin: new Decimal(100), retentionRate: 0.9, discountRate: 0.1 }).discountedLifetimeValue.toString()).toBe("450");
    // d = 0: m r / (1 − r) = 50 × 0.5 / 0.5 = 50
    expect(discountedLifetimeValue({ margin: "50", retentionRate: 0.5, discountRate: 0 }).discountedLifetimeValue.toString()).toBe("50");
  });

  it("edge cases: r = 0, zero and negative margins", () => {
    const zero = discountedLifetimeValue({ margin: "100", retentionRate: 0, discountRate: 0.1 });
    expect(zero.discountedLifetimeValue.toString()).toBe("0");
    expect(zero.marginMultiple).toBe(0);
    expect(discountedLifetimeValue({ margin: "0", retentionRate: 0.9, discountRate: 0.1 }).discountedLifetimeValue.toString()).toBe("0");
    // −10 × 0.5 / 0.6 = −8.333…
    expect(discountedLifetimeValue({ margin: "-10", retentionRate: 0.5, discountRate: 0.1 }).discountedLifetimeValue.toFixed(2)).toBe("-8.33");
    // r just below 1 and d = 0: 1 × 0.999999 / 0.000001 = 999,999
    expect(discountedLifetimeValue({ margin: "1", retentionRate: 0.999999, discountRate: 0 }).discountedLifetimeValue.toString()).toBe("999999");
  });

  it("rejects bad inputs", () => {
    for (const r of [1, 1.5, -0.1, NaN, Infinity, "0.8", undefined]) {
      expectError(() => discountedLifetimeValue({ margin: "100", retentionRate: r as never, discountRate: 0.1 }), "retentionRate");
    }
    for (const d of [-0.1, -1, NaN, Infinity, "0.1", undefined]) {
      expectError(() => discountedLifetimeValue({ margin: "100", retentionRate: 0.5, discountRate: d as never }), "discountRate");
    }
    for (const m of ["abc", NaN, Infinity, undefined, null]) {
      expectError(() => discountedLifetimeValue({ margin: m as never, retentionRate: 0.5, discountRate: 0.1 }), "margin");
    }
    expectError(() => discountedLifetimeValue(null as never), "input");
  });

  const rate = fc.integer({ min: 0, max: 999 }).map((k) => k / 1000); // r in [0, 0.999]
  const discount = fc.integer({ min: 0, max: 500 }).map((k) => k / 1000); // d in [0, 0.5]
  const money = fc.integer({ min: 1, max: 10_000_000 }).map((c) => new Decimal(c).div(100));

  it("property: increasing in r for a positive margin", () => {
    fc.assert(
      fc.property(money, rate, rate, discount, (m, a, b, d) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const vLo = discountedLifetimeValue({ margin: m, retentionRate: lo, discountRate: d }).discountedLifetimeValue;
        const vHi = discountedLifetimeValue({ margin: m, retentionRate: hi, discountRate: d }).discountedLifetimeValue;
        expect(vHi.gt(vLo)).toBe(true);
      }),
    );
  });

  it("property: decreasing in d, linear in m, and between 0 and m r / (1 − r)", () => {
    fc.assert(
      fc.property(money, rate, discount, discount, (m, r, d1, d2) => {
        fc.pre(r > 0 && d1 !== d2);
        const [lo, hi] = d1 < d2 ? [d1, d2] : [d2, d1];
        const a = discountedLifetimeValue({ margin: m, retentionRate: r, discountRate: lo });
        const b = discountedLifetimeValue({ margin: m, retentionRate: r, discountRate: hi });
        expect(b.discountedLifetimeValue.lt(a.discountedLifetimeValue)).toBe(true);
        const twice = discountedLifetimeValue({ margin: m.times(2), retentionRate: r, discountRate: lo });
        expect(twice.discountedLifetimeValue.minus(a.discountedLifetimeValue.times(2)).abs().lte(twice.discountedLifetimeValue.abs().times("1e-19"))).toBe(true);
        expect(a.discountedLifetimeValue.gt(0)).toBe(true);
        expect(a.discountedLifetimeValue.lte(m.times(String(r)).div(new Decimal(1).minus(String(r))).times("1.000000000000000001"))).toBe(true);
      }),
    );
  });
});
