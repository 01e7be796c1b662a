// The reader's fast path for bytes (UTF-8 chunks, as a file stream gives them): cellScanner.ts's scan, run over the
// bytes themselves rather than over decoded text. Nothing is decoded but the cells the format reads: the bytes of
// the order id are compared in place with those of the order before (a later line item of the same order makes no
// string at all), and a cell of an order's first row is decoded only when the format asks for it (`text`): an
// empty one not at all, an ASCII one without the decoder, one with the bytes of the same column's cell last
// decoded not again (a status, a currency, a payment method repeat from order to order).
//
// The result is the one of decoding the whole input with `TextDecoder("utf-8")` (stream mode) and scanning the text
// with CellScanner: every byte the scan looks for (quote, delimiter, "\r", "\n") is ASCII, and no byte of a
// multi-byte UTF-8 sequence is ASCII, so the records and cells are the same; and a cell's bytes decode alone to
// the text they decode to in the whole (a sequence cut off, or a stray byte, ends at the ASCII byte after it, in
// the whole as alone: U+FFFD either way). Byte-order marks: the decoder drops one at the very start, and the
// scanner one more (as it does on text). The delimiter must be ASCII (the caller checks). Anything the scan does
// not read as papaparse would (see cellScanner.ts) hands the rest, decoded, to papaparse's feeder.
import { CsvRowFeeder, type RowHandler } from "./csvRows.js";
import { shopifyInstant, type CodeUnits } from "./dates.js";

const QUOTE = 34;
const LF = 10;
const CR = 13;

type Decoder = InstanceType<typeof TextDecoder>;

/** Bytes of a cell remembered per column (ByteCellScanner.decodeCell). */
const MEMO = 32;

/** Bytes `[base, base + 25)` of a record as code units (the length of Shopify's date form). */
class ByteUnits implements CodeUnits {
  bytes: Uint8Array = new Uint8Array(0);
  base = 0;
  readonly length = 25;
  charCodeAt(index: number): number {
    return this.bytes[this.base + index] as number;
  }
}

/** One plain array per length 0..MEMO, to be reused as the arguments of String.fromCharCode (asciiText). */
const codeArrays = (): number[][] => Array.from({ length: MEMO + 1 }, (_, n) => new Array<number>(n).fill(0));

/**
 * The text of the ASCII bytes `b[s, s + n)`, 1 <= n <= MEMO: String.fromCharCode applied to the bytes, copied into
 * `codes[n]` (a scanner's own, reused), makes the string at once, without the call into the decoder (measured 29 and 51
 * ns for cells of 8 and 20 bytes, against 90 ns for the decoder; applied to the bytes' subarray, 73 and 117 ns).
 */
function asciiText(codes: number[][], b: Uint8Array, s: number, n: number): string {
  const args = codes[n] as number[];
  for (let i = 0; i < n; i++) args[i] = b[s + i] as number;
  return String.fromCharCode.apply(null, args);
}

/** Whether a Uint32Array's words hold their bytes little-endian (byte k in bits 8k..8k+7): the word scan needs it. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const INCOMPLETE = -1;
const ANOMALY = -2;

/** Whether `b` starts with the UTF-8 byte-order mark at `at`. */
const bomAt = (b: Uint8Array, at: number, n: number): boolean => n - at >= 3 && b[at] === 0xef && b[at + 1] === 0xbb && b[at + 2] === 0xbf;

