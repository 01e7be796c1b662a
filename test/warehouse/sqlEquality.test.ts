import fc from "fast-check";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnsOf } from "../../src/internal/book/OrderBook.js";
import { dialectOf, weekStart, type SqlDialect } from "../../src/internal/sql/dialects.js";
import { ZoneCalendar } from "../../src/internal/time/zone.js";
import {
  cohortTable,
  customerRetentionRate,
  customerSummaries,
  fitBetaGeo,
  fromSqlRows,
  growthAccounting,
  retentionSeries,
  historicalLifetimeValue,
  prepareOrders,
  returningCustomerRate,
  summarize,
  toSql,
  type Order,
  type OrderBook,
  type SqlMetric,
  type SqlMetricOptions,
  type SqlQuery,
  type SqlTarget,
} from "../../src/index.js";
import { readCdnowMaster } from "../../scripts/cdnow.js";
import { generateOrders } from "../../bench/generateOrders.js";
import { INJECTION_PAYLOADS } from "../sql/payloads.js";
import { copyInto } from "./pgCopy.js";
import { postgresUnavailable, startPostgres, type PgServer } from "./postgres.js";

// toSql + fromSqlRows against the in-process metrics, on real engines: embedded DuckDB and a throwaway PostgreSQL
// server (test/warehouse/postgres.ts). Every field of every result is compared (JSON of the results: money to the
// cent and beyond, as exact decimal text; ratios bit for bit, since fromSqlRows divides the same integers).
// Order sets: CDNOW master (69,659 orders), and 200 generated shops in four zones with orders minutes from
// month starts and DST changes, refunds and same-instant repeats, loaded into ONE table with a shop column.

type Engine = "duckdb" | "postgres" | "clickhouse";

interface Runner {
  engine: Engine;
  run(q: SqlQuery): Promise<Record<string, unknown>[]>;
  /** Creates table `name` (shop, order_id, customer_id, placed_at, total, refunded) with the orders of each shop. */
  load(name: string, shops: ReadonlyArray<{ shop: number; orders: readonly Order[] }>): Promise<void>;
  exec(sql: string): Promise<Record<string, unknown>[]>;
}

interface Row {
  shop: number;
  orderId: string;
  customerId: string;
  placedAt: string;
  total: string;
  refunded: string | null;
  segment: string | null;
}

function rowsOf(shops: ReadonlyArray<{ shop: number; orders: readonly Order[] }>): Row[] {
  const out: Row[] = [];
  for (const { shop, orders } of shops) {
    for (const o of orders) {
      out.push({
        shop,
        orderId: String(o.orderId),
        customerId: String(o.customerId),
        placedAt: new Date(o.placedAt as string).toISOString(),
        total: String(o.total),
        refunded: o.refunded === undefined || o.refunded === null ? null : String(o.refunded),
        segment: o.segment ?? null,
      });
    }
  }
  return out;
}

function duckRunner(connection: DuckDBConnection): Runner {
  return {
    engine: "duckdb",
    async run(q) {
      return (await connection.runAndReadAll(q.sql, q.params)).getRowObjectsJson() as Record<string, unknown>[];
    },
    async exec(sql) {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    },
    async load(name, shops) {
      const t = `"${name}"`;
      const raw = `"${name}_raw"`;
      await connection.run(`DROP TABLE IF EXISTS ${raw}; DROP TABLE IF EXISTS ${t}`);
      await connection.run(`CREATE TABLE ${raw} (shop INTEGER, order_id VARCHAR, customer_id VARCHAR, placed_at VARCHAR, total VARCHAR, refunded VARCHAR, segment VARCHAR)`);
      const a = await connection.createAppender(`${name}_raw`);
      for (const r of rowsOf(shops)) {
        a.appendInteger(r.shop);
        a.appendVarchar(r.orderId);
        a.appendVarchar(r.customerId);
        a.appendVarchar(r.placedAt);
        a.appendVarchar(r.total);
        if (r.refunded === null) a.appendNull();
        else a.appendVarchar(r.refunded);
        if (r.segment === null) a.appendNull();
        else a.appendVarchar(r.segment);
        a.endRow();
      }
      a.closeSync();
      await connection.run(
        `CREATE TABLE ${t} AS SELECT shop, order_id, customer_id, CAST(placed_at AS TIMESTAMPTZ) AS placed_at,
           CAST(total AS DECIMAL(18, 2)) AS total, CAST(refunded AS DECIMAL(18, 2)) AS refunded, segment FROM ${raw};
         DROP TABLE ${raw}`,
      );
    },
  };
}

function pgRunner(server: PgServer): Runner {
  const c = server.client;
  return {
    engine: "postgres",
    async run(q) {
      return (await c.query(q.sql, q.params)).rows as Record<string, unknown>[];
    },
    async exec(sql) {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    },
    async load(name, shops) {
      const t = `"${name}"`;
      const rows = rowsOf(shops);
      await c.query(`DROP TABLE IF EXISTS ${t}`);
      await c.query(`CREATE TABLE ${t} (shop integer, order_id text, customer_id text, placed_at timestamptz, total numeric(18, 2), refunded numeric(18, 2), segment text)`);
      // COPY FROM STDIN (test/warehouse/pgCopy.ts): 100k orders in about a second less than INSERT … unnest(…).
      await copyInto(c, t, ["shop", "order_id", "customer_id", "placed_at", "total", "refunded", "segment"], rows.map((r) => [r.shop, r.orderId, r.customerId, r.placedAt, r.total, r.refunded, r.segment]));
      await c.query(`CREATE INDEX ON ${t} (shop); ANALYZE ${t}`);
    },
  };
}

/** The part of chdb's Session (embedded ClickHouse) the tests use. */
interface ChSession {
  query(sql: string, format?: string): string;
  queryBind(sql: string, args: object, format?: string): string;
  cleanup?(): void;
}

