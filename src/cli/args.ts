// Command-line arguments to a plan. No I/O here: main.ts does the reading and writing.
import { parseArgs } from "node:util";
import type { Granularity, OrderColumnMapping, OrderExportFormat, ReadOrdersOptions, WeekStartsOn } from "../index.js";

export const USAGE = `Usage: retention-metrics report <orders.csv> --format <shopify|woocommerce|generic> [options]
       retention-metrics report --demo [options]

Reads a shop's orders export and writes a self-contained HTML retention report.

Input
  --format <name>          shopify, woocommerce, or generic (with --columns)
  --columns <map>          generic: orderId=<header>,customerId=<header>,placedAt=<header>,total=<header>
                           [,refunded=<header>,currency=<header>,segment=<header>]
  --date-format <fmt>      generic: e.g. dd/MM/yyyy HH:mm (default: iso)
  --delimiter <c>          field separator (default ","; "\\t" for tab)
  --guests <skip|keep>     orders with no customer identity (default: skip)
  --segment <header>       a column whose value becomes the order's segment (e.g. Source)
  --rate <CUR=rate>        exchange rate to --currency, repeatable (e.g. --rate CZK=0.0398)
  --currency <CUR>         reporting currency for --rate
  --on-error <throw|collect>  stop at the first bad row (default), or list bad rows and go on
  --stream                 fold orders into an accumulator instead of holding them (automatic above 512 MB)
  --workers <n>            read a file of 16 MiB or more (not streamed) with up to n threads (this one and
                           n - 1 workers), a part each; the same book and ledger as one thread (default: 2,
                           or 1 on a machine of one core)
  --demo                   the bundled CDNOW data (23,570 customers, 1997-1998), instead of a file

Report
  --time-zone <iana>       time zone of calendar periods and of times without an offset (default: UTC)
  --from <date>, --to <date>, --as-of <date>   window and observation end (default: all orders, latest order)
  --granularity <g>        cohort period: day, week, month, quarter, year (default: month)
  --periods <n>            periods since acquisition shown (default: 12)
  --week-starts-on <0-6>   first day of a week, 0 = Sunday (default: 1)
  --active-within-days <n> days of inactivity after which a customer is lapsed, for CRR (default: 365)
  --title <text>           report title
  --out <file>             where the HTML goes (default: retention-report.html)
  --json                   print the numbers as JSON on stdout instead of writing HTML (or to --out)
  --quiet                  no summary and no progress bar on stderr
  -h, --help               this text

Exit codes: 0 done; 1 the data has an error (row and column in the message); 2 bad arguments; 3 a file could not
be read or written.`;

/** A usage error: exit code 2. */
export class UsageError extends Error {}

export interface CliPlan {
  command: "report" | "help";
  input: string | null;
  demo: boolean;
  read: ReadOrdersOptions | null;
  stream: boolean | null;
  /** Threads of a read to a book, this one included (1: this thread alone), or null: the default (main.ts). */
  workers: number | null;
  timeZone: string;
  from: string | undefined;
  to: string | undefined;
  asOf: string | undefined;
  granularity: Granularity;
  periods: number;
  weekStartsOn: WeekStartsOn;
  activeWithinDays: number | undefined;
  title: string | undefined;
  out: string | null;
  json: boolean;
  quiet: boolean;
}

const GRANULARITIES: readonly Granularity[] = ["day", "week", "month", "quarter", "year"];

function positive(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a positive ${integer ? "integer" : "number"} (got ${JSON.stringify(text)})`);
  return n;
}

function columnsOf(text: string): OrderColumnMapping {
  const map: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--columns takes field=header pairs separated by commas (got ${JSON.stringify(pair)})`);
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  for (const key of Object.keys(map)) {
    if (!["orderId", "customerId", "placedAt", "total", "refunded", "currency", "segment"].includes(key)) throw new UsageError(`--columns: unknown field ${JSON.stringify(key)}; the fields are orderId, customerId, placedAt, total, refunded, currency, segment`);
  }
  return map as unknown as OrderColumnMapping;
}

