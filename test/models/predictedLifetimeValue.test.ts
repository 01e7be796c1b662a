import { describe, expect, it } from "vitest";
import { predictedLifetimeValue } from "../../src/models/index.js";
import { conditionalExpectedOrderValue, conditionalExpectedPurchases, predictedLifetimeValueOf } from "./single.js";
import { code } from "./errors.js";
import { customer1 } from "./fixtures.js";
import { bgbb, bgnbd, gg, pnbd } from "./predictions.shared.js";

const c1 = { ...customer1, monetaryValue: 22.35 };

describe("predictedLifetimeValue", () => {
  it("one month: E[Y(30.4375/7 weeks)] · E[Z] / 1.01 by hand", () => {
    const month = 30.4375 / 7;
    const hand = (conditionalExpectedPurchases(bgnbd, customer1, month) * conditionalExpectedOrderValue(gg, { frequency: 2, monetaryValue: 22.35 })) / 1.01;
    const r = predictedLifetimeValue(bgnbd, gg, [c1], { unit: "week", months: 1 });
    expect(r.customers[0]?.predictedLifetimeValue).toBeCloseTo(hand, 12);
    expect(r.unitsPerMonth).toBeCloseTo(4.348214285714286, 14);
  });
  it("12 months: Σ monthly increments discounted at 1% (docs/predicting-clv.md walkthrough: 36.30)", () => {
    const spend = conditionalExpectedOrderValue(gg, { frequency: 2, monetaryValue: 22.35 });
    let hand = 0;
    for (let m = 1; m <= 12; m++) {
      const inc = conditionalExpectedPurchases(bgnbd, customer1, (m * 30.4375) / 7) - conditionalExpectedPurchases(bgnbd, customer1, ((m - 1) * 30.4375) / 7);
      hand += (inc * spend) / 1.01 ** m;
    }
    const r = predictedLifetimeValue(bgnbd, gg, [c1], { unit: "week" });
    expect(r.customers[0]?.predictedLifetimeValue).toBeCloseTo(hand, 12);
    expect(r.customers[0]?.predictedLifetimeValue).toBeCloseTo(36.3, 1);
    expect(r.total).toBe(r.customers[0]?.predictedLifetimeValue);
  });
  it("does not depend on the unit the data was expressed in (weeks vs days give the same CLV)", () => {
    // A model fitted in days has alpha × 7; the same customer in days has times × 7.
    const daily = { kind: "BG/NBD" as const, params: { ...bgnbd.params, alpha: bgnbd.params.alpha * 7 }, unit: "day" as const };
    const inDays = { frequency: 2, recency: 30.43 * 7, T: 38.86 * 7, monetaryValue: 22.35 };
    const w = predictedLifetimeValueOf(bgnbd, gg, c1, { unit: "week" });
    const d = predictedLifetimeValueOf(daily, gg, inDays, { unit: "day" });
    expect(d).toBeCloseTo(w, 9);
  });
  it("works for Pareto/NBD, with discountRate 0 equal to E[Y(12 months)] · E[Z]", () => {
    const r = predictedLifetimeValueOf(pnbd, gg, c1, { unit: "week", discountRate: 0 });
    const hand = conditionalExpectedPurchases(pnbd, customer1, (12 * 30.4375) / 7) * conditionalExpectedOrderValue(gg, { frequency: 2, monetaryValue: 22.35 });
    expect(r).toBeCloseTo(hand, 10);
  });
  it("is finite for 250 repeat purchases, T = 0 and huge monetary values", () => {
    const r = predictedLifetimeValue(bgnbd, gg, [
      { frequency: 250, recency: 38, T: 38.86, monetaryValue: 40 },
      { frequency: 0, recency: 0, T: 0, monetaryValue: 0 },
      { frequency: 3, recency: 10, T: 20, monetaryValue: "1e250" },
    ], { unit: "week" });
    for (const v of r.customers) expect(Number.isFinite(v.predictedLifetimeValue)).toBe(true);
  });
  it("rejects a bad unit, BG/BB and bad customers", () => {
    expect(code(() => predictedLifetimeValue(bgnbd, gg, [c1], { unit: "month" as never }))).toBe("INVALID_OPTION");
    expect(code(() => predictedLifetimeValue(bgnbd, gg, [c1], { unit: "week", months: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => predictedLifetimeValue(bgnbd, gg, [c1], { unit: "week", discountRate: -2 }))).toBe("INVALID_OPTION");
    expect(code(() => predictedLifetimeValue(bgbb as never, gg, [c1], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => predictedLifetimeValue(bgnbd, gg, [{ ...c1, monetaryValue: -1 }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => predictedLifetimeValue(bgnbd, gg, [c1, { ...c1, T: 1 }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => predictedLifetimeValue(bgnbd, gg, {} as never, { unit: "week" }))).toBe("INVALID_ARGUMENT");
  });
});
