import { describe, expect, it } from "vitest";
import { cohortTable, type CohortTableResult } from "../../src/cohorts/cohortTable.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import type { Order } from "../../src/core/types.js";
import { customerSummaries } from "../../src/customers/customerSummaries.js";
import { cdnowSampleOrders } from "../customers/cdnow.js";

/**
 * The hand-built shop used by most tests (UTC, asOf = end of March 2024):
 *
 * | customer | orders (net)                                                 | first-order segment |
 * |----------|--------------------------------------------------------------|---------------------|
 * | A        | 2024-01-03 10, 2024-01-20 5, 2024-03-02 20 (segment "mail")   | ads                 |
 * | B        | 2024-01-15 8, 2024-02-10 12 refunded 2                        | ads                 |
 * | C        | 2024-01-31 4                                                 | mail                |
 * | D        | 2024-02-05 30, 2024-04-01 10 (after asOf: unseen)             | mail                |
 * | E        | 2024-02-28 6, 2024-03-15 6                                    | (none)              |
 */
const shop: Order[] = [
  { orderId: "a1", customerId: "A", placedAt: "2024-01-03T10:00:00Z", total: "10", segment: "ads" },
  { orderId: "a2", customerId: "A", placedAt: "2024-01-20T10:00:00Z", total: "5" },
  { orderId: "a3", customerId: "A", placedAt: "2024-03-02T10:00:00Z", total: "20", segment: "mail" },
  { orderId: "b1", customerId: "B", placedAt: "2024-01-15T10:00:00Z", total: "8", segment: "ads" },
  { orderId: "b2", customerId: "B", placedAt: "2024-02-10T10:00:00Z", total: "12", refunded: "2" },
  { orderId: "c1", customerId: "C", placedAt: "2024-01-31T10:00:00Z", total: "4", segment: "mail" },
  { orderId: "d1", customerId: "D", placedAt: "2024-02-05T10:00:00Z", total: "30", segment: "mail" },
  { orderId: "d2", customerId: "D", placedAt: "2024-04-01T10:00:00Z", total: "10" },
  { orderId: "e1", customerId: "E", placedAt: "2024-02-28T10:00:00Z", total: "6" },
  { orderId: "e2", customerId: "E", placedAt: "2024-03-15T10:00:00Z", total: "6" },
];

/** [label, size, [[active, orders, revenue, cumulative per customer, complete], …]] per cohort. */
function grid(t: CohortTableResult): unknown[] {
  return t.cohorts.map((c) => [
    c.label,
    c.size,
    c.cells.map((x) => [x.activeCustomers, x.orders, x.revenue.toString(), x.cumulativeRevenuePerCustomer.toFixed(4), x.complete]),
  ]);
}

