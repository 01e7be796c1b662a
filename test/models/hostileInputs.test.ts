import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import {
  conditionalExpectedOrderValue,
  conditionalExpectedPurchases,
  expectedDiscountedTransactions,
  expectedPurchases,
  fitBetaGeoBetaBinom,
  fitGammaGamma,
  predictedLifetimeValue,
  probabilityAlive,
  purchaseCountProbability,
  type BetaGeoBetaBinomModel,
  type BetaGeoModel,
  type DiscreteRfmRecord,
  type GammaGammaModel,
  type ModifiedBetaGeoModel,
  type ParetoNbdModel,
} from "../../src/models/index.js";
import { code } from "./errors.js";

// Issue 19, classes 4 and 7: hostile but well-typed inputs to the model functions end in a finite
// answer or a RetentionMetricsError, quickly (docs/predicting-clv.md, "Limits").
const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
const mbgnbd: ModifiedBetaGeoModel = { kind: "MBG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
const pnbd: ParetoNbdModel = { kind: "Pareto/NBD", params: { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6678 }, unit: "week" };
const bgbb: BetaGeoBetaBinomModel = { kind: "BG/BB", params: { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 } };
const gg: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } };

function field(f: () => unknown): string | null | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof RetentionMetricsError) return e.field;
    throw e;
  }
  return undefined;
}

describe("time arguments past the end of double precision", () => {
  it("expectedPurchases(model, 1e300) is INVALID_ARGUMENT on t, not NaN (the issue's probe)", () => {
    for (const m of [bgnbd, mbgnbd, pnbd]) {
      expect(code(() => expectedPurchases(m, 1e300))).toBe("INVALID_ARGUMENT");
      expect(field(() => expectedPurchases(m, 1e300))).toBe("t");
      expect(code(() => conditionalExpectedPurchases(m, [{ frequency: 2, recency: 30, T: 38 }], 1e20))).toBe("INVALID_ARGUMENT");
      expect(code(() => purchaseCountProbability(m, 1, 1e20))).toBe("INVALID_ARGUMENT");
    }
    // The bound is in days: 10,000,000 days is fine in days and too long in weeks.
    expect(Number.isFinite(expectedPurchases(bgnbd, 10_000_000, { unit: "day" }).expectedPurchases)).toBe(true);
    expect(code(() => expectedPurchases(bgnbd, 10_000_000))).toBe("INVALID_ARGUMENT");
  });

  it("BG/BB horizons and histories are bounded at 100,000 opportunities", () => {
    expect(code(() => expectedPurchases(bgbb, 100_001))).toBe("INVALID_ARGUMENT");
    expect(expectedPurchases(bgbb, 100_000).expectedPurchases).toBeGreaterThan(expectedPurchases(bgbb, 99_999).expectedPurchases);
    expect(code(() => probabilityAlive(bgbb, [{ frequency: 1, recency: 1, periods: 100_001 }]))).toBe("INVALID_ARGUMENT");
    expect(field(() => probabilityAlive(bgbb, [{ frequency: 1, recency: 1, periods: 100_001 }]))).toBe("periods");
    expect(code(() => conditionalExpectedPurchases(bgbb, [{ frequency: 1, recency: 1, periods: 6 }], 1e9))).toBe("INVALID_ARGUMENT");
  });

  it("purchaseCountProbability bounds n (its BG/NBD sum has n terms)", () => {
    expect(code(() => purchaseCountProbability(bgnbd, 1e9, 10))).toBe("INVALID_ARGUMENT");
    expect(field(() => purchaseCountProbability(bgnbd, 1e9, 10))).toBe("n");
  });

  it("predictedLifetimeValue: months: 1e5 is INVALID_OPTION (at most 1,200); an overflowing negative rate too", () => {
    const c = [{ frequency: 2, recency: 30, T: 38, monetaryValue: 20 }];
    expect(code(() => predictedLifetimeValue(bgnbd, gg, c, { months: 1e5 }))).toBe("INVALID_OPTION");
    expect(field(() => predictedLifetimeValue(bgnbd, gg, c, { months: 1e5 }))).toBe("months");
    expect(predictedLifetimeValue(bgnbd, gg, c, { months: 1200 }).total).toBeGreaterThan(predictedLifetimeValue(bgnbd, gg, c, { months: 12 }).total);
    expect(code(() => predictedLifetimeValue(bgnbd, gg, c, { months: 1200, discountRate: -0.9 }))).toBe("INVALID_OPTION");
  });
});

describe("BG/BB cost no longer grows with the square of periods", () => {
  it("a fit on 1,000 opportunities (28 s before) runs, with the sums by ratio", () => {
    // 200 customers with a deterministic spread of purchase and dropout probabilities, simulated
    // with a seeded linear congruential generator.
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const records: DiscreteRfmRecord[] = [];
    for (let i = 0; i < 200; i++) {
      const p = ((i % 10) + 0.5) / 10;
      const theta = (((i * 7) % 10) + 0.5) / 500;
      let x = 0;
      let tx = 0;
      for (let t = 1; t <= 1000; t++) {
        if (next() < theta) break;
        if (next() < p) {
          x++;
          tx = t;
        }
      }
      records.push({ frequency: x, recency: tx, periods: 1000 });
    }
    const fit = fitBetaGeoBetaBinom(records);
    expect(fit.params.alpha).toBeGreaterThan(0);
    expect(fit.logLikelihood).toBeLessThan(0);
  });
});

