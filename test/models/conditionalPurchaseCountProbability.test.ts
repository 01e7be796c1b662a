import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conditionalExpectedPurchases,
  conditionalPurchaseCountProbability,
  probabilityAlive,
  type BetaGeoBetaBinomModel,
  type BetaGeoModel,
  type CustomerHistory,
  type ModifiedBetaGeoModel,
  type ParetoNbdModel,
  type TransactionModel,
} from "../../src/models/index.js";
import { code } from "./errors.js";
import { customer1 } from "./fixtures.js";

// CDNOW fits (weeks) and the donations BG/BB fit, as published.
const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
const mbgnbd: ModifiedBetaGeoModel = { kind: "MBG/NBD", params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, unit: "week" };
const pnbd: ParetoNbdModel = { kind: "Pareto/NBD", params: { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6678 }, unit: "week" };
const bgbb: BetaGeoBetaBinomModel = { kind: "BG/BB", params: { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 } };

const p = (m: TransactionModel, c: CustomerHistory, n: number, t: number): number =>
  conditionalPurchaseCountProbability(m, [c], n, t).customers[0]?.conditionalPurchaseCountProbability ?? Number.NaN;

/** Σ_{n<N} P(n) and Σ_{n<N} n·P(n), by summing the pmf term by term. */
function moments(m: TransactionModel, c: CustomerHistory, t: number, N: number): { mass: number; mean: number } {
  let mass = 0;
  let mean = 0;
  for (let n = 0; n < N; n++) {
    const v = p(m, c, n, t);
    mass += v;
    mean += n * v;
  }
  return { mass, mean };
}

const lapsed = { frequency: 5, recency: 10, T: 70 };
const fresh = { frequency: 0, recency: 0, T: 3 };
const heavy = { frequency: 20, recency: 60, T: 62 };

describe("conditionalPurchaseCountProbability", () => {
  it("CDNOW customer 1, BG/NBD: P(no purchase in the next 39 weeks) = 0.4454", () => {
    expect(p(bgnbd, customer1, 0, 39)).toBeCloseTo(0.445388, 5);
  });

  // Independent check: the summed pmf has mass 1, and its mean is the closed form E[Y(t) | ·]
  // (FHL 2005 eq. 10 by ₂F₁; Schmittlein et al. eq. 22; FHS 2010 eq. 13), computed by other code.
  for (const [name, model, t] of [
    ["BG/NBD", bgnbd, 39],
    ["MBG/NBD", mbgnbd, 39],
    ["Pareto/NBD", pnbd, 39],
  ] as const) {
    it(`${name}: sums to 1 and its mean is conditionalExpectedPurchases (customers 1, lapsed, fresh, heavy)`, () => {
      for (const c of [customer1, lapsed, fresh, heavy]) {
        const { mass, mean } = moments(model, c, t, 200);
        expect(Math.abs(mass - 1)).toBeLessThan(1e-9);
        const expected = conditionalExpectedPurchases(model, [c], t).customers[0]?.conditionalExpectedPurchases ?? Number.NaN;
        expect(Math.abs(mean - expected) / expected).toBeLessThan(1e-7);
      }
    });
  }

  it("BG/BB (donations fit): sums to 1 over k = 0 … n*, mean is FHS 2010 eq. 13", () => {
    for (const c of [{ frequency: 3, recency: 5, periods: 6 }, { frequency: 1, recency: 1, periods: 6 }, { frequency: 0, recency: 0, periods: 6 }]) {
      const { mass, mean } = moments(bgbb, c, 5, 6);
      expect(Math.abs(mass - 1)).toBeLessThan(1e-12);
      const expected = conditionalExpectedPurchases(bgbb, [c], 5).customers[0]?.conditionalExpectedPurchases ?? Number.NaN;
      expect(Math.abs(mean - expected) / expected).toBeLessThan(1e-10);
    }
  });

  it("P(no purchase) is at least 1 − P(alive) and falls as t grows to that limit", () => {
    const alive = probabilityAlive(bgnbd, [lapsed]).customers[0]?.probabilityAlive ?? Number.NaN;
    let last = 1;
    for (const t of [0, 1, 5, 20, 100, 1000]) {
      const v = p(bgnbd, lapsed, 0, t);
      expect(v).toBeLessThanOrEqual(last + 1e-15);
      expect(v).toBeGreaterThanOrEqual(1 - alive - 1e-12);
      last = v;
    }
    expect(p(bgnbd, lapsed, 0, 0)).toBe(1);
  });

  it("property: probabilities in [0, 1]; P(at least one) grows with t", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TransactionModel>(bgnbd, mbgnbd, pnbd),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (m, x, T, frac, n, t) => {
          const c = { frequency: x, recency: x === 0 ? 0 : T * frac, T };
          const v = p(m, c, n, t);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
          expect(p(m, c, 0, 2 * t)).toBeLessThanOrEqual(p(m, c, 0, t) + 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a weighted total, keyed records, and errors", () => {
    const r = conditionalPurchaseCountProbability(bgnbd, [{ customerId: "a", ...customer1, weight: 3 }], 1, 39);
    expect(r.customers[0]?.customerId).toBe("a");
    expect(r.total).toBeCloseTo(3 * (r.customers[0]?.conditionalPurchaseCountProbability ?? 0), 12);
    expect(r.n).toBe(1);
    expect(r.unit).toBe("week");
    expect(code(() => conditionalPurchaseCountProbability(bgnbd, [customer1], -1, 39))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalPurchaseCountProbability(bgnbd, [customer1], 0, 1e300))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalPurchaseCountProbability(bgbb, [{ frequency: 1, recency: 1, periods: 6 }], 0, 2.5))).toBe("INVALID_ARGUMENT");
  });
});