export class ByteCellScanner {
  /** A cell's text is decoded from its own bytes (or is one such text again, from the memo): see Cells. */
  readonly ownText = true;
  /** The unread rest of the bytes pushed so far: `work[0, kept)`. */
  private work: Uint8Array = new Uint8Array(0);
  private kept = 0;
  /** Byte-order marks dropped at the start: 0, 1 or 2 checks done (see the file comment). */
  private started = false;
  private row = 0;
  private newline: 0 | 1 | 2 = 0;
  private readonly delim: number;
  private fallback: CsvRowFeeder | null = null;
  /** Decodes the bytes handed to papaparse (stream mode; the byte-order marks are dropped here). */
  private fallbackDecoder: Decoder | null = null;
  /** Decodes cells (whole sequences only). */
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /**
   * Per cell of the current record, where its raw text ends (exclusive; the closing quote included): cell k is
   * `[start, ends[k])` with start the record's start for k = 0, else `ends[k - 1] + 1` (after the delimiter). A
   * cell whose first byte is a quote is a quoted one (the scan reads it so), its text between the quotes.
   */
  private ends: Int32Array = new Int32Array(256);
  private cells = 0;
  private recordStart = 0;
  /** The bytes the current record's cells point into. */
  private bytes: Uint8Array = new Uint8Array(0);
  private readonly fields: string[] = [];
  private wanted: readonly number[] | null = null;
  private idColumn = -1;
  /** The raw bytes and kind of the id cell last remembered (`rememberId`), or length -1. */
  private idBytes: Uint8Array = new Uint8Array(64);
  private idLength = -1;
  /** Per column: the texts read of the current record's cells (`text`), valid where `readRow` is its row. */
  private texts: string[] = [];
  private readRow: Int32Array = new Int32Array(0);
  /** Per column k: the raw bytes of the cell last decoded (`memo[k * MEMO, + memoLength[k])`) and its text. */
  private memo: Uint8Array = new Uint8Array(0);
  private memoLength: Int32Array = new Int32Array(0);
  private memoTexts: string[] = [];
  /** The arguments of String.fromCharCode for an ASCII cell of each length up to MEMO (asciiText). */
  private readonly codes: number[][] = codeArrays();
  /** A cell's bytes as code units, for shopifyInstant. */
  private readonly units = new ByteUnits();
  /**
   * The words of the buffer under the bytes being scanned (`wordBuffer`), and where those bytes start in it: set
   * by useWords before a run of scans (a typed array's `buffer` costs a lookup, once a chunk rather than a record).
   */
  private words: Uint32Array = new Uint32Array(0);
  private wordBuffer: ArrayBufferLike | null = null;
  private wordBase = 0;

