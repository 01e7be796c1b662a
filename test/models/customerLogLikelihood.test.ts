import { describe, expect, it } from "vitest";
import { customerLogLikelihood, fitBetaGeo, fitBetaGeoBetaBinom, fitModifiedBetaGeo, fitParetoNbd } from "../../src/models/index.js";
import { code } from "./errors.js";
import { cdnowWeeks, customer1, donations } from "./fixtures.js";

describe("customerLogLikelihood", () => {
  it("at the fitted parameters, the total is the fit's logLikelihood (BG/NBD: the published −9582.43)", () => {
    // The fit evaluates its likelihood with the vectorised objective (gamma terms per distinct x,
    // merged histories); this sums the per-customer formula: two pieces of code, one number.
    const bg = fitBetaGeo(cdnowWeeks);
    const total = customerLogLikelihood(bg, cdnowWeeks).total;
    expect(Math.abs(total - bg.logLikelihood)).toBeLessThan(1e-6);
    expect(total).toBeCloseTo(-9582.43, 2);
    for (const fit of [fitModifiedBetaGeo(cdnowWeeks), fitParetoNbd(cdnowWeeks)]) {
      expect(Math.abs(customerLogLikelihood(fit, cdnowWeeks).total - fit.logLikelihood)).toBeLessThan(1e-6);
    }
    const bb = fitBetaGeoBetaBinom(donations);
    expect(customerLogLikelihood(bb, donations).total).toBeCloseTo(-33225.58, 2);
  });

  it("user-supplied parameters: the fit is a maximum (neighbours score lower)", () => {
    const bg = fitBetaGeo(cdnowWeeks);
    const at = customerLogLikelihood(bg, cdnowWeeks).total;
    for (const key of ["r", "alpha", "a", "b"] as const) {
      for (const f of [0.9, 1.1]) {
        const moved = { ...bg, params: { ...bg.params, [key]: bg.params[key] * f } };
        expect(customerLogLikelihood(moved, cdnowWeeks).total).toBeLessThan(at);
      }
    }
  });

  it("one customer: the BG/NBD formula by hand (FHL 2005 eq. 6)", () => {
    const m = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" } as const;
    const { r, alpha, a, b } = m.params;
    const { frequency: x, recency: tx, T } = customer1;
    // x = 2: Γ(r+2)/Γ(r) = r(r+1); B(a, b+2)/B(a, b) = b(b+1)/((a+b)(a+b+1)).
    const L =
      ((r * (r + 1) * alpha ** r * b * (b + 1)) / ((a + b) * (a + b + 1))) *
      ((alpha + T) ** -(r + x) + (a / (b + x - 1)) * (alpha + tx) ** -(r + x));
    expect(customerLogLikelihood(m, [customer1]).customers[0]?.customerLogLikelihood).toBeCloseTo(Math.log(L), 12);
  });

  it("errors", () => {
    expect(code(() => customerLogLikelihood({ kind: "BG/NBD", params: { r: -1, alpha: 1, a: 1, b: 1 }, unit: "week" }, [customer1]))).toBe("INVALID_ARGUMENT");
  });
});