/**
 * ClickHouse through chdb (the ClickHouse engine as a library, npm `chdb`, 546 MB installed): used when it is
 * installed (`npm install --no-save chdb@3.4.0`) and asked for:
 * `RM_CLICKHOUSE=1 npx vitest run --pool=forks test/warehouse/sqlEquality.test.ts`. Not a declared dependency
 * because of its size.
 */
async function chdbSession(): Promise<ChSession | null> {
  // Opt-in: chdb's native addon crashes a worker thread at exit (vitest's default pool); run with --pool=forks.
  if (process.env.RM_CLICKHOUSE !== "1") return null;
  const name = "chdb";
  try {
    const mod = (await import(name)) as { Session: new () => ChSession };
    return new mod.Session();
  } catch (e) {
    // Asked for and not there: fail, so that a run meant to check ClickHouse cannot pass without it.
    throw new Error(`RM_CLICKHOUSE=1 but chdb cannot be loaded (npm install --no-save chdb@3.4.0): ${String(e)}`);
  }
}

function chRunner(session: ChSession): Runner {
  const parse = (text: string): Record<string, unknown>[] => text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    engine: "clickhouse",
    async run(q) {
      // Decimals and 64-bit integers as JSON strings/numbers as ClickHouse writes them.
      return parse(session.queryBind(q.sql, q.namedParams, "JSONEachRow"));
    },
    async exec(sql) {
      return parse(session.query(sql, "JSONEachRow"));
    },
    async load(name, shops) {
      const t = `\`${name}\``;
      session.query(`DROP TABLE IF EXISTS ${t}`);
      session.query(`CREATE TABLE ${t} (shop Int32, order_id String, customer_id String, placed_at DateTime64(3, 'UTC'), total Decimal(18, 2), refunded Nullable(Decimal(18, 2)), segment Nullable(String)) ENGINE = Memory`);
      const rows = rowsOf(shops);
      for (let i = 0; i < rows.length; i += 20_000) {
        const lines = rows.slice(i, i + 20_000).map((r) =>
          JSON.stringify({ shop: r.shop, order_id: r.orderId, customer_id: r.customerId, placed_at: r.placedAt.replace("T", " ").replace("Z", ""), total: r.total, refunded: r.refunded, segment: r.segment }),
        );
        session.query(`INSERT INTO ${t} FORMAT JSONEachRow ${lines.join("\n")}`);
      }
    },
  };
}

/** The in-process result of a metric (the function the SQL stands for). */
function inProcess<M extends SqlMetric>(metric: M, book: OrderBook, options: SqlMetricOptions[M]): unknown {
  if (metric === "summarize") return summarize(book, options as SqlMetricOptions["summarize"]);
  if (metric === "customerRetentionRate") return customerRetentionRate(book, options as SqlMetricOptions["customerRetentionRate"]);
  if (metric === "retentionSeries" || metric === "growthAccounting") return inProcessPeriods(metric, book, options);
  if (metric === "cohortTable") return cohortTable(book, options as SqlMetricOptions["cohortTable"]);
  if (metric === "customerSummaries") return customerSummaries(book, options as SqlMetricOptions["customerSummaries"]);
  if (metric === "historicalLifetimeValue") return historicalLifetimeValue(book, options as SqlMetricOptions["historicalLifetimeValue"]);
  return returningCustomerRate(book, options as SqlMetricOptions["returningCustomerRate"]);
}

const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** Byte order of ASCII/UTF-16 text, as the SQL's binary order id key compares (the tests' ids are ASCII or one code unit). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/**
 * The orders in time order (then by order id): customerSummaries lists customers by first appearance in the input,
 * the SQL by first order (time, then id); the two agree on time-ordered input.
 */
const inTimeOrder = (orders: readonly Order[]): Order[] =>
  [...orders].sort((a, b) => Date.parse(a.placedAt as string) - Date.parse(b.placedAt as string) || byText(String(a.orderId), String(b.orderId)));
/**
 * A customerSummaries result (as JSON) with its customers, and the entries of each column, sorted by customer id:
 * the generated shops' orders are not in time order, so the in-process order (first appearance) and the SQL's
 * (first order) differ; every field is still compared. (CDNOW and the bench set compare the order too.)
 */
function byCustomerId(result: unknown): unknown {
  const r = result as { customers: Array<{ customerId: string }>; columns: Record<string, unknown> };
  const order = r.customers.map((c, k) => [c.customerId, k] as const).sort((a, b) => byText(a[0], b[0])).map(([, k]) => k);
  const columns = Object.fromEntries(Object.entries(r.columns).map(([name, v]) => [name, Array.isArray(v) ? order.map((k) => v[k]) : v]));
  return { ...r, customers: order.map((k) => r.customers[k]), columns };
}

/** The metrics whose query returns many rows (a header row per order set, then one per customer or cell). */
const MANY_ROWS = new Set<SqlMetric>(["customerSummaries", "historicalLifetimeValue"]);

// ---------------------------------------------------------------------------------------------------------------
// Generated shops.

const ZONES = ["America/New_York", "Europe/Prague", "Australia/Lord_Howe", "Asia/Kolkata"] as const;
/** DST changes of 2024 (UTC), per zone; Kolkata has none. */
const DST: Record<(typeof ZONES)[number], string[]> = {
  "America/New_York": ["2024-03-10T07:00:00Z", "2024-11-03T06:00:00Z"],
  "Europe/Prague": ["2024-03-31T01:00:00Z", "2024-10-27T01:00:00Z"],
  "Australia/Lord_Howe": ["2024-04-06T15:00:00Z", "2024-10-05T15:30:00Z"],
  "Asia/Kolkata": [],
};

/** Instants a shop's orders cluster around: local midnights of month starts (and a Monday), and DST changes. */
function anchors(zone: (typeof ZONES)[number]): number[] {
  const cal = new ZoneCalendar(zone);
  const out = DST[zone].map((s) => Date.parse(s));
  for (const d of ["2024-01-01", "2024-03-01", "2024-04-01", "2024-07-01", "2024-10-01", "2024-11-01", "2025-01-01", "2024-03-11"]) {
    out.push(cal.startOfLocalDay(Date.parse(d) / 86_400_000));
  }
  return out;
}

