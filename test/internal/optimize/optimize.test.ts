import { describe, expect, it } from "vitest";
import { bfgs } from "../../../src/internal/numeric/optimize/bfgs.js";
import { numericGradient } from "../../../src/internal/numeric/optimize/gradient.js";
import { invertSpd, numericHessian } from "../../../src/internal/numeric/optimize/hessian.js";
import { minimize } from "../../../src/internal/numeric/optimize/minimize.js";
import { nelderMead } from "../../../src/internal/numeric/optimize/nelderMead.js";

const rosenbrock = ([x = 0, y = 0]: readonly number[]): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

describe("optimisers", () => {
  it("BFGS finds the Rosenbrock minimum (1, 1)", () => {
    const r = bfgs(numericGradient(rosenbrock), [-1.2, 1], { maxIterations: 500, gradientTolerance: 1e-7, maxStep: 5 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });
  it("Nelder–Mead finds the Rosenbrock minimum", () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5000, initialStep: 0.5, valueTolerance: 1e-14, pointTolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
  });
  it("minimize falls back to Nelder–Mead when BFGS cannot start (NaN gradient) and reports non-convergence", () => {
    const f = (x: readonly number[]): number => ((x[0] ?? 0) > 5 ? Number.NaN : ((x[0] ?? 0) - 1) ** 2);
    const r = minimize(f, numericGradient(f), [0], { maxIterations: 100, gradientTolerance: 1e-8 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    const none = minimize(rosenbrock, numericGradient(rosenbrock), [-1.2, 1], { maxIterations: 1, gradientTolerance: 1e-8 });
    expect(none.converged).toBe(false);
  });
  it("numeric Hessian and SPD inverse: f = x² + xy + 2y² has H = [[2,1],[1,4]], H⁻¹ = [[4,−1],[−1,2]]/7", () => {
    const H = numericHessian(([x = 0, y = 0]) => x * x + x * y + 2 * y * y, [1, 2]);
    expect(H[0]?.[0]).toBeCloseTo(2, 5);
    expect(H[0]?.[1]).toBeCloseTo(1, 5);
    expect(H[1]?.[1]).toBeCloseTo(4, 5);
    const inv = invertSpd([[2, 1], [1, 4]]);
    expect(inv?.[0]?.[0]).toBeCloseTo(4 / 7, 14);
    expect(inv?.[0]?.[1]).toBeCloseTo(-1 / 7, 14);
    expect(invertSpd([[1, 2], [2, 1]])).toBeNull();
  });
});
