import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conditionalExpectedOrderValue,
  conditionalExpectedPurchases,
  conditionalPurchaseCountProbability,
  exportCustomerScores,
  predictedLifetimeValue,
  probabilityAlive,
  scoreCustomers,
  type ModifiedBetaGeoModel,
} from "../../src/models/index.js";
import { code } from "./errors.js";
import { bgnbdFit, cdnowCustomers, ggFit, pnbdModel } from "./scores.shared.js";

const mbgnbd: ModifiedBetaGeoModel = { kind: "MBG/NBD", params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, unit: "week" };
const customers = cdnowCustomers(120);
const WEEKS_PER_MONTH = 30.4375 / 7;

describe("scoreCustomers", () => {
  it("CDNOW customer 1: the five predictions (BG/NBD and Gamma-Gamma fits)", () => {
    const s = scoreCustomers(customers.slice(0, 1), { transactionModel: bgnbdFit, spendModel: ggFit });
    const c = s.customers[0]!;
    expect(Object.keys(c)).toEqual(["customerId", "probabilityAlive", "probabilityOfPurchase", "expectedPurchases", "expectedOrderValue", "predictedLifetimeValue", "tier"]);
    expect(c.customerId).toBe("1");
    expect(c.probabilityAlive).toBeCloseTo(0.7266, 4);
    expect(c.expectedOrderValue).toBeCloseTo(24.66, 2);
    expect(c.predictedLifetimeValue).toBeCloseTo(36.3, 2);
    expect(c.tier).toBe(1);
  });

  it.each([
    ["BG/NBD", bgnbdFit],
    ["MBG/NBD", mbgnbd],
    ["Pareto/NBD", pnbdModel],
  ] as const)("%s: each field is the matching prediction function's value (CLV to the last bit)", (_kind, model) => {
    const opts = { months: 6, discountRate: 0.02 };
    const s = scoreCustomers(customers, { transactionModel: model, spendModel: ggFit, horizon: 6, discountRate: 0.02, nextPeriod: 0.5 });
    const clv = predictedLifetimeValue(model, ggFit, customers, opts);
    const alive = probabilityAlive(model, customers);
    const expected = conditionalExpectedPurchases(model, customers, 6 * WEEKS_PER_MONTH);
    const none = conditionalPurchaseCountProbability(model, customers, 0, 0.5 * WEEKS_PER_MONTH);
    const spend = conditionalExpectedOrderValue(ggFit, customers);
    s.customers.forEach((c, i) => {
      expect(c.predictedLifetimeValue).toBe(clv.customers[i]?.predictedLifetimeValue);
      expect(c.probabilityAlive).toBe(alive.customers[i]?.probabilityAlive);
      expect(c.expectedPurchases).toBeCloseTo(expected.customers[i]?.conditionalExpectedPurchases ?? Number.NaN, 12);
      expect(c.probabilityOfPurchase).toBeCloseTo(1 - (none.customers[i]?.conditionalPurchaseCountProbability ?? Number.NaN), 10);
      expect(c.expectedOrderValue).toBe(spend.customers[i]?.conditionalExpectedOrderValue);
    });
    expect(s.totals.predictedLifetimeValue).toBeCloseTo(clv.total, 9);
    expect(s.totals.probabilityAlive).toBeCloseTo(alive.total, 9);
  });

  it("a model in an odd unit (6.875 days), customers in the same unit: CLV equal to predictedLifetimeValue's to the last bit", () => {
    const model = { ...bgnbdFit, unit: 6.875 } as typeof bgnbdFit;
    const s = scoreCustomers(customers, { transactionModel: model, spendModel: ggFit, unit: 6.875 });
    const clv = predictedLifetimeValue(model, ggFit, customers, { unit: 6.875 });
    s.customers.forEach((c, i) => expect(c.predictedLifetimeValue).toBe(clv.customers[i]?.predictedLifetimeValue));
  });

  it("days in, weekly model: the same scores; a customerSummaries-like { customers, unit }", () => {
    const days = customers.map((c) => ({ ...c, recency: c.recency * 7, T: c.T * 7 }));
    const w = scoreCustomers(customers, { transactionModel: bgnbdFit, spendModel: ggFit });
    const d = scoreCustomers({ customers: days, unit: "day" }, { transactionModel: bgnbdFit, spendModel: ggFit });
    expect(d.unit).toBe("day");
    d.customers.forEach((c, i) => expect(c.predictedLifetimeValue).toBeCloseTo(w.customers[i]!.predictedLifetimeValue, 10));
  });

  it("tiers: quintiles of 100 distinct CLVs hold 20 each; caller thresholds", () => {
    const distinct = Array.from({ length: 100 }, (_, i) => ({ frequency: 1 + (i % 7), recency: 10 + i * 0.1, T: 40, monetaryValue: 10 + i }));
    const s = scoreCustomers(distinct, { transactionModel: bgnbdFit, spendModel: ggFit });
    const clvs = s.customers.map((c) => c.predictedLifetimeValue);
    expect(new Set(clvs).size).toBe(100);
    const counts = [1, 2, 3, 4, 5].map((t) => s.customers.filter((c) => c.tier === t).length);
    expect(counts).toEqual([20, 20, 20, 20, 20]);
    expect(s.tierThresholds).toHaveLength(4);
    for (const c of s.customers) {
      if (c.tier > 1) expect(c.predictedLifetimeValue).toBeLessThan(s.tierThresholds[c.tier - 2]!);
      if (c.tier < 5) expect(c.predictedLifetimeValue).toBeGreaterThanOrEqual(s.tierThresholds[c.tier - 1]!);
    }
    const t = scoreCustomers(customers.slice(0, 100), { transactionModel: bgnbdFit, spendModel: ggFit, tiers: [50, 10] });
    for (const c of t.customers) expect(c.tier).toBe(c.predictedLifetimeValue >= 50 ? 1 : c.predictedLifetimeValue >= 10 ? 2 : 3);
    expect(t.tierThresholds).toEqual([50, 10]);
  });

  it("property: quantile thresholds are the CLVs at ranks ⌈j·n/k⌉ of the customers sorted by CLV, ties included", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 8 }), (xs, k) => {
        const cs = xs.map((x, i) => ({ frequency: x, recency: x === 0 ? 0 : 20, T: 30 + (i % 3), monetaryValue: 25 }));
        const s = scoreCustomers(cs, { transactionModel: bgnbdFit, spendModel: ggFit, tiers: k });
        const sorted = s.customers.map((c) => c.predictedLifetimeValue).sort((a, b) => b - a);
        const n = sorted.length;
        expect(s.tierThresholds).toEqual(Array.from({ length: k - 1 }, (_, j) => sorted[Math.min(n - 1, Math.ceil(((j + 1) * n) / k) - 1)]));
      }),
      { numRuns: 40 },
    );
  });

  it("plain data: records built on the first read, columns as arrays in JSON, the same values", () => {
    const s = scoreCustomers(customers.slice(0, 5), { transactionModel: bgnbdFit, spendModel: ggFit });
    const rows = s.customers;
    expect(Object.getOwnPropertyDescriptor(s, "customers")).toHaveProperty("value", rows);
    expect(structuredClone(rows)).toEqual(rows);
    const json = JSON.parse(JSON.stringify(s)) as { columns: Record<string, unknown[]> };
    expect(json.columns["tier"]).toEqual(rows.map((r) => r.tier));
    expect(json.columns["predictedLifetimeValue"]).toEqual(rows.map((r) => r.predictedLifetimeValue));
  });

  it("property: probabilities in [0, 1], expected purchases and CLV ≥ 0, tiers 1…k, non-decreasing in the horizon", () => {
    const record = fc
      .record({ x: fc.integer({ min: 0, max: 30 }), T: fc.double({ min: 0, max: 100, noNaN: true }), f: fc.double({ min: 0, max: 1, noNaN: true }), z: fc.double({ min: 0, max: 500, noNaN: true }) })
      .map(({ x, T, f, z }) => ({ frequency: x, recency: x === 0 ? 0 : T * f, T, monetaryValue: x === 0 ? 0 : z }));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom(bgnbdFit, mbgnbd, pnbdModel), fc.integer({ min: 1, max: 7 }), (cs, model, k) => {
        const s = scoreCustomers(cs, { transactionModel: model, spendModel: ggFit, horizon: 6, tiers: k });
        const longer = scoreCustomers(cs, { transactionModel: model, spendModel: ggFit, horizon: 9, tiers: k });
        s.customers.forEach((c, i) => {
          for (const p of [c.probabilityAlive, c.probabilityOfPurchase]) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
          expect(c.probabilityOfPurchase).toBeLessThanOrEqual(c.probabilityAlive);
          expect(c.expectedPurchases).toBeGreaterThanOrEqual(0);
          expect(c.predictedLifetimeValue).toBeGreaterThanOrEqual(0);
          expect(c.tier).toBeGreaterThanOrEqual(1);
          expect(c.tier).toBeLessThanOrEqual(k);
          expect(longer.customers[i]!.expectedPurchases).toBeGreaterThanOrEqual(c.expectedPurchases);
          expect(longer.customers[i]!.predictedLifetimeValue).toBeGreaterThanOrEqual(c.predictedLifetimeValue);
        });
      }),
      { numRuns: 40 },
    );
  });

  it("errors", () => {
    const opts = { transactionModel: bgnbdFit, spendModel: ggFit };
    expect(code(() => scoreCustomers(customers, undefined as never))).toBe("INVALID_ARGUMENT");
    expect(code(() => scoreCustomers(customers, { ...opts, transactionModel: { kind: "BG/BB", params: { alpha: 1, beta: 1, gamma: 1, delta: 1 } } as never }))).toBe("INVALID_ARGUMENT");
    expect(code(() => scoreCustomers(customers, { ...opts, spendModel: { kind: "Gamma-Gamma", params: { p: 1, q: 0.9, v: 1 } } }))).toBe("INVALID_ARGUMENT");
    expect(code(() => scoreCustomers(customers, { ...opts, horizon: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreCustomers(customers, { ...opts, horizon: 1201 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreCustomers(customers, { ...opts, discountRate: -1 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreCustomers(customers, { ...opts, nextPeriod: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreCustomers(customers, { ...opts, tiers: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => scoreCustomers(customers, { ...opts, tiers: [10, 20] }))).toBe("INVALID_OPTION");
    expect(code(() => scoreCustomers([{ frequency: 1, recency: 2, T: 1, monetaryValue: 5 }], opts))).toBe("INVALID_ARGUMENT");
    expect(code(() => scoreCustomers([{ frequency: 1, recency: 1, T: 2, monetaryValue: -5 }], opts))).toBe("INVALID_ARGUMENT");
    expect(code(() => scoreCustomers([{ customerId: "a", frequency: 1, recency: 1, T: 2, monetaryValue: 5 }, { frequency: 1, recency: 1, T: 2, monetaryValue: 5 }], opts))).toBe("INVALID_CUSTOMER_ID");
  });
});

describe("exportCustomerScores", () => {
  const s = scoreCustomers(customers.slice(0, 3), { transactionModel: bgnbdFit, spendModel: ggFit });

  it("CSV: a header and one line per customer, every digit; the same from the records and from the result", () => {
    const csv = exportCustomerScores(s);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("customerId,probabilityAlive,probabilityOfPurchase,expectedPurchases,expectedOrderValue,predictedLifetimeValue,tier");
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe("");
    const back = lines.slice(1, 4).map((l) => l.split(","));
    back.forEach((f, i) => {
      const c = s.customers[i]!;
      expect(f).toEqual([c.customerId, ...[c.probabilityAlive, c.probabilityOfPurchase, c.expectedPurchases, c.expectedOrderValue, c.predictedLifetimeValue, c.tier].map(String)]);
    });
    expect(exportCustomerScores(s.customers)).toBe(csv);
  });

  it("JSON reads back as the records; decimals; quoting and the formula guard", () => {
    expect(JSON.parse(exportCustomerScores(s, { format: "json" }))).toEqual(s.customers);
    expect(exportCustomerScores(s, { decimals: 2 }).split("\r\n")[1]).toBe("1,0.73,0.14,1.56,24.66,36.30,1");
    const odd = scoreCustomers([{ customerId: '=HYPERLINK("x"),1', frequency: 0, recency: 0, T: 10, monetaryValue: 0 }], { transactionModel: bgnbdFit, spendModel: ggFit });
    expect(exportCustomerScores(odd).split("\r\n")[1]!.startsWith(`"'=HYPERLINK(""x""),1",`)).toBe(true);
    expect(exportCustomerScores(odd, { guardFormulas: false }).split("\r\n")[1]!.startsWith(`"=HYPERLINK(""x""),1",`)).toBe(true);
    expect(exportCustomerScores([])).toBe("customerId,probabilityAlive,probabilityOfPurchase,expectedPurchases,expectedOrderValue,predictedLifetimeValue,tier\r\n");
  });

  it("errors", () => {
    expect(code(() => exportCustomerScores({} as never))).toBe("INVALID_ARGUMENT");
    expect(code(() => exportCustomerScores([{ customerId: 1 }] as never))).toBe("INVALID_ARGUMENT");
    expect(code(() => exportCustomerScores(s, { format: "xml" as never }))).toBe("INVALID_OPTION");
    expect(code(() => exportCustomerScores(s, { decimals: 16 }))).toBe("INVALID_OPTION");
  });
});