describe("cohortTable: the hand-built shop (monthly, UTC)", () => {
  it("classic table", () => {
    const t = cohortTable(shop, { asOf: "2024-03-31" });
    // Jan cohort {A, B, C}: Jan A,B,C (4 orders: 10+5+8+4 = 27); Feb B (12−2 = 10, cum 37/3); Mar A (20, cum 57/3 = 19).
    // Feb cohort {D, E}: Feb D,E (30+6 = 36, 36/2 = 18); Mar E (6, cum 42/2 = 21). April is after asOf.
    expect(grid(t)).toEqual([
      ["2024-01", 3, [[3, 4, "27", "9.0000", true], [1, 1, "10", "12.3333", true], [1, 1, "20", "19.0000", true]]],
      ["2024-02", 2, [[2, 2, "36", "18.0000", true], [1, 1, "6", "21.0000", true]]],
    ]);
    expect(t.cohorts.map((c) => c.cells.map((x) => x.retention))).toEqual([[1, 1 / 3, 1 / 3], [1, 0.5]]);
    expect(t.cohorts.map((c) => c.start)).toEqual(["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"]);
    expect(t.customers).toBe(5);
    expect(t.periods).toBe(3);
    expect(t.segments).toBeNull();
    expect(t.granularity).toBe("month");
    expect(t.windows).toBe("calendar");
    expect(t.windowDays).toBeNull();
    expect(t.mode).toBe("classic");
    // Average: k0 (3+2)/(3+2) = 1; k1 (1+1)/5 = 0.4; k2 1/3 (Jan only). LTV: 63/5 = 12.6, 79/5 = 15.8, 57/3 = 19.
    expect(t.average.map((p) => [p.retention, p.activeCustomers, p.customers, p.cohorts, p.cumulativeRevenuePerCustomer?.toString()])).toEqual([
      [1, 5, 5, 2, "12.6"],
      [0.4, 2, 5, 2, "15.8"],
      [1 / 3, 1, 3, 1, "19"],
    ]);
    expect(t.cohorts[0]?.cells[2]?.cumulativeRevenue.toString()).toBe("57");
  });

  it("unbounded mode counts customers who ordered in period k or later", () => {
    const t = cohortTable(shop, { asOf: "2024-03-31", mode: "unbounded" });
    // Jan: last periods A 2, B 1, C 0 → k0 3, k1 2 (A, B), k2 1 (A). Feb: D 0, E 1 → k0 2, k1 1.
    expect(t.cohorts.map((c) => c.cells.map((x) => x.activeCustomers))).toEqual([[3, 2, 1], [2, 1]]);
    // Orders and revenue stay per period.
    expect(t.cohorts[0]?.cells.map((x) => x.orders)).toEqual([4, 1, 1]);
    expect(t.average.map((p) => p.retention)).toEqual([1, 3 / 5, 1 / 3]);
  });

  it("gross revenue", () => {
    const t = cohortTable(shop, { asOf: "2024-03-31", revenue: "gross" });
    expect(t.cohorts[0]?.cells[1]?.revenue.toString()).toBe("12"); // B's order without its refund
  });

  it("flags incomplete cells and leaves them out of the average", () => {
    const t = cohortTable(shop, { asOf: "2024-03-20T00:00:00Z" });
    // March is only partly observed: Jan k2 and Feb k1 are incomplete (the orders of March 2 and 15 are seen).
    expect(grid(t)).toEqual([
      ["2024-01", 3, [[3, 4, "27", "9.0000", true], [1, 1, "10", "12.3333", true], [1, 1, "20", "19.0000", false]]],
      ["2024-02", 2, [[2, 2, "36", "18.0000", true], [1, 1, "6", "21.0000", false]]],
    ]);
    // k1: Jan only (1/3); k2: no complete cell.
    expect(t.average.map((p) => [p.retention, p.cohorts, p.customers])).toEqual([
      [1, 2, 5],
      [1 / 3, 1, 3],
      [null, 0, 0],
    ]);
    expect(t.average[2]?.cumulativeRevenuePerCustomer).toBeNull();
  });

  it("default asOf is the latest order: its month is incomplete", () => {
    const t = cohortTable(shop);
    // D's April order is seen now: Feb cohort k2 = D; Jan k3 = nobody; April cells incomplete.
    expect(t.cohorts.map((c) => c.cells.map((x) => [x.activeCustomers, x.complete]))).toEqual([
      [[3, true], [1, true], [1, true], [0, false]],
      [[2, true], [1, true], [1, false]],
    ]);
  });

  it("periods caps the columns; unbounded still sees later orders", () => {
    const classic = cohortTable(shop, { asOf: "2024-03-31", periods: 2 });
    expect(classic.periods).toBe(2);
    expect(classic.cohorts.map((c) => c.cells.length)).toEqual([2, 2]);
    const unbounded = cohortTable(shop, { asOf: "2024-03-31", periods: 2, mode: "unbounded" });
    expect(unbounded.cohorts.map((c) => c.cells.map((x) => x.activeCustomers))).toEqual([[3, 2], [2, 1]]);
  });

  it("from / to select cohorts by first order and cap the observation", () => {
    const t = cohortTable(shop, { from: "2024-02-01", to: "2024-03-01", asOf: "2024-03-31" });
    // Only the Feb cohort; March is after `to`, so nothing of March is observed.
    expect(grid(t)).toEqual([["2024-02", 2, [[2, 2, "36", "18.0000", true]]]]);
  });

  it("works the same on a prepared book and with input in any order", () => {
    const book = prepareOrders(shop);
    const a = cohortTable(book, { asOf: "2024-03-31" });
    const b = cohortTable([...shop].reverse(), { asOf: "2024-03-31" });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(grid(a)[0]).toEqual(["2024-01", 3, [[3, 4, "27", "9.0000", true], [1, 1, "10", "12.3333", true], [1, 1, "20", "19.0000", true]]]);
  });

  it("empty input gives an empty table", () => {
    const t = cohortTable([]);
    expect(t.cohorts).toEqual([]);
    expect(t.average).toEqual([]);
    expect(t.customers).toBe(0);
    expect(t.periods).toBe(0);
  });

  it('"__proto__" is an ordinary customer id', () => {
    const t = cohortTable([
      { orderId: "1", customerId: "__proto__", placedAt: "2024-01-01", total: "1" },
      { orderId: "2", customerId: "constructor", placedAt: "2024-01-02", total: "1" },
      { orderId: "3", customerId: "__proto__", placedAt: "2024-02-01", total: "1" },
    ]);
    expect(t.cohorts[0]?.size).toBe(2);
    expect(t.cohorts[0]?.cells[1]?.activeCustomers).toBe(1);
  });
});

