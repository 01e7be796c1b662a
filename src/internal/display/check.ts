// The renderers treat a result as untrusted data: it may have been read back from JSON, built by hand, or
// changed after the metric made it. Before a renderer reads a field it checks it here, so that a malformed
// result gives RetentionMetricsError (INVALID_ARGUMENT, with the path of the field), never a TypeError, a hang
// on a huge count, or markup taken from a field that should be a number. Options are checked the same way
// (INVALID_OPTION). Only what the renderers read is checked, and only the rows they show.
import type { RetentionMetricsError } from "../../core/RetentionMetricsError.js";
import { argumentError, optionError } from "../fail.js";
import { isDecimalLike } from "./format.js";
import type { CohortTableView, HistoricalLifetimeValueView, RetentionSeriesView, RfmScoresView, SummarizeView } from "./views.js";

const HINT =
  "Pass the result of the metric itself: a result read back from JSON has strings where it had Decimals (revive them with new Decimal(…)), and a result changed by hand must keep the types of its fields.";

/** Most periods (columns) a rendered cohort table or curve may have: the cell cap of cohortTable. */
export const MAX_RENDER_PERIODS = 1_000_000;

function bad(path: string, what: string, got: unknown, hint = HINT): RetentionMetricsError {
  return argumentError(path, `must be ${what}`, got, hint);
}

export type Obj = Record<string, unknown>;

// The field checkers, shared with the model-check charts (which pass their own hint).

export function obj(v: unknown, path: string, hint = HINT): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad(path, "an object", v, hint);
  return v as Obj;
}

export function arr(v: unknown, path: string, hint = HINT): readonly unknown[] {
  if (!Array.isArray(v)) throw bad(path, "an array", v, hint);
  return v;
}

function count(v: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw bad(path, max === Number.MAX_SAFE_INTEGER ? "a count (an integer ≥ 0)" : `an integer from 0 to ${max}`, v);
  return v;
}

export function num(v: unknown, path: string, hint = HINT): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(path, "a finite number", v, hint);
  return v;
}

export function numOrNull(v: unknown, path: string, hint = HINT): number | null {
  return v === null ? null : num(v, path, hint);
}

export function str(v: unknown, path: string, hint = HINT): string {
  if (typeof v !== "string") throw bad(path, "a string", v, hint);
  return v;
}

function strOrNull(v: unknown, path: string): string | null {
  return v === null ? null : str(v, path);
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") throw bad(path, "true or false", v);
  return v;
}

function oneOf(v: unknown, path: string, values: readonly string[]): string {
  if (typeof v !== "string" || !values.includes(v)) throw bad(path, `one of ${values.map((x) => `"${x}"`).join(", ")}`, v);
  return v;
}

function money(v: unknown, path: string): void {
  if (!isDecimalLike(v) || typeof (v as { toNumber?: unknown }).toNumber !== "function") throw bad(path, "a Decimal", v);
}

function moneyOrNull(v: unknown, path: string): void {
  if (v !== null) money(v, path);
}

const GRANULARITIES = ["day", "week", "month", "quarter", "year"];

function checkAverage(points: unknown, path: string): void {
  arr(points, path).forEach((x, i) => {
    const p = obj(x, `${path}[${i}]`);
    count(p.period, `${path}[${i}].period`, MAX_RENDER_PERIODS);
    numOrNull(p.retention, `${path}[${i}].retention`);
    count(p.customers, `${path}[${i}].customers`);
    count(p.cohorts, `${path}[${i}].cohorts`);
    moneyOrNull(p.cumulativeRevenuePerCustomer, `${path}[${i}].cumulativeRevenuePerCustomer`);
  });
}

function checkCohortRows(rows: unknown, path: string): void {
  arr(rows, path).forEach((x, i) => {
    const at = `${path}[${i}]`;
    const row = obj(x, at);
    str(row.label, `${at}.label`);
    count(row.size, `${at}.size`);
    arr(row.cells, `${at}.cells`).forEach((y, j) => {
      const cell = obj(y, `${at}.cells[${j}]`);
      count(cell.period, `${at}.cells[${j}].period`, MAX_RENDER_PERIODS);
      num(cell.retention, `${at}.cells[${j}].retention`);
      count(cell.activeCustomers, `${at}.cells[${j}].activeCustomers`);
      bool(cell.complete, `${at}.cells[${j}].complete`);
    });
  });
}

