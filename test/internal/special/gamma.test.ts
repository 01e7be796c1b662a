import { describe, expect, it } from "vitest";
import { digamma, gammaSign, lnBeta, lnGamma, logAddExp, logSubExp } from "../../../src/internal/numeric/special/gamma.js";
import { logHyperU } from "../../../src/internal/numeric/special/hyperU.js";
import { GAUSS_LEGENDRE_16, logIntegrateAdaptive } from "../../../src/internal/numeric/special/quadrature.js";

describe("gamma-function helpers (stdlib-js)", () => {
  it("match exact values", () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 14); // Γ(5) = 4!
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14); // Γ(1/2) = √π
    expect(lnBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14); // B(2,3) = 1!2!/4! = 1/12
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14); // −Euler–Mascheroni
    expect(lnGamma(1e6)).toBeCloseTo(12815504.569147612, 6); // mpmath loggamma(1e6)
  });
  it("gives the sign of Γ on the negative axis", () => {
    expect(gammaSign(-0.5)).toBe(-1); // Γ(−1/2) = −2√π
    expect(gammaSign(-1.5)).toBe(1); // Γ(−3/2) = 4√π/3
    expect(gammaSign(2)).toBe(1);
  });
  it("adds and subtracts in log space", () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
    expect(logSubExp(Math.log(3), Math.log(2))).toBeCloseTo(0, 15);
    expect(logSubExp(1000, 999)).toBeCloseTo(1000 + Math.log(1 - Math.exp(-1)), 10);
    expect(logAddExp(-Infinity, 2)).toBe(2);
  });
});

describe("logHyperU", () => {
  // mpmath 1.3.0 log(hyperu(a, b, z)).
  it.each([
    [0.6062, 0.6062, 0.13, 0.2759386306496513],
    [2, 2, 0.001, 6.9013972353212327],
    [0.05, 0.05, 0.01, 0.028101002038606238],
    [5, 5, 100, -23.074195497849847],
    [1.5, 0.3, 2, -1.9593566291623642],
  ])("U(%f, %f; %f) matches mpmath", (a, b, z, expected) => {
    expect(Math.abs(logHyperU(a, b, z) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
  });
  it("is NaN outside a > 0, z > 0", () => {
    expect(Number.isNaN(logHyperU(-1, 1, 1))).toBe(true);
  });
});

describe("quadrature", () => {
  it("16-point Gauss–Legendre weights sum to 2 and integrate x^30 exactly", () => {
    const { nodes, weights } = GAUSS_LEGENDRE_16;
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(2, 14);
    const i30 = nodes.reduce((s, x, i) => s + (weights[i] ?? 0) * x ** 30, 0);
    expect(i30).toBeCloseTo(2 / 31, 14);
  });
  it("adaptive rule integrates a peaked function (∫₀¹ x^200 dx = 1/201)", () => {
    expect(logIntegrateAdaptive((x) => 200 * Math.log(x), 0, 1)).toBeCloseTo(-Math.log(201), 12);
  });
});
