import { TZDate } from "@date-fns/tz";
import { differenceInCalendarMonths, format } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable, type CohortTableResult } from "../../src/cohorts/cohortTable.js";
import { cohortHeatmap } from "../../src/render/cohortHeatmap.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const o = (orderId: string, customerId: string, placedAt: string, total = "10"): Order => ({ orderId, customerId, placedAt, total });

// The orders of docs/cohorts.md, "Cell modes": ann orders in Jan, Feb, Mar; bob in Jan, Mar; cy in Jan, Apr; dee in Jan.
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

describe("docs/cohorts.md, Brackets", () => {
  it("counts a customer once per bracket, sums orders and revenue, labels the columns", () => {
    const t = cohortTable(orders, { mode: "brackets", brackets: [[1, 1], [2, 3]], asOf: "2024-04-30" });
    expect([t.mode, t.brackets, t.columnLabels, t.periods, t.periodIndexBase]).toEqual(["brackets", [[1, 1], [2, 3]], ["0", "1", "2–3"], 3, 0]);
    const row = t.cohorts[0];
    // Column 2: ann and bob in March, cy in April; orders 3, revenue 10 + 5 + 10 = 25 over period 0's 40.
    expect(row?.cells.map((c) => [c.period, c.activeCustomers, c.orders, c.revenue.toString(), c.complete])).toEqual([
      [0, 4, 4, "40", true],
      [1, 1, 1, "20", true],
      [2, 3, 3, "25", true],
    ]);
    expect(row?.cells[2]?.revenueRetention).toBe(0.625);
    expect(row?.cells[2]?.cumulativeRevenue.toString()).toBe("85");
    expect(t.average.map((a) => a.retention)).toEqual([1, 0.25, 0.75]);
  });

  it("a bracket whose last period is not observed is incomplete, keeps the cohort size, and stays out of the average", () => {
    const t = cohortTable(orders, { mode: "brackets", brackets: [[1, 1], [2, 3]], asOf: "2024-03-31" });
    expect(t.cohorts[0]?.cells.map((c) => [c.activeCustomers, c.retention, c.complete])).toEqual([
      [4, 1, true],
      [1, 0.25, true],
      [2, 0.5, false],
    ]);
    expect(t.average.map((a) => a.retention)).toEqual([1, 0.25, null]);
    // A bracket not begun yet is not shown.
    expect(cohortTable(orders, { mode: "brackets", brackets: [[1, 1], [2, 3]], asOf: "2024-02-20" }).cohorts[0]?.cells).toHaveLength(2);
  });

  it("periodIndexBase 1 reads brackets and rankPeriod in that numbering and changes only labels", () => {
    const t0 = cohortTable(orders, { mode: "brackets", brackets: [[1, 1], [2, 3]], asOf: "2024-04-30" });
    const t1 = cohortTable(orders, { mode: "brackets", brackets: [[2, 2], [3, 4]], periodIndexBase: 1, asOf: "2024-04-30" });
    expect([t1.brackets, t1.columnLabels, t1.rankPeriod]).toEqual([[[2, 2], [3, 4]], ["1", "2", "3–4"], 2]);
    expect(t1.cohorts[0]?.cells.map((c) => c.period)).toEqual([1, 2, 3]);
    expect(JSON.stringify(t1.cohorts[0]?.cells.map((c) => ({ ...c, period: c.period - 1 })))).toBe(JSON.stringify(t0.cohorts[0]?.cells));
  });

  it("an accumulator gives the same table", () => {
    const acc = createAccumulator();
    for (const x of orders) acc.add(x);
    const opts = { mode: "brackets", brackets: [[1, 1], [2, 3]], asOf: "2024-04-30" } as const;
    expect(JSON.stringify(cohortTable(acc, opts))).toBe(JSON.stringify(cohortTable(orders, opts)));
  });

  it("the heatmap heads bracket columns with their labels", () => {
    const svg = cohortHeatmap(cohortTable(orders, { mode: "brackets", brackets: [[1, 1], [2, 3]], asOf: "2024-04-30" }));
    expect(svg).toContain(">2–3</text>");
    expect(svg).toContain("column 2–3");
  });

  it("refuses bad brackets and bases with the field", () => {
    const bad: unknown[] = [undefined, [], "1-3", [[1]], [[0, 2]], [[2, 1]], [[1, 2], [2, 3]], [[3, 4], [1, 2]], [[1.5, 2]], [[1, Infinity]]];
    for (const brackets of bad) {
      expectRetentionError(() => cohortTable(orders, { mode: "brackets", brackets: brackets as never }), { code: "INVALID_OPTION", field: "brackets" });
    }
    expectRetentionError(() => cohortTable(orders, { mode: "brackets", brackets: [[1, 1]], periodIndexBase: 1 }), { code: "INVALID_OPTION", field: "brackets" });
    expectRetentionError(() => cohortTable(orders, { brackets: [[1, 1]] }), { code: "INVALID_OPTION", field: "brackets" });
    expectRetentionError(() => cohortTable(orders, { periodIndexBase: 2 as never }), { code: "INVALID_OPTION", field: "periodIndexBase" });
    expectRetentionError(() => cohortTable(orders, { periodIndexBase: 1, rankPeriod: 0 }), { code: "INVALID_OPTION", field: "rankPeriod" });
  });
});

