// `npm run bench:compare`: the whole analysis as a user waits for it, on 1,000,000 and 5,000,000 generated
// orders (plain objects with ISO strings and decimal strings; bench/generateOrders.ts, heavy tail, seed 42):
// summary, monthly cohorts in Europe/Prague and per-customer summaries, AND reading every output out (every
// field of every customer record or column, every cohort cell), side by side with a hand-written full-work
// floor, a tight typed-array "limit", the naive loop and DuckDB (from the JS array, from a CSV file and from a
// Parquet file). nodejs-polars runs where it loads (it does not load on Node 20: its binary needs Node ≥ 22).
//
// Every contender lives in its own child process (fresh heap, its own peak-memory mark) holding its input. The
// parent then runs ROUNDS: in each round every contender runs once, one after the other (A B C … A B C …), so
// that a slow stretch of this shared machine hits all of them alike. Ratios are taken within each round and
// their median reported, together with each contender's median time. Round 0 is a warm-up and not counted.
// The parent checks that all contenders give the same numbers (outside any timed region), then prints a table
// that states what each timer covers.
//
// Options: --sizes 1000000,5000000   --only ours,floor   --rounds 5   --quick (2 rounds, 1M only)
//          --big ours,floor,columns,limit  (contenders that also run at sizes above 2M; default shown)
import { fork, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Decimal } from "decimal.js";
import type { Table } from "apache-arrow";
import { cohortTable, customerSummaries, OrderBook, prepareOrderColumns, prepareOrders, summarize, type Order } from "../src/index.js";
import type { CohortTableResult, CustomerSummariesResult, SummarizeResult } from "../src/index.js";
import { warehouseSql } from "../test/warehouse/duckdb.js";
import { floorAnalysis, GRID, limitAnalysis, readFullAnalysis, type FullAnalysis } from "./floor.js";
import { generateOrders } from "./generateOrders.js";
import { naiveAnalysis, type NaiveAnalysis } from "./naive.js";
import { toArrow, toColumns, type Columns } from "./toColumns.js";

const TZ = "Europe/Prague";
const self = fileURLToPath(import.meta.url);
/** Decimal with the library's quotient rule (20 significant digits, half-even), for the agreement lines. */
const Q = Decimal.clone({ precision: 20, rounding: 6 });

/** The numbers every contender must agree on. */
interface Numbers {
  orders: number;
  customers: number;
  net: string;
  repeatCustomers: number;
  gross: string;
  refunded: string;
  /** Non-empty cohort cells and a hash of their `YYYY-MM|period|active|orders|revenue` lines. */
  cohortCells: number;
  cohortHash: string;
  /** Customers and a hash of their `id|orders|frequency|recency|T|monetaryValue|revenue` lines, sorted. */
  customerRows: number;
  customerHash: string;
}

/** Keeps what the read-outs computed, so that no read can be optimised away. */
let sink = 0;

const dec = (x: Decimal.Value): string => new Decimal(x).toString();

function hashLines(lines: string[]): string {
  lines.sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
}

const monthLabel = (m: number): string => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;

// --- Read-outs (inside the timed regions). ---

/** A `Decimal` read: its sign, exponent and leading word. */
function touchDecimal(x: Decimal): number {
  const d = x as unknown as { s: number; e: number; d: number[] };
  return d.s + d.e + (d.d[0] as number);
}

/** Every field of a small result (summary, cohort table), recursively. */
function touchAny(v: unknown): number {
  if (typeof v === "number") return v === v ? v : 0;
  if (typeof v === "string") return v.length;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === null || v === undefined) return 0;
  if (v instanceof Decimal) return touchDecimal(v);
  if (Array.isArray(v)) {
    let acc = 0;
    for (const x of v) acc += touchAny(x);
    return acc;
  }
  if (typeof v === "object") {
    let acc = 0;
    for (const k in v) acc += touchAny((v as Record<string, unknown>)[k]);
    return acc;
  }
  return 0;
}