/** A `cohortTable` result as the heatmap, the charts and the tables read it, or throws INVALID_ARGUMENT. */
export function checkCohortView(v: unknown, path: string): CohortTableView {
  const r = obj(v, path);
  oneOf(r.granularity, `${path}.granularity`, GRANULARITIES);
  oneOf(r.windows, `${path}.windows`, ["calendar", "relative"]);
  if (r.windowDays !== null) count(r.windowDays, `${path}.windowDays`);
  oneOf(r.mode, `${path}.mode`, ["classic", "unbounded", "byPeriod", "consecutive", "brackets"]);
  // Read by the heatmap when present (results of 2026-12 and later).
  if (r.periodIndexBase !== undefined) count(r.periodIndexBase, `${path}.periodIndexBase`, 1);
  if (r.columnLabels !== undefined) arr(r.columnLabels, `${path}.columnLabels`).forEach((x, i) => str(x, `${path}.columnLabels[${i}]`));
  count(r.periods, `${path}.periods`, MAX_RENDER_PERIODS);
  count(r.customers, `${path}.customers`);
  count(r.rankPeriod, `${path}.rankPeriod`, MAX_RENDER_PERIODS);
  strOrNull(r.currency, `${path}.currency`);
  checkCohortRows(r.cohorts, `${path}.cohorts`);
  checkAverage(r.average, `${path}.average`);
  if (r.segments !== null) {
    arr(r.segments, `${path}.segments`).forEach((x, i) => {
      const at = `${path}.segments[${i}]`;
      const s = obj(x, at);
      strOrNull(s.segment, `${at}.segment`);
      count(s.rank, `${at}.rank`);
      numOrNull(s.retentionAtRankPeriod, `${at}.retentionAtRankPeriod`);
      count(s.customers, `${at}.customers`);
      checkAverage(s.average, `${at}.average`);
    });
  }
  return v as CohortTableView;
}

/**
 * The cells (and average points) of a checked cohort table carry the heatmap's `metric` with the right type, or
 * throws INVALID_ARGUMENT (a result from an older version, or changed by hand, may lack it).
 */
export function checkCohortMetric(table: CohortTableView, metric: string, path: string): void {
  table.cohorts.forEach((row, i) => {
    row.cells.forEach((cell, j) => {
      const v = (cell as unknown as Obj)[metric];
      const at = `${path}.cohorts[${i}].cells[${j}].${metric}`;
      if (metric === "revenueRetention") numOrNull(v, at);
      else if (metric === "orders") count(v, at);
      else if (metric === "cumulativeRevenuePerCustomer") money(v, at);
    });
  });
  table.average.forEach((a, k) => {
    if (metric === "revenueRetention") numOrNull((a as unknown as Obj).revenueRetention, `${path}.average[${k}].revenueRetention`);
  });
}

/** A `historicalLifetimeValue` result, or throws INVALID_ARGUMENT. */
export function checkLifetimeValueView(v: unknown, path: string): HistoricalLifetimeValueView {
  const r = obj(v, path);
  oneOf(r.granularity, `${path}.granularity`, GRANULARITIES);
  strOrNull(r.currency, `${path}.currency`);
  arr(r.periods, `${path}.periods`).forEach((x, i) => {
    const p = obj(x, `${path}.periods[${i}]`);
    count(p.period, `${path}.periods[${i}].period`, MAX_RENDER_PERIODS);
    moneyOrNull(p.historicalLifetimeValue, `${path}.periods[${i}].historicalLifetimeValue`);
    count(p.cohorts, `${path}.periods[${i}].cohorts`);
    count(p.customers, `${path}.periods[${i}].customers`);
  });
  return v as HistoricalLifetimeValueView;
}

function checkGroup(v: unknown, path: string): void {
  const g = obj(v, path);
  count(g.orders, `${path}.orders`);
  money(g.revenue, `${path}.revenue`);
  moneyOrNull(g.averageOrderValue, `${path}.averageOrderValue`);
}

/** A `summarize` result, or throws INVALID_ARGUMENT. */
export function checkSummarizeView(v: unknown, path: string): SummarizeView {
  const r = obj(v, path);
  for (const k of ["orders", "customers", "repeatCustomers"]) count(r[k], `${path}.${k}`);
  const revenue = obj(r.revenue, `${path}.revenue`);
  for (const k of ["gross", "refunded", "net"]) money(revenue[k], `${path}.revenue.${k}`);
  for (const k of ["averageOrderValue", "customerValue"]) moneyOrNull(r[k], `${path}.${k}`);
  for (const k of ["purchaseFrequency", "repeatCustomerRate", "repeatOrderValueLift"]) numOrNull(r[k], `${path}.${k}`);
  for (const k of ["firstOrderAt", "lastOrderAt", "currency"]) strOrNull(r[k], `${path}.${k}`);
  checkGroup(r.firstOrders, `${path}.firstOrders`);
  checkGroup(r.repeatOrders, `${path}.repeatOrders`);
  return v as SummarizeView;
}

/** An `rfmScores` result (the first `maxRows` customers), or throws INVALID_ARGUMENT. */
export function checkRfmView(v: unknown, path: string, maxRows: number): RfmScoresView {
  const r = obj(v, path);
  count(r.bins, `${path}.bins`);
  count(r.customerCount, `${path}.customerCount`);
  arr(r.segments, `${path}.segments`).forEach((x, i) => {
    const s = obj(x, `${path}.segments[${i}]`);
    str(s.segment, `${path}.segments[${i}].segment`);
    count(s.customers, `${path}.segments[${i}].customers`);
  });
  arr(r.customers, `${path}.customers`)
    .slice(0, maxRows)
    .forEach((x, i) => {
      const at = `${path}.customers[${i}]`;
      const c = obj(x, at);
      str(c.customerId, `${at}.customerId`);
      num(c.recencyDays, `${at}.recencyDays`);
      count(c.orders, `${at}.orders`);
      money(c.revenue, `${at}.revenue`);
      for (const k of ["r", "f", "m"]) count(c[k], `${at}.${k}`);
      str(c.segment, `${at}.segment`);
    });
  return v as RfmScoresView;
}

