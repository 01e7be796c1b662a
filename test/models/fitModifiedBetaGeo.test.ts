import { describe, expect, it } from "vitest";
import { fitModifiedBetaGeo } from "../../src/models/index.js";
import { code } from "./errors.js";
import { cdnowSummary, sameTo3Digits } from "./fixtures.js";

describe("fitModifiedBetaGeo", () => {
  it("reproduces the published MBG/NBD CDNOW fit (issue 5 table: r 0.5248, alpha 6.1831, a 0.8914, b 1.6140, LL −9582.14)", () => {
    const fit = fitModifiedBetaGeo(cdnowSummary, { unit: "week" });
    expect(sameTo3Digits(fit.params.r, 0.5248)).toBe(true);
    expect(sameTo3Digits(fit.params.alpha, 6.1831)).toBe(true);
    expect(sameTo3Digits(fit.params.a, 0.8914)).toBe(true);
    expect(sameTo3Digits(fit.params.b, 1.614)).toBe(true);
    expect(Math.abs(fit.logLikelihood - -9582.14)).toBeLessThan(0.05);
    expect(fit.kind).toBe("MBG/NBD");
    for (const se of Object.values(fit.standardErrors)) expect(se).toBeGreaterThan(0);
  });
  it("throws INSUFFICIENT_DATA, NOT_CONVERGED and record errors", () => {
    expect(code(() => fitModifiedBetaGeo([], { unit: "week" }))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitModifiedBetaGeo(cdnowSummary, { unit: "week", maxIterations: 1 }))).toBe("NOT_CONVERGED");
    expect(code(() => fitModifiedBetaGeo([{ frequency: 1, recency: 2, T: 1 }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
  });
});
