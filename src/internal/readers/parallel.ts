// One export read in parts, one per worker, with the result of reading it whole (readOrderBook): the same book,
// the same ledger. The pieces are pure; the shell that runs them in threads is src/cli/readInParts.ts.
//
//   1. planSplit: the header (the first line, which must hold no quote) bound to the format: where the header
//      ends, the order id's column, the delimiter and the line break.
//   2. splitPoint: in a window of bytes from about where a part should start, the start of a line whose order
//      id cell differs from the line's before it (so that no order's line items straddle two parts). Only a
//      guess: the line break before it may be inside a quoted cell.
//   3. readPart (in a worker): the header and the part's bytes read as a file of their own into columns, with
//      the facts the merge needs.
//   4. mergeParts: the parts' columns and ledgers joined in file order, row numbers shifted, units brought to one
//      scale, customers interned across parts, order ids checked for repeats across parts (by the ranges of their
//      numbers when each part's ids were one numbered run, else by their fingerprints); or null, and the caller
//      reads the file whole.
//
// Why the guess of step 2 is safe: the first part starts where the file starts. A part that starts at a record
// boundary and is read to its end by the byte scan alone (papaparse never took over: `exact`) ends at a record
// boundary, for its last byte is a line feed that the scan read as a record's end (had it been inside a quoted
// cell, the scan would have ended inside it and handed over to papaparse; with "\r\n" line breaks the split is
// only after "\r\n"). So every part starts at a record boundary, and each reads the records the whole read reads.
// The state a whole read carries from one record to the next is checked instead of carried: the order being
// read (the last id of a part differs from the next part's first), the repeated-id check (every id read, kept or
// left out: the runs of numbered ids meet, or two of the 64-bit fingerprints are equal, and the merge gives up), the currency (one for every part), errors (none; else the whole read
// makes them, at their rows), the scale of the amounts (the largest, every unit still exact).
import { RetentionMetricsError } from "../../core/RetentionMetricsError.js";
import type { OrderBook } from "../book/OrderBook.js";
import { StringTable } from "../book/stringTable.js";
import { pow10 } from "../money/money.js";
import { fingerprint, FingerprintSet } from "../stream/fingerprints.js";
import { zoneOption } from "../resolve.js";
import { earliestDateOption } from "../time/instant.js";
import { BookColumns, bookOfColumns, type ReadColumns } from "./book.js";
import { OrderReaderState, REASONS, type LedgerData } from "./engine.js";
import { MissingColumn, planFormat, type SkipReason } from "./formats.js";
import type { IdRun } from "./seenIds.js";
import { readerSettings, type ReaderOptions } from "./settings.js";

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The options of readOrderBook, as the pieces read them. */
export interface PartOptions extends ReaderOptions {
  timeZone?: string | undefined;
  earliestDate?: unknown;
}

/** How to cut an export: see {@link planSplit}. */
export interface SplitPlan {
  /** Bytes of the header line (byte-order marks and line break included): parts after the first are read after them. */
  headerEnd: number;
  idColumn: number;
  delimiter: number;
  crlf: boolean;
}

/** What a part read on its own tells the merge (plain data: posted from a worker, typed arrays transferred). */
export type PartResult =
  | { ok: false }
  | {
      ok: true;
      ledger: LedgerData;
      firstId: string | null;
      lastId: string | null;
      /**
       * When every order id the part read (kept and left out) was one prefix and a number that only grew or only
       * shrank: that prefix and the lowest and highest number (SeenIds.runSpan); otherwise null.
       */
      idRun: IdRun | null;
      /**
       * When `idRun` is null, the 64-bit fingerprint of every order id read, kept and left out, as (hi, lo) word
       * pairs (the accumulator's fingerprint); empty otherwise. The merge's check for repeats across parts.
       */
      idPrints: Uint32Array;
      currency: string | undefined;
      /** The columns but the order ids, which come as `ids`, joined, each ending at its `idEnds` (one string to post, not one per order). */
      columns: Omit<ReadColumns, "orderIds">;
      ids: string;
      idEnds: Int32Array;
      /**
       * When the part was read in the merging thread (readPart's `here`; never posted): its customer table, which
       * the merge goes on interning into (when the part is the first) rather than interning the part's customers
       * again, and its order ids as they are (`ids` and `idEnds` are then empty).
       */
      customers?: StringTable;
      orderIds?: string[];
    };

