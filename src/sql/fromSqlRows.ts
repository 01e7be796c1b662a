import type { SqlMetric } from "./types.js";
import type { SqlMetricOptions, SqlMetricResults } from "./toSql.js";
import type { SummarizeResult } from "../orders/summarize.js";
import type { OrderRetentionResult } from "../retention/customerRetentionRate.js";
import type { ReturningCustomerRateResult } from "../retention/returningCustomerRate.js";
import { resolveSqlOptions } from "../internal/sql/options.js";
import { retentionRateFromRow, returningFromRow, summarizeFromRow } from "../internal/sql/rows.js";

import type { RetentionSeriesResult } from "../retention/retentionSeries.js";
import type { GrowthAccountingResult } from "../retention/growthAccounting.js";
import { retentionSeriesFromRows } from "../internal/sql/metrics/retentionSeries.js";
import { growthAccountingFromRows } from "../internal/sql/metrics/growthAccounting.js";
import { cohortTableFromRows } from "../internal/sql/cohortTable.js";
import type { CohortTableResult } from "../cohorts/cohortTable.js";

import { summariesFromRows } from "../internal/sql/metrics/customerSummaries.js";
import { lifetimeValueFromRows } from "../internal/sql/metrics/historicalLifetimeValue.js";
import type { HistoricalLifetimeValueResult } from "../value/historicalLifetimeValue.js";
import { cohortBundle, growthBundle, lifetimeValueBundle, seriesBundle, summariesBundle, summarizeBundle, tableBundle, withDisplay } from "../internal/display/display.js";

/**
 * Turns the rows of a query compiled by {@link toSql} into the library's own result type, equal field by field to
 * what the in-process function gives on the same orders (tested on DuckDB and PostgreSQL): money exact, ratios
 * divided as the library divides them. The result renders, reports and feeds models as an in-process one does.
 *
 * Pass the options given to `toSql` (they fill the window and the echoed options), and, for a partitioned query,
 * the rows of one `partition_key` (all of them: the period metrics return several per order set). Cells may arrive as numbers,
 * bigints or text (drivers differ); money columns must be exact decimals, which the query casts to text.
 *
 * @param metric - the metric the query computes.
 * @param rows - the query's rows as objects keyed by column name (`pg`'s `result.rows`, DuckDB's
 *   `getRowObjectsJson()`).
 * @param options - the options given to `toSql`.
 * @returns the metric's result type (`SummarizeResult`, `OrderRetentionResult`, `ReturningCustomerRateResult`,
 *   `RetentionSeriesResult`, `GrowthAccountingResult`, `CohortTableResult`, `CustomerSummariesResult`,
 *   `HistoricalLifetimeValueResult`). `cohortTable`'s query returns many rows, of four kinds; customerSummaries and
 *   historicalLifetimeValue queries return a header row and then one row per customer or cell, in any order; pass
 *   all of them, of one partition (with `partitionBy`, the rows of one `partition_key`).
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` when the rows are not one row with the query's columns
 *   (`field` `"rows"` or `"rows[0].<column>"`; for `retentionSeries` and `growthAccounting`, which return one row
 *   per period with a change, not the rows of one order set, or `"rows[i].<column>"`; for customerSummaries and
 *   historicalLifetimeValue `"rows"` without exactly one header row, `"rows[].<column>"` for a bad cell), and the
 *   option errors of {@link toSql} (and `INVALID_OPTION` `granularity` when a series defaulting to the data's first
 *   order would have more than 100,000 periods, as in-process).
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
  if (o.metric === "retentionSeries") return withDisplay<RetentionSeriesResult>(retentionSeriesFromRows(o, rows), seriesBundle) as SqlMetricResults[M];
  if (o.metric === "growthAccounting") return withDisplay<GrowthAccountingResult>(growthAccountingFromRows(o, rows), growthBundle) as SqlMetricResults[M];
  if (o.metric === "cohortTable") return withDisplay<CohortTableResult>(cohortTableFromRows(o, rows), cohortBundle) as SqlMetricResults[M];
  if (o.metric === "customerSummaries") return withDisplay(summariesFromRows(o, rows), summariesBundle) as SqlMetricResults[M];
  if (o.metric === "historicalLifetimeValue") return withDisplay(lifetimeValueFromRows(o, rows) as HistoricalLifetimeValueResult, lifetimeValueBundle) as SqlMetricResults[M];
  if (o.metric === "summarize") return withDisplay<SummarizeResult>(summarizeFromRow(o, rows), summarizeBundle) as SqlMetricResults[M];
  if (o.metric === "customerRetentionRate") return retentionRateFromRow(o, rows) as OrderRetentionResult as SqlMetricResults[M];
  return withDisplay<ReturningCustomerRateResult>(returningFromRow(o, rows), tableBundle) as SqlMetricResults[M];
}
