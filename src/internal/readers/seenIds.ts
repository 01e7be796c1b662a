// The order ids a read has seen, to find a repeated one (an order whose rows are not together, or an order
// exported twice). Exports number their orders: `#1001, #1002, ...` (or newest first, `#1999, #1998, ...`). While
// the ids are one prefix and a number that only grows (or only shrinks), a new id is past every id before it, so
// it cannot be one of them: no hash table is needed (measured: the table's lookups, with a cache miss or two per
// order in a table of a million ids, and its growth were a tenth of the book's read), and the run is kept as its
// numbers (a typed array: no string to hold, nothing for the garbage collector to trace). The first id that
// breaks the run moves the run's ids (prefix + number, written back: the number has no leading zero, so this is
// the id) into the table, which then checks every id.
import { StringTable } from "../book/stringTable.js";

/** Digits a run's numbers may have: up to 15 is an exact double. */
const MAX_DIGITS = 15;

/** A run of numbered order ids: see {@link SeenIds.runSpan}. */
export interface IdRun {
  prefix: string;
  low: number;
  high: number;
}

export class SeenIds {
  /** The ids seen, once the run of numbered ids ended (a StringTable: typed-array slots, hash-flooding guard). */
  private readonly table = new StringTable();
  /** The numbers of the run's ids so far (`run[0, count)`; not in the table), or null once the run ended. */
  private run: Float64Array | null = new Float64Array(1024);
  private count = 0;
  /** The run's prefix (the text before the trailing digits), last number, and direction (1 up, -1 down, 0 not yet). */
  private prefix = "";
  private last = 0;
  private direction = 0;

  /** Whether `id` was seen before; if not, it is remembered. */
  repeated(id: string): boolean {
    let run = this.run;
    if (run !== null) {
      if (this.extendsRun(id, this.count === 0)) {
        if (this.count === run.length) {
          const grown = new Float64Array(2 * run.length);
          grown.set(run);
          this.run = run = grown;
        }
        run[this.count++] = this.last;
        return false;
      }
      for (let i = 0; i < this.count; i++) this.table.intern(this.prefix + String(run[i] as number));
      this.run = null;
    }
    const known = this.table.size;
    this.table.intern(id);
    return this.table.size === known;
  }

  /**
   * The run of numbered ids, while every id seen is in it: its prefix and its lowest and highest numbers (no id
   * seen: an empty run, low above high); null once an id broke it. Two runs hold no id in common when their
   * prefixes differ or their ranges of numbers do not meet (an id is its prefix and its number, written with no
   * leading zero): the per-core read's merge needs no fingerprints then (parallel.ts).
   */
  runSpan(): IdRun | null {
    if (this.run === null) return null;
    if (this.count === 0) return { prefix: "", low: 1, high: 0 };
    const first = this.run[0] as number;
    return { prefix: this.prefix, low: Math.min(first, this.last), high: Math.max(first, this.last) };
  }

  /**
   * Whether `id` continues the run: the run's prefix, then 1 to 15 digits with no leading zero (so that two such
   * ids are equal exactly when their numbers are), the number past the last one in the run's direction.
   */
  private extendsRun(id: string, first: boolean): boolean {
    const n = id.length;
    let j = n;
    while (j > 0) {
      const c = id.charCodeAt(j - 1);
      if (c < 48 || c > 57) break;
      j--;
    }
    const digits = n - j;
    if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && id.charCodeAt(j) === 48)) return false;
    let value = 0;
    for (let i = j; i < n; i++) value = value * 10 + id.charCodeAt(i) - 48;
    if (first) {
      this.prefix = id.slice(0, j);
      this.last = value;
      return true;
    }
    if (j !== this.prefix.length || (j > 0 && !id.startsWith(this.prefix))) return false;
    if (this.direction === 0) {
      if (value === this.last) return false;
      this.direction = value > this.last ? 1 : -1;
    } else if ((value - this.last) * this.direction <= 0) {
      return false;
    }
    this.last = value;
    return true;
  }
}
