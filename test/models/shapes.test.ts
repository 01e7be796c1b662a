import { describe, expect, it } from "vitest";
import * as models from "../../src/models/index.js";
import { cdnowSpend, cdnowWeeks, customer1, donations } from "./fixtures.js";
import { bgbb, bgnbd, gg, pnbd } from "./predictions.shared.js";

// Result shapes of every export of the models area (CONTRIBUTING, result naming rule): fits return the fitted
// model (R4), per-customer predictions return keyed records (R3), the population predictions carry their value
// under their own name (R1), and everything is plain data (R5).
const c1 = { customerId: "1", ...customer1, monetaryValue: 22.35 };
const fits: Record<string, () => object> = {
  fitBetaGeo: () => models.fitBetaGeo(cdnowWeeks),
  fitModifiedBetaGeo: () => models.fitModifiedBetaGeo(cdnowWeeks),
  fitParetoNbd: () => models.fitParetoNbd(cdnowWeeks),
  fitBetaGeoBetaBinom: () => models.fitBetaGeoBetaBinom(donations),
  fitGammaGamma: () => models.fitGammaGamma(cdnowSpend),
  fitShiftedBetaGeometric: () => models.fitShiftedBetaGeometric([1000, 631, 468, 382, 326, 289, 262, 241]),
};
const perCustomer: Record<string, [() => object, boolean]> = {
  probabilityAlive: [() => models.probabilityAlive(bgnbd, [c1, { ...c1, customerId: "2" }]), true],
  conditionalExpectedPurchases: [() => models.conditionalExpectedPurchases(pnbd, [c1], 39), true],
  conditionalExpectedOrderValue: [() => models.conditionalExpectedOrderValue(gg, [c1]), false],
  expectedDiscountedTransactions: [() => models.expectedDiscountedTransactions(pnbd, [c1]), true],
  predictedLifetimeValue: [() => models.predictedLifetimeValue(bgnbd, gg, [c1]), true],
  conditionalPurchaseCountProbability: [() => models.conditionalPurchaseCountProbability(bgnbd, [c1], 0, 39), true],
  customerLogLikelihood: [() => models.customerLogLikelihood(bgnbd, [c1]), true],
};
const population: Record<string, () => object> = {
  expectedPurchases: () => models.expectedPurchases(bgbb, 3),
  purchaseCountProbability: () => models.purchaseCountProbability(bgnbd, 1, 39),
};
// The contract-duration (sBG) predictions: a per-period curve (R3) and a per-tenure quantity (R1).
const sbgModel = { kind: "sBG", params: { alpha: 0.668, beta: 3.806 } } as const;
const contractual: Record<string, () => object> = {
  projectedRetention: () => models.projectedRetention(sbgModel, 12),
  discountedExpectedResidualLifetime: () => models.discountedExpectedResidualLifetime(sbgModel, 0.1, { renewals: 3 }),
};
const paths: Record<string, () => object> = {
  probabilityAlivePath: () => models.probabilityAlivePath(bgnbd, [0, 10, 30.43], { until: 60, steps: 6 }),
};
// The score table (R3, several predictions per customer, with totals) and its export (a string, exempt).
const scores: Record<string, () => unknown> = {
  scoreCustomers: () => models.scoreCustomers([c1, { ...c1, customerId: "2" }], { transactionModel: bgnbd, spendModel: gg }),
  scoreIntervals: () => models.scoreIntervals([c1, { ...c1, customerId: "2" }], { transactionModel: bgnbd, spendModel: gg }),
  exportCustomerScores: () => models.exportCustomerScores(models.scoreCustomers([c1], { transactionModel: bgnbd, spendModel: gg })),
};

// The model checks (issue 18): records per bin, group, customer, period or frequency (R3), plain data (R5).
const checkSplit = { calibrationCustomers: [c1], holdoutCustomers: [{ customerId: "1", frequency: 1 }], holdoutDuration: 39, unit: "week" } as never;
const checks: Record<string, [() => object, string, string]> = {
  periodTransactionsCheck: [() => models.periodTransactionsCheck(bgnbd, [c1]), "bins", "frequency"],
  holdoutCheck: [() => models.holdoutCheck(bgnbd, checkSplit), "groups", "frequency"],
  trackingCheck: [() => models.trackingCheck(bgnbd, [{ orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "1" }, { orderId: "2", customerId: "a", placedAt: "2024-01-20", total: "1" }], { calibrationEnd: "2024-01-14", observationEnd: "2024-01-31" }), "periods", "period"],
  frequencyRecencyMatrix: [() => models.frequencyRecencyMatrix(bgnbd, { T: 39, maxFrequency: 2 }), "frequencies", "frequency"],
  modelCheck: [() => models.modelCheck(bgnbd, checkSplit), "model", ""],
};

/** R5: own enumerable data properties only, plain prototypes, and nothing lost by structuredClone / JSON. */
function expectPlain(value: unknown, path = "result"): void {
  if (value === null || typeof value !== "object") return;
  const proto = Object.getPrototypeOf(value);
  expect(proto === Object.prototype || proto === Array.prototype, `${path} is a plain object or array`).toBe(true);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if (typeof key === "symbol") {
      expect(key, `${path}: the only symbol is the notebook display`).toBe(Symbol.for("Jupyter.display"));
      expect(d.enumerable).toBe(false);
      continue;
    }
    if (Array.isArray(value) && key === "length") continue;
    expect(d.enumerable && "value" in d, `${path}.${key} is an enumerable data property`).toBe(true);
    expectPlain(d.value, `${path}.${key}`);
  }
}

