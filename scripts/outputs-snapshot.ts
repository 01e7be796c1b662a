// npm run outputs:snapshot: the JSON output of every public function of src/index.ts, one canonical file per case,
// so that a restructure (issue 21) can show its outputs are byte-identical before and after.
//
//   npx tsx scripts/outputs-snapshot.ts [--out DIR]     write DIR/<dataset>/<function>/<variant>.json (default .scratch/outputs)
//   npx tsx scripts/outputs-snapshot.ts --check DIR     recompute and compare byte for byte; exit 1 on any difference
//   ... [--datasets cdnow,bench]                        which data sets (default cdnow and bench)
//
// Data sets: `cdnow` is the bundled CDNOW master file (test/fixtures, 69,659 orders, date-only, UTC days) and the
// BG/BB donations fixture; `bench` is bench/generateOrders.ts at 100,000 orders, seed 42 (timestamps, refunds).
// `cdnow-small` (not in the default run) is the first 200 customers of CDNOW's 1/10 sample (657 orders) with the
// same cases as `cdnow`: test/scripts/outputsSnapshot.test.ts runs the machinery on it in a few seconds, and leaves
// the byte-identical check of the two full data sets to this command.
// Both get a `segment` and a `currency` derived from the customer id, so segmented cohorts are exercised.
//
// Canonical JSON: `JSON.stringify(result)` as a consumer would write it (key order is part of the result shape,
// so keys are NOT sorted; `Decimal` writes itself as its string), with three additions JSON.stringify cannot
// express: a typed array (customerSummaries' `columns`) is written as an array, a bigint as the string "<n>n",
// and a non-finite number as the string "NaN" / "Infinity" / "-Infinity" (plain JSON would write null and hide
// a NaN-for-null change). A function that throws is a case too: its output is the error's name, code, index,
// field and message, so the error grammar is covered as well.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as realApi from "../src/index.js";
import type { Order, OrdersInput } from "../src/index.js";
import { generateOrders } from "../bench/generateOrders.js";
import { readCdnowMaster, readCdnowSample } from "./cdnow.js";

/** Exports of src/index.ts that are not called as functions, and why; every other export must be called by a case. */
export const NOT_CALLED: Readonly<Record<string, "class" | "error class" | "constant">> = {
  OrderBook: "class", // made by prepareOrders / prepareOrderColumns; its JSON summary is a case (book/summary)
  OrderAccumulator: "class", // made by createAccumulator; its JSON state is a case (accumulator/*)
  RetentionMetricsError: "error class", // every error case writes its fields
  DEFAULT_RFM_SEGMENTS: "constant", // written as the case constants/DEFAULT_RFM_SEGMENTS
};

/** One case: a name (its file path under the output directory, without `.json`) and the computation. */
export interface SnapshotCase {
  readonly name: string;
  readonly run: () => unknown;
}

const isClass = (v: unknown): boolean => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));

/** The public API with every exported function wrapped to record its name when called. */
function trackedApi(called: Set<string>): typeof realApi {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(realApi)) {
    out[name] =
      typeof v === "function" && !isClass(v)
        ? (...args: unknown[]): unknown => {
            called.add(name);
            return (v as (...a: unknown[]) => unknown)(...args);
          }
        : v;
  }
  return out as typeof realApi;
}

