// The reader's fast path: a scanner over the decoded text that finds the bounds of each cell of a record (RFC 4180
// quotes: a quoted field may hold the delimiter, a doubled quote, a line break; records end at the file's line
// break, "\n" or "\r\n") and makes strings only of the cells the format reads: the order id of every row, the
// other read cells of an order's first row only when the reader asks (`fill`). A 79-column Shopify row makes one
// string instead of 79.
//
// papaparse stays the reference and the general path: the scanner reads the records papaparse reads without
// complaint, and gives the same fields (test/internal/readers/cellScanner.test.ts checks it against papaparse on
// random text). Anything else (a quote followed by something other than the delimiter or a line break, a quote
// left open at the end, ...) hands the text from the start of that record on to papaparse's feeder
// (CsvRowFeeder), which reads the rest of the input and reports the problem, as it does when it reads alone.
import { CsvRowFeeder, firstLineBreak, flat, type RowHandler } from "./csvRows.js";

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A cell's kind in the bounds: plain, quoted, quoted with doubled quotes inside. */
const PLAIN = 0;
const QUOTED = 1;
const ESCAPED = 2;

/** The scan of a record stopped: the text ends before the record does (wait for more), or papaparse takes over. */
const INCOMPLETE = -1;
const ANOMALY = -2;

export class CellScanner {
  private pending = "";
  private started = false;
  private row = 0;
  /** The file's line break: 0 not known yet, 1 "\n", 2 "\r\n". */
  private newline: 0 | 1 | 2 = 0;
  private readonly delim: number;
  /** Papaparse's feeder, once it has taken over (see the file comment). */
  private fallback: CsvRowFeeder | null = null;
  /** Per cell of the current record: start, end (exclusive), kind. */
  private bounds: Int32Array = new Int32Array(3 * 128);
  private cells = 0;
  /** The text the current record's bounds point into. */
  private text = "";
  /** The fields handed out: reused from record to record; only read cells are filled. */
  private readonly fields: string[] = [];
  /** Columns filled by `fill` (null: every column, as for the header). */
  private wanted: readonly number[] | null = null;
  /** Column filled for every record (the order id), or -1. */
  private idColumn = -1;
  private filled = true;

  constructor(
    private readonly delimiter: string,
    private readonly onRow: RowHandler,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Records handed out so far (the header included). */
  get records(): number {
    return this.fallback === null ? this.row : this.fallback.records;
  }

  /**
   * From the next record on, fill only column `id` of each record before handing it out, and the `columns` when
   * the handler calls {@link CellScanner.fill}; the other cells of `fields` hold stale or empty text.
   */
  want(columns: readonly number[], id: number): void {
    this.wanted = columns;
    this.idColumn = id;
  }

  /** Fills the wanted cells of the record being handed out (call from the row handler). */
  fill(): void {
    if (this.filled || this.fallback !== null) return;
    this.filled = true;
    const wanted = this.wanted as readonly number[];
    for (let k = 0; k < wanted.length; k++) {
      const c = wanted[k] as number;
      if (c < this.cells) this.fields[c] = this.cell(c);
    }
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.fallback !== null) {
      this.fallback.push(chunk);
      return;
    }
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const text = this.pending.length === 0 ? chunk : flat(this.pending + chunk);
    if (this.newline === 0) {
      const nl = firstLineBreak(text);
      if (nl === null) {
        this.pending = text;
        return;
      }
      this.newline = nl === "\n" ? 1 : 2;
    }
    this.pending = "";
    this.run(text, false);
  }

  /** Reads what is left (a last record without a final line break). */
  end(): void {
    if (this.fallback !== null) {
      this.fallback.end();
      return;
    }
    const text = this.pending;
    this.pending = "";
    if (text.length === 0) return;
    if (this.newline === 0) this.newline = text.includes("\r\n") ? 2 : 1;
    this.run(text, true);
  }

  /** Scans the records of `text`; keeps an unfinished last one (unless `atEnd`), or hands over at an anomaly. */
  private run(text: string, atEnd: boolean): void {
    const n = text.length;
    let at = 0;
    while (at < n) {
      const next = this.scan(text, at, atEnd);
      if (next === INCOMPLETE) {
        this.pending = text.slice(at);
        return;
      }
      if (next === ANOMALY) {
        this.handOver(text.slice(at), atEnd);
        return;
      }
      this.emit(text);
      at = next;
    }
  }

