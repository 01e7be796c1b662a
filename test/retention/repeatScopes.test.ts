import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { repeatCustomerRate } from "../../src/orders/repeatCustomerRate.js";
import { returningCustomerShare } from "../../src/retention/returningCustomerShare.js";
import { repeatWithinPeriods } from "../../src/retention/repeatWithinPeriods.js";
import { returningCustomerRate } from "../../src/retention/returningCustomerRate.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const o = (orderId: string, customerId: string, placedAt: string): Order => ({ orderId, customerId, placedAt, total: "10" });

// ann: 10 Jan, 20 Feb. bob: 20 Jan, 2 Apr. cy: 5 Feb, 25 Feb. dee: 12 Feb. eve: 5 Mar.
const orders = [
  o("1", "ann", "2024-01-10"),
  o("2", "ann", "2024-02-20"),
  o("3", "bob", "2024-01-20"),
  o("4", "bob", "2024-04-02"),
  o("5", "cy", "2024-02-05"),
  o("6", "cy", "2024-02-25"),
  o("7", "dee", "2024-02-12"),
  o("8", "eve", "2024-03-05"),
];
const asOf = "2024-04-30";
const feb = { from: "2024-02-01", to: "2024-03-01", asOf };

describe("the four repeat scopes on one shop (docs/choosing-definitions.md, Repeat rates)", () => {
  it("lifetime: customers with two or more orders ever", () => {
    expect(repeatCustomerRate(orders, { asOf })).toMatchObject({ repeatCustomers: 3, customers: 5, repeatCustomerRate: 0.6, scope: "lifetime" });
  });

  it("window-contained: two or more orders inside February", () => {
    expect(repeatCustomerRate(orders, feb)).toMatchObject({ repeatCustomers: 1, customers: 3, scope: "window" }); // cy only
  });

  it("Shopify's returning customer rate: a second or later order in February", () => {
    // In February: ann (second order; first in January), cy (two February orders), dee (first order).
    expect(returningCustomerShare(orders, feb)).toMatchObject({ returningCustomers: 2, customers: 3, returningCustomerShare: 2 / 3 });
    // Not returningCustomerRate, whose base is the customers before February (ann, bob): 1 of 2 came back.
    expect(returningCustomerRate(orders, { baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-03-01", asOf }).returningCustomerRate).toBe(0.5);
  });

  it("within k periods of acquisition", () => {
    // k = 1: January customers through February, February customers through March; eve (March) through April.
    expect(repeatWithinPeriods(orders, { periods: 1, asOf })).toMatchObject({ repeatCustomers: 2, customers: 5, notYetObserved: 0 }); // ann, cy
    expect(repeatWithinPeriods(orders, { periods: 0, asOf })).toMatchObject({ repeatCustomers: 1, customers: 5 }); // cy, in February
    expect(repeatWithinPeriods(orders, { periods: 3, asOf })).toMatchObject({ repeatCustomers: 2, customers: 2, notYetObserved: 3 }); // ann and bob of January; February and March still running
  });

  it("refuses bad options", () => {
    expectRetentionError(() => returningCustomerShare(orders, {} as never), { code: "INVALID_OPTION", field: "from" });
    expectRetentionError(() => returningCustomerShare(orders, { from: "2024-03-01", to: "2024-02-01" }), { code: "INVALID_OPTION", field: "to" });
    expectRetentionError(() => repeatWithinPeriods(orders, { periods: -1 }), { code: "INVALID_OPTION", field: "periods" });
  });
});

describe("repeat scopes: properties", () => {
  const shop = fc
    .array(fc.record({ c: fc.integer({ min: 0, max: 9 }), day: fc.integer({ min: 0, max: 200 }) }), { minLength: 1, maxLength: 40 })
    .map((rows): Order[] => rows.map((r, i) => ({ orderId: String(i), customerId: `c${r.c}`, placedAt: new Date(Date.UTC(2024, 0, 1) + r.day * 86_400_000), total: "1" })));

  it("window-contained ≤ returning share ≤ 1; within k never falls as k grows (same customers); rates in [0, 1]", () => {
    fc.assert(
      fc.property(shop, fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 60 }), (orders, d0, len) => {
        const from = new Date(Date.UTC(2024, 0, 1) + d0 * 86_400_000);
        const to = new Date(from.getTime() + len * 86_400_000);
        const w = repeatCustomerRate(orders, { from, to });
        const s = returningCustomerShare(orders, { from, to });
        expect(s.customers).toBe(w.customers);
        expect(w.repeatCustomers).toBeLessThanOrEqual(s.returningCustomers);
        for (const v of [w.repeatCustomerRate, s.returningCustomerShare]) expect(v === null || (v >= 0 && v <= 1)).toBe(true);
        const asOf = "2024-12-31";
        const k1 = repeatWithinPeriods(orders, { periods: 1, asOf });
        const k2 = repeatWithinPeriods(orders, { periods: 2, asOf });
        expect(k2.customers).toBe(k1.customers); // everyone is observed 3 months by the end of the year
        expect(k2.repeatCustomers).toBeGreaterThanOrEqual(k1.repeatCustomers);
      }),
      { numRuns: 80 },
    );
  });
});
