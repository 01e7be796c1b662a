// The result naming rule (CONTRIBUTING.md, "Result shapes") over every export of src/index.ts.
// Every export is classified below; an export missing from the table fails the test, and so does a stale entry.
import Decimal from "decimal.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import type { Order } from "../src/index.js";

const orders: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "20", segment: "ads" },
  { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "30", segment: "ads" },
  { orderId: "3", customerId: "bob", placedAt: "2023-06-20", total: "10", segment: "mail" },
  { orderId: "4", customerId: "cy", placedAt: "2024-02-05", total: "40" },
  { orderId: "5", customerId: "cy", placedAt: "2024-03-31", total: "5" },
];
const asOf = { asOf: "2024-03-31", timeZone: "UTC" } as const;

/** A list of records under a plural name; `key` is each record's first field. */
interface Rows {
  field: string;
  key: string;
  /** Each record carries the function's value under this name (R3 for per-period values and predictions). */
  valueField?: string;
}

type Entry =
  /** R1: one headline value under the function's own name. `call` gives one result per form of the function. */
  | { kind: "headline"; call: () => object[] }
  /** R2: several headline values, each under the name of the single function that computes it. */
  | { kind: "bundle"; call: () => object; headlines: { name: string; single: () => object }[] }
  /** R3: one record per entity under the plural noun of the entity. */
  | { kind: "rows"; call: () => object; rows: Rows[] }
  /** R4: a fitted model (shape asserted by the models helper, see MODELS_TODO). */
  | { kind: "model fit" }
  /** R3: records keyed by customer, input order, with totals (shape asserted by the models helper). */
  | { kind: "per-customer prediction" }
  /** A number of a fitted model for a customer with no history yet (not per customer). */
  | { kind: "model quantity" }
  /** Exempt: returns a string (SVG, HTML or text). */
  | { kind: "renderer"; call: () => unknown }
  /** Exempt: builds or holds the orders (books, accumulators). */
  | { kind: "input" }
  | { kind: "error class" }
  | { kind: "constant" };

