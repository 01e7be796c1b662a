import { describe, expect, it } from "vitest";
import { conditionalExpectedPurchases, expectedDiscountedTransactions } from "./single.js";
import { code } from "./errors.js";
import { customer1 } from "./fixtures.js";
import { bgnbd, pnbd } from "./predictions.shared.js";

/** Second computation: DERT = ∫₀^∞ e^(−δt) dE[Y(t)] = ∫₀^∞ δ e^(−δt) E[Y(t)] dt (by parts), trapezoid in ln t. */
function dertByIntegration(delta: number, c: { frequency: number; recency: number; T: number }): number {
  let sum = 0;
  const h = 0.01;
  for (let u = -14; u < 14; u += h) {
    const t = Math.exp(u);
    sum += delta * Math.exp(-delta * t) * conditionalExpectedPurchases(pnbd, c, t) * t * h;
  }
  return sum;
}

describe("expectedDiscountedTransactions", () => {
  it("FHL 2005 'RFM and CLV' eq. 2 agrees with integrating the discounted conditional expectation (customer 1, 15%/year)", () => {
    const delta = (Math.log(1.15) * 7) / 365.25;
    const v = expectedDiscountedTransactions(pnbd, customer1, { unit: "week" });
    expect(v).toBeCloseTo(dertByIntegration(delta, customer1), 8);
    expect(v).toBeCloseTo(6.514, 3);
  });
  it("agrees for a lapsed customer and for a customer with T = 0", () => {
    const lapsed = { frequency: 1, recency: 2, T: 38 };
    const fresh = { frequency: 0, recency: 0, T: 0 };
    const delta = (Math.log(1.15) * 7) / 365.25;
    expect(expectedDiscountedTransactions(pnbd, lapsed, { unit: "week" })).toBeCloseTo(dertByIntegration(delta, lapsed), 8);
    expect(expectedDiscountedTransactions(pnbd, fresh, { unit: "week" })).toBeCloseTo(dertByIntegration(delta, fresh), 8);
  });
  it("falls as the discount rate rises", () => {
    const lo = expectedDiscountedTransactions(pnbd, customer1, { unit: "week", annualDiscountRate: 0.05 });
    const hi = expectedDiscountedTransactions(pnbd, customer1, { unit: "week", annualDiscountRate: 0.3 });
    expect(lo).toBeGreaterThan(hi);
  });
  it("accepts only Pareto/NBD, a valid unit (default: the model's) and a positive rate", () => {
    expect(code(() => expectedDiscountedTransactions(bgnbd as never, customer1, { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => expectedDiscountedTransactions(pnbd, customer1, { unit: "month" as never }))).toBe("INVALID_OPTION");
    expect(expectedDiscountedTransactions(pnbd, customer1)).toBe(expectedDiscountedTransactions(pnbd, customer1, { unit: "week" }));
    expect(code(() => expectedDiscountedTransactions(pnbd, customer1, { unit: "week", annualDiscountRate: 0 }))).toBe("INVALID_OPTION");
  });
});
