import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "node-sql-parser";
import { describe, expect, it } from "vitest";
import { fromSqlRows, growthAccounting, retentionSeries, toSql, type SqlDialectName, type SqlMetric, type SqlTarget } from "../../src/index.js";
import { dialectOf } from "../../src/internal/sql/dialects.js";
import { expectRetentionError } from "../support/expectRetentionError.js";
import { INJECTION_PAYLOADS } from "./payloads.js";

// toSql of the period metrics (retentionSeries, growthAccounting), as test/sql/toSql.test.ts does for the others:
// golden files (`UPDATE_GOLDEN=1 npx vitest run test/sql/toSqlPeriods.test.ts` rewrites them), BigQuery and
// Snowflake SQL parsed in their dialect, payload names, options refused as in-process, rows read back.
// test/warehouse/sqlEquality.test.ts runs them on DuckDB and PostgreSQL.

const { Parser } = pkg as unknown as { Parser: new () => { astify(sql: string, opt: { database: string }): unknown; parse(sql: string, opt: { database: string }): { tableList: string[] }; tableList(sql: string, opt: { database: string }): string[] } };
const parser = new Parser();

const DIALECTS: SqlDialectName[] = ["duckdb", "postgres", "clickhouse", "bigquery", "snowflake"];
const CASES: Array<[SqlMetric, unknown]> = [
  ["retentionSeries", { timeZone: "Europe/Prague", granularity: "week", weekStartsOn: 0, activeWithinDays: 90, from: "2024-01-01", asOf: "2024-12-31" }],
  ["growthAccounting", { timeZone: "America/New_York", granularity: "quarter", revenue: "gross" }],
];
const GOLDEN = join(import.meta.dirname, "golden");

describe("golden SQL of the period metrics (reviewed by hand)", () => {
  for (const dialect of DIALECTS) {
    for (const [metric, options] of CASES) {
      for (const partitioned of [false, true]) {
        const file = join(GOLDEN, `${metric}${partitioned ? ".partitioned" : ""}.${dialect}.sql`);
        it(`${metric} ${dialect}${partitioned ? " partitioned by shop_id" : ""}`, () => {
          const q = toSql(metric, options as never, { dialect, table: ["shop", "orders"], ...(partitioned ? { partitionBy: "shop_id" } : {}) });
          const text = `${q.sql}-- params: ${JSON.stringify(q.params)}\n`;
          if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
          expect(text).toBe(readFileSync(file, "utf8"));
        });
      }
    }
  }
});

describe("BigQuery and Snowflake SQL of the period metrics parse in their dialect (node-sql-parser)", () => {
  for (const dialect of ["bigquery", "snowflake"] as const) {
    for (const [metric, options] of CASES) {
      it(`${metric} ${dialect}`, () => {
        // Every granularity, every other one partitioned (the two forms differ only in the partition column, the
        // granularities only in the period expression): each piece of SQL is parsed at least once.
        for (const [i, granularity] of ["day", "week", "month", "quarter", "year"].entries()) {
          const partitionBy = i % 2 === 1 ? "shop_id" : undefined;
          const q = toSql(metric, { ...(options as object), granularity } as never, { dialect, table: ["shop", "orders"], ...(partitionBy === undefined ? {} : { partitionBy }) });
          // One parse (it throws on SQL the dialect does not read) gives the tables read: the one is the order table.
          expect(parser.parse(q.sql, { database: dialect }).tableList.filter((t) => t.endsWith("::orders"))).toHaveLength(1);
        }
      });
    }
  }
});

