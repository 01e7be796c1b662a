import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { purchaseCountProbability } from "./single.js";
import { code } from "./errors.js";
import { bgbb, bgnbd, continuousModels, pnbd } from "./predictions.shared.js";

describe("purchaseCountProbability", () => {
  it("BG/NBD P(X(t)=0) = (α/(α+t))^r · B(a,b)/B(a,b) by hand (FHL 2005 eq. 8 at n = 0)", () => {
    const { r, alpha } = bgnbd.params;
    expect(purchaseCountProbability(bgnbd, 0, 39)).toBeCloseTo(Math.pow(alpha / (alpha + 39), r), 14);
  });
  it("Pareto/NBD P(X(t)=0) agrees with a midpoint-rule integral (second computation)", () => {
    const { r, alpha, s, beta } = pnbd.params;
    const t = 39;
    let integral = 0;
    const N = 200_000;
    for (let i = 0; i < N; i++) {
      const tau = ((i + 0.5) * t) / N;
      integral += Math.pow(alpha + tau, -r) * Math.pow(beta + tau, -(s + 1)) * (t / N);
    }
    const hand = Math.pow(alpha / (alpha + t), r) * Math.pow(beta / (beta + t), s) + Math.pow(alpha, r) * s * Math.pow(beta, s) * integral;
    expect(purchaseCountProbability(pnbd, 0, t)).toBeCloseTo(hand, 9);
  });
  it("sums to 1 over n within 1e-9 (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...continuousModels), fc.double({ min: 0.1, max: 150, noNaN: true }), (m, t) => {
        let s = 0;
        for (let n = 0; n < 600; n++) s += purchaseCountProbability(m, n, t);
        return Math.abs(s - 1) < 1e-9;
      }),
      { numRuns: 15 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), (n) => {
        let s = 0;
        for (let x = 0; x <= n; x++) s += purchaseCountProbability(bgbb, x, n);
        return Math.abs(s - 1) < 1e-9;
      }),
    );
  });
  it("is 1 for n = 0 at t = 0 and 0 for n > t under BG/BB", () => {
    expect(purchaseCountProbability(bgnbd, 0, 0)).toBe(1);
    expect(purchaseCountProbability(pnbd, 3, 0)).toBe(0);
    expect(purchaseCountProbability(bgbb, 7, 6)).toBe(0);
  });
  it("throws INVALID_ARGUMENT for a bad n or t", () => {
    expect(code(() => purchaseCountProbability(bgnbd, -1, 3))).toBe("INVALID_ARGUMENT");
    expect(code(() => purchaseCountProbability(bgnbd, 1.5, 3))).toBe("INVALID_ARGUMENT");
    expect(code(() => purchaseCountProbability(bgbb, 1, 1.5))).toBe("INVALID_ARGUMENT");
  });
});
