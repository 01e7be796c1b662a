import { describe, expect, it } from "vitest";
import { calibrationHoldout, customerSummaries, prepareOrders } from "../../src/index.js";
import { cdnowSampleOrders } from "./cdnow.js";
import { expectError, o } from "./helpers.js";

describe("calibrationHoldout: hand-computed example (docs/customer-analytics.md, 'Calibration and holdout')", () => {
  // Calibration to 2024-01-31, holdout to 2024-03-01 (30 days).
  // ann: calibration days 01-01 ($10), 01-11 ($20) → x = 1, t_x = 10, T = 30, monetary 20.
  //      holdout 02-05 ($30 + $6, one day), 02-20 ($14) → 2 holdout days, mean (36 + 14) / 2 = 25.
  // cy: calibration 01-31 only; no holdout orders → holdout frequency 0, monetary 0.
  // bob: first order 02-07 → new in the holdout, reported separately.
  const orders = [
    o("ann", "2024-01-01", "10"),
    o("ann", "2024-01-11", "20"),
    o("ann", "2024-02-05T08:00Z", "30"),
    o("ann", "2024-02-05T20:00Z", "6"),
    o("bob", "2024-02-07", "15"),
    o("cy", "2024-01-31T23:00Z", "8"),
    o("ann", "2024-02-20", "14"),
    o("ann", "2024-03-02", "500"),
  ];
  const r = calibrationHoldout(orders, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-01" });

  it("calibration summary and aligned holdout facts", () => {
    expect(r.calibrationCustomers.map((c) => [c.customerId, c.frequency, c.recency, c.T, c.monetaryValue.toString()])).toEqual([
      ["ann", 1, 10, 30, "20"],
      ["cy", 0, 0, 0, "0"],
    ]);
    expect(r.holdoutCustomers.map((h) => [h.customerId, h.frequency, h.orders, h.revenue.toString(), h.monetaryValue.toString(), h.duration])).toEqual([
      ["ann", 2, 3, "50", "25", 30],
      ["cy", 0, 0, "0", "0", 30],
    ]);
    expect(r.holdoutDuration).toBe(30);
    expect(r.calibrationEnd).toBe("2024-01-31T23:59:59.999Z");
    expect(r.observationEnd).toBe("2024-03-01T23:59:59.999Z");
  });

  it("reports customers new in the holdout", () => {
    expect(r.newHoldoutCustomers.map((c) => [c.customerId, c.orders, c.purchaseDays, c.revenue.toString(), c.firstOrderAt])).toEqual([
      ["bob", 1, 1, "15", "2024-02-07T00:00:00.000Z"],
    ]);
  });

  it("the calibration part equals customerSummaries with asOf = calibrationEnd", () => {
    const s = customerSummaries(orders, { asOf: "2024-01-31", unit: "week" });
    const c = calibrationHoldout(orders, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-01", unit: "week" });
    expect(c.calibrationCustomers.map((x) => JSON.stringify(x))).toEqual(s.customers.map((x) => JSON.stringify(x)));
    expect(c.holdoutDuration).toBe(30 / 7);
  });

  it("observationEnd defaults to the latest order", () => {
    const d = calibrationHoldout(orders, { calibrationEnd: "2024-01-31" });
    expect(d.holdoutDuration).toBe(31); // 01-31 → 03-02
    expect(d.holdoutCustomers[0]?.frequency).toBe(3);
  });
});

describe("calibrationHoldout: CDNOW", () => {
  it("splits at 1997-09-30 (39 weeks) with a 39-week holdout to 1998-06-30, no customer new in the holdout", () => {
    const book = prepareOrders(cdnowSampleOrders());
    const r = calibrationHoldout(book, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", unit: "week" });
    expect(r.calibrationCustomers).toHaveLength(2357);
    expect(r.newHoldoutCustomers).toEqual([]);
    expect(r.holdoutDuration).toBe(273 / 7);
    const total = r.holdoutCustomers.reduce((sum, h) => sum + h.frequency, 0);
    expect(total).toBeGreaterThan(0);
  });
});

describe("calibrationHoldout: edge cases and errors", () => {
  it("empty input", () => {
    const r = calibrationHoldout([], { calibrationEnd: "2024-01-31" });
    expect([r.calibrationCustomers, r.holdoutCustomers, r.newHoldoutCustomers, r.holdoutDuration]).toEqual([[], [], [], 0]);
    const s = calibrationHoldout([], { calibrationEnd: "2024-01-31", observationEnd: "2024-02-29" });
    expect(s.holdoutDuration).toBe(29);
  });
  it("__proto__ is an ordinary id", () => {
    const r = calibrationHoldout([o("__proto__", "2024-01-01"), o("__proto__", "2024-02-02", "4")], { calibrationEnd: "2024-01-31" });
    expect(r.holdoutCustomers[0]).toMatchObject({ customerId: "__proto__", frequency: 1 });
  });
  it("errors", () => {
    const orders = [o("a", "2024-01-01"), o("a", "2024-02-01")];
    expectError(() => calibrationHoldout(orders, {} as { calibrationEnd: string }), "INVALID_OPTION", "calibrationEnd");
    expectError(() => calibrationHoldout(orders, { calibrationEnd: "later" }), "INVALID_OPTION", "calibrationEnd");
    expectError(() => calibrationHoldout(orders, { calibrationEnd: "2024-01-15", observationEnd: "x" }), "INVALID_OPTION", "observationEnd");
    expectError(() => calibrationHoldout(orders, { calibrationEnd: "2024-01-15", observationEnd: "2024-01-10" }), "INVALID_OPTION", "observationEnd");
    expectError(() => calibrationHoldout(orders, { calibrationEnd: "2024-03-15" }), "INVALID_OPTION", "observationEnd");
    expectError(() => calibrationHoldout(orders, { calibrationEnd: "2024-01-15", unit: "year" as "day" }), "INVALID_OPTION", "unit");
    expectError(() => calibrationHoldout(orders, { calibrationEnd: "2024-01-15", includeFirstPurchase: 1 as unknown as boolean }), "INVALID_OPTION", "includeFirstPurchase");
    expectError(() => calibrationHoldout(orders, null as unknown as { calibrationEnd: string }), "INVALID_OPTION", "options");
  });
});

// Issue 15, 8e: the default observation end of date-only data is the end of the last day, as every metric's asOf.
describe("calibrationHoldout on date-only data", () => {
  it("observationEnd defaults to the end of the last day; the holdout length still counts to the last date", () => {
    const orders = [
      { orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "10" },
      { orderId: "2", customerId: "a", placedAt: "2024-02-10", total: "10" },
      { orderId: "3", customerId: "b", placedAt: "2024-02-29", total: "10" },
    ];
    const r = calibrationHoldout(orders, { calibrationEnd: "2024-01-31" });
    expect(r.observationEnd).toBe("2024-02-29T23:59:59.999Z");
    expect(r.window.asOf).toBe("2024-02-29T23:59:59.999Z");
    expect(r.holdoutDuration).toBe(29);
    expect(JSON.stringify(r)).toBe(JSON.stringify(calibrationHoldout(orders, { calibrationEnd: "2024-01-31", observationEnd: "2024-02-29" })));
  });
});