describe("cohortTable: segments", () => {
  it('segmentBy "segment" uses the first order and ranks by retention at rankPeriod', () => {
    const t = cohortTable(shop, { asOf: "2024-03-31", segmentBy: "segment" });
    // ads {A, B} (Jan): k1 B 1/2, k2 A 1/2. mail {C (Jan), D (Feb)}: k1 0/2. none {E (Feb)}: k1 1/1.
    // Rank at period 1: none 1, ads 0.5, mail 0.
    expect(t.segments?.map((s) => [s.rank, s.segment, s.retentionAtRankPeriod, s.customers])).toEqual([
      [1, null, 1, 1],
      [2, "ads", 0.5, 2],
      [3, "mail", 0, 2],
    ]);
    const ads = t.segments?.find((s) => s.segment === "ads");
    expect(ads && grid({ ...t, cohorts: ads.cohorts })).toEqual([
      ["2024-01", 2, [[2, 3, "23", "11.5000", true], [1, 1, "10", "16.5000", true], [1, 1, "20", "26.5000", true]]],
    ]);
    // The whole table is unchanged by the split.
    expect(grid(t)).toEqual(grid(cohortTable(shop, { asOf: "2024-03-31" })));
  });

  it("rankPeriod 2: segments without a complete cell there rank last", () => {
    const t = cohortTable(shop, { asOf: "2024-03-31", segmentBy: "segment", rankPeriod: 2 });
    // ads: Jan k2 = A → 1/2; mail: Jan k2 (C) 0/1 → 0; none: only a Feb cohort, which has no k2 → null.
    expect(t.segments?.map((s) => [s.segment, s.retentionAtRankPeriod])).toEqual([
      ["ads", 0.5],
      ["mail", 0],
      [null, null],
    ]);
    expect(t.rankPeriod).toBe(2);
  });

  it("segmentBy as a function of the first order", () => {
    const seen: string[] = [];
    const t = cohortTable(shop, {
      asOf: "2024-03-31",
      segmentBy: (first) => {
        seen.push(`${first.customerId}:${first.orderId}:${first.total.toString()}:${first.segment ?? "-"}`);
        return first.total.gte(10) ? "big" : "small";
      },
    });
    expect(seen.sort()).toEqual(["A:a1:10:ads", "B:b1:8:ads", "C:c1:4:mail", "D:d1:30:mail", "E:e1:6:-"]);
    // big {A (Jan), D (Feb)}: k1 0/2 (A skips Feb; D's April is unseen). small {B, C (Jan), E (Feb)}: k1 B, E → 2/3.
    expect(t.segments?.map((s) => [s.segment, s.retentionAtRankPeriod, s.customers])).toEqual([
      ["small", 2 / 3, 3],
      ["big", 0, 2],
    ]);
  });
});