// ---- Properties: a naive oracle (a TZDate and date-fns per order) in four zones, and base 1 = base 0 shifted. ----

const ZONES = ["UTC", "Europe/Prague", "America/New_York", "Australia/Lord_Howe"] as const;
const BASE = Date.UTC(2023, 0, 1);
const shopArb = fc
  .array(fc.record({ c: fc.integer({ min: 0, max: 9 }), minute: fc.integer({ min: 0, max: 600 * 1440 }), cents: fc.integer({ min: 0, max: 100_000 }) }), { minLength: 1, maxLength: 50 })
  .map((rows): Order[] => rows.map((r, i) => ({ orderId: `o${i}`, customerId: `c${r.c}`, placedAt: BASE + r.minute * 60_000, total: (r.cents / 100).toFixed(2) })));
/** Brackets from sorted distinct cut points in 1 … 20: [a1, b1], [a2, b2] … with gaps where a cut is skipped. */
const bracketsArb = fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 10 }).map((xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < s.length; i += 2) out.push([s[i] as number, s[i + 1] as number]);
  if (s.length % 2 === 1) out.push([s[s.length - 1] as number, s[s.length - 1] as number]);
  return out;
});

/** The rest of a result with every period label moved down by `by`. */
function shifted(t: CohortTableResult, by: number): unknown {
  const cells = (row: CohortTableResult["cohorts"][number]) => ({ ...row, cells: row.cells.map((c) => ({ ...c, period: c.period - by })) });
  const avg = (a: CohortTableResult["average"]) => a.map((p) => ({ ...p, period: p.period - by }));
  return JSON.stringify({
    cohorts: t.cohorts.map(cells),
    average: avg(t.average),
    rankPeriod: t.rankPeriod - by,
    segments: t.segments?.map((s) => ({ ...s, cohorts: s.cohorts.map(cells), average: avg(s.average) })) ?? null,
    periods: t.periods,
    customers: t.customers,
  });
}