  constructor(
    private readonly delimiter: string,
    private readonly onRow: RowHandler,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Whether every record so far was read by this scan (papaparse has not taken over). */
  get exact(): boolean {
    return this.fallback === null;
  }

  get records(): number {
    return this.fallback === null ? this.row : this.fallback.records;
  }

  want(columns: readonly number[], id: number): void {
    this.wanted = columns;
    this.idColumn = id;
  }

  /** The id cell of the record being handed out, whose `fields` are given (trimmed). */
  idCell(fields: string[]): string {
    if (this.fallback !== null || this.wanted === null) return fields[this.idColumn] as string;
    const k = this.idColumn;
    if (k >= this.cells) return fields[k] as string;
    return this.text(k);
  }

  /**
   * Cell `k`'s text, trimmed ("" for -1), of the record being handed out (read by the scan: not after papaparse
   * took over). Decoded when first asked for (a format reads a dozen of a row's cells, and an empty one needs no
   * decoding), and kept for the rest of the record.
   */
  text(k: number): string {
    if (k < 0) return "";
    if (k >= this.readRow.length) this.growColumns(k + 1);
    if (this.readRow[k] === this.row) return this.texts[k] as string;
    const text = this.decodeCell(k);
    this.texts[k] = text;
    this.readRow[k] = this.row;
    return text;
  }

  /**
   * {@link shopifyInstant} of cell `k`'s text: read from its bytes when the cell is 25 unquoted bytes, the form's
   * length (a text of the form is ASCII, so those bytes are its code units, and it starts and ends with a digit,
   * so trimming leaves it as it is; 25 bytes that are not of the form decode and trim to no text of it either);
   * any other cell through its text.
   */
  shopifyInstant(k: number): number {
    if (k < 0) return NaN;
    const s = this.rawStart(k);
    const e = this.ends[k] as number;
    if (e - s !== 25 || this.bytes[s] === QUOTE) return shopifyInstant(this.text(k));
    const units = this.units;
    units.bytes = this.bytes;
    units.base = s;
    return shopifyInstant(units);
  }

  private growColumns(n: number): void {
    const readRow = new Int32Array(Math.max(n, 2 * this.readRow.length));
    readRow.set(this.readRow);
    this.readRow = readRow;
    const memoLength = new Int32Array(readRow.length).fill(-1);
    memoLength.set(this.memoLength);
    this.memoLength = memoLength;
    const memo = new Uint8Array(readRow.length * MEMO);
    memo.set(this.memo);
    this.memo = memo;
  }

  /** Remembers the raw id cell of the record being handed out, for {@link ByteCellScanner.sameId}. */
  rememberId(): void {
    const k = this.idColumn;
    if (this.fallback !== null || this.wanted === null || k >= this.cells) {
      this.idLength = -1;
      return;
    }
    const start = this.rawStart(k);
    const length = (this.ends[k] as number) - start;
    if (length > this.idBytes.length) this.idBytes = new Uint8Array(2 * length);
    // A loop, not set(subarray(...)): an id is a few bytes, and a subarray an object to make and collect.
    const bytes = this.bytes;
    const saved = this.idBytes;
    for (let i = 0; i < length; i++) saved[i] = bytes[start + i] as number;
    this.idLength = length;
  }

  /**
   * Whether the id cell of the record being handed out has the raw bytes (its quotes included) of the one
   * remembered last: then its text is that one's. False when unsure.
   */
  sameId(): boolean {
    const k = this.idColumn;
    if (this.idLength < 0 || this.fallback !== null || k >= this.cells) return false;
    const start = this.rawStart(k);
    if ((this.ends[k] as number) - start !== this.idLength) return false;
    const bytes = this.bytes;
    const saved = this.idBytes;
    for (let i = 0; i < this.idLength; i++) if (bytes[start + i] !== saved[i]) return false;
    return true;
  }

  /** Where the raw text of cell `k` of the current record starts. */
  private rawStart(k: number): number {
    return k === 0 ? this.recordStart : (this.ends[k - 1] as number) + 1;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.fallback !== null) {
      this.fallback.push((this.fallbackDecoder as Decoder).decode(chunk, { stream: true }));
      return;
    }
    // A plain Uint8Array view (a Node Buffer is a subclass): one kind of array in the scan, which V8 then reads
    // without a check of which kind it is at every byte.
    const view = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.kept > 0 && this.started && this.newline !== 0 && this.seam(view)) return;
    // The rest and the chunk as one run of bytes: the chunk itself when nothing is left over (no copy; what is
    // left of it after its last whole record is copied, as the caller may reuse it).
    let buf: Uint8Array;
    let n: number;
    if (this.kept === 0) {
      buf = view;
      n = view.length;
    } else {
      n = this.kept + view.length;
      this.reserve(n);
      this.work.set(view, this.kept);
      buf = this.work;
    }
    let at = 0;
    if (!this.started) {
      // Up to two byte-order marks (the decoder's and the scanner's); wait for 6 bytes to know.
      if (n < 6) {
        this.keep(buf, 0, n);
        return;
      }
      this.started = true;
      if (bomAt(buf, 0, n)) at = bomAt(buf, 3, n) ? 6 : 3;
    }
    if (this.newline === 0) {
      const nl = firstLineBreak(buf, at, n);
      if (nl === 0) {
        this.keep(buf, at, n);
        return;
      }
      this.newline = nl;
    }
    this.run(buf, at, n, false);
  }

  end(): void {
    if (this.fallback !== null) {
      const decoder = this.fallbackDecoder as Decoder;
      this.fallback.push(decoder.decode());
      this.fallback.end();
      return;
    }
    const n = this.kept;
    if (n === 0) return;
    const buf = this.work;
    this.kept = 0;
    let at = 0;
    if (!this.started) {
      this.started = true;
      if (bomAt(buf, 0, n)) at = bomAt(buf, 3, n) ? 6 : 3;
    }
    if (at === n) return;
    if (this.newline === 0) {
      // As push would have found it (it waited for 6 bytes), else as the text scanner's end.
      const nl = firstLineBreak(buf, at, n);
      this.newline = nl !== 0 ? nl : hasCrlf(buf, at, n) ? 2 : 1;
    }
    this.run(buf, at, n, true);
  }

  /**
   * Finishes the record cut off at the end of the last chunk with the start of `chunk` up to a line break, copying
   * only that much, and reads the rest of the chunk where it is: true when done so, false when the record does
   * not end at one of the chunk's first 16 line breaks (or is not read as one: then the caller joins them whole).
   */
  private seam(chunk: Uint8Array): boolean {
    let copied = 0;
    let nl = chunk.indexOf(LF);
    for (let tries = 0; nl >= 0 && tries < 16; tries++) {
      const n = this.kept + nl + 1;
      // The bytes copied by the tries before kept too, should `work` grow.
      this.reserve(n, this.kept + copied);
      this.work.set(chunk.subarray(copied, nl + 1), this.kept + copied);
      copied = nl + 1;
      this.useWords(this.work);
      const next = this.scan(this.work, 0, n, false);
      if (next === n) {
        this.kept = 0;
        this.emit(this.work);
        if (this.fallback === null) this.run(chunk, nl + 1, chunk.length, false);
        return true;
      }
      if (next !== INCOMPLETE) return false;
      nl = chunk.indexOf(LF, nl + 1);
    }
    return false;
  }

  /** Room for `n` bytes in `work`, its first `used` (by default `kept`) kept. */
  private reserve(n: number, used = this.kept): void {
    if (n <= this.work.length) return;
    const grown = new Uint8Array(Math.max(n, 2 * this.work.length));
    grown.set(this.work.subarray(0, used));
    this.work = grown;
  }

  /** Keeps `buf[from, n)` as the rest (copied to the start of `work`). */
  private keep(buf: Uint8Array, from: number, n: number): void {
    const length = n - from;
    if (buf === this.work) {
      this.work.copyWithin(0, from, n);
    } else {
      if (length > this.work.length) this.work = new Uint8Array(Math.max(length, 2 * this.work.length, 1 << 16));
      this.work.set(buf.subarray(from, n));
    }
    this.kept = length;
  }

  private run(buf: Uint8Array, from: number, n: number, atEnd: boolean): void {
    let at = from;
    this.useWords(buf);
    while (at < n) {
      const next = this.scan(buf, at, n, atEnd);
      if (next === INCOMPLETE) {
        this.keep(buf, at, n);
        return;
      }
      if (next === ANOMALY) {
        this.handOver(buf.subarray(at, n), atEnd);
        return;
      }
      this.emit(buf);
      at = next;
    }
    this.kept = 0;
  }

  private handOver(rest: Uint8Array, atEnd: boolean): void {
    const feeder = new CsvRowFeeder(this.delimiter, this.onRow, { row: this.row, newline: this.newline === 2 ? "\r\n" : "\n" });
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    this.fallback = feeder;
    this.fallbackDecoder = decoder;
    this.kept = 0;
    feeder.push(decoder.decode(rest, { stream: !atEnd }));
    if (atEnd) feeder.end();
  }

  private emit(bytes: Uint8Array): void {
    const f = this.cells;
    // A blank line (one empty cell, "" included) is no record.
    if (f === 1) {
      const length = (this.ends[0] as number) - this.recordStart;
      if (length === 0 || (length === 2 && bytes[this.recordStart] === QUOTE)) return;
    }
    this.row++;
    this.bytes = bytes;
    const fields = this.fields;
    if (fields.length !== f) {
      const from = fields.length;
      fields.length = f;
      for (let k = from; k < f; k++) fields[k] = "";
    }
    if (this.wanted === null) for (let k = 0; k < f; k++) fields[k] = this.cell(k);
    this.onRow(fields, this.row, null);
  }

  /** The text of cell `k` of the current record, decoded alone. */
  private cell(k: number): string {
    const s = this.rawStart(k);
    const e = this.ends[k] as number;
    if (s < e && this.bytes[s] === QUOTE) {
      const text = this.decoder.decode(this.bytes.subarray(s + 1, e - 1));
      return text.includes('"') ? text.replace(/""/g, '"') : text;
    }
    return this.decoder.decode(this.bytes.subarray(s, e));
  }

  /**
   * {@link ByteCellScanner.cell}, trimmed, remembering per column the raw bytes (up to MEMO) and text of the last
   * cell decoded: a cell with the same bytes has the same text (a status, a currency, a payment method, an amount
   * repeat from order to order), found with no decoding and no new string. Not for the order id (new each time).
   */
  private decodeCell(k: number): string {
    const s = this.rawStart(k);
    const e = this.ends[k] as number;
    const length = e - s;
    if (length === 0) return "";
    if (length > MEMO) return this.cell(k).trim();
    const bytes = this.bytes;
    const memo = this.memo;
    const at = k * MEMO;
    if (this.memoLength[k] === length && k !== this.idColumn) {
      let i = 0;
      while (i < length && memo[at + i] === bytes[s + i]) i++;
      if (i === length) return this.memoTexts[k] as string;
    }
    // An unquoted ASCII cell is its bytes (trimmed only when it starts or ends with a space or a control
    // character, the only ASCII that trim() removes); anything else goes through the decoder. The bytes are
    // remembered in the same pass (but not the id's).
    const remember = k !== this.idColumn;
    let high = bytes[s] === QUOTE ? 0x80 : 0;
    for (let i = 0; i < length; i++) {
      const b = bytes[s + i] as number;
      high |= b;
      if (remember) memo[at + i] = b;
    }
    const text = high >= 0x80 ? this.cell(k).trim() : (bytes[s] as number) > 32 && (bytes[e - 1] as number) > 32 ? asciiText(this.codes, bytes, s, length) : asciiText(this.codes, bytes, s, length).trim();
    if (!remember) return text;
    this.memoLength[k] = length;
    this.memoTexts[k] = text;
    return text;
  }

  private grow(): Int32Array {
    const grown = new Int32Array(this.ends.length * 2);
    grown.set(this.ends);
    this.ends = grown;
    return grown;
  }

  /**
   * Makes `words` the view of the words of the buffer under `s` for scan: kept while the buffer is the same and the
   * view covers `s` (a resizable buffer may have grown since).
   */
  private useWords(s: Uint8Array): void {
    const buffer = s.buffer;
    if (buffer !== this.wordBuffer || this.words.length < (s.byteOffset + s.length) >>> 2) {
      this.wordBuffer = buffer;
      this.words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
    }
    this.wordBase = s.byteOffset;
  }

  /**
   * cellScanner.ts's scan, on bytes `s[from, n)`: the record's cells into `ends`, and where the next record starts;
   * or INCOMPLETE, or ANOMALY.
   *
   * Four bytes at a time (SWAR): a word of the buffer that holds no quote and no line feed is one where only the
   * delimiters count, and they are found with no branch on the bytes (a comma is a third of a Shopify export's
   * bytes, and a branch per byte mispredicts at every cell: twice the time). Each byte `y` of `w ^ delimiters` is
   * 0 exactly at a delimiter: `((y & 0x7f) + 0x7f) | y` has its high bit clear exactly then (no carry leaves a
   * byte); the quote and line-feed test is the classic "has a zero byte" `(x - 0x01..) & ~x & 0x80..`, exact as
   * a yes/no. A word with a quote or a line feed, the bytes up to the first word boundary, and the last bytes are
   * read one at a time. Needs little-endian words (byte k in bits 8k..8k+7); elsewhere every byte is read alone.
   * Call useWords(s) first.
   */
  private scan(s: Uint8Array, from: number, n: number, atEnd: boolean): number {
    const delim = this.delim;
    const crlf = this.newline === 2;
    // The bytes' words (useWords(s) was called).
    const words = this.words;
    const base = this.wordBase;
    const delims = Math.imul(delim, 0x01010101);
    let ends = this.ends;
    // Room for a word's four delimiters and the record's end after any check.
    let cap = ends.length - 5;
    this.recordStart = from;
    let f = 0;
    let i = from;
    // Bytes one at a time up to `to` (a word boundary, or the end), then whole words while they hold no special byte.
    let to = LITTLE_ENDIAN ? i + (-(base + i) & 3) : n;
    for (;;) {
      if (to > n) to = n;
      while (i < to) {
        const c = s[i] as number;
        if (c === delim) {
          if (f >= cap) {
            ends = this.grow();
            cap = ends.length - 5;
          }
          ends[f++] = i++;
          continue;
        }
        if (c === QUOTE) {
          // A quote opens a quoted cell at a cell's start; elsewhere in an unquoted cell it is text.
          if (i !== (f === 0 ? from : (ends[f - 1] as number) + 1)) {
            i++;
            continue;
          }
          let q = i;
          for (;;) {
            q = nextQuote(s, q + 1, n);
            if (q === n) return atEnd ? ANOMALY : INCOMPLETE;
            if (q + 1 === n) {
              if (!atEnd) return INCOMPLETE;
              break;
            }
            if (s[q + 1] === QUOTE) {
              q++;
              continue;
            }
            break;
          }
          const after = q + 1;
          if (f >= cap) {
            ends = this.grow();
            cap = ends.length - 5;
          }
          if (after === n) {
            ends[f++] = n;
            this.cells = f;
            return n;
          }
          const d = s[after] as number;
          if (d === delim) {
            ends[f++] = after;
            i = after + 1;
            to = LITTLE_ENDIAN ? i + (-(base + i) & 3) : n;
            if (to > n) to = n;
            continue;
          }
          if (!crlf) {
            if (d === LF) {
              ends[f++] = after;
              this.cells = f;
              return after + 1;
            }
            return ANOMALY;
          }
          if (d === CR) {
            if (after + 1 === n) return atEnd ? ANOMALY : INCOMPLETE;
            if (s[after + 1] === LF) {
              ends[f++] = after;
              this.cells = f;
              return after + 2;
            }
          }
          return ANOMALY;
        }
        if (c === LF) {
          // A line feed ends the record, unless the break is "\r\n" and no "\r" is before it (then it is text).
          if (!crlf) {
            ends[f++] = i;
            this.cells = f;
            return i + 1;
          }
          if (i > (f === 0 ? from : (ends[f - 1] as number) + 1) && s[i - 1] === CR) {
            ends[f++] = i - 1;
            this.cells = f;
            return i + 1;
          }
        }
        i++;
      }
      if (i >= n) break;
      for (;;) {
        if (i + 4 > n) {
          to = n;
          break;
        }
        const w = words[(base + i) >>> 2] as number;
        const q = w ^ 0x22222222;
        const l = w ^ 0x0a0a0a0a;
        if ((((q - 0x01010101) & ~q) | ((l - 0x01010101) & ~l)) & 0x80808080) {
          to = i + 4;
          break;
        }
        if (f >= cap) {
          ends = this.grow();
          cap = ends.length - 5;
        }
        const y = w ^ delims;
        const t = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y);
        ends[f] = i;
        f += (t >>> 7) & 1;
        ends[f] = i + 1;
        f += (t >>> 15) & 1;
        ends[f] = i + 2;
        f += (t >>> 23) & 1;
        ends[f] = i + 3;
        f += t >>> 31;
        i += 4;
      }
    }
    if (!atEnd) return INCOMPLETE;
    ends[f++] = n;
    this.cells = f;
    return n;
  }
}

/**
 * Where the first quote in `s[from, n)` is, or n: a loop over the first bytes (most quoted cells are short, and a
 * call of indexOf costs as much as a few dozen bytes of it), then indexOf.
 */
function nextQuote(s: Uint8Array, from: number, n: number): number {
  const near = from + 32 < n ? from + 32 : n;
  for (let q = from; q < near; q++) if (s[q] === QUOTE) return q;
  if (near === n) return n;
  const q = s.indexOf(QUOTE, near);
  return q < 0 || q > n ? n : q;
}

/** csvRows.ts's firstLineBreak on bytes: 1 for "\n", 2 for "\r\n", 0 when there is none outside quotes yet. */
function firstLineBreak(b: Uint8Array, from: number, n: number): 0 | 1 | 2 {
  let quotes = 0;
  for (let i = from; i < n; i++) {
    const c = b[i];
    if (c === QUOTE) quotes++;
    else if (c === LF && quotes % 2 === 0) return i > from && b[i - 1] === CR ? 2 : 1;
  }
  return 0;
}

function hasCrlf(b: Uint8Array, from: number, n: number): boolean {
  for (let i = from + 1; i < n; i++) if (b[i] === LF && b[i - 1] === CR) return true;
  return false;
}
