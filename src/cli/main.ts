// The command-line shell: the only module of src/ that touches files, the terminal, the clock (for the progress
// bar) or the environment. Everything it computes comes from the library's public API (../index.ts).
import { statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, resolve } from "node:path";
import {
  cohortTable,
  createAccumulator,
  customerSummaries,
  historicalLifetimeValue,
  OrderAccumulator,
  prepareOrders,
  readOrderBook,
  readOrders,
  RetentionMetricsError,
  retentionReport,
  retentionSeries,
  rfmScores,
  summarize,
  type OrderBook,
  type OrderLedger,
  type OrdersInput,
} from "../index.js";
import { parseCli, UsageError, USAGE, type CliPlan } from "./args.js";
import { readCdnow } from "./demo.js";
import { fileChunks } from "./fileChunks.js";
import { readOrderBookInParts } from "./readInParts.js";

/** What the command reads and writes through: the process by default, a fake in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (the progress bar is drawn only then). */
  stderrIsTTY: boolean;
  /** Directory relative paths are read from. */
  cwd: string;
  /** Milliseconds, for the progress bar's timing. */
  now(): number;
}

export const EXIT = { ok: 0, data: 1, usage: 2, io: 3 } as const;

/**
 * Threads of a read to a book when --workers is not given (fewer on a machine of fewer cores). Two: on the
 * project's 2-core machine this thread and one worker read a 1M-order Shopify export 1.25x faster than this
 * thread alone when idle, and 1.08x faster with the other core busy (docs/from-an-export.md, "Speed"); more
 * threads were not measured, so they are asked for with --workers.
 */
const DEFAULT_WORKERS = 2;
/** Files of this size or more (and not streamed) are read in parts, one per thread (--workers). */
const PARTS_FROM_BYTES = 16 * 1024 * 1024;

/** Files above this size are streamed through an accumulator unless --no-stream. */
const STREAM_ABOVE_BYTES = 512 * 1024 * 1024;

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    now: () => performance.now(),
  };
}

/** A progress bar on stderr, drawn only on a terminal and only once the read has taken a second. */
class Progress {
  private readonly start: number;
  private lastDraw = 0;
  private drawn = false;
  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    private readonly total: number,
    private readonly enabled: boolean,
  ) {
    this.start = io.now();
  }
  update(done: number): void {
    if (!this.enabled) return;
    const t = this.io.now();
    if (t - this.start < 1000 || t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.drawn = true;
    const share = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const width = 30;
    const full = Math.round(share * width);
    const mb = (n: number): string => (n / 1048576).toFixed(1);
    this.io.stderr(`\r${this.label} [${"#".repeat(full)}${"-".repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}%  ${mb(done)} / ${mb(this.total)} MB`);
  }
  finish(): void {
    if (this.drawn) this.io.stderr(`\r${" ".repeat(this.label.length + 60)}\r`);
  }
}

function ledgerLine(ledger: OrderLedger): string {
  const skipped = ledger.skipped.map((s) => `${s.rows.length} ${s.reason}`).join(", ");
  return `read ${ledger.rowsRead} rows: ${ledger.ordersMade} orders, ${ledger.rowsMerged} line-item rows merged, ${ledger.rowsSkipped} skipped${skipped === "" ? "" : ` (${skipped})`}`;
}

/** Reads the input of the plan: a book (or an accumulator for a streamed file) and the ledger. */
async function load(plan: CliPlan, io: CliIo): Promise<{ input: OrderBook | OrderAccumulator; ledger: OrderLedger | null; name: string; how?: string }> {
  if (plan.demo) {
    return { input: prepareOrders(readCdnow(), { timeZone: plan.timeZone }), ledger: null, name: "CDNOW" };
  }
  const path = resolve(io.cwd, plan.input as string);
  const size = statSync(path).size;
  const stream = plan.stream ?? size > STREAM_ABOVE_BYTES;
  const progress = new Progress(io, `reading ${basename(path)}`, size, io.stderrIsTTY && !plan.quiet);
  const read = plan.read as NonNullable<CliPlan["read"]>;
  try {
    if (stream) {
      const acc = createAccumulator({ timeZone: plan.timeZone, granularity: plan.granularity, weekStartsOn: plan.weekStartsOn });
      const result = await readOrders(fileChunks(path, (done) => progress.update(done)), { ...read, into: acc });
      return { input: acc, ledger: result.ledger, name: basename(path) };
    }
    // --workers n and a file of 16 MiB or more: n threads (this one and n - 1 workers) read a part each
    // (readInParts.ts), with the book and ledger of one read; the bar moves when the parts are merged.
    const workers = plan.workers ?? Math.min(DEFAULT_WORKERS, availableParallelism());
    if (workers > 1 && size >= PARTS_FROM_BYTES) {
      const result = await readOrderBookInParts(path, { ...read, timeZone: plan.timeZone }, { workers });
      progress.update(size);
      const how = result.whole === null ? `read in ${result.parts} parts, one per thread` : `read whole in one thread: ${result.whole}`;
      return { input: result.book, ledger: result.ledger, name: basename(path), how };
    }
    const result = await readOrderBook(fileChunks(path, (done) => progress.update(done)), { ...read, timeZone: plan.timeZone });
    progress.update(size);
    return { input: result.book, ledger: result.ledger, name: basename(path) };
  } finally {
    progress.finish();
  }
}

