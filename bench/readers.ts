// `npm run bench:readers`: reading a Shopify orders export to an OrderBook, and streaming one into an accumulator.
//
// The export is generated once into the OS temp directory (Shopify's 79 columns; 1 to 4 line items per order,
// 2.5 on average; every order's first row has a quoted line-item name holding a comma, and one order in ten a
// multi-line note), then:
//   1. read: readOrderBook(file stream) -> book (columns, no Order object kept), one thread; and (unless
//      --no-parts) the same file read by src/cli/readInParts.ts, as `report --workers 2` reads it: this thread
//      reads the first part while a worker thread per other part reads its own (the worker built,
//      dist/readWorker.js: `npx tsup` first; else from source through tsx, whose start in each worker is timed
//      too). Each read runs in a child process of its own (cold code and a fresh heap, as the command runs), the
//      two kinds alternating, and each must give the same book and ledger (a digest of both, taken after the
//      timed read). Unless --no-two-step, readOrders(file stream) -> orders then prepareOrders -> book (the same
//      book), in this process. Rows/s of each, wall clock and per CPU second of the process (all its threads;
//      the machine may be shared: the load average is printed with each line);
//   2. stream: readOrders(file stream, { into: createAccumulator() }) in a child process, its RSS sampled every
//      100 ms: the peak shows whether memory stays flat.
// Options: --orders 1000000 (about 2.5M rows, 500 MB)  --stream-orders 1000000 (0: no streaming run)
// --stream-noop (stream into a sink that drops each order: the reader's own memory)  --stream-customers 200000 (customers of the streamed file; default one per 5 orders: the accumulator holds a
// record per customer, so memory is flat in rows only at a fixed number of customers)  --narrow (a
// 7-column generic CSV, one row per order)  --no-two-step  --repeat 3 (runs of readOrderBook; the median is printed)
// --workers 2 (threads of the per-core read, this one included)  --no-parts
// --dist (the streamed child runs the built package, dist/, with no TypeScript loader: bench/streamChild.mjs; `npx tsup` first)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readOrderBookInParts } from "../src/cli/readInParts.js";
import { createAccumulator, prepareOrders, readOrderBook, readOrders, summarize, type ReadOrdersOptions } from "../src/index.js";
import { columnsOf } from "../src/internal/book/OrderBook.js";

const COLUMNS = ["Name","Email","Financial Status","Paid at","Fulfillment Status","Fulfilled at","Accepts Marketing","Currency","Subtotal","Shipping","Taxes","Total","Discount Code","Discount Amount","Shipping Method","Created at","Lineitem quantity","Lineitem name","Lineitem price","Lineitem compare at price","Lineitem sku","Lineitem requires shipping","Lineitem taxable","Lineitem fulfillment status","Billing Name","Billing Street","Billing Address1","Billing Address2","Billing Company","Billing City","Billing Zip","Billing Province","Billing Country","Billing Phone","Shipping Name","Shipping Street","Shipping Address1","Shipping Address2","Shipping Company","Shipping City","Shipping Zip","Shipping Province","Shipping Country","Shipping Phone","Notes","Note Attributes","Cancelled at","Payment Method","Payment Reference","Refunded Amount","Vendor","Outstanding Balance","Employee","Location","Device ID","Id","Tags","Risk Level","Source","Lineitem discount","Tax 1 Name","Tax 1 Value","Tax 2 Name","Tax 2 Value","Tax 3 Name","Tax 3 Value","Tax 4 Name","Tax 4 Value","Tax 5 Name","Tax 5 Value","Phone","Receipt Number","Duties","Billing Province Name","Shipping Province Name","Payment ID","Payment Terms Name","Next Payment Due At","Payment References"];
const col = (name: string): number => COLUMNS.indexOf(name);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const narrow = process.argv.includes("--narrow");

