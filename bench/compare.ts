// `npm run bench:compare`: the whole analysis (prepareOrders, then summarize, cohortTable monthly in
// Europe/Prague and customerSummaries) on 1,000,000 and 5,000,000 generated orders (plain objects with ISO
// strings and decimal strings), side by side with the naive loop, DuckDB load-plus-query, nodejs-polars
// (when it loads) and a hand-written floor. Every contender runs in its own child process (fresh heap, its
// own peak-memory mark) on the same seeded orders; the parent checks that all give the same numbers, then
// prints one table. Not part of `npm test`; no timing is asserted anywhere.
//
// Two more contenders run the same analysis from columns instead of objects: "columns" (typed arrays of
// numeric customer keys, epoch milliseconds, integer cents and numeric order ids, through prepareOrderColumns)
// and "arrow" (the same as an Apache Arrow table, as a notebook user holds it). Their columns are made from the
// generated orders before the timed region, and the objects are then dropped: the columns are the input, as
// the objects are for the others. Their customer ids are the numbers of the generated "c<number>" ids; the
// agreement check prefixes the "c" again.
//
// Options: --sizes 1000000,5000000   --only ours,duckdb   --quick (fewer runs)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Decimal from "decimal.js";
import type { Table } from "apache-arrow";
import { cohortTable, customerSummaries, OrderBook, prepareOrderColumns, prepareOrders, summarize, type Order } from "../src/index.js";
import { loadOrders, warehouseSql } from "../test/warehouse/duckdb.js";
import { floorPass } from "./floor.js";
import { generateOrders } from "./generateOrders.js";
import { naiveAnalysis } from "./naive.js";
import { toArrow, toColumns, type Columns } from "./toColumns.js";

const TZ = "Europe/Prague";
const self = fileURLToPath(import.meta.url);

/** The numbers every contender must agree on (a contender may leave out what it does not compute). */
interface Numbers {
  orders: number;
  customers: number;
  net: string;
  repeatCustomers?: number;
  gross?: string;
  refunded?: string;
  /** Non-empty cohort cells and a hash of their `YYYY-MM|period|active` lines. */
  cohortCells?: number;
  cohortHash?: string;
  /** Customers and a hash of their `id|orders|frequency|recency|T|monetaryValue` lines, sorted by id. */
  customerRows?: number;
  customerHash?: string;
}

interface ChildReport {
  contender: string;
  n: number;
  times: number[];
  /** Highest (peak RSS during a run − RSS before it), bytes: memory beyond the input, native memory included. */
  peakBeyondInput: number;
  numbers: Numbers;
}

const dec = (x: Decimal.Value): string => new Decimal(x).toString();

function hashLines(lines: string[]): string {
  lines.sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
}

function cohortNumbers(cells: string[]): Pick<Numbers, "cohortCells" | "cohortHash"> {
  return { cohortCells: cells.length, cohortHash: hashLines(cells) };
}

function customerNumbers(lines: string[]): Pick<Numbers, "customerRows" | "customerHash"> {
  return { customerRows: lines.length, customerHash: hashLines(lines) };
}

// --- Contenders: each returns a thunk that gives the agreement numbers of its (last) result. ---

type Contender = (input: never) => Promise<() => Numbers> | (() => Numbers);

/** The analysis on a book; `idPrefix` turns numeric customer keys back into the generated "c<number>" ids. */
function analyse(book: OrderBook, idPrefix = ""): () => Numbers {
  const s = summarize(book, { timeZone: TZ });
  const t = cohortTable(book, { timeZone: TZ });
  const c = customerSummaries(book, { timeZone: TZ });
  return () => ({
    orders: s.orders,
    customers: s.customers,
    net: dec(s.revenue.net),
    repeatCustomers: s.repeatCustomers,
    gross: dec(s.revenue.gross),
    refunded: dec(s.revenue.refunded),
    ...cohortNumbers(t.cohorts.flatMap((row) => row.cells.filter((x) => x.activeCustomers > 0).map((x) => `${row.label}|${x.period}|${x.activeCustomers}`))),
    ...customerNumbers(c.customers.map((x) => `${idPrefix}${x.customerId}|${x.orders}|${x.frequency}|${x.recency}|${x.T}|${x.monetaryValue.toString()}`)),
  });
}