const table: Record<string, Entry> = {
  // core
  OrderBook: { kind: "input" },
  RetentionMetricsError: { kind: "error class" },
  prepareOrders: { kind: "input" },
  prepareOrderColumns: { kind: "input" },
  // stream
  OrderAccumulator: { kind: "input" },
  createAccumulator: { kind: "input" },
  accumulatorFromJSON: { kind: "input" },
  mergeAccumulators: { kind: "input" },
  // orders
  averageOrderValue: { kind: "headline", call: () => [api.averageOrderValue(orders)] },
  purchaseFrequency: { kind: "headline", call: () => [api.purchaseFrequency(orders)] },
  customerValue: { kind: "headline", call: () => [api.customerValue(orders)] },
  repeatCustomerRate: { kind: "headline", call: () => [api.repeatCustomerRate(orders)] },
  summarize: {
    kind: "bundle",
    call: () => api.summarize(orders),
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
  historicalLifetimeValue: {
    kind: "rows",
    call: () => api.historicalLifetimeValue(orders, asOf),
    rows: [{ field: "periods", key: "period", valueField: "historicalLifetimeValue" }],
  },
  // retention
  customerRetentionRate: {
    kind: "headline",
    call: () => [
      api.customerRetentionRate({ customersAtStart: 50, customersAtEnd: 40, newCustomers: 1 }),
      api.customerRetentionRate(orders, { start: "2024-01-01", end: "2024-03-01", ...asOf }),
    ],
  },
  returningCustomerRate: {
    kind: "headline",
    call: () => [api.returningCustomerRate(orders, { baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-04-01", ...asOf })],
  },
  retentionSeries: {
    kind: "rows",
    call: () => api.retentionSeries(orders, { activeWithinDays: 60, ...asOf }),
    rows: [{ field: "periods", key: "label" }],
  },
  // surveys
  netPromoterScore: { kind: "headline", call: () => [api.netPromoterScore([9, 10, 7, 6]), api.netPromoterScore([])] },
  customerSatisfactionScore: { kind: "headline", call: () => [api.customerSatisfactionScore([5, 4, 3]), api.customerSatisfactionScore([])] },
  // customers
  customerSummaries: {
    kind: "rows",
    call: () => api.customerSummaries(orders, asOf),
    rows: [{ field: "customers", key: "customerId" }],
  },
  calibrationHoldout: {
    kind: "rows",
    call: () => api.calibrationHoldout(orders, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-31", timeZone: "UTC" }),
    rows: [
      { field: "calibrationCustomers", key: "customerId" },
      { field: "holdoutCustomers", key: "customerId" },
      { field: "newHoldoutCustomers", key: "customerId" },
    ],
  },
  rfmScores: {
    kind: "rows",
    call: () => api.rfmScores(orders, asOf),
    rows: [
      { field: "customers", key: "customerId" },
      { field: "segments", key: "segment" },
    ],
  },
  customerStatus: {
    kind: "rows",
    call: () => api.customerStatus(orders, asOf),
    rows: [{ field: "customers", key: "customerId" }],
  },
  DEFAULT_RFM_SEGMENTS: { kind: "constant" },
  // cohorts: `average` is the wrapper's total (one record per period, over all cohorts)
  cohortTable: {
    kind: "rows",
    call: () => api.cohortTable(orders, { ...asOf, segmentBy: "segment" }),
    rows: [
      { field: "cohorts", key: "label" },
      { field: "average", key: "period" },
      { field: "segments", key: "segment" },
    ],
  },
  // models: classified here; their shapes are asserted in MODELS_TODO below
  fitBetaGeo: { kind: "model fit" },
  fitModifiedBetaGeo: { kind: "model fit" },
  fitParetoNbd: { kind: "model fit" },
  fitBetaGeoBetaBinom: { kind: "model fit" },
  fitGammaGamma: { kind: "model fit" },
  predictedLifetimeValue: { kind: "per-customer prediction" },
  probabilityAlive: { kind: "per-customer prediction" },
  conditionalExpectedPurchases: { kind: "per-customer prediction" },
  conditionalExpectedOrderValue: { kind: "per-customer prediction" },
  expectedDiscountedTransactions: { kind: "per-customer prediction" },
  expectedPurchases: { kind: "model quantity" },
  purchaseCountProbability: { kind: "model quantity" },
  // render: renderers return strings and are exempt from R1-R4
  cohortHeatmap: { kind: "renderer", call: () => api.cohortHeatmap(api.cohortTable(orders, asOf)) },
  retentionCurveChart: { kind: "renderer", call: () => api.retentionCurveChart(api.cohortTable(orders, asOf)) },
  lifetimeValueChart: { kind: "renderer", call: () => api.lifetimeValueChart(api.historicalLifetimeValue(orders, asOf)) },
  formatTable: { kind: "renderer", call: () => api.formatTable(api.summarize(orders)) },
  toHtml: { kind: "renderer", call: () => api.toHtml(api.summarize(orders)) },
};

// The models' shapes (R4 for fits, R3 for per-customer predictions, R1 for population quantities) are asserted
// in test/models/shapes.test.ts, whose tables must name every model export classified here.
const MODELS = Object.entries(table)
  .filter(([, e]) => e.kind === "model fit" || e.kind === "per-customer prediction" || e.kind === "model quantity")
  .map(([name, e]) => [name, e.kind] as const);

/** Wrapper fields that name no function: a headline must sit under the function's name instead. */
const VAGUE = ["value", "rate", "score", "points", "result", "data", "rows", "items", "values"];

const isPlain = (v: unknown): boolean => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isHeadlineValue = (v: unknown): boolean => v === null || typeof v === "number" || v instanceof Decimal;
const ownEnumerable = (o: object, name: string): boolean => Object.keys(o).includes(name);

function expectWrapper(name: string, r: object): void {
  expect(isPlain(r), `${name}: the result is a plain object`).toBe(true);
  for (const f of VAGUE) expect(Object.keys(r), `${name}: no vague wrapper field "${f}"`).not.toContain(f);
}

describe("result naming rule: every export is classified", () => {
  it("every export of src/index.ts has a row in the table, and every row is an export", () => {
    const exported = Object.keys(api).sort();
    expect(exported.filter((name) => !(name in table)), "unclassified exports: add them to the table").toEqual([]);
    expect(Object.keys(table).filter((name) => !(name in api)).sort(), "stale rows").toEqual([]);
  });

  it("the kinds match what the exports are (classes, functions, constants)", () => {
    const isClass = (v: unknown): boolean => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
    for (const [name, e] of Object.entries(table)) {
      const v = (api as Record<string, unknown>)[name];
      if (e.kind === "constant") expect(typeof v, name).not.toBe("function");
      else if (e.kind === "error class") expect(isClass(v), name).toBe(true);
      else if (e.kind !== "input") expect([typeof v, isClass(v)], name).toEqual(["function", false]);
    }
  });
});

describe("R1: a headline value sits under the function's own name", () => {
  const headline = Object.entries(table).flatMap(([name, e]) => (e.kind === "headline" ? [[name, e] as const] : []));
  it.each(headline)("%s", (name, e) => {
    const results = e.call();
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expectWrapper(name, r);
      expect(ownEnumerable(r, name), `${name}(...).${name} is an own enumerable field`).toBe(true);
      expect(isHeadlineValue((r as Record<string, unknown>)[name]), `${name}(...).${name} is a number, a Decimal or null`).toBe(true);
    }
  });
});

describe("R2: a bundle carries each value under the name of the function that computes it", () => {
  const bundles = Object.entries(table).flatMap(([name, e]) => (e.kind === "bundle" ? [[name, e] as const] : []));
  it.each(bundles)("%s", (name, e) => {
    const r = e.call() as Record<string, unknown>;
    expectWrapper(name, r);
    for (const h of e.headlines) {
      expect(table[h.name]?.kind, `${h.name} is itself a headline function`).toBe("headline");
      expect(ownEnumerable(r, h.name), `${name}(...).${h.name}`).toBe(true);
      const single = (h.single() as Record<string, unknown>)[h.name];
      expect(String(r[h.name]), `${name}(...).${h.name} equals ${h.name}(...).${h.name}`).toBe(String(single));
    }
  });
});

describe("R3: one record per entity under a plural name, key first", () => {
  const perEntity = Object.entries(table).flatMap(([name, e]) => (e.kind === "rows" ? e.rows.map((rows) => [`${name}(...).${rows.field}`, name, e, rows] as const) : []));
  it.each(perEntity)("%s", (_label, name, e, rows) => {
    const r = e.call() as Record<string, unknown>;
    expectWrapper(name, r);
    expect(rows.field.endsWith("s") || rows.field === "average", `${rows.field} is a plural noun (or the total curve)`).toBe(true);
    const list = r[rows.field];
    expect(Array.isArray(list), `${name}(...).${rows.field} is an array`).toBe(true);
    const records = list as Record<string, unknown>[];
    expect(records.length, `the small input gives ${name}(...).${rows.field} at least one record`).toBeGreaterThan(0);
    for (const rec of records) {
      expect(rec[rows.key], `each record has its key ${rows.key}`).not.toBeUndefined();
      if (rows.valueField !== undefined) expect(rows.valueField in rec, `each record has ${rows.valueField}`).toBe(true);
      expect(isPlain(rec), "each record is a plain object").toBe(true);
      expect(Object.keys(rec)[0], `each record's first field is ${rows.key}`).toBe(rows.key);
    }
  });
});

describe("renderers are exempt: they return strings", () => {
  const renderers = Object.entries(table).flatMap(([name, e]) => (e.kind === "renderer" ? [[name, e] as const] : []));
  it.each(renderers)("%s", (_name, e) => {
    expect(typeof e.call()).toBe("string");
  });
});

describe("models: classified above, shapes asserted in test/models/shapes.test.ts", () => {
  const shapes = readFileSync(new URL("./models/shapes.test.ts", import.meta.url), "utf8");
  const section = (name: string): string => shapes.slice(shapes.indexOf(`const ${name}`), shapes.indexOf("};", shapes.indexOf(`const ${name}`)));
  const where = { "model fit": section("fits"), "per-customer prediction": section("perCustomer"), "model quantity": section("population") };
  it("lists the models' exports", () => {
    expect(MODELS.length).toBe(12);
  });
  it.each(MODELS)("%s (%s) is in the matching table of shapes.test.ts", (name, kind) => {
    expect(where[kind as keyof typeof where]).toMatch(new RegExp(`\\b${name}:`));
  });
});
