import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { choleskyLower, mulberry32, normalSampler } from "../../../src/internal/numeric/random.js";
import { normalCdf, normalQuantile } from "../../../src/internal/numeric/special/normal.js";

describe("seeded generator, normal draws, Cholesky, normal quantile", () => {
  it("mulberry32: the same seed gives the same sequence, in [0, 1); another seed another", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });

  it("normal draws: mean about 0 and variance about 1 over 20,000 draws", () => {
    const draw = normalSampler(mulberry32(1));
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = draw();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.04);
  });

  it("normal quantile: published values (Abramowitz & Stegun, table 26.5) and Φ(Φ⁻¹(p)) = p", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 13);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 13);
    expect(normalQuantile(0.5)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-14 + 1e-12 * p);
      }),
      { numRuns: 60 },
    );
  });

  it("Cholesky: L Lᵀ = A; null for a matrix that is not positive definite", () => {
    const A = [
      [4, 2, 0.4],
      [2, 5, 1],
      [0.4, 1, 3],
    ];
    const L = choleskyLower(A)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += L[i]![k]! * L[j]![k]!;
        expect(s).toBeCloseTo(A[i]![j]!, 12);
      }
      for (let j = i + 1; j < 3; j++) expect(L[i]![j]).toBe(0);
    }
    expect(choleskyLower([[1, 2], [2, 1]])).toBeNull();
    expect(choleskyLower([[0]])).toBeNull();
  });
});
