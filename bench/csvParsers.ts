// `node --import tsx bench/csvParsers.ts [file] [mode ...]`: how fast can any CSV parser turn an export into rows?
// The ceiling of the readers (issue 16 asks for >= 1M rows/s from a 79-column Shopify export to an OrderBook).
//
// The file (default: the 200,000-order export of `npm run bench:readers -- --orders 200000`, about 500,000 rows)
// is read whole and cut into ~1 MiB slices at row ends; then each mode turns every slice into rows, doing nothing
// with them but counting cells. CPU time of this process is printed as well as wall time, as the machine may be
// shared. Modes:
//   papa        Papa.parse(slice, { step }): papaparse's public API, one results object per row
//   papa-core   papaparse's core parser (Papa.Parser) with step: what src/internal/readers/csvRows.ts runs
//   split       slice.split("\n"), then line.split(","): no quote handling at all; the floor of any parser that
//               makes a string per cell (V8's native split)
//   bounds      a prototype that is not a general parser: per record, the cell bounds into an Int32Array
//               (quotes handled), a string made only for the cells the Shopify reader reads (10 of 79). What a
//               purpose-built reader could reach: not used by the library (see docs/from-an-export.md, "Speed")
//   d3-dsv, udsv, csv-parse   other parsers, when installed (they are not dependencies: npm i --no-save ...)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";

const require = createRequire(import.meta.url);
const optional = (name: string): unknown => {
  try {
    return require(name);
  } catch {
    return null;
  }
};

const args = process.argv.slice(2);
const path = args[0] !== undefined && !/^[a-z0-9-]+$/.test(args[0]) ? (args.shift() as string) : join(tmpdir(), "rm-bench-shopify-200000.csv");
const modes = args.length > 0 ? args : ["papa", "papa-core", "split", "bounds", "d3-dsv", "udsv", "csv-parse"];

const text = readFileSync(path, "utf8");
/** Slices of about 1 MiB, each ending at a row end (a newline after an even number of quotes). */
const slices: string[] = [];
for (let i = 0; i < text.length; ) {
  let end = Math.min(text.length, i + (1 << 20));
  if (end < text.length) {
    let quotes = 0;
    for (let k = text.indexOf('"', i); k >= 0 && k < end; k = text.indexOf('"', k + 1)) quotes++;
    let nl = text.indexOf("\n", end);
    for (let k = text.indexOf('"', end); k >= 0 && k < nl; k = text.indexOf('"', k + 1)) quotes++;
    while (nl >= 0 && quotes % 2 === 1) {
      const next = text.indexOf("\n", nl + 1);
      for (let k = text.indexOf('"', nl); k >= 0 && k < (next < 0 ? text.length : next); k = text.indexOf('"', k + 1)) quotes++;
      nl = next;
    }
    end = nl < 0 ? text.length : nl + 1;
  }
  slices.push(text.slice(i, end));
  i = end;
}

/** The columns the Shopify reader reads (Name, Email, Financial Status, Currency, Total, Created at, ...). */
const header = (text.slice(0, text.indexOf("\n")) as string).split(",");
const WANTED = ["Email", "Financial Status", "Currency", "Total", "Created at", "Cancelled at", "Payment Method", "Refunded Amount", "Phone"].map((n) => header.indexOf(n)).filter((i) => i >= 0);
const ID = Math.max(0, header.indexOf("Name"));

/** The prototype: cell bounds per record, strings only for the id (every row) and WANTED (an order's first row). */
function bounds(s: string, onRow: (cells: number) => void): void {
  const n = s.length;
  const b = new Int32Array(2 * 1024);
  const cells: string[] = [];
  let lastId = "";
  let i = 0;
  while (i < n) {
    let f = 0;
    for (;;) {
      const start = i;
      let ch: number;
      if (s.charCodeAt(i) === 34) {
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0) {
            i = n;
            break;
          }
          if (s.charCodeAt(q + 1) === 34) {
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        ch = i < n ? s.charCodeAt(i) : 10;
      } else {
        ch = 10;
        while (i < n) {
          ch = s.charCodeAt(i);
          if (ch === 44 || ch === 10) break;
          i++;
        }
        if (i >= n) ch = 10;
      }
      if (f < 1024) {
        b[2 * f] = start;
        b[2 * f + 1] = i;
      }
      f++;
      i++;
      if (ch === 10) break;
    }
    const id = s.slice(b[2 * ID] as number, b[2 * ID + 1] as number);
    if (id !== lastId) {
      lastId = id;
      for (const k of WANTED) if (k < f) cells[k] = s.slice(b[2 * k] as number, b[2 * k + 1] as number);
    }
    onRow(f);
  }
}

type Rows = (slice: string, onRow: (cells: number) => void) => void;
const d3 = optional("d3-dsv") as { csvParseRows(s: string, f: (r: string[]) => null): void } | null;
const udsv = optional("udsv") as { inferSchema(s: string, o: object): unknown; initParser(schema: unknown): { stringArrs(s: string): string[][] } } | null;
const csvParse = optional("csv-parse/sync") as { parse(s: string, o: object): string[][] } | null;
const MODES: Record<string, Rows | null> = {
  papa: (s, onRow) => void Papa.parse<string[]>(s, { delimiter: ",", newline: "\n", header: false, skipEmptyLines: true, step: (r) => onRow(r.data.length) }),
  "papa-core": (s, onRow) => {
    const Parser = (Papa as unknown as { Parser: new (config: object) => { parse(s: string, base: number, ignoreLastRow: boolean): unknown } }).Parser;
    new Parser({ delimiter: ",", newline: "\n", quoteChar: '"', escapeChar: '"', step: (r: { data: string[][] }) => onRow((r.data[0] as string[]).length) }).parse(s, 0, true);
  },
  split: (s, onRow) => {
    for (const line of s.split("\n")) if (line !== "") onRow(line.split(",").length);
  },
  bounds,
  "d3-dsv": d3 === null ? null : (s, onRow) => d3.csvParseRows(s, (r) => (onRow(r.length), null)),
  udsv: udsv === null ? null : (s, onRow) => {
    for (const r of udsv.initParser(udsv.inferSchema(s, { header: () => [] })).stringArrs(s)) onRow(r.length);
  },
  "csv-parse": csvParse === null ? null : (s, onRow) => {
    for (const r of csvParse.parse(s, { relax_column_count: true })) onRow(r.length);
  },
};

console.log(`${path}: ${(text.length / 2 ** 20).toFixed(0)} MiB, ${header.length} columns, ${slices.length} slices`);
for (const mode of modes) {
  const run = MODES[mode];
  if (run === undefined) throw new Error(`no mode ${mode}: ${Object.keys(MODES).join(", ")}`);
  if (run === null) {
    console.log(`${mode.padEnd(10)} not installed (npm i --no-save ${mode === "csv-parse" ? "csv-parse" : mode})`);
    continue;
  }
  const load = loadavg().map((x) => x.toFixed(2)).join(" ");
  let rows = 0;
  let cells = 0;
  const onRow = (n: number): void => {
    rows++;
    cells += n;
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const s of slices) run(s, onRow);
  const ms = performance.now() - t0;
  const u = process.cpuUsage(c0);
  const cpu = (u.user + u.system) / 1000;
  console.log(`${mode.padEnd(10)} ${rows} rows, ${cells} cells: ${ms.toFixed(0)} ms = ${(rows / ms / 1000).toFixed(2)} M rows/s; CPU ${cpu.toFixed(0)} ms = ${(rows / cpu / 1000).toFixed(2)} M rows per CPU second (load ${load})`);
}
