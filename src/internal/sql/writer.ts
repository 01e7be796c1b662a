import type { SqlColumns, SqlDialectName, SqlMetric, SqlQuery, SqlTarget } from "../../sql/types.js";
import { optionError } from "../fail.js";
import { DIALECT_NAMES, dialectOf, type SqlDialect, type SqlParamType } from "./dialects.js";

/**
 * The query writer of `toSql`: collects parameters (a value used twice gets one placeholder), quotes identifiers,
 * writes the order-table CTE every metric starts from, and joins named CTEs into one readable query.
 */
export class SqlWriter {
  readonly d: SqlDialect;
  private readonly values: Array<string | number> = [];
  private readonly slots = new Map<string, number>();
  /** Verbatim pieces (quoted identifiers, a subquery): laid out as tokens, put in last, so no indentation touches them. */
  private readonly verbatim: string[] = [];

  constructor(dialect: SqlDialect) {
    this.d = dialect;
  }

  /** The placeholder of a value (bound, never pasted). */
  param(value: string | number, type: SqlParamType): string {
    const key = `${type}:${typeof value}:${String(value)}`;
    let i = this.slots.get(key);
    if (i === undefined) {
      this.values.push(value);
      i = this.values.length;
      this.slots.set(key, i);
    }
    return this.d.placeholder(i, type);
  }

  /**
   * A token that stands for `text` until {@link query} puts it in: the layout (indenting CTE bodies) never sees it,
   * so an identifier with a line break, or a multi-line subquery, is pasted exactly as given.
   */
  verbatimToken(text: string): string {
    this.verbatim.push(text);
    return `\u0000${this.verbatim.length - 1}\u0000`;
  }

  /** An instant (epoch ms) as a bound ISO 8601 UTC parameter read as a timestamp. */
  instant(ms: number): string {
    return this.d.instant(this.param(new Date(ms).toISOString(), "timestamp"));
  }

  /** The finished query. */
  query(metric: SqlMetric, sql: string): SqlQuery {
    const named: Record<string, string | number> = {};
    this.values.forEach((v, i) => {
      named[`p${i + 1}`] = v;
    });
    const text = sql.replace(/\u0000(\d+)\u0000/g, (_, i: string) => this.verbatim[Number(i)] as string);
    return { metric, dialect: this.d.name, sql: text, params: [...this.values], namedParams: named };
  }
}

/** A CTE: its name, the comment that states its definition choice, and its body. */
export interface Cte {
  name: string;
  comment: string;
  body: string;
}

/** `WITH` the CTEs (each preceded by its `--` comment) and the final SELECT, under a header comment. */
export function withCtes(header: string, ctes: readonly Cte[], select: string): string {
  const indent = (s: string): string => s.split("\n").map((l) => `  ${l}`).join("\n");
  const parts = ctes.map((c) => `${c.comment.split("\n").map((l) => `-- ${l}`).join("\n")}\n${c.name} AS (\n${indent(c.body)}\n)`);
  return `-- ${header}\nWITH\n${parts.join(",\n")}\n${select}\n`;
}

/** The resolved table and columns of a {@link SqlTarget}. */
export interface Source {
  writer: SqlWriter;
  from: string;
  customer: string;
  orderId: string;
  placedAt: string;
  total: string;
  refunded: string | null;
  /** The quoted partition column, or null. */
  partition: string | null;
}

/** `part, ` when the query is partitioned (a column list prefix), else "". */
export const partCols = (s: Source, prefix = ""): string => (s.partition === null ? "" : `${prefix}part, `);

/** How a per-partition CTE joins `observation`: on the partition, or (one order set) the one row. */
export function joinObservation(s: Source, alias: string): string {
  return s.partition === null ? "CROSS JOIN observation" : `JOIN observation ON observation.part = ${alias}.part`;
}

function identifier(name: string, value: unknown): string {
  if (typeof value !== "string" || value === "" || value.includes("\u0000")) {
    throw optionError(name, "must be a non-empty identifier without NUL characters", value, 'Pass the column or table name as it is spelled in the database, such as "placed_at".');
  }
  return value;
}

