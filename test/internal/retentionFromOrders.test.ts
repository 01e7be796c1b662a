import { describe, expect, it } from "vitest";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import type { Order } from "../../src/core/types.js";
import { customerRetentionRate as customerRetentionRateFromOrders } from "../../src/retention/customerRetentionRate.js";
import { intervalActivity } from "../../src/internal/kernels/retentionFromOrders.js";
import { columnsOf } from "../../src/internal/book/OrderBook.js";
import { retentionSeries } from "../../src/retention/retentionSeries.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

let id = 0;
const o = (customerId: string, placedAt: string): Order => ({ orderId: String(id++), customerId, placedAt, total: "10" });

/**
 * Period [2024-01-01, 2025-01-01), activeWithinDays 365, asOf 2025-01-01 (end of that day), UTC.
 * Active at start: an order in [2023-01-01, 2024-01-01); at end: in [2024-01-02, 2025-01-01) (2024 is a leap year).
 *
 * | customer | orders                      | S | E | N | class         |
 * |----------|-----------------------------|---|---|---|---------------|
 * | a        | 2023-03-01, 2024-06-01      | ✓ | ✓ |   | retained      |
 * | b        | 2023-05-01                  | ✓ |   |   | churned       |
 * | c        | 2022-06-01, 2024-09-01      |   | ✓ |   | reactivated   |
 * | k        | 2022-01-01, 2024-10-01      |   | ✓ |   | reactivated   |
 * | d        | 2024-02-01                  |   | ✓ | ✓ | new, active   |
 * | e        | 2024-01-01T00:00 (= start)  |   |   | ✓ | new, lapsed   |
 * | f        | 2023-12-31, 2024-12-31T23:00| ✓ | ✓ |   | retained      |
 * | g        | 2024-12-31                  |   | ✓ | ✓ | new, active   |
 * | j        | 2023-01-01T00:00 (= start − 365 d: active, the window is closed at its start) | ✓ | | | churned |
 * | i        | 2025-01-02 (after asOf: unseen)                                              | | | | none |
 *
 * S = {a, b, f, j} = 4, E = {a, c, k, d, f, g} = 6, N = {d, e, g} = 3 (S and N never overlap).
 * CRR = (6 − 3) / 4 = 0.75; retained = {a, f} = 2 → share 0.5, churn 0.5; newActiveAtEnd = {d, g} = 2;
 * reactivated = {c, k} = 2; E = 2 + 2 + 2.
 */
const shop: Order[] = [
  o("a", "2023-03-01"), o("a", "2024-06-01"),
  o("b", "2023-05-01"),
  o("c", "2022-06-01"), o("c", "2024-09-01"),
  o("k", "2022-01-01"), o("k", "2024-10-01"),
  o("d", "2024-02-01"),
  o("e", "2024-01-01T00:00:00Z"),
  o("f", "2023-12-31"), o("f", "2024-12-31T23:00:00Z"),
  o("g", "2024-12-31"),
  o("j", "2023-01-01T00:00:00Z"),
  o("i", "2025-01-02"),
];

