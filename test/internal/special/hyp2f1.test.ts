import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hyp2f1, hyp2f1Series, hyp2f1Signed, logHyp2f1 } from "../../../src/internal/numeric/special/hyp2f1.js";

/** Plain term-by-term series, the textbook definition, for the property test (second computation). */
function naiveSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 20_000; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum) && k > a + b) break;
  }
  return sum;
}

describe("hyp2f1", () => {
  // Reference values: mpmath 1.3.0, mp.hyp2f1 at 40 significant digits (log |value| and sign).
  const mpmath: [number, number, number, number, number, 1 | -1][] = [
    [0.2426, 2.4259, 2.2188, 0.9219, 0.74516237560083005, 1], // BG/NBD E[X(52)] shape (CDNOW)
    [2.2426, 4.4259, 4.2188, 0.54, 1.8397501100622746, 1], // BG/NBD conditional, x = 2
    [200.24, 202.43, 201.22, 0.6, 184.58322803271696, 1], // 200 repeat purchases
    [0.5, 0.3, 1.5, 0.999999, 0.22542362693000038, 1], // z → 1, c − a − b > 0
    [1.0, 1.0, 2.0, 0.9999999, 2.7799426943359303, 1], // −ln(1−z)/z, c − a − b = 0 (integer)
    [5.2, 7.1, 0.3, 0.95, 44.141515987883272, 1], // c − a − b = −12
    [0.2426, 2.4259, -0.5, 0.8, 5.4272107132106391, -1], // negative c (BG/NBD with a + b < 1)
    [1.5533, 1.6062, 2.5533, 0.3, 0.34206241543181976, 1], // Pareto/NBD shape F(k, s+1; k+1; z)
    [300.0, 1.6, 301.0, 0.9999, 11.51531756339807, 1], // Pareto/NBD shape, large k, z → 1
  ];
  it.each(mpmath)("matches mpmath at (%f, %f, %f, %f)", (a, b, c, z, logAbs, sign) => {
    const v = hyp2f1Signed(a, b, c, z);
    expect(v.sign).toBe(sign);
    // The integer c − a − b case uses the documented ±1e-7 perturbation (relative error ~1e-9).
    const tol = Number.isInteger(c - a - b) ? 1e-8 : 1e-11;
    expect(Math.abs(v.log - logAbs)).toBeLessThan(tol * Math.max(1, Math.abs(logAbs)));
  });

  it("has the closed forms 2F1(1,1;2;z) = −ln(1−z)/z and 2F1(a,b;b;z) = (1−z)^−a", () => {
    // A&S 15.1.3 and 15.1.8.
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 14);
    expect(hyp2f1(2.5, 1.3, 1.3, 0.7)).toBeCloseTo(Math.pow(0.3, -2.5), 12);
  });

  it("equals its defining series where that converges (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: 0.05, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (a, b, c, z) => {
          const expected = naiveSeries(a, b, c, z);
          const got = hyp2f1(a, b, c, z);
          return Math.abs(got - expected) <= 1e-11 * Math.abs(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is 1 at z = 0 and rejects z outside [0, 1) or non-positive-integer c with NaN (callers check)", () => {
    expect(hyp2f1(3, 4, 5, 0)).toBe(1);
    expect(Number.isNaN(logHyp2f1(1, 1, 2, 1))).toBe(true);
    expect(Number.isNaN(logHyp2f1(1, 1, -2, 0.5))).toBe(true);
  });

  it("reports a series that cannot converge within the term limit", () => {
    expect(hyp2f1Series(1, 1, 2, 0.999999, 10)).toBeNull();
  });
});