/** Shops that share a zone and the options of each metric, compiled as ONE partitioned query per metric. */
interface Batch {
  zone: (typeof ZONES)[number];
  /** The orders of each shop of the batch (each shop has at least one order, so it has a row). */
  shops: Order[][];
  summarize: SqlMetricOptions["summarize"];
  customerRetentionRate: SqlMetricOptions["customerRetentionRate"];
  returningCustomerRate: SqlMetricOptions["returningCustomerRate"];
  /** Two cohortTable option sets per batch: batch i has layouts 2i and 2i + 1 of COHORT_LAYOUTS (see below). */
  cohortTables: Array<NonNullable<SqlMetricOptions["cohortTable"]>>;
  customerSummaries: SqlMetricOptions["customerSummaries"];
  historicalLifetimeValue: SqlMetricOptions["historicalLifetimeValue"];
}

const MINUTE = 60_000;
const SHOPS_PER_BATCH = 8;

const batchArb: fc.Arbitrary<Batch> = fc.constantFrom(...ZONES).chain((zone) => {
  const at = anchors(zone);
  // Minutes from an anchor (a few, so that same-instant repeats happen), or days.
  const instant = fc.tuple(fc.nat(at.length - 1), fc.constantFrom(-61, -30, -1, 0, 0, 1, 29, 60, 24 * 60 - 1, 3 * 24 * 60), fc.integer({ min: -40, max: 40 })).map(
    ([a, m, days]) => (at[a] as number) + m * MINUTE + (days % 3 === 0 ? days * 86_400_000 : 0),
  );
  const order = fc.record({
    c: fc.constantFrom("ann", "bob", "cy", "dee", "7", "Ωmega"),
    t: instant,
    cents: fc.integer({ min: 0, max: 50_000 }),
    refund: fc.constantFrom("none", "none", "part", "all", "zero"),
  });
  const bound = fc.oneof(instant.map((ms) => new Date(ms).toISOString()), fc.constantFrom("2024-03-01", "2024-07-01", "2024-11-03"));
  const cal = new ZoneCalendar(zone);
  const ms = (s: string): number => (s.length === 10 ? cal.startOfLocalDay(Date.parse(s) / 86_400_000) : Date.parse(s));
  const pair = fc.tuple(bound, bound).filter(([a, b]) => ms(a) !== ms(b)).map(([a, b]) => (ms(a) < ms(b) ? [a, b] : [b, a]));
  const asOf = fc.option(instant.map((ms) => new Date(ms).toISOString()), { nil: undefined, freq: 2 });
  return fc.record({
    shops: fc.array(fc.array(order, { minLength: 1, maxLength: 24 }), { minLength: SHOPS_PER_BATCH, maxLength: SHOPS_PER_BATCH }),
    window: fc.option(pair, { nil: undefined }),
    asOf,
    revenue: fc.constantFrom("net" as const, "gross" as const),
    crr: pair,
    days: fc.constantFrom(0.5, 30, 45.25, 365),
    churn: fc.record({ denominator: fc.constantFrom("start" as const, "startPlusNew" as const), newLeavers: fc.constantFrom("exclude" as const, "include" as const), reactivations: fc.constantFrom("ignore" as const, "net" as const) }),
    base: fc.tuple(pair, fc.boolean()),
    cohort: fc.array(
      fc.record({
        window: fc.option(pair, { nil: undefined, freq: 3 }),
        revenue: fc.constantFrom("net" as const, "gross" as const),
        periodIndexBase: fc.constantFrom(0 as const, 1 as const),
        periods: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined, freq: 3 }),
        windowDays: fc.option(fc.constantFrom(1, 5, 30, 45), { nil: undefined }),
        brackets: fc.constantFrom([[1, 1], [2, 3], [4, 6], [7, 12]], [[2, 2]], [[1, 4], [6, 40]], [[3, 3], [5, 5], [6, 6]]),
        rankPeriod: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 3 }),
      }),
      { minLength: 2, maxLength: 2 },
    ),
    summaries: fc.record({ unit: fc.constantFrom("day" as const, "week" as const, 30, 0.5, 7), includeFirstPurchase: fc.boolean(), ownWindow: fc.option(pair, { nil: undefined }) }),
    ltv: fc.record({
      granularity: fc.constantFrom("month" as const, "quarter" as const, "year" as const),
      periods: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      value: fc.constantFrom<Record<string, string>>({}, { revenue: "gross" }, { revenue: "margin", marginRate: "0.35" }, { revenue: "margin", marginRate: "1" }, { revenue: "gross", refundAttribution: "refundDate" }),
    }),
  }).map(({ shops, window, asOf, revenue, crr, days, churn, base, cohort, summaries, ltv }) => {
    const lists: Order[][] = shops.map((orders) => orders.map((o, i) => {
      const total = (o.cents / 100).toFixed(2);
      const refunded = o.refund === "none" ? undefined : o.refund === "all" ? total : o.refund === "zero" ? "0" : (Math.floor(o.cents / 3) / 100).toFixed(2);
      // Order ids shuffled against time (so ties at one instant are decided by the id, compared as text).
      // A segment (for cohortTable's segmentBy) from the amount, so that the random draws of the other fields stay as they were.
      const segment = ["web", "shop", "", "Ωmail", undefined][o.cents % 5];
      return { orderId: `o${(i * 7) % 11}-${i}`, customerId: o.c, placedAt: new Date(o.t).toISOString(), total, ...(refunded === undefined ? {} : { refunded }), ...(segment === undefined ? {} : { segment }) };
    }));
    const [baseTo, returnTo] = base[0] as [string, string];
    const baseFrom = new Date(new Date(baseTo.length === 10 ? `${baseTo}T00:00:00Z` : baseTo).getTime() - 90 * 86_400_000).toISOString();
    return {
      zone,
      shops: lists,
      summarize: { timeZone: zone, revenue, ...(asOf === undefined ? {} : { asOf }), ...(window === undefined ? {} : { from: window[0], to: window[1] }) },
      customerRetentionRate: { timeZone: zone, start: crr[0] as string, end: crr[1] as string, activeWithinDays: days, churn, ...(asOf === undefined ? {} : { asOf }) },
      returningCustomerRate: {
        timeZone: zone,
        ...(base[1] ? { baseFrom } : {}),
        baseTo,
        returnFrom: baseTo,
        returnTo,
        ...(asOf === undefined ? {} : { asOf }),
      },
      // The layout (granularity, windows, mode, week start) is set per batch from its index: see BATCHES.
      cohortTables: cohort.map((c) => ({
        timeZone: zone,
        revenue: c.revenue,
        periodIndexBase: c.periodIndexBase,
        ...(c.periods === undefined ? {} : { periods: c.periods }),
        ...(c.rankPeriod === undefined ? {} : { rankPeriod: c.rankPeriod + c.periodIndexBase }),
        ...(asOf === undefined ? {} : { asOf }),
        ...(c.window === undefined ? {} : { from: c.window[0], to: c.window[1] }),
        windowDays: c.windowDays,
        brackets: c.brackets.map(([a, b]) => [(a as number) + c.periodIndexBase, (b as number) + c.periodIndexBase] as [number, number]),
      })) as Batch["cohortTables"],
      customerSummaries: {
        timeZone: zone,
        revenue,
        unit: summaries.unit,
        includeFirstPurchase: summaries.includeFirstPurchase,
        ...(asOf === undefined ? {} : { asOf }),
        ...(summaries.ownWindow === undefined ? {} : { from: summaries.ownWindow[0], to: summaries.ownWindow[1] }),
      },
      historicalLifetimeValue: {
        timeZone: zone,
        granularity: ltv.granularity,
        ...ltv.value,
        ...(ltv.periods === undefined ? {} : { periods: ltv.periods }),
        ...(asOf === undefined ? {} : { asOf }),
        ...(window === undefined ? {} : { from: window[0], to: window[1] }),
      },
    };
  });
});