describe("payload names cannot change the period metrics' query", () => {
  it("the SQL differs from a plain one only inside the quoted names, and the parameters are the same", () => {
    for (const dialect of DIALECTS) {
      const d = dialectOf(dialect);
      for (const [k, p] of INJECTION_PAYLOADS.entries()) {
        const [metric, options] = CASES[k % CASES.length] as [SqlMetric, unknown];
        for (const partitionBy of [undefined, "PART_PLAIN"]) {
          const plain = toSql(metric, options as never, { dialect, table: "TBL_PLAIN", columns: { customerId: "COL_PLAIN" }, ...(partitionBy === undefined ? {} : { partitionBy }) });
          const evil = toSql(metric, options as never, { dialect, table: p, columns: { customerId: p }, ...(partitionBy === undefined ? {} : { partitionBy: p }) });
          const swap = (sql: string): string => ["TBL_PLAIN", "COL_PLAIN", "PART_PLAIN"].reduce((s, name) => s.split(d.quoteIdent(name)).join(d.quoteIdent(p)), sql);
          expect(evil.sql).toBe(swap(plain.sql));
          expect(evil.params).toEqual(plain.params);
        }
      }
    }
  });

  it("the zone, the window and the instants are bound parameters", () => {
    const q = toSql("retentionSeries", { timeZone: "Europe/Prague", activeWithinDays: 30, asOf: "2024-06-30T12:00:00Z" }, { dialect: "postgres", table: "orders" });
    expect(q.sql).not.toContain("Prague");
    expect(q.sql).not.toContain("2592000000");
    expect([...q.params].map(String).sort()).toEqual(["2024-06-30T12:00:00.000Z", "2592000000", "Europe/Prague"]);
    const c = toSql("growthAccounting", { timeZone: "Asia/Kolkata" }, { dialect: "clickhouse", table: "orders" });
    expect(c.sql).toContain("toDate(placed, {p1:String})");
    expect(c.namedParams).toEqual({ p1: "Asia/Kolkata" });
  });
});

describe("options of the period metrics", () => {
  const target: SqlTarget = { dialect: "duckdb", table: "orders" };

  it("refuses what the in-process function refuses, with the same code and field", () => {
    for (const [options, field] of [
      [{ granularity: "fortnight" }, "granularity"],
      [{ weekStartsOn: 7 }, "weekStartsOn"],
      [{ from: "2024-03-01", to: "2024-02-01" }, "to"],
      [{ asOf: "yesterday" }, "asOf"],
      [{ revenue: "margin" }, "revenue"],
      [{ granularity: "day", from: "1700-01-01", to: "2024-01-01" }, "granularity"],
    ] as const) {
      for (const metric of ["retentionSeries", "growthAccounting"] as const) {
        if (field === "revenue" && metric === "retentionSeries") continue;
        expectRetentionError(() => toSql(metric, options as never, target), { code: "INVALID_OPTION", field });
        if (field !== "revenue") expectRetentionError(() => (metric === "retentionSeries" ? retentionSeries : growthAccounting)([], options as never), { code: "INVALID_OPTION", field });
      }
    }
    expectRetentionError(() => toSql("retentionSeries", { activeWithinDays: 0 }, target), { code: "INVALID_OPTION", field: "activeWithinDays" });
    expectRetentionError(() => toSql("retentionSeries", { churn: { denominator: "end" } as never }, target), { code: "INVALID_OPTION", field: "churn.denominator" });
    expectRetentionError(() => toSql("growthAccounting", { timeZone: "Mars/Olympus" }, target), { code: "INVALID_TIME_ZONE" });
  });

  it("moves orders by the window in whole milliseconds as the kernel compares them, and refuses the windows in between", () => {
    const windowOf = (days: number): unknown => toSql("retentionSeries", { activeWithinDays: days }, { dialect: "postgres", table: "orders" }).params[1];
    expect([0.5, 45.25, 0.7, 1 / 7, 1e-9].map(windowOf)).toEqual([43_200_000, 3_909_600_000, 60_480_000, 12_342_857, 0]);
    expectRetentionError(() => toSql("retentionSeries", { activeWithinDays: 1.0001 / 86_400_000 }, target), { code: "INVALID_OPTION", field: "activeWithinDays" });
  });
});

