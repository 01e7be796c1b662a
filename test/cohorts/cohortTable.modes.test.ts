import { TZDate } from "@date-fns/tz";
import { differenceInCalendarMonths, format } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable, type CohortMode } from "../../src/cohorts/cohortTable.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const o = (orderId: string, customerId: string, placedAt: string, total = "10"): Order => ({ orderId, customerId, placedAt, total });

describe("cohortTable cell modes: hand-worked example (docs/cohorts.md, Cell modes)", () => {
  // The January cohort: ann orders in Jan, Feb, Mar; bob in Jan, Mar; cy in Jan, Apr; dee in Jan only.
  const orders = [
    o("1", "ann", "2024-01-05"),
    o("2", "bob", "2024-01-06"),
    o("3", "cy", "2024-01-07"),
    o("4", "dee", "2024-01-08"),
    o("5", "ann", "2024-02-05", "20"),
    o("6", "ann", "2024-03-05"),
    o("7", "bob", "2024-03-06", "5"),
    o("8", "cy", "2024-04-07"),
  ];
  const active = (mode: CohortMode) => cohortTable(orders, { mode, asOf: "2024-04-30" }).cohorts[0]?.cells.map((c) => c.activeCustomers);

  it("counts each mode's active customers", () => {
    expect(active("classic")).toEqual([4, 1, 2, 1]); // Feb: ann; Mar: ann, bob; Apr: cy
    expect(active("unbounded")).toEqual([4, 3, 3, 1]); // ordered then or later
    expect(active("byPeriod")).toEqual([4, 1, 2, 3]); // came back by Feb: ann; by Mar: + bob; by Apr: + cy
    expect(active("consecutive")).toEqual([4, 1, 1, 0]); // every month since: ann through March
  });

  it("revenue retention: each period's revenue over period 0's", () => {
    const t = cohortTable(orders, { asOf: "2024-04-30" });
    // Period 0: 40; Feb 20, Mar 15, Apr 10.
    expect(t.cohorts[0]?.cells.map((c) => c.revenueRetention)).toEqual([1, 0.5, 0.375, 0.25]);
    expect(t.average.map((a) => a.revenueRetention)).toEqual([1, 0.5, 0.375, 0.25]);
  });

  it("retention relative to the previous period", () => {
    const t = cohortTable(orders, { asOf: "2024-04-30" });
    // classic active 4, 1, 2, 1
    expect(t.cohorts[0]?.cells.map((c) => c.periodOverPeriodRetention)).toEqual([null, 0.25, 2, 0.5]);
  });

  it("the average row: pooled and simple mean", () => {
    // Add a February cohort of one customer who returns in March: pooled and mean differ at k = 1.
    const t = cohortTable([...orders, o("9", "eve", "2024-02-10"), o("10", "eve", "2024-03-10")], { asOf: "2024-04-30" });
    // k = 1: January 1 of 4, February 1 of 1. Pooled 2 / 5; mean (0.25 + 1) / 2.
    expect(t.average[1]).toMatchObject({ retention: 2 / 5, meanRetention: 0.625, cohorts: 2, customers: 5 });
  });

  it("an accumulator gives the same table in every mode", () => {
    const acc = createAccumulator();
    for (const x of orders) acc.add(x);
    for (const mode of ["byPeriod", "consecutive"] as const) {
      expect(JSON.stringify(cohortTable(acc, { mode, asOf: "2024-04-30" }))).toBe(JSON.stringify(cohortTable(orders, { mode, asOf: "2024-04-30" })));
    }
  });

  it("counts the customers who ordered again inside their acquisition period", () => {
    const t = cohortTable([...orders, o("11", "dee", "2024-01-20"), o("12", "dee", "2024-01-30"), o("13", "bob", "2024-01-31")], { asOf: "2024-04-30" });
    expect(t.cohorts.map((r) => [r.label, r.size, r.acquisitionPeriodRepeaters])).toEqual([["2024-01", 4, 2]]); // dee and bob
    const acc = createAccumulator();
    for (const x of [...orders, o("11", "dee", "2024-01-20")]) acc.add(x);
    expect(cohortTable(acc, { asOf: "2024-04-30" }).cohorts[0]?.acquisitionPeriodRepeaters).toBe(1);
  });

  it("refuses an unknown mode", () => {
    expectRetentionError(() => cohortTable(orders, { mode: "rolling" as never }), { code: "INVALID_OPTION", field: "mode" });
  });
});