describe("cohortTable: labels and granularities", () => {
  const one = (placedAt: string): Order[] => [{ orderId: "1", customerId: "x", placedAt, total: "1" }];
  it.each([
    ["day", undefined, "2024-03-05", "2024-03-05T00:00:00Z"],
    ["week", undefined, "2024-03-04", "2024-03-04T00:00:00Z"], // Tue 5 March; weeks start Monday 4 March
    ["week", 0, "2024-03-03", "2024-03-03T00:00:00Z"], // Sunday
    ["week", 2, "2024-03-05", "2024-03-05T00:00:00Z"], // Tuesday
    ["month", undefined, "2024-03", "2024-03-01T00:00:00Z"],
    ["quarter", undefined, "2024-Q1", "2024-01-01T00:00:00Z"],
    ["year", undefined, "2024", "2024-01-01T00:00:00Z"],
  ] as const)("%s (weekStartsOn %s) → %s", (granularity, weekStartsOn, label, start) => {
    const t = cohortTable(one("2024-03-05T12:00:00Z"), weekStartsOn === undefined ? { granularity } : { granularity, weekStartsOn });
    expect(t.cohorts.map((c) => [c.label, c.start, c.size])).toEqual([[label, start, 1]]);
  });

  it("quarter and year columns", () => {
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2023-11-10", total: "1" },
      { orderId: "2", customerId: "x", placedAt: "2024-01-10", total: "1" }, // Q+1, year+1
      { orderId: "3", customerId: "x", placedAt: "2024-07-10", total: "1" }, // Q+3
    ];
    const q = cohortTable(orders, { granularity: "quarter", asOf: "2024-09-30" });
    expect(q.cohorts.map((c) => [c.label, c.cells.map((x) => x.activeCustomers)])).toEqual([["2023-Q4", [1, 1, 0, 1]]]);
    const y = cohortTable(orders, { granularity: "year", asOf: "2024-12-31" });
    expect(y.cohorts.map((c) => [c.label, c.cells.map((x) => [x.orders, x.complete])])).toEqual([["2023", [[1, true], [2, true]]]]);
  });

  it("relative windows count from each customer's own first order", () => {
    const orders: Order[] = [
      // p: first 2024-01-30; +3 d → window 0; +8 d → window 1 (7-day windows)
      { orderId: "p1", customerId: "p", placedAt: "2024-01-30T12:00:00Z", total: "1" },
      { orderId: "p2", customerId: "p", placedAt: "2024-02-02T12:00:00Z", total: "1" },
      { orderId: "p3", customerId: "p", placedAt: "2024-02-07T12:00:00Z", total: "1" },
      // q: first 2024-01-02; +6 d 23 h → window 0; +7 d → window 1; +15 d → window 2
      { orderId: "q1", customerId: "q", placedAt: "2024-01-02T00:00:00Z", total: "1" },
      { orderId: "q2", customerId: "q", placedAt: "2024-01-08T23:00:00Z", total: "1" },
      { orderId: "q3", customerId: "q", placedAt: "2024-01-09T00:00:00Z", total: "1" },
      { orderId: "q4", customerId: "q", placedAt: "2024-01-17T00:00:00Z", total: "1" },
    ];
    const t = cohortTable(orders, { windows: "relative", windowDays: 7, asOf: "2024-02-14T00:00:00Z" });
    expect(t.windowDays).toBe(7);
    // Both in the Jan cohort. Windows observed: q's first is earliest: (Feb 14 − Jan 2) = 43 d → windows 0..6.
    // Complete: every member's window k has ended: p's window k ends Jan 30 12:00 + 7(k+1) d ≤ Feb 14 00:00 → k ≤ 1
    // (window 1 ends Feb 13 12:00; window 2 ends Feb 20 12:00).
    const jan = t.cohorts[0];
    expect(jan?.cells.map((x) => [x.activeCustomers, x.orders, x.complete])).toEqual([
      [2, 4, true],
      [2, 2, true],
      [1, 1, false],
      [0, 0, false],
      [0, 0, false],
      [0, 0, false],
      [0, 0, false],
    ]);
    // Default window length follows the granularity (month → 30 days).
    expect(cohortTable(orders, { windows: "relative" }).windowDays).toBe(30);
  });

  it("orders out of time order give the same distinct counts (fallback path)", () => {
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2024-03-10", total: "1" },
      { orderId: "2", customerId: "x", placedAt: "2024-01-10", total: "1" },
      { orderId: "3", customerId: "x", placedAt: "2024-02-10", total: "1" },
      { orderId: "4", customerId: "x", placedAt: "2024-02-11", total: "1" },
      { orderId: "5", customerId: "x", placedAt: "2024-03-11", total: "1" },
    ];
    const t = cohortTable(orders, { asOf: "2024-03-31" });
    expect(t.cohorts[0]?.cells.map((x) => [x.activeCustomers, x.orders])).toEqual([[1, 1], [1, 2], [1, 2]]);
  });

  it("sums beyond 2^53 minor units stay exact", () => {
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2024-01-01", total: "9000000000000000" },
      { orderId: "2", customerId: "x", placedAt: "2024-01-02", total: "9000000000000000" },
      { orderId: "3", customerId: "y", placedAt: "2024-01-03", total: "1" },
    ];
    const t = cohortTable(orders);
    // 9e15 + 9e15 + 1 = 18,000,000,000,000,001 (> 2^53 ≈ 9.007e15, so doubles would lose the 1).
    expect(t.cohorts[0]?.cells[0]?.revenue.toFixed()).toBe("18000000000000001");
  });
});