const bomAt = (b: Uint8Array, at: number): boolean => b.length - at >= 3 && b[at] === 0xef && b[at + 1] === 0xbb && b[at + 2] === 0xbf;

/**
 * The plan of a split from the first bytes of an export (`head`, its first line at least), or null when it is
 * not to be split (the header holds a quote or does not end in `head`, the delimiter is not ASCII, or the header
 * lacks a column: the whole read says which). Throws as readOrderBook does for bad options.
 */
export function planSplit(head: Uint8Array, options: PartOptions): SplitPlan | null {
  const settings = readerSettings(options, () => undefined, false);
  zoneOption(options.timeZone);
  const delimiter = settings.delimiter.charCodeAt(0);
  if (delimiter >= 0x80) return null;
  const at = bomAt(head, 0) ? (bomAt(head, 3) ? 6 : 3) : 0;
  const lf = head.indexOf(LF, at);
  if (lf < 0) return null;
  const crlf = lf > at && head[lf - 1] === CR;
  const line = head.subarray(at, crlf ? lf - 1 : lf);
  if (line.indexOf(QUOTE) >= 0) return null;
  const header = new TextDecoder("utf-8", { ignoreBOM: true })
    .decode(line)
    .split(settings.delimiter)
    .map((h) => h.trim());
  try {
    const plan = planFormat(header, settings);
    return { headerEnd: lf + 1, idColumn: plan.idColumn, delimiter, crlf };
  } catch (e) {
    if (e instanceof MissingColumn) return null;
    throw e;
  }
}

/** The raw id cell of the line starting at `s` as [start, end), or null when a quote or the line's end comes first. */
function idCellAt(w: Uint8Array, s: number, plan: SplitPlan): [number, number] | null {
  let k = 0;
  let cellStart = s;
  for (let i = s; i < w.length; i++) {
    const c = w[i] as number;
    if (c === plan.delimiter) {
      if (k === plan.idColumn) return [cellStart, i];
      k++;
      cellStart = i + 1;
    } else if (c === QUOTE) {
      return null;
    } else if (c === LF || c === CR) {
      return k === plan.idColumn ? [cellStart, i] : null;
    }
  }
  return null;
}

/**
 * The offset in `window` of the start of a line whose raw order id cell differs from that of the line before
 * (neither quoted), after a line break (a "\r\n" one when the file's are); -1 when the window has none.
 */
export function splitPoint(window: Uint8Array, plan: SplitPlan): number {
  let prev: [number, number] | null = null;
  let lf = window.indexOf(LF);
  while (lf >= 0 && lf + 1 < window.length) {
    const s = lf + 1;
    const cell = idCellAt(window, s, plan);
    if (cell !== null && prev !== null && (!plan.crlf || window[lf - 1] === CR)) {
      const [a, b] = cell;
      const [pa, pb] = prev;
      let same = b - a === pb - pa;
      for (let i = 0; same && i < b - a; i++) same = window[a + i] === window[pa + i];
      if (!same) return s;
    }
    prev = cell;
    lf = window.indexOf(LF, s);
  }
  return -1;
}

/**
 * Reads one part: `prefix` (the header line, empty for the first part, which starts at the file's start) then
 * `body` (bytes, or chunks of them), as readOrderBook reads a file, into columns. `{ ok: false }` when the part cannot vouch for the whole
 * read: papaparse took over, or a row was malformed. `here`: read in the thread that merges (the result keeps the
 * customer table, and is not to be posted).
 */
