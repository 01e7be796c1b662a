// CSV text, fed in chunks of any size, to rows of fields: papaparse does the parsing; this file only cuts the
// text at row boundaries, so that a quoted field holding a newline is never split between two parses.
import Papa from "papaparse";

/**
 * Receives each record: its fields, its record number (the header is record 1), and papaparse's complaint about
 * it (an unterminated or stray quote), if any.
 */
export type RowHandler = (fields: string[], row: number, problem: string | null) => void;

/** Number of `"` in text[from, to). */
function countQuotes(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf('"', from);
  while (i >= 0 && i < to) {
    n++;
    i = text.indexOf('"', i + 1);
  }
  return n;
}

/**
 * Feeds text chunks to papaparse, whole records at a time. A newline ends a record when the number of quotes
 * before it is even (an escaped quote `""` counts twice, so it keeps the parity), which is where the text is cut;
 * the rest waits for the next chunk. A byte-order mark at the very start is dropped.
 */
export class CsvRowFeeder {
  private pending = "";
  /** Parity of the quotes in `pending`. */
  private oddQuotes = false;
  private started = false;
  private row = 0;
  private newline: "\n" | "\r\n" | undefined;
  private readonly step: (results: Papa.ParseStepResult<string[]>) => void;

  constructor(
    private readonly delimiter: string,
    private readonly onRow: RowHandler,
  ) {
    this.step = (results) => {
      this.row++;
      const error = results.errors[0];
      this.onRow(results.data, this.row, error === undefined ? null : error.message);
    };
  }

  /** Records handed out so far (the header included). */
  get records(): number {
    return this.row;
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const start = this.pending.length;
    this.pending = start === 0 ? chunk : this.pending + chunk;
    if (countQuotes(this.pending, start, this.pending.length) % 2 === 1) this.oddQuotes = !this.oddQuotes;
    // The last newline outside quotes: walk back over newlines inside a quoted field.
    let end = this.pending.length;
    let odd = this.oddQuotes;
    let nl = this.pending.lastIndexOf("\n");
    while (nl >= 0) {
      if (countQuotes(this.pending, nl + 1, end) % 2 === 1) odd = !odd;
      if (!odd) break;
      end = nl;
      nl = nl === 0 ? -1 : this.pending.lastIndexOf("\n", nl - 1);
    }
    if (nl < 0) return;
    const whole = this.pending.slice(0, nl + 1);
    this.pending = this.pending.slice(nl + 1);
    // Parity of the rest (the text after the cut, short: at most a record or so).
    this.oddQuotes = countQuotes(this.pending, 0, this.pending.length) % 2 === 1;
    this.parse(whole);
  }

  /** Parses what is left (a last record without a final newline). */
  end(): void {
    if (this.pending.length > 0) {
      const rest = this.pending;
      this.pending = "";
      this.parse(rest);
    }
  }

  private parse(text: string): void {
    if (this.newline === undefined) {
      const nl = text.indexOf("\n");
      this.newline = nl > 0 && text.charCodeAt(nl - 1) === 13 ? "\r\n" : "\n";
    }
    Papa.parse<string[]>(text, {
      delimiter: this.delimiter,
      newline: this.newline,
      quoteChar: '"',
      escapeChar: '"',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: true,
      step: this.step,
    });
  }
}