describe("cohortTable brackets and periodIndexBase: properties", () => {
  it("brackets agree with the oracle in four zones (DST and Lord Howe's half hour included), and completeness is the last period's", () => {
    fc.assert(
      fc.property(shopArb, bracketsArb, fc.constantFrom(...ZONES), fc.boolean(), (input, brackets, timeZone, sorted) => {
        // Time-ordered input takes the one-pass count, any other order the per-customer grouping.
        const orders = sorted ? [...input].sort((a, b) => (a.placedAt as number) - (b.placedAt as number)) : input;
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
        const expected = new Map<string, number>();
        const cols: [number, number][] = [[0, 0], ...brackets];
        for (const [c, ks] of months) {
          const label = format(new TZDate(first.get(c) as number, timeZone), "yyyy-MM");
          cols.forEach(([a, b], j) => {
            if ([...ks].some((k) => k >= a && k <= b)) expected.set(`${label}/${j}`, (expected.get(`${label}/${j}`) ?? 0) + 1);
          });
        }
        const t = cohortTable(orders, { timeZone, mode: "brackets", brackets });
        const classic = cohortTable(orders, { timeZone });
        t.cohorts.forEach((row, r) => {
          const plain = classic.cohorts[r]?.cells ?? [];
          for (const cell of row.cells) {
            const [a, b] = cols[cell.period] as [number, number];
            expect([row.label, cell.period, cell.activeCustomers]).toEqual([row.label, cell.period, expected.get(`${row.label}/${cell.period}`) ?? 0]);
            // Shown once its first period has begun; complete when its last period is.
            expect(a).toBeLessThan(plain.length);
            expect(cell.complete).toBe(plain[b]?.complete ?? false);
            expect(cell.orders).toBe(plain.slice(a, b + 1).reduce((s, x) => s + x.orders, 0));
          }
          const shown = cols.filter(([a]) => a < plain.length).length;
          expect(row.cells).toHaveLength(shown);
        });
      }),
      { numRuns: 20 },
    );
  });

  it("single-period brackets are the classic table; base 1 is base 0 shifted, in every mode", () => {
    fc.assert(
      fc.property(shopArb, fc.constantFrom(...ZONES), fc.constantFrom("classic" as const, "byPeriod" as const, "brackets" as const), (orders, timeZone, mode) => {
        const classic = cohortTable(orders, { timeZone });
        const K = Math.max(2, classic.periods);
        const singles = Array.from({ length: K - 1 }, (_, i): [number, number] => [i + 1, i + 1]);
        const b = cohortTable(orders, { timeZone, mode: "brackets", brackets: singles });
        expect(JSON.stringify(b.cohorts)).toBe(JSON.stringify(classic.cohorts));
        expect(JSON.stringify(b.average)).toBe(JSON.stringify(classic.average));
        const brackets = mode === "brackets" ? [[1, 2], [4, 6]] as [number, number][] : undefined;
        const t0 = cohortTable(orders, { timeZone, mode, segmentBy: (f) => (f.customerId < "c5" ? "a" : "b"), ...(brackets ? { brackets } : {}) });
        const t1 = cohortTable(orders, { timeZone, mode, periodIndexBase: 1, segmentBy: (f) => (f.customerId < "c5" ? "a" : "b"), ...(brackets ? { brackets: brackets.map(([x, y]): [number, number] => [x + 1, y + 1]) } : {}) });
        expect(shifted(t1, 1)).toBe(shifted(t0, 0));
        expect(t1.columnLabels.map(Number)).toEqual(mode === "brackets" ? t1.columnLabels.map(Number) : t0.columnLabels.map((x) => Number(x) + 1));
      }),
      { numRuns: 15 },
    );
  });

  // Past 31 bracket columns the customers' bracket bits no longer fit an integer: the orders are grouped by customer.
  it("single-period brackets are the classic table with more than 31 brackets too", () => {
    const xs: Order[] = [];
    for (let i = 0; i < 240; i++) xs.push(o(`o${i}`, `c${i % 17}`, new Date(Date.UTC(2024, 0, 1) + ((i * 37) % 300) * 86_400_000).toISOString()));
    for (const input of [xs, [...xs].sort((a, b) => String(a.placedAt).localeCompare(String(b.placedAt)))]) {
      const classic = cohortTable(input, { granularity: "week", timeZone: "Europe/Prague" });
      expect(classic.periods).toBeGreaterThan(33);
      const singles = Array.from({ length: classic.periods - 1 }, (_, i): [number, number] => [i + 1, i + 1]);
      const b = cohortTable(input, { granularity: "week", timeZone: "Europe/Prague", mode: "brackets", brackets: singles });
      expect(JSON.stringify(b.cohorts)).toBe(JSON.stringify(classic.cohorts));
    }
  });
});