/** Reads the target argument of `toSql` (dialect, table, columns), or throws INVALID_OPTION naming the field. */
export function readTarget(target: SqlTarget): Source {
  if (typeof target !== "object" || target === null) {
    throw optionError("target", "must be an object { dialect, table, columns }", target, 'Pass for example { dialect: "postgres", table: "orders" }.');
  }
  const name = target.dialect as SqlDialectName;
  if (!DIALECT_NAMES.includes(name)) {
    throw optionError("dialect", `must be one of ${DIALECT_NAMES.map((n) => `"${n}"`).join(", ")}`, target.dialect, "Pick the engine the query runs on.");
  }
  const d = dialectOf(name);
  const writer = new SqlWriter(d);
  const q = (field: string, v: unknown): string => writer.verbatimToken(d.quoteIdent(identifier(field, v)));
  const t = target.table as unknown;
  let from: string;
  if (typeof t === "string") from = q("table", t);
  else if (Array.isArray(t) && t.length > 0) from = t.map((part: unknown) => q("table", part)).join(".");
  else if (typeof t === "object" && t !== null && typeof (t as { subquery?: unknown }).subquery === "string" && (t as { subquery: string }).subquery.trim() !== "") {
    from = `(${writer.verbatimToken((t as { subquery: string }).subquery)}) AS order_table`;
  } else {
    throw optionError("table", "must be a table name, its qualified parts, or { subquery }", t, 'Pass for example "orders", ["shop", "orders"] or { subquery: "SELECT * FROM orders WHERE shop_id = 7" }.');
  }
  const columns: SqlColumns = target.columns ?? {};
  if (typeof columns !== "object" || columns === null) throw optionError("columns", "must be an object", columns, "Map order fields to column names, such as { placedAt: \"created_at\" }.");
  return {
    writer,
    from,
    customer: q("columns.customerId", columns.customerId ?? "customer_id"),
    orderId: q("columns.orderId", columns.orderId ?? "order_id"),
    placedAt: q("columns.placedAt", columns.placedAt ?? "placed_at"),
    total: q("columns.total", columns.total ?? "total"),
    refunded: columns.refunded === null ? null : q("columns.refunded", columns.refunded ?? "refunded"),
    partition: target.partitionBy === undefined ? null : q("partitionBy", target.partitionBy),
  };
}

/** The CTE `source_orders`: the order table under fixed names (customer, order_key, placed, gross, refund). */
export function sourceCte(s: Source): Cte {
  const d = s.writer.d;
  return {
    name: "source_orders",
    comment:
      "The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,\n" +
      "byte by byte, as prepareOrders compares them (a number id is its decimal text).",
    body:
      `SELECT\n${s.partition === null ? "" : `  ${s.partition} AS part,\n`}  ${s.customer} AS customer,\n  ${d.binaryText(s.orderId)} AS order_key,\n  ${s.placedAt} AS placed,\n  ${s.total} AS gross,\n` +
      `  ${s.refunded === null ? "0" : `COALESCE(${s.refunded}, 0)`} AS refund\nFROM ${s.from}`,
  };
}

/**
 * The CTE `observation` (one row, `as_of`): the `asOf` option, or else the latest order's time, the library's
 * default for timestamped orders.
 */
export function observationCte(s: Source, asOf: number | null): Cte {
  const each = s.partition === null ? "" : " (per partition)";
  if (asOf === null) {
    return {
      name: "observation",
      comment: `asOf${each}: not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).`,
      body: `SELECT ${s.partition === null ? "" : "part, "}${s.writer.d.maxOrNull("placed")} AS as_of FROM source_orders${s.partition === null ? "" : " GROUP BY part"}`,
    };
  }
  const at = s.writer.instant(asOf);
  return {
    name: "observation",
    comment: `asOf${each}: the observation end (inclusive); later orders are not yet seen.`,
    body: s.partition === null ? `SELECT ${at} AS as_of` : `SELECT part, ${at} AS as_of FROM source_orders GROUP BY part`,
  };
}

/** `placed >= lo AND placed < hi` for the finite bounds of a half-open window, or `[]`. */
export function windowConditions(w: SqlWriter, from: number, to: number, column = "placed"): string[] {
  const out: string[] = [];
  if (Number.isFinite(from)) out.push(`${column} >= ${w.instant(from)}`);
  if (Number.isFinite(to)) out.push(`${column} < ${w.instant(to)}`);
  return out;
}