/** Writes the export of `orders` orders of `customers` customers (default: one per 5 orders); returns [path, data rows]. */
async function generate(orders: number, customers = 0): Promise<[string, number]> {
  const path = join(tmpdir(), `rm-bench-${narrow ? "generic" : "shopify"}-${orders}${customers > 0 ? `-c${customers}` : ""}.csv`);
  const customerCount = customers > 0 ? customers : Math.max(1, Math.floor(orders / 5));
  const rowsOf = (o: number): number => (narrow ? 1 : 1 + ((o * 7919) % 4));
  let rows = 0;
  for (let o = 0; o < orders; o++) rows += rowsOf(o);
  if (existsSync(path)) return [path, rows];
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> => new Promise((resolve) => (out.write(text) ? resolve() : out.once("drain", () => resolve())));
  await write(`${narrow ? "order,customer,date,total,refunded,currency,channel" : COLUMNS.join(",")}\n`);
  let buf = "";
  for (let o = 0; o < orders; o++) {
    const customer = `c${(o * 2654435761) % customerCount}@example.com`;
    const day = `2024-${String(1 + (o % 12)).padStart(2, "0")}-${String(1 + (o % 28)).padStart(2, "0")} ${String(o % 24).padStart(2, "0")}:${String(o % 60).padStart(2, "0")}:12 +0100`;
    const total = `${10 + (o % 90)}.${String(o % 100).padStart(2, "0")}`;
    if (narrow) {
      buf += `${1000 + o},${customer},${day.slice(0, 10)},${total},,EUR,web\n`;
    } else {
      for (let i = 0, n = rowsOf(o); i < n; i++) {
        const r: string[] = new Array<string>(COLUMNS.length).fill("");
        r[col("Name")] = `#${1000 + o}`;
        r[col("Email")] = customer;
        r[col("Lineitem quantity")] = "1";
        r[col("Lineitem name")] = i === 0 ? `"Espresso beans, ${i + 1} kg"` : `Filter ${i}`;
        r[col("Lineitem price")] = "12.50";
        r[col("Lineitem sku")] = `SKU-${i}`;
        r[col("Lineitem requires shipping")] = "true";
        r[col("Lineitem taxable")] = "true";
        r[col("Vendor")] = "Acme";
        if (i === 0) {
          for (const [name, value] of [["Financial Status", o % 50 === 0 ? "refunded" : "paid"], ["Paid at", day], ["Fulfillment Status", "fulfilled"], ["Accepts Marketing", "no"], ["Currency", "EUR"], ["Subtotal", total], ["Shipping", "0.00"], ["Taxes", "0.00"], ["Total", total], ["Discount Amount", "0.00"], ["Shipping Method", "Standard"], ["Created at", day], ["Billing Name", "Jane Doe"], ["Billing City", "Prague"], ["Billing Zip", "'11000"], ["Billing Country", "CZ"], ["Shipping Name", "Jane Doe"], ["Shipping City", "Prague"], ["Shipping Country", "CZ"], ["Payment Method", "Shopify Payments"], ["Refunded Amount", "0.00"], ["Outstanding Balance", "0.00"], ["Id", String(5000000000 + o)], ["Risk Level", "Low"], ["Source", "web"], ["Tax 1 Name", "VAT 21%"], ["Tax 1 Value", "0.00"]] as const) {
            r[col(name)] = value;
          }
          if (o % 10 === 0) r[col("Notes")] = `"Ring twice,\nthen leave it at the door"`;
        }
        buf += `${r.join(",")}\n`;
      }
    }
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return [path, rows];
}

const OPTIONS: ReadOrdersOptions = narrow
  ? { format: "generic", columns: { orderId: "order", customerId: "customer", placedAt: "date", total: "total", refunded: "refunded", currency: "currency", segment: "channel" } }
  : { format: "shopify" };

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const rate = (rows: number, ms: number): string => `${((rows / ms) * 1000 / 1e6).toFixed(2)} M rows/s`;
const load = (): string => `load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`;
/** CPU milliseconds of this process (all its threads) since `from`. */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

if (process.argv.includes("--child-read")) {
  // Child: one read of the file, to a book in one thread or in parts; its time and CPU, then a digest of the book
  // and the ledger (outside the timed region) for the parent to check that both kinds agree.
  const kind = process.argv[process.argv.indexOf("--child-read") + 1] as "book" | "parts";
  const path = process.argv[process.argv.indexOf("--child-read") + 2] as string;
  const builtWorker = new URL("../dist/readWorker.js", import.meta.url);
  const workerUrl = existsSync(builtWorker) ? builtWorker : new URL("./readWorker.mjs", import.meta.url);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const read =
    kind === "book"
      ? { ...(await readOrderBook(createReadStream(path, { highWaterMark: 1 << 20 }), { ...OPTIONS, timeZone: "Europe/Prague" })), parts: 1, whole: null }
      : await readOrderBookInParts(path, { ...OPTIONS, timeZone: "Europe/Prague" }, { workers: arg("workers", 2), workerUrl });
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  const digest = createHash("sha256")
    .update(JSON.stringify([read.ledger, Object.entries(columnsOf(read.book)).map(([k, v]) => (k === "calendar" ? null : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))]))
    .digest("hex");
  console.log(JSON.stringify({ ms, cpu, rows: read.ledger.rowsRead, orders: read.book.orderCount, digest, parts: read.parts, whole: read.whole }));
} else if (process.argv.includes("--child-stream")) {

  // Child: stream the file into an accumulator, sampling RSS.
  const path = process.argv[process.argv.indexOf("--child-stream") + 1] as string;
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  const acc = createAccumulator({ timeZone: "Europe/Prague" });
  // Read as the command reads (src/cli/main.ts, chunksOf): into one reused buffer, so no dead buffer per chunk
  // waits for a garbage collection.
  const file = await open(path, "r");
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const buffer = new Uint8Array(1 << 18);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  }
  // --stream-noop: into a sink that drops each order, to see the reader's own memory.
  const noop = process.argv.includes("--stream-noop");
  const { ledger } = await readOrders(chunks(), { ...OPTIONS, into: noop ? { add: () => undefined } : acc });
  await file.close();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const heapUsed = process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ rows: ledger.rowsRead, orders: acc.orders, customers: acc.customers, ms, startRss, peakRss: peak, heapUsed, net: noop ? null : summarize(acc).revenue.net.toFixed(2) }));
} else {
  const orders = arg("orders", 1_000_000);
  const [path, rows] = await generate(orders);
  console.log(`${narrow ? "generic (7 columns)" : "Shopify (79 columns)"}: ${orders.toLocaleString("en-US")} orders, ${rows.toLocaleString("en-US")} rows, ${mib(statSync(path).size)} at ${path}`);

  const repeat = Math.max(1, arg("repeat", 1));
  const parts = !process.argv.includes("--no-parts");
  const builtWorker = new URL("../dist/readWorker.js", import.meta.url);
  const workerUrl = existsSync(builtWorker) ? builtWorker : new URL("./readWorker.mjs", import.meta.url);
  const workers = arg("workers", 2);
  const runs: { ms: number; cpu: number }[] = [];
  const partRuns: { ms: number; cpu: number }[] = [];
  let reference: string | null = null;
  // Each read in a child process of its own (cold code, a fresh heap: as the command runs it), the two kinds
  // alternating (book, parts; parts, book; ...); the child times the read alone and digests its result after.
  const childRead = (kind: "book" | "parts"): { ms: number; cpu: number; rows: number; orders: number; digest: string; parts: number; whole: string | null } => {
    const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), ...(narrow ? ["--narrow"] : []), "--workers", String(workers), "--child-read", kind, path], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout.trim().split("\n").pop() as string);
  };
  for (let k = 0; k < repeat; k++) {
    const kinds: ("book" | "parts")[] = !parts ? ["book"] : k % 2 === 0 ? ["book", "parts"] : ["parts", "book"];
    for (const kind of kinds) {
      const l = load();
      const r = childRead(kind);
      if (r.rows !== rows || r.orders !== orders) throw new Error(`${kind}: ${r.rows} rows read, ${r.orders} orders, for ${rows} rows and ${orders} orders`);
      if (reference === null) reference = r.digest;
      else if (r.digest !== reference) throw new Error("the per-core read gave another book or ledger than the one-thread read");
      if (kind === "book") {
        runs.push(r);
        console.log(`book:    readOrderBook ${r.ms.toFixed(0)} ms = ${rate(rows, r.ms)}; CPU ${r.cpu.toFixed(0)} ms = ${rate(rows, r.cpu)} per CPU second (${l})`);
      } else {
        partRuns.push(r);
        console.log(`parts:   readOrderBookInParts, ${r.parts} part${r.parts === 1 ? "" : "s"}${r.whole === null ? "" : ` (read whole: ${r.whole})`} ${r.ms.toFixed(0)} ms = ${rate(rows, r.ms)}; CPU of all threads ${r.cpu.toFixed(0)} ms = ${rate(rows, r.cpu)} per CPU second (${l}; worker ${workerUrl.pathname.split("/").slice(-2).join("/")})`);
      }
    }
  }
  if (repeat > 1) {
    const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const ms = mid(runs.map((r) => r.ms));
    const cpu = mid(runs.map((r) => r.cpu));
    console.log(`book:    median of ${repeat}: ${ms.toFixed(0)} ms = ${rate(rows, ms)}; CPU ${cpu.toFixed(0)} ms = ${rate(rows, cpu)} per CPU second`);
    if (partRuns.length > 0) {
      const pms = mid(partRuns.map((r) => r.ms));
      const pcpu = mid(partRuns.map((r) => r.cpu));
      console.log(`parts:   median of ${repeat}: ${pms.toFixed(0)} ms = ${rate(rows, pms)}; CPU ${pcpu.toFixed(0)} ms = ${rate(rows, pcpu)} per CPU second`);
    }
  }

  if (!process.argv.includes("--no-two-step")) {
    const l = load();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const read = await readOrders(createReadStream(path, { highWaterMark: 1 << 20 }), OPTIONS);
    const t1 = performance.now();
    const book = prepareOrders(read.orders, { timeZone: "Europe/Prague" });
    const t2 = performance.now();
    const cpu = cpuMs(c0);
    if (read.ledger.rowsRead !== rows || book.orderCount !== orders) throw new Error(`ledger ${JSON.stringify({ ...read.ledger, skipped: read.ledger.skipped.length })} for ${rows} rows`);
    console.log(`read:    readOrders ${(t1 - t0).toFixed(0)} ms (${rate(rows, t1 - t0)}), prepareOrders ${(t2 - t1).toFixed(0)} ms; file to OrderBook ${(t2 - t0).toFixed(0)} ms = ${rate(rows, t2 - t0)}; CPU ${cpu.toFixed(0)} ms (RSS ${mib(process.memoryUsage().rss)}; ${l})`);
  }

  const streamOrders = arg("stream-orders", orders);
  if (streamOrders === 0) process.exit(0);
  const [streamPath, streamRows] = await generate(streamOrders, arg("stream-customers", 0));
  const l = load();
  const noop = process.argv.includes("--stream-noop");
  // --dist: the child is bench/streamChild.mjs on the built package (dist/), with no TypeScript loader.
  const dist = process.argv.includes("--dist");
  const flags = [...(narrow ? ["--narrow"] : []), ...(noop ? ["--stream-noop"] : [])];
  const childArgs = dist
    ? [fileURLToPath(new URL("./streamChild.mjs", import.meta.url)), streamPath, ...flags]
    : ["--import", "tsx", fileURLToPath(import.meta.url), ...flags, "--child-stream", streamPath];
  const child = spawnSync(process.execPath, childArgs, { encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  const s = JSON.parse(child.stdout.trim().split("\n").pop() as string) as { rows: number; orders: number; customers: number; ms: number; startRss: number; peakRss: number; heapUsed: number };
  if (s.rows !== streamRows) throw new Error(`streamed ${s.rows} rows of ${streamRows}`);
  console.log(`stream:  ${s.rows.toLocaleString("en-US")} rows into ${noop ? "a no-op sink" : `an accumulator (${s.customers.toLocaleString("en-US")} customers)`} in ${s.ms.toFixed(0)} ms = ${rate(s.rows, s.ms)}; peak RSS ${mib(s.peakRss)} (${mib(s.startRss)} before reading: node, ${dist ? "" : "tsx, "}the library), heap used at the end ${mib(s.heapUsed)} (${l} before, ${load()} after)`);
}
