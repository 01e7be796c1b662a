import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { discountedExpectedResidualLifetime, fitShiftedBetaGeometric, type ShiftedBetaGeometricModel } from "../../src/models/index.js";
import { expectRetentionError } from "../support/expectRetentionError.js";
import { HIGH_END } from "./sbg.shared.js";

const sbg = (alpha: number, beta: number): ShiftedBetaGeometricModel => ({ kind: "sBG", params: { alpha, beta } });
const derl = (m: ShiftedBetaGeometricModel, d: number, renewals = 0): number | null => discountedExpectedResidualLifetime(m, d, { renewals }).discountedExpectedResidualLifetime;

/**
 * DERL by its definition (Fader & Hardie 2010, eq. 3 with the sBG survivor function): Σ_{t≥n} S(t)/S(n−1) /
 * (1+d)^(t−n), the survival ratios multiplied up period by period, summed until the terms vanish.
 */
function derlBySum(alpha: number, beta: number, d: number, renewals: number): number {
  const n = renewals + 1;
  let ratio = 1; // S(t)/S(n−1), starting at t = n − 1
  let disc = 1;
  let sum = 0;
  for (let t = n; ; t++) {
    ratio *= (beta + t - 1) / (alpha + beta + t - 1);
    const term = ratio * disc;
    sum += term;
    if (term < 1e-16 * sum) return sum;
    disc /= 1 + d;
  }
}

describe("discountedExpectedResidualLifetime", () => {
  it("JD Maturen's sBG test: high-end fit, d = 10%, 7 renewals: DERL 7.530", () => {
    const fit = fitShiftedBetaGeometric(HIGH_END.slice(0, 8));
    expect(derl(fit, 0.1, 7)!.toFixed(3)).toBe("7.530");
    expect(derl(sbg(0.668, 3.806), 0.1, 7)!.toFixed(3)).toBe("7.530");
  });

  it("the TSDoc examples", () => {
    const highEnd = sbg(0.668, 3.806);
    expect(derl(highEnd, 0.1)!.toFixed(4)).toBe("5.4149");
    expect(derl(highEnd, 0.1, 7)!.toFixed(4)).toBe("7.5299");
    expect(derl(highEnd, 0)).toBeNull();
    expect(discountedExpectedResidualLifetime(highEnd, 0.1, { renewals: 7 })).toEqual({ discountedExpectedResidualLifetime: derl(highEnd, 0.1, 7), discountRate: 0.1, renewals: 7, unit: "period" });
  });

  it("equals the discounted sum of the conditional survival series (an independent numeric computation)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 0.02, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        (a, b, d, renewals) => {
          const expected = derlBySum(a, b, d, renewals);
          expect(Math.abs(derl(sbg(a, b), d, renewals)! - expected)).toBeLessThan(1e-9 * Math.max(1, expected));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("is in [0, (1+d)/d], rises with renewals, falls with d; DEL = 1 + DERL(0 renewals) ≥ 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 30 }),
        (a, b, d, renewals) => {
          const m = sbg(a, b);
          const v = derl(m, d, renewals)!;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual((1 + d) / d + 1e-9);
          expect(derl(m, d, renewals + 1)!).toBeGreaterThanOrEqual(v - 1e-12 * v);
          expect(derl(m, d * 1.5, renewals)!).toBeLessThanOrEqual(v + 1e-12 * v);
          expect(1 + derl(m, d, 0)!).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("d = 0: the expected residual lifetime (β+n−1)/(α−1) when α > 1, the limit of DERL as d → 0; null when α ≤ 1", () => {
    expect(derl(sbg(3.8, 15.2), 0)).toBeCloseTo(15.2 / 2.8, 12);
    expect(derl(sbg(3.8, 15.2), 0, 4)).toBeCloseTo(19.2 / 2.8, 12);
    expect(derl(sbg(3.8, 15.2), 1e-7)).toBeCloseTo(15.2 / 2.8, 4);
    expect(derl(sbg(1, 2), 0)).toBeNull();
    expect(derl(sbg(0.5, 2), 0)).toBeNull();
  });

  it("a homogeneous limit (α, β large, θ = α/(α+β)) gives the constant-retention value (1−θ)(1+d)/(d+θ)", () => {
    const theta = 0.2;
    const d = 0.1;
    expect(derl(sbg(theta * 1e6, (1 - theta) * 1e6), d)).toBeCloseTo(((1 - theta) * (1 + d)) / (d + theta), 4);
  });

  it("rejects bad arguments", () => {
    expectRetentionError(() => discountedExpectedResidualLifetime(sbg(1, 1), -0.1), { code: "INVALID_ARGUMENT", field: "discountRate" });
    expectRetentionError(() => discountedExpectedResidualLifetime(sbg(1, 1), Number.POSITIVE_INFINITY), { code: "INVALID_ARGUMENT", field: "discountRate" });
    expectRetentionError(() => discountedExpectedResidualLifetime(sbg(1, 1), "0.1" as never), { code: "INVALID_ARGUMENT", field: "discountRate" });
    expectRetentionError(() => discountedExpectedResidualLifetime(sbg(1, 1), 0.1, { renewals: -1 }), { code: "INVALID_OPTION", field: "renewals" });
    expectRetentionError(() => discountedExpectedResidualLifetime(sbg(1, 1), 0.1, { renewals: 1.5 }), { code: "INVALID_OPTION", field: "renewals" });
    expectRetentionError(() => discountedExpectedResidualLifetime({ kind: "Gamma-Gamma", params: { p: 1, q: 2, v: 3 } } as never, 0.1), { code: "INVALID_ARGUMENT", field: "model" });
  });
});