function ours(orders: Order[]): () => Numbers {
  return analyse(prepareOrders(orders, { timeZone: TZ }));
}

function columns(input: Columns): () => Numbers {
  return analyse(prepareOrderColumns(input, { timeZone: TZ }), "c");
}

function arrowTable(table: Table): () => Numbers {
  const names = { customerId: "customer_id", placedAt: "placed_at", orderId: "order_id" };
  return analyse(prepareOrderColumns(table, { timeZone: TZ, names }), "c");
}

function naive(orders: Order[]): () => Numbers {
  const r = naiveAnalysis(orders, TZ);
  return () => ({
    orders: r.summary.orders,
    customers: r.summary.customers,
    net: dec(r.summary.net),
    repeatCustomers: r.summary.repeat,
    gross: dec(r.summary.gross),
    refunded: dec(r.summary.refunded),
    ...cohortNumbers([...r.cohorts].flatMap(([label, row]) => [...row].map(([k, active]) => `${label}|${k}|${active}`))),
    ...customerNumbers(r.customers.map((x) => `${x.customerId}|${x.orders}|${x.frequency}|${x.recency}|${x.T}|${x.monetaryValue.toString()}`)),
  });
}

function floor(orders: Order[]): () => Numbers {
  const f = floorPass(orders);
  return () => {
    let net = 0;
    for (let i = 0; i < f.n; i++) net += f.cents[i] as number;
    return { orders: f.n, customers: f.customers, net: dec(new Decimal(net).div(100)) };
  };
}

const SUMMARY_SQL = `SELECT COUNT(*) AS orders, COUNT(DISTINCT customer_id) AS customers,
  SUM(total) AS gross, SUM(COALESCE(refunded, 0)) AS refunded, SUM(total - COALESCE(refunded, 0)) AS net,
  (SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2)) AS repeat_customers,
  CAST(MAX(placed_at) AS VARCHAR) AS as_of
FROM orders`;

async function duckdb(orders: Order[]): Promise<() => Numbers> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const sql = warehouseSql();
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  await loadOrders(con, orders);
  const s = (await con.runAndReadAll(SUMMARY_SQL)).getRowObjectsJson()[0] as Record<string, string>;
  const asOf = s.as_of as string;
  const cohorts = (await con.runAndReadAll(sql.cohort_counts as string, { tz: TZ, as_of: asOf })).getColumnsObjectJson();
  const cust = (await con.runAndReadAll(sql.customer_summaries as string, { tz: TZ, as_of: asOf, unit_days: 1 })).getColumnsObjectJson();
  con.closeSync();
  instance.closeSync();
  return () => {
    const cells: string[] = [];
    for (let i = 0; i < cohorts.period!.length; i++) {
      cells.push(`${String(cohorts.cohort_year![i])}-${String(cohorts.cohort_month![i]).padStart(2, "0")}|${String(cohorts.period![i])}|${String(cohorts.active_customers![i])}`);
    }
    const lines: string[] = [];
    for (let i = 0; i < cust.customer_id!.length; i++) {
      const f = Number(cust.frequency![i]);
      const m = f === 0 ? "0" : new Decimal(cust.repeat_value![i] as string).div(f).toString();
      lines.push(`${String(cust.customer_id![i])}|${String(cust.orders![i])}|${f}|${String(cust.recency![i])}|${String(cust.T![i])}|${m}`);
    }
    return {
      orders: Number(s.orders),
      customers: Number(s.customers),
      net: dec(s.net as string),
      repeatCustomers: Number(s.repeat_customers),
      gross: dec(s.gross as string),
      refunded: dec(s.refunded as string),
      ...cohortNumbers(cells),
      ...customerNumbers(lines),
    };
  };
}

interface ContenderSpec {
  run: Contender;
  label: string;
  runs: [number, number];
  warmup: boolean;
  /** Makes the contender's input from the generated orders, outside the timed region (default: the orders). */
  input?: (orders: Order[]) => unknown;
}

