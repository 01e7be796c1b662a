import { describe, expect, it } from "vitest";
import {
  conditionalExpectedOrderValue,
  conditionalExpectedPurchases,
  customerSummaries,
  expectedDiscountedTransactions,
  fitBetaGeo,
  fitGammaGamma,
  predictedLifetimeValue,
  prepareOrders,
  probabilityAlive,
} from "../../src/index.js";
import { cdnowSampleOrders } from "../customers/cdnow.js";
import { code } from "./errors.js";
import { customer1 } from "./fixtures.js";
import { bgbb, bgnbd, gg, pnbd } from "./predictions.shared.js";
import * as single from "./single.js";

const c1 = { ...customer1, monetaryValue: 22.35 };

// Issue 15, point 5: every per-customer prediction returns records carrying customerId, in input order, plus
// totals (docs/predicting-clv.md, "Keyed predictions").
describe("predictions keyed by customer", () => {
  const histories = [
    { customerId: "ann", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
    { customerId: 42, frequency: 0, recency: 0, T: 38.86, monetaryValue: 0 },
    { customerId: "__proto__", frequency: 5, recency: 10, T: 30, monetaryValue: "17.5" },
  ];

  it("records carry customerId (numbers as strings), in input order, with the function's own name", () => {
    const r = probabilityAlive(bgnbd, histories);
    expect(r.customers.map((c) => c.customerId)).toEqual(["ann", "42", "__proto__"]);
    expect(Object.keys(r.customers[2]!)).toEqual(["customerId", "probabilityAlive"]);
    expect(r.customers[0]!.probabilityAlive).toBe(single.probabilityAlive(bgnbd, customer1));
    expect(r.customers[1]!.probabilityAlive).toBe(1); // BG/NBD: x = 0 is "alive"
    expect(r.total).toBeCloseTo(r.customers.reduce((s, c) => s + c.probabilityAlive, 0), 14);
  });

  it("every per-customer prediction returns the same keys in the same order", () => {
    const ids = ["ann", "42", "__proto__"];
    expect(conditionalExpectedPurchases(pnbd, histories, 39).customers.map((c) => c.customerId)).toEqual(ids);
    expect(conditionalExpectedOrderValue(gg, histories).customers.map((c) => c.customerId)).toEqual(ids);
    expect(expectedDiscountedTransactions(pnbd, histories).customers.map((c) => c.customerId)).toEqual(ids);
    expect(predictedLifetimeValue(bgnbd, gg, histories).customers.map((c) => c.customerId)).toEqual(ids);
    expect(probabilityAlive(bgbb, [{ customerId: "d", frequency: 1, recency: 1, periods: 6 }]).customers[0]!.customerId).toBe("d");
  });

  it("records without customerId are keyed by input position", () => {
    const r = predictedLifetimeValue(bgnbd, gg, [c1, { ...c1, frequency: 0, recency: 0 }]);
    expect(r.customers.map((c) => c.customerId)).toEqual(["0", "1"]);
  });

  it("totals: Σ weight · value (CLV, expected purchases, DERT, expected alive); none for order values", () => {
    const once = predictedLifetimeValue(bgnbd, gg, [c1]).total;
    expect(predictedLifetimeValue(bgnbd, gg, [{ ...c1, weight: 3 }]).total).toBeCloseTo(3 * once, 12);
    expect(conditionalExpectedPurchases(bgnbd, [customer1, customer1], 39).total).toBe(2 * single.conditionalExpectedPurchases(bgnbd, customer1, 39));
    expect(expectedDiscountedTransactions(pnbd, [{ ...customer1, weight: 2 }]).total).toBeCloseTo(2 * single.expectedDiscountedTransactions(pnbd, customer1), 12);
    expect(Object.keys(conditionalExpectedOrderValue(gg, histories))).toEqual(["customers"]);
  });

  it("refuses a mix of keyed and unkeyed records, empty or non-scalar ids, and a bare record", () => {
    expect(() => probabilityAlive(bgnbd, [{ ...customer1, customerId: "a" }, customer1])).toThrow(/^customer 1, customerId: is missing while customer 0 has one/);
    expect(code(() => probabilityAlive(bgnbd, [customer1, { ...customer1, customerId: "a" }]))).toBe("INVALID_CUSTOMER_ID");
    expect(code(() => probabilityAlive(bgnbd, [{ ...customer1, customerId: "" }]))).toBe("EMPTY_CUSTOMER_ID");
    expect(code(() => probabilityAlive(bgnbd, [{ ...customer1, customerId: { id: 1 } as never }]))).toBe("INVALID_CUSTOMER_ID");
    expect(code(() => probabilityAlive(bgnbd, [{ ...customer1, customerId: Number.NaN }]))).toBe("INVALID_CUSTOMER_ID");
    // The 0.x single-record call is refused with a hint, not misread.
    expect(() => probabilityAlive(bgnbd, customer1 as never)).toThrow(/^argument customers: must be an array of customer records or a customerSummaries result .* Wrap a single customer in an array/);
    expect(code(() => conditionalExpectedOrderValue(gg, { frequency: 1, monetaryValue: 1 } as never))).toBe("INVALID_ARGUMENT");
  });

  it("docs/predicting-clv.md, 'Keyed predictions: a top-N list': the five customers worth most over 12 months", () => {
    // The example as written in the docs.
    const summaries = customerSummaries(prepareOrders(cdnowSampleOrders()), { asOf: "1997-09-30", unit: "week" });
    const bgnbdFit = fitBetaGeo(summaries);
    const spend = fitGammaGamma(summaries);
    const clv = predictedLifetimeValue(bgnbdFit, spend, summaries, { months: 12 });
    const top5 = [...clv.customers].sort((a, b) => b.predictedLifetimeValue - a.predictedLifetimeValue).slice(0, 5);
    expect(top5.map((c) => c.customerId)).toEqual(["509", "1081", "1516", "1560", "1981"]);
    expect(top5.map((c) => Math.round(c.predictedLifetimeValue * 100) / 100)).toEqual([1175.71, 1003.17, 972.57, 812.81, 793.95]);
    expect(Math.round(clv.total)).toBe(71550);
    // Second computation: customer 509's CLV from its own summary, by position.
    const i = summaries.customers.findIndex((c) => c.customerId === "509");
    const s = summaries.customers[i]!;
    const own = single.predictedLifetimeValueOf(bgnbdFit, spend, { frequency: s.frequency, recency: s.recency, T: s.T, monetaryValue: s.monetaryValue });
    expect(top5[0]!.predictedLifetimeValue).toBe(own);
  });
});
