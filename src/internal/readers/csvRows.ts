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

  constructor(
    private readonly delimiter: string,
    private readonly onRow: RowHandler,
  ) {}

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
    // Joined, the rest and the chunk are a rope (a "cons string") in V8, which papaparse's `input[i]` reads many times
    // slower than flat text; a slice of it is flat (measured: the parse took 2-3 times as long on the rope).
    this.pending = this.pending.length === 0 ? chunk : ` ${this.pending}${chunk}`.slice(1);
    if (this.parser === null) {
      // The line break is read from the first one in the text (as papaparse would guess it).
      const nl = this.pending.indexOf("\n");
      if (nl < 0) return;
      this.parser = this.newParser(nl > 0 && this.pending.charCodeAt(nl - 1) === 13 ? "\r\n" : "\n");
    }
    this.parse(true);
  }

  /** Parses what is left (a last record without a final newline). */
  end(): void {
    if (this.pending.length === 0) return;
    if (this.parser === null) this.parser = this.newParser(this.pending.includes("\r\n") ? "\r\n" : "\n");
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
