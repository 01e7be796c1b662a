import { describe, expect, it } from "vitest";
import { fitBetaGeoBetaBinom } from "../../src/models/index.js";
import { code } from "./errors.js";
import { donations, sameTo3Digits } from "./fixtures.js";

describe("fitBetaGeoBetaBinom", () => {
  it("reproduces Fader, Hardie & Shang (2010) on donations.csv (alpha 1.2035, beta 0.7498, gamma 0.6568, delta 2.7839, LL −33225.58)", () => {
    const fit = fitBetaGeoBetaBinom(donations);
    expect(sameTo3Digits(fit.params.alpha, 1.2035)).toBe(true);
    expect(sameTo3Digits(fit.params.beta, 0.7498)).toBe(true);
    expect(sameTo3Digits(fit.params.gamma, 0.6568)).toBe(true);
    expect(sameTo3Digits(fit.params.delta, 2.7839)).toBe(true);
    expect(Math.abs(fit.logLikelihood - -33225.58)).toBeLessThan(0.05);
    expect(fit.customerCount).toBe(11104);
    expect(fit.recordCount).toBe(22);
  });
  it("throws INSUFFICIENT_DATA, NOT_CONVERGED and record errors", () => {
    expect(code(() => fitBetaGeoBetaBinom([]))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitBetaGeoBetaBinom([{ frequency: 0, recency: 0, periods: 6 }]))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitBetaGeoBetaBinom(donations, { maxIterations: 1 }))).toBe("NOT_CONVERGED");
    expect(code(() => fitBetaGeoBetaBinom([{ frequency: 3, recency: 2, periods: 6 }]))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitBetaGeoBetaBinom([{ frequency: 1, recency: 1, periods: 0 }]))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitBetaGeoBetaBinom([{ frequency: 7, recency: 7, periods: 6 }]))).toBe("INVALID_ARGUMENT");
  });
});
