import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { probabilityAlive, probabilityAlivePath, type BetaGeoBetaBinomModel } from "../../src/models/index.js";
import { code } from "./errors.js";

// The donations fit of Fader, Hardie & Shang (2010), rounded as the paper prints it.
const bgbb: BetaGeoBetaBinomModel = { kind: "BG/BB", params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };

/**
 * ∫₀¹ u^(a−1) (1−u)^(b−1) h(u) du by the midpoint rule after u = s^(1/a) on [0, 1/2] and 1 − u = s^(1/b) on
 * [1/2, 1], which take the endpoint singularities of the beta density out (unnormalised: the ratio below cancels
 * the normalisation, so no beta function is used).
 */
function betaIntegral(a: number, b: number, h: (u: number) => number, m = 4000): number {
  let sum = 0;
  const sLow = Math.pow(0.5, a);
  for (let i = 0; i < m; i++) {
    const s = ((i + 0.5) / m) * sLow;
    const u = Math.pow(s, 1 / a);
    sum += (sLow / m / a) * Math.pow(1 - u, b - 1) * h(u);
  }
  const sHigh = Math.pow(0.5, b);
  for (let i = 0; i < m; i++) {
    const s = ((i + 0.5) / m) * sHigh;
    const v = Math.pow(s, 1 / b);
    sum += (sHigh / m / b) * Math.pow(1 - v, a - 1) * h(1 - v);
  }
  return sum;
}

/**
 * P(alive at opportunity n+1 | x, t_x, n) from the BG/BB story, integrated numerically: given p (purchase
 * probability) and θ (dropout probability at the start of each opportunity), the history has probability
 * p^x (1−p)^(n−x) (1−θ)^n (alive throughout) + Σ_{i=0}^{n−t_x−1} p^x (1−p)^(t_x−x+i) θ (1−θ)^(t_x+i) (died at the
 * start of opportunity t_x+i+1), and the customer is alive at n+1 with p^x (1−p)^(n−x) (1−θ)^(n+1). Each term is a
 * product of a p-part and a θ-part, so the posterior expectation is a ratio of sums of one-dimensional integrals.
 */
function aliveByIntegration(m: BetaGeoBetaBinomModel, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = m.params;
  const P = (k: number): number => betaIntegral(alpha, beta, (p) => Math.pow(p, x) * Math.pow(1 - p, k));
  const Q = (f: (t: number) => number): number => betaIntegral(gamma, delta, f);
  const numerator = P(n - x) * Q((t) => Math.pow(1 - t, n + 1));
  let likelihood = P(n - x) * Q((t) => Math.pow(1 - t, n));
  for (let i = 0; i <= n - tx - 1; i++) likelihood += P(tx - x + i) * Q((t) => t * Math.pow(1 - t, tx + i));
  return numerator / likelihood;
}

describe("probabilityAlivePath, BG/BB (Fader, Hardie & Shang 2010, eq. 11)", () => {
  it("one point per opportunity; each is probabilityAlive of the history so far", () => {
    const path = probabilityAlivePath(bgbb, [1, 2, 4], { until: 7 });
    expect(path.unit).toBe("opportunity");
    expect(path.points.map((p) => [p.t, p.frequency, p.recency, p.T])).toEqual([
      [1, 0, 0, 0],
      [2, 1, 1, 1],
      [3, 1, 1, 2],
      [4, 2, 3, 3],
      [5, 2, 3, 4],
      [6, 2, 3, 5],
      [7, 2, 3, 6],
    ]);
    for (const p of path.points.slice(1)) {
      const direct = probabilityAlive(bgbb, [{ frequency: p.frequency, recency: p.recency, periods: p.T }]).customers[0]?.probabilityAlive;
      expect(p.probabilityAlive).toBe(direct);
    }
    // Alive at the first opportunity: E[1 − θ] = δ/(γ+δ).
    expect(path.points[0]?.probabilityAlive).toBeCloseTo(2.783 / (0.657 + 2.783), 14);
  });

  it("agrees with an independent numeric integration of the posterior (7 digits)", () => {
    const path = probabilityAlivePath(bgbb, [0, 1, 3, 4], { until: 6 });
    for (const p of path.points) {
      expect(Math.abs(p.probabilityAlive - aliveByIntegration(bgbb, p.frequency, p.recency, p.T))).toBeLessThan(1e-7);
    }
  });

  it("property: in [0, 1], falls between purchases, jumps up at a purchase", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 6 }), (purchases, extra) => {
        const until = Math.max(...purchases) + extra;
        const points = probabilityAlivePath(bgbb, purchases, { until }).points;
        expect(points.length).toBe(until - Math.min(...purchases) + 1);
        for (let i = 1; i < points.length; i++) {
          const p = points[i]!;
          const prev = points[i - 1]!;
          expect(p.probabilityAlive).toBeGreaterThanOrEqual(0);
          expect(p.probabilityAlive).toBeLessThanOrEqual(1);
          if (p.frequency === prev.frequency) expect(p.probabilityAlive).toBeLessThan(prev.probabilityAlive);
          else expect(p.probabilityAlive).toBeGreaterThan(prev.probabilityAlive);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("errors: fractional or repeated opportunities, a calendar unit, a fractional until", () => {
    expect(code(() => probabilityAlivePath(bgbb, [0, 1.5]))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlivePath(bgbb, [0, 2, 2]))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlivePath(bgbb, [0, 2], { unit: "week" }))).toBe("UNIT_MISMATCH");
    expect(code(() => probabilityAlivePath(bgbb, [0, 2], { until: 3.5 }))).toBe("INVALID_OPTION");
    expect(code(() => probabilityAlivePath(bgbb, [0, 2], { until: 20_000 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlivePath({ kind: "BG/NBD", params: { r: 1, alpha: 1, a: 1, b: 1 }, unit: "week" }, [0], { unit: "opportunity" }))).toBe("UNIT_MISMATCH");
  });
});
