// Every export of src/index.ts, classified, with a small call of each function: shared by the result naming rule
// (test/exports.naming.test.ts, R1-R4) and the plain-data rule (test/plainResults.test.ts, R5), so that an
// export added to one is seen by both.
import * as api from "../../src/index.js";
import type { Order, OrdersInput } from "../../src/index.js";
import { cdnowSpend, cdnowSummary, cdnowWeeks, customer1, donations } from "../models/fixtures.js";

export const orders: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "20", segment: "ads" },
  { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "30", segment: "ads" },
  { orderId: "3", customerId: "bob", placedAt: "2023-06-20", total: "10", segment: "mail" },
  { orderId: "4", customerId: "cy", placedAt: "2024-02-05", total: "40" },
  { orderId: "5", customerId: "cy", placedAt: "2024-03-31", total: "5" },
];
export const asOf = { asOf: "2024-03-31", timeZone: "UTC" } as const;

/**
 * The forms of order input a metric reads, each holding the orders above (`big`: the same days with totals
 * whose sums leave the safe-integer range, so the BigInt paths run).
 */
export const SOURCES = {
  array: (): OrdersInput => orders,
  book: (): OrdersInput => api.prepareOrders(orders),
  columns: (): OrdersInput =>
    api.prepareOrderColumns(
      {
        orderId: orders.map((o) => String(o.orderId)),
        customerId: orders.map((o) => String(o.customerId)),
        placedAt: orders.map((o) => o.placedAt as string),
        total: orders.map((o) => Number(o.total) * 100),
        segment: orders.map((o) => o.segment ?? null),
      },
      { scale: 2 },
    ),
  accumulator: (): OrdersInput => api.createAccumulator().addAll(orders),
  big: (): OrdersInput => orders.map((o) => ({ ...o, total: "999999999999999" })),
} as const;
export type Source = keyof typeof SOURCES;
/** Every source; the accumulator is read by the order KPIs, customerSummaries, cohortTable and historicalLifetimeValue. */
export const ALL_SOURCES: readonly Source[] = ["array", "book", "columns", "accumulator", "big"];
/** The sources of a function that refuses an accumulator. */
export const BOOK_SOURCES: readonly Source[] = ["array", "book", "columns", "big"];

/** A list of records under a plural name; `key` is each record's first field. */
export interface Rows {
  field: string;
  key: string;
  /** Each record carries the function's value under this name (R3 for per-period values and predictions). */
  valueField?: string;
}

/**
 * One row of the table. `call` gives the function's result on the orders above (or on `input`, one of
 * `sources`, for a function that reads orders); `more` gives its other forms (another kind of argument).
 */
export type Entry =
  /** R1: one headline value under the function's own name. `call` gives one result per form of the function. */
  | { kind: "headline"; call: (input?: OrdersInput) => object[]; sources?: readonly Source[] }
  /** R2: several headline values, each under the name of the single function that computes it. */
  | { kind: "bundle"; call: (input?: OrdersInput) => object; sources: readonly Source[]; headlines: { name: string; single: () => object }[] }
  /** R3: one record per entity under the plural noun of the entity. */
  | { kind: "rows"; call: (input?: OrdersInput) => object; sources: readonly Source[]; rows: Rows[]; more?: () => object[] }
  /** R4: a fitted model (shape asserted in test/models/shapes.test.ts). `call` gives one fit per form of input. */
  | { kind: "model fit"; call: () => object[] }
  /** R3: records keyed by customer, input order, with totals (shape asserted in test/models/shapes.test.ts). */
  | { kind: "per-customer prediction"; call: () => object[] }
  /** A number of a fitted model for a customer with no history yet (not per customer). */
  | { kind: "model quantity"; call: () => object[] }
  /** R3: one customer's value over time, one record per point (shape asserted in test/models/shapes.test.ts). */
  | { kind: "model path"; call: () => object[] }
  /** R3: a table of several predictions per customer, keyed by customer, with totals (shape asserted in test/models/shapes.test.ts). */
  | { kind: "score table"; call: () => object[] }
  /** Exempt: returns a string (SVG, HTML or text). */
  | { kind: "renderer"; call: () => unknown }
  /** Exempt: builds or holds the orders (books, accumulators). */
  | { kind: "input" }
  | { kind: "error class" }
  | { kind: "constant" };