/** Every field of every customer record. */
function readRecords(r: CustomerSummariesResult): number {
  let acc = 0;
  for (const x of r.customers) {
    acc += x.customerId.length + x.firstOrderAt.length + x.lastOrderAt.length + x.orders + x.purchaseDays + touchDecimal(x.revenue) +
      touchDecimal(x.averageOrderValue) + x.frequency + x.recency + x.T + touchDecimal(x.monetaryValue) + x.daysSinceLastPurchase;
  }
  return acc;
}

/** Every entry of every column of the columnar view. */
function readColumnView(r: CustomerSummariesResult): number {
  const c = r.columns;
  let acc = c.scale;
  for (let k = 0; k < c.customerId.length; k++) {
    acc += (c.customerId[k] as string).length + (c.firstOrderTime[k] as number) + (c.lastOrderTime[k] as number) + (c.orders[k] as number) +
      (c.purchaseDays[k] as number) + (c.revenueMinor[k] as number) + (c.monetaryTotalMinor[k] as number) + (c.frequency[k] as number) +
      (c.recency[k] as number) + (c.T[k] as number) + (c.daysSinceLastPurchase[k] as number);
  }
  return acc;
}

/** Every value of a DuckDB result, fetched as DuckDB values (`getColumns`: no JSON conversion). */
function touchDuck(columns: unknown[][]): number {
  let acc = 0;
  for (const col of columns) {
    for (const v of col) {
      if (typeof v === "number") acc += v;
      else if (typeof v === "string") acc += v.length;
      else if (typeof v === "bigint") acc += Number(v & 0xffffn);
      else if (v !== null) acc += 1;
    }
  }
  return acc;
}

// --- Contenders: each runs the analysis and the read-out, and returns a thunk for the agreement numbers. ---

interface Ours {
  s: SummarizeResult;
  t: CohortTableResult;
  c: CustomerSummariesResult;
}

function analyse(book: OrderBook, read: "records" | "columns"): Ours {
  const s = summarize(book, { timeZone: TZ });
  const t = cohortTable(book, { timeZone: TZ });
  const c = customerSummaries(book, { timeZone: TZ });
  sink += touchAny(s) + touchAny(t.cohorts) + (read === "records" ? readRecords(c) : readColumnView(c));
  return { s, t, c };
}

function oursNumbers({ s, t, c }: Ours, idPrefix = ""): () => Numbers {
  return () => {
    const cells: string[] = [];
    for (const row of t.cohorts) {
      for (const x of row.cells) if (x.activeCustomers > 0) cells.push(`${row.label}|${x.period}|${x.activeCustomers}|${x.orders}|${x.revenue.toString()}`);
    }
    return {
      orders: s.orders,
      customers: s.customers,
      net: dec(s.revenue.net),
      repeatCustomers: s.repeatCustomers,
      gross: dec(s.revenue.gross),
      refunded: dec(s.revenue.refunded),
      cohortCells: cells.length,
      cohortHash: hashLines(cells),
      customerRows: c.customers.length,
      customerHash: hashLines(
        c.customers.map((x) => `${idPrefix}${x.customerId}|${x.orders}|${x.frequency}|${x.recency}|${x.T}|${x.monetaryValue.toString()}|${x.revenue.toString()}`),
      ),
    };
  };
}

const ours = (orders: Order[]): (() => Numbers) => oursNumbers(analyse(prepareOrders(orders, { timeZone: TZ }), "records"));
const columnsRecords = (input: Columns): (() => Numbers) => oursNumbers(analyse(prepareOrderColumns(input, { timeZone: TZ }), "records"), "c");
const columnsView = (input: Columns): (() => Numbers) => oursNumbers(analyse(prepareOrderColumns(input, { timeZone: TZ }), "columns"), "c");
function arrowRecords(table: Table): () => Numbers {
  const names = { customerId: "customer_id", placedAt: "placed_at", orderId: "order_id" };
  return oursNumbers(analyse(prepareOrderColumns(table, { timeZone: TZ, names }), "records"), "c");
}