export function readPart(prefix: Uint8Array, body: Uint8Array | Iterable<Uint8Array>, options: PartOptions, here = false): PartResult {
  const zone = zoneOption(options.timeZone);
  const columns = new BookColumns(zone, earliestDateOption(options.earliestDate, zone));
  const settings = readerSettings(options, (order) => columns.add(order), false);
  settings.instants = columns.instants;
  const state = new OrderReaderState(settings, true);
  let ledger: LedgerData;
  try {
    if (prefix.length > 0) state.pushBytes(prefix);
    if (body instanceof Uint8Array) state.pushBytes(body);
    else for (const chunk of body) state.pushBytes(chunk);
    ledger = state.finish();
  } catch (e) {
    if (e instanceof RetentionMetricsError) return { ok: false };
    throw e;
  }
  const facts = state.partFacts();
  if (!facts.exact || ledger.errors.length > 0) return { ok: false };
  const read = columns.columns();
  const ids = facts.idRun !== null ? [] : facts.skippedIds.length === 0 ? read.orderIds : [...read.orderIds, ...facts.skippedIds];
  const idPrints = new Uint32Array(2 * ids.length);
  const fp = new Uint32Array(2);
  for (let i = 0; i < ids.length; i++) {
    fingerprint(ids[i] as string, fp);
    idPrints[2 * i] = fp[0] as number;
    idPrints[2 * i + 1] = fp[1] as number;
  }
  const { orderIds, ...rest } = read;
  const partFacts = { ok: true as const, ledger, firstId: facts.firstId, lastId: facts.lastId, idRun: facts.idRun, idPrints, currency: facts.currency, columns: rest };
  // Read here: the ids and the customer table as they are. To be posted: the ids joined, as one string.
  if (here) return { ...partFacts, ids: "", idEnds: new Int32Array(0), orderIds, customers: columns.customerTable() };
  const idEnds = new Int32Array(read.n);
  let length = 0;
  for (let i = 0; i < read.n; i++) idEnds[i] = length += (orderIds[i] as string).length;
  return { ...partFacts, ids: orderIds.join(""), idEnds };
}

/**
 * Whether the parts' runs of numbered ids (every part has one) hold no id in common: no two of one prefix whose
 * ranges of numbers meet. Two that meet may still hold no id in common (a part may skip numbers), but then the
 * whole read decides.
 */
function disjointRuns(runs: readonly IdRun[]): boolean {
  for (let i = 0; i < runs.length; i++) {
    const a = runs[i] as IdRun;
    for (let j = i + 1; j < runs.length; j++) {
      const b = runs[j] as IdRun;
      if (a.low <= a.high && b.low <= b.high && a.prefix === b.prefix && a.low <= b.high && b.low <= a.high) return false;
    }
  }
  return true;
}

/** Whether no two of the parts' order-id fingerprints are equal (a repeated id, or two ids of one fingerprint). */
function distinctPrints(lists: readonly Uint32Array[]): boolean {
  let length = 0;
  for (const list of lists) length += list.length;
  const all = new Uint32Array(length);
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  // Sized once for all of them: grown an eighth at a time from empty, the set rehashed about nine times its
  // size (measured: 0.7 s of the merge's 1.2 s at 1M orders).
  const set = FingerprintSet.sizedFor(all);
  for (let k = 0; k < all.length; k += 2) if (!set.add(all[k] as number, all[k + 1] as number)) return false;
  return true;
}

/**
 * The order ids the book reads: those of the orders whose time is at or before the earliest of their customer's
 * orders before them (the book's first orders, and the ties it breaks by id, are among them); "" for the others,
 * which the book never reads (it keeps the ids of first orders only).
 */
function candidateIds(parts: readonly Extract<PartResult, { ok: true }>[], customer: Int32Array, customers: number, time: Float64Array): string[] {
  const n = customer.length;
  const earliest = new Float64Array(customers).fill(Infinity);
  const ids = new Array<string>(n).fill("");
  let i = 0;
  for (const p of parts) {
    const own = p.orderIds;
    let start = 0;
    for (let k = 0; k < p.columns.n; k++, i++) {
      const end = own === undefined ? (p.idEnds[k] as number) : 0;
      const c = customer[i] as number;
      const t = time[i] as number;
      if (t <= (earliest[c] as number)) {
        earliest[c] = t;
        ids[i] = own === undefined ? p.ids.slice(start, end) : (own[k] as string);
      }
      start = end;
    }
  }
  return ids;
}

/**
 * The book and ledger of the whole read from its parts (in file order), or null when the parts cannot vouch
 * for it (see the file comment): then read the file whole.
 */
