// CSV text, fed in chunks of any size, to rows of fields: papaparse does the parsing, here and in finding where the
// text can be cut. Its core parser (`Papa.Parser`, the class papaparse's own streaming is built on) is run over
// each chunk with `ignoreLastRow`: it hands out every whole record, and stops before the last one, which may be
// cut off (a quoted field holding a newline included); that rest waits for the next chunk. This skips the
// per-row work of `Papa.parse` (a results object per row, header and typing options), which costs a fifth of a
// read.
import Papa from "papaparse";

/**
 * Receives each record: its fields, its record number (the header is record 1), and papaparse's complaint about
 * it (an unterminated or stray quote), if any.
 */
export type RowHandler = (fields: string[], row: number, problem: string | null) => void;

/** What `Papa.Parser.parse` hands to `step`: one record (`data[0]`) and its errors. */
interface StepResult {
  data: string[][];
  errors: { message: string }[];
}

/** What `Papa.Parser.parse` returns: `meta.cursor` is where it stopped (the start of the record it left). */
interface ParseResult {
  meta: { cursor: number };
}

interface CoreParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): ParseResult;
}

/** `text` as one flat string: a slice of a joined string is a copy, not the rope V8 makes of `a + b`. */
export const flat = (text: string): string => ` ${text}`.slice(1);

/** The first line break outside quotes in `text` ("\r\n" or "\n"), or null when there is none yet. */
export function firstLineBreak(text: string): "\n" | "\r\n" | null {
  let quotes = 0;
  let from = 0;
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) {
    for (let q = text.indexOf('"', from); q >= 0 && q < nl; q = text.indexOf('"', q + 1)) quotes++;
    from = nl;
    if (quotes % 2 === 0) return nl > 0 && text.charCodeAt(nl - 1) === 13 ? "\r\n" : "\n";
  }
  return null;
}

/**
 * Feeds text chunks to papaparse's core parser. The rest of a chunk after its last whole record is kept and put
 * before the next chunk. A byte-order mark at the very start is dropped; blank lines are no records (papaparse's
 * `skipEmptyLines: true`).
 */
export class CsvRowFeeder {
  private pending = "";
  private started = false;
  private row = 0;
  private parser: CoreParser | null = null;

  /**
   * `resume`: the feeder takes over a read at a record (after `row` records, the line break known), as the fast
   * path (cellScanner.ts) hands over to it.
   */
  constructor(
    private readonly delimiter: string,
    private readonly onRow: RowHandler,
    resume?: { row: number; newline: "\n" | "\r\n" },
  ) {
    if (resume !== undefined) {
      this.started = true;
      this.row = resume.row;
      this.parser = this.newParser(resume.newline);
    }
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
    if (this.parser === null) {
      // The line break is read from the first one outside quotes.
      this.pending = this.pending.length === 0 ? chunk : this.pending + chunk;
      const newline = firstLineBreak(this.pending);
      if (newline === null) return;
      this.parser = this.newParser(newline);
      this.pending = flat(this.pending);
      this.parse(true);
      return;
    }
    if (this.pending.length === 0) {
      this.pending = chunk;
      this.parse(true);
      return;
    }
    // The record cut off at the end of the last chunk is finished at the first newline of this one that ends it:
    // parsed as a short seam (the rest and the chunk up to that newline), and the chunk after it on its own. So the
    // chunk is never copied: joined to the rest, it would be a rope that papaparse reads 2-3 times slower, and
    // flattening it costs a copy (measured: 10 ms per MB on this project's machine, about what the parse saves).
    const rest = this.pending;
    let nl = chunk.indexOf("\n");
    for (let tries = 0; nl >= 0 && tries < 16; tries++) {
      const seam = flat(rest + chunk.slice(0, nl + 1));
      const { cursor } = (this.parser as CoreParser).parse(seam, 0, true).meta;
      if (cursor === seam.length) {
        this.pending = chunk.slice(nl + 1);
        if (this.pending.length > 0) this.parse(true);
        return;
      }
      // The newline was inside a quoted field of the record (and nothing was handed out): the next one.
      nl = chunk.indexOf("\n", nl + 1);
    }
    // A record longer than the chunk (or with many line breaks): rest and chunk as one text.
    this.pending = flat(rest + chunk);
    this.parse(true);
  }

  /** Parses what is left (a last record without a final newline). */
  end(): void {
    if (this.pending.length === 0) return;
    if (this.parser === null) this.parser = this.newParser(this.pending.includes("\r\n") ? "\r\n" : "\n");
    this.pending = flat(this.pending);
    this.parse(false);
  }

  private parse(ignoreLastRow: boolean): void {
    const text = this.pending;
    const { cursor } = (this.parser as CoreParser).parse(text, 0, ignoreLastRow).meta;
    this.pending = ignoreLastRow && cursor < text.length ? text.slice(cursor) : "";
  }

  private newParser(newline: "\n" | "\r\n"): CoreParser {
    const step = (results: StepResult): void => {
      const fields = results.data[0] as string[];
      // A blank line: no record (papaparse's skipEmptyLines: true).
      if (fields.length === 1 && (fields[0] as string).length === 0 && results.errors.length === 0) return;
      this.row++;
      const error = results.errors[0];
      this.onRow(fields, this.row, error === undefined ? null : error.message);
    };
    const Parser = (Papa as unknown as { Parser: new (config: object) => CoreParser }).Parser;
    return new Parser({ delimiter: this.delimiter, newline, quoteChar: '"', escapeChar: '"', step });
  }
}
