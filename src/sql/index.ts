// Named exports only.
export { toSql } from "./toSql.js";
export type { SqlMetricOptions, SqlMetricResults } from "./toSql.js";
export { fromSqlRows } from "./fromSqlRows.js";
export type { SqlColumns, SqlDialectName, SqlMetric, SqlQuery, SqlTarget } from "./types.js";