const ZONES = ["UTC", "Europe/Prague", "America/New_York", "Australia/Lord_Howe"] as const;
const BASE = Date.UTC(2023, 0, 1);
const shopArb = fc
  .array(fc.record({ c: fc.integer({ min: 0, max: 9 }), minute: fc.integer({ min: 0, max: 600 * 1440 }), cents: fc.integer({ min: 0, max: 100_000 }) }), { minLength: 1, maxLength: 60 })
  .map((rows): Order[] => rows.map((r, i) => ({ orderId: `o${i}`, customerId: `c${r.c}`, placedAt: BASE + r.minute * 60_000, total: (r.cents / 100).toFixed(2) })));

describe("cohortTable cell modes: properties", () => {
  it("agree with a naive oracle (a TZDate and date-fns per order) in four zones", () => {
    fc.assert(
      fc.property(shopArb, fc.constantFrom(...ZONES), (orders, timeZone) => {
        // Oracle: each customer's set of month offsets since their first order, read with date-fns in the zone.
        const first = new Map<string, number>();
        for (const x of orders) {
          const t = x.placedAt as number;
          const f = first.get(String(x.customerId));
          if (f === undefined || t < f) first.set(String(x.customerId), t);
        }
        const months = new Map<string, Set<number>>();
        for (const x of orders) {
          const c = String(x.customerId);
          const k = differenceInCalendarMonths(new TZDate(x.placedAt as number, timeZone), new TZDate(first.get(c) as number, timeZone));
          (months.get(c) ?? months.set(c, new Set()).get(c))?.add(k);
        }
        const expected = new Map<string, { byPeriod: number; consecutive: number }>();
        for (const [c, ks] of months) {
          const label = format(new TZDate(first.get(c) as number, timeZone), "yyyy-MM");
          const firstReturn = Math.min(...[...ks].filter((k) => k >= 1), Infinity);
          let streak = 0;
          while (ks.has(streak + 1)) streak++;
          for (let k = 0; k < 24; k++) {
            const e = expected.get(`${label}/${k}`) ?? { byPeriod: 0, consecutive: 0 };
            if (k === 0 || firstReturn <= k) e.byPeriod++;
            if (k <= streak) e.consecutive++;
            expected.set(`${label}/${k}`, e);
          }
        }
        // As given (mostly out of time order) and in time order (the one-pass streaks of mode consecutive).
        const sorted = [...orders].sort((a, b) => (a.placedAt as number) - (b.placedAt as number));
        for (const input of [orders, sorted]) {
          for (const mode of ["byPeriod", "consecutive"] as const) {
            const t = cohortTable(input, { timeZone, mode });
            for (const row of t.cohorts) for (const cell of row.cells) expect([row.label, cell.period, mode, cell.activeCustomers]).toEqual([row.label, cell.period, mode, expected.get(`${row.label}/${cell.period}`)?.[mode]]);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it("consecutive ≤ classic ≤ byPeriod cell by cell; byPeriod never falls after column 1; revenue retention = revenue / period-0 revenue", () => {
    fc.assert(
      fc.property(shopArb, fc.constantFrom(...ZONES), fc.constantFrom("week" as const, "month" as const), fc.constantFrom("calendar" as const, "relative" as const), (orders, timeZone, granularity, windows) => {
        const of = (mode: CohortMode) => cohortTable(orders, { timeZone, granularity, windows, mode });
        const [con, cla, byp] = [of("consecutive"), of("classic"), of("byPeriod")];
        cla.cohorts.forEach((row, r) => {
          row.cells.forEach((cell, k) => {
            const c = con.cohorts[r]?.cells[k]?.activeCustomers as number;
            const b = byp.cohorts[r]?.cells[k]?.activeCustomers as number;
            expect(c <= cell.activeCustomers && cell.activeCustomers <= b).toBe(true);
            if (k > 1) expect(b).toBeGreaterThanOrEqual(byp.cohorts[r]?.cells[k - 1]?.activeCustomers as number);
            const rev0 = row.cells[0]?.revenue;
            if (rev0 === undefined || rev0.isZero()) expect(cell.revenueRetention).toBeNull();
            else expect(cell.revenueRetention).toBeCloseTo(cell.revenue.div(rev0).toNumber(), 12);
          });
        });
        for (const t of [con, cla, byp]) for (const a of t.average) for (const v of [a.retention, a.meanRetention]) expect(v === null || (v >= 0 && v <= 1)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