function fullNumbers(a: FullAnalysis, idOf: (c: number) => string): () => Numbers {
  return () => {
    const cells: string[] = [];
    for (let k = 0; k < GRID * GRID; k++) {
      const active = a.cellActive[k] as number;
      if (active === 0) continue;
      const row = Math.floor(k / GRID);
      cells.push(`${monthLabel(a.baseMonth + row)}|${k - row * GRID}|${active}|${a.cellOrders[k]}|${dec(new Decimal(a.cellRevenueCents[k] as number).div(100))}`);
    }
    const lines: string[] = [];
    for (let c = 0; c < a.orderCount.length; c++) {
      const n = a.orderCount[c] as number;
      if (n === 0) continue;
      const f = a.frequency[c] as number;
      const mv = f === 0 ? "0" : new Q(a.repeatCents[c] as number).div(100).div(f).toString();
      lines.push(`${idOf(c)}|${n}|${f}|${a.recency[c]}|${a.T[c]}|${mv}|${dec(new Decimal(a.revenueCents[c] as number).div(100))}`);
    }
    return {
      orders: a.orders,
      customers: a.customers,
      net: dec(new Decimal(a.grossCents - a.refundedCents).div(100)),
      repeatCustomers: a.repeatCustomers,
      gross: dec(new Decimal(a.grossCents).div(100)),
      refunded: dec(new Decimal(a.refundedCents).div(100)),
      cohortCells: cells.length,
      cohortHash: hashLines(cells),
      customerRows: lines.length,
      customerHash: hashLines(lines),
    };
  };
}

function floor(orders: Order[]): () => Numbers {
  const a = floorAnalysis(orders);
  sink += readFullAnalysis(a);
  return fullNumbers(a, (c) => (a.ids as string[])[c] as string);
}

function limit(input: Columns): () => Numbers {
  const a = limitAnalysis(input);
  sink += readFullAnalysis(a);
  return fullNumbers(a, (c) => `c${c}`);
}

function naive(orders: Order[]): () => Numbers {
  const r: NaiveAnalysis = naiveAnalysis(orders, TZ);
  let acc = touchAny(r.summary);
  for (const [label, row] of r.cohorts) for (const [k, active] of row) acc += label.length + k + active;
  for (const x of r.customers) acc += x.customerId.length + x.orders + x.frequency + x.recency + x.T + touchDecimal(x.monetaryValue);
  sink += acc;
  // The naive analysis has no cohort orders/revenue and no per-customer revenue: those fields are not compared.
  return () => ({
    orders: r.summary.orders,
    customers: r.summary.customers,
    net: dec(r.summary.net),
    repeatCustomers: r.summary.repeat,
    gross: dec(r.summary.gross),
    refunded: dec(r.summary.refunded),
    cohortCells: [...r.cohorts.values()].reduce((k, row) => k + row.size, 0),
    cohortHash: "",
    customerRows: r.customers.length,
    customerHash: "",
  });
}

// DuckDB: one in-memory database per run (load, three queries, every result value fetched).

const SUMMARY_SQL = `SELECT COUNT(*) AS orders, COUNT(DISTINCT customer_id) AS customers,
  SUM(total) AS gross, SUM(COALESCE(refunded, 0)) AS refunded, SUM(total - COALESCE(refunded, 0)) AS net,
  (SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2)) AS repeat_customers,
  CAST(MAX(placed_at) AS VARCHAR) AS as_of
FROM orders`;

type Connection = import("@duckdb/node-api").DuckDBConnection;