describe("Gamma-Gamma qConstraint (lifetimes' q_constraint)", () => {
  const wild = Array.from({ length: 60 }, (_, i) => ({ frequency: 1 + (i % 3), monetaryValue: 10 ** ((i * 7) % 6) }));
  it("keeps q above 1 where the unconstrained fit has q ≤ 1", () => {
    expect(fitGammaGamma(wild).params.q).toBeLessThanOrEqual(1);
    const c = fitGammaGamma(wild, { qConstraint: true });
    expect(c.params.q).toBeGreaterThan(1);
    expect(c.warnings.some((w) => w.startsWith("q<=1"))).toBe(false);
    expect(Number.isFinite(conditionalExpectedOrderValue(c, [{ frequency: 1, monetaryValue: 10 }]).customers[0]?.conditionalExpectedOrderValue)).toBe(true);
  });
  it("leaves a fit whose q is above 1 anyway unchanged (to the optimiser's tolerance)", () => {
    const data = Array.from({ length: 80 }, (_, i) => ({ frequency: 1 + (i % 4), monetaryValue: 20 + ((i * 13) % 17) }));
    const a = fitGammaGamma(data);
    const b = fitGammaGamma(data, { qConstraint: true });
    expect(a.params.q).toBeGreaterThan(1);
    expect(Math.abs(b.logLikelihood - a.logLikelihood)).toBeLessThan(1e-6);
  });
  it("is INVALID_OPTION when not a boolean", () => {
    expect(code(() => fitGammaGamma(wild, { qConstraint: "yes" as unknown as boolean }))).toBe("INVALID_OPTION");
  });
});

// Every public prediction, for any finite positive parameters and finite non-negative times: finite
// numbers, or a RetentionMetricsError, never NaN or Infinity.
describe("property: model predictions are finite or a RetentionMetricsError", () => {
  const positive = fc.oneof(
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    fc.constantFrom(1e-12, 1e-300, 1e12, 1e300, 1, 0.5),
  );
  const time = fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom(0, 1e-300, 1e9, 1e20, 1e300));
  const count = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(1000, 1_000_000));
  const allFinite = (v: unknown): boolean => {
    if (typeof v === "number") return Number.isFinite(v);
    if (Array.isArray(v)) return v.every(allFinite);
    if (typeof v === "object" && v !== null) return Object.values(v).every(allFinite);
    return true;
  };
  const finiteOrError = (f: () => unknown): void => {
    try {
      const r = f();
      expect(allFinite(r)).toBe(true);
    } catch (e) {
      expect(e).toBeInstanceOf(RetentionMetricsError);
    }
  };

  it("BG/NBD, MBG/NBD and Pareto/NBD predictions", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("BG/NBD", "MBG/NBD", "Pareto/NBD"),
        fc.tuple(positive, positive, positive, positive),
        count,
        time,
        time,
        time,
        (kind, [p1, p2, p3, p4], x, a, b, t) => {
          const model =
            kind === "Pareto/NBD"
              ? ({ kind, params: { r: p1, alpha: p2, s: p3, beta: p4 }, unit: "week" } as ParetoNbdModel)
              : ({ kind, params: { r: p1, alpha: p2, a: p3, b: p4 }, unit: "week" } as BetaGeoModel | ModifiedBetaGeoModel);
          const T = Math.max(a, b);
          const customer = { frequency: x, recency: x === 0 ? 0 : Math.min(a, b), T, monetaryValue: 25 };
          finiteOrError(() => expectedPurchases(model, t));
          finiteOrError(() => purchaseCountProbability(model, Math.min(x, 60), t));
          finiteOrError(() => probabilityAlive(model, [customer]));
          finiteOrError(() => conditionalExpectedPurchases(model, [customer], t));
          finiteOrError(() => predictedLifetimeValue(model, gg, [customer], { months: 3 }));
          if (model.kind === "Pareto/NBD") finiteOrError(() => expectedDiscountedTransactions(model, [customer]));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("BG/BB predictions and Gamma-Gamma order values", () => {
    fc.assert(
      fc.property(
        fc.tuple(positive, positive, positive, positive),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 2000 }),
        positive,
        ([alpha, beta, gamma, delta], n, k, t, spend) => {
          const model: BetaGeoBetaBinomModel = { kind: "BG/BB", params: { alpha, beta, gamma, delta } };
          const x = k % (n + 1);
          const customer = { frequency: x, recency: x === 0 ? 0 : Math.max(x, n - (k % 3)), periods: n };
          finiteOrError(() => expectedPurchases(model, t));
          finiteOrError(() => purchaseCountProbability(model, Math.min(x, t), t));
          finiteOrError(() => probabilityAlive(model, [customer]));
          finiteOrError(() => conditionalExpectedPurchases(model, [customer], t));
          const spendModel: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: alpha, q: 1 + beta, v: gamma } };
          finiteOrError(() => conditionalExpectedOrderValue(spendModel, [{ frequency: x, monetaryValue: spend }]));
        },
      ),
      { numRuns: 30 },
    );
  });
});
