import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { fitBetaGeo } from "../../src/models/index.js";
import { cdnowSummary, sameTo3Digits } from "./fixtures.js";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof RetentionMetricsError) return e.code;
    throw e;
  }
  return undefined;
}

describe("fitBetaGeo", () => {
  const fit = fitBetaGeo(cdnowSummary, { unit: "week" });

  it("reproduces Fader, Hardie & Lee (2005) on the CDNOW summary (docs/predicting-clv.md, 'CDNOW walkthrough')", () => {
    // Published: r 0.2426, alpha 4.4136, a 0.7929, b 2.4259, LL −9582.43 (FHL 2005, section 4; lifetimes, BTYD).
    expect(sameTo3Digits(fit.params.r, 0.2426)).toBe(true);
    expect(sameTo3Digits(fit.params.alpha, 4.4136)).toBe(true);
    expect(sameTo3Digits(fit.params.a, 0.7929)).toBe(true);
    expect(sameTo3Digits(fit.params.b, 2.4259)).toBe(true);
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThan(0.05);
    expect(fit.kind).toBe("BG/NBD");
    expect(fit.customerCount).toBe(2357);
    expect(fit.converged).toBe(true);
  });

  it("reports standard errors close to lifetimes' summary (r 0.0126, alpha 0.378, a 0.186, b 0.705)", () => {
    // lifetimes 0.11 BetaGeoFitter.summary on the same data (inverse Hessian of the total NLL).
    expect(fit.standardErrors.r).toBeCloseTo(0.0126, 3);
    expect(fit.standardErrors.alpha).toBeCloseTo(0.378, 2);
    expect(fit.standardErrors.a).toBeCloseTo(0.186, 2);
    expect(fit.standardErrors.b).toBeCloseTo(0.705, 2);
  });

  it("is JSON-serialisable data", () => {
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  it("gives the same estimate from weighted (compressed) records", () => {
    const counts = new Map<string, number>();
    for (const r of cdnowSummary) {
      const k = `${r.frequency}|${r.recency}|${r.T}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const compressed = [...counts].map(([k, w]) => {
      const [f = 0, r = 0, T = 0] = k.split("|").map(Number);
      return { frequency: f, recency: r, T, weight: w };
    });
    expect(compressed.length).toBeLessThan(cdnowSummary.length);
    const wfit = fitBetaGeo(compressed, { unit: "week" });
    expect(wfit.params.r).toBeCloseTo(fit.params.r, 5);
    expect(wfit.params.b).toBeCloseTo(fit.params.b, 4);
    expect(wfit.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    expect(wfit.customerCount).toBe(2357);
  });

  it("shrinks parameters with a penalizer", () => {
    const pfit = fitBetaGeo(cdnowSummary, { unit: "week", penalizer: 0.1 });
    const sq = (p: typeof fit.params): number => p.r ** 2 + p.a ** 2 + p.b ** 2;
    expect(sq(pfit.params)).toBeLessThan(sq(fit.params));
    expect(pfit.logLikelihood).toBeLessThan(fit.logLikelihood);
    expect(pfit.penalizer).toBe(0.1);
  });

  it("handles a customer with 250 repeat purchases and customers with T = 0 (finite, no NaN)", () => {
    const data = [...cdnowSummary.slice(0, 300), { frequency: 250, recency: 38, T: 38.86 }, { frequency: 0, recency: 0, T: 0 }];
    const f = fitBetaGeo(data, { unit: "week" });
    for (const v of Object.values(f.params)) expect(Number.isFinite(v)).toBe(true);
    expect(Number.isFinite(f.logLikelihood)).toBe(true);
  });

  it("throws INSUFFICIENT_DATA without records, without repeat purchases, or when every T is 0", () => {
    expect(code(() => fitBetaGeo([], { unit: "week" }))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitBetaGeo([{ frequency: 0, recency: 0, T: 5 }], { unit: "week" }))).toBe("INSUFFICIENT_DATA");
    expect(code(() => fitBetaGeo([{ frequency: 1, recency: 0, T: 0 }], { unit: "week" }))).toBe("INSUFFICIENT_DATA");
  });

  it("throws NOT_CONVERGED when the iteration budget is too small", () => {
    expect(code(() => fitBetaGeo(cdnowSummary, { unit: "week", maxIterations: 1 }))).toBe("NOT_CONVERGED");
  });

  it("throws record errors naming the customer and field", () => {
    expect(() => fitBetaGeo([{ frequency: 1, recency: 5, T: 4 }], { unit: "week" })).toThrow(/^customer 0, recency: must not exceed T/);
    expect(code(() => fitBetaGeo([{ frequency: -1, recency: 0, T: 4 }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitBetaGeo([{ frequency: 1.5, recency: 0, T: 4 }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitBetaGeo([{ frequency: 0, recency: 1, T: 4 }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitBetaGeo([{ frequency: 1, recency: 1, T: Number.NaN }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitBetaGeo([{ frequency: 1, recency: 1, T: 4, weight: 0 }], { unit: "week" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => fitBetaGeo([null as never], { unit: "week" }))).toBe("INVALID_RECORD");
    expect(code(() => fitBetaGeo("x" as never, { unit: "week" }))).toBe("INVALID_ARGUMENT");
    try {
      fitBetaGeo([{ frequency: 1, recency: 1, T: 4 }, { frequency: 1, recency: 1, T: -4 }], { unit: "week" });
    } catch (e) {
      expect(e).toBeInstanceOf(RetentionMetricsError);
      expect((e as RetentionMetricsError).index).toBe(1);
      expect((e as RetentionMetricsError).field).toBe("T");
    }
  });

  it("throws INVALID_OPTION for a bad penalizer or iteration budget", () => {
    expect(code(() => fitBetaGeo(cdnowSummary, { unit: "week", penalizer: -1 }))).toBe("INVALID_OPTION");
    expect(code(() => fitBetaGeo(cdnowSummary, { unit: "week", maxIterations: 0 }))).toBe("INVALID_OPTION");
  });
});