  /** Papaparse reads `rest` (which starts at a record) and everything after it. */
  private handOver(rest: string, atEnd: boolean): void {
    const feeder = new CsvRowFeeder(this.delimiter, this.onRow, { row: this.row, newline: this.newline === 2 ? "\r\n" : "\n" });
    this.fallback = feeder;
    feeder.push(rest);
    if (atEnd) feeder.end();
  }

  /** Hands out the record just scanned (a blank line is none). */
  private emit(text: string): void {
    const f = this.cells;
    const b = this.bounds;
    if (f === 1 && b[0] === b[1]) return;
    this.row++;
    this.text = text;
    const fields = this.fields;
    if (fields.length !== f) {
      const from = fields.length;
      fields.length = f;
      for (let k = from; k < f; k++) fields[k] = "";
    }
    if (this.wanted === null) {
      for (let k = 0; k < f; k++) fields[k] = this.cell(k);
      this.filled = true;
    } else {
      if (this.idColumn >= 0 && this.idColumn < f) fields[this.idColumn] = this.cell(this.idColumn);
      this.filled = false;
    }
    this.onRow(fields, this.row, null);
    this.filled = true;
  }

  /** The text of cell `k` of the current record. */
  private cell(k: number): string {
    const b = this.bounds;
    const s = this.text.slice(b[3 * k] as number, b[3 * k + 1] as number);
    return b[3 * k + 2] === ESCAPED ? s.replace(/""/g, '"') : s;
  }

  private grow(): Int32Array {
    const grown = new Int32Array(this.bounds.length * 2);
    grown.set(this.bounds);
    this.bounds = grown;
    return grown;
  }

  /**
   * Scans the record starting at `from`: its cells into the bounds, and where the next record starts; or
   * INCOMPLETE (the text ends first and more may come), or ANOMALY (papaparse would complain, or might read
   * it otherwise).
   */
  private scan(s: string, from: number, atEnd: boolean): number {
    const n = s.length;
    const delim = this.delim;
    const crlf = this.newline === 2;
    let b = this.bounds;
    let cap = b.length - 3;
    let i = from;
    let f = 0;
    for (;;) {
      if (f > cap) {
        b = this.grow();
        cap = b.length - 3;
      }
      const start = i;
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let q = i;
        let kind = QUOTED;
        for (;;) {
          q = s.indexOf('"', q + 1);
          if (q < 0) return atEnd ? ANOMALY : INCOMPLETE;
          if (q + 1 === n) {
            if (!atEnd) return INCOMPLETE;
            break;
          }
          if (s.charCodeAt(q + 1) === QUOTE) {
            q++;
            kind = ESCAPED;
            continue;
          }
          break;
        }
        b[f] = start + 1;
        b[f + 1] = q;
        b[f + 2] = kind;
        f += 3;
        i = q + 1;
        if (i === n) {
          this.cells = f / 3;
          return n;
        }
        const c = s.charCodeAt(i);
        if (c === delim) {
          i++;
          continue;
        }
        if (!crlf) {
          if (c === LF) {
            this.cells = f / 3;
            return i + 1;
          }
          return ANOMALY;
        }
        if (c === CR) {
          if (i + 1 === n) return atEnd ? ANOMALY : INCOMPLETE;
          if (s.charCodeAt(i + 1) === LF) {
            this.cells = f / 3;
            return i + 2;
          }
        }
        return ANOMALY;
      }
      // An unquoted cell: up to the delimiter or the line break (a quote in it is text, as papaparse reads it).
      let c = 0;
      for (;;) {
        while (i < n) {
          c = s.charCodeAt(i);
          if (c === delim || c === LF) break;
          i++;
        }
        if (i === n) {
          if (!atEnd) return INCOMPLETE;
          c = LF;
          break;
        }
        // A line feed ends the record, unless the break is "\r\n" and no "\r" is before it (then it is text).
        if (c === delim || !crlf || (i > start && s.charCodeAt(i - 1) === CR)) break;
        i++;
      }
      b[f] = start;
      b[f + 1] = c === LF && crlf && i < n ? i - 1 : i;
      b[f + 2] = PLAIN;
      f += 3;
      i++;
      if (c === LF) {
        this.cells = f / 3;
        return i > n ? n : i;
      }
    }
  }
}