const CONTENDERS: Record<string, ContenderSpec> = {
  ours: { run: ours, label: "retention-metrics", runs: [5, 3], warmup: true },
  columns: { run: columns, label: "ours, columns (typed arrays)", runs: [5, 3], warmup: true, input: toColumns },
  arrow: { run: arrowTable, label: "ours, Arrow table", runs: [5, 3], warmup: true, input: toArrow },
  floor: { run: floor, label: "hand-written floor (parse pass only)", runs: [5, 3], warmup: true },
  duckdb: { run: duckdb, label: "DuckDB load + SQL", runs: [3, 2], warmup: true },
  naive: { run: naive, label: "naive loop (Decimal + Date + Intl)", runs: [2, 1], warmup: false },
};

/** Why nodejs-polars is not a contender, or null when it loads. */
async function polarsSkipReason(): Promise<string | null> {
  try {
    await import("nodejs-polars" as string);
    return "loads, but no polars contender is written yet";
  } catch (e) {
    return `nodejs-polars is not installed or does not load here (${String((e as Error).message).split("\n")[0]}); ` +
      "its native binary (0.26) requires Node >= 22, so npm skips it on Node 20";
  }
}

// --- Child: one contender at one size. ---

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

async function child(name: string, n: number, runs: number, warmup: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc");
  const contender = CONTENDERS[name];
  if (contender === undefined) throw new Error(`unknown contender ${name}`);
  let orders: Order[] | null = generateOrders({ orders: n, months: 36, heavyTail: true, seed: 42 });
  const input = contender.input === undefined ? orders : contender.input(orders);
  orders = null; // a columnar contender's input is its columns alone
  const times: number[] = [];
  let peakBeyondInput = 0;
  let numbers: (() => Numbers) | null = null;
  for (let r = warmup ? -1 : 0; r < runs; r++) {
    numbers = null;
    gc();
    gc();
    const before = rssNow();
    const canReset = resetPeak();
    const t0 = performance.now();
    numbers = await contender.run(input as never);
    const dt = performance.now() - t0;
    if (r >= 0) times.push(dt);
    if (canReset) peakBeyondInput = Math.max(peakBeyondInput, rssPeak() - before);
  }
  const report: ChildReport = { contender: name, n, times, peakBeyondInput, numbers: (numbers as () => Numbers)() };
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
}

