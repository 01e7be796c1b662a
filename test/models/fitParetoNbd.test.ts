import { describe, expect, it } from "vitest";
import { fitParetoNbd } from "../../src/models/index.js";
import { paretoObjective } from "../../src/internal/btyd/paretoNbd.js";
import { packRfm } from "../../src/internal/btyd/validate.js";
import { code } from "./errors.js";
import { cdnowSummary, sameTo3Digits } from "./fixtures.js";

describe("fitParetoNbd", () => {
  const fit = fitParetoNbd(cdnowSummary, { unit: "week" });
  it("reproduces the published Pareto/NBD CDNOW fit (issue 5 table: r 0.5533, alpha 10.5777, s 0.6062, beta 11.6687, LL −9594.98)", () => {
    expect(sameTo3Digits(fit.params.r, 0.5533)).toBe(true);
    expect(sameTo3Digits(fit.params.alpha, 10.5777)).toBe(true);
    expect(sameTo3Digits(fit.params.s, 0.6062)).toBe(true);
    expect(sameTo3Digits(fit.params.beta, 11.6687)).toBe(true);
    expect(Math.abs(fit.logLikelihood - -9594.98)).toBeLessThan(0.05);
  });
  it("evaluates the published optimum's log-likelihood to −9594.98 (likelihood check independent of the optimiser)", () => {
    const data = packRfm(cdnowSummary, "records");
    const ll = -paretoObjective(data, 1)([0.5533, 10.5777, 0.6062, 11.6687]) * data.totalWeight;
    expect(Math.abs(ll - -9594.98)).toBeLessThan(0.05);
  });
  it("likelihood is continuous across the quadrature / ₂F₁ switch (T − t_x small vs large)", () => {
    // Same customer, recency approaching T: the log-likelihood must change smoothly (second computation:
    // the two evaluation paths agree at the switch point to 1e-10 relative).
    const data = (tx: number) => packRfm([{ frequency: 3, recency: tx, T: 40 }], "r");
    const f = (tx: number) => paretoObjective(data(tx), 1)([0.55, 10.6, 0.61, 11.7]);
    const k = 0.55 + 0.61 + 3;
    // switch where k·log1p((T − t_x)/(M + t_x)) = ln 2, M = 11.7
    const tSwitch = (40 + 11.7 * (1 - Math.exp(Math.LN2 / k))) / Math.exp(Math.LN2 / k);
    expect(Math.abs(f(tSwitch - 1e-9) - f(tSwitch + 1e-9))).toBeLessThan(1e-9);
  });
  it("throws INSUFFICIENT_DATA, NOT_CONVERGED and INVALID_OPTION", () => {
    expect(code(() => fitParetoNbd([{ frequency: 0, recency: 0, T: 3 }], { unit: "week" }))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitParetoNbd(cdnowSummary, { unit: "week", maxIterations: 1 }))).toBe("NOT_CONVERGED");
    expect(code(() => fitParetoNbd(cdnowSummary, { unit: "week", penalizer: Number.NaN }))).toBe("INVALID_OPTION");
  });
});
