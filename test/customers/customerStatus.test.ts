import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerStatus, prepareOrders, type Order } from "../../src/index.js";
import { cdnowSampleOrders } from "./cdnow.js";
import { expectError, o } from "./helpers.js";

describe("customerStatus: hand-computed example (docs/customer-analytics.md, 'Customer status')", () => {
  // asOf 2024-03-01 (day of judgement), lapseFactor 2.
  // ann: days 01-01, 01-11, 01-21, 02-20 → gaps 10, 10, 30 → median 10; 10 days since 02-20 → not > 10: active.
  // ben: days 01-01, 01-31, 02-10 (two orders that day) → gaps 30, 10 → median 20; 20 days → not > 20: active.
  // cat: days 01-01, 01-05 → gap 4 → median 4; 56 days > 8: lapsed.
  // dan: days 02-01, 02-15 → gap 14; 15 days > 14, not > 28: due.
  // eve: one purchase 02-10 → shop gap = median of own medians {10, 20, 4, 14} = (10 + 14) / 2 = 12;
  //      20 days > 12, not > 24: due.
  // fay: one purchase 01-02 → 59 days > 24: lapsed.
  const orders = [
    o("ann", "2024-01-01"), o("ann", "2024-01-11"), o("ann", "2024-01-21"), o("ann", "2024-02-20"),
    o("ben", "2024-01-01"), o("ben", "2024-01-31"), o("ben", "2024-02-10T08:00Z"), o("ben", "2024-02-10T19:00Z"),
    o("cat", "2024-01-01"), o("cat", "2024-01-05"),
    o("dan", "2024-02-15"), o("dan", "2024-02-01"),
    o("eve", "2024-02-10"),
    o("fay", "2024-01-02"),
  ];
  const r = customerStatus(orders, { asOf: "2024-03-01" });

  it("statuses, gaps, counts and id lists", () => {
    expect(r.customers.map((c) => [c.customerId, c.status, c.medianGapDays, c.expectedGapDays, c.daysSinceLastPurchase, c.purchaseDays])).toEqual([
      ["ann", "active", 10, 10, 10, 4],
      ["ben", "active", 20, 20, 20, 3],
      ["cat", "lapsed", 4, 4, 56, 2],
      ["dan", "due", 14, 14, 15, 2],
      ["eve", "due", null, 12, 20, 1],
      ["fay", "lapsed", null, 12, 59, 1],
    ]);
    expect(r.shopMedianGapDays).toBe(12);
    expect(r.counts).toEqual({ active: 2, due: 2, lapsed: 2, unknown: 0 });
    expect(r.customerIds).toEqual({ active: ["ann", "ben"], due: ["dan", "eve"], lapsed: ["cat", "fay"], unknown: [] });
    expect(r.customers[1]?.lastPurchaseDay).toBe("2024-02-10");
  });

  it("lapseFactor moves the lapsed line", () => {
    const wide = customerStatus(orders, { asOf: "2024-03-01", lapseFactor: 5 });
    // cat: 56 > 5 × 4 = 20 → lapsed; fay: 59 is not > 5 × 12 = 60 → due (59 > 12).
    expect(wide.customerIds.lapsed).toEqual(["cat"]);
    expect(wide.customerIds.due).toEqual(["dan", "eve", "fay"]);
  });
});

describe("customerStatus: edge cases and errors", () => {
  it("empty input", () => {
    const r = customerStatus([]);
    expect(r.customers).toEqual([]);
    expect(r.counts).toEqual({ active: 0, due: 0, lapsed: 0, unknown: 0 });
    expect(r.shopMedianGapDays).toBeNull();
  });
  it("only one-time buyers → unknown", () => {
    const r = customerStatus([o("a", "2024-01-01"), o("__proto__", "2024-01-02"), o("a", "2024-01-01T15:00Z")]);
    expect(r.customerIds.unknown).toEqual(["a", "__proto__"]);
    expect(r.customers[0]?.expectedGapDays).toBeNull();
  });
  it("merges days in the time zone (DST day in Europe/Prague)", () => {
    // 03-30T23:30Z and 03-31T21:30Z are both 2024-03-31 in Prague: one purchase day, so a one-time buyer.
    const orders = [o("a", "2024-03-30T23:30:00Z"), o("a", "2024-03-31T21:30:00Z"), o("b", "2024-03-01"), o("b", "2024-03-11")];
    const prague = customerStatus(orders, { timeZone: "Europe/Prague", asOf: "2024-04-10T12:00:00Z" });
    expect(prague.customers[0]).toMatchObject({ purchaseDays: 1, lastPurchaseDay: "2024-03-31", daysSinceLastPurchase: 10, status: "active" });
    const utc = customerStatus(orders, { asOf: "2024-04-10T12:00:00Z" });
    expect(utc.customers[0]).toMatchObject({ purchaseDays: 2, medianGapDays: 1, status: "lapsed" });
  });
  it("errors", () => {
    for (const f of [0.5, Number.NaN, Infinity, "2"]) expectError(() => customerStatus([], { lapseFactor: f as number }), "INVALID_OPTION", "lapseFactor");
    expectError(() => customerStatus([], { asOf: "yesterday" }), "INVALID_OPTION", "asOf");
    expectError(() => customerStatus([], null as never), "INVALID_OPTION", "options");
  });
});

describe("customerStatus: properties", () => {
  const DAY = 86_400_000;
  const rows = fc.array(fc.record({ customer: fc.constantFrom("a", "b", "c", "d", "constructor"), t: fc.integer({ min: 0, max: 200 * DAY }) }), { maxLength: 60 });
  const toOrders = (rs: { customer: string; t: number }[]): Order[] =>
    rs.map((r, i) => ({ orderId: String(i), customerId: r.customer, placedAt: Date.UTC(2023, 0, 1) + r.t, total: "1" }));
  it("counts add up, each customer in exactly one id list, shuffling changes nothing", () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const orders = toOrders(rs);
        const r = customerStatus(orders, { asOf: Date.UTC(2023, 8, 1) });
        const { active, due, lapsed, unknown } = r.counts;
        expect(active + due + lapsed + unknown).toBe(r.customers.length);
        const all = [...r.customerIds.active, ...r.customerIds.due, ...r.customerIds.lapsed, ...r.customerIds.unknown].sort();
        expect(all).toEqual(r.customers.map((c) => c.customerId).sort());
        const rev = customerStatus(orders.slice().reverse(), { asOf: Date.UTC(2023, 8, 1) });
        const key = (x: typeof r) => x.customers.map((c) => JSON.stringify(c)).sort();
        expect(key(rev)).toEqual(key(r));
      }),
    );
  });
});

describe("customerStatus on CDNOW", () => {
  it("classifies all 2,357 customers at 1997-09-30", () => {
    const r = customerStatus(prepareOrders(cdnowSampleOrders()), { asOf: "1997-09-30" });
    expect(r.customers).toHaveLength(2357);
    expect(r.counts.active + r.counts.due + r.counts.lapsed).toBe(2357);
  });
});
