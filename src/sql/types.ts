/** The SQL engines {@link toSql} writes for. */
export type SqlDialectName = "duckdb" | "postgres" | "clickhouse" | "bigquery" | "snowflake";

/** The metrics {@link toSql} compiles and {@link fromSqlRows} reads back. */
export type SqlMetric =
  | "summarize"
  | "customerRetentionRate"
  | "returningCustomerRate"
  | "retentionSeries"
  | "growthAccounting"
  | "cohortTable"
  | "customerSummaries"
  | "historicalLifetimeValue";

/**
 * Column names of the order table, by order field. Each name is one identifier, quoted for the dialect (so it may
 * contain any character, and can never change the query).
 */
export interface SqlColumns {
  /** @defaultValue `"customer_id"` */
  customerId?: string;
  /** Used to break ties between a customer's orders placed at the same instant, as the library does. @defaultValue `"order_id"` */
  orderId?: string;
  /** An instant column: `TIMESTAMPTZ` (DuckDB, PostgreSQL), `DateTime64` (ClickHouse), `TIMESTAMP` (BigQuery), `TIMESTAMP_TZ` (Snowflake). @defaultValue `"placed_at"` */
  placedAt?: string;
  /** Order total in major units, an exact decimal column. @defaultValue `"total"` */
  total?: string;
  /** Refunded amount (NULL means 0), an exact decimal column; `null` when the table has no such column. @defaultValue `"refunded"` */
  refunded?: string | null;
  /** A text column of segment labels (NULL or `""`: no segment), read by `cohortTable`'s `segmentBy: "segment"` only. @defaultValue `"segment"` */
  segment?: string;
}

/** Where the orders are and how the SQL is written: the third argument of {@link toSql}. */
export interface SqlTarget {
  /** The SQL engine. */
  dialect: SqlDialectName;
  /**
   * The order table: a name (one identifier, quoted), a qualified name as its parts (`["shop", "orders"]`), or
   * `{ subquery: "SELECT … " }`, SQL text that is pasted as written (yours, never a user's value).
   */
  table: string | readonly string[] | { subquery: string };
  /** Column names of the order fields. */
  columns?: SqlColumns;
  /**
   * A column that splits the table into independent order sets (a shop id in a multi-shop table): the query then
   * computes the metric for each value at once and returns one row per value that has an order in the table, its
   * value in the column `partition_key`. Pass the rows of one value to {@link fromSqlRows}.
   * @defaultValue none: the whole table is one order set, one row
   */
  partitionBy?: string;
}

/** A compiled query: run `sql` with `params`, then pass the rows to {@link fromSqlRows}. */
export interface SqlQuery {
  /** The metric it computes. */
  metric: SqlMetric;
  /** The dialect it is written in. */
  dialect: SqlDialectName;
  /** The SQL text, with placeholders (`$1` DuckDB/PostgreSQL, `:1` Snowflake, `@p1` BigQuery, `{p1:String}` ClickHouse). */
  sql: string;
  /** The parameter values in placeholder order (strings and numbers; instants as ISO 8601 UTC strings). */
  params: Array<string | number>;
  /** The same values by name (`p1`, `p2`, …), for drivers that bind by name (BigQuery, ClickHouse). */
  namedParams: Record<string, string | number>;
}