/** The three queries of docs/at-scale.md on the table `orders`, every value fetched; returns the agreement thunk. */
async function duckQueries(con: Connection): Promise<() => Numbers> {
  const sql = warehouseSql();
  const summary = await con.runAndReadAll(SUMMARY_SQL);
  const s = summary.getColumns();
  const asOf = s[6]![0] as string;
  const cohorts = await con.runAndReadAll(sql.cohort_counts as string, { tz: TZ, as_of: asOf });
  const cust = await con.runAndReadAll(sql.customer_summaries as string, { tz: TZ, as_of: asOf, unit_days: 1 });
  const cohortColumns = cohorts.getColumns();
  const customerColumns = cust.getColumns();
  sink += touchDuck(s) + touchDuck(cohortColumns) + touchDuck(customerColumns);
  return () => {
    const sj = summary.getRowObjectsJson()[0] as Record<string, string>;
    const co = cohorts.getColumnsObjectJson();
    const cu = cust.getColumnsObjectJson();
    const cells: string[] = [];
    for (let i = 0; i < co.period!.length; i++) {
      cells.push(`${String(co.cohort_year![i])}-${String(co.cohort_month![i]).padStart(2, "0")}|${String(co.period![i])}|${String(co.active_customers![i])}|${String(co.orders![i])}|${dec(co.revenue![i] as string)}`);
    }
    const lines: string[] = [];
    for (let i = 0; i < cu.customer_id!.length; i++) {
      const f = Number(cu.frequency![i]);
      const m = f === 0 ? "0" : new Q(cu.repeat_value![i] as string).div(f).toString();
      lines.push(`${String(cu.customer_id![i])}|${String(cu.orders![i])}|${f}|${String(cu.recency![i])}|${String(cu.T![i])}|${m}|${dec(cu.revenue![i] as string)}`);
    }
    return {
      orders: Number(sj.orders),
      customers: Number(sj.customers),
      net: dec(sj.net as string),
      repeatCustomers: Number(sj.repeat_customers),
      gross: dec(sj.gross as string),
      refunded: dec(sj.refunded as string),
      cohortCells: cells.length,
      cohortHash: hashLines(cells),
      customerRows: lines.length,
      customerHash: hashLines(lines),
    };
  };
}

