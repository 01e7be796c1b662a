import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable, historicalLifetimeValue, RetentionMetricsError, summarize, type Order } from "../../src/index.js";

const shop: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "20" },
  { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "30" },
  { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "10" },
  { orderId: "4", customerId: "cy", placedAt: "2024-02-05", total: "40" },
  { orderId: "5", customerId: "cy", placedAt: "2024-03-31", total: "5" },
];

describe("historicalLifetimeValue (docs/lifetime-value.md, Historical CLV)", () => {
  it("averages cumulative revenue per acquired customer over complete cohorts, by hand", () => {
    // Cohorts: January = {ann, bob} (size 2), February = {cy} (size 1). asOf 2024-03-31 = end of March.
    // month 0: Jan cohort in Jan 20 + 10 = 30, Feb cohort in Feb 40 -> (30 + 40) / 3 = 23.33, 2 cohorts, 3 customers
    // month 1: Jan cohort through Feb 30 + 30 = 60, Feb cohort through Mar 45 -> 105 / 3 = 35
    // month 2: Feb cohort's April is not observed; Jan cohort through Mar = 60 -> 60 / 2 = 30
    const r = historicalLifetimeValue(shop, { asOf: "2024-03-31" });
    expect(r.periods.map((p) => [p.period, p.historicalLifetimeValue?.toFixed(2) ?? null, p.cohorts, p.customers])).toEqual([
      [0, "23.33", 2, 3],
      [1, "35.00", 2, 3],
      [2, "30.00", 1, 2],
    ]);
    expect(r.granularity).toBe("month");
  });

  it("caps the number of points, and reports no value where nothing is complete yet", () => {
    const r = historicalLifetimeValue(shop, { asOf: "2024-03-31", periods: 2 });
    expect(r.periods).toHaveLength(2);
    // asOf in mid-January: no month is complete
    const early = historicalLifetimeValue(shop, { asOf: "2024-01-15" });
    expect(early.periods.every((p) => p.historicalLifetimeValue === null && p.cohorts === 0)).toBe(true);
  });

  it("gives no points for empty input", () => {
    expect(historicalLifetimeValue([]).periods).toEqual([]);
  });

  it("rejects day and week steps and bad options", () => {
    for (const granularity of ["day", "week", "fortnight"]) {
      expect(() => historicalLifetimeValue(shop, { granularity: granularity as "month" })).toThrow(RetentionMetricsError);
    }
    expect(() => historicalLifetimeValue(shop, null as never)).toThrow(RetentionMetricsError);
  });

  it("property: equals the cohort kernel's average curve, and period 0 never exceeds revenue per customer", () => {
    const arb = fc.array(
      fc.record({ c: fc.integer({ min: 0, max: 6 }), day: fc.integer({ min: 0, max: 200 }), cents: fc.integer({ min: 0, max: 10_000 }) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const orders: Order[] = rows.map((r, i) => ({ orderId: String(i), customerId: `c${r.c}`, placedAt: Date.UTC(2024, 0, 1) + r.day * 86_400_000, total: (r.cents / 100).toFixed(2) }));
        const asOf = "2024-07-31";
        const ltv = historicalLifetimeValue(orders, { asOf, granularity: "quarter" });
        const table = cohortTable(orders, { asOf, granularity: "quarter" });
        expect(ltv.periods.map((p) => p.historicalLifetimeValue?.toString() ?? null)).toEqual(table.average.map((p) => p.cumulativeRevenuePerCustomer?.toString() ?? null));
        // Period 0 over all complete cohorts never exceeds total revenue per customer. Both sides are divided by
        // the same count (rounding to 20 digits is monotonic); p0 × count can exceed net by the rounding.
        const s = summarize(orders);
        const p0 = ltv.periods[0]?.historicalLifetimeValue;
        const k = ltv.periods[0]?.customers ?? 0;
        if (p0 && s.customers > 0 && k > 0) expect(p0.lte(s.revenue.net.div(k))).toBe(true);
      }),
    );
  });
});
