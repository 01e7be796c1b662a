import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitShiftedBetaGeometric } from "../../src/models/index.js";
import { expectRetentionError } from "../support/expectRetentionError.js";
import { HIGH_END, REGULAR, betaFunctionLogLik, simulateCohorts } from "./sbg.shared.js";

describe("fitShiftedBetaGeometric", () => {
  // Fader & Hardie (2007), years 1-7: regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806 (the values the
  // paper reports, as PyMC-Marketing's notebook and JD Maturen's sBG test quote them). The log-likelihoods
  // −1680.2652 and −1611.158 are those printed by Abdullah Mahmood's scipy replication of the paper
  // (github.com/abdullahau/customer-analytics, BdW-Model, "Beta-Geometric Model, 8-Year Model Calibration"). The paper
  // itself prints the log-likelihoods to one decimal; we could not read them from a stored copy.
  const regular = fitShiftedBetaGeometric(REGULAR.slice(0, 8));
  const highEnd = fitShiftedBetaGeometric(HIGH_END.slice(0, 8));

  it("reproduces Fader & Hardie (2007), regular segment: α 0.704, β 1.182, LL −1680.2652", () => {
    expect(regular.params.alpha.toFixed(3)).toBe("0.704");
    expect(regular.params.beta.toFixed(3)).toBe("1.182");
    expect(regular.logLikelihood.toFixed(4)).toBe("-1680.2652");
    expect(regular.warnings).toEqual([]);
  });

  it("reproduces Fader & Hardie (2007), high-end segment: α 0.668, β 3.806, LL −1611.158", () => {
    expect(highEnd.params.alpha.toFixed(3)).toBe("0.668");
    expect(highEnd.params.beta.toFixed(3)).toBe("3.806");
    expect(highEnd.logLikelihood.toFixed(3)).toBe("-1611.158");
    expect(highEnd.warnings).toEqual([]);
  });

  it("returns the model record: kind, params, unit, diagnostics", () => {
    expect(regular).toMatchObject({ kind: "sBG", unit: "period", converged: true, customerCount: 1000, recordCount: 1, cohortCount: 1, periodCount: 7, penalizer: 0 });
    expect(regular.standardErrors.alpha).toBeGreaterThan(0);
    expect(regular.standardErrors.beta).toBeGreaterThan(0);
  });

  it("the log-likelihood at the estimate equals the beta-function form, which is maximal there", () => {
    const { alpha, beta } = regular.params;
    expect(regular.logLikelihood).toBeCloseTo(betaFunctionLogLik([REGULAR.slice(0, 8)], alpha, beta), 8);
    for (const [da, db] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3]] as const) {
      expect(betaFunctionLogLik([REGULAR.slice(0, 8)], alpha + da, beta + db)).toBeLessThan(regular.logLikelihood);
    }
  });

  it("standard errors match the observed information of the beta-function log-likelihood (finite differences)", () => {
    const { alpha, beta } = highEnd.params;
    const f = (a: number, b: number): number => betaFunctionLogLik([HIGH_END.slice(0, 8)], a, b);
    const h = 1e-4;
    const faa = (f(alpha + h, beta) - 2 * f(alpha, beta) + f(alpha - h, beta)) / (h * h);
    const fbb = (f(alpha, beta + h) - 2 * f(alpha, beta) + f(alpha, beta - h)) / (h * h);
    const fab = (f(alpha + h, beta + h) - f(alpha + h, beta - h) - f(alpha - h, beta + h) + f(alpha - h, beta - h)) / (4 * h * h);
    const det = faa * fbb - fab * fab;
    expect(highEnd.standardErrors.alpha).toBeCloseTo(Math.sqrt(-fbb / det), 3);
    expect(highEnd.standardErrors.beta).toBeCloseTo(Math.sqrt(-faa / det), 3);
  });

  it("several cohorts observed for different lengths: each adds its own terms, survivors right-censored at its last period", () => {
    const cohorts = [REGULAR.slice(0, 8), REGULAR.slice(0, 5), [500, 310, 240]];
    const fit = fitShiftedBetaGeometric(cohorts);
    expect(fit.cohortCount).toBe(3);
    expect(fit.recordCount).toBe(3);
    expect(fit.customerCount).toBe(2500);
    expect(fit.periodCount).toBe(7);
    expect(fit.logLikelihood).toBeCloseTo(betaFunctionLogLik(cohorts, fit.params.alpha, fit.params.beta), 8);
    // A one-cohort array of arrays is the same fit as the bare array.
    expect(fitShiftedBetaGeometric([REGULAR.slice(0, 8)]).params).toEqual(regular.params);
  });

  it("the log-likelihood of cohorts is the sum of each cohort's (any counts, any parameters)", () => {
    const cohort = fc.integer({ min: 1, max: 6 }).chain((k) =>
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: k, maxLength: k }).map((losses) => {
        const counts = [losses.reduce((s, x) => s + x, 0) + 50];
        for (const l of losses) counts.push(counts.at(-1)! - l);
        return counts;
      }),
    );
    fc.assert(
      fc.property(fc.array(cohort, { minLength: 2, maxLength: 4 }), fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), (cohorts, a, b) => {
        const total = betaFunctionLogLik(cohorts, a, b);
        const parts = cohorts.reduce((s, c) => s + betaFunctionLogLik([c], a, b), 0);
        expect(total).toBeCloseTo(parts, 6);
      }),
      { numRuns: 30 },
    );
  });

  it("recovers α and β from cohorts simulated with a seeded PRNG (within 3 standard errors)", () => {
    for (const [alpha, beta, seed] of [[0.7, 1.2, 1], [3, 12, 2], [1.5, 4, 3]] as const) {
      const fit = fitShiftedBetaGeometric(simulateCohorts(alpha, beta, 6, 2000, 10, seed));
      expect(fit.warnings).toEqual([]);
      expect(Math.abs(fit.params.alpha - alpha)).toBeLessThan(3 * fit.standardErrors.alpha!);
      expect(Math.abs(fit.params.beta - beta)).toBeLessThan(3 * fit.standardErrors.beta!);
    }
  });

  it("warns instead of reporting a silent fit: few customers; retention that does not rise (no heterogeneity)", () => {
    expect(fitShiftedBetaGeometric([10, 6, 4, 3]).warnings.map((w) => w.split(":")[0])).toEqual(["few-customers"]);
    // A constant 80% retention: α and β run off together, the Hessian says they are not identified.
    const flat = fitShiftedBetaGeometric([1000, 800, 640, 512, 410, 328]);
    expect(flat.warnings.length).toBeGreaterThan(0);
    expect(flat.warnings.some((w) => /^(weak-parameter|parameter-at-bound|no-standard-errors):/.test(w))).toBe(true);
    // One customer lost in period 1, none after: α runs to 0, and the fit says it is not a maximum.
    const edge = fitShiftedBetaGeometric([1000, 999, 999, 999]).warnings.map((w) => w.split(":")[0]);
    expect(edge).toContain("parameter-at-bound");
    // Everyone gone by period 2: α, β run to infinity without settling, so the fit stops with NOT_CONVERGED.
    expectRetentionError(() => fitShiftedBetaGeometric([1000, 500, 0]), { code: "NOT_CONVERGED", field: "survivors" });
  });

  it("rejects counts that are not survivor counts (INVALID_ARGUMENT with the field of the count)", () => {
    expectRetentionError(() => fitShiftedBetaGeometric([1000, 631, 700]), { code: "INVALID_ARGUMENT", field: "survivors[2]" });
    expectRetentionError(() => fitShiftedBetaGeometric([[1000, 631, 468], [100, 50.5]]), { code: "INVALID_ARGUMENT", field: "survivors[1][1]" });
    expectRetentionError(() => fitShiftedBetaGeometric([[1000, 631, 468], [100, -1]]), { code: "INVALID_ARGUMENT", field: "survivors[1][1]" });
    expectRetentionError(() => fitShiftedBetaGeometric([0, 0, 0]), { code: "INVALID_ARGUMENT", field: "survivors[0]" });
    expectRetentionError(() => fitShiftedBetaGeometric([1000, Number.NaN]), { code: "INVALID_ARGUMENT", field: "survivors[1]" });
    expectRetentionError(() => fitShiftedBetaGeometric([[1000, 631], 5] as never), { code: "INVALID_ARGUMENT", field: "survivors[1]" });
    expectRetentionError(() => fitShiftedBetaGeometric([] as never), { code: "INVALID_ARGUMENT", field: "survivors" });
    expectRetentionError(() => fitShiftedBetaGeometric("1000,631" as never), { code: "INVALID_ARGUMENT", field: "survivors" });
  });

  it("refuses data that cannot identify two parameters (INSUFFICIENT_DATA)", () => {
    expectRetentionError(() => fitShiftedBetaGeometric([1000]), { code: "INSUFFICIENT_DATA", field: "survivors" });
    expectRetentionError(() => fitShiftedBetaGeometric([1000, 600]), { code: "INSUFFICIENT_DATA", field: "survivors" });
    expectRetentionError(() => fitShiftedBetaGeometric([[1000, 600], [500, 300]]), { code: "INSUFFICIENT_DATA", field: "survivors" });
    expectRetentionError(() => fitShiftedBetaGeometric([1000, 0, 0]), { code: "INSUFFICIENT_DATA", field: "survivors" });
    expectRetentionError(() => fitShiftedBetaGeometric([1000, 1000, 1000]), { code: "INSUFFICIENT_DATA", field: "survivors" });
  });

  it("checks its options", () => {
    expectRetentionError(() => fitShiftedBetaGeometric(REGULAR, { penalizer: -1 }), { code: "INVALID_OPTION", field: "penalizer" });
    expectRetentionError(() => fitShiftedBetaGeometric(REGULAR, { maxIterations: 0 }), { code: "INVALID_OPTION", field: "maxIterations" });
  });

  it("does not mutate its input", () => {
    const input = [REGULAR.slice(0, 8)];
    const copy = structuredClone(input);
    fitShiftedBetaGeometric(input);
    expect(input).toEqual(copy);
  });
});
