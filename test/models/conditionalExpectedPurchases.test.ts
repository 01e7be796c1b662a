import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conditionalExpectedPurchases, probabilityAlive } from "./single.js";
import { lnBeta, lnGamma } from "../../src/internal/numeric/special/gamma.js";
import { code } from "./errors.js";
import { customer1 } from "./fixtures.js";
import { bgbb, bgnbd, continuousModels, mbgnbd, pnbd } from "./predictions.shared.js";

describe("conditionalExpectedPurchases", () => {
  it("BG/NBD: 1.226 expected purchases in 39 weeks for CDNOW customer 1 (Fader, Hardie & Lee 2005, section 5)", () => {
    expect(conditionalExpectedPurchases(bgnbd, customer1, 39)).toBeCloseTo(1.226, 3);
  });
  it("Pareto/NBD: (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive), by hand", () => {
    const { r, alpha, s, beta } = pnbd.params;
    const { frequency: x, T } = customer1;
    const hand = (((r + x) * (beta + T)) / ((alpha + T) * (s - 1))) * (1 - Math.pow((beta + T) / (beta + T + 39), s - 1)) * probabilityAlive(pnbd, customer1);
    expect(conditionalExpectedPurchases(pnbd, customer1, 39)).toBeCloseTo(hand, 12);
  });
  it("MBG/NBD conditional of a customer with T = 0 equals the new-customer expectation times (1 − p) survival odds (finite)", () => {
    const v = conditionalExpectedPurchases(mbgnbd, { frequency: 0, recency: 0, T: 0 }, 52);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(0);
  });
  it("BG/BB equals Fader, Hardie & Shang (2010) eq. 13 in its Γ-ratio form (second computation)", () => {
    const { alpha, beta, gamma, delta } = bgbb.params;
    const [x, tx, n, future] = [3, 4, 6, 5];
    const c = { frequency: x, recency: tx, periods: n };
    // 1/L from P(alive at n+1) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L (FHS eq. 11).
    const lead = lnBeta(alpha + x, beta + n - x) - lnBeta(alpha, beta) + lnBeta(gamma, delta + n + 1) - lnBeta(gamma, delta);
    const invL = probabilityAlive(bgbb, c) / Math.exp(lead);
    const g = (m: number): number => Math.exp(lnGamma(1 + delta + m) - lnGamma(gamma + delta + m));
    const eq13 =
      invL *
      Math.exp(lnBeta(alpha + x + 1, beta + n - x) - lnBeta(alpha, beta)) *
      (delta / (gamma - 1)) *
      Math.exp(lnGamma(gamma + delta) - lnGamma(1 + delta)) *
      (g(n) - g(n + future));
    expect(conditionalExpectedPurchases(bgbb, c, future)).toBeCloseTo(eq13, 12);
  });
  it("200+ repeat purchases give a finite value (robustness)", () => {
    for (const m of continuousModels) {
      const v = conditionalExpectedPurchases(m, { frequency: 250, recency: 38, T: 38.86 }, 52);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(100);
    }
  });
  it("is ≥ 0 and non-decreasing in t (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...continuousModels),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (m, x, frac, T, t, dt) => {
          const c = { frequency: x, recency: x === 0 ? 0 : frac * T, T };
          const a = conditionalExpectedPurchases(m, c, t);
          const b = conditionalExpectedPurchases(m, c, t + dt);
          return Number.isFinite(a) && a >= 0 && b >= a - 1e-10 * Math.max(1, a);
        },
      ),
      { numRuns: 200 },
    );
  });
  it("throws for a bad customer or t", () => {
    expect(code(() => conditionalExpectedPurchases(bgnbd, { frequency: 1, recency: 3, T: 2 }, 5))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalExpectedPurchases(bgnbd, customer1, Number.NaN))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalExpectedPurchases(bgbb, customer1 as never, 2))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalExpectedPurchases(bgnbd, undefined as never, 2))).toBe("INVALID_RECORD");
  });
});