function window(plan: CliPlan): { timeZone?: string; from?: string; to?: string; asOf?: string } {
  return {
    ...(plan.from !== undefined ? { from: plan.from } : {}),
    ...(plan.to !== undefined ? { to: plan.to } : {}),
    ...(plan.asOf !== undefined ? { asOf: plan.asOf } : {}),
  };
}

/** The numbers of the report as one JSON-able object. */
function numbers(input: OrdersInput, plan: CliPlan, ledger: OrderLedger | null): object {
  const w = window(plan);
  const isAcc = input instanceof OrderAccumulator;
  const ltvGranularity = plan.granularity === "day" || plan.granularity === "week" ? "month" : plan.granularity;
  return {
    ledger,
    summary: summarize(input, w),
    cohorts: cohortTable(input, { ...w, granularity: isAcc ? input.granularity : plan.granularity, weekStartsOn: plan.weekStartsOn, periods: plan.periods }),
    retentionSeries: isAcc ? null : retentionSeries(input, { ...w, granularity: "quarter", ...(plan.activeWithinDays !== undefined ? { activeWithinDays: plan.activeWithinDays } : {}) }),
    historicalLifetimeValue: historicalLifetimeValue(input, { ...w, granularity: ltvGranularity, periods: plan.periods }),
    rfmSegments: rfmScores(customerSummaries(input, w)).segments,
  };
}

/** The options of an error's hint, as flags of this command. */
function commandLineHint(e: RetentionMetricsError): string | null {
  if (e.field === "delimiter") {
    const m = /Pass delimiter: ("[^"]*")/.exec(e.message);
    return m === null ? null : `--delimiter ${m[1] === '"\\t"' ? "tab" : `'${JSON.parse(m[1] as string) as string}'`}`;
  }
  if (e.code === "MIXED_CURRENCY") {
    const m = /\(got "([A-Z]{3})"\)/.exec(e.message);
    return `--rate ${m?.[1] ?? "CUR"}=<rate> (repeat for each currency) --currency <the currency to report in>`;
  }
  if (e.code === "INVALID_COLUMN" && e.index === 1) return "--format generic --columns orderId=<header>,customerId=<header>,placedAt=<header>,total=<header>";
  return null;
}

/**
 * Runs the command line `argv` (the arguments after the program name) and returns the exit code:
 * 0 done, 1 an error in the data, 2 bad arguments, 3 a file could not be read or written.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let plan: CliPlan;
  try {
    plan = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`retention-metrics: ${e.message}\nRun retention-metrics --help for the options.\n`);
    return EXIT.usage;
  }
  if (plan.command === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  try {
    const { input, ledger, name, how } = await load(plan, io);
    if (!plan.quiet && how !== undefined) io.stderr(`${name}: ${how}\n`);
    if (!plan.quiet && ledger !== null) io.stderr(`${name}: ${ledgerLine(ledger)}\n`);
    if (!plan.quiet && ledger !== null && ledger.errors.length > 0) {
      for (const e of ledger.errors.slice(0, 10)) io.stderr(`  ${e.message}\n`);
      if (ledger.errors.length > 10) io.stderr(`  ... and ${ledger.errors.length - 10} more\n`);
    }
    if (plan.json) {
      const text = `${JSON.stringify(numbers(input, plan, ledger), null, 2)}\n`;
      if (plan.out === null) io.stdout(text);
      else writeFileSync(resolve(io.cwd, plan.out), text);
      return EXIT.ok;
    }
    const html = retentionReport(input, {
      ...window(plan),
      title: plan.title ?? (plan.demo ? "Retention report: CDNOW demo (1997-1998, US dollars)" : `Retention report: ${name}`),
      ...(input instanceof OrderAccumulator ? {} : { granularity: plan.granularity }),
      weekStartsOn: plan.weekStartsOn,
      periods: plan.periods,
      ...(plan.activeWithinDays !== undefined ? { activeWithinDays: plan.activeWithinDays } : {}),
      ...(ledger !== null ? { ledger } : {}),
    });
    const out = resolve(io.cwd, plan.out ?? "retention-report.html");
    writeFileSync(out, html);
    if (!plan.quiet) io.stderr(`wrote ${out} (${Math.round(html.length / 1024)} kB)\n`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof RetentionMetricsError) {
      io.stderr(`retention-metrics: ${e.message}\n`);
      const hint = commandLineHint(e);
      if (hint !== null) io.stderr(`On the command line: ${hint}\n`);
      return e.code === "INVALID_OPTION" || e.code === "INVALID_TIME_ZONE" ? EXIT.usage : EXIT.data;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
      io.stderr(`retention-metrics: ${(e as Error).message}\n`);
      return EXIT.io;
    }
    throw e;
  }
}