/**
 * cohortTable layouts: every cell mode × granularity × window kind (5 × 5 × 2 = 50, two per batch), and with
 * granularity "week" every week start.
 */
const COHORT_MODES = ["classic", "unbounded", "byPeriod", "consecutive", "brackets"] as const;
const COHORT_GRANULARITIES = ["day", "week", "month", "quarter", "year"] as const;
const COHORT_LAYOUTS = Array.from({ length: 50 }, (_, c) => ({
  mode: COHORT_MODES[c % 5] as (typeof COHORT_MODES)[number],
  granularity: COHORT_GRANULARITIES[Math.floor(c / 5) % 5] as (typeof COHORT_GRANULARITIES)[number],
  windows: c < 25 ? ("calendar" as const) : ("relative" as const),
  weekStartsOn: (c % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6,
}));
const BATCHES = fc.sample(batchArb, { numRuns: 200 / SHOPS_PER_BATCH, seed: 22 }).map((b, i) => ({
  ...b,
  cohortTables: b.cohortTables.map((drawn, j) => {
    const layout = COHORT_LAYOUTS[2 * i + j] as (typeof COHORT_LAYOUTS)[number];
    const { windowDays, brackets, ...rest } = drawn;
    return {
      ...rest,
      ...layout,
      ...(layout.windows === "relative" && windowDays !== undefined ? { windowDays } : {}),
      ...(layout.mode === "brackets" ? { brackets } : {}),
      // Every third layout split by segment (the generated orders' segment column).
      ...((2 * i + j) % 3 === 0 ? { segmentBy: "segment" as const } : {}),
    };
  }),
}));
const METRICS = ["summarize", "customerRetentionRate", "returningCustomerRate", "customerSummaries", "historicalLifetimeValue"] as const;

/** The in-process result of a generated shop, computed once for both engines. */
const memo = new Map<string, unknown>();
const books = new Map<string, OrderBook>();
function expected(batch: number, shop: number, metric: (typeof METRICS)[number]): unknown {
  const key = `${batch}/${shop}/${metric}`;
  if (!memo.has(key)) {
    const b = BATCHES[batch] as Batch;
    let book = books.get(`${batch}/${shop}`);
    if (book === undefined) books.set(`${batch}/${shop}`, (book = prepareOrders(b.shops[shop] as Order[], { timeZone: b.zone })));
    const result = json(inProcess(metric, book, b[metric] as never));
    memo.set(key, metric === "customerSummaries" ? byCustomerId(result) : result);
  }
  return memo.get(key);
}

// The period metrics (retentionSeries, growthAccounting) on the same batches: options drawn per batch from their own
// sample (so the batches above keep their data), in the batch's zone.
const periodOptionsArb = fc.record({
  granularity: fc.constantFrom("day" as const, "week" as const, "month" as const, "month" as const, "quarter" as const, "year" as const),
  weekStartsOn: fc.constantFrom(0 as const, 1 as const, 3 as const, 6 as const),
  days: fc.constantFrom(0.5, 1 / 7, 0.7, 7, 30, 45.25, 365),
  churn: fc.record({ denominator: fc.constantFrom("start" as const, "startPlusNew" as const), newLeavers: fc.constantFrom("exclude" as const, "include" as const), reactivations: fc.constantFrom("ignore" as const, "net" as const) }),
  from: fc.option(fc.constantFrom("2024-02-15", "2024-03-10T07:30:00Z", "2023-12-01"), { nil: undefined }),
  to: fc.option(fc.constantFrom("2024-10-31", "2025-01-01", "2024-11-03T05:59:00Z"), { nil: undefined }),
  asOf: fc.option(fc.constantFrom("2024-11-03", "2024-07-01T00:00:00Z", "2025-03-01"), { nil: undefined, freq: 2 }),
  revenue: fc.constantFrom("net" as const, "gross" as const),
});
const PERIOD_OPTIONS = fc.sample(periodOptionsArb, { numRuns: BATCHES.length, seed: 2222 });
const PERIOD_METRICS = ["retentionSeries", "growthAccounting"] as const;
type PeriodMetric = (typeof PERIOD_METRICS)[number];

/** The options of a period metric for batch `i` (in its zone). */
function periodOptions(i: number, metric: PeriodMetric): SqlMetricOptions[PeriodMetric] {
  const { granularity, weekStartsOn, days, churn, from, to, asOf, revenue } = PERIOD_OPTIONS[i] as (typeof PERIOD_OPTIONS)[number];
  const common = { timeZone: (BATCHES[i] as Batch).zone, granularity, weekStartsOn, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), ...(asOf === undefined ? {} : { asOf }) };
  return metric === "retentionSeries" ? { ...common, activeWithinDays: days, churn } : { ...common, revenue };
}

