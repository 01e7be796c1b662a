import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Decimal } from "decimal.js";
import { cohortEconomics } from "../../src/value/cohortEconomics.js";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const o = (orderId: string, customerId: string, placedAt: string, total: string): Order => ({ orderId, customerId, placedAt, total });

describe("cohortEconomics: hand-worked example (docs/lifetime-value.md, Cohort economics)", () => {
  // January: ann 30 (Jan) + 50 (Feb), bob 10 (Jan) + 30 (Apr). February: cy 40 (Feb).
  const orders = [o("1", "ann", "2024-01-10", "30"), o("2", "bob", "2024-01-20", "10"), o("3", "ann", "2024-02-10", "50"), o("4", "cy", "2024-02-15", "40"), o("5", "bob", "2024-04-02", "30")];
  const asOf = "2024-04-30";

  it("one CAC: payback, margin to date and LTV:CAC", () => {
    const e = cohortEconomics(orders, { acquisitionCost: "25", marginRate: "0.5", horizons: [0, 1, 3, 6], asOf });
    // January: margin per customer by month 0.5 × (40, 90, 90, 120) / 2 = 10, 22.5, 22.5, 30 → reaches 25 in month 3.
    // February: 0.5 × 40 / 1 = 20 in every month → never reaches 25.
    expect(e.cohorts.map((c) => [c.label, c.size, c.acquisitionCost?.toString(), c.marginToDate.toString(), c.paybackPeriod])).toEqual([
      ["2024-01", 2, "25", "30", 3],
      ["2024-02", 1, "25", "20", null],
    ]);
    expect(e.cohorts[0]?.lifetimeValueToCost).toEqual([
      { period: 0, ratio: 0.4, complete: true },
      { period: 1, ratio: 0.9, complete: true },
      { period: 3, ratio: 1.2, complete: true },
      { period: 6, ratio: null, complete: false },
    ]);
    expect(e.cohorts[1]?.lifetimeValueToCost.map((x) => x.ratio)).toEqual([0.8, 0.8, null, null]);
  });

  it("a cost per cohort, as the cohort's total spend; unmatched labels are reported", () => {
    const e = cohortEconomics(orders, { acquisitionCost: { "2024-01": "100", "2023-12": "5" }, costBasis: "cohortTotal", asOf });
    expect(e.cohorts.map((c) => [c.label, c.acquisitionCost?.toString() ?? null, c.paybackPeriod])).toEqual([
      ["2024-01", "50", 3], // 100 / 2 customers; revenue per customer 20, 45, 45, 60 → month 3
      ["2024-02", null, null],
    ]);
    expect(e.unusedCostLabels).toEqual(["2023-12"]);
  });

  it("a CAC of 0 is paid back at once; an accumulator gives the same result", () => {
    expect(cohortEconomics(orders, { acquisitionCost: 0, asOf }).cohorts.map((c) => c.paybackPeriod)).toEqual([0, 0]);
    const acc = createAccumulator();
    for (const x of orders) acc.add(x);
    expect(JSON.stringify(cohortEconomics(acc, { acquisitionCost: "25", asOf }))).toBe(JSON.stringify(cohortEconomics(orders, { acquisitionCost: "25", asOf })));
  });

  it("refuses bad options with the field", () => {
    expectRetentionError(() => cohortEconomics(orders, {} as never), { code: "INVALID_OPTION", field: "acquisitionCost" });
    expectRetentionError(() => cohortEconomics(orders, { acquisitionCost: "abc" }), { code: "INVALID_OPTION", field: "acquisitionCost" });
    expectRetentionError(() => cohortEconomics(orders, { acquisitionCost: { "2024-01": "-1" } }), { code: "INVALID_OPTION", field: "acquisitionCost.2024-01" });
    expectRetentionError(() => cohortEconomics(orders, { acquisitionCost: "1", marginRate: "1.5" }), { code: "INVALID_OPTION", field: "marginRate" });
    expectRetentionError(() => cohortEconomics(orders, { acquisitionCost: "1", horizons: [1.5] }), { code: "INVALID_OPTION", field: "horizons" });
    expectRetentionError(() => cohortEconomics(orders, { acquisitionCost: "1", horizons: 3 as unknown as number[] }), { code: "INVALID_OPTION", field: "horizons" });
    expectRetentionError(() => cohortEconomics(orders, { acquisitionCost: "1", costBasis: "each" as never }), { code: "INVALID_OPTION", field: "costBasis" });
  });
});

describe("cohortEconomics: properties", () => {
  const shop = fc
    .array(fc.record({ c: fc.integer({ min: 0, max: 8 }), day: fc.integer({ min: 0, max: 400 }), cents: fc.integer({ min: 0, max: 50_000 }) }), { minLength: 1, maxLength: 40 })
    .map((rows): Order[] => rows.map((r, i) => ({ orderId: String(i), customerId: `c${r.c}`, placedAt: new Date(Date.UTC(2023, 0, 1) + r.day * 86_400_000), total: (r.cents / 100).toFixed(2) })));

  it("margin is the cohort table's cumulative revenue per customer × rate, and payback is its first crossing", () => {
    fc.assert(
      fc.property(shop, fc.integer({ min: 0, max: 500 }), fc.constantFrom("0.25", "0.5", "1"), (orders, cacUnits, rate) => {
        const cac = new Decimal(cacUnits);
        const e = cohortEconomics(orders, { acquisitionCost: cac, marginRate: rate, timeZone: "Europe/Prague" });
        const t = cohortTable(orders, { timeZone: "Europe/Prague" });
        e.cohorts.forEach((row, r) => {
          const cells = t.cohorts[r]?.cells ?? [];
          const size = t.cohorts[r]?.size as number;
          // Exact: margin × size against cost × size (no division).
          const margins = cells.map((c) => c.cumulativeRevenue.times(rate));
          const expected = (margins.at(-1) as Decimal).div(size);
          expect(row.marginToDate.minus(expected).abs().lte(expected.abs().times("1e-18"))).toBe(true);
          const first = margins.findIndex((m) => m.gte(cac.times(size)));
          expect(row.paybackPeriod).toBe(first < 0 ? null : first);
          // Margin to date never falls with k: once paid back, it stays paid back.
          for (let k = 1; k < margins.length; k++) expect((margins[k] as Decimal).gte(margins[k - 1] as Decimal)).toBe(true);
        });
      }),
      { numRuns: 60 },
    );
  });
});