/** The fields of a `customerSummaries` result the tables read, but its records (see {@link checkSummaryRecords}). */
export function checkSummariesHead(v: unknown, path: string, unbuilt: boolean): void {
  const r = obj(v, path);
  str(r.unit, `${path}.unit`);
  for (const k of ["customerCount", "repeatCustomers", "orders"]) count(r[k], `${path}.${k}`);
  bool(r.includeFirstPurchase, `${path}.includeFirstPurchase`);
  strOrNull(r.currency, `${path}.currency`);
  if (!unbuilt) arr(r.customers, `${path}.customers`);
}

const NUMBER_COLUMNS = ["firstOrderTime", "lastOrderTime", "orders", "purchaseDays", "revenueMinor", "monetaryTotalMinor", "frequency", "recency", "T", "daysSinceLastPurchase"];

/**
 * The columnar view of a `customerSummaries` result whose records were never built (the renderer builds the
 * first `shown` from it; `columns` is the result's own and may have been changed in place), or throws
 * INVALID_ARGUMENT.
 */
export function checkSummaryColumns(v: unknown, path: string, shown: number): void {
  const c = obj(v, `${path}.columns`);
  const ids = arr(c.customerId, `${path}.columns.customerId`);
  count(c.scale, `${path}.columns.scale`, 100);
  for (const k of NUMBER_COLUMNS) {
    const col = c[k];
    const at = `${path}.columns.${k}`;
    if (!(col instanceof Float64Array || col instanceof Int32Array) || col.length !== ids.length) throw bad(at, `a typed array of ${ids.length} numbers`, col);
    for (let i = 0; i < Math.min(shown, ids.length); i++) {
      const x = col[i] as number;
      if (!Number.isFinite(x) || Math.abs(x) > 8.64e15) throw bad(`${at}[${i}]`, "a finite number", x);
    }
  }
  for (let i = 0; i < Math.min(shown, ids.length); i++) str(ids[i], `${path}.columns.customerId[${i}]`);
}

/** The shown records of a `customerSummaries` result, or throws INVALID_ARGUMENT. */
export function checkSummaryRecords(records: readonly unknown[], path: string): void {
  records.forEach((x, i) => {
    const at = `${path}.customers[${i}]`;
    const c = obj(x, at);
    str(c.customerId, `${at}.customerId`);
    count(c.orders, `${at}.orders`);
    count(c.frequency, `${at}.frequency`);
    num(c.recency, `${at}.recency`);
    num(c.T, `${at}.T`);
    moneyOrNull(c.monetaryValue, `${at}.monetaryValue`);
    money(c.revenue, `${at}.revenue`);
  });
}

/** A `retentionSeries` result, or throws INVALID_ARGUMENT. */
export function checkSeriesView(v: unknown, path: string): RetentionSeriesView {
  const r = obj(v, path);
  oneOf(r.granularity, `${path}.granularity`, GRANULARITIES);
  num(r.activeWithinDays, `${path}.activeWithinDays`);
  arr(r.periods, `${path}.periods`).forEach((x, i) => {
    const at = `${path}.periods[${i}]`;
    const p = obj(x, at);
    str(p.label, `${at}.label`);
    bool(p.complete, `${at}.complete`);
    for (const k of ["customersAtStart", "customersAtEnd", "newCustomers", "newActiveAtEnd", "retainedCustomers", "reactivatedCustomers"]) count(p[k], `${at}.${k}`);
    for (const k of ["customerRetentionRate", "retainedShare", "churnRate"]) numOrNull(p[k], `${at}.${k}`);
  });
  return v as RetentionSeriesView;
}

// Options.

/** The options object of a renderer (`undefined` as `{}`), or throws INVALID_OPTION. */
export function optionsObject<T extends object>(options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw optionError("options", "must be an object", options, "Pass an object such as { title: \"Cohorts\" }, or nothing.");
  }
  return options;
}

/** A number option in [min, max] (an integer when `integer`), its default when `undefined`, or INVALID_OPTION. */
export function numberOption(name: string, v: unknown, fallback: number, min: number, max: number, integer = false): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || Number.isNaN(v) || v < min || v > max || (integer && !Number.isInteger(v) && v !== Infinity)) {
    throw optionError(name, `must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`, v, `Pass for example ${fallback}, or leave it out.`);
  }
  return v;
}

/** A text option (escaped where it is written), its default when `undefined`, or INVALID_OPTION. */
export function textOption(name: string, v: unknown, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== "string") throw optionError(name, "must be a string", v, `Pass for example "${fallback}", or leave it out.`);
  return v;
}

/** A boolean option, its default when `undefined`, or INVALID_OPTION. */
export function booleanOption(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw optionError(name, "must be true or false", v, `Pass ${fallback} or leave it out.`);
  return v;
}