/** The canonical JSON text of one output (see the file header). */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(value, replacer)}\n`;
}

function replacer(this: unknown, _key: string, v: unknown): unknown {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<unknown>);
  return v;
}

/** What a case writes when its function throws. */
function thrown(e: unknown): unknown {
  if (e instanceof realApi.RetentionMetricsError) return { thrown: { name: e.name, code: e.code, index: e.index, field: e.field, message: e.message } };
  if (e instanceof Error) return { thrown: { name: e.name, message: e.message } };
  return { thrown: String(e) };
}

// ---------------------------------------------------------------------------------------------------------------
// Data

const SEGMENTS = ["ads", "mail", "organic", null] as const;
/** A deterministic segment and currency per customer (a cheap string hash of the id). */
function decorate(orders: readonly Order[]): Order[] {
  return orders.map((o) => {
    const id = String(o.customerId);
    let h = 0;
    for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
    return { ...o, currency: "USD", segment: SEGMENTS[(h >>> 0) % SEGMENTS.length] ?? null };
  });
}

interface Dataset {
  readonly name: string;
  readonly orders: Order[];
  /** An instant inside the data, for windows and asOf variants. */
  readonly mid: string;
  readonly start: string;
  readonly end: string;
  /** An instant after the last order (an accumulator refuses an earlier asOf). */
  readonly after: string;
  /** A zone with DST, for the zone variants. */
  readonly zone: string;
}

function datasets(which: readonly string[]): Dataset[] {
  const out: Dataset[] = [];
  if (which.includes("cdnow")) {
    out.push({ name: "cdnow", orders: decorate(readCdnowMaster()), start: "1997-01-01", mid: "1997-10-01", end: "1998-06-30", after: "1998-09-30", zone: "America/New_York" });
  }
  if (which.includes("cdnow-small")) {
    const small = readCdnowSample().filter((o) => Number(o.customerId) <= 200);
    out.push({ name: "cdnow-small", orders: decorate(small), start: "1997-01-01", mid: "1997-10-01", end: "1998-06-30", after: "1998-09-30", zone: "America/New_York" });
  }
  if (which.includes("bench")) {
    out.push({ name: "bench", orders: decorate(generateOrders({ orders: 100_000, seed: 42 })), start: "2021-01-01", mid: "2022-07-01", end: "2023-12-31", after: "2024-03-31", zone: "Europe/Prague" });
  }
  return out;
}

/** test/fixtures/donations.csv (BG/BB: frequency, recency, periods, weight). */
function donations(): { frequency: number; recency: number; periods: number; weight: number }[] {
  const path = fileURLToPath(new URL("../test/fixtures/donations.csv", import.meta.url));
  return readFileSync(path, "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [f = 0, r = 0, n = 0, w = 0] = l.split(",").map(Number);
      return { frequency: f, recency: r, periods: n, weight: w };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

/**
 * Every case, in a stable order, with `called` filled with the names of the functions the cases called once they
 * have all been run. Inputs shared by several cases (books, accumulators, fits) are built lazily on first use.
 */
export function snapshotCases(which: readonly string[] = ["cdnow", "bench"]): { cases: SnapshotCase[]; called: Set<string> } {
  const called = new Set<string>();
  const api = trackedApi(called);
  const cases: SnapshotCase[] = [];
  const add = (name: string, run: () => unknown): void => void cases.push({ name, run });
  const lazy = <T>(make: () => T): (() => T) => {
    let v: { value: T } | undefined;
    return () => (v ??= { value: make() }).value;
  };

  add("constants/DEFAULT_RFM_SEGMENTS", () => api.DEFAULT_RFM_SEGMENTS);

  for (const d of datasets(which)) {
    const p = (s: string): string => `${d.name}/${s}`;
    const book = lazy(() => api.prepareOrders(d.orders, { timeZone: "UTC" }));
    const zoneBook = lazy(() => api.prepareOrders(d.orders, { timeZone: d.zone }));
    const acc = lazy(() => api.createAccumulator({ timeZone: "UTC" }).addAll(d.orders));
    const weekAcc = lazy(() => api.createAccumulator({ timeZone: d.zone, granularity: "week", weekStartsOn: 0 }).addAll(d.orders));
    const forms: [string, () => OrdersInput][] = [
      ["book", book],
      ["accumulator", acc],
    ];
    const all: [string, () => OrdersInput][] = [["orders", () => d.orders], ...forms];

    // Inputs: books from rows, from rows of another shape, from columns; accumulators, their JSON and merges.
    add(p("prepareOrders/summary"), () => book());
    add(p("prepareOrders/zone"), () => zoneBook());
    add(p("prepareOrders/accessors"), () => {
      const rows = d.orders.map((o) => [o.orderId, o.customerId, o.placedAt, o.total, o.refunded ?? null] as const);
      type Row = (typeof rows)[number];
      const b = api.prepareOrders<Row>(rows, {
        timeZone: "UTC",
        accessors: { orderId: (r) => r[0], customerId: (r) => r[1], placedAt: (r) => r[2], total: (r) => r[3], refunded: (r) => r[4] },
      });
      return { book: b, summarize: api.summarize(b) };
    });
    add(p("prepareOrderColumns/summary"), () => {
      const cents = (m: Order["total"] | null | undefined): number | null => {
        if (m === null || m === undefined) return null;
        const [whole = "0", frac = ""] = String(m).split(".");
        return Number(whole) * 100 + Math.sign(Number(`${whole}1`)) * Number(frac.padEnd(2, "0"));
      };
      const b = api.prepareOrderColumns(
        {
          orderId: d.orders.map((o) => String(o.orderId)),
          customerId: d.orders.map((o) => String(o.customerId)),
          placedAt: d.orders.map((o) => String(o.placedAt)),
          total: Float64Array.from(d.orders, (o) => cents(o.total) ?? 0),
          refunded: d.orders.map((o) => cents(o.refunded)),
          segment: d.orders.map((o) => o.segment ?? null),
        },
        { timeZone: "UTC", currency: "USD" },
      );
      return { book: b, summarize: api.summarize(b), cohortTable: api.cohortTable(b, { periods: 6 }) };
    });
    add(p("createAccumulator/state"), () => acc().toJSON());
    add(p("createAccumulator/week-zone"), () => weekAcc().toJSON());
    add(p("createAccumulator/trust"), () => api.createAccumulator({ duplicateOrderIds: "trust" }).addAll(d.orders).toJSON());
    add(p("accumulatorFromJSON/roundtrip"), () => {
      const back = api.accumulatorFromJSON(JSON.stringify(acc()));
      return { state: back.toJSON(), summarize: api.summarize(back) };
    });
    add(p("mergeAccumulators/halves"), () => {
      const half = Math.floor(d.orders.length / 2);
      const a = api.createAccumulator({ timeZone: "UTC" }).addAll(d.orders.slice(0, half));
      const b = api.createAccumulator({ timeZone: "UTC" }).addAll(d.orders.slice(half));
      const m = api.mergeAccumulators(a, b);
      return { state: m.toJSON(), summarize: api.summarize(m), cohortTable: api.cohortTable(m) };
    });

    // Order KPIs: every input form, and windows, gross revenue, a zone.
    const kpis = ["averageOrderValue", "purchaseFrequency", "customerValue", "repeatCustomerRate", "summarize"] as const;
    for (const f of kpis) {
      for (const [form, input] of all) add(p(`${f}/${form}`), () => api[f](input()));
      for (const [form, input] of forms) {
        // On an accumulator, a window is refused (INVALID_OPTION, an error case) and asOf must follow the last order.
        add(p(`${f}/${form}-window`), () => api[f](input(), { from: d.start, to: d.mid }));
        add(p(`${f}/${form}-asOf`), () => api[f](input(), { asOf: form === "book" ? d.mid : d.after }));
      }
      add(p(`${f}/book-gross`), () => api[f](book(), { revenue: "gross" }));
      add(p(`${f}/zone`), () => api[f](zoneBook(), { timeZone: d.zone, from: d.start, to: d.mid }));
    }

    // Value.
    add(p("customerLifetimeValue/fromOrders"), () => {
      const s = api.summarize(book(), { from: d.start, to: d.mid });
      return [1, 3].flatMap((lifespan) => [api.customerLifetimeValue({ ...s, lifespan }), api.customerLifetimeValue({ ...s, lifespan, margin: 0.3 })]);
    });
    add(p("customerLifetimeValue/fromValue"), () => api.customerLifetimeValue({ customerValue: api.customerValue(book()).customerValue ?? "0", lifespan: 2.5, margin: 0.25 }));
    add(p("discountedLifetimeValue/variants"), () => [
      api.discountedLifetimeValue({ margin: "100", retentionRate: 0.8, discountRate: 0.1 }),
      api.discountedLifetimeValue({ margin: 12.34, retentionRate: 0, discountRate: 0 }),
      api.discountedLifetimeValue({ margin: "-5.5", retentionRate: 0.95, discountRate: 0.02 }),
    ]);
    add(p("retentionImpact/variants"), () => [
      api.retentionImpact({ margin: "100", retentionRate: 0.75, discountRate: 0.1, uplift: 0.05 }),
      api.retentionImpact({ margin: "35.89", retentionRate: 0.5, discountRate: 0.08, uplift: -0.1 }),
    ]);
    for (const [form, input] of all) add(p(`historicalLifetimeValue/${form}`), () => api.historicalLifetimeValue(input()));
    add(p("historicalLifetimeValue/quarter-6"), () => api.historicalLifetimeValue(book(), { granularity: "quarter", periods: 6, asOf: d.end }));
    add(p("historicalLifetimeValue/year-gross"), () => api.historicalLifetimeValue(book(), { granularity: "year", revenue: "gross" }));
    add(p("historicalLifetimeValue/zone-window"), () => api.historicalLifetimeValue(zoneBook(), { timeZone: d.zone, from: d.start, to: d.mid }));

    add(p("cohortEconomics/book-rate-horizons"), () => api.cohortEconomics(book(), { acquisitionCost: "12.50", marginRate: "0.4", horizons: [1, 3, 6] }));
    add(p("cohortEconomics/orders-map-total"), () => api.cohortEconomics(d.orders, { acquisitionCost: { "1997-01": "900", "1997-02": "450.75", "2001-01": "1" }, costBasis: "cohortTotal" }));
    add(p("cohortEconomics/accumulator"), () => api.cohortEconomics(acc(), { acquisitionCost: 10, asOf: d.end }));

    // Retention.
    add(p("customerRetentionRate/counts"), () => [
      api.customerRetentionRate({ customersAtStart: 50, customersAtEnd: 40, newCustomers: 1 }),
      api.customerRetentionRate({ customersAtStart: 0, customersAtEnd: 3, newCustomers: 3 }),
    ]);
    for (const [form, input] of [["orders", () => d.orders], ["book", book]] as const) {
      add(p(`customerRetentionRate/${form}`), () => api.customerRetentionRate(input(), { start: d.start, end: d.mid }));
    }
    add(p("customerRetentionRate/active-90"), () => api.customerRetentionRate(book(), { start: d.mid, end: d.end, activeWithinDays: 90 }));
    add(p("customerRetentionRate/zone"), () => api.customerRetentionRate(zoneBook(), { start: d.start, end: d.mid, timeZone: d.zone }));
    add(p("returningCustomerRate/book"), () => api.returningCustomerRate(book(), { baseTo: d.mid, returnFrom: d.mid, returnTo: d.end }));
    add(p("returningCustomerRate/orders-baseFrom"), () => api.returningCustomerRate(d.orders, { baseFrom: d.start, baseTo: d.mid, returnFrom: d.mid, returnTo: d.end }));
    add(p("returningCustomerRate/zone"), () => api.returningCustomerRate(zoneBook(), { baseTo: d.mid, returnFrom: d.mid, returnTo: d.end, timeZone: d.zone }));
    add(p("retentionSeries/book"), () => api.retentionSeries(book()));
    add(p("retentionSeries/orders"), () => api.retentionSeries(d.orders));
    add(p("retentionSeries/quarter-90"), () => api.retentionSeries(book(), { granularity: "quarter", activeWithinDays: 90, asOf: d.end }));
    add(p("retentionSeries/week-window"), () => api.retentionSeries(book(), { granularity: "week", from: d.start, to: d.mid }));
    add(p("retentionSeries/zone-day"), () => api.retentionSeries(zoneBook(), { granularity: "day", timeZone: d.zone, from: d.mid, to: d.end }));
    add(p("returningCustomerShare/book"), () => api.returningCustomerShare(book(), { from: d.mid }));
    add(p("returningCustomerShare/zone-window"), () => api.returningCustomerShare(zoneBook(), { from: d.start, to: d.mid, timeZone: d.zone }));
    add(p("repeatWithinPeriods/book"), () => api.repeatWithinPeriods(book()));
    add(p("repeatWithinPeriods/quarter-2-window"), () => api.repeatWithinPeriods(book(), { periods: 2, granularity: "quarter", from: d.start, to: d.mid }));
    add(p("timeToSecondPurchase/book"), () => api.timeToSecondPurchase(book()));
    add(p("timeToSecondPurchase/zone-quarter-window"), () => api.timeToSecondPurchase(zoneBook(), { granularity: "quarter", timeZone: d.zone, withinDays: [0, 7, 45], from: d.start, to: d.mid }));
    add(p("growthAccounting/book"), () => api.growthAccounting(book()));
    add(p("growthAccounting/orders-quarter-gross"), () => api.growthAccounting(d.orders, { granularity: "quarter", revenue: "gross" }));
    add(p("growthAccounting/accumulator"), () => api.growthAccounting(acc(), { asOf: d.end }));
    add(p("growthAccounting/zone-week-window"), () => api.growthAccounting(zoneBook(), { granularity: "week", timeZone: d.zone, from: d.mid, to: d.end }));

    // Customers.
    const summaries = lazy(() => api.customerSummaries(book(), { unit: "week", asOf: d.end }));
    for (const [form, input] of all) add(p(`customerSummaries/${form}`), () => api.customerSummaries(input()));
    add(p("customerSummaries/week-asOf"), () => summaries());
    add(p("customerSummaries/accumulator-week-asOf"), () => api.customerSummaries(acc(), { unit: "week", asOf: d.end }));
    add(p("customerSummaries/days-first-window"), () => api.customerSummaries(book(), { unit: 30.4375, includeFirstPurchase: true, from: d.start, to: d.mid, revenue: "gross" }));
    add(p("customerSummaries/zone"), () => api.customerSummaries(zoneBook(), { timeZone: d.zone }));
    add(p("rfmScores/book"), () => api.rfmScores(book()));
    add(p("rfmScores/orders"), () => api.rfmScores(d.orders));
    add(p("rfmScores/summaries-bins3"), () => api.rfmScores(summaries(), { bins: 3 }));
    add(p("rfmScores/segments-asOf"), () =>
      api.rfmScores(book(), {
        asOf: d.mid,
        bins: 4,
        segments: [
          { segment: "best", recency: [4, 4], frequency: [3, 4] },
          { segment: "rest", recency: [1, 4], frequency: [1, 4] },
        ],
      }),
    );
    add(p("customerStatus/book"), () => api.customerStatus(book()));
    add(p("customerStatus/orders"), () => api.customerStatus(d.orders));
    add(p("customerStatus/lapse3-asOf"), () => api.customerStatus(book(), { lapseFactor: 3, asOf: d.mid }));
    add(p("customerStatus/zone"), () => api.customerStatus(zoneBook(), { timeZone: d.zone }));
    add(p("calibrationHoldout/book"), () => api.calibrationHoldout(book(), { calibrationEnd: d.mid }));
    add(p("calibrationHoldout/orders-week"), () => api.calibrationHoldout(d.orders, { calibrationEnd: d.mid, observationEnd: d.end, unit: "week" }));
    add(p("calibrationHoldout/first-zone"), () => api.calibrationHoldout(zoneBook(), { calibrationEnd: d.mid, includeFirstPurchase: true, timeZone: d.zone, unit: 7 }));

    // Cohorts: granularities, windows, modes, segments, zones, on every form.
    const table = lazy(() => api.cohortTable(book(), { periods: 12 }));
    for (const [form, input] of all) add(p(`cohortTable/${form}`), () => api.cohortTable(input()));
    add(p("cohortTable/accumulator-week-zone"), () => api.cohortTable(weekAcc(), { periods: 10 }));
    add(p("cohortTable/month-12"), () => table());
    add(p("cohortTable/quarter-segment"), () => api.cohortTable(book(), { granularity: "quarter", segmentBy: "segment", asOf: d.end }));
    add(p("cohortTable/week-sunday-relative"), () => api.cohortTable(book(), { granularity: "week", weekStartsOn: 0, windows: "relative", periods: 20 }));
    add(p("cohortTable/day-windowDays-unbounded"), () => api.cohortTable(book(), { granularity: "day", windows: "relative", windowDays: 10, mode: "unbounded", periods: 30, from: d.start, to: d.mid }));
    add(p("cohortTable/year-unbounded-gross"), () => api.cohortTable(book(), { granularity: "year", mode: "unbounded", revenue: "gross" }));
    add(p("cohortTable/segmentBy-function-rank"), () =>
      api.cohortTable(book(), { periods: 6, rankPeriod: 3, segmentBy: (first) => (first.total.gt(30) ? "big" : "small") }),
    );
    add(p("cohortTable/zone-month"), () => api.cohortTable(zoneBook(), { timeZone: d.zone, periods: 8, asOf: d.mid }));
    add(p("cohortTable/byPeriod-segment"), () => api.cohortTable(book(), { mode: "byPeriod", periods: 12, segmentBy: "segment" }));
    add(p("cohortTable/consecutive-week-relative"), () => api.cohortTable(book(), { mode: "consecutive", granularity: "week", windows: "relative", periods: 20 }));
    add(p("cohortTable/byPeriod-accumulator"), () => api.cohortTable(acc(), { mode: "byPeriod" }));
    add(p("cohortTable/brackets-segment-base1"), () => api.cohortTable(book(), { mode: "brackets", brackets: [[2, 2], [3, 4], [5, 7], [8, 13]], periodIndexBase: 1, segmentBy: "segment" }));
    add(p("cohortTable/brackets-accumulator"), () => api.cohortTable(acc(), { mode: "brackets", brackets: [[1, 1], [2, 3], [4, 6], [7, 12]] }));

    // Models: the fits on the customer summaries, every prediction on them.
    const bg = lazy(() => api.fitBetaGeo(summaries()));
    const mbg = lazy(() => api.fitModifiedBetaGeo(summaries()));
    const pnbd = lazy(() => api.fitParetoNbd(summaries()));
    const spenders = lazy(() =>
      summaries()
        .customers.filter((c) => c.frequency > 0 && c.monetaryValue.gt(0))
        .map((c) => ({ customerId: c.customerId, frequency: c.frequency, monetaryValue: c.monetaryValue })),
    );
    const gg = lazy(() => api.fitGammaGamma(spenders()));
    const first = lazy(() => summaries().customers.slice(0, 500));
    add(p("fitBetaGeo/week"), () => bg());
    add(p("fitBetaGeo/day-penalized"), () => api.fitBetaGeo(api.customerSummaries(book(), { asOf: d.end }), { penalizer: 0.01 }));
    add(p("fitModifiedBetaGeo/week"), () => mbg());
    if (d.name !== "bench") add(p("fitParetoNbd/week"), () => pnbd());
    add(p("fitGammaGamma/spenders"), () => gg());
    add(p("fitGammaGamma/summaries-penalized"), () => api.fitGammaGamma(api.customerSummaries(book(), { asOf: d.end }), { penalizer: 0.1 }));
    // Pareto/NBD on the bench data: the fit does not finish (over 9 minutes even on 50 customers; reported in
    // issue 21's groundwork note), so the Pareto/NBD cases run on CDNOW only.
    const transactionModels = d.name === "bench" ? ([["bg", bg], ["mbg", mbg]] as const) : ([["bg", bg], ["mbg", mbg], ["pnbd", pnbd]] as const);
    for (const [m, model] of transactionModels) {
      add(p(`probabilityAlive/${m}`), () => api.probabilityAlive(model(), summaries()));
      add(p(`conditionalExpectedPurchases/${m}-26`), () => api.conditionalExpectedPurchases(model(), summaries(), 26));
      add(p(`expectedPurchases/${m}-52`), () => [api.expectedPurchases(model(), 52), api.expectedPurchases(model(), 12, { unit: 30.4375 })]);
      add(p(`purchaseCountProbability/${m}`), () => [0, 1, 2, 5].map((n) => api.purchaseCountProbability(model(), n, 52)));
      add(p(`conditionalPurchaseCountProbability/${m}`), () => [0, 2].map((n) => api.conditionalPurchaseCountProbability(model(), first(), n, 26)));
      add(p(`customerLogLikelihood/${m}`), () => api.customerLogLikelihood(model(), summaries()));
      add(p(`probabilityAlivePath/${m}`), () => api.probabilityAlivePath(model(), [0, 4, 9.5], { until: 40, steps: 8 }));
      add(p(`predictedLifetimeValue/${m}`), () => api.predictedLifetimeValue(model(), gg(), summaries(), { months: 12, discountRate: 0.01 }));
    }
    add(p("probabilityAlive/bg-records-unit"), () => api.probabilityAlive(bg(), first(), { unit: "week" }));
    // On the bench data the cases below did not finish within minutes either (not investigated yet): CDNOW only.
    if (d.name !== "bench") {

    add(p("predictedLifetimeValue/mbg-records-24"), () => api.predictedLifetimeValue(mbg(), gg(), first(), { unit: "week", months: 24 }));
    if (d.name !== "bench") add(p("conditionalExpectedPurchases/pnbd-records-unit"), () => api.conditionalExpectedPurchases(pnbd(), first(), 4, { unit: 30.4375 }));
    add(p("conditionalExpectedOrderValue/gg"), () => api.conditionalExpectedOrderValue(gg(), spenders()));
    add(p("conditionalExpectedOrderValue/summaries"), () => api.conditionalExpectedOrderValue(gg(), summaries()));
    if (d.name !== "bench") {
      add(p("expectedDiscountedTransactions/pnbd"), () => api.expectedDiscountedTransactions(pnbd(), summaries()));
      add(p("expectedDiscountedTransactions/pnbd-records-15"), () => api.expectedDiscountedTransactions(pnbd(), first(), { unit: "week", annualDiscountRate: 0.15 }));
    }
    }

    // Model checks (issue 18): on a calibration/holdout split of the same orders, MBG/NBD fitted on its calibration part.
    const split = lazy(() => api.calibrationHoldout(book(), { calibrationEnd: d.mid, observationEnd: d.end, unit: "week" }));
    const calModel = lazy(() => api.fitModifiedBetaGeo({ customers: split().calibrationCustomers, unit: "week" }));
    const check = lazy(() => api.modelCheck(calModel(), split(), { orders: book() }));
    add(p("modelCheck/mbg-orders"), () => check());
    add(p("periodTransactionsCheck/bg-summaries"), () => api.periodTransactionsCheck(bg(), summaries(), { maxFrequency: 10 }));
    add(p("holdoutCheck/mbg-3"), () => api.holdoutCheck(calModel(), split(), { maxFrequency: 3 }));
    add(p("trackingCheck/mbg-day"), () => api.trackingCheck(calModel(), d.orders, { calibrationEnd: d.mid, observationEnd: d.end, period: "day" }));
    add(p("frequencyRecencyMatrix/bg"), () => api.frequencyRecencyMatrix(bg(), { T: 52, t: 26, maxFrequency: 8, recencySteps: 10 }));
    add(p("trackingChart/mbg"), () => [api.trackingChart(check().tracking!), api.trackingChart(check().tracking!, { cumulative: false, width: 480, height: 240 })]);
    add(p("periodTransactionsChart/mbg"), () => api.periodTransactionsChart(check().periodTransactions));
    add(p("holdoutCheckChart/mbg"), () => api.holdoutCheckChart(check().holdout, { title: "Holdout <&>" }));
    add(p("frequencyRecencyHeatmap/mbg"), () => [api.frequencyRecencyHeatmap(check().frequencyRecency), api.frequencyRecencyHeatmap(check().frequencyRecency, { metric: "probabilityAlive", cellWidth: 10, cellHeight: 8 })]);

    // The score table (issue 18): records read out, its intervals (delta, seeded bootstrap) and its export.
    const scores = lazy(() => api.scoreCustomers(first(), { transactionModel: bg(), spendModel: gg(), unit: "week" }));
    add(p("scoreCustomers/bg-records"), () => scores());
    add(p("scoreCustomers/mbg-summaries-thresholds"), () => api.scoreCustomers(summaries(), { transactionModel: mbg(), spendModel: gg(), horizon: 6, tiers: [50, 10, 1] }));
    add(p("scoreIntervals/bg-delta"), () => api.scoreIntervals(first().slice(0, 100), { transactionModel: bg(), spendModel: gg(), unit: "week" }));
    add(p("scoreIntervals/bg-bootstrap"), () => api.scoreIntervals(first().slice(0, 50), { transactionModel: bg(), spendModel: gg(), unit: "week", method: "bootstrap", draws: 40, seed: 7 }));
    add(p("exportCustomerScores/csv-json"), () => [api.exportCustomerScores(scores()), api.exportCustomerScores(scores(), { format: "json", decimals: 4 })]);

    // Warehouse SQL (issue 22): the generated SQL of each metric in each dialect, and rows read back.
    for (const dialect of ["duckdb", "postgres", "clickhouse", "bigquery", "snowflake"] as const) {
      add(p(`toSql/${dialect}`), () => [
        api.toSql("summarize", { timeZone: d.zone }, { dialect, table: "orders" }),
        api.toSql("customerRetentionRate", { timeZone: d.zone, start: d.start, end: d.mid }, { dialect, table: { subquery: "SELECT * FROM raw_orders" }, partitionBy: "shop" }),
        api.toSql("returningCustomerRate", { timeZone: d.zone, baseTo: d.mid, returnFrom: d.mid, returnTo: d.end }, { dialect, table: "orders" }),
      ]);
    }
    add(p("fromSqlRows/returningCustomerRate"), () => api.fromSqlRows("returningCustomerRate", [{ base_customers: "4", returning_customers: "1", as_of_ms: "1719792000000" }], { baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" }));

    // Renderers: every result they know (tables, charts) and the generic fallback.
    const rendered: [string, () => unknown][] = [
      ["summarize", () => api.summarize(book())],
      ["summarize-zone", () => api.summarize(zoneBook(), { timeZone: d.zone, from: d.start, to: d.mid })],
      ["cohortTable", table],
      ["cohortTable-segment", () => api.cohortTable(book(), { granularity: "quarter", segmentBy: "segment" })],
      ["rfmScores", () => api.rfmScores(book())],
      ["customerSummaries", summaries],
      ["customerStatus", () => api.customerStatus(book())],
      ["historicalLifetimeValue", () => api.historicalLifetimeValue(book())],
      ["retentionSeries", () => api.retentionSeries(book(), { granularity: "quarter", activeWithinDays: 90 })],
      ["customerRetentionRate", () => api.customerRetentionRate(book(), { start: d.start, end: d.mid })],
      ["returningCustomerRate", () => api.returningCustomerRate(book(), { baseTo: d.mid, returnFrom: d.mid, returnTo: d.end })],
      ["calibrationHoldout", () => api.calibrationHoldout(book(), { calibrationEnd: d.mid })],
      ["fitModifiedBetaGeo", mbg],
      ["probabilityAlive", () => api.probabilityAlive(mbg(), summaries())],
      ["averageOrderValue", () => api.averageOrderValue(book())],
    ];
    for (const [what, result] of rendered) {
      add(p(`formatTable/${what}`), () => api.formatTable(result()));
      add(p(`toHtml/${what}`), () => api.toHtml(result()));
    }
    add(p("formatTable/summarize-maxRows-indent"), () => api.formatTable(summaries(), { maxRows: 5, indent: 4 }));
    add(p("toHtml/customerSummaries-maxRows"), () => api.toHtml(summaries(), { maxRows: 3 }));
    add(p("cohortHeatmap/month-12"), () => api.cohortHeatmap(table()));
    add(p("cohortHeatmap/options"), () => api.cohortHeatmap(table(), { title: "Cohorts <&>", scaleMax: 0.5, cellWidth: 30, cellHeight: 14, showValues: false }));
    add(p("cohortHeatmap/accumulator"), () => api.cohortHeatmap(api.cohortTable(acc())));
    add(p("retentionCurveChart/month-12"), () => api.retentionCurveChart(table()));
    add(p("retentionCurveChart/options"), () => api.retentionCurveChart(table(), { title: "Curves", width: 500, height: 300, fullScale: true }));
    add(p("growthAccountingChart/book"), () => api.growthAccountingChart(api.growthAccounting(book()), { width: 480, height: 240 }));
    add(p("lifetimeValueChart/historical"), () => api.lifetimeValueChart(api.historicalLifetimeValue(book())));
    add(p("lifetimeValueChart/cohortTable-options"), () => api.lifetimeValueChart(table(), { title: "LTV", width: 480, height: 240 }));

    // Errors: the grammar of a few typical mistakes, on each entry path.
    const bad = [...d.orders.slice(0, 10), { orderId: "bad", customerId: "x", placedAt: "not a date", total: "1" }];
    add(p("errors/prepareOrders-bad-date"), () => api.prepareOrders(bad));
    add(p("errors/accumulator-bad-date"), () => api.createAccumulator().addAll(bad));
    add(p("errors/prepareOrders-duplicate"), () => api.prepareOrders([...d.orders.slice(0, 5), d.orders[2]!]));
    add(p("errors/summarize-bad-zone"), () => api.summarize(book(), { timeZone: "Mars/Olympus" }));
    add(p("errors/cohortTable-bad-granularity"), () => api.cohortTable(book(), { granularity: "fortnight" as "week" }));
    add(p("errors/cohortTable-accumulator-granularity"), () => api.cohortTable(acc(), { granularity: "week" }));
  }

  // Surveys and the BG/BB model (their inputs are not orders; computed once).
  add("surveys/netPromoterScore", () => [api.netPromoterScore([9, 10, 7, 6, 0, 10, 8]), api.netPromoterScore([])]);
  add("surveys/customerSatisfactionScore", () => [
    api.customerSatisfactionScore([5, 4, 3, 4, 1, 5]),
    api.customerSatisfactionScore([7, 6, 1, 2], { scale: 7 }),
    api.customerSatisfactionScore([]),
  ]);
  add("errors/netPromoterScore-bad-score", () => api.netPromoterScore([9, 11]));
  const bgbb = lazy(() => api.fitBetaGeoBetaBinom(donations()));
  add("donations/fitBetaGeoBetaBinom", () => bgbb());
  add("donations/probabilityAlive", () => api.probabilityAlive(bgbb(), donations()));
  add("donations/conditionalExpectedPurchases-5", () => api.conditionalExpectedPurchases(bgbb(), donations(), 5));
  add("donations/expectedPurchases", () => [1, 3, 10].map((n) => api.expectedPurchases(bgbb(), n)));
  add("donations/purchaseCountProbability", () => [0, 1, 3].map((n) => api.purchaseCountProbability(bgbb(), n, 6)));
  add("donations/conditionalPurchaseCountProbability", () => [0, 1].map((n) => api.conditionalPurchaseCountProbability(bgbb(), donations(), n, 3)));
  add("donations/customerLogLikelihood", () => api.customerLogLikelihood(bgbb(), donations()));
  // The sBG model (issue 18) on Fader & Hardie's (2007) survivor counts (its input is survivor counts, not orders).
  const regular = [1000, 631, 468, 382, 326, 289, 262, 241];
  const highEnd = [1000, 869, 743, 653, 593, 551, 517, 491];
  const sbg = lazy(() => api.fitShiftedBetaGeometric(highEnd));
  add("subscriptions/fitShiftedBetaGeometric-regular", () => api.fitShiftedBetaGeometric(regular));
  add("subscriptions/fitShiftedBetaGeometric-high-end", () => sbg());
  add("subscriptions/fitShiftedBetaGeometric-cohorts", () => api.fitShiftedBetaGeometric([regular, regular.slice(0, 5), [500, 310, 240]], { penalizer: 0.01 }));
  add("subscriptions/projectedRetention-12", () => api.projectedRetention(sbg(), 12));
  add("subscriptions/discountedExpectedResidualLifetime", () => [0, 4, 7].map((renewals) => api.discountedExpectedResidualLifetime(sbg(), 0.1, { renewals })));
  add("subscriptions/discountedExpectedResidualLifetime-undiscounted", () => api.discountedExpectedResidualLifetime(sbg(), 0));
  add("errors/fitShiftedBetaGeometric-increasing", () => api.fitShiftedBetaGeometric([[1000, 631, 468], [500, 320, 330]]));
  // Readers and the report (issue 16), on the Shopify export fixture (not a data set of `which`).
  const shopifyCsv = lazy(() => readFileSync(new URL("../test/fixtures/exports/shopify_orders.csv", import.meta.url), "utf8"));
  add("exports/readOrders-shopify", () => api.readOrders(shopifyCsv(), { format: "shopify", segment: "Source" }));
  add("exports/readOrderBook-shopify", () => {
    const { book, ledger } = api.readOrderBook(shopifyCsv(), { format: "shopify", segment: "Source", timeZone: "Europe/Prague" });
    return { summary: api.summarize(book), ledger };
  });
  add("exports/retentionReport", () => api.retentionReport(api.prepareOrders(api.readOrders(shopifyCsv(), { format: "shopify", segment: "Source" }).orders, { timeZone: "Europe/Prague" })));
  return { cases, called };
}

/** Runs one case to its canonical JSON text. */
export function runCase(c: SnapshotCase): string {
  let value: unknown;
  try {
    value = c.run();
  } catch (e) {
    value = thrown(e);
  }
  try {
    return canonicalJson(value);
  } catch (e) {
    // Reading a lazy field may throw too.
    return canonicalJson(thrown(e));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Comparing

/** The JSON path of the first difference between two JSON texts (or of the first differing line). */
export function firstDifference(expected: string, actual: string): string {
  let a: unknown;
  let b: unknown;
  try {
    a = JSON.parse(expected);
    b = JSON.parse(actual);
  } catch {
    const e = expected.split("\n");
    const g = actual.split("\n");
    const i = e.findIndex((line, k) => line !== g[k]);
    return `line ${(i < 0 ? e.length : i) + 1}`;
  }
  const walk = (x: unknown, y: unknown, path: string): string | null => {
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) {
      return JSON.stringify(x) === JSON.stringify(y) ? null : `${path}: expected ${clip(x)}, got ${clip(y)}`;
    }
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    for (let i = 0; i < Math.max(kx.length, ky.length); i++) {
      if (kx[i] !== ky[i]) return `${path}: key #${i} expected ${String(kx[i])}, got ${String(ky[i])}`;
      const k = kx[i] as string;
      const sub = Array.isArray(x) ? `${path}[${k}]` : `${path}.${k}`;
      const r = walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], sub);
      if (r !== null) return r;
    }
    return null;
  };
  return walk(a, b, "$") ?? "formatting only (same JSON value, different text)";
}