function inProcessPeriods(metric: PeriodMetric, book: OrderBook, options: unknown): unknown {
  return metric === "retentionSeries" ? retentionSeries(book, options as never) : growthAccounting(book, options as never);
}

const periodMemo = new Map<string, unknown>();
function expectedPeriods(batch: number, shop: number, metric: PeriodMetric): unknown {
  const key = `${batch}/${shop}/${metric}`;
  if (!periodMemo.has(key)) {
    const b = BATCHES[batch] as Batch;
    let book = books.get(`${batch}/${shop}`);
    if (book === undefined) books.set(`${batch}/${shop}`, (book = prepareOrders(b.shops[shop] as Order[], { timeZone: b.zone })));
    periodMemo.set(key, json(inProcessPeriods(metric, book, periodOptions(batch, metric))));
  }
  return periodMemo.get(key);
}

// CDNOW cases: one or two per metric (every granularity, mode and option is drawn on the 200 generated shops).
const CDNOW_PERIOD_CASES: Array<[PeriodMetric, unknown]> = [
  ["retentionSeries", { timeZone: "America/New_York", granularity: "week", weekStartsOn: 0, activeWithinDays: 90, from: "1997-02-01", to: "1997-12-31", churn: { denominator: "startPlusNew", newLeavers: "include", reactivations: "net" } }],
  ["growthAccounting", { timeZone: "America/New_York" }],
  ["growthAccounting", { timeZone: "America/New_York", granularity: "quarter", revenue: "gross", asOf: "1998-03-31", from: "1997-04-01" }],
];