async function duckSession<T>(f: (con: Connection) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  try {
    return await f(con);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

const TYPED_SELECT = `customer_id, CAST(placed_at AS TIMESTAMPTZ) AS placed_at, CAST(total AS DECIMAL(18, 2)) AS total,
  CAST(refunded AS DECIMAL(18, 2)) AS refunded`;

/**
 * DuckDB from the JS array, its fastest path here: the raw strings go in as whole data chunks of 2,048 rows
 * (one column vector per field, `appendDataChunk`), then one SQL statement casts them (timestamps, exact
 * decimals) into the table. (Measured against the row-by-row appender.)
 */
async function duckdbArray(orders: Order[]): Promise<() => Numbers> {
  const { DuckDBDataChunk } = await import("@duckdb/node-api");
  return duckSession(async (con) => {
    await con.run("CREATE TABLE orders_raw (customer_id VARCHAR, placed_at VARCHAR, total VARCHAR, refunded VARCHAR)");
    const appender = await con.createAppender("orders_raw");
    const types = [0, 1, 2, 3].map((i) => appender.columnType(i));
    const CHUNK = 2048;
    for (let from = 0; from < orders.length; from += CHUNK) {
      const to = Math.min(orders.length, from + CHUNK);
      const c0 = new Array<string>(to - from);
      const c1 = new Array<string>(to - from);
      const c2 = new Array<string>(to - from);
      const c3 = new Array<string | null>(to - from);
      for (let i = from; i < to; i++) {
        const o = orders[i] as Order;
        c0[i - from] = o.customerId as string;
        c1[i - from] = o.placedAt as string;
        c2[i - from] = o.total as string;
        c3[i - from] = (o.refunded as string | undefined) ?? null;
      }
      const chunk = DuckDBDataChunk.create(types, to - from);
      chunk.setColumns([c0, c1, c2, c3]);
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    await con.run(`CREATE TABLE orders AS SELECT ${TYPED_SELECT} FROM orders_raw; DROP TABLE orders_raw`);
    return duckQueries(con);
  });
}

/** DuckDB from a CSV file (written before the timed region): `read_csv` with the column types given. */
async function duckdbCsv(path: string): Promise<() => Numbers> {
  return duckSession(async (con) => {
    await con.run(
      `CREATE TABLE orders AS SELECT * FROM read_csv('${path}', header = true, columns = {'customer_id': 'VARCHAR',
        'placed_at': 'TIMESTAMPTZ', 'total': 'DECIMAL(18, 2)', 'refunded': 'DECIMAL(18, 2)'})`,
    );
    return duckQueries(con);
  });
}

/** DuckDB from a Parquet file (typed columns, written before the timed region by DuckDB itself). */
async function duckdbParquet(path: string): Promise<() => Numbers> {
  return duckSession(async (con) => {
    await con.run(`CREATE TABLE orders AS SELECT * FROM read_parquet('${path}')`);
    return duckQueries(con);
  });
}

/** The bench orders as a CSV file (customer_id, placed_at, total, refunded), made once per size. */
function csvFile(orders: Order[]): string {
  const dir = join(tmpdir(), "retention-metrics-bench");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `orders-${orders.length}-seed42.csv`);
  if (!existsSync(path)) {
    const lines = ["customer_id,placed_at,total,refunded"];
    for (const o of orders) lines.push(`${o.customerId as string},${o.placedAt as string},${o.total as string},${(o.refunded as string | undefined) ?? ""}`);
    writeFileSync(`${path}.tmp${process.pid}`, `${lines.join("\n")}\n`);
    renameSync(`${path}.tmp${process.pid}`, path);
  }
  return path;
}

async function parquetFile(orders: Order[]): Promise<string> {
  const csv = csvFile(orders);
  const path = csv.replace(/\.csv$/, ".parquet");
  if (!existsSync(path)) {
    const tmp = `${path}.tmp${process.pid}`;
    await duckSession(async (con) => {
      await con.run(
        `COPY (SELECT * FROM read_csv('${csv}', header = true, columns = {'customer_id': 'VARCHAR', 'placed_at': 'TIMESTAMPTZ',
          'total': 'DECIMAL(18, 2)', 'refunded': 'DECIMAL(18, 2)'})) TO '${tmp}' (FORMAT parquet)`,
      );
    });
    renameSync(tmp, path);
  }
  return path;
}

interface ContenderSpec {
  run: (input: never) => Promise<() => Numbers> | (() => Numbers);
  label: string;
  /** What the timed region holds (the table's last column). */
  covers: string;
  /** Makes the contender's input from the generated orders, outside the timed region (default: the orders). */
  input?: (orders: Order[]) => unknown;
}

const ANALYSIS = "summarize + cohortTable (monthly) + customerSummaries, all in Europe/Prague; every cohort cell and every field of every record read";
const CONTENDERS: Record<string, ContenderSpec> = {
  ours: { run: ours, label: "ours, objects", covers: `prepareOrders(objects) + ${ANALYSIS}` },
  columns: { run: columnsRecords, label: "ours, typed columns", covers: `prepareOrderColumns(typed arrays) + ${ANALYSIS}`, input: toColumns },
  columnsView: {
    run: columnsView,
    label: "ours, typed columns, columnar read",
    covers: "prepareOrderColumns(typed arrays) + the three calls; every entry of `customerSummaries(...).columns` read instead of the records",
    input: toColumns,
  },
  arrow: { run: arrowRecords, label: "ours, Arrow table", covers: `prepareOrderColumns(Arrow table) + ${ANALYSIS}`, input: toArrow },
  floor: {
    run: floor,
    label: "full-work floor (objects)",
    covers: "one hand-written pass over the objects computing every output into typed arrays (bench/floor.ts), then every output read",
  },
  limit: {
    run: limit,
    label: "limit (typed columns, index given)",
    covers: "the same pass over typed columns with the dense customer index given (no parsing, no hashing), then every output read",
    input: toColumns,
  },
  naive: { run: naive, label: "naive loop", covers: "Decimal + Date + Intl per order, Map of customers (bench/naive.ts), every output read" },
  duckdbArray: {
    run: duckdbArray,
    label: "DuckDB from the JS array",
    covers: "new in-memory DB, strings appended as data chunks, CAST into the typed table, the three docs/at-scale.md queries, every value fetched (getColumns)",
  },
  duckdbCsv: {
    run: duckdbCsv,
    label: "DuckDB from a CSV file",
    covers: "new in-memory DB, read_csv (types given) into the table, the three queries, every value fetched",
    input: csvFile,
  },
  duckdbParquet: {
    run: duckdbParquet,
    label: "DuckDB from a Parquet file",
    covers: "new in-memory DB, read_parquet into the table, the three queries, every value fetched",
    input: parquetFile,
  },
};

/** Why nodejs-polars is not a contender, or null when it loads. */
async function polarsSkipReason(): Promise<string | null> {
  try {
    await import("nodejs-polars" as string);
    return "loads, but no polars contender is written yet";
  } catch (e) {
    return `nodejs-polars is not installed or does not load here (${String((e as Error).message).split("\n")[0]}); ` +
      `its native binary (0.26) requires Node >= 22, and this is Node ${process.versions.node}`;
  }
}

// --- Child: one contender at one size, holding its input, running on request. ---

function rssNow(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

function rssPeak(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

/** Resets the kernel's peak-RSS mark to the current RSS (Linux ≥ 4.0); false when not possible. */
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

type ToChild = { cmd: "run" } | { cmd: "numbers" };
type FromChild = { ready: true } | { ms: number; peak: number } | { numbers: Numbers; sink: number };

async function child(name: string, n: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc");
  const spec = CONTENDERS[name];
  if (spec === undefined) throw new Error(`unknown contender ${name}`);
  let orders: Order[] | null = generateOrders({ orders: n, months: 36, heavyTail: true, seed: 42 });
  const input = spec.input === undefined ? orders : await spec.input(orders);
  orders = null; // a columnar or file contender's input is its columns or its file alone
  let last: (() => Numbers) | null = null;
  const send = (m: FromChild): void => void process.send!(m);
  process.on("message", (m: ToChild) => {
    void (async () => {
      if (m.cmd === "run") {
        last = null;
        gc();
        gc();
        const before = rssNow();
        const canReset = resetPeak();
        const t0 = performance.now();
        last = await spec.run(input as never);
        const ms = performance.now() - t0;
        send({ ms, peak: canReset ? rssPeak() - before : NaN });
      } else {
        send({ numbers: (last as unknown as () => Numbers)(), sink });
        process.disconnect();
      }
    })();
  });
  send({ ready: true });
}

// --- Parent. ---

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Job {
  name: string;
  n: number;
  proc: ChildProcess;
  times: number[];
  peaks: number[];
  numbers?: Numbers;
}

function request(job: Job, m: ToChild): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`${job.name} at ${job.n} exited (${code})`));
    job.proc.once("exit", onExit);
    job.proc.once("message", (r: FromChild) => {
      job.proc.off("exit", onExit);
      resolve(r);
    });
    job.proc.send(m);
  });
}