function expectSurvives(r: object): void {
  expectPlain(r);
  expect(structuredClone(r)).toEqual(r);
  expect(JSON.parse(JSON.stringify(r))).toEqual({ ...r });
}

describe("models: result shapes", () => {
  it("covers every function exported by the models area", () => {
    const exported = Object.entries(models).filter(([, v]) => typeof v === "function").map(([k]) => k).sort();
    expect(exported).toEqual([...Object.keys(fits), ...Object.keys(perCustomer), ...Object.keys(population), ...Object.keys(contractual), ...Object.keys(paths), ...Object.keys(checks), ...Object.keys(scores)].sort());
  });

  it.each(Object.entries(checks))("%s returns records under a plural name, key first, plain data (R3, R5)", (_name, [make, field, key]) => {
    const r = make() as Record<string, unknown>;
    expect(Object.keys(r)[0]).toBe(field);
    if (key !== "") for (const row of r[field] as Record<string, unknown>[]) expect(Object.keys(row)[0]).toBe(key);
    expectSurvives(r);
  });

  it.each(Object.entries(fits))("%s returns the fitted model: kind, params, unit, diagnostics, warnings (R4)", (_name, fit) => {
    const r = fit() as Record<string, unknown>;
    expect(Object.keys(r).slice(0, 3)).toEqual(["kind", "params", "unit"]);
    expect(Object.keys(r).at(-1)).toBe("warnings");
    expect(r["warnings"]).toEqual([]);
    for (const k of ["standardErrors", "covariance", "logLikelihood", "iterations", "converged", "customerCount", "recordCount", "penalizer", "method"]) expect(r).toHaveProperty(k);
    expect(r).not.toHaveProperty("customers"); // the plural noun is kept for per-customer records (R3)
    expectSurvives(r);
  });

  it.each(Object.entries(perCustomer))("%s returns customers: [{ customerId, %s }] in input order, with totals (R3)", (name, [make, hasTotal]) => {
    const r = make() as Record<string, unknown>;
    expect(Object.keys(r)[0]).toBe("customers");
    const rows = r["customers"] as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows[0]!["customerId"]).toBe("1");
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(["customerId", name]);
      expect(typeof row[name]).toBe("number");
    }
    expect("total" in r).toBe(hasTotal);
    if (hasTotal) expect(r["total"]).toBeCloseTo(rows.reduce((s, row) => s + (row[name] as number), 0), 12);
    expectSurvives(r);
    expect(rows.map((row) => ({ ...row }))).toEqual(rows);
  });

  it.each(Object.entries(population))("%s carries its value under its own name, with t and unit (R1)", (name, make) => {
    const r = make() as Record<string, unknown>;
    expect(Object.keys(r)[0]).toBe(name);
    expect(typeof r[name]).toBe("number");
    expect(r).toHaveProperty("t");
    expect(r).toHaveProperty("unit");
    expectSurvives(r);
  });

  it("projectedRetention returns periods: [{ period, projectedRetention, … }] in order, with its unit (R3)", () => {
    const r = contractual["projectedRetention"]!() as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(["periods", "unit"]);
    const rows = r["periods"] as Record<string, unknown>[];
    expect(rows.map((row) => row["period"])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const row of rows) expect(Object.keys(row).slice(0, 2)).toEqual(["period", "projectedRetention"]);
    expectSurvives(r);
  });

  it("discountedExpectedResidualLifetime carries its value under its own name, with the rate, renewals and unit (R1)", () => {
    const r = contractual["discountedExpectedResidualLifetime"]!() as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(["discountedExpectedResidualLifetime", "discountRate", "renewals", "unit"]);
    expect(typeof r["discountedExpectedResidualLifetime"]).toBe("number");
    expectSurvives(r);
  });

  it.each(Object.entries(paths))("%s returns its points in time order, each with t first, and unit (R3)", (_name, make) => {
    const r = make() as { points: Record<string, unknown>[]; unit: unknown };
    expect(Object.keys(r)).toEqual(["points", "unit"]);
    for (const p of r.points) expect(Object.keys(p)[0]).toBe("t");
    expectSurvives(r);
  });

  it.each(["scoreCustomers", "scoreIntervals"])("%s returns customers: [{ customerId, …predictions }] in input order, with totals (R3)", (name) => {
    const r = scores[name]!() as Record<string, unknown>;
    expect(Object.keys(r)[0]).toBe("customers");
    const rows = r["customers"] as Record<string, unknown>[];
    expect(rows.map((row) => row["customerId"])).toEqual(["1", "2"]);
    for (const row of rows) expect(Object.keys(row).slice(0, 4)).toEqual(["customerId", "probabilityAlive", "probabilityOfPurchase", "expectedPurchases"]);
    expect(r).toHaveProperty("totals");
    // scoreCustomers' columnar view holds typed arrays (checked by test/plainResults.test.ts); the rest is plain here.
    for (const [key, value] of Object.entries(r)) if (key !== "columns") expectPlain(value, `result.${key}`);
    expect(structuredClone(rows)).toEqual(rows);
  });

  it("exportCustomerScores returns a string", () => {
    expect(typeof scores["exportCustomerScores"]!()).toBe("string");
  });
});
