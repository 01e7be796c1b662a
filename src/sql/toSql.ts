import type { SummarizeOptions, SummarizeResult } from "../orders/summarize.js";
import type { CustomerRetentionRateOptions, OrderRetentionResult } from "../retention/customerRetentionRate.js";
import type { ReturningCustomerRateOptions, ReturningCustomerRateResult } from "../retention/returningCustomerRate.js";
import type { RetentionSeriesOptions, RetentionSeriesResult } from "../retention/retentionSeries.js";
import type { GrowthAccountingOptions, GrowthAccountingResult } from "../retention/growthAccounting.js";
import type { CohortTableOptions, CohortTableResult } from "../cohorts/cohortTable.js";
import type { CustomerSummariesOptions, CustomerSummariesResult } from "../customers/customerSummaries.js";
import type { HistoricalLifetimeValueOptions, HistoricalLifetimeValueResult } from "../value/historicalLifetimeValue.js";
import { compileSql } from "../internal/sql/compile.js";
import { resolveSqlOptions } from "../internal/sql/options.js";
import type { SqlMetric, SqlQuery, SqlTarget } from "./types.js";

/** The options each metric takes, in {@link toSql} and {@link fromSqlRows}: those of the in-process function. */
export interface SqlMetricOptions {
  summarize: SummarizeOptions | undefined;
  customerRetentionRate: CustomerRetentionRateOptions;
  returningCustomerRate: ReturningCustomerRateOptions;
  retentionSeries: RetentionSeriesOptions | undefined;
  growthAccounting: GrowthAccountingOptions | undefined;
  cohortTable: CohortTableOptions | undefined;
  customerSummaries: CustomerSummariesOptions | undefined;
  historicalLifetimeValue: HistoricalLifetimeValueOptions | undefined;
}

/** The result each metric gives, in-process and through {@link fromSqlRows}. */
export interface SqlMetricResults {
  summarize: SummarizeResult;
  customerRetentionRate: OrderRetentionResult;
  returningCustomerRate: ReturningCustomerRateResult;
  retentionSeries: RetentionSeriesResult;
  growthAccounting: GrowthAccountingResult;
  cohortTable: CohortTableResult;
  customerSummaries: CustomerSummariesResult;
  historicalLifetimeValue: HistoricalLifetimeValueResult;
}

/**
 * Compiles a metric to one SQL query for a warehouse, with exactly the options the in-process function takes:
 * run the query where the orders are, then turn its rows into the library's result with {@link fromSqlRows}.
 *
 * The warehouse does the per-order work (the window, first orders, counts, exact money sums); the divisions
 * (averages, rates) are done by `fromSqlRows` as the in-process function does them, so both give the same numbers.
 * Instants in the options (`from`, `asOf`, `start`, …) are read in `timeZone` by the library and bound as
 * parameters; table and column names are quoted identifiers. No value is pasted into the SQL text, so an id, a
 * segment name or a table name cannot change the query. The SQL is readable: named CTEs, one comment per
 * definition choice. docs/warehouse-sql.md shows each query and what was executed on which engine.
 *
 * The default `asOf` is the latest order's time (the query finds it). With date-only order data the in-process
 * default is the end of that day: pass `asOf` to get the same result.
 *
 * Metrics: `"summarize"`, `"customerRetentionRate"` (from orders), `"returningCustomerRate"`, `"cohortTable"` (every
 * granularity, window kind and cell mode; `segmentBy: "segment"` reads `columns.segment`; `revenue: "margin"`,
 * `refundAttribution: "refundDate"` and a `segmentBy` function are refused: INVALID_OPTION, "is not compiled to SQL").
 * Also `"retentionSeries"` and `"growthAccounting"` (every granularity and `weekStartsOn`; periods of the local date
 * in `timeZone`, numbered as the library numbers them): one row per period with a change, summed by `fromSqlRows`.
 * retentionSeries refuses an `activeWithinDays` whose milliseconds lie between 1e-7 and 1e-3 from a whole number
 * (`INVALID_OPTION`, field `activeWithinDays`; docs/warehouse-sql.md, "Period metrics").
 * Also `"customerSummaries"` (one row per customer: a BTYD model fits on warehouse summaries),
 * `"historicalLifetimeValue"` (refused: `revenue: "margin"` without `marginRate`, and `refundAttribution:
 * "refundDate"` unless `revenue: "gross"`, as the order table has no cost or refund-date column).
 * Dialects: `"duckdb"`, `"postgres"`, `"clickhouse"`, `"bigquery"`, `"snowflake"`.
 *
 * @param metric - the metric's name.
 * @param options - the options of the in-process function (`summarize`'s, `retentionSeries`'s and `growthAccounting`'s may be left out).
 * @param target - `dialect`, `table` (a name, qualified parts, or `{ subquery }`), `columns` (order field → column name).
 * @returns `{ sql, params, namedParams }`: run `sql` with `params` (positional: DuckDB `$1`, PostgreSQL `$1`,
 *   Snowflake `:1`) or `namedParams` (BigQuery `@p1`, ClickHouse `{p1:String}`).
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` for an unknown metric or dialect, a bad table or column
 *   name (`field` `"table"`, `"columns.placedAt"`, …), or the option errors of the in-process function;
 *   `INVALID_TIME_ZONE`.
 *
 * @example
 * ```ts
 * const q = toSql("returningCustomerRate", { baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" },
 *   { dialect: "postgres", table: "orders" });
 * q.params; // ["2024-01-01T00:00:00.000Z", "2024-07-01T00:00:00.000Z"]
 * q.sql.includes('FROM "orders"'); // true
 * ```
 */
export function toSql<M extends SqlMetric>(metric: M, options: SqlMetricOptions[M], target: SqlTarget): SqlQuery {
  return compileSql(resolveSqlOptions(metric, options), target);
}
