import type { Instant, MetricOptions, RevenueBasis } from "../../core/types.js";
import type { SqlMetric } from "../../sql/types.js";
import { optionError } from "../fail.js";
import { activeWithinDaysOption, churnOption, type ChurnDefinition, type ResolvedChurnDefinition } from "../kernels/retentionFromOrders.js";
import { endInstantOption, instantOption, zoneOption } from "../resolve.js";
import type { ZoneCalendar } from "../time/zone.js";
import { resolveGrowthAccounting, type ResolvedGrowthAccounting } from "./metrics/growthAccounting.js";
import { resolveRetentionSeries, type ResolvedRetentionSeries } from "./metrics/retentionSeries.js";
import { resolveCohortTableOptions, type ResolvedCohortTable } from "./cohortTableOptions.js";
import { resolveSummariesSql, type ResolvedSummariesSql } from "./metrics/customerSummaries.js";
import { resolveLifetimeValueSql, type ResolvedLifetimeValueSql } from "./metrics/historicalLifetimeValue.js";

/**
 * The options of a metric compiled to SQL, read as the in-process function reads them (same checks, same error
 * codes and fields), without the orders: instants are resolved here, in the library's zone code, and travel to the
 * warehouse as parameters. Only what depends on the data (the default `asOf`) is left to the SQL.
 */

/** Options of `summarize` (the shared {@link MetricOptions}). */
export type SqlSummarizeOptions = MetricOptions;

/** Options of `customerRetentionRate` from orders. */
export interface SqlRetentionRateOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  start: Instant;
  end: Instant;
  activeWithinDays?: number;
  churn?: ChurnDefinition;
}

/** Options of `returningCustomerRate`. */
export interface SqlReturningOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  baseFrom?: Instant;
  baseTo: Instant;
  returnFrom: Instant;
  returnTo: Instant;
}

interface Common {
  zone: ZoneCalendar;
  /** The asOf option (epoch ms), or null: the latest order's time, found by the query. */
  asOf: number | null;
}

export interface ResolvedSummarize extends Common {
  metric: "summarize";
  from: number;
  to: number;
  revenue: RevenueBasis;
}

export interface ResolvedRetentionRate extends Common {
  metric: "customerRetentionRate";
  start: number;
  end: number;
  activeWithinDays: number;
  churn: ResolvedChurnDefinition;
}

export interface ResolvedReturning extends Common {
  metric: "returningCustomerRate";
  baseFrom: number;
  baseTo: number;
  returnFrom: number;
  returnTo: number;
}

export type ResolvedSqlOptions =
  | ResolvedSummarize
  | ResolvedRetentionRate
  | ResolvedReturning
  | ResolvedCohortTable
  | ResolvedRetentionSeries
  | ResolvedGrowthAccounting
  | ResolvedSummariesSql
  | ResolvedLifetimeValueSql;

const METRICS: readonly SqlMetric[] = [
  "summarize",
  "customerRetentionRate",
  "returningCustomerRate",
  "cohortTable",
  "retentionSeries",
  "growthAccounting",
  "customerSummaries",
  "historicalLifetimeValue",
];

function common(options: { timeZone?: string; asOf?: Instant }): Common {
  const zone = zoneOption(options.timeZone);
  return { zone, asOf: options.asOf === undefined ? null : endInstantOption("asOf", options.asOf, zone) };
}

function optionsObject(value: unknown, required: boolean, hint: string): Record<string, unknown> {
  if (value === undefined && !required) return {};
  if (typeof value !== "object" || value === null) throw optionError("options", "must be an object", value, hint);
  return value as Record<string, unknown>;
}

/** Reads the options of `metric`, or throws RetentionMetricsError as the in-process function would. */
export function resolveSqlOptions(metric: SqlMetric, options: unknown): ResolvedSqlOptions {
  if (!METRICS.includes(metric)) {
    throw optionError("metric", `must be one of ${METRICS.map((m) => `"${m}"`).join(", ")}`, metric, "The other metrics are not compiled to SQL yet.");
  }
  if (metric === "retentionSeries") return resolveRetentionSeries(options);
  if (metric === "growthAccounting") return resolveGrowthAccounting(options);
  if (metric === "cohortTable") return resolveCohortTableOptions(options);
  if (metric === "customerSummaries") return resolveSummariesSql(options);
  if (metric === "historicalLifetimeValue") return resolveLifetimeValueSql(options);
  if (metric === "summarize") {
    const o = optionsObject(options, false, "Pass an options object or leave it out.") as SqlSummarizeOptions;
    const c = common(o);
    const revenue = o.revenue ?? "net";
    if (revenue !== "net" && revenue !== "gross") throw optionError("revenue", 'must be "net" or "gross"', revenue, 'Use "net" (refunds subtracted, the default) or "gross".');
    const from = o.from === undefined ? -Infinity : instantOption("from", o.from, c.zone);
    const to = o.to === undefined ? Infinity : instantOption("to", o.to, c.zone);
    if (from >= to) throw optionError("to", "must be later than from", o.to, "The window [from, to) is half-open; give an end after its start.");
    return { metric, ...c, from, to, revenue };
  }
  if (metric === "customerRetentionRate") {
    const o = optionsObject(options, true, 'Pass { start: "2024-01-01", end: "2025-01-01" }.') as unknown as SqlRetentionRateOptions;
    const c = common(o);
    if (o.start === undefined) throw optionError("start", "is required", o.start, 'Pass the start of the period, such as "2024-01-01".');
    if (o.end === undefined) throw optionError("end", "is required", o.end, 'Pass the end of the period, such as "2025-01-01".');
    const start = instantOption("start", o.start, c.zone);
    const end = instantOption("end", o.end, c.zone);
    if (end <= start) throw optionError("end", "must be later than start", o.end, "Give an end after the start; the period [start, end) is half-open.");
    return { metric, ...c, start, end, activeWithinDays: activeWithinDaysOption(o.activeWithinDays), churn: churnOption(o.churn) };
  }
  const o = optionsObject(options, true, 'Pass { baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" }.') as unknown as SqlReturningOptions;
  const c = common(o);
  const required = (name: "baseTo" | "returnFrom" | "returnTo"): number => {
    const v = o[name];
    if (v === undefined) throw optionError(name, "is required", v, 'Pass an instant such as "2024-01-01".');
    return instantOption(name, v, c.zone);
  };
  const baseFrom = o.baseFrom === undefined ? -Infinity : instantOption("baseFrom", o.baseFrom, c.zone);
  const baseTo = required("baseTo");
  const returnFrom = required("returnFrom");
  const returnTo = required("returnTo");
  if (baseTo <= baseFrom) throw optionError("baseTo", "must be later than baseFrom", o.baseTo, "The base window [baseFrom, baseTo) must not be empty.");
  if (returnTo <= returnFrom) throw optionError("returnTo", "must be later than returnFrom", o.returnTo, "The return window [returnFrom, returnTo) must not be empty.");
  if (returnFrom < baseTo) {
    throw optionError("returnFrom", "must not be before baseTo", o.returnFrom, "Start the return window where the base window ends or later; one order must not count for both.");
  }
  return { metric, ...c, baseFrom, baseTo, returnFrom, returnTo };
}