describe("customerRetentionRateFromOrders", () => {
  it("hand-computed counts and rates (docs/retention.md, worked example)", () => {
    const r = customerRetentionRateFromOrders(shop, { start: "2024-01-01", end: "2025-01-01", asOf: "2025-01-01" });
    expect([r.customersAtStart, r.customersAtEnd, r.newCustomers]).toEqual([4, 6, 3]);
    expect([r.retainedCustomers, r.newActiveAtEnd, r.reactivatedCustomers]).toEqual([2, 2, 2]);
    expect(r.customerRetentionRate).toBe(0.75);
    expect(r.retainedShare).toBe(0.5);
    expect(r.churnRate).toBe(0.5);
    expect(r.complete).toBe(true);
    expect(r.activeWithinDays).toBe(365);
    expect([r.start, r.end]).toEqual(["2024-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z"]);
  });

  it("churn definitions on the worked example (docs/choosing-definitions.md, Churn)", () => {
    const at = (churn: object) => {
      const r = customerRetentionRateFromOrders(shop, { start: "2024-01-01", end: "2025-01-01", asOf: "2025-01-01", churn });
      return [r.churnedCustomers, r.churnRate];
    };
    // S = 4 (a, b, f, j), N = 3 (d, e, g), retained 2 (a, f), new leavers 1 (e), reactivated 2 (c, k).
    expect(at({})).toEqual([2, 2 / 4]); // ChartMogul: b and j of S
    expect(at({ denominator: "startPlusNew" })).toEqual([2, 2 / 7]); // Stripe: over S + N
    expect(at({ newLeavers: "include" })).toEqual([3, 3 / 4]); // e joined and left
    expect(at({ denominator: "startPlusNew", newLeavers: "include" })).toEqual([3, 3 / 7]);
    expect(at({ reactivations: "net" })).toEqual([0, 0]); // c and k make up for b and j
    const series = retentionSeries(shop, { granularity: "year", asOf: "2025-01-01", churn: { denominator: "startPlusNew" } });
    expect(series.churn).toEqual({ denominator: "startPlusNew", newLeavers: "exclude", reactivations: "ignore" });
    expect(series.periods.find((p) => p.label === "2024")?.churnRate).toBe(2 / 7);
    expectRetentionError(() => customerRetentionRateFromOrders(shop, { start: "2024-01-01", end: "2025-01-01", churn: { denominator: "end" as never } }), { code: "INVALID_OPTION", field: "churn.denominator" });
  });

  it("the default asOf is the latest order; an earlier asOf hides later orders", () => {
    // asOf 2024-12-31 (end of day): the end is not observed (complete false); i's order is still unseen.
    const r = customerRetentionRateFromOrders(shop, { start: "2024-01-01", end: "2025-01-01", asOf: "2024-06-30" });
    // Seen: orders up to 30 June. E (at 2025-01-01) = orders in [2024-01-02, 2025-01-01) seen: a (06-01), d (02-01).
    expect([r.customersAtStart, r.customersAtEnd, r.newCustomers, r.retainedCustomers]).toEqual([4, 2, 2, 1]);
    expect(r.complete).toBe(false);
  });

  it("a date-only asOf on the day before end observes the whole period (complete)", () => {
    // asOf "2024-12-31" is 2024-12-31T23:59:59.999Z: every order before end = 2025-01-01 is seen.
    expect(customerRetentionRateFromOrders(shop, { start: "2024-01-01", end: "2025-01-01", asOf: "2024-12-31" }).complete).toBe(true);
    expect(customerRetentionRateFromOrders(shop, { start: "2024-01-01", end: "2025-01-01", asOf: "2024-12-31T23:59:59.998Z" }).complete).toBe(false);
  });

  it("a shorter activity window", () => {
    // 90 days: active at start = order in [2023-10-03, 2024-01-01): f. At end = [2024-10-03, 2025-01-01): f, g.
    const r = customerRetentionRateFromOrders(shop, { start: "2024-01-01", end: "2025-01-01", asOf: "2025-01-01", activeWithinDays: 90 });
    expect([r.customersAtStart, r.customersAtEnd, r.newCustomers, r.retainedCustomers, r.newActiveAtEnd, r.reactivatedCustomers]).toEqual([1, 2, 3, 1, 1, 0]);
    expect(r.customerRetentionRate).toBe((2 - 3) / 1); // negative: new customers who lapsed again
  });

  it("no customers at start gives null rates", () => {
    const r = customerRetentionRateFromOrders(shop, { start: "2010-01-01", end: "2011-01-01" });
    expect([r.customerRetentionRate, r.retainedShare, r.churnRate]).toEqual([null, null, null]);
  });

  it("time zone: date-only bounds are local midnights", () => {
    // An order at 23:30 on 31 Dec 2023 in Kolkata (18:00Z) is before the start 2024-01-01 there (18:30Z on 31 Dec).
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2023-12-31T23:30:00+05:30", total: "1" },
      { orderId: "2", customerId: "x", placedAt: "2024-06-01T12:00:00+05:30", total: "1" },
    ];
    const r = customerRetentionRateFromOrders(orders, { start: "2024-01-01", end: "2025-01-01", timeZone: "Asia/Kolkata", asOf: "2025-01-01" });
    expect([r.customersAtStart, r.newCustomers, r.retainedCustomers]).toEqual([1, 0, 1]);
    expect(r.start).toBe("2023-12-31T18:30:00.000Z");
  });

  it.each([
    ["start", { end: "2025-01-01" }],
    ["end", { start: "2024-01-01" }],
    ["end", { start: "2024-01-01", end: "2024-01-01" }],
    ["start", { start: "soon", end: "2024-01-01" }],
    ["activeWithinDays", { start: "2024-01-01", end: "2025-01-01", activeWithinDays: 0 }],
    ["activeWithinDays", { start: "2024-01-01", end: "2025-01-01", activeWithinDays: Number.NaN }],
    ["asOf", { start: "2024-01-01", end: "2025-01-01", asOf: "never" }],
    ["options", null],
  ])("INVALID_OPTION for %s", (field, options) => {
    expect(() => customerRetentionRateFromOrders(shop, options as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", field }));
  });
});

describe("intervalActivity (the kernel)", () => {
  it("matches a brute-force count over many boundaries", () => {
    const book = prepareOrders(shop);
    const cols = columnsOf(book);
    const D = 200 * 86_400_000;
    const boundaries = [Date.UTC(2022, 6, 1), Date.UTC(2023, 0, 1), Date.UTC(2023, 6, 1), Date.UTC(2024, 0, 1), Date.UTC(2024, 6, 1), Date.UTC(2025, 0, 1)];
    const got = intervalActivity(cols, Infinity, boundaries, D);
    // Brute force straight from the definitions.
    const byCustomer = new Map<string, number[]>();
    for (const x of shop) {
      const t = Date.parse(String(x.placedAt).length === 10 ? `${String(x.placedAt)}T00:00:00Z` : String(x.placedAt));
      byCustomer.set(x.customerId as string, [...(byCustomer.get(x.customerId as string) ?? []), t]);
    }
    const activeAt = (ts: number[], x: number): boolean => ts.some((t) => x - D <= t && t < x);
    for (let j = 0; j + 1 < boundaries.length; j++) {
      const a = boundaries[j] as number;
      const b = boundaries[j + 1] as number;
      let S = 0, E = 0, N = 0, R = 0, NA = 0, RA = 0;
      for (const ts of byCustomer.values()) {
        const s = activeAt(ts, a);
        const e = activeAt(ts, b);
        const first = Math.min(...ts);
        const n = first >= a && first < b;
        S += +s; E += +e; N += +n;
        if (s && e) R++;
        else if (e && n) NA++;
        else if (e) RA++;
      }
      expect(got[j]).toEqual({ customersAtStart: S, customersAtEnd: E, newCustomers: N, retainedCustomers: R, newActiveAtEnd: NA, reactivatedCustomers: RA });
    }
  });
});