/** Parses the arguments after the program name. Throws {@link UsageError}. */
export function parseCli(argv: readonly string[]): CliPlan {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        columns: { type: "string" },
        "date-format": { type: "string" },
        delimiter: { type: "string" },
        guests: { type: "string" },
        segment: { type: "string" },
        rate: { type: "string", multiple: true },
        currency: { type: "string" },
        "on-error": { type: "string" },
        stream: { type: "boolean" },
        "no-stream": { type: "boolean" },
        workers: { type: "string" },
        demo: { type: "boolean" },
        "time-zone": { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        "as-of": { type: "string" },
        granularity: { type: "string" },
        periods: { type: "string" },
        "week-starts-on": { type: "string" },
        "active-within-days": { type: "string" },
        title: { type: "string" },
        out: { type: "string", short: "o" },
        json: { type: "boolean" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const [command, ...rest] = parsed.positionals;
  const base = { input: null, demo: false, read: null, stream: null, workers: null, timeZone: "UTC", from: undefined, to: undefined, asOf: undefined, granularity: "month" as Granularity, periods: 12, weekStartsOn: 1 as WeekStartsOn, activeWithinDays: undefined, title: undefined, out: null, json: false, quiet: false };
  if (v.help === true || command === undefined || command === "help") return { command: "help", ...base };
  if (command !== "report") throw new UsageError(`unknown command ${JSON.stringify(command)}; the command is "report"`);
  if (rest.length > 1) throw new UsageError(`one input file at a time (got ${rest.length}: ${rest.join(", ")})`);
  const demo = v.demo === true;
  const input = rest[0] ?? null;
  if (demo && input !== null) throw new UsageError("--demo reads the bundled data; leave out the file");
  if (!demo && input === null) throw new UsageError("which file? retention-metrics report <orders.csv> --format shopify (or --demo)");
  let read: ReadOrdersOptions | null = null;
  if (!demo) {
    const format = v.format;
    if (format === undefined) throw new UsageError("--format is required: shopify, woocommerce or generic");
    if (format !== "shopify" && format !== "woocommerce" && format !== "generic") throw new UsageError(`--format must be shopify, woocommerce or generic (got ${JSON.stringify(format)})`);
    read = { format: format as OrderExportFormat };
    if (v.columns !== undefined) read.columns = columnsOf(v.columns);
    if (v["date-format"] !== undefined) read.dateFormat = v["date-format"];
    if (v.delimiter !== undefined) read.delimiter = v.delimiter === "\\t" || v.delimiter === "tab" ? "\t" : v.delimiter;
    if (v.guests !== undefined) read.guests = v.guests as "skip" | "keep";
    if (v.segment !== undefined) read.segment = v.segment;
    if (v["on-error"] !== undefined) read.onError = v["on-error"] as "throw" | "collect";
    if (v.rate !== undefined) {
      if (v.currency === undefined) throw new UsageError("--rate needs --currency, the currency the rates convert to");
      const rates: Record<string, string> = {};
      for (const r of v.rate) {
        const m = /^([A-Za-z]{3})=(.+)$/.exec(r);
        if (m === null) throw new UsageError(`--rate takes CUR=rate, e.g. CZK=0.0398 (got ${JSON.stringify(r)})`);
        rates[(m[1] as string).toUpperCase()] = m[2] as string;
      }
      read.exchangeRates = { to: v.currency.toUpperCase(), rates };
    } else if (v.currency !== undefined) {
      throw new UsageError("--currency goes with --rate (the rates to convert to it)");
    }
  }
  const granularity = (v.granularity ?? "month") as Granularity;
  if (!GRANULARITIES.includes(granularity)) throw new UsageError(`--granularity must be one of ${GRANULARITIES.join(", ")} (got ${JSON.stringify(v.granularity)})`);
  const week = v["week-starts-on"] === undefined ? 1 : Number(v["week-starts-on"]);
  if (!Number.isInteger(week) || week < 0 || week > 6) throw new UsageError(`--week-starts-on must be 0 (Sunday) to 6 (Saturday) (got ${JSON.stringify(v["week-starts-on"])})`);
  if (v.stream === true && v["no-stream"] === true) throw new UsageError("--stream or --no-stream, not both");
  return {
    command: "report",
    input,
    demo,
    read,
    stream: v.stream === true ? true : v["no-stream"] === true ? false : null,
    workers: positive("workers", v.workers, true) ?? null,
    timeZone: v["time-zone"] ?? (demo ? "UTC" : "UTC"),
    from: v.from,
    to: v.to,
    asOf: v["as-of"],
    granularity,
    periods: positive("periods", v.periods, true) ?? 12,
    weekStartsOn: week as WeekStartsOn,
    activeWithinDays: positive("active-within-days", v["active-within-days"], false),
    title: v.title,
    out: v.out ?? null,
    json: v.json === true,
    quiet: v.quiet === true,
  };
}