describe("cohortTable: errors", () => {
  const bad: [string, Record<string, unknown>][] = [
    ["granularity", { granularity: "hour" }],
    ["weekStartsOn", { weekStartsOn: 7 }],
    ["weekStartsOn", { weekStartsOn: 1.5 }],
    ["windows", { windows: "rolling" }],
    ["windowDays", { windowDays: 7 }],
    ["windowDays", { windows: "relative", windowDays: 0 }],
    ["windowDays", { windows: "relative", windowDays: 2.5 }],
    ["mode", { mode: "bracket" }],
    ["periods", { periods: 0 }],
    ["periods", { periods: "12" }],
    ["rankPeriod", { rankPeriod: -1 }],
    ["segmentBy", { segmentBy: "channel" }],
    ["segmentBy", { segmentBy: () => 5 }],
    ["revenue", { revenue: "both" }],
    ["to", { from: "2024-02-01", to: "2024-01-01" }],
    ["asOf", { asOf: "yesterday" }],
    ["options", 5 as unknown as Record<string, unknown>],
  ];
  it.each(bad)("INVALID_OPTION for %s", (field, options) => {
    const run = (): unknown => cohortTable(shop, options as never);
    expect(run).toThrow(RetentionMetricsError);
    try {
      run();
    } catch (e) {
      expect((e as RetentionMetricsError).code).toBe("INVALID_OPTION");
      expect((e as RetentionMetricsError).field).toBe(field);
      expect((e as Error).message).toMatch(new RegExp(`^option ${field}: .+ \\(got .+\\)\\. .+`));
    }
  });

  it("INVALID_TIME_ZONE", () => {
    expect(() => cohortTable(shop, { timeZone: "Mars/Olympus" })).toThrow(expect.objectContaining({ code: "INVALID_TIME_ZONE", field: "timeZone" }));
  });

  it("bad orders throw with their index", () => {
    expect(() => cohortTable([{ orderId: "1", customerId: "", placedAt: "2024-01-01", total: "1" }])).toThrow(
      expect.objectContaining({ code: "EMPTY_CUSTOMER_ID", index: 0 }),
    );
  });
});