describe("fromSqlRows of the period metrics", () => {
  const orders = [
    { orderId: "1", customerId: "ann", placedAt: "2024-01-10T12:00:00Z", total: "10.00" },
    { orderId: "2", customerId: "bob", placedAt: "2024-01-20T12:00:00Z", total: "20.00", refunded: "5.00" },
    { orderId: "3", customerId: "ann", placedAt: "2024-02-10T12:00:00Z", total: "15.50" },
    { orderId: "4", customerId: "bob", placedAt: "2024-03-05T12:00:00Z", total: "5.00" },
  ];
  const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

  it("growthAccounting: rows by hand (churns per period before, money as text) give the in-process result", () => {
    // Month indices: 2024-01 = 24288. ann: Jan, Feb (retained); bob: Jan, Mar (churned in Feb, resurrected in Mar).
    const row = (period: number, c: [number, number, number, number], m: [string, string, string, string, string, string]) => ({
      period: String(period),
      new_customers: c[0],
      retained_customers: c[1],
      resurrected_customers: c[2],
      churned_next_customers: c[3],
      new_revenue: m[0],
      retained_revenue: m[1],
      resurrected_revenue: m[2],
      expansion_revenue: m[3],
      contraction_revenue: m[4],
      churned_next_revenue: m[5],
      first_order_ms: Date.parse("2024-01-10T12:00:00Z"),
      as_of_ms: "1709640000000",
    });
    const rows = [
      row(24288, [2, 0, 0, 1], ["25.00", "0", "0", "0", "0", "15.00"]),
      row(24289, [0, 1, 0, 1], ["0", "15.50", "0", "5.50", "0", "15.50"]),
      row(24290, [0, 0, 1, 1], ["0", "0", "5.00", "0", "0", "5.00"]),
    ];
    expect(json(fromSqlRows("growthAccounting", rows, {}))).toEqual(json(growthAccounting(orders)));
    expectRetentionError(() => fromSqlRows("growthAccounting", [], {}), { code: "INVALID_ARGUMENT", field: "rows" });
    expectRetentionError(() => fromSqlRows("growthAccounting", [rows[0] as Record<string, unknown>, { ...rows[1], new_revenue: 0.1 }], {}), { code: "INVALID_ARGUMENT", field: "rows[1].new_revenue" });
    expectRetentionError(() => fromSqlRows("growthAccounting", [{ ...rows[0], period: "x" }], {}), { code: "INVALID_ARGUMENT", field: "rows[0].period" });
  });

  it("retentionSeries: rows by hand (changes per period) give the in-process result", () => {
    // activeWithinDays 30, months: ann Jan 10 → active at Feb 1 (reach Feb); Feb 10 → Mar 1; bob Jan 20 → Feb 1; Mar 5 → Apr 1.
    // Runs: ann [Feb, Mar], bob [Feb, Feb] and [Apr, Apr].
    const row = (period: number, active: number, both: number, starts: number, fresh: number, nae: number) => ({
      period,
      active_change: active,
      both_change: both,
      run_starts: starts,
      new_customers: fresh,
      new_active_at_end: nae,
      first_order_ms: "1704888000000",
      as_of_ms: null,
    });
    const rows = [row(24288, 0, 0, 0, 2, 2), row(24289, 2, 1, 2, 0, 0), row(24290, -1, -1, 0, 0, 0), row(24291, 0, 0, 1, 0, 0), row(24292, -1, 0, 0, 0, 0)];
    const options = { activeWithinDays: 30, asOf: "2024-04-30" };
    expect(json(fromSqlRows("retentionSeries", rows, options))).toEqual(json(retentionSeries(orders, options)));
    expectRetentionError(() => fromSqlRows("retentionSeries", [{ ...rows[0], active_change: 1.5 }], options), { code: "INVALID_ARGUMENT", field: "rows[0].active_change" });
  });
});