const clip = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

function listJson(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.name.endsWith(".json")) out.push(relative(dir, full).split(sep).join("/").slice(0, -".json".length));
    }
  };
  visit(dir);
  return out.sort();
}

/** Writes every case under `dir` (and removes stale `.json` case files there); returns the number of cases. */
export function writeSnapshot(dir: string, which?: readonly string[], times: [number, string][] = []): { cases: number; thrown: number; called: Set<string> } {
  const { cases, called } = snapshotCases(which);
  const names = new Set(cases.map((c) => c.name));
  for (const stale of listJson(dir)) if (!names.has(stale)) rmSync(join(dir, `${stale}.json`));
  let errors = 0;
  for (const c of cases) {
    const t = performance.now();
    const text = runCase(c);
    times.push([performance.now() - t, c.name]);
    if (text.startsWith('{"thrown"')) errors++;
    const file = join(dir, `${c.name}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { cases: cases.length, thrown: errors, called };
}

/**
 * Recomputes every case and compares it with `dir`; returns the differences (empty when identical). `computed`, when
 * given, keeps each case's text by name: a case found there is not computed again, and one computed is added (the
 * unit test compares one computation with a changed directory twice, without computing every case a third time).
 */
export function checkSnapshot(dir: string, which?: readonly string[], computed?: Map<string, string>): string[] {
  const { cases } = snapshotCases(which);
  const problems: string[] = [];
  const stored = new Set(listJson(dir).filter((n) => which === undefined || cases.some((c) => c.name === n) || which.some((w) => n.startsWith(`${w}/`))));
  for (const c of cases) {
    const actual = computed?.get(c.name) ?? runCase(c);
    computed?.set(c.name, actual);
    let expected: string;
    try {
      expected = readFileSync(join(dir, `${c.name}.json`), "utf8");
    } catch {
      problems.push(`${c.name}: missing in ${dir}`);
      continue;
    }
    stored.delete(c.name);
    if (expected !== actual) problems.push(`${c.name}: ${firstDifference(expected, actual)}`);
  }
  for (const extra of stored) problems.push(`${extra}: in ${dir} but no longer computed`);
  return problems;
}

function main(argv: readonly string[]): number {
  let out = ".scratch/outputs";
  let check: string | null = null;
  let which: string[] | undefined;
  let showTimes = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") out = argv[++i] ?? out;
    else if (a === "--check") check = argv[++i] ?? out;
    else if (a === "--times") showTimes = true;
    else if (a === "--datasets") which = (argv[++i] ?? "").split(",").filter((s) => s !== "");
    else {
      console.error(`outputs-snapshot: unknown argument ${String(a)}. Usage: [--out DIR | --check DIR] [--datasets cdnow,bench] [--times]`);
      return 2;
    }
  }
  const t0 = performance.now();
  if (check !== null) {
    const problems = checkSnapshot(check, which);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    if (problems.length === 0) {
      console.log(`outputs-snapshot: every case identical to ${check} (${s} s)`);
      return 0;
    }
    console.error(`outputs-snapshot: ${problems.length} case(s) differ from ${check} (${s} s); first: ${problems[0]}`);
    for (const p of problems.slice(1, 20)) console.error(`  ${p}`);
    return 1;
  }
  const times: [number, string][] = [];
  const r = writeSnapshot(out, which, times);
  if (showTimes) for (const [ms, name] of times.sort((x, y) => y[0] - x[0]).slice(0, 25)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${name}`);
  const uncovered = Object.keys(realApi).filter((n) => !r.called.has(n) && !(n in NOT_CALLED));
  console.log(`outputs-snapshot: ${r.cases} cases (${r.thrown} of them errors) written to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (uncovered.length > 0) console.error(`outputs-snapshot: exports no case calls: ${uncovered.join(", ")}`);
  return uncovered.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
