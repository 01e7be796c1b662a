import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { probabilityAlive } from "./single.js";
import { code } from "./errors.js";
import { customer1 } from "./fixtures.js";
import { bgbb, bgnbd, continuousModels, mbgnbd, pnbd } from "./predictions.shared.js";

describe("probabilityAlive", () => {
  it("BG/NBD: 1/(1 + a/(b+x−1) ((α+T)/(α+t_x))^(r+x)) by hand for CDNOW customer 1", () => {
    const { r, alpha, a, b } = bgnbd.params;
    const hand = 1 / (1 + (a / (b + 2 - 1)) * Math.pow((alpha + 38.86) / (alpha + 30.43), r + 2));
    expect(probabilityAlive(bgnbd, customer1)).toBeCloseTo(hand, 14);
    expect(hand).toBeCloseTo(0.7266, 4);
  });
  it("BG/NBD is 1 without repeat purchases; MBG/NBD is not", () => {
    expect(probabilityAlive(bgnbd, { frequency: 0, recency: 0, T: 30 })).toBe(1);
    expect(probabilityAlive(mbgnbd, { frequency: 0, recency: 0, T: 30 })).toBeLessThan(1);
  });
  it("Pareto/NBD: exact at t_x = T — alive term over itself plus zero dropout integral is 1", () => {
    expect(probabilityAlive(pnbd, { frequency: 5, recency: 20, T: 20 })).toBeCloseTo(1, 14);
  });
  it("Pareto/NBD: agrees with a midpoint-rule evaluation of the dropout integral (second computation)", () => {
    const { r, alpha, s, beta } = pnbd.params;
    const { frequency: x, recency: tx, T } = customer1;
    const N = 200_000;
    let integral = 0;
    const h = (T - tx) / N;
    for (let i = 0; i < N; i++) {
      const tau = tx + (i + 0.5) * h;
      integral += Math.pow(alpha + tau, -(r + x)) * Math.pow(beta + tau, -(s + 1)) * h;
    }
    const aliveTerm = Math.pow(alpha + T, -(r + x)) * Math.pow(beta + T, -s);
    expect(probabilityAlive(pnbd, customer1)).toBeCloseTo(aliveTerm / (aliveTerm + s * integral), 9);
  });
  it("BG/BB: a donor who gave in all 6 years is almost surely alive; one who stopped after year 1 much less so", () => {
    expect(probabilityAlive(bgbb, { frequency: 6, recency: 6, periods: 6 })).toBeGreaterThan(0.9);
    expect(probabilityAlive(bgbb, { frequency: 1, recency: 1, periods: 6 })).toBeLessThan(0.3);
  });
  it("is in [0, 1] and never rises with T for fixed frequency and recency (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...continuousModels),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (m, x, tx0, gap, more) => {
          const tx = x === 0 ? 0 : tx0;
          const p1 = probabilityAlive(m, { frequency: x, recency: tx, T: tx + gap });
          const p2 = probabilityAlive(m, { frequency: x, recency: tx, T: tx + gap + more });
          return p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1 && p2 <= p1 + 1e-12;
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (n, xr, extra) => {
        const x = xr % (n + 1);
        const tx = x === 0 ? 0 : Math.min(n, x + (extra % (n - x + 1)));
        const p1 = probabilityAlive(bgbb, { frequency: x, recency: tx, periods: n });
        const p2 = probabilityAlive(bgbb, { frequency: x, recency: tx, periods: n + 1 + (extra % 5) });
        return p1 >= 0 && p1 <= 1 && p2 <= p1 + 1e-12;
      }),
      { numRuns: 200 },
    );
  });
  it("never returns NaN for extreme histories (T = 0, 250 purchases)", () => {
    for (const m of continuousModels) {
      expect(probabilityAlive(m, { frequency: 0, recency: 0, T: 0 })).toBeGreaterThan(0);
      const p = probabilityAlive(m, { frequency: 250, recency: 1, T: 1000 });
      expect(Number.isNaN(p)).toBe(false);
      expect(p).toBeGreaterThanOrEqual(0);
    }
  });
  it("throws for a bad model or customer", () => {
    expect(code(() => probabilityAlive({ kind: "Gamma-Gamma" } as never, customer1))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlive(bgnbd, { frequency: 1, recency: -1, T: 2 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlive(bgbb, { frequency: 1, recency: 0, periods: 3 }))).toBe("INVALID_ARGUMENT");
  });
});