function spawnJob(name: string, n: number): Promise<Job> {
  const proc = fork(self, ["--child", name, String(n)], {
    execArgv: [...process.execArgv, "--max-old-space-size=16384"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const job: Job = { name, n, proc, times: [], peaks: [] };
  return new Promise((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`${name} at ${n} exited during set-up (${code})`)));
    proc.once("message", () => resolve(job));
  });
}

const fmtN = (n: number): string => n.toLocaleString("en-US");

async function parent(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const sizes = (arg("--sizes") ?? (quick ? "1000000" : "1000000,5000000")).split(",").map(Number);
  const only = arg("--only")?.split(",");
  const big = (arg("--big") ?? "ours,floor,columns,limit").split(",");
  const rounds = Number(arg("--rounds") ?? (quick ? 2 : 5));
  const names = Object.keys(CONTENDERS).filter((k) => only === undefined || only.includes(k));
  const polars = await polarsSkipReason();
  const started = performance.now();
  const load0 = loadavg();
  const jobs: Job[] = [];
  for (const n of sizes) {
    for (const name of names) {
      if (n > 2_000_000 && !big.includes(name)) continue;
      process.stderr.write(`set-up: ${name} at ${fmtN(n)} orders … `);
      jobs.push(await spawnJob(name, n));
      process.stderr.write("ready\n");
    }
  }
  const loads: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    process.stderr.write(`round ${r}${r === 0 ? " (warm-up)" : ""}, load ${loadavg()[0]!.toFixed(2)}:`);
    loads.push(loadavg()[0]!);
    for (const job of jobs) {
      const rep = (await request(job, { cmd: "run" })) as { ms: number; peak: number };
      if (r > 0) {
        job.times.push(rep.ms);
        job.peaks.push(rep.peak);
      }
      process.stderr.write(` ${job.name}@${job.n / 1e6}M ${rep.ms.toFixed(0)}`);
    }
    process.stderr.write("\n");
  }
  for (const job of jobs) {
    const rep = (await request(job, { cmd: "numbers" })) as { numbers: Numbers; sink: number };
    job.numbers = rep.numbers;
    sink += rep.sink;
  }

  // Agreement: every contender's numbers equal ours (a naive field left empty is not compared).
  for (const n of sizes) {
    const here = jobs.filter((j) => j.n === n);
    const base = here.find((j) => j.name === "ours") ?? here[0];
    if (base === undefined) continue;
    for (const j of here) {
      for (const [k, v] of Object.entries(j.numbers!)) {
        const want = (base.numbers as unknown as Record<string, unknown>)[k];
        if (v !== "" && want !== v) throw new Error(`DISAGREEMENT at ${n} orders: ${j.name}.${k} = ${String(v)}, ${base.name}.${k} = ${String(want)}`);
      }
    }
    const b = base.numbers!;
    console.log(
      `${fmtN(n)} orders: all contenders agree: ${fmtN(b.customers)} customers, ${fmtN(b.repeatCustomers)} repeat, net ${b.net}, ` +
        `${b.cohortCells} cohort cells #${b.cohortHash}, ${fmtN(b.customerRows)} customer rows #${b.customerHash}`,
    );
  }

  const job = (name: string, n: number): Job | undefined => jobs.find((j) => j.name === name && j.n === n);
  /** Median over rounds of a/b within each round. */
  const ratio = (a: Job | undefined, b: Job | undefined): number =>
    a === undefined || b === undefined ? NaN : median(a.times.map((t, i) => t / (b.times[i] as number)));
  const x = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}×` : "–");

  const rows: string[][] = [["orders", "contender", "median ms", "min–max ms", "÷ ours (per round, median)", "peak beyond input", "B/order"]];
  for (const n of sizes) {
    for (const j of jobs.filter((y) => y.n === n)) {
      const peak = Math.max(...j.peaks.filter((p) => Number.isFinite(p)));
      rows.push([
        fmtN(n),
        CONTENDERS[j.name]!.label,
        median(j.times).toFixed(0),
        `${Math.min(...j.times).toFixed(0)}–${Math.max(...j.times).toFixed(0)}`,
        j.name === "ours" ? "1.00×" : x(ratio(j, job("ours", n))),
        `${(peak / 2 ** 20).toFixed(0)} MiB`,
        (peak / n).toFixed(0),
      ]);
    }
  }
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => (r[k] as string).length)));
  const right = (k: number): boolean => k >= 2 && k <= 6;
  const fmt = (r: string[]): string => `| ${r.map((c, k) => (right(k) ? c.padStart(widths[k]!) : c.padEnd(widths[k]!))).join(" | ")} |`;
  console.log();
  console.log(fmt(rows[0]!));
  console.log(`|${widths.map((w, k) => (right(k) ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`);
  for (const r of rows.slice(1)) console.log(fmt(r));
  console.log();
  console.log("| contender | timed region |");
  console.log("|---|---|");
  for (const name of names) console.log(`| ${CONTENDERS[name]!.label} | ${CONTENDERS[name]!.covers} |`);
  console.log();

  const small = sizes[0]!;
  const large = sizes[sizes.length - 1]!;
  const s = fmtN(small);
  const goal = (text: string, v: number, ok: (v: number) => boolean): string => `${text} ${x(v)} ${Number.isFinite(v) ? (ok(v) ? "(met)" : "(NOT met)") : ""}`;
  const lines = [
    goal(`at ${s}: ours / full-work floor`, ratio(job("ours", small), job("floor", small)), (v) => v <= 1.0) + " (goal ≤ 1.0×)",
    goal(`at ${s}: DuckDB from the array / ours`, ratio(job("duckdbArray", small), job("ours", small)), (v) => v >= 2.5) + " (goal ≥ 2.5×)",
    goal(`at ${s}: naive / ours`, ratio(job("naive", small), job("ours", small)), (v) => v >= 10) + " (goal ≥ 10×)",
    goal(`at ${s}: objects / typed columns (records read)`, ratio(job("ours", small), job("columns", small)), (v) => v >= 3) + " (goal ≥ 3×)",
    goal(`at ${s}: typed columns, columnar read / limit`, ratio(job("columnsView", small), job("limit", small)), (v) => v <= 3) + " (goal ≤ 3×)",
    `at ${s}: typed columns with records read / limit ${x(ratio(job("columns", small), job("limit", small)))}; ` +
      `objects / typed columns, columnar read ${x(ratio(job("ours", small), job("columnsView", small)))}`,
    `at ${s}: DuckDB from CSV / ours ${x(ratio(job("duckdbCsv", small), job("ours", small)))}, from Parquet / ours ${x(ratio(job("duckdbParquet", small), job("ours", small)))}`,
  ];
  if (sizes.length > 1) {
    const growth = (name: string): number => {
      const a = job(name, large);
      const b = job(name, small);
      return a === undefined || b === undefined ? NaN : median(a.times.map((t, i) => t / (b.times[i] as number)));
    };
    const rel = (name: string): number => {
      const a = job(name, large);
      const b = job(name, small);
      const fa = job("floor", large);
      const fb = job("floor", small);
      if (a === undefined || b === undefined || fa === undefined || fb === undefined) return NaN;
      return median(a.times.map((t, i) => t / (b.times[i] as number) / ((fa.times[i] as number) / (fb.times[i] as number))));
    };
    lines.push(
      `${fmtN(large)} / ${s} time: ours ${x(growth("ours"))}, typed columns ${x(growth("columns"))}, floor ${x(growth("floor"))}, limit ${x(growth("limit"))}`,
      goal(`growth of ours ÷ growth of the floor, per round`, rel("ours"), (v) => v <= 1.1) + " (goal ≤ 1.1×)",
    );
  }
  for (const l of lines) console.log(l);
  console.log(`nodejs-polars: ${polars === null ? "loaded" : `skipped: ${polars}`}.`);
  console.log(
    `${rounds} counted rounds after a warm-up round, contenders one after the other in each round; "÷ ours" is the median over rounds ` +
      `of (contender ÷ ours at the same size in the same round). Peak beyond input = highest (peak RSS during a run − RSS before it), ` +
      `JS heap and native memory. DuckDB uses its default threads (${cpus().length} here); ours and the passes use one.`,
  );
  console.log(
    `Node ${process.versions.node}, ${cpus()[0]?.model ?? "?"} × ${cpus().length}, load average ${load0.map((l) => l.toFixed(2)).join(" ")} at the start, ` +
      `${median(loads).toFixed(2)} (1-min) median over the rounds; wall time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
  console.log(`sink ${sink}`);
}

if (process.argv[2] === "--child") {
  await child(process.argv[3] as string, Number(process.argv[4]));
} else {
  await parent();
}