// Issue 15, 8e: for date-only data the default asOf is the end of the last day, so the last month is complete
// when the data ends on its last day (CDNOW ends on 1998-06-30).
describe("cohortTable: the default asOf of date-only data", () => {
  it("CDNOW (dates only, last order 1998-06-30): June 1998 is complete", () => {
    const book = prepareOrders(cdnowSampleOrders());
    const t = cohortTable(book);
    expect(t.window.asOf).toBe("1998-06-30T23:59:59.999Z");
    // Every cohort (Jan–Mar 1997) has its cells up to June 1998, and every cell is complete.
    expect(t.cohorts.map((c) => c.label)).toEqual(["1997-01", "1997-02", "1997-03"]);
    expect(t.cohorts.map((c) => c.cells.length)).toEqual([18, 17, 16]);
    expect(t.cohorts.every((c) => c.cells.every((cell) => cell.complete))).toBe(true);
    // The same table as with asOf given as the last date.
    expect(JSON.stringify(t)).toBe(JSON.stringify(cohortTable(book, { asOf: "1998-06-30" })));
    // T still ends on the last date (lifetimes' default observation_period_end): the same as with the old default
    // asOf, the latest order's midnight, since both lie on 1998-06-30. Customer 1: 1997-01-01 to 1998-06-30 = 545 days.
    const summaries = customerSummaries(book);
    expect(summaries.customers.map((c) => c.T)).toEqual(customerSummaries(book, { asOf: Date.UTC(1998, 5, 30) }).customers.map((c) => c.T));
    expect(summaries.customers.find((c) => c.customerId === "1")?.T).toBe(545);
  });

  it("a small date-only shop: complete when it ends on the month's last day, not when it ends before; in the book's zone", () => {
    const rows = (last: string): Order[] => [
      { orderId: "1", customerId: "a", placedAt: "2024-02-03", total: "10" },
      { orderId: "2", customerId: "a", placedAt: "2024-03-10", total: "10" },
      { orderId: "3", customerId: "b", placedAt: last, total: "10" },
    ];
    const completes = (t: CohortTableResult): boolean[][] => t.cohorts.map((c) => c.cells.map((cell) => cell.complete));
    expect(completes(cohortTable(rows("2024-03-31")))).toEqual([[true, true], [true]]);
    expect(completes(cohortTable(rows("2024-03-30")))).toEqual([[true, false], [false]]);
    // In Kolkata (UTC+05:30) the end of 31 March is 18:29:59.999 UTC.
    const kolkata = cohortTable(prepareOrders(rows("2024-03-31"), { timeZone: "Asia/Kolkata" }));
    expect(kolkata.window.asOf).toBe("2024-03-31T18:29:59.999Z");
    expect(completes(kolkata)).toEqual([[true, true], [true]]);
    // One order with a time of day (or given as a Date or a number): the default asOf is the latest order.
    const mixed = [...rows("2024-03-31"), { orderId: "4", customerId: "c", placedAt: "2024-03-05T10:00:00Z", total: "1" }];
    expect(cohortTable(mixed).window.asOf).toBe("2024-03-31T00:00:00.000Z");
    expect(cohortTable([...rows("2024-03-20"), { orderId: "4", customerId: "c", placedAt: new Date(Date.UTC(2024, 2, 31)), total: "1" }]).window.asOf).toBe("2024-03-31T00:00:00.000Z");
  });
});
