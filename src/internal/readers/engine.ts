// The reader's state machine: CSV records in (CellScanner on text, ByteCellScanner on bytes, papaparse behind
// both), orders out (to a sink), and a ledger that accounts for every data row: rows read = rows kept (the first
// row of each order made) + rows merged (later line items of a kept order) + rows skipped (every row of an order
// left out, by reason).
import type { Order } from "../../core/types.js";
import { RetentionMetricsError, type RetentionMetricsErrorCode } from "../../core/RetentionMetricsError.js";
import { recordError } from "../fail.js";
import { minorDigits } from "../money/exchange.js";
import { convertAmount } from "./amounts.js";
import { ByteCellScanner } from "./byteScanner.js";
import { CellScanner } from "./cellScanner.js";
import { SeenIds, type IdRun } from "./seenIds.js";
import { FieldCells, MissingColumn, planFormat, RowProblem, type Cells, type FormatOptions, type FormatPlan, type SkipReason } from "./formats.js";

/** Checked settings of one read. */
export interface ReaderSettings extends FormatOptions {
  delimiter: string;
  onError: "throw" | "collect";
  /** Target currency and rates (units of `to` per unit of the key), or null. */
  exchange: { to: string; rates: ReadonlyMap<string, string> } | null;
  /** Receives each order made. */
  emit: (order: Order) => void;
  /** Keep a set of order ids to find a repeated one (off when the sink checks, as an accumulator does). */
  checkDuplicates: boolean;
}

/** One row's error under `onError: "collect"`. */
export interface CollectedError {
  row: number;
  column: string;
  code: RetentionMetricsErrorCode;
  message: string;
}

/** The ledger of a read, in the order of the public type. */
export interface LedgerData {
  rowsRead: number;
  ordersMade: number;
  rowsKept: number;
  rowsMerged: number;
  rowsSkipped: number;
  skipped: { reason: SkipReason; rows: number[] }[];
  errors: CollectedError[];
}

/** Order of the skip reasons in the ledger. */
export const REASONS: readonly SkipReason[] = ["cancelled", "voided", "unpaid", "failed", "test", "guest", "malformed"];

const CURRENCY_RE = /^[A-Z]{3}$/;

/** Bytes decoded at a time by the text path (see pushBytes). */
const DECODE_BYTES = 65_536;

const DELIMITER_NAMES: Record<string, string> = { ";": "semicolon", "\t": "tab", "|": "pipe", ",": "comma" };

/** [first, last, first, last, ...] to every row number of the ranges, in order. */
function expandRanges(ranges: readonly number[]): number[] {
  let count = 0;
  for (let k = 0; k < ranges.length; k += 2) count += (ranges[k + 1] as number) - (ranges[k] as number) + 1;
  const rows = new Array<number>(count);
  let i = 0;
  for (let k = 0; k < ranges.length; k += 2) for (let r = ranges[k] as number; r <= (ranges[k + 1] as number); r++) rows[i++] = r;
  return rows;
}

export class OrderReaderState {
  /** The scanner: of text (CellScanner) or of bytes (ByteCellScanner), chosen by the first chunk. */
  private feeder: CellScanner | ByteCellScanner | null = null;
  private bytesFeeder: ByteCellScanner | null = null;
  /** Decodes byte chunks for the text scanner (when the first chunk is text, or the delimiter is not ASCII). */
  private readonly decoder = new TextDecoder("utf-8");
  private plan: FormatPlan | null = null;
  private readonly fieldCells = new FieldCells();
  private columns = 0;
  private header: string[] = [];
  /**
   * The skipped rows by reason, as ranges: [first, last, first, last, ...]. The rows of a skipped order are
   * consecutive, and so are often whole runs of skipped orders, so a streamed read holds a few numbers per run
   * rather than one per row; the public `rows` lists are written out once, by `finish`.
   */
  private readonly skips = new Map<SkipReason, number[]>();
  private readonly errors: CollectedError[] = [];
  private rowsRead = 0;
  private rowsKept = 0;
  private rowsMerged = 0;
  private rowsSkipped = 0;
  /** The order the last row belonged to, and what became of it. */
  private currentId: string | null = null;
  private currentOutcome: "kept" | SkipReason = "kept";
  /** The order ids seen, to find a repeated one (seenIds.ts). */
  private readonly seen: SeenIds | null;
  private currency: string | undefined = undefined;
  private currencyRow = 0;
  private readonly digits: number;

