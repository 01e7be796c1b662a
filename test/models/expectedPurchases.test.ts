import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedPurchases, purchaseCountProbability } from "./single.js";
import { code } from "./errors.js";
import { bgbb, bgnbd, continuousModels, mbgnbd, pnbd } from "./predictions.shared.js";

describe("expectedPurchases", () => {
  it("gives BTYD's BG/NBD E[X(52)] = 1.444 for the CDNOW fit", () => {
    // BTYD vignette: bgnbd.Expectation(params, t = 52) = 1.444.
    expect(expectedPurchases(bgnbd, 52)).toBeCloseTo(1.444, 3);
  });
  it("equals the mean of the pmf Σ n P(X(t)=n) (second computation, every model)", () => {
    for (const m of [...continuousModels]) {
      let mean = 0;
      for (let n = 0; n < 400; n++) mean += n * purchaseCountProbability(m, n, 39);
      expect(expectedPurchases(m, 39)).toBeCloseTo(mean, 9);
    }
    let mean = 0;
    for (let n = 0; n <= 5; n++) mean += n * purchaseCountProbability(bgbb, n, 5);
    expect(expectedPurchases(bgbb, 5)).toBeCloseTo(mean, 12);
  });
  it("Pareto/NBD: rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] by hand", () => {
    const { r, alpha, s, beta } = pnbd.params;
    const hand = ((r * beta) / (alpha * (s - 1))) * (1 - Math.pow(beta / (beta + 52), s - 1));
    expect(expectedPurchases(pnbd, 52)).toBeCloseTo(hand, 12);
  });
  it("BG/BB matches FHS 2010 eq. 9 in closed form", () => {
    const { alpha, beta, gamma, delta } = bgbb.params;
    const n = 5;
    // α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))]; Γ ratios by the product of (1+δ+i)/(γ+δ+i).
    let ratio = 1;
    for (let i = 0; i < n; i++) ratio *= (1 + delta + i) / (gamma + delta + i);
    const hand = (alpha / (alpha + beta)) * (delta / (gamma - 1)) * (1 - ratio);
    expect(expectedPurchases(bgbb, n)).toBeCloseTo(hand, 12);
  });
  it("is 0 at t = 0, ≥ 0 and non-decreasing in t (property)", () => {
    for (const m of [bgnbd, mbgnbd, pnbd]) expect(expectedPurchases(m, 0)).toBe(0);
    fc.assert(
      fc.property(fc.constantFrom(...continuousModels), fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (m, t, dt) => {
        const a = expectedPurchases(m, t);
        const b = expectedPurchases(m, t + dt);
        return a >= 0 && b >= a - 1e-12 * Math.max(1, a);
      }),
      { numRuns: 200 },
    );
  });
  it("survives a ≈ 1 (removable singularity) with a finite value", () => {
    const m = { kind: "BG/NBD" as const, params: { ...bgnbd.params, a: 1 }, unit: "week" as const };
    const near = { kind: "BG/NBD" as const, params: { ...bgnbd.params, a: 1 + 1e-4 }, unit: "week" as const };
    expect(expectedPurchases(m, 52)).toBeCloseTo(expectedPurchases(near, 52), 3);
  });
  it("throws INVALID_ARGUMENT for a bad model or t", () => {
    expect(code(() => expectedPurchases(bgnbd, -1))).toBe("INVALID_ARGUMENT");
    expect(code(() => expectedPurchases(bgbb, 2.5))).toBe("INVALID_ARGUMENT");
    expect(code(() => expectedPurchases({ kind: "BG/NBD", params: { r: 1, alpha: 0, a: 1, b: 1 }, unit: "week" }, 1))).toBe("INVALID_ARGUMENT");
    expect(code(() => expectedPurchases({ kind: "nope" } as never, 1))).toBe("INVALID_ARGUMENT");
  });
});
