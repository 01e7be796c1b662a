import { describe, expect, it } from "vitest";
import {
  conditionalExpectedPurchases,
  customerSummaries,
  expectedDiscountedTransactions,
  expectedPurchases,
  fitBetaGeo,
  fitBetaGeoBetaBinom,
  fitGammaGamma,
  fitModifiedBetaGeo,
  fitParetoNbd,
  predictedLifetimeValue,
  prepareOrders,
  probabilityAlive,
  purchaseCountProbability,
} from "../../src/index.js";
import { cdnowSampleOrders } from "../customers/cdnow.js";
import { code } from "./errors.js";
import { cdnowSummary, cdnowWeeks, customer1, donations } from "./fixtures.js";
import { bgbb, bgnbd, gg, pnbd } from "./predictions.shared.js";

// Issue 15, point 6: a fitted model carries the unit of its data; a prediction in another unit is converted
// exactly (docs/predicting-clv.md, "Units: models remember theirs").
describe("models remember their unit", () => {
  const book = prepareOrders(cdnowSampleOrders());
  const weekly = customerSummaries(book, { asOf: "1997-09-30", unit: "week" });
  const daily = customerSummaries(book, { asOf: "1997-09-30", unit: "day" });
  const model = fitBetaGeo(weekly);
  const spend = fitGammaGamma(weekly);

  it("a fit takes the unit of a customerSummaries result, or the unit option of a plain array", () => {
    expect(model.unit).toBe("week");
    expect(fitBetaGeo(daily).unit).toBe("day");
    expect(fitBetaGeo(cdnowSummary, { unit: "week" }).unit).toBe("week");
    expect(fitModifiedBetaGeo(cdnowWeeks).unit).toBe("week");
    expect(fitParetoNbd(cdnowSummary, { unit: 7 }).unit).toBe(7);
    expect(fitBetaGeoBetaBinom(donations).unit).toBe("opportunity");
    expect(spend.unit).toBeNull();
  });

  it("the same data in days gives the same model with alpha × 7 (and the same log-likelihood up to the Jacobian)", () => {
    const d = fitBetaGeo(daily);
    expect(d.params.alpha / 7).toBeCloseTo(model.params.alpha, 3);
    expect(d.params.r).toBeCloseTo(model.params.r, 4);
  });

  it("weekly fit + daily customers: the CLV equals the weekly CLV (converted), never silently off (0.x: 1.03× from daily records, 3.76× from weekly records labelled day)", () => {
    const w = predictedLifetimeValue(model, spend, weekly, { months: 12 });
    const d = predictedLifetimeValue(model, spend, daily, { months: 12 });
    expect(w.unit).toBe("week");
    expect(d.unit).toBe("day");
    expect(d.total / w.total).toBeCloseTo(1, 9);
    for (let i = 0; i < w.customers.length; i += 97) {
      expect(d.customers[i]?.customerId).toBe(w.customers[i]?.customerId);
      expect(d.customers[i]?.predictedLifetimeValue).toBeCloseTo(w.customers[i]?.predictedLifetimeValue ?? Number.NaN, 9);
    }
    // The same with a plain array of daily records and { unit: "day" }.
    const arr = predictedLifetimeValue(model, spend, daily.customers, { unit: "day", months: 12 });
    expect(arr.total).toBe(d.total);
    // A month is 30.4375 days whatever the unit of the input.
    expect(d.unitsPerMonth).toBe(30.4375);
    expect(w.unitsPerMonth).toBeCloseTo(30.4375 / 7, 14);
  });

  it("every continuous-time prediction converts times given in another unit", () => {
    const inDays = { frequency: 2, recency: 30.43 * 7, T: 38.86 * 7 };
    for (const m of [bgnbd, pnbd]) {
      expect(probabilityAlive(m, [inDays], { unit: "day" }).total).toBeCloseTo(probabilityAlive(m, [customer1]).total, 12);
      expect(conditionalExpectedPurchases(m, [inDays], 39 * 7, { unit: "day" }).total).toBeCloseTo(conditionalExpectedPurchases(m, [customer1], 39).total, 12);
      expect(expectedPurchases(m, 52 * 7, { unit: "day" }).expectedPurchases).toBeCloseTo(expectedPurchases(m, 52).expectedPurchases, 12);
      expect(purchaseCountProbability(m, 1, 39 * 7, { unit: "day" }).purchaseCountProbability).toBeCloseTo(purchaseCountProbability(m, 1, 39).purchaseCountProbability, 12);
    }
    expect(expectedDiscountedTransactions(pnbd, [inDays], { unit: "day" }).total).toBeCloseTo(expectedDiscountedTransactions(pnbd, [customer1]).total, 10);
  });

  it("refuses what it cannot convert or decide, with a clear error", () => {
    // A plain array without a unit: the fit cannot know it.
    expect(() => fitBetaGeo(cdnowSummary)).toThrow(/^option unit: is required when the records are a plain array/);
    expect(code(() => fitParetoNbd(cdnowSummary))).toBe("INVALID_OPTION");
    // A summaries result and a unit option that disagree.
    expect(code(() => fitBetaGeo(weekly, { unit: "day" }))).toBe("UNIT_MISMATCH");
    expect(code(() => predictedLifetimeValue(model, spend, weekly, { unit: "day" }))).toBe("UNIT_MISMATCH");
    expect(code(() => probabilityAlive(model, daily, { unit: "week" }))).toBe("UNIT_MISMATCH");
    // Agreeing declarations are fine ("week" and 7 days are the same unit).
    expect(fitBetaGeo(weekly, { unit: 7 }).params).toEqual(model.params);
    // A hand-made model without its unit.
    const bare = { kind: "BG/NBD", params: model.params } as never;
    expect(() => probabilityAlive(bare, [customer1])).toThrow(/^argument model\.unit: is missing/);
    expect(code(() => predictedLifetimeValue(bare, gg, [{ ...customer1, monetaryValue: 1 }]))).toBe("INVALID_ARGUMENT");
    // BG/BB counts opportunities: a calendar unit is refused.
    expect(code(() => probabilityAlive(bgbb, [{ frequency: 1, recency: 1, periods: 6 }], { unit: "day" }))).toBe("UNIT_MISMATCH");
    expect(code(() => expectedPurchases(bgbb, 3, { unit: "week" }))).toBe("UNIT_MISMATCH");
  });
});