const CDNOW_ZONE = "America/New_York";
let cdnowMemo: { orders: Order[]; cases: Array<[SqlMetric, unknown]>; wants: string[]; fit: string } | undefined;
/** CDNOW master with a time of day per order (so that days straddle zones), its cases, and the in-process results. */
function cdnow(): NonNullable<typeof cdnowMemo> {
  if (cdnowMemo !== undefined) return cdnowMemo;
  const zone = CDNOW_ZONE;
  const orders: Order[] = readCdnowMaster().map((o, i) => {
    const d = o.placedAt as string;
    return { ...o, placedAt: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${String((i * 7) % 24).padStart(2, "0")}:${String((i * 13) % 60).padStart(2, "0")}:00Z` };
  });
  // In time order (then by id), for customerSummaries' customer order (see inTimeOrder); the other metrics do not
  // depend on the input order.
  const book = prepareOrders(inTimeOrder(orders), { timeZone: zone });
  expect(columnsOf(book).n).toBe(69_659);
  const cases: Array<[SqlMetric, unknown]> = [
    ["summarize", { timeZone: zone }],
    ["summarize", { timeZone: zone, from: "1997-03-01", to: "1998-01-01", revenue: "gross" }],
    ["customerRetentionRate", { timeZone: zone, start: "1997-04-01", end: "1998-01-01", activeWithinDays: 90 }],
    ["customerRetentionRate", { timeZone: zone, start: "1997-06-01", end: "1998-06-01", asOf: "1998-03-31", churn: { denominator: "startPlusNew", newLeavers: "include", reactivations: "net" } }],
    ["returningCustomerRate", { timeZone: zone, baseTo: "1997-04-01", returnFrom: "1997-04-01", returnTo: "1998-01-01" }],
    ...CDNOW_PERIOD_CASES,
    ["cohortTable", { timeZone: zone }],
    ["cohortTable", { timeZone: zone, granularity: "quarter", mode: "brackets", brackets: [[2, 2], [3, 4], [5, 8]], periodIndexBase: 1, asOf: "1998-03-31" }],
    ["cohortTable", { timeZone: zone, granularity: "day", mode: "byPeriod", to: "1997-01-08", periods: 60 }],
    // The first customerSummaries case is the one the BG/NBD model is fitted on (below).
    ["customerSummaries", { timeZone: zone, unit: "week" }],
    // Customers still buying late (CDNOW's are all acquired in early 1997): a few thousand records, not 23k.
    ["customerSummaries", { timeZone: zone, from: "1997-10-01", to: "1998-05-01", asOf: "1998-05-31", includeFirstPurchase: true, revenue: "gross", unit: 30 }],
    ["historicalLifetimeValue", { timeZone: zone, granularity: "quarter", revenue: "margin", marginRate: "0.35", periods: 4, from: "1997-02-01", asOf: "1998-04-15" }],
  ];
  const fit = fitBetaGeo(customerSummaries(book, { timeZone: zone, unit: "week" }));
  cdnowMemo = { orders, cases, wants: cases.map(([metric, options]) => JSON.stringify(inProcess(metric, book, options as never))), fit: JSON.stringify(fit) };
  return cdnowMemo;
}

const BENCH_ZONE = "Europe/Prague";
let benchMemo: { orders: Order[]; cases: Array<[SqlMetric, unknown]>; wants: string[] } | undefined;
/** The bench generator's order set at 100k (bench/generateOrders.ts, its defaults: sorted by time), its cases, the in-process results. */
function bench(): NonNullable<typeof benchMemo> {
  if (benchMemo !== undefined) return benchMemo;
  const zone = BENCH_ZONE;
  const orders = generateOrders({ orders: 100_000 });
  // Sorted by time already; by (time, id) for customerSummaries' customer order (see inTimeOrder).
  const book = prepareOrders(inTimeOrder(orders), { timeZone: zone });
  const cases: Array<[SqlMetric, unknown]> = [
    ["summarize", { timeZone: zone }],
    ["summarize", { timeZone: zone, from: "2022-01-01", to: "2023-01-01", asOf: "2022-12-31", revenue: "gross" }],
    ["customerRetentionRate", { timeZone: zone, start: "2022-01-01", end: "2023-01-01", activeWithinDays: 90, churn: { denominator: "startPlusNew" } }],
    ["returningCustomerRate", { timeZone: zone, baseFrom: "2021-07-01", baseTo: "2022-01-01", returnFrom: "2022-01-01", returnTo: "2022-07-01" }],
    ["customerSummaries", { timeZone: zone, unit: "week" }],
    // One customerSummaries case (~28k customers: its rows and records are the test's main cost); CDNOW and the
    // generated shops cover the other options.
    ["historicalLifetimeValue", { timeZone: zone }],
    ["historicalLifetimeValue", { timeZone: zone, granularity: "quarter", revenue: "margin", marginRate: "0.4", periods: 8, to: "2023-07-01" }],
  ];
  benchMemo = { orders, cases, wants: cases.map(([metric, options]) => JSON.stringify(inProcess(metric, book, options as never))) };
  return benchMemo;
}

// ---------------------------------------------------------------------------------------------------------------

let instance: DuckDBInstance;
let duck: DuckDBConnection;
let server: PgServer | null = null;
const chSession = await chdbSession();
if (chSession === null) console.warn("sqlEquality: ClickHouse tests skipped (they run in CI after npm test: bash scripts/clickhouse-check.sh; by hand: npm install --no-save chdb@3.4.0, then RM_CLICKHOUSE=1 npx vitest run --pool=forks test/warehouse/sqlEquality.test.ts)");
const runners: Runner[] = [];
const pgMissing = postgresUnavailable();
if (pgMissing !== null && process.env.CI) throw new Error(`CI must run the PostgreSQL tests: ${pgMissing}`);

beforeAll(async () => {
  // One thread: the queries are small, and a pool of threads costs more than it gives on them.
  instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  duck = await instance.connect();
  runners.push(duckRunner(duck));
  if (pgMissing === null) {
    server = await startPostgres();
    runners.push(pgRunner(server));
  } else {
    console.warn(`sqlEquality: PostgreSQL tests skipped: ${pgMissing}`);
  }
  if (chSession !== null) runners.push(chRunner(chSession));
  const shops = BATCHES.flatMap((b, i) => b.shops.map((orders, j) => ({ shop: i * SHOPS_PER_BATCH + j, orders })));
  await Promise.all(runners.map((r) => r.load("shop_orders", shops)));
}, 60_000);

afterAll(async () => {
  duck?.closeSync();
  instance?.closeSync();
  await server?.stop();
  chSession?.cleanup?.();
});

const ENGINES: Engine[] = ["duckdb", ...(pgMissing === null ? ["postgres" as const] : []), ...(chSession === null ? [] : ["clickhouse" as const])];

describe.each(ENGINES)("%s", (engine) => {
  const runner = (): Runner => runners.find((r) => r.engine === engine) as Runner;

  it("equals the in-process metrics on 200 generated shops (every field, five metrics)", async () => {
    const r = runner();
    const misses: unknown[] = [];
    for (let i = 0; i < BATCHES.length; i++) {
      const b = BATCHES[i] as Batch;
      const first = i * SHOPS_PER_BATCH;
      const target: SqlTarget = {
        dialect: engine,
        table: { subquery: `SELECT * FROM shop_orders WHERE shop BETWEEN ${first} AND ${first + SHOPS_PER_BATCH - 1}` },
        partitionBy: "shop",
      };
      for (const metric of METRICS) {
        const options = b[metric] as never;
        const rows = await r.run(toSql(metric, options, target));
        if (!MANY_ROWS.has(metric)) expect(rows.length).toBe(SHOPS_PER_BATCH);
        b.shops.forEach((_, j) => {
          const shop = first + j;
          const want = expected(i, j, metric);
          const result = json(fromSqlRows(metric, rows.filter((row) => Number(row.partition_key) === shop), options));
          const got = metric === "customerSummaries" ? byCustomerId(result) : result;
          if (JSON.stringify(got) !== JSON.stringify(want)) misses.push({ shop, metric, options, orders: b.shops[j], got, want });
        });
      }
    }
    expect(misses.slice(0, 2)).toEqual([]);
  });

  it("cohortTable equals the in-process table on the 200 generated shops (every mode × granularity × window kind, every week start)", async () => {
    const r = runner();
    const misses: unknown[] = [];
    const layouts = new Set<string>();
    for (let i = 0; i < BATCHES.length; i++) {
      const b = BATCHES[i] as Batch;
      const first = i * SHOPS_PER_BATCH;
      const target: SqlTarget = {
        dialect: engine,
        table: { subquery: `SELECT * FROM shop_orders WHERE shop BETWEEN ${first} AND ${first + SHOPS_PER_BATCH - 1}` },
        partitionBy: "shop",
      };
      for (const [k, options] of b.cohortTables.entries()) {
        layouts.add(`${options.mode}/${options.granularity}/${options.windows}/${options.granularity === "week" ? options.weekStartsOn : ""}`);
        const rows = await r.run(toSql("cohortTable", options, target));
        b.shops.forEach((orders, j) => {
          const key = `${i}/${j}/cohortTable/${k}`;
          if (!memo.has(key)) {
            let book = books.get(`${i}/${j}`);
            if (book === undefined) books.set(`${i}/${j}`, (book = prepareOrders(orders, { timeZone: b.zone })));
            memo.set(key, json(cohortTable(book, options)));
          }
          const got = json(fromSqlRows("cohortTable", rows.filter((row) => Number(row.partition_key) === first + j), options));
          if (JSON.stringify(got) !== JSON.stringify(memo.get(key))) misses.push({ shop: first + j, options, orders, got, want: memo.get(key) });
        });
      }
    }
    expect(misses.slice(0, 1)).toEqual([]);
    // 50 layouts; the 10 week layouts cover the 7 week starts.
    expect(layouts.size).toBe(50);
    expect(new Set(BATCHES.flatMap((b) => b.cohortTables.filter((o) => o.granularity === "week").map((o) => o.weekStartsOn))).size).toBe(7);
  });

  it("equals the in-process metrics on CDNOW master (69,659 orders), with times of day, in America/New_York", async () => {
    const r = runner();
    const { orders, cases, wants } = cdnow();
    await r.load("cdnow", [{ shop: 0, orders }]);
    const target: SqlTarget = { dialect: engine, table: "cdnow" };
    let fitted = false;
    for (const [k, [metric, options]] of cases.entries()) {
      const want = wants[k];
      const t0 = performance.now();
      const result = fromSqlRows(metric, await r.run(toSql(metric, options as never, target)), options as never);
      const got = JSON.stringify(result);
      if (process.env.RM_SQL_TIMES === "1") console.log(engine, metric, (performance.now() - t0).toFixed(0), "ms", JSON.stringify(options).slice(0, 80));
      // Strings first (cheap on 23k customer records); the structural diff only on a mismatch.
      if (got !== want) expect(JSON.parse(got), `${metric} ${JSON.stringify(options)}`).toEqual(JSON.parse(want as string));
      if (metric === "customerSummaries" && !fitted) {
        // A BG/NBD model fitted on the warehouse's summaries (one row per customer) is the in-process one, exactly.
        fitted = true;
        expect(JSON.stringify(fitBetaGeo(result as ReturnType<typeof customerSummaries>))).toBe(cdnowMemo?.fit);
      }
    }
    expect(fitted).toBe(true);
  });

  it("equals the in-process metrics on the bench generator's 100k orders (every metric), in Europe/Prague", async () => {
    const r = runner();
    const { orders, cases, wants } = bench();
    const t0 = performance.now();
    await r.load("bench_orders", [{ shop: 0, orders }]);
    // RM_SQL_TIMES=1 prints the load time (PostgreSQL's COPY: about 1 s for the 100k orders, on a loaded machine).
    if (process.env.RM_SQL_TIMES === "1") console.log(`${engine}: 100k orders loaded in ${Math.round(performance.now() - t0)} ms`);
    const target: SqlTarget = { dialect: engine, table: "bench_orders" };
    for (const [k, [metric, options]] of cases.entries()) {
      const got = JSON.stringify(fromSqlRows(metric, await r.run(toSql(metric, options as never, target)), options as never));
      // Strings first (cheap on ~28k customer records); the structural diff only on a mismatch.
      if (got !== wants[k]) expect(JSON.parse(got), `${metric} ${JSON.stringify(options)}`).toEqual(JSON.parse(wants[k] as string));
    }
    await r.exec("DROP TABLE bench_orders");
  });

  it("equals retentionSeries and growthAccounting on the 200 generated shops (every field, options per batch)", async () => {
    const r = runner();
    const misses: unknown[] = [];
    for (let i = 0; i < BATCHES.length; i++) {
      const b = BATCHES[i] as Batch;
      const first = i * SHOPS_PER_BATCH;
      const target: SqlTarget = {
        dialect: engine,
        table: { subquery: `SELECT * FROM shop_orders WHERE shop BETWEEN ${first} AND ${first + SHOPS_PER_BATCH - 1}` },
        partitionBy: "shop",
      };
      for (const metric of PERIOD_METRICS) {
        const options = periodOptions(i, metric) as never;
        const rows = await r.run(toSql(metric, options, target));
        b.shops.forEach((_, j) => {
          const shop = first + j;
          const want = expectedPeriods(i, j, metric);
          const got = json(fromSqlRows(metric, rows.filter((row) => Number(row.partition_key) === shop), options));
          if (JSON.stringify(got) !== JSON.stringify(want)) misses.push({ shop, metric, options, orders: b.shops[j], got, want });
        });
      }
    }
    expect(misses.slice(0, 1)).toEqual([]);
  });

  it("dialect pieces: local day, week start (each weekStartsOn), month start, integer division, near DST changes", async () => {
    const r = runner();
    const d: SqlDialect = dialectOf(engine);
    const probes: Array<{ zone: string; ms: number }> = [];
    const calendars = new Map(ZONES.map((z) => [z as string, new ZoneCalendar(z)]));
    for (const zone of ZONES) {
      for (const a of anchors(zone)) for (const m of [-61, -31, -1, 0, 1, 29, 59, 61, 24 * 60 - 1]) probes.push({ zone, ms: a + m * MINUTE });
    }
    // One query per zone with the zone as a literal (ClickHouse wants a constant zone; here the test pastes its own
    // constants, toSql binds them).
    const rows: Record<string, unknown>[] = [];
    for (const zone of ZONES) {
      const local = d.localDate(d.instant("ts"), `'${zone}'`);
      const cols = [
        `${d.dayNumber(local)} AS day`,
        `${d.dayNumber(d.monthStart(local))} AS month_start`,
        ...[0, 1, 2, 3, 4, 5, 6].map((k) => `${d.dayNumber(weekStart(d, local, k as 0))} AS week_${k}`),
        `${d.intDiv(d.dayNumber(local), "7")} AS weeks`,
      ];
      const mine = probes.map((p, i) => ({ ...p, i })).filter((p) => p.zone === zone);
      const tuples = mine.map((p) => `(${p.i}, '${new Date(p.ms).toISOString()}')`).join(", ");
      const from = engine === "clickhouse" ? `values('i Int32, ts String', ${tuples})` : `(VALUES ${tuples}) AS probe(i, ts)`;
      rows.push(...(await r.exec(`SELECT i, ${cols.join(", ")} FROM ${from} ORDER BY i`)));
    }
    const got = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])));
    const want = probes.map((p, i) => {
      const day = (calendars.get(p.zone) as ZoneCalendar).localDay(p.ms);
      const date = new Date(day * 86_400_000);
      const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
      const weeks = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((k) => [`week_${k}`, day - ((weekday - k + 7) % 7)]));
      return { i, day, month_start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000, ...weeks, weeks: Math.floor(day / 7) };
    });
    expect(got).toEqual(want);
  });

  it("an empty order table gives the in-process results of no orders (with and without asOf)", async () => {
    const r = runner();
    await r.load("no_orders", []);
    for (const asOf of [undefined, "2024-06-30T12:00:00Z"]) {
      const extra = asOf === undefined ? {} : { asOf };
      for (const [metric, options] of [
        ["summarize", { ...extra }],
        ["customerRetentionRate", { start: "2024-01-01", end: "2024-06-01", ...extra }],
        ["returningCustomerRate", { baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-06-01", ...extra }],
        ["retentionSeries", { ...extra }],
        ["retentionSeries", { from: "2024-01-01", to: "2024-03-31", ...extra }],
        ["growthAccounting", { ...extra }],
        ["growthAccounting", { from: "2024-01-01", to: "2024-03-31", ...extra }],
        ["cohortTable", { mode: "consecutive", ...extra }],
        ["cohortTable", { segmentBy: "segment", ...extra }],
        ["customerSummaries", { unit: "week", ...extra }],
        ["historicalLifetimeValue", { ...extra }],
      ] as const) {
        const got = json(fromSqlRows(metric, await r.run(toSql(metric, options as never, { dialect: engine, table: "no_orders" })), options as never));
        expect(got, `${metric} asOf ${String(asOf)}`).toEqual(json(inProcess(metric, prepareOrders([]), options as never)));
      }
    }
  });

  it("cohortTable, relative windows: a repeat in the repeated hour of a DST fall-back is in column 0, as in-process", async () => {
    const r = runner();
    const orders: Order[] = [
      { orderId: "b1", customerId: "bob", placedAt: "2024-10-26T08:00:00Z", total: "7.00" },
      { orderId: "a1", customerId: "ann", placedAt: "2024-10-27T00:50:00Z", total: "10.00" },
      { orderId: "a2", customerId: "ann", placedAt: "2024-10-27T01:10:00Z", total: "5.00" },
      { orderId: "a3", customerId: "ann", placedAt: "2024-10-28T09:00:00Z", total: "1.00" },
    ];
    await r.load("fall_back", [{ shop: 0, orders }]);
    const options = { timeZone: "Europe/Prague", granularity: "day", windows: "relative", windowDays: 1, asOf: "2024-11-30T00:00:00Z" } as const;
    const got = json(fromSqlRows("cohortTable", await r.run(toSql("cohortTable", options, { dialect: engine, table: "fall_back" })), options));
    expect(got).toEqual(json(cohortTable(prepareOrders(orders), options)));
  });

  it("payload table, column names and customer ids cannot change the query (and the results stay equal)", async () => {
    const r = runner();
    const d = dialectOf(engine);
    const orders: Order[] = INJECTION_PAYLOADS.flatMap((p, i) => [
      { orderId: `a${i}`, customerId: p, placedAt: `2024-0${1 + (i % 6)}-1${i % 10}T10:00:00Z`, total: `${i + 1}.25`, segment: p },
      { orderId: `b${i}`, customerId: p, placedAt: `2024-0${2 + (i % 6)}-0${1 + (i % 9)}T22:30:00Z`, total: "3.10", refunded: "1.05" },
    ]);
    await r.load("payload_orders", [{ shop: 0, orders }]);
    const book = prepareOrders(orders);
    const sorted = prepareOrders(inTimeOrder(orders));
    const before = await r.exec("SELECT COUNT(*) AS n FROM shop_orders");
    // chdb is clickhouse-local: there an identifier with "/" or glob braces names a file to read (a feature of the
    // local mode; clickhouse-server looks tables up by name), so such names cannot be created as tables there.
    for (const p of INJECTION_PAYLOADS.filter((x) => engine !== "clickhouse" || !/[/{]/.test(x))) {
      const table = d.quoteIdent(`t ${p}`);
      const col = (c: string): string => d.quoteIdent(`${c} ${p}`);
      await r.exec(`DROP TABLE IF EXISTS ${table}`);
      await r.exec(
        `CREATE TABLE ${table} ${engine === "clickhouse" ? "ENGINE = Memory " : ""}AS SELECT customer_id AS ${col("c")}, order_id AS ${col("o")}, placed_at AS ${col("p")}, total AS ${col("t")}, refunded AS ${col("r")}, segment AS ${col("s")} FROM payload_orders`,
      );
      const target: SqlTarget = { dialect: engine, table: `t ${p}`, columns: { customerId: `c ${p}`, orderId: `o ${p}`, placedAt: `p ${p}`, total: `t ${p}`, refunded: `r ${p}`, segment: `s ${p}` } };
      for (const [metric, options] of [
        ["summarize", { from: "2024-02-01" }],
        ["customerRetentionRate", { start: "2024-03-01", end: "2024-06-01", activeWithinDays: 60 }],
        ["retentionSeries", { activeWithinDays: 60, granularity: "week" }],
        ["growthAccounting", { from: "2024-02-01" }],
        ["cohortTable", { granularity: "week", windows: "relative", mode: "byPeriod", segmentBy: "segment" }],
        // The payloads are the customer ids: customerSummaries gives them back, one row each.
        ["customerSummaries", { from: "2024-01-15", timeZone: "Asia/Kolkata" }],
        ["historicalLifetimeValue", { granularity: "quarter" }],
      ] as const) {
        const got = json(fromSqlRows(metric, await r.run(toSql(metric, options as never, target)), options as never));
        expect(got, `${metric} ${JSON.stringify(p)}`).toEqual(json(inProcess(metric, metric === "customerSummaries" ? sorted : book, options as never)));
      }
      await r.exec(`DROP TABLE ${table}`);
    }
    expect(await r.exec("SELECT COUNT(*) AS n FROM shop_orders")).toEqual(before);
  });
});
