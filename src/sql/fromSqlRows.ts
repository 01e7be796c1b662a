import type { SqlMetric } from "./types.js";
import type { SqlMetricOptions, SqlMetricResults } from "./toSql.js";
import type { SummarizeResult } from "../orders/summarize.js";
import type { OrderRetentionResult } from "../retention/customerRetentionRate.js";
import type { ReturningCustomerRateResult } from "../retention/returningCustomerRate.js";
import { resolveSqlOptions } from "../internal/sql/options.js";
import { retentionRateFromRow, returningFromRow, summarizeFromRow } from "../internal/sql/rows.js";
import { summariesFromRows } from "../internal/sql/metrics/customerSummaries.js";
import { lifetimeValueFromRows } from "../internal/sql/metrics/historicalLifetimeValue.js";
import type { HistoricalLifetimeValueResult } from "../value/historicalLifetimeValue.js";
import { lifetimeValueBundle, summariesBundle, summarizeBundle, tableBundle, withDisplay } from "../internal/display/display.js";

/**
 * Turns the rows of a query compiled by {@link toSql} into the library's own result type, equal field by field to
 * what the in-process function gives on the same orders (tested on DuckDB and PostgreSQL): money exact, ratios
 * divided as the library divides them. The result renders, reports and feeds models as an in-process one does.
 *
 * Pass the options given to `toSql` (they fill the window and the echoed options). Cells may arrive as numbers,
 * bigints or text (drivers differ); money columns must be exact decimals, which the query casts to text.
 *
 * @param metric - the metric the query computes.
 * @param rows - the query's rows as objects keyed by column name (`pg`'s `result.rows`, DuckDB's
 *   `getRowObjectsJson()`).
 * @param options - the options given to `toSql`.
 * @returns the metric's result type (`SummarizeResult`, `OrderRetentionResult`, `ReturningCustomerRateResult`,
 *   `CustomerSummariesResult`, `HistoricalLifetimeValueResult`). customerSummaries and historicalLifetimeValue
 *   queries return a header row and then one row per customer or cell, in any order; with `partitionBy`, pass the
 *   rows of one `partition_key`.
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` when the rows are not one row with the query's columns
 *   (`field` `"rows"` or `"rows[0].<column>"`; for the many-row metrics `"rows"` without exactly one header row,
 *   `"rows[].<column>"` for a bad cell), and the option errors of {@link toSql}.
 *
 * @example
 * ```ts
 * const r = fromSqlRows("returningCustomerRate", [{ base_customers: "4", returning_customers: "1", as_of_ms: "1719792000000" }],
 *   { baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" });
 * r.returningCustomerRate; // 0.25
 * r.complete;              // true
 * ```
 */
export function fromSqlRows<M extends SqlMetric>(metric: M, rows: readonly Record<string, unknown>[], options: SqlMetricOptions[M]): SqlMetricResults[M] {
  const o = resolveSqlOptions(metric, options);
  if (o.metric === "customerSummaries") return withDisplay(summariesFromRows(o, rows), summariesBundle) as SqlMetricResults[M];
  if (o.metric === "historicalLifetimeValue") return withDisplay(lifetimeValueFromRows(o, rows) as HistoricalLifetimeValueResult, lifetimeValueBundle) as SqlMetricResults[M];
  if (o.metric === "summarize") return withDisplay<SummarizeResult>(summarizeFromRow(o, rows), summarizeBundle) as SqlMetricResults[M];
  if (o.metric === "customerRetentionRate") return retentionRateFromRow(o, rows) as OrderRetentionResult as SqlMetricResults[M];
  return withDisplay<ReturningCustomerRateResult>(returningFromRow(o, rows), tableBundle) as SqlMetricResults[M];
}
