import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "node-sql-parser";
import { describe, expect, it } from "vitest";
import { cohortTable, customerSummaries, fromSqlRows, historicalLifetimeValue, summarize, toSql, type SqlDialectName, type SqlMetric, type SqlTarget } from "../../src/index.js";
import { dialectOf } from "../../src/internal/sql/dialects.js";
import { expectRetentionError } from "../support/expectRetentionError.js";
import { INJECTION_PAYLOADS } from "./payloads.js";

// The SQL text of toSql: golden files per metric and dialect (reviewed by hand; `UPDATE_GOLDEN=1 npx vitest run
// test/sql/toSql.test.ts` rewrites them), BigQuery and Snowflake SQL parsed by a parser that knows the dialect
// (node-sql-parser), identifiers that cannot break out of their quotes, options checked as in-process.
// DuckDB and PostgreSQL run the SQL for real: test/warehouse/sqlEquality.test.ts.

const { Parser } = pkg as unknown as { Parser: new () => { astify(sql: string, opt: { database: string }): unknown; parse(sql: string, opt: { database: string }): { tableList: string[] }; tableList(sql: string, opt: { database: string }): string[]; columnList(sql: string, opt: { database: string }): string[] } };
const parser = new Parser();

const DIALECTS: SqlDialectName[] = ["duckdb", "postgres", "clickhouse", "bigquery", "snowflake"];
const CASES: Array<[SqlMetric, unknown]> = [
  ["summarize", { timeZone: "Europe/Prague", from: "2024-01-01", to: "2025-01-01", asOf: "2024-12-31" }],
  ["customerRetentionRate", { timeZone: "America/New_York", start: "2024-01-01", end: "2025-01-01", activeWithinDays: 90 }],
  ["returningCustomerRate", { timeZone: "Asia/Kolkata", baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" }],
  ["cohortTable", { timeZone: "Australia/Lord_Howe", granularity: "week", weekStartsOn: 0, windows: "relative", mode: "consecutive", from: "2024-01-01", periods: 12, segmentBy: "segment" }],
  ["customerSummaries", { timeZone: "Europe/Prague", from: "2024-01-01", asOf: "2024-12-31", unit: "week" }],
  ["historicalLifetimeValue", { timeZone: "America/New_York", from: "2024-01-01", granularity: "quarter", revenue: "margin", marginRate: "0.35" }],
];
const GOLDEN = join(import.meta.dirname, "golden");

describe("golden SQL (reviewed by hand)", () => {
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

describe("BigQuery and Snowflake SQL parse in their dialect (node-sql-parser)", () => {
  const database = { bigquery: "bigquery", snowflake: "snowflake" } as const;
  for (const dialect of ["bigquery", "snowflake"] as const) {
    for (const [metric, options] of CASES) {
      it(`${metric} ${dialect}`, () => {
        for (const partitionBy of [undefined, "shop_id"]) {
          const q = toSql(metric, options as never, { dialect, table: ["shop", "orders"], ...(partitionBy === undefined ? {} : { partitionBy }) });
          // One parse (it throws on SQL the dialect does not read) gives the tables read: the one is the order table.
          expect(parser.parse(q.sql, { database: database[dialect] }).tableList.filter((t) => t.endsWith("::orders"))).toHaveLength(1);
        }
      });
    }
  }
});

describe("identifiers cannot change the query", () => {
  it("every dialect quotes a payload into one identifier (its quote characters doubled or escaped)", () => {
    for (const name of DIALECTS) {
      const d = dialectOf(name);
      for (const p of INJECTION_PAYLOADS) {
        const q = d.quoteIdent(p);
        const open = q[0] as string;
        expect(q.endsWith(open)).toBe(true);
        const inner = q.slice(1, -1);
        // Inside, the quote character appears only escaped: doubled ("") or after a backslash (`).
        const stripped = open === '"' ? inner.replace(/""/g, "") : inner.replace(/\\[\\`]/g, "");
        expect(stripped.includes(open), `${name} ${JSON.stringify(p)}`).toBe(false);
      }
    }
  });

  it("with payload table and column names the SQL differs from a plain one only inside the quoted names", () => {
    for (const dialect of DIALECTS) {
      const d = dialectOf(dialect);
      for (const [k, p] of INJECTION_PAYLOADS.entries()) {
        // One metric per payload, in turn (each compiles the same source CTE, where the names go).
        for (const [metric, options] of [CASES[k % CASES.length] as [SqlMetric, unknown]]) {
          const plain = toSql(metric, options as never, { dialect, table: "TBL_PLAIN", columns: { customerId: "COL_PLAIN" } });
          const evil = toSql(metric, options as never, { dialect, table: p, columns: { customerId: p } });
          expect(evil.sql).toBe(plain.sql.split(d.quoteIdent("TBL_PLAIN")).join(d.quoteIdent(p)).split(d.quoteIdent("COL_PLAIN")).join(d.quoteIdent(p)));
          expect(evil.params).toEqual(plain.params);
        }
      }
    }
  });

  it("BigQuery and Snowflake parsers read a payload table name back as that one table", () => {
    for (const [dialect, database] of [["bigquery", "bigquery"], ["snowflake", "snowflake"]] as const) {
      for (const p of INJECTION_PAYLOADS.filter((x) => !x.includes("\\") && !x.includes("`") && !x.includes('"'))) {
        const q = toSql("returningCustomerRate", CASES[2]?.[1] as never, { dialect, table: p });
        expect(parser.parse(q.sql, { database }).tableList.filter((t) => !/::(source_orders|observation|customer_windows)$/.test(t))).toEqual([`select::null::${p}`]);
      }
    }
  });

  it("values are bound: no option value appears in the SQL text", () => {
    const q = toSql("summarize", { from: "2024-01-01T00:00:00Z", asOf: "2024-06-30T12:00:00Z", timeZone: "Europe/Prague" }, { dialect: "postgres", table: "orders" });
    expect(q.sql).not.toContain("2024");
    expect([...q.params].sort()).toEqual(["2024-01-01T00:00:00.000Z", "2024-06-30T12:00:00.000Z"]);
    expect(q.sql).toContain("$1");
    const b = toSql("summarize", { from: "2024-01-01T00:00:00Z" }, { dialect: "bigquery", table: "orders" });
    expect(b.sql).toContain("TIMESTAMP(@p1)");
    expect(b.namedParams).toEqual({ p1: "2024-01-01T00:00:00.000Z" });
  });
});

describe("options and targets", () => {
  const target: SqlTarget = { dialect: "duckdb", table: "orders" };

  it("refuses what the in-process function refuses, with the same code and field", () => {
    expectRetentionError(() => toSql("summarize", { revenue: "nett" as never }, target), { code: "INVALID_OPTION", field: "revenue" });
    expectRetentionError(() => toSql("summarize", { from: "2024-02-01", to: "2024-01-01" }, target), { code: "INVALID_OPTION", field: "to" });
    expectRetentionError(() => toSql("summarize", { timeZone: "Mars/Olympus" }, target), { code: "INVALID_TIME_ZONE" });
    expectRetentionError(() => toSql("customerRetentionRate", { start: "2024-01-01" } as never, target), { code: "INVALID_OPTION", field: "end" });
    expectRetentionError(() => toSql("customerRetentionRate", { start: "2024-01-01", end: "2025-01-01", activeWithinDays: 0 }, target), { code: "INVALID_OPTION", field: "activeWithinDays" });
    expectRetentionError(() => toSql("returningCustomerRate", { baseTo: "2024-02-01", returnFrom: "2024-01-01", returnTo: "2024-03-01" }, target), { code: "INVALID_OPTION", field: "returnFrom" });
  });

  it("refuses unknown metrics, dialects and bad names", () => {
    expectRetentionError(() => toSql("notAMetric" as never, {} as never, target), { code: "INVALID_OPTION", field: "metric" });
    expectRetentionError(() => toSql("summarize", {}, { dialect: "oracle" as never, table: "orders" }), { code: "INVALID_OPTION", field: "dialect" });
    expectRetentionError(() => toSql("summarize", {}, { dialect: "duckdb", table: "" }), { code: "INVALID_OPTION", field: "table" });
    expectRetentionError(() => toSql("summarize", {}, { dialect: "duckdb", table: [] }), { code: "INVALID_OPTION", field: "table" });
    expectRetentionError(() => toSql("summarize", {}, { dialect: "duckdb", table: "o", columns: { placedAt: "a\u0000b" } }), { code: "INVALID_OPTION", field: "columns.placedAt" });
  });

  it("fromSqlRows reads driver cells (numbers, bigints, text) and refuses what is not the query's row", () => {
    const row = {
      orders: 3n,
      customers: "2",
      repeat_customers: 1,
      gross: "100.00",
      refunded: "10.00",
      first_orders: 2,
      first_gross: "50.00",
      first_refunded: "0.00",
      first_order_ms: "1704412800000",
      last_order_ms: 1707523200000n,
      as_of_ms: 1707523200000,
    };
    const r = fromSqlRows("summarize", [row], {});
    const lib = summarize([
      { orderId: "1", customerId: "ann", placedAt: "2024-01-05T00:00:00Z", total: "30.00" },
      { orderId: "2", customerId: "ann", placedAt: "2024-02-05T00:00:00Z", total: "50.00", refunded: "10.00" },
      { orderId: "3", customerId: "bob", placedAt: "2024-02-10T00:00:00Z", total: "20.00" },
    ]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(lib)));
    expectRetentionError(() => fromSqlRows("summarize", [], {}), { code: "INVALID_ARGUMENT", field: "rows" });
    expectRetentionError(() => fromSqlRows("summarize", [{ ...row, gross: 1.5e300 }], {}), { code: "INVALID_ARGUMENT", field: "rows[0].gross" });
    expectRetentionError(() => fromSqlRows("summarize", [{ ...row, orders: -1 }], {}), { code: "INVALID_ARGUMENT", field: "rows[0].orders" });
    expectRetentionError(() => fromSqlRows("summarize", [{ ...row, gross: 0.1 + 0.2 }], {}), { code: "INVALID_ARGUMENT", field: "rows[0].gross" });
  });
});

describe("cohortTable", () => {
  const target: SqlTarget = { dialect: "duckdb", table: "orders" };
  const orders = [
    { orderId: "1", customerId: "ann", placedAt: "2024-01-05T10:00:00Z", total: "30.00" },
    { orderId: "2", customerId: "bob", placedAt: "2024-01-20T10:00:00Z", total: "10.00" },
    { orderId: "3", customerId: "ann", placedAt: "2024-02-03T10:00:00Z", total: "20.00", refunded: "5.00" },
  ];

  it("every mode, granularity and window kind parses in BigQuery and Snowflake (node-sql-parser)", () => {
    // Five layouts that hold every piece of SQL once: each mode, each granularity, both window kinds.
    const layouts = [
      { mode: "classic", granularity: "day", windows: "calendar" },
      { mode: "unbounded", granularity: "week", windows: "relative" },
      { mode: "byPeriod", granularity: "month", windows: "calendar" },
      { mode: "consecutive", granularity: "quarter", windows: "relative" },
      { mode: "brackets", granularity: "year", windows: "relative", brackets: [[1, 1], [2, 4]] },
    ] as const;
    for (const options of layouts) {
      for (const database of ["bigquery", "snowflake"] as const) {
        const q = toSql("cohortTable", options as never, { dialect: database, table: ["shop", "orders"], partitionBy: "shop_id" });
        expect(() => parser.astify(q.sql, { database }), `${database} ${JSON.stringify(options)}`).not.toThrow();
      }
    }
  });

  it("binds the time zone, windows and brackets; pastes none of them", () => {
    const q = toSql("cohortTable", { timeZone: "Asia/Kolkata", windows: "relative", windowDays: 9, mode: "brackets", brackets: [[3, 5]] }, { dialect: "postgres", table: "orders" });
    expect(q.sql).not.toContain("Kolkata");
    expect(q.params).toEqual(["Asia/Kolkata", 9 * 86_400_000, 3, 5]);
  });

  it("refuses what the in-process function refuses, with the same code and field", () => {
    for (const [options, field] of [
      [{ granularity: "fortnight" }, "granularity"],
      [{ weekStartsOn: 7 }, "weekStartsOn"],
      [{ windows: "rolling" }, "windows"],
      [{ windowDays: 7 }, "windowDays"],
      [{ windows: "relative", windowDays: 0 }, "windowDays"],
      [{ mode: "sticky" }, "mode"],
      [{ mode: "brackets" }, "brackets"],
      [{ brackets: [[1, 2]] }, "brackets"],
      [{ periodIndexBase: 2 }, "periodIndexBase"],
      [{ periods: 0 }, "periods"],
      [{ rankPeriod: -1 }, "rankPeriod"],
      [{ from: "2024-02-01", to: "2024-01-01" }, "to"],
      [{ revenue: "nett" }, "revenue"],
      [{ marginRate: "0.3" }, "marginRate"],
      [{ refundAttribution: "later" }, "refundAttribution"],
      [{ segmentBy: 3 }, "segmentBy"],
    ] as const) {
      expectRetentionError(() => toSql("cohortTable", options as never, target), { code: "INVALID_OPTION", field });
      expectRetentionError(() => cohortTable(orders, options as never), { code: "INVALID_OPTION", field });
    }
  });

  it("refuses, with a clear reason, the options a warehouse table cannot answer (no cost or refundedAt column; a function)", () => {
    for (const [options, field] of [
      [{ revenue: "margin" }, "revenue"],
      [{ revenue: "margin", marginRate: "0.3" }, "revenue"],
      [{ refundAttribution: "refundDate" }, "refundAttribution"],
      [{ segmentBy: () => "x" }, "segmentBy"],
    ] as const) {
      expectRetentionError(() => toSql("cohortTable", options as never, target), { code: "INVALID_OPTION", field, messageStartsWith: `option ${field}: is not compiled to SQL` });
      expect(() => cohortTable(orders, options as never)).not.toThrow(/not compiled/);
    }
  });

  it("fromSqlRows reads the rows of each kind and refuses rows that are not the query's", () => {
    const rows = [
      { kind: "observation", as_of_ms: "1707000000000" },
      { kind: "cohort", cohort: 24_288, size: 2n, repeaters: 0, min_wall_ms: null, max_wall_ms: null },
      { kind: "cell", cohort: "24288", k: 0, orders: 2, gross: "40.00", refunded: "0.00", customers: 2 },
      { kind: "cell", cohort: 24_288, k: "1", orders: 1, gross: "20.00", refunded: "5.00", customers: 1 },
    ];
    const got = fromSqlRows("cohortTable", rows, { asOf: "2024-02-29" });
    expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(cohortTable(orders, { asOf: "2024-02-29" }))));
    expectRetentionError(() => fromSqlRows("cohortTable", rows.slice(1), {}), { code: "INVALID_ARGUMENT", field: "rows" });
    expectRetentionError(() => fromSqlRows("cohortTable", [...rows, rows[0] as never], {}), { code: "INVALID_ARGUMENT", field: "rows" });
    expectRetentionError(() => fromSqlRows("cohortTable", [...rows, { kind: "other" }], {}), { code: "INVALID_ARGUMENT", field: "rows[].kind" });
    expectRetentionError(() => fromSqlRows("cohortTable", [...rows, { kind: "cell", cohort: 1, k: 0, orders: 1, gross: "1", refunded: "0", customers: 1 }], {}), { code: "INVALID_ARGUMENT", field: "rows[].cohort" });
    expectRetentionError(() => fromSqlRows("cohortTable", [rows[0], rows[1], { ...rows[2], gross: 0.1 + 0.2 }] as never, {}), { code: "INVALID_ARGUMENT", field: "rows[0].gross" });
  });
});

describe("customerSummaries and historicalLifetimeValue options and rows", () => {
  const target: SqlTarget = { dialect: "postgres", table: "orders" };

  it("refuse what the in-process functions refuse, with the same code and field", () => {
    expectRetentionError(() => toSql("customerSummaries", { unit: "month" as never }, target), { code: "INVALID_OPTION", field: "unit" });
    expectRetentionError(() => toSql("customerSummaries", { unit: 0 }, target), { code: "INVALID_OPTION", field: "unit" });
    expectRetentionError(() => toSql("customerSummaries", { includeFirstPurchase: "yes" as never }, target), { code: "INVALID_OPTION", field: "includeFirstPurchase" });
    expectRetentionError(() => toSql("customerSummaries", { revenue: "margin" as never }, target), { code: "INVALID_OPTION", field: "revenue" });
    expectRetentionError(() => toSql("customerSummaries", { from: "2024-02-01", to: "2024-01-01" }, target), { code: "INVALID_OPTION", field: "to" });
    expectRetentionError(() => toSql("historicalLifetimeValue", { granularity: "week" as never }, target), { code: "INVALID_OPTION", field: "granularity" });
    expectRetentionError(() => toSql("historicalLifetimeValue", { periods: 0 }, target), { code: "INVALID_OPTION", field: "periods" });
    expectRetentionError(() => toSql("historicalLifetimeValue", { revenue: "margin", marginRate: "1.5" }, target), { code: "INVALID_OPTION", field: "marginRate" });
    expectRetentionError(() => toSql("historicalLifetimeValue", { timeZone: "Mars/Olympus" }, target), { code: "INVALID_TIME_ZONE" });
    for (const options of [{ granularity: "day" }, { periods: 2.5 }, { revenue: "nett" }, { marginRate: "0.3" }] as const) {
      const sql = (): unknown => toSql("historicalLifetimeValue", options as never, target);
      const lib = (): unknown => historicalLifetimeValue([], options as never);
      expect(sql).toThrow();
      expect(String((() => { try { sql(); } catch (e) { return (e as Error).message; } })())).toBe(String((() => { try { lib(); } catch (e) { return (e as Error).message; } })()));
    }
  });

  it("refuse the options that need columns an order table does not have here (margin from costs, refund dates)", () => {
    expectRetentionError(() => toSql("historicalLifetimeValue", { revenue: "margin" }, target), { code: "INVALID_OPTION", field: "revenue" });
    expectRetentionError(() => toSql("historicalLifetimeValue", { refundAttribution: "refundDate" }, target), { code: "INVALID_OPTION", field: "refundAttribution" });
    // With gross revenue there is no refund to move: the in-process result is the same, so it compiles.
    expect(() => toSql("historicalLifetimeValue", { revenue: "gross", refundAttribution: "refundDate" }, target)).not.toThrow();
  });

  it("fromSqlRows reads the rows in any order, driver cells of any kind, and refuses rows without their header", () => {
    const orders = [
      { orderId: "1", customerId: "ann", placedAt: "2024-01-01T10:00:00Z", total: "10.00" },
      { orderId: "2", customerId: "ann", placedAt: "2024-01-08T10:00:00Z", total: "20.00" },
      { orderId: "3", customerId: "ann", placedAt: "2024-01-08T12:00:00Z", total: "5.00" },
      { orderId: "4", customerId: "7", placedAt: "2024-01-20T10:00:00Z", total: "7.50" },
    ];
    const options = { asOf: "2024-01-29", unit: "week" } as const;
    const header = { customer_index: 0, customer_id: null, as_of_ms: null };
    const ann = { customer_index: "1", customer_id: "ann", orders: 3n, purchase_days: 2, first_day: 19723, last_day: "19730", first_order_ms: 1704103200000, last_order_ms: "1704715200000", gross: "35.00", refunded: "0.00", first_day_gross: "10.00", first_day_refunded: "0" };
    const seven = { customer_index: 2n, customer_id: 7, orders: 1, purchase_days: 1, first_day: 19742, last_day: 19742, first_order_ms: 1705744800000n, last_order_ms: 1705744800000n, gross: "7.5", refunded: "0", first_day_gross: "7.5", first_day_refunded: "0" };
    const r = fromSqlRows("customerSummaries", [seven, header, ann], options);
    expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(customerSummaries(orders, options))));
    expectRetentionError(() => fromSqlRows("customerSummaries", [ann], options), { code: "INVALID_ARGUMENT", field: "rows" });
    expectRetentionError(() => fromSqlRows("customerSummaries", [header, header], options), { code: "INVALID_ARGUMENT", field: "rows" });
    expectRetentionError(() => fromSqlRows("customerSummaries", [header, { ...ann, gross: 35.5 }], options), { code: "INVALID_ARGUMENT", field: "rows[].gross" });
    expectRetentionError(() => fromSqlRows("historicalLifetimeValue", [{ cell_index: 1 }], {}), { code: "INVALID_ARGUMENT", field: "rows" });
  });
});
