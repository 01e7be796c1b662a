import { expectRetentionError } from "../support/expectRetentionError.js";
import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { discountedLifetimeValue } from "../../src/value/discountedLifetimeValue.js";
import { retentionImpact } from "../../src/value/retentionImpact.js";

const expectError = (fn: () => unknown, field: string): void => {
  expectRetentionError(fn, { code: "INVALID_ARGUMENT", field, index: null });
};

describe("retentionImpact", () => {
  it('docs/lifetime-value.md "Retention impact": a typical shop, m = $100/yr, d = 0.1, five points more retention', () => {
    // r = 0.60 → 0.65: 100 × 0.6 / 0.5 = 120.00;  100 × 0.65 / 0.45 = 144.44; +24.44, +20.4%
    // r = 0.75 → 0.80: 100 × 0.75 / 0.35 = 214.29; 100 × 0.8 / 0.3 = 266.67;  +52.38, +24.4%
    // r = 0.90 → 0.95: 100 × 0.9 / 0.2 = 450.00;  100 × 0.95 / 0.15 = 633.33; +183.33, +40.7%
    const rows = [
      [0.6, "120.00", "144.44", "24.44", "20.4"],
      [0.75, "214.29", "266.67", "52.38", "24.4"],
      [0.9, "450.00", "633.33", "183.33", "40.7"],
    ] as const;
    for (const [r, before, after, change, percent] of rows) {
      const impact = retentionImpact({ margin: "100", retentionRate: r, discountRate: 0.1, uplift: 0.05 });
      expect(impact.before.discountedLifetimeValue.toFixed(2)).toBe(before);
      expect(impact.after.discountedLifetimeValue.toFixed(2)).toBe(after);
      expect(impact.retentionImpact.toFixed(2)).toBe(change);
      expect((impact.relativeChange! * 100).toFixed(1)).toBe(percent);
    }
  });

  it("hand-computed relative change: (r + u)(1 + d − r) / (r (1 + d − r − u)) − 1", () => {
    // r = 0.75, u = 0.05, d = 0.1: 0.8 × 0.35 / (0.75 × 0.3) − 1 = 0.28 / 0.225 − 1 = 0.2444…
    const impact = retentionImpact({ margin: "100", retentionRate: 0.75, discountRate: 0.1, uplift: 0.05 });
    expect(impact.relativeChange).toBeCloseTo(0.28 / 0.225 - 1, 15);
    // the rate after is the exact decimal sum 0.75 + 0.05, not the float sum
    expect(impact.after.retentionRate).toBe(0.8);
    expect(retentionImpact({ margin: "1", retentionRate: 0.9, discountRate: 0.1, uplift: 0.05 }).after.retentionRate).toBe(0.95);
    expect(impact.uplift).toBe(0.05);
  });

  it("before and after agree with discountedLifetimeValue", () => {
    const impact = retentionImpact({ margin: "80", retentionRate: 0.7, discountRate: 0.12, uplift: 0.1 });
    expect(impact.before).toEqual(discountedLifetimeValue({ margin: "80", retentionRate: 0.7, discountRate: 0.12 }));
    expect(impact.after).toEqual(discountedLifetimeValue({ margin: "80", retentionRate: 0.8, discountRate: 0.12 }));
    expect(impact.retentionImpact.equals(impact.after.discountedLifetimeValue.minus(impact.before.discountedLifetimeValue))).toBe(true);
  });

  it("edge cases: zero uplift, negative uplift, r = 0 or m = 0 gives a null relative change", () => {
    const same = retentionImpact({ margin: "100", retentionRate: 0.5, discountRate: 0.1, uplift: 0 });
    expect(same.retentionImpact.toString()).toBe("0");
    expect(same.relativeChange).toBe(0);
    // 0.8 → 0.6: 100 × 0.6 / 0.5 = 120 against 266.67
    const down = retentionImpact({ margin: "100", retentionRate: 0.8, discountRate: 0.1, uplift: -0.2 });
    expect(down.after.discountedLifetimeValue.toString()).toBe("120");
    expect(down.relativeChange!).toBeLessThan(0);
    const fromZero = retentionImpact({ margin: "100", retentionRate: 0, discountRate: 0.1, uplift: 0.5 });
    expect(fromZero.relativeChange).toBeNull();
    // 100 × 0.5 / 0.6 = 83.33
    expect(fromZero.retentionImpact.toFixed(2)).toBe("83.33");
    expect(retentionImpact({ margin: "0", retentionRate: 0.5, discountRate: 0.1, uplift: 0.1 }).relativeChange).toBeNull();
    // uplift to exactly 0 is allowed
    expect(retentionImpact({ margin: "100", retentionRate: 0.3, discountRate: 0.1, uplift: -0.3 }).after.discountedLifetimeValue.toString()).toBe("0");
  });

  it("rejects an uplift that leaves [0, 1) and bad inputs", () => {
    expectError(() => retentionImpact({ margin: "100", retentionRate: 0.96, discountRate: 0.1, uplift: 0.05 }), "uplift");
    expectError(() => retentionImpact({ margin: "100", retentionRate: 0.95, discountRate: 0.1, uplift: 0.05 }), "uplift");
    expectError(() => retentionImpact({ margin: "100", retentionRate: 0.1, discountRate: 0.1, uplift: -0.2 }), "uplift");
    for (const u of [NaN, Infinity, "0.05", undefined]) {
      expectError(() => retentionImpact({ margin: "100", retentionRate: 0.5, discountRate: 0.1, uplift: u as never }), "uplift");
    }
    expectError(() => retentionImpact({ margin: "x", retentionRate: 0.5, discountRate: 0.1, uplift: 0.05 }), "margin");
    expectError(() => retentionImpact({ margin: "1", retentionRate: 1, discountRate: 0.1, uplift: 0.05 }), "retentionRate");
    expectError(() => retentionImpact({ margin: "1", retentionRate: 0.5, discountRate: -1, uplift: 0.05 }), "discountRate");
    expectError(() => retentionImpact(undefined as never), "input");
  });

  it("property: a positive uplift raises the value, and the relative change does not depend on the margin", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (rk, uk, dk, m1, m2) => {
          const retentionRate = rk / 1000;
          const uplift = uk / 1000;
          const discountRate = dk / 1000;
          const a = retentionImpact({ margin: new Decimal(m1).div(100), retentionRate, discountRate, uplift });
          const b = retentionImpact({ margin: new Decimal(m2).div(100), retentionRate, discountRate, uplift });
          expect(a.retentionImpact.gt(0)).toBe(true);
          expect(a.relativeChange!).toBeGreaterThan(0);
          expect(a.relativeChange).toBe(b.relativeChange);
          // relativeChange matches the ratio of the two values
          const ratio = a.after.discountedLifetimeValue.div(a.before.discountedLifetimeValue).minus(1).toNumber();
          expect(Math.abs(ratio - a.relativeChange!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ratio)));
        },
      ),
    );
  });
});
