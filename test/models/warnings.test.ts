import { describe, expect, it } from "vitest";
import { fitBetaGeo, fitBetaGeoBetaBinom, fitGammaGamma, fitModifiedBetaGeo, fitParetoNbd } from "../../src/models/index.js";
import { fitWarnings, MAX_RELATIVE_STANDARD_ERROR, MIN_CUSTOMERS, MIN_REPEAT_BUYERS, PARAMETER_BOUND } from "../../src/internal/btyd/warnings.js";
import { cdnowSpend, cdnowSummary, cdnowWeeks, donations } from "./fixtures.js";
import { code } from "./errors.js";

const tags = (warnings: readonly string[]): string[] => warnings.map((w) => w.slice(0, w.indexOf(":")));

// Issue 15, point 7: a fit on data that cannot identify the model is never a silent "converged"
// (docs/predicting-clv.md, "When a fit warns").
describe("fit warnings", () => {
  it("the published CDNOW and donations fits are warning-free", () => {
    expect(fitBetaGeo(cdnowWeeks).warnings).toEqual([]);
    expect(fitModifiedBetaGeo(cdnowWeeks).warnings).toEqual([]);
    expect(fitParetoNbd(cdnowWeeks).warnings).toEqual([]);
    expect(fitGammaGamma(cdnowSpend).warnings).toEqual([]);
    expect(fitBetaGeoBetaBinom(donations).warnings).toEqual([]);
  });

  it("3 customers (the issue's case): few customers and repeat buyers, parameters at a bound, no standard errors", () => {
    // Before: r = 5.76e6, alpha = 5.19e7, standard errors null, converged: true and nothing else said.
    const f = fitBetaGeo([{ frequency: 1, recency: 5, T: 10 }, { frequency: 0, recency: 0, T: 8 }, { frequency: 2, recency: 7, T: 9 }], { unit: "week" });
    expect(tags(f.warnings)).toEqual(["few-customers", "few-repeat-buyers", "parameter-at-bound", "no-standard-errors"]);
    expect(f.warnings[0]).toBe("few-customers: BG/NBD was fitted on 3 customers (fewer than 50), too few to determine its 4 parameters; treat them as rough.");
    expect(f.warnings[2]).toMatch(/^parameter-at-bound: r = 5\.76e\+6, alpha = 5\.19e\+7 ran to the edge/);
  });

  it("few-customers alone: 40 CDNOW customers", () => {
    expect(tags(fitBetaGeo(cdnowSummary.slice(0, 40), { unit: "week" }).warnings)).toEqual(["few-customers"]);
    expect(tags(fitGammaGamma(cdnowSpend.filter((c) => c.frequency > 0).slice(0, 30)).warnings)).toEqual(["few-customers"]);
  });

  it("few-repeat-buyers: 300 one-time buyers and 8 repeat buyers (dropout runs to a bound)", () => {
    const data = [...cdnowSummary.filter((c) => c.frequency === 0).slice(0, 300), ...cdnowSummary.filter((c) => c.frequency > 0).slice(0, 8)];
    expect(tags(fitBetaGeo(data, { unit: "week" }).warnings)).toEqual(["few-repeat-buyers", "parameter-at-bound", "no-standard-errors"]);
  });

  it("identical histories or one customer: INSUFFICIENT_DATA, not a fit at a bound (issue 19, class 7)", () => {
    // Before: BG/NBD "converged" at a = 5e5, MBG/NBD at r = 1.5e7, BG/BB at alpha = 7.7e6 (with warnings).
    const same = Array.from({ length: 100 }, () => ({ frequency: 1, recency: 5, T: 10 }));
    for (const fit of [fitBetaGeo, fitModifiedBetaGeo, fitParetoNbd]) {
      expect(code(() => fit(same, { unit: "week" }))).toBe("INSUFFICIENT_DATA");
      expect(code(() => fit([{ frequency: 2, recency: 5, T: 10 }], { unit: "week" }))).toBe("INSUFFICIENT_DATA");
    }
    expect(code(() => fitBetaGeoBetaBinom(Array.from({ length: 100 }, () => ({ frequency: 2, recency: 4, periods: 6 }))))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitGammaGamma(Array.from({ length: 100 }, () => ({ frequency: 2, monetaryValue: 10 }))))).toBe("INSUFFICIENT_DATA");
    expect(() => fitBetaGeo(same, { unit: "week" })).toThrow(/has 100 records that all share one history, so BG\/NBD/);
  });

  it("parameters running to infinity end in NOT_CONVERGED naming them, within a bounded number of evaluations", () => {
    // 100 histories that differ only by microseconds: the likelihood rises without bound as r, alpha run off.
    const nearly = Array.from({ length: 100 }, (_, i) => ({ frequency: 100, recency: 50, T: 52 + i * 1e-6 }));
    expect(() => fitBetaGeo(nearly, { unit: "week" })).toThrow(/cannot identify BG\/NBD: .*ran towards infinity/);
    expect(code(() => fitBetaGeo(nearly, { unit: "week" }))).toBe("NOT_CONVERGED");
    // A penalizer keeps every parameter finite: the same data then fit.
    expect(fitBetaGeo(nearly, { unit: "week", penalizer: 0.01 }).params.r).toBeGreaterThan(0);
  });

  it("each criterion on its own, at its threshold (the internal rule)", () => {
    const base = { model: "BG/NBD", paramNames: ["r", "alpha"], params: [1, 2], working: [1, 2], standardErrors: [0.1, 0.2], customerCount: MIN_CUSTOMERS, repeatBuyers: MIN_REPEAT_BUYERS };
    expect(fitWarnings(base)).toEqual([]);
    expect(tags(fitWarnings({ ...base, customerCount: MIN_CUSTOMERS - 1 }))).toEqual(["few-customers"]);
    expect(tags(fitWarnings({ ...base, repeatBuyers: MIN_REPEAT_BUYERS - 0.5 }))).toEqual(["few-repeat-buyers"]);
    expect(fitWarnings({ ...base, repeatBuyers: null })).toEqual([]);
    expect(fitWarnings({ ...base, working: [PARAMETER_BOUND, 1 / PARAMETER_BOUND] })).toEqual([]);
    expect(tags(fitWarnings({ ...base, working: [PARAMETER_BOUND * 1.01, 1] }))).toEqual(["parameter-at-bound"]);
    expect(tags(fitWarnings({ ...base, working: [1, 0.99 / PARAMETER_BOUND] }))).toEqual(["parameter-at-bound"]);
    expect(tags(fitWarnings({ ...base, working: [1, Number.NaN] }))).toEqual(["parameter-at-bound"]);
    expect(fitWarnings({ ...base, standardErrors: [0.1, null] })).toEqual([
      "no-standard-errors: the Hessian of the log-likelihood at the estimate is singular or not positive definite (no standard error for alpha), so the estimate is not a well-defined maximum.",
    ]);
    expect(fitWarnings({ ...base, standardErrors: [MAX_RELATIVE_STANDARD_ERROR * 1, 0.2] })).toEqual([]);
    expect(tags(fitWarnings({ ...base, standardErrors: [MAX_RELATIVE_STANDARD_ERROR * 1.01, 0.2] }))).toEqual(["weak-parameter"]);
  });

  it("Gamma-Gamma's q ≤ 1 warning keeps its tag", () => {
    const wild = Array.from({ length: 60 }, (_, i) => ({ frequency: 1 + (i % 3), monetaryValue: 10 ** ((i * 7) % 6) }));
    expect(tags(fitGammaGamma(wild).warnings)[0]).toBe("q<=1");
  });
});
