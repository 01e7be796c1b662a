import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitShiftedBetaGeometric, projectedRetention, type ShiftedBetaGeometricModel } from "../../src/models/index.js";
import { lnBeta } from "../../src/internal/numeric/special/gamma.js";
import { expectRetentionError } from "../support/expectRetentionError.js";
import { HIGH_END, REGULAR } from "./sbg.shared.js";

const sbg = (alpha: number, beta: number): ShiftedBetaGeometricModel => ({ kind: "sBG", params: { alpha, beta } });
const positive = fc.double({ min: 0.01, max: 100, noNaN: true });

describe("projectedRetention", () => {
  it("JD Maturen's sBG README: the high-end fit projects survival 0.460, 0.436, 0.414, 0.395, 0.378 for years 8-12", () => {
    const curve = projectedRetention(fitShiftedBetaGeometric(HIGH_END.slice(0, 8)), 12);
    expect(curve.periods.slice(7).map((p) => p.survival.toFixed(3))).toEqual(["0.460", "0.436", "0.414", "0.395", "0.378"]);
  });

  it("Fader & Hardie (2007): fitted on years 1-7, the projection of years 8-12 stays within 2 points of the actual survival", () => {
    for (const data of [REGULAR, HIGH_END]) {
      const curve = projectedRetention(fitShiftedBetaGeometric(data.slice(0, 8)), 12);
      for (let t = 8; t <= 12; t++) expect(Math.abs(curve.periods[t - 1]!.survival - data[t]! / 1000)).toBeLessThan(0.02);
    }
  });

  it("the TSDoc example: high end, periods 1 and 12", () => {
    const curve = projectedRetention(sbg(0.668, 3.806), 12);
    const round = (p: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, k === "period" ? v : Number(v.toFixed(4))]));
    expect(round({ ...curve.periods[0]! })).toEqual({ period: 1, projectedRetention: 0.8507, survival: 0.8507, churnProbability: 0.1493 });
    expect(round({ ...curve.periods[11]! })).toEqual({ period: 12, projectedRetention: 0.9568, survival: 0.378, churnProbability: 0.0171 });
    expect(curve.unit).toBe("period");
    expect(Object.keys(curve.periods[0]!)).toEqual(["period", "projectedRetention", "survival", "churnProbability"]);
  });

  it("S(t) = B(α, β+t)/B(α, β) and P(T = t) = B(α+1, β+t−1)/B(α, β) (beta functions, not the product recursion)", () => {
    fc.assert(
      fc.property(positive, positive, fc.integer({ min: 1, max: 60 }), (a, b, n) => {
        const rows = projectedRetention(sbg(a, b), n).periods;
        for (const row of rows) {
          const t = row.period;
          expect(row.survival).toBeCloseTo(Math.exp(lnBeta(a, b + t) - lnBeta(a, b)), 10);
          expect(row.churnProbability).toBeCloseTo(Math.exp(lnBeta(a + 1, b + t - 1) - lnBeta(a, b)), 10);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("properties: S(t) in [0, 1] and non-increasing, r(t) in [0, 1] and non-decreasing, S(t) + Σ P(T = i) = 1", () => {
    fc.assert(
      fc.property(positive, positive, fc.integer({ min: 1, max: 120 }), (a, b, n) => {
        const rows = projectedRetention(sbg(a, b), n).periods;
        expect(rows.map((r) => r.period)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        let lost = 0;
        let prevS = 1;
        let prevR = 0;
        const bad: string[] = [];
        for (const r of rows) {
          if (!(r.survival >= 0 && r.survival <= prevS)) bad.push(`S(${r.period}) = ${r.survival} after ${prevS}`);
          if (!(r.projectedRetention >= prevR && r.projectedRetention <= 1)) bad.push(`r(${r.period}) = ${r.projectedRetention} after ${prevR}`);
          lost += r.churnProbability;
          if (!(Math.abs(r.survival + lost - 1) < 1e-12)) bad.push(`S(${r.period}) + lost = ${r.survival + lost}`);
          prevS = r.survival;
          prevR = r.projectedRetention;
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("rejects a model that is not sBG and periods that are not whole numbers ≥ 1", () => {
    expectRetentionError(() => projectedRetention({ kind: "BG/NBD", params: { r: 1, alpha: 1, a: 1, b: 1 } } as never, 3), { code: "INVALID_ARGUMENT", field: "model" });
    expectRetentionError(() => projectedRetention(sbg(0, 1), 3), { code: "INVALID_ARGUMENT", field: "model.params.alpha" });
    expectRetentionError(() => projectedRetention(sbg(1, Number.NaN), 3), { code: "INVALID_ARGUMENT", field: "model.params.beta" });
    expectRetentionError(() => projectedRetention({ ...sbg(1, 1), unit: "week" } as never, 3), { code: "INVALID_ARGUMENT", field: "model.unit" });
    expectRetentionError(() => projectedRetention(sbg(1, 1), 0), { code: "INVALID_ARGUMENT", field: "periods" });
    expectRetentionError(() => projectedRetention(sbg(1, 1), 2.5), { code: "INVALID_ARGUMENT", field: "periods" });
  });
});
