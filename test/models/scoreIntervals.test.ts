import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitGammaGamma, scoreCustomers, scoreIntervals, type PredictionInterval } from "../../src/models/index.js";
import { code } from "./errors.js";
import { cdnowSpend } from "./fixtures.js";
import { bgnbdFit, cdnowCustomers, ggFit, pnbdModel } from "./scores.shared.js";

const customers = cdnowCustomers(40);
const opts = { transactionModel: bgnbdFit, spendModel: ggFit };
const FIELDS = ["probabilityAlive", "probabilityOfPurchase", "expectedPurchases", "expectedOrderValue", "predictedLifetimeValue"] as const;

function contains(i: PredictionInterval): void {
  expect(i.lower).toBeLessThanOrEqual(i.estimate);
  expect(i.upper).toBeGreaterThanOrEqual(i.estimate);
  expect(i.lower).toBeGreaterThanOrEqual(0);
}

describe("fits: covariance", () => {
  it("is the inverse Hessian: symmetric, its diagonal the squared standard errors (Gamma-Gamma on CDNOW)", () => {
    const fit = fitGammaGamma(cdnowSpend);
    const c = fit.covariance!;
    expect(c).toHaveLength(3);
    const se = [fit.standardErrors.p, fit.standardErrors.q, fit.standardErrors.v];
    c.forEach((row, i) => {
      expect(row[i]).toBeCloseTo(se[i]! ** 2, 12);
      row.forEach((v, j) => expect(v).toBe(c[j]![i]));
    });
  });
});

