import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { fitGammaGamma } from "../../src/models/index.js";
import { code } from "./errors.js";
import { cdnowSpend, sameTo3Digits } from "./fixtures.js";

describe("fitGammaGamma", () => {
  const fit = fitGammaGamma(cdnowSpend);
  it("reproduces Fader, Hardie & Lee's Gamma-Gamma note on CDNOW (p 6.2496, q 3.7442, v 15.4435, LL −4055.92; 946 customers)", () => {
    expect(sameTo3Digits(fit.params.p, 6.2496)).toBe(true);
    expect(sameTo3Digits(fit.params.q, 3.7442)).toBe(true);
    expect(sameTo3Digits(fit.params.v, 15.4435)).toBe(true);
    expect(Math.abs(fit.logLikelihood - -4055.92)).toBeLessThan(0.05);
    expect(fit.customerCount).toBe(946);
    expect(fit.warnings).toEqual([]);
  });
  it("accepts decimal strings and Decimal values with the same result", () => {
    const asStrings = cdnowSpend.map((r) => ({ frequency: r.frequency, monetaryValue: String(r.monetaryValue) }));
    const asDecimals = cdnowSpend.map((r) => ({ frequency: r.frequency, monetaryValue: new Decimal(String(r.monetaryValue)) }));
    expect(fitGammaGamma(asStrings).params).toEqual(fit.params);
    expect(fitGammaGamma(asDecimals).params).toEqual(fit.params);
  });
  it("is scale-equivariant: spends × 1e9 give v × 1e9 and the same p, q (huge monetary values stay finite)", () => {
    const big = fitGammaGamma(cdnowSpend.map((r) => ({ frequency: r.frequency, monetaryValue: Number(r.monetaryValue) * 1e9 })));
    expect(big.params.p).toBeCloseTo(fit.params.p, 3);
    expect(big.params.q).toBeCloseTo(fit.params.q, 3);
    expect(big.params.v / 1e9).toBeCloseTo(fit.params.v, 2);
    // LL shifts by −946 · ln(1e9) under the change of variable z → 1e9 z.
    expect(big.logLikelihood).toBeCloseTo(fit.logLikelihood - 946 * Math.log(1e9), 3);
  });
  it("warns when q ≤ 1 (heavy-tailed spend; expected spend undefined)", () => {
    // Spends spread over six orders of magnitude push q below 1.
    const wild = Array.from({ length: 60 }, (_, i) => ({ frequency: 1 + (i % 3), monetaryValue: 10 ** ((i * 7) % 6) }));
    const f = fitGammaGamma(wild);
    expect(f.params.q).toBeLessThanOrEqual(1);
    expect(f.warnings.filter((w) => w.startsWith("q<=1: "))).toHaveLength(1);
  });
  it("throws INSUFFICIENT_DATA, NOT_CONVERGED and record errors", () => {
    expect(code(() => fitGammaGamma([{ frequency: 0, monetaryValue: 0 }, { frequency: 2, monetaryValue: 3 }]))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitGammaGamma(cdnowSpend, { maxIterations: 1 }))).toBe("NOT_CONVERGED");
    expect(code(() => fitGammaGamma([{ frequency: 1, monetaryValue: "abc" }]))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitGammaGamma([{ frequency: 1, monetaryValue: -5 }]))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitGammaGamma([{ frequency: 1, monetaryValue: Number.POSITIVE_INFINITY }]))).toBe("INVALID_ARGUMENT");
  });
});