export function mergeParts(parts: readonly PartResult[], options: PartOptions): { book: OrderBook; ledger: LedgerData } | null {
  const zone = zoneOption(options.timeZone);
  const done: Extract<PartResult, { ok: true }>[] = [];
  let currency: string | undefined;
  for (const p of parts) {
    if (!p.ok) return null;
    const before = done[done.length - 1];
    if (before !== undefined && before.lastId !== null && before.lastId === p.firstId) return null;
    if (p.currency !== undefined) {
      if (currency === undefined) currency = p.currency;
      else if (p.currency !== currency) return null;
    }
    done.push(p);
  }
  // Order ids: distinct across parts (each part checked its own): their fingerprints hold no repeat (a repeat,
  // or two ids of one fingerprint, and the whole read decides).
  let n = 0;
  let scale = 0;
  for (const p of done) {
    n += p.columns.n;
    scale = Math.max(scale, p.columns.scale);
  }
  // Numbered ids (`#1001`, `#1002`, ... in every part): distinct when the parts' runs do not meet. Otherwise by
  // fingerprints, which a part sends only when it has no run: a mix of the two, and the whole read decides.
  const runs = done.map((p) => p.idRun);
  if (runs.every((r) => r !== null)) {
    if (!disjointRuns(runs as IdRun[])) return null;
  } else if (runs.some((r) => r !== null) || !distinctPrints(done.map((p) => p.idPrints))) {
    return null;
  }
  const customers = done[0]?.customers ?? new StringTable();
  const customer = new Int32Array(n);
  const time = new Float64Array(n);
  const total = new Float64Array(n);
  const anyRefund = done.some((p) => p.columns.refunded !== null);
  const refunded = anyRefund ? new Float64Array(n) : null;
  const anySegment = done.some((p) => p.columns.segments !== null);
  const segments = anySegment ? new Array<string | undefined>(n).fill(undefined) : null;
  let maxUnits = 0;
  let bookCurrency: string | null = null;
  let sawWallClock = false;
  let sawTimeOfDay = false;
  let at = 0;
  for (const p of done) {
    const c = p.columns;
    const factor = pow10(scale - c.scale);
    if (factor !== 1 && c.maxUnits * factor > Number.MAX_SAFE_INTEGER) return null;
    maxUnits = Math.max(maxUnits, c.maxUnits * factor);
    // The part's arrays in locals: the posted object's properties are not read in the loops.
    const { n: count, customerIds, customer: partCustomer, total: partTotal, refunded: partRefunded, segments: partSegments } = c;
    const local = new Int32Array(customerIds.length);
    if (p.customers === customers) for (let k = 0; k < local.length; k++) local[k] = k;
    else for (let k = 0; k < local.length; k++) local[k] = customers.intern(customerIds[k] as string);
    for (let k = 0; k < count; k++) {
      customer[at + k] = local[partCustomer[k] as number] as number;
      total[at + k] = (partTotal[k] as number) * factor;
    }
    time.set(c.time.subarray(0, count), at);
    if (refunded !== null && partRefunded !== null) for (let k = 0; k < count; k++) refunded[at + k] = (partRefunded[k] as number) * factor;
    if (segments !== null && partSegments !== null) for (let k = 0; k < count; k++) segments[at + k] = partSegments[k];
    if (c.currency !== null) bookCurrency = c.currency;
    sawWallClock ||= c.sawWallClock;
    sawTimeOfDay ||= c.sawTimeOfDay;
    at += c.n;
  }
  const orderIds = candidateIds(done, customer, customers.size, time);
  const book = bookOfColumns(
    { n, orderIds, customer, customerIds: customers.keys, time, total, refunded, segments, scale, maxUnits, currency: bookCurrency, sawWallClock, sawTimeOfDay },
    zone,
  );
  // The ledger: sums, and the skipped rows shifted by the data rows of the parts before (the header is row 1 of each).
  const rows = new Map<SkipReason, number[]>();
  let offset = 0;
  let rowsRead = 0;
  let rowsKept = 0;
  let rowsMerged = 0;
  let rowsSkipped = 0;
  for (const p of done) {
    const l = p.ledger;
    for (const { reason, rows: local } of l.skipped) {
      let list = rows.get(reason);
      if (list === undefined) rows.set(reason, (list = []));
      for (const r of local) list.push(r + offset);
    }
    offset += l.rowsRead;
    rowsRead += l.rowsRead;
    rowsKept += l.rowsKept;
    rowsMerged += l.rowsMerged;
    rowsSkipped += l.rowsSkipped;
  }
  const ledger: LedgerData = {
    rowsRead,
    ordersMade: rowsKept,
    rowsKept,
    rowsMerged,
    rowsSkipped,
    skipped: REASONS.filter((r) => rows.has(r)).map((reason) => ({ reason, rows: rows.get(reason) as number[] })),
    errors: [],
  };
  return { book, ledger };
}
