import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  calibrationHoldout,
  conditionalExpectedPurchases,
  expectedPurchases,
  frequencyRecencyMatrix,
  frequencyRecencyHeatmap,
  holdoutCheck,
  holdoutCheckChart,
  modelCheck,
  periodTransactionsChart,
  periodTransactionsCheck,
  prepareOrders,
  probabilityAlive,
  RetentionMetricsError,
  trackingChart,
  trackingCheck,
  type BetaGeoBetaBinomModel,
  type BetaGeoModel,
  type ModifiedBetaGeoModel,
  type ParetoNbdModel,
} from "../../src/index.js";
import { cdnowSampleOrders } from "../customers/cdnow.js";
import { donations } from "./fixtures.js";

// The CDNOW parameters of the papers (weeks): BG/NBD (Fader, Hardie & Lee 2005), Pareto/NBD (BTYD's cdnowSummary
// est.params), MBG/NBD (lifetimes' CDNOW fit), BG/BB (Fader, Hardie & Shang 2010, donations).
const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
const pnbd: ParetoNbdModel = { kind: "Pareto/NBD", params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, unit: "week" };
const mbgnbd: ModifiedBetaGeoModel = { kind: "MBG/NBD", params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, unit: "week" };
const bgbb: BetaGeoBetaBinomModel = { kind: "BG/BB", params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, unit: "opportunity" };
const MODELS = [bgnbd, pnbd, mbgnbd] as const;

