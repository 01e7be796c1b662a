import { describe, expect, it } from "vitest";
import type { Order } from "../../src/core/types.js";
import { returningCustomerRate } from "../../src/retention/returningCustomerRate.js";

const day = (iso: string, plusDays: number): string => new Date(Date.parse(`${iso}T12:00:00Z`) + plusDays * 86_400_000).toISOString();

describe("returningCustomerRate: seed examples from the issue", () => {
  it("1,000 customers bought 12–24 months ago and 200 of them bought in the last 6 months → 20%", () => {
    // asOf 2025-01-01. Base: [2023-01-01, 2024-01-01); return: [2024-07-01, 2025-01-01).
    const orders: Order[] = [];
    let id = 0;
    for (let c = 0; c < 1000; c++) {
      orders.push({ orderId: String(id++), customerId: `b${c}`, placedAt: day("2023-01-01", c % 365), total: "20" });
      if (c < 200) orders.push({ orderId: String(id++), customerId: `b${c}`, placedAt: day("2024-07-01", c % 180), total: "20" });
      // 100 others bought between the windows only (2024-03): not a return.
      else if (c < 300) orders.push({ orderId: String(id++), customerId: `b${c}`, placedAt: day("2024-03-01", 3), total: "20" });
    }
    // 50 customers new in the return window and 30 who bought only before the base window: not in the base.
    for (let c = 0; c < 50; c++) orders.push({ orderId: String(id++), customerId: `n${c}`, placedAt: day("2024-08-01", c), total: "5" });
    for (let c = 0; c < 30; c++) orders.push({ orderId: String(id++), customerId: `o${c}`, placedAt: day("2022-03-01", c), total: "5" });
    const r = returningCustomerRate(orders, { baseFrom: "2023-01-01", baseTo: "2024-01-01", returnFrom: "2024-07-01", returnTo: "2025-01-01", asOf: "2025-01-01" });
    // Hand count: base = 1000 (the b customers), returning = 200 → 200 / 1000 = 0.2.
    expect([r.baseCustomers, r.returningCustomers, r.returningCustomerRate]).toEqual([1000, 200, 0.2]);
    expect(r.complete).toBe(true);
    expect(r.base).toEqual({ from: "2023-01-01T00:00:00.000Z", to: "2024-01-01T00:00:00.000Z" });
  });

  it("2,000 customers bought before the period, 900 bought again within it; new customers excluded → 45%", () => {
    const orders: Order[] = [];
    let id = 0;
    for (let c = 0; c < 2000; c++) {
      orders.push({ orderId: String(id++), customerId: `p${c}`, placedAt: day("2021-01-01", c % 1000), total: "30" });
      if (c < 900) orders.push({ orderId: String(id++), customerId: `p${c}`, placedAt: day("2024-01-01", c % 180), total: "30" });
    }
    // 500 customers whose first order falls in the period (half of them order twice): they are not in the base.
    for (let c = 0; c < 500; c++) {
      orders.push({ orderId: String(id++), customerId: `n${c}`, placedAt: day("2024-02-01", c % 100), total: "10" });
      if (c % 2 === 0) orders.push({ orderId: String(id++), customerId: `n${c}`, placedAt: day("2024-05-01", c % 50), total: "10" });
    }
    const r = returningCustomerRate(orders, { baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" });
    // Hand count: base = 2000 (every p), returning = 900 → 0.45. Counting the 500 new ones would give 1400 / 2500 = 0.56.
    expect([r.baseCustomers, r.returningCustomers, r.returningCustomerRate]).toEqual([2000, 900, 0.45]);
    expect(r.base.from).toBeNull();
  });
});

describe("returningCustomerRate", () => {
  const orders: Order[] = [
    { orderId: "1", customerId: "a", placedAt: "2024-01-10", total: "1" },
    { orderId: "2", customerId: "a", placedAt: "2024-02-10", total: "1" },
    { orderId: "3", customerId: "b", placedAt: "2024-01-31T23:30:00-05:00", total: "1" }, // 1 Feb 04:30Z; January in New York
  ];
  it("windows in the zone; no base customers → null", () => {
    const ny = returningCustomerRate(orders, { baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-03-01", timeZone: "America/New_York" });
    expect([ny.baseCustomers, ny.returningCustomers]).toEqual([2, 1]);
    const utc = returningCustomerRate(orders, { baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-03-01" });
    expect([utc.baseCustomers, utc.returningCustomers]).toEqual([1, 1]);
    expect(utc.complete).toBe(false); // the latest order is 10 Feb
    const none = returningCustomerRate(orders, { baseFrom: "2020-01-01", baseTo: "2020-02-01", returnFrom: "2024-02-01", returnTo: "2024-03-01" });
    expect(none.returningCustomerRate).toBeNull();
  });

  it.each([
    ["baseTo", { returnFrom: "2024-02-01", returnTo: "2024-03-01" }],
    ["returnFrom", { baseTo: "2024-02-01", returnTo: "2024-03-01" }],
    ["returnTo", { baseTo: "2024-02-01", returnFrom: "2024-02-01" }],
    ["baseTo", { baseFrom: "2024-02-01", baseTo: "2024-01-01", returnFrom: "2024-02-01", returnTo: "2024-03-01" }],
    ["returnTo", { baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-02-01" }],
    ["returnFrom", { baseTo: "2024-02-01", returnFrom: "2024-01-15", returnTo: "2024-03-01" }],
    ["baseFrom", { baseFrom: "x", baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-03-01" }],
    ["options", undefined],
  ])("INVALID_OPTION for %s", (field, options) => {
    expect(() => returningCustomerRate(orders, options as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", field }));
  });
});