  /**
   * For a part of an export read on its own (parallel.ts): the order id of the first data row, and the ids of the
   * orders left out (the merge checks them for repeats across parts); null otherwise.
   */
  private firstId: string | null = null;
  private readonly skippedIds: string[] | null;

  constructor(
    private readonly settings: ReaderSettings,
    part = false,
  ) {
    this.skippedIds = part ? [] : null;
    this.seen = settings.checkDuplicates ? new SeenIds() : null;
    this.digits = settings.exchange === null ? 2 : minorDigits(settings.exchange.to);
  }

  /** Reads a chunk of text. */
  push(text: string): void {
    if (text.length === 0) return;
    if (this.feeder === null) this.feeder = this.textScanner();
    if (this.bytesFeeder !== null) this.bytesFeeder.push(new TextEncoder().encode(text));
    else (this.feeder as CellScanner).push(text);
  }

  /** Reads a chunk of UTF-8 bytes. */
  pushBytes(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.feeder === null) {
      if (this.settings.delimiter.charCodeAt(0) < 0x80) {
        this.bytesFeeder = new ByteCellScanner(this.settings.delimiter, (fields, row, problem) => this.onRecord(fields, row, problem));
        this.feeder = this.bytesFeeder;
      } else {
        this.feeder = this.textScanner();
      }
    }
    if (this.bytesFeeder !== null) {
      this.bytesFeeder.push(chunk);
      return;
    }
    // Decoded 64 KiB at a time: a longer string is allocated in V8's large-object space, which only a full
    // garbage collection frees, so a stream of 1 MiB chunks piled up dead text (measured: 20M rows streamed at a
    // peak RSS of 528 MiB with 54 MiB live); strings this size die young.
    for (let at = 0; at < chunk.length; at += DECODE_BYTES) this.push(this.decoder.decode(chunk.subarray(at, at + DECODE_BYTES), { stream: true }));
  }

  private textScanner(): CellScanner {
    return new CellScanner(this.settings.delimiter, (fields, row, problem) => this.onRecord(fields, row, problem));
  }

  finish(): LedgerData {
    if (this.feeder === null) this.feeder = this.textScanner();
    if (this.bytesFeeder === null) this.push(this.decoder.decode());
    this.feeder.end();
    if (this.plan === null) {
      throw recordError("INVALID_COLUMN", 1, "header", "the file is empty", "", "Pass the text of a CSV export, header row first.", "row");
    }
    return {
      rowsRead: this.rowsRead,
      ordersMade: this.rowsKept,
      rowsKept: this.rowsKept,
      rowsMerged: this.rowsMerged,
      rowsSkipped: this.rowsSkipped,
      skipped: REASONS.filter((r) => this.skips.has(r)).map((reason) => ({ reason, rows: expandRanges(this.skips.get(reason) as number[]) })),
      errors: this.errors,
    };
  }

  /**
   * What a read of one part of an export (started with `part`) tells the merge beyond its ledger: whether every
   * record was read by the byte scan, the order ids of the first and last data rows, the ids of the orders left
   * out, the currency of the first order, and the run of numbered ids when every id was in one (SeenIds.runSpan).
   */
  partFacts(): { exact: boolean; firstId: string | null; lastId: string | null; skippedIds: string[]; currency: string | undefined; idRun: IdRun | null } {
    return {
      exact: this.bytesFeeder !== null && this.bytesFeeder.exact,
      firstId: this.firstId,
      lastId: this.currentId,
      idRun: this.seen === null ? null : this.seen.runSpan(),
      skippedIds: this.skippedIds ?? [],
      currency: this.currency,
    };
  }

  private onRecord(fields: string[], row: number, problem: string | null): void {
    if (row === 1) {
      this.onHeader(fields);
      return;
    }
    this.rowsRead++;
    const plan = this.plan as FormatPlan;
    if (problem !== null) {
      this.malformed(row, new RowProblem("INVALID_RECORD", "(row)", `cannot be read as CSV: ${problem}`, fields.join(this.settings.delimiter), "Check the quotes of this row: a field holding a quote or a delimiter must be quoted, and a quote in it doubled."));
      return;
    }
    if (fields.length !== this.columns) {
      const column = fields.length < this.columns ? (this.header[fields.length] as string) : "(extra cells)";
      this.malformed(row, new RowProblem("INVALID_RECORD", column, `has ${fields.length} cells, but the header has ${this.columns}`, fields.length, "Every row needs one cell per header column; check for an unquoted delimiter or a cut-off line."));
      return;
    }
    const bytes = this.bytesFeeder;
    // The id's bytes as those of the current order's: a later line item of it, with no string made.
    if (bytes !== null && this.currentId !== null && bytes.sameId()) {
      if (this.currentOutcome === "kept") this.rowsMerged++;
      else this.skip(this.currentOutcome, row);
      return;
    }
    const id = (bytes !== null ? bytes.idCell(fields) : (fields[plan.idColumn] as string)).trim();
    if (id === "") {
      this.malformed(row, new RowProblem("INVALID_ORDER_ID", plan.idName, "is empty", "", "Every row needs the id of its order."));
      return;
    }
    if (id === this.currentId) {
      if (this.currentOutcome === "kept") this.rowsMerged++;
      else this.skip(this.currentOutcome, row);
      return;
    }
    this.currentId = id;
    if (this.skippedIds !== null && this.firstId === null) this.firstId = id;
    if (bytes !== null) bytes.rememberId();
    if (this.seen !== null) {
      if (this.seen.repeated(id)) {
        this.currentOutcome = "malformed";
        this.malformed(row, new RowProblem("DUPLICATE_ORDER_ID", plan.idName, "repeats an order that ended earlier in the file", id, "Keep the rows of one order together and each order once; a repeated order would count its revenue twice."));
        return;
      }
    }
    // The byte scan's record decodes the cells the format asks for; papaparse's and the text scan's are strings.
    let cells: Cells;
    if (bytes !== null && bytes.exact) {
      cells = bytes;
    } else {
      if (bytes === null) (this.feeder as CellScanner).fill();
      this.fieldCells.fields = fields;
      cells = this.fieldCells;
    }
    const outcome = plan.interpret(cells);
    if (typeof outcome === "string") {
      if (this.skippedIds !== null) this.skippedIds.push(id);
      this.currentOutcome = outcome;
      this.skip(outcome, row);
      return;
    }
    if (outcome instanceof RowProblem) {
      this.currentOutcome = "malformed";
      this.malformed(row, outcome);
      return;
    }
    const money = this.currencyOf(outcome, row);
    if (money !== null) {
      this.currentOutcome = "malformed";
      this.malformed(row, money);
      return;
    }
    try {
      this.settings.emit(outcome);
    } catch (e) {
      if (!(e instanceof RetentionMetricsError)) throw e;
      this.currentOutcome = "malformed";
      // The sink's message is `<where>: <problem> (got <value>). <hint> See <link>`: the same parts, at this row.
      const m = /^[^:]*: ([\s\S]*?) \(got [\s\S]*\)\. ([\s\S]*?) See \S+$/.exec(e.message);
      const value = e.field !== null && e.field in outcome ? (outcome as unknown as Record<string, unknown>)[e.field] : undefined;
      this.malformed(row, new RowProblem(e.code, this.columnOf(e.field), m?.[1] ?? e.message, value, m?.[2] ?? "See the error above."));
      return;
    }
    this.currentOutcome = "kept";
    this.rowsKept++;
  }

  /** The header column behind an Order field named in an error of the sink. */
  private columnOf(field: string | null): string {
    if (field === "orderId") return (this.plan as FormatPlan).idName;
    return field ?? "(row)";
  }

  /** Checks (and with exchange rates converts) the order's currency; a problem, or null when fine. */
  private currencyOf(order: Order, row: number): RowProblem | null {
    const code = (order.currency as string | undefined) ?? "";
    const exchange = this.settings.exchange;
    // The currency of the orders before (checked then): nothing to check or convert.
    if (exchange === null && code === this.currency) return null;
    const column = this.plan?.currencyName ?? "Currency";
    if (code !== "" && !CURRENCY_RE.test(code)) {
      return new RowProblem("INVALID_CURRENCY", column, "is not a three-letter ISO 4217 code", code, "Give currencies as codes such as EUR or USD.");
    }
    if (exchange !== null) {
      if (code === "") return new RowProblem("MIXED_CURRENCY", column, "is empty, so no exchange rate applies", code, `Give each order its currency, so it can be converted to ${exchange.to}.`);
      if (code === exchange.to) return null;
      const rate = exchange.rates.get(code);
      if (rate === undefined) {
        return new RowProblem("MIXED_CURRENCY", column, `has no rate to ${exchange.to} in exchangeRates`, code, `Add it: exchangeRates: { to: "${exchange.to}", rates: { ${code}: "<${exchange.to} per ${code}>" } }.`);
      }
      order.total = convertAmount(order.total as string, rate, this.digits);
      if (order.refunded !== undefined) order.refunded = convertAmount(order.refunded as string, rate, this.digits);
      order.currency = exchange.to;
      return null;
    }
    if (this.currency === undefined) {
      this.currency = code;
      this.currencyRow = row;
      return null;
    }
    if (code !== this.currency) {
      const first = this.currency === "" ? "no currency" : this.currency;
      return new RowProblem(
        "MIXED_CURRENCY",
        column,
        `differs from the ${first} of row ${this.currencyRow}`,
        code,
        `Orders in several currencies cannot be summed as they are. Pass exchangeRates: { to: "${this.currency || "EUR"}", rates: { ${code || "XXX"}: "<rate>" } } to convert them, or read one currency at a time.`,
      );
    }
    return null;
  }

  private skip(reason: SkipReason, row: number): void {
    this.rowsSkipped++;
    let ranges = this.skips.get(reason);
    if (ranges === undefined) {
      ranges = [];
      this.skips.set(reason, ranges);
    }
    // Rows come in file order, so a row is either the next of the last range or starts a new one.
    const last = ranges.length - 1;
    if (last > 0 && ranges[last] === row - 1) ranges[last] = row;
    else ranges.push(row, row);
  }

  private malformed(row: number, p: RowProblem): void {
    const error = recordError(p.code, row, p.column, p.problem, p.got, p.hint, "row");
    if (this.settings.onError === "throw") throw error;
    this.errors.push({ row, column: p.column, code: p.code, message: error.message });
    this.skip("malformed", row);
  }

  private onHeader(fields: string[]): void {
    const header = fields.map((f) => f.trim());
    try {
      this.plan = planFormat(header, this.settings);
    } catch (e) {
      if (!(e instanceof MissingColumn)) throw e;
      const d = this.settings.delimiter;
      const other = header.length === 1 ? [";", "\t", "|", ","].find((c) => c !== d && (header[0] as string).includes(c)) : undefined;
      if (other !== undefined) {
        throw recordError(
          "INVALID_COLUMN",
          1,
          "delimiter",
          `the header is one column, and it holds ${DELIMITER_NAMES[other]}s: the file looks ${DELIMITER_NAMES[other]}-separated, not ${DELIMITER_NAMES[d] ?? JSON.stringify(d)}-separated`,
          header[0],
          `Pass delimiter: ${JSON.stringify(other)}.`,
          "row",
        );
      }
      const shown = header.slice(0, 8).join(", ") + (header.length > 8 ? ", ..." : "");
      throw recordError(
        "INVALID_COLUMN",
        1,
        e.column,
        `the ${this.settings.format} format needs a column ${e.candidates.map((c) => JSON.stringify(c)).join(" or ")}, and the header has none`,
        shown,
        this.settings.format === "generic"
          ? "Map the order fields to the header's names with the columns option."
          : `Check that this is a ${this.settings.format} orders export, or read it with format: "generic" and a columns mapping.`,
        "row",
      );
    }
    this.header = header;
    this.columns = header.length;
    (this.feeder as CellScanner | ByteCellScanner).want(this.plan.reads, this.plan.idColumn);
  }
}