// CDNOW 1/10 sample: calibration 1997-01-01 … 1997-09-30 (39 weeks), holdout to 1998-06-30 (39 weeks).
const book = prepareOrders(cdnowSampleOrders());
const split = calibrationHoldout(book, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", unit: "week" });
const histories = { customers: split.calibrationCustomers, unit: split.unit };

describe("periodTransactionsCheck", () => {
  it("CDNOW: the actual histogram of calibration repeat purchases (BTYD's n.x.actual, censor 7)", () => {
    const c = periodTransactionsCheck(bgnbd, histories);
    expect(c.bins.map((b) => b.label)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    expect(c.bins.map((b) => b.actualCustomers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(c.customerCount).toBe(2357);
  });

  it("each model's expected histogram sums to the number of customers", () => {
    for (const m of MODELS) {
      const c = periodTransactionsCheck(m, histories);
      const sum = c.bins.reduce((s, b) => s + b.expectedCustomers, 0);
      expect(sum).toBeCloseTo(2357, 8);
      for (const b of c.bins) expect(b.expectedCustomers).toBeGreaterThanOrEqual(0);
    }
  });

  it("Σ n · expected(n) over a wide histogram equals Σᵢ E[X(Tᵢ)] (pmf summed against the closed-form mean)", () => {
    const sample = split.calibrationCustomers.slice(0, 12);
    for (const m of [bgnbd, mbgnbd]) {
      const c = periodTransactionsCheck(m, { customers: sample, unit: "week" }, { maxFrequency: 150 });
      const mean = c.bins.slice(0, -1).reduce((s, b) => s + b.frequency * b.expectedCustomers, 0);
      const closed = sample.reduce((s, x) => s + expectedPurchases(m, x.T).expectedPurchases, 0);
      expect(Math.abs(mean - closed) / closed).toBeLessThan(1e-6);
      expect(c.bins[150]!.expectedCustomers).toBeLessThan(1e-6);
    }
  });

  it("BG/BB on the donations data: the actual and expected histograms both sum to 11,104 donors", () => {
    const c = periodTransactionsCheck(bgbb, donations, { maxFrequency: 6 });
    expect(c.unit).toBe("opportunity");
    expect(c.customerCount).toBe(11104);
    expect(c.bins.reduce((s, b) => s + b.actualCustomers, 0)).toBe(11104);
    expect(c.bins.reduce((s, b) => s + b.expectedCustomers, 0)).toBeCloseTo(11104, 6);
    // The last bin is "6+", exactly 6 here (n = 6 opportunities).
    expect(c.bins.at(-1)!.expectedCustomers).toBeGreaterThan(0);
  });

  it("property: bins sum to the weighted customer count, expectations in [0, customers]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 12 }), T: fc.double({ min: 0.5, max: 80, noNaN: true }), f: fc.double({ min: 0, max: 1, noNaN: true }), w: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (rows, k) => {
          const recs = rows.map((r) => ({ frequency: r.x, recency: r.x === 0 ? 0 : r.T * r.f, T: r.T, weight: r.w }));
          const total = rows.reduce((s, r) => s + r.w, 0);
          for (const m of [bgnbd, pnbd]) {
            const c = periodTransactionsCheck(m, recs, { maxFrequency: k });
            expect(c.bins).toHaveLength(k + 1);
            expect(c.bins.reduce((s, b) => s + b.actualCustomers, 0)).toBe(total);
            expect(Math.abs(c.bins.reduce((s, b) => s + b.expectedCustomers, 0) - total)).toBeLessThan(1e-6 * total);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("holdoutCheck", () => {
  const c = holdoutCheck(bgnbd, split);

  it("CDNOW: 1,882 holdout repeat purchases, grouped by calibration frequency (BTYD's transaction.actual)", () => {
    expect(c.actualPurchases).toBe(1882);
    expect(c.groups.map((g) => g.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(c.groups.map((g) => Number(g.actualMean!.toFixed(4)))).toEqual([0.2367, 0.697, 1.3925, 1.56, 2.5323, 2.9474, 3.8621, 6.3594]);
  });

  it("the expectations are conditionalExpectedPurchases over the 39-week holdout", () => {
    const direct = conditionalExpectedPurchases(bgnbd, histories, 39);
    expect(c.expectedPurchases).toBeCloseTo(direct.total, 8);
    expect(c.customers[5]!.expectedPurchases).toBeCloseTo(direct.customers[5]!.conditionalExpectedPurchases, 12);
    const groupSum = c.groups.reduce((s, g) => s + g.expectedPurchases, 0);
    expect(groupSum).toBeCloseTo(c.expectedPurchases, 8);
  });

  it("error metrics: MAE, RMSE and bias recomputed by hand; RMSE ≥ MAE ≥ |bias|", () => {
    const e = c.customers.map((x) => x.expectedPurchases - x.actualPurchases);
    const mae = e.reduce((s, v) => s + Math.abs(v), 0) / e.length;
    const rmse = Math.sqrt(e.reduce((s, v) => s + v * v, 0) / e.length);
    const bias = e.reduce((s, v) => s + v, 0) / e.length;
    expect(c.customerErrors.meanAbsoluteError).toBeCloseTo(mae, 12);
    expect(c.customerErrors.rootMeanSquaredError).toBeCloseTo(rmse, 12);
    expect(c.customerErrors.bias).toBeCloseTo(bias, 12);
    expect(c.customerErrors.bias).toBeCloseTo((c.expectedPurchases - 1882) / 2357, 12);
    expect(c.relativeTotalError).toBeCloseTo((c.expectedPurchases - 1882) / 1882, 12);
    expect(rmse).toBeGreaterThanOrEqual(mae);
    expect(mae).toBeGreaterThanOrEqual(Math.abs(bias));
  });

  it("refuses BG/BB, whose clock counts opportunities", () => {
    expect(() => holdoutCheck(bgbb as never, split)).toThrow(RetentionMetricsError);
    expect(() => holdoutCheck(bgbb as never, split)).toThrow(/BG\/BB/);
  });
});

describe("trackingCheck", () => {
  const t = trackingCheck(bgnbd, book, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });

  it("CDNOW: 78 weekly periods from 1997-01-01, 39 of calibration; actual totals equal the split's frequencies", () => {
    expect(t.periods).toHaveLength(78);
    expect(t.periods[0]!.firstDay).toBe("1997-01-01");
    expect(t.periods[77]!.lastDay).toBe("1998-06-30");
    expect(t.periods.filter((p) => p.phase === "calibration")).toHaveLength(39);
    expect(t.customerCount).toBe(2357);
    expect(t.calibration.actualPurchases).toBe(split.calibrationCustomers.reduce((s, c) => s + c.frequency, 0));
    expect(t.calibration.actualPurchases).toBe(2457);
    expect(t.holdout.actualPurchases).toBe(1882);
    expect(t.periods.reduce((s, p) => s + p.actualPurchases, 0)).toBe(2457 + 1882);
  });

  it("expected cumulative at the calibration end is Σᵢ E[X(Tᵢ)], at the end Σᵢ E[X(Tᵢ + 39)]", () => {
    // An independent sum: one expectedPurchases call per customer, against the tracking's per-day cache.
    let cal = 0;
    let end = 0;
    for (const c of split.calibrationCustomers) {
      cal += expectedPurchases(bgnbd, c.T).expectedPurchases;
      end += expectedPurchases(bgnbd, c.T + split.holdoutDuration).expectedPurchases;
    }
    expect(t.calibration.expectedPurchases).toBeCloseTo(cal, 8);
    expect(t.periods[38]!.expectedCumulative).toBeCloseTo(cal, 8);
    expect(t.periods[77]!.expectedCumulative).toBeCloseTo(end, 8);
    expect(t.calibration.expectedPurchases + t.holdout.expectedPurchases).toBeCloseTo(end, 8);
  });

  it("incremental values add up to the cumulative ones and never go negative", () => {
    let a = 0;
    let e = 0;
    for (const p of t.periods) {
      a += p.actualPurchases;
      e += p.expectedPurchases;
      expect(p.actualCumulative).toBe(a);
      expect(p.expectedCumulative).toBeCloseTo(e, 8);
      expect(p.expectedPurchases).toBeGreaterThanOrEqual(0);
    }
  });

  it("hand-computed: two customers, weekly periods", () => {
    const orders = [
      { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
      { orderId: "2", customerId: "ann", placedAt: "2024-01-10", total: "20" },
      { orderId: "2b", customerId: "ann", placedAt: "2024-01-10", total: "5" },
      { orderId: "3", customerId: "bob", placedAt: "2024-01-05", total: "15" },
      { orderId: "4", customerId: "bob", placedAt: "2024-02-20", total: "15" },
      { orderId: "5", customerId: "cy", placedAt: "2024-02-01", total: "15" },
    ];
    const r = trackingCheck(bgnbd, orders, { calibrationEnd: "2024-01-28", observationEnd: "2024-02-25" });
    // cy is acquired after the calibration end: not tracked. Same-day orders are one purchase day.
    expect(r.customerCount).toBe(2);
    expect(r.periods.map((p) => p.actualPurchases)).toEqual([0, 1, 0, 0, 0, 0, 0, 1]);
    expect(r.periods.map((p) => p.phase)).toEqual(["calibration", "calibration", "calibration", "calibration", "holdout", "holdout", "holdout", "holdout"]);
    // End of week 0 (2024-01-07): ann is 6 days old, bob 2 days.
    const e0 = expectedPurchases(bgnbd, 6, { unit: "day" }).expectedPurchases + expectedPurchases(bgnbd, 2, { unit: "day" }).expectedPurchases;
    expect(r.periods[0]!.expectedCumulative).toBeCloseTo(e0, 12);
    const daily = trackingCheck(bgnbd, orders, { calibrationEnd: "2024-01-28", observationEnd: "2024-02-25", period: "day", acquiredFrom: "2024-01-03" });
    expect(daily.customerCount).toBe(1);
    expect(daily.periods[0]!.firstDay).toBe("2024-01-05");
    expect(daily.periods.at(-1)!.expectedCumulative).toBeCloseTo(expectedPurchases(bgnbd, 51, { unit: "day" }).expectedPurchases, 12);
  });

  it("property: on random orders, actual totals equal the split's frequencies and the expected cumulative never falls", () => {
    const day = fc.integer({ min: 0, max: 120 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), day), { minLength: 1, maxLength: 25 }), fc.integer({ min: 10, max: 100 }), (rows, cut) => {
        const at = (d: number): string => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
        const orders = rows.map(([c, d], i) => ({ orderId: String(i), customerId: `c${c}`, placedAt: at(d), total: "1" }));
        const calibrationEnd = at(cut);
        const observationEnd = at(121);
        const r = trackingCheck(pnbd, orders, { calibrationEnd, observationEnd, period: "week" });
        const split = calibrationHoldout(orders, { calibrationEnd, observationEnd, unit: "week" });
        expect(r.customerCount).toBe(split.calibrationCustomers.length);
        expect(r.calibration.actualPurchases).toBe(split.calibrationCustomers.reduce((n, c) => n + c.frequency, 0));
        expect(r.holdout.actualPurchases).toBe(split.holdoutCustomers.reduce((n, c) => n + c.frequency, 0));
        let prev = 0;
        for (const p of r.periods) {
          expect(p.expectedCumulative).toBeGreaterThanOrEqual(prev - 1e-12);
          prev = p.expectedCumulative;
        }
      }),
      { numRuns: 15 },
    );
  });

  it("no customers: no periods", () => {
    const r = trackingCheck(pnbd, [], { calibrationEnd: "2024-01-31", observationEnd: "2024-02-29" });
    expect(r.periods).toEqual([]);
    expect(r.customerCount).toBe(0);
  });

  it("errors: calibrationEnd missing, observationEnd not after it, BG/BB", () => {
    expect(() => trackingCheck(bgnbd, book, {} as never)).toThrow(/calibrationEnd/);
    expect(() => trackingCheck(bgnbd, book, { calibrationEnd: "1997-09-30", observationEnd: "1997-09-01" })).toThrow(/observationEnd/);
    expect(() => trackingCheck(bgbb as never, book, { calibrationEnd: "1997-09-30" })).toThrow(/BG\/BB/);
  });
});

describe("frequencyRecencyMatrix", () => {
  it("cells equal conditionalExpectedPurchases and probabilityAlive for the same histories", () => {
    for (const m of MODELS) {
      const g = frequencyRecencyMatrix(m, { T: 39, maxFrequency: 4, recencySteps: 3, t: 10 });
      expect(g.recencies).toEqual([0, 13, 26, 39]);
      expect(g.frequencies.map((f) => f.frequency)).toEqual([0, 1, 2, 3, 4]);
      expect(g.frequencies[0]!.expectedPurchases.slice(1)).toEqual([null, null, null]);
      const rec = { frequency: 3, recency: 26, T: 39 };
      expect(g.frequencies[3]!.expectedPurchases[2]).toBeCloseTo(conditionalExpectedPurchases(m, [rec], 10).total, 12);
      expect(g.frequencies[3]!.probabilityAlive[2]).toBeCloseTo(probabilityAlive(m, [rec]).total, 12);
    }
  });

  it("BG/BB: every opportunity is a column, impossible cells (t_x < x) are null", () => {
    const g = frequencyRecencyMatrix(bgbb, { T: 6, t: 5 });
    expect(g.recencies).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(g.frequencies.map((f) => f.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(g.frequencies[3]!.expectedPurchases[2]).toBeNull();
    expect(g.frequencies[6]!.probabilityAlive[6]).toBeCloseTo(probabilityAlive(bgbb, [{ frequency: 6, recency: 6, periods: 6 }]).total, 12);
  });

  it("P(alive) rises with recency at fixed frequency", () => {
    const g = frequencyRecencyMatrix(bgnbd, { T: 39, maxFrequency: 5 });
    for (let x = 1; x <= 5; x++) {
      const row = g.frequencies[x]!.probabilityAlive.slice(1) as number[];
      for (let j = 1; j < row.length; j++) expect(row[j]!).toBeGreaterThanOrEqual(row[j - 1]! - 1e-12);
      for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
    }
  });

  it("property: for any model parameters, P(alive) in [0, 1] and expected purchases ≥ 0, non-decreasing in the horizon", () => {
    const positive = fc.double({ min: 0.05, max: 20, noNaN: true });
    fc.assert(
      fc.property(positive, positive, positive, positive, fc.constantFrom("BG/NBD", "MBG/NBD", "Pareto/NBD"), fc.double({ min: 1, max: 60, noNaN: true }), (p1, p2, p3, p4, kind, T) => {
        const m = (kind === "Pareto/NBD" ? { kind, params: { r: p1, alpha: p2, s: p3, beta: p4 }, unit: "week" } : { kind, params: { r: p1, alpha: p2, a: p3, b: p4 }, unit: "week" }) as BetaGeoModel;
        const near = frequencyRecencyMatrix(m, { T, t: 4, maxFrequency: 3, recencySteps: 4 });
        const far = frequencyRecencyMatrix(m, { T, t: 12, maxFrequency: 3, recencySteps: 4 });
        near.frequencies.forEach((row, i) =>
          row.expectedPurchases.forEach((e, j) => {
            const a = row.probabilityAlive[j];
            if (e === null || a === null || a === undefined) return;
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThanOrEqual(1 + 1e-12);
            expect(e).toBeGreaterThanOrEqual(0);
            expect(far.frequencies[i]!.expectedPurchases[j]!).toBeGreaterThanOrEqual(e * (1 - 1e-9));
          }),
        );
      }),
      { numRuns: 30 },
    );
  });

  it("T is required", () => {
    expect(() => frequencyRecencyMatrix(bgnbd, {} as never)).toThrow(/T/);
  });
});

describe("modelCheck", () => {
  const c = modelCheck(bgnbd, split, { orders: book });

  it("gathers the four checks, consistent with each other", () => {
    expect(c.model).toBe("BG/NBD");
    expect(c.periodTransactions.customerCount).toBe(2357);
    expect(c.holdout.actualPurchases).toBe(1882);
    expect(c.tracking!.holdout.actualPurchases).toBe(1882);
    expect(c.frequencyRecency.T).toBeCloseTo(Math.max(...split.calibrationCustomers.map((x) => x.T)), 12);
    expect(c.frequencyRecency.t).toBe(39);
    expect(modelCheck(pnbd, split).tracking).toBeNull();
  });

  it("is plain data, and its display is a dashboard with the charts", () => {
    const copy = JSON.parse(JSON.stringify(c)) as typeof c;
    expect(copy.holdout.groups).toEqual(c.holdout.groups);
    const display = (c as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]!;
    const bundle = display.call(c);
    expect(bundle["text/html"]!.match(/<svg/g)).toHaveLength(6);
    expect(bundle["text/plain"]).toContain("Holdout MAE per customer");
  });

  it("orders from another data set are refused", () => {
    expect(() => modelCheck(bgnbd, split, { orders: cdnowSampleOrders().slice(0, 100) })).toThrow(/orders/);
  });
});

describe("the renderers", () => {
  it("draw each check as an SVG, and refuse a malformed result with INVALID_ARGUMENT", () => {
    const c = modelCheck(mbgnbd, split, { orders: book });
    for (const svg of [
      trackingChart(c.tracking!),
      trackingChart(c.tracking!, { cumulative: false, title: "<b>" }),
      periodTransactionsChart(c.periodTransactions),
      holdoutCheckChart(c.holdout),
      frequencyRecencyHeatmap(c.frequencyRecency),
      frequencyRecencyHeatmap(c.frequencyRecency, { metric: "probabilityAlive" }),
    ]) {
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).not.toContain("<b>");
    }
    expect(trackingChart(c.tracking!)).toContain("rm-marker");
    const bad = { ...c.holdout, groups: [{ frequency: 0, label: "0", customers: 1, actualMean: "1", expectedMean: 1 }] };
    expect(() => holdoutCheckChart(bad as never)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", field: "input.groups[0].actualMean" }));
    expect(() => frequencyRecencyHeatmap(c.frequencyRecency, { metric: "x" as never })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });
});