// --- Parent. ---

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function parent(): Promise<void> {
  const sizes = (arg("--sizes") ?? "1000000,5000000").split(",").map(Number);
  const only = arg("--only")?.split(",");
  const quick = process.argv.includes("--quick");
  const names = Object.keys(CONTENDERS).filter((k) => only === undefined || only.includes(k));
  const polars = await polarsSkipReason();
  const reports: ChildReport[] = [];
  const started = performance.now();
  for (const n of sizes) {
    for (const name of names) {
      const c = CONTENDERS[name]!;
      const runs = quick ? 1 : c.runs[n > 2_000_000 ? 1 : 0];
      process.stderr.write(`${name} at ${n.toLocaleString("en-US")} orders, ${runs} run(s)${c.warmup ? " + warm-up" : ""} … `);
      const out = spawnSync(
        process.execPath,
        [...process.execArgv, "--max-old-space-size=16384", self, "--child", name, String(n), String(runs), c.warmup && !quick ? "1" : "0"],
        { encoding: "utf8", maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "inherit"] },
      );
      if (out.status !== 0) throw new Error(`${name} at ${n} failed (exit ${out.status}): ${out.stdout}`);
      const line = out.stdout.trim().split("\n").pop() as string;
      const rep = JSON.parse(line) as ChildReport;
      process.stderr.write(`median ${median(rep.times).toFixed(0)} ms\n`);
      reports.push(rep);
    }
  }

  // Agreement: every contender's numbers equal ours (fields a contender does not compute are skipped).
  for (const n of sizes) {
    const base = reports.find((r) => r.n === n && r.contender === "ours") ?? reports.find((r) => r.n === n);
    if (base === undefined) continue;
    for (const r of reports.filter((x) => x.n === n)) {
      for (const [k, v] of Object.entries(r.numbers)) {
        const want = (base.numbers as unknown as Record<string, unknown>)[k];
        if (want !== undefined && want !== v) {
          throw new Error(`DISAGREEMENT at ${n} orders: ${r.contender}.${k} = ${String(v)}, ${base.contender}.${k} = ${String(want)}`);
        }
      }
    }
    const b = base.numbers;
    console.log(
      `${n.toLocaleString("en-US")} orders: all contenders agree — ${b.customers.toLocaleString("en-US")} customers, ` +
        `${b.repeatCustomers?.toLocaleString("en-US")} repeat, net ${b.net}, ${b.cohortCells} cohort cells #${b.cohortHash}, ` +
        `${b.customerRows?.toLocaleString("en-US")} customer rows #${b.customerHash}`,
    );
  }

  const rows: string[][] = [["orders", "contender", "median ms", "runs (min–max)", "M orders/s", "peak beyond input", "B/order", "time vs ours"]];
  for (const n of sizes) {
    const oursMedian = median(reports.find((r) => r.n === n && r.contender === "ours")?.times ?? [NaN]);
    for (const r of reports.filter((x) => x.n === n)) {
      const m = median(r.times);
      rows.push([
        n.toLocaleString("en-US"),
        CONTENDERS[r.contender]!.label,
        m.toFixed(0),
        `${r.times.length} (${Math.min(...r.times).toFixed(0)}–${Math.max(...r.times).toFixed(0)})`,
        (n / m / 1000).toFixed(2),
        `${(r.peakBeyondInput / 2 ** 20).toFixed(0)} MiB`,
        (r.peakBeyondInput / n).toFixed(0),
        r.contender === "ours" ? "1.00×" : `${(m / oursMedian).toFixed(2)}×`,
      ]);
    }
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => (r[j] as string).length)));
  const fmt = (r: string[]): string => `| ${r.map((c, j) => (j >= 2 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join(" | ")} |`;
  console.log();
  console.log(fmt(rows[0]!));
  console.log(`|${widths.map((w, j) => (j >= 2 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`);
  for (const r of rows.slice(1)) console.log(fmt(r));
  console.log();
  if (polars !== null) console.log(`nodejs-polars: skipped: ${polars}.`);
  const m = (name: string, n: number): number => median(reports.find((r) => r.n === n && r.contender === name)?.times ?? [NaN]);
  const [small, large] = [sizes[0]!, sizes[sizes.length - 1]!];
  if (sizes.length > 1) console.log(`retention-metrics ${large.toLocaleString("en-US")} / ${small.toLocaleString("en-US")} time: ${(m("ours", large) / m("ours", small)).toFixed(2)}× for ${(large / small).toFixed(1)}× the orders`);
  console.log(
    `at ${small.toLocaleString("en-US")}: naive / ours ${(m("naive", small) / m("ours", small)).toFixed(1)}× (goal ≥ 10×), ` +
      `DuckDB / ours ${(m("duckdb", small) / m("ours", small)).toFixed(2)}× (goal ≥ 2.5×), ours / floor ${(m("ours", small) / m("floor", small)).toFixed(2)}× (goal ≤ 1.3×)`,
  );
  const vsObjects = (name: string): string => `${(m("ours", small) / m(name, small)).toFixed(2)}×`;
  if (names.includes("columns") || names.includes("arrow")) {
    console.log(
      `at ${small.toLocaleString("en-US")}: from columns ${vsObjects("columns")} faster than from objects, ` +
        `from an Arrow table ${vsObjects("arrow")} (goal ≥ 3×)`,
    );
  }
  console.log(`Peak beyond input = highest (peak RSS during a run − RSS before it), JS heap and native memory; wall time ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

if (process.argv[2] === "--child") {
  await child(process.argv[3] as string, Number(process.argv[4]), Number(process.argv[5]), process.argv[6] === "1");
} else {
  await parent();
}