describe("scoreIntervals", () => {
  it("CDNOW customer 1, delta method: estimates are scoreCustomers' values; the Gamma-Gamma interval is the analytic delta method's", () => {
    const r = scoreIntervals(customers.slice(0, 1), { ...opts, level: 0.9 });
    const s = scoreCustomers(customers.slice(0, 1), opts).customers[0]!;
    const c = r.customers[0]!;
    for (const f of FIELDS) {
      expect(c[f].estimate).toBe(s[f]);
      contains(c[f]);
    }
    // E[Z] = p(v + x z̄)/(px + q − 1): its gradient in (ln p, ln q, ln v) by hand.
    const { p, q, v } = ggFit.params;
    const x = 2;
    const z = 22.35;
    const den = p * x + q - 1;
    const g = [(p * (v + x * z) * (q - 1)) / den ** 2, (-q * p * (v + x * z)) / den ** 2, (v * p) / den];
    const theta = [p, q, v];
    let variance = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) variance += (g[i]! * g[j]! * ggFit.covariance[i]![j]!) / (theta[i]! * theta[j]!);
    const half = 1.6448536269514722 * Math.sqrt(variance);
    expect(c.expectedOrderValue.upper - c.expectedOrderValue.estimate).toBeCloseTo(half, 6);
    expect(c.expectedOrderValue.estimate - c.expectedOrderValue.lower).toBeCloseTo(half, 6);
    expect(r.warnings).toEqual([]);
    expect([r.method, r.level, r.draws, r.seed]).toEqual(["delta", 0.9, null, null]);
  });

  it("delta and bootstrap agree on CDNOW customer 1 and on the totals (within a fifth of the width)", () => {
    const d = scoreIntervals(customers, { ...opts, method: "delta" });
    const b = scoreIntervals(customers, { ...opts, method: "bootstrap", draws: 200, seed: 3 });
    for (const f of ["probabilityAlive", "expectedPurchases", "predictedLifetimeValue"] as const) {
      for (const [x, y] of [[d.customers[0]![f], b.customers[0]![f]], [d.totals[f], b.totals[f]]] as const) {
        const width = x.upper - x.lower;
        expect(Math.abs(y.upper - y.lower - width)).toBeLessThan(0.2 * width);
      }
    }
  });

  it("totals: the estimates are scoreCustomers' totals and contain them", () => {
    const r = scoreIntervals(customers, opts);
    const s = scoreCustomers(customers, opts).totals;
    expect(r.totals.predictedLifetimeValue.estimate).toBe(s.predictedLifetimeValue);
    expect(r.totals.expectedOrderValue?.estimate).toBe(s.expectedOrderValue);
    for (const f of FIELDS) contains(r.totals[f]!);
  });

  it("warnings: a model without covariance leaves its uncertainty out (no-covariance); fit warnings are passed on", () => {
    const r = scoreIntervals(customers.slice(0, 2), { transactionModel: pnbdModel, spendModel: { ...ggFit, warnings: ["few-customers: Gamma-Gamma was fitted on 12 customers."] } });
    expect(r.warnings.map((w) => w.slice(0, w.indexOf(":")))).toEqual(["few-customers", "no-covariance"]);
    expect(r.warnings[0]).toContain("spendModel");
    // Without the transaction model's uncertainty, P(alive) does not move.
    expect(r.customers[0]!.probabilityAlive.lower).toBe(r.customers[0]!.probabilityAlive.estimate);
    expect(r.customers[0]!.expectedOrderValue.lower).toBeLessThan(r.customers[0]!.expectedOrderValue.estimate);
    const loose = scoreIntervals(customers.slice(0, 2), { ...opts, spendModel: { ...ggFit, covariance: [[100, 0, 0], [0, 0.08, 0], [0, 0, 17]] } });
    expect(loose.warnings.some((w) => w.startsWith("large-parameter-uncertainty: spendModel.p"))).toBe(true);
  });

  it("property: intervals contain the estimate and stay in range; the same seed gives the same intervals; a lower level gives narrower ones", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: 0.5, max: 0.95, noNaN: true }), fc.integer({ min: 0, max: 35 }), (seed, level, start) => {
        const cs = customers.slice(start, start + 4);
        const a = scoreIntervals(cs, { ...opts, method: "bootstrap", draws: 20, seed, level });
        const again = scoreIntervals(cs, { ...opts, method: "bootstrap", draws: 20, seed, level });
        expect(again).toEqual(a);
        const narrower = scoreIntervals(cs, { ...opts, method: "bootstrap", draws: 20, seed, level: level - 0.3 });
        const delta = scoreIntervals(cs, { ...opts, level });
        const deltaNarrow = scoreIntervals(cs, { ...opts, level: level - 0.3 });
        a.customers.forEach((c, i) => {
          for (const f of FIELDS) {
            contains(c[f]);
            contains(delta.customers[i]![f]);
            if (f === "probabilityAlive" || f === "probabilityOfPurchase") expect(c[f].upper).toBeLessThanOrEqual(1);
            expect(narrower.customers[i]![f].lower).toBeGreaterThanOrEqual(c[f].lower);
            expect(narrower.customers[i]![f].upper).toBeLessThanOrEqual(c[f].upper);
            expect(deltaNarrow.customers[i]![f].lower).toBeGreaterThanOrEqual(delta.customers[i]![f].lower);
            expect(deltaNarrow.customers[i]![f].upper).toBeLessThanOrEqual(delta.customers[i]![f].upper);
          }
        });
      }),
      { numRuns: 12 },
    );
  });

  it("delta method next to the edge: q within one step of 1 takes a one-sided derivative", () => {
    const edge = { ...ggFit, params: { ...ggFit.params, q: 1.00005 } };
    const r = scoreIntervals(customers.slice(0, 3), { ...opts, spendModel: edge });
    for (const c of r.customers) for (const f of FIELDS) contains(c[f]);
    expect(r.customers[0]!.expectedOrderValue.upper).toBeGreaterThan(r.customers[0]!.expectedOrderValue.estimate);
  });

  it("another seed gives other draws", () => {
    const cs = customers.slice(0, 1);
    const a = scoreIntervals(cs, { ...opts, method: "bootstrap", draws: 20, seed: 1 });
    const b = scoreIntervals(cs, { ...opts, method: "bootstrap", draws: 20, seed: 2 });
    expect(a.customers[0]!.predictedLifetimeValue.upper).not.toBe(b.customers[0]!.predictedLifetimeValue.upper);
    expect([a.draws, a.seed]).toEqual([20, 1]);
  });

  it("errors", () => {
    expect(code(() => scoreIntervals(customers, { ...opts, method: "jackknife" as never }))).toBe("INVALID_OPTION");
    expect(code(() => scoreIntervals(customers, { ...opts, level: 1 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreIntervals(customers, { ...opts, draws: 5 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreIntervals(customers, { ...opts, seed: 1.5 }))).toBe("INVALID_OPTION");
    // 501 customers × 10,000 draws is above the 5,000,000 cells the bootstrap may keep (checked before any draw).
    const many = Array.from({ length: 501 }, () => customers[0]!);
    expect(code(() => scoreIntervals(many, { ...opts, method: "bootstrap", draws: 10_000 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreIntervals(customers, { ...opts, spendModel: { ...ggFit, covariance: [[1, 2], [2, 1]] } }))).toBe("INVALID_ARGUMENT");
    expect(code(() => scoreIntervals(customers, { ...opts, spendModel: { ...ggFit, covariance: [[1, 0, 0], [0.5, 1, 0], [0, 0, 1]] } }))).toBe("INVALID_ARGUMENT");
  });
});