/** The CDNOW fits the predictions use, made on first use (about a second). */
let fitted: { bgnbd: api.FitBetaGeoResult; pnbd: api.FitParetoNbdResult; bgbb: api.FitBetaGeoBetaBinomResult; gg: api.FitGammaGammaResult } | null = null;
function models(): NonNullable<typeof fitted> {
  fitted ??= {
    bgnbd: api.fitBetaGeo(cdnowWeeks),
    pnbd: api.fitParetoNbd(cdnowWeeks),
    bgbb: api.fitBetaGeoBetaBinom(donations),
    gg: api.fitGammaGamma(cdnowSpend),
  };
  return fitted;
}
/** The high-end sBG fit of Fader & Hardie (2007). */
const SBG = { kind: "sBG", params: { alpha: 0.668, beta: 3.806 } } as const;
/** Customers to predict for, as records and as a customerSummaries result (in weeks, the fits' unit). */
const c1 = { customerId: "1", ...customer1, monetaryValue: 22.35 };
const weekly = (): api.CustomerSummariesResult => api.customerSummaries(orders, { ...asOf, unit: "week" });

/** The CDNOW BG/NBD parameters of the paper (no fit needed), and a small split of the orders above, for the model checks. */
const CHECK_MODEL = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" } as const;
const checkSplit = (): api.CalibrationHoldoutResult => api.calibrationHoldout(orders, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-31", timeZone: "UTC", unit: "week" });

export const table: Record<string, Entry> = {
  // core
  OrderBook: { kind: "input" },
  RetentionMetricsError: { kind: "error class" },
  prepareOrders: { kind: "input" },
  prepareOrderColumns: { kind: "input" },
  // stream
  OrderAccumulator: { kind: "input" },
  createAccumulator: { kind: "input" },
  accumulatorFromJSON: { kind: "input" },
  // readers: text in, orders out (an input); the ledger's plain-data check is in test/readers/readOrders.test.ts
  readOrders: { kind: "input" },
  readOrderBook: { kind: "input" },
  mergeAccumulators: { kind: "input" },
  // sql: toSql gives a query (the orders stay in the warehouse), fromSqlRows gives the metric's own result type, whose
  // shape is the in-process function's (field-for-field equality: test/warehouse/sqlEquality.test.ts)
  toSql: { kind: "input" },
  fromSqlRows: { kind: "input" },
  // orders
  averageOrderValue: { kind: "headline", call: (o = orders) => [api.averageOrderValue(o)], sources: ALL_SOURCES },
  purchaseFrequency: { kind: "headline", call: (o = orders) => [api.purchaseFrequency(o)], sources: ALL_SOURCES },
  customerValue: { kind: "headline", call: (o = orders) => [api.customerValue(o)], sources: ALL_SOURCES },
  repeatCustomerRate: { kind: "headline", call: (o = orders) => [api.repeatCustomerRate(o)], sources: ALL_SOURCES },
  summarize: {
    kind: "bundle",
    call: (o = orders) => api.summarize(o),
    sources: ALL_SOURCES,
    headlines: [
      { name: "averageOrderValue", single: () => api.averageOrderValue(orders) },
      { name: "purchaseFrequency", single: () => api.purchaseFrequency(orders) },
      { name: "customerValue", single: () => api.customerValue(orders) },
      { name: "repeatCustomerRate", single: () => api.repeatCustomerRate(orders) },
    ],
  },
  // value
  customerLifetimeValue: {
    kind: "headline",
    call: () => [
      api.customerLifetimeValue({ customerValue: "200", lifespan: 3 }),
      api.customerLifetimeValue({ averageOrderValue: "50", purchaseFrequency: 4, lifespan: 3, margin: 0.3 }),
    ],
  },
  discountedLifetimeValue: {
    kind: "headline",
    call: () => [api.discountedLifetimeValue({ margin: "100", retentionRate: 0.8, discountRate: 0.1 })],
  },
  retentionImpact: {
    kind: "headline",
    call: () => [api.retentionImpact({ margin: "100", retentionRate: 0.75, discountRate: 0.1, uplift: 0.05 })],
  },
  cohortEconomics: {
    kind: "rows",
    call: (o = orders) => api.cohortEconomics(o, { acquisitionCost: "15", marginRate: "0.5", ...asOf }),
    sources: ALL_SOURCES,
    rows: [{ field: "cohorts", key: "label" }],
  },
  historicalLifetimeValue: {
    kind: "rows",
    call: (o = orders) => api.historicalLifetimeValue(o, asOf),
    sources: ALL_SOURCES,
    rows: [{ field: "periods", key: "period", valueField: "historicalLifetimeValue" }],
  },
  // retention
  customerRetentionRate: {
    kind: "headline",
    call: (o = orders) => [
      api.customerRetentionRate({ customersAtStart: 50, customersAtEnd: 40, newCustomers: 1 }),
      api.customerRetentionRate(o, { start: "2024-01-01", end: "2024-03-01", ...asOf }),
    ],
    sources: BOOK_SOURCES,
  },
  returningCustomerRate: {
    kind: "headline",
    call: (o = orders) => [api.returningCustomerRate(o, { baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-04-01", ...asOf })],
    sources: BOOK_SOURCES,
  },
  retentionSeries: {
    kind: "rows",
    call: (o = orders) => api.retentionSeries(o, { activeWithinDays: 60, ...asOf }),
    sources: BOOK_SOURCES,
    rows: [{ field: "periods", key: "label" }],
  },
  returningCustomerShare: {
    kind: "headline",
    call: (o = orders) => [api.returningCustomerShare(o, { from: "2024-02-01", to: "2024-03-01", ...asOf })],
    sources: BOOK_SOURCES,
  },
  repeatWithinPeriods: {
    kind: "headline",
    call: (o = orders) => [api.repeatWithinPeriods(o, { periods: 1, ...asOf }), api.repeatWithinPeriods([], asOf)],
    sources: BOOK_SOURCES,
  },
  timeToSecondPurchase: {
    kind: "rows",
    call: (o = orders) => api.timeToSecondPurchase(o, asOf),
    sources: BOOK_SOURCES,
    rows: [{ field: "cohorts", key: "label" }],
  },
  growthAccounting: {
    kind: "rows",
    call: (o = orders) => api.growthAccounting(o, asOf),
    sources: ALL_SOURCES,
    rows: [{ field: "periods", key: "label" }],
  },
  // surveys
  netPromoterScore: { kind: "headline", call: () => [api.netPromoterScore([9, 10, 7, 6]), api.netPromoterScore([])] },
  customerSatisfactionScore: { kind: "headline", call: () => [api.customerSatisfactionScore([5, 4, 3]), api.customerSatisfactionScore([])] },
  // customers
  customerSummaries: {
    kind: "rows",
    call: (o = orders) => api.customerSummaries(o, asOf),
    sources: ALL_SOURCES,
    rows: [{ field: "customers", key: "customerId" }],
  },
  calibrationHoldout: {
    kind: "rows",
    call: (o = orders) => api.calibrationHoldout(o, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-31", timeZone: "UTC" }),
    sources: BOOK_SOURCES,
    rows: [
      { field: "calibrationCustomers", key: "customerId" },
      { field: "holdoutCustomers", key: "customerId" },
      { field: "newHoldoutCustomers", key: "customerId" },
    ],
  },
  rfmScores: {
    kind: "rows",
    call: (o = orders) => api.rfmScores(o, asOf),
    sources: BOOK_SOURCES,
    rows: [
      { field: "customers", key: "customerId" },
      { field: "segments", key: "segment" },
    ],
    more: () => [api.rfmScores(api.customerSummaries(orders, asOf)), api.rfmScores(api.customerSummaries(api.createAccumulator().addAll(orders), asOf))],
  },
  customerStatus: {
    kind: "rows",
    call: (o = orders) => api.customerStatus(o, asOf),
    sources: BOOK_SOURCES,
    rows: [{ field: "customers", key: "customerId" }],
  },
  DEFAULT_RFM_SEGMENTS: { kind: "constant" },
  // cohorts: `average` is the wrapper's total (one record per period, over all cohorts)
  cohortTable: {
    kind: "rows",
    call: (o = orders) => api.cohortTable(o, { ...asOf, segmentBy: "segment" }),
    sources: ALL_SOURCES,
    rows: [
      { field: "cohorts", key: "label" },
      { field: "average", key: "period" },
      { field: "segments", key: "segment" },
    ],
    more: () => [api.cohortTable(orders, { ...asOf, mode: "unbounded", windows: "relative", windowDays: 30 }), api.cohortTable(orders, { ...asOf, granularity: "week" })],
  },
  // models: fits on CDNOW (records with a unit option, and the { customers, unit } form)
  fitBetaGeo: { kind: "model fit", call: () => [api.fitBetaGeo(cdnowWeeks), api.fitBetaGeo(cdnowSummary, { unit: "week" })] },
  fitModifiedBetaGeo: { kind: "model fit", call: () => [api.fitModifiedBetaGeo(cdnowWeeks), api.fitModifiedBetaGeo(cdnowSummary, { unit: "week" })] },
  fitParetoNbd: { kind: "model fit", call: () => [api.fitParetoNbd(cdnowWeeks), api.fitParetoNbd(cdnowSummary, { unit: "week" })] },
  fitBetaGeoBetaBinom: { kind: "model fit", call: () => [models().bgbb] },
  fitGammaGamma: { kind: "model fit", call: () => [models().gg, api.fitGammaGamma({ customers: cdnowSpend })] },
  // per-customer predictions: on records and on a customerSummaries result
  predictedLifetimeValue: {
    kind: "per-customer prediction",
    call: () => [api.predictedLifetimeValue(models().bgnbd, models().gg, [c1]), api.predictedLifetimeValue(models().bgnbd, models().gg, weekly())],
  },
  probabilityAlive: {
    kind: "per-customer prediction",
    call: () => [api.probabilityAlive(models().bgnbd, [c1]), api.probabilityAlive(models().bgnbd, weekly())],
  },
  conditionalExpectedPurchases: {
    kind: "per-customer prediction",
    call: () => [api.conditionalExpectedPurchases(models().pnbd, [c1], 39), api.conditionalExpectedPurchases(models().pnbd, weekly(), 39)],
  },
  conditionalPurchaseCountProbability: {
    kind: "per-customer prediction",
    call: () => [api.conditionalPurchaseCountProbability(models().bgnbd, [c1], 0, 39), api.conditionalPurchaseCountProbability(models().pnbd, weekly(), 1, 39)],
  },
  customerLogLikelihood: {
    kind: "per-customer prediction",
    call: () => [api.customerLogLikelihood(models().bgnbd, [c1]), api.customerLogLikelihood(models().pnbd, weekly())],
  },
  conditionalExpectedOrderValue: {
    kind: "per-customer prediction",
    call: () => [api.conditionalExpectedOrderValue(models().gg, [c1]), api.conditionalExpectedOrderValue(models().gg, weekly())],
  },
  expectedDiscountedTransactions: {
    kind: "per-customer prediction",
    call: () => [api.expectedDiscountedTransactions(models().pnbd, [c1]), api.expectedDiscountedTransactions(models().pnbd, weekly())],
  },
  fitShiftedBetaGeometric: { kind: "model fit", call: () => [api.fitShiftedBetaGeometric([1000, 631, 468, 382, 326, 289, 262, 241]), api.fitShiftedBetaGeometric([[1000, 631, 468], [500, 320]])] },
  projectedRetention: {
    kind: "rows",
    call: () => api.projectedRetention(SBG, 5),
    sources: [],
    rows: [{ field: "periods", key: "period", valueField: "projectedRetention" }],
    more: () => [api.projectedRetention(SBG, 5)],
  },
  discountedExpectedResidualLifetime: {
    kind: "headline",
    call: () => [api.discountedExpectedResidualLifetime(SBG, 0.1), api.discountedExpectedResidualLifetime(SBG, 0, { renewals: 2 })],
  },
  expectedPurchases: { kind: "model quantity", call: () => [api.expectedPurchases(models().bgbb, 3), api.expectedPurchases(models().bgnbd, 39)] },
  purchaseCountProbability: { kind: "model quantity", call: () => [api.purchaseCountProbability(models().bgnbd, 1, 39)] },
  probabilityAlivePath: {
    kind: "model path",
    call: () => [api.probabilityAlivePath(models().bgnbd, [0, 10, 30.43], { until: 60, steps: 6 }), api.probabilityAlivePath(models().bgbb, [0, 1, 3], { until: 5 })],
  },
  // model checks (issue 18): records per bin, group, customer, period and frequency (R3)
  periodTransactionsCheck: {
    kind: "rows",
    call: () => api.periodTransactionsCheck(CHECK_MODEL, [c1]),
    sources: [],
    rows: [{ field: "bins", key: "frequency" }],
    more: () => [api.periodTransactionsCheck(CHECK_MODEL, weekly()), api.periodTransactionsCheck(models().bgbb, donations)],
  },
  holdoutCheck: {
    kind: "rows",
    call: () => api.holdoutCheck(CHECK_MODEL, checkSplit()),
    sources: [],
    rows: [
      { field: "groups", key: "frequency" },
      { field: "customers", key: "customerId" },
    ],
    more: () => [api.holdoutCheck(CHECK_MODEL, checkSplit(), { maxFrequency: 2 })],
  },
  trackingCheck: {
    kind: "rows",
    call: (o = orders) => api.trackingCheck(CHECK_MODEL, o, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-31", timeZone: "UTC" }),
    sources: BOOK_SOURCES,
    rows: [{ field: "periods", key: "period" }],
  },
  frequencyRecencyMatrix: {
    kind: "rows",
    call: () => api.frequencyRecencyMatrix(CHECK_MODEL, { T: 39, maxFrequency: 3, recencySteps: 3 }),
    sources: [],
    rows: [{ field: "frequencies", key: "frequency" }],
    more: () => [api.frequencyRecencyMatrix(CHECK_MODEL, { T: 39 }), api.frequencyRecencyMatrix(models().bgbb, { T: 6 })],
  },
  modelCheck: {
    kind: "rows",
    call: () => api.modelCheck(CHECK_MODEL, checkSplit(), { orders }).holdout,
    sources: [],
    rows: [{ field: "groups", key: "frequency" }],
    more: () => [api.modelCheck(CHECK_MODEL, checkSplit(), { orders })],
  },
  // the score table: records built on their first read (read here, so that the result is checked as it is then)
  scoreCustomers: {
    kind: "score table",
    call: () => [api.scoreCustomers([c1], { transactionModel: models().bgnbd, spendModel: models().gg }), api.scoreCustomers(weekly(), { transactionModel: models().pnbd, spendModel: models().gg, tiers: [10, 1] })].map((r) => {
      void r.customers;
      return r;
    }),
  },
  scoreIntervals: {
    kind: "score table",
    call: () => [
      api.scoreIntervals([c1], { transactionModel: models().bgnbd, spendModel: models().gg }),
      api.scoreIntervals(weekly(), { transactionModel: models().pnbd, spendModel: models().gg, method: "bootstrap", draws: 20 }),
    ],
  },
  exportCustomerScores: { kind: "renderer", call: () => api.exportCustomerScores(api.scoreCustomers([c1], { transactionModel: models().bgnbd, spendModel: models().gg })) },
  // render: renderers return strings and are exempt from R1-R5
  cohortHeatmap: { kind: "renderer", call: () => api.cohortHeatmap(api.cohortTable(orders, asOf)) },
  retentionCurveChart: { kind: "renderer", call: () => api.retentionCurveChart(api.cohortTable(orders, asOf)) },
  lifetimeValueChart: { kind: "renderer", call: () => api.lifetimeValueChart(api.historicalLifetimeValue(orders, asOf)) },
  growthAccountingChart: { kind: "renderer", call: () => api.growthAccountingChart(api.growthAccounting(orders, asOf)) },
  trackingChart: { kind: "renderer", call: () => api.trackingChart(api.trackingCheck(CHECK_MODEL, orders, { calibrationEnd: "2024-01-31", timeZone: "UTC" })) },
  periodTransactionsChart: { kind: "renderer", call: () => api.periodTransactionsChart(api.periodTransactionsCheck(CHECK_MODEL, [c1])) },
  holdoutCheckChart: { kind: "renderer", call: () => api.holdoutCheckChart(api.holdoutCheck(CHECK_MODEL, checkSplit())) },
  frequencyRecencyHeatmap: { kind: "renderer", call: () => api.frequencyRecencyHeatmap(api.frequencyRecencyMatrix(CHECK_MODEL, { T: 39 })) },
  formatTable: { kind: "renderer", call: () => api.formatTable(api.summarize(orders)) },
  toHtml: { kind: "renderer", call: () => api.toHtml(api.summarize(orders)) },
  retentionReport: { kind: "renderer", call: () => api.retentionReport(orders, asOf) },
};

/**
 * Every result of the table, grouped by call: for each function that returns one, its forms on each of its sources
 * (`label` names the function and the source, or "more" for its other kinds of argument). Each `make` call
 * computes fresh results.
 */
export function publicResults(): { label: string; name: string; make: () => object[] }[] {
  const out: { label: string; name: string; make: () => object[] }[] = [];
  for (const [name, e] of Object.entries(table)) {
    if (e.kind === "headline" || e.kind === "bundle" || e.kind === "rows") {
      for (const source of e.sources ?? [null]) {
        const input = (): OrdersInput | undefined => (source === null ? undefined : SOURCES[source]());
        out.push({ label: `${name} (${source ?? "input"})`, name, make: () => (e.kind === "headline" ? e.call(input()) : [e.call(input())]) });
      }
      if (e.kind === "rows" && e.more !== undefined) out.push({ label: `${name} (more)`, name, make: e.more });
    } else if (e.kind === "model fit" || e.kind === "per-customer prediction" || e.kind === "model quantity" || e.kind === "model path" || e.kind === "score table") {
      out.push({ label: name, name, make: e.call });
    }
  }
  return out;
}
