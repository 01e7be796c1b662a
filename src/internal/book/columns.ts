import { bookInt32 } from "./buffers.js";
import type { ZoneCalendar } from "../time/zone.js";
import type { ScratchPool } from "./scratch.js";
/** The columnar store behind an OrderBook. Internal: never exported from the package. */
export interface OrderColumns {
  /** Number of orders. */
  readonly n: number;
  /** Dense customer index of each order. */
  readonly customer: Int32Array;
  /** Epoch milliseconds of each order. */
  readonly time: Float64Array;
  /** Order total in integer minor units at `scale`. */
  readonly total: Float64Array;
  /** Refunded amount in integer minor units at `scale`, or null when no order has a refund. */
  readonly refunded: Float64Array | null;
  /**
   * Cost of each order in integer minor units at `scale` (NaN: unknown), or absent/null when no order has one
   * (then the book keeps no column for it). Read by the margin basis (src/internal/book/valueColumns.ts).
   */
  readonly cost?: Float64Array | null;
  /**
   * Epoch ms of each order's refund (NaN: none given), or absent/null when no order has one. Read by
   * `refundAttribution: "refundDate"`.
   */
  readonly refundedAt?: Float64Array | null;
  /** Segment index of each order into `segmentLabels` (-1: none), or null when no order has a segment. */
  readonly segment: Int32Array | null;
  /**
   * Orders each row stands for (absent: 1 each). Only the synthetic book of an accumulator has it: a row there
   * is one customer's orders in one period (`streamBook`, src/internal/stream/views.ts).
   */
  readonly weight?: Int32Array;
  /**
   * Per customer: the id of their first order (`firstOrder`), as a string, or a number (a numeric id column,
   * read through `String`), or null when the book has no order ids (made from columns without ids, where the
   * id of order i is `String(i)`, or an accumulator's book). Read one with {@link firstOrderIdOf}. Only these
   * ids are kept: every order's id is needed only while the book is built (to find duplicates and break ties),
   * and a million id strings kept alive would make every later full garbage collection mark them.
   */
  readonly firstOrderIds: readonly string[] | Float64Array | null;
  /**
   * Customer ids by dense index. On a book of numeric customer keys (prepareOrderColumns) a getter that makes
   * the strings on its first read: read the number of customers from {@link OrderColumns.customers}, not from
   * this array's length.
   */
  readonly customerIds: readonly string[];
  /** Number of distinct customers (the length of `customerIds`, `firstOrder` and `firstTime`). */
  readonly customers: number;
  /** Distinct segment labels, in order of first appearance. */
  readonly segmentLabels: readonly string[];
  /** Per customer: index of their first order (earliest time, ties broken by the smaller order id). */
  readonly firstOrder: Int32Array;
  /** Per customer: time of their first order (= `time[firstOrder[c]]`, kept so that no random read is needed). */
  readonly firstTime: Float64Array;
  /** Decimal places of the minor units. */
  readonly scale: number;
  /** The common currency, or null when orders carry none. */
  readonly currency: string | null;
  /** Zone used to read wall-clock strings. */
  readonly timeZone: string;
  /**
   * The calendar of `timeZone`, shared by every metric call on the book in that zone, so that its offsets are
   * read from the runtime's time-zone database once per book rather than once per call (about 10 ms for three
   * years of a zone with daylight saving time). Absent on the books of an accumulator.
   */
  readonly calendar?: ZoneCalendar;
  /**
   * Per customer: its row among the customers with two or more orders in the book (rows numbered in index
   * order), or -1 for a customer with a single order, whose facts are the book's (`firstOrder`, `firstTime`).
   * The per-customer kernels keep rows only for the former (see customerFacts.ts). Absent on the books of an
   * accumulator; {@link repeatRowsOf} computes it then.
   */
  readonly repeatRow?: Int32Array;
  /**
   * Per order: `repeatRow` of its customer, so that a kernel's loop reads its row in order instead of looking
   * it up at random (4 bytes per order; measured about a quarter off the customerSummaries loop at 1M orders).
   * Present exactly when `repeatRow` is.
   */
  readonly orderRow?: Int32Array;
  /**
   * The book's pool of metric scratch arrays (see src/internal/book/scratch.ts; read it with `scratchOf`), or
   * absent (an accumulator's book: scratch is allocated per call). Not data: results never depend on it.
   */
  readonly scratch?: ScratchPool;
  /** Whether any placedAt was a wall-clock string (then re-reading in another zone would change instants). */
  readonly sawWallClock: boolean;
  /**
   * Whether every placedAt was a date-only string (`"2024-03-31"`, `"20240331"`), none a `Date`, a number or a
   * string with a time of day; false for an empty book. Then the default `asOf` is the end of the last day
   * (src/internal/resolve.ts), not the last order's local midnight.
   */
  readonly dateOnly: boolean;
  /** Earliest / latest order time (±Infinity when empty). */
  readonly minTime: number;
  readonly maxTime: number;
}

/** The id of customer `c`'s first order, as a string. */
export function firstOrderIdOf(cols: OrderColumns, c: number): string {
  const ids = cols.firstOrderIds;
  if (ids === null) return String(cols.firstOrder[c] as number);
  const v = ids[c] as string | number;
  return typeof v === "string" ? v : String(v);
}

/** Symbol under which an OrderBook keeps its columns (not enumerable, not serialised). */
export const COLUMNS: unique symbol = Symbol("retention-metrics.columns");

/** {@link OrderColumns.repeatRow} and {@link OrderColumns.orderRow}, and the number of rows. */
export interface RepeatRows {
  row: Int32Array;
  orderRow: Int32Array;
  rows: number;
}

/**
 * {@link RepeatRows} of `n` orders of `C` customers: three passes, O(n + C), on book memory (`book` true, for
 * a book's columns) or on ordinary memory.
 */
export function repeatRows(customer: Int32Array, n: number, C: number, book = true): RepeatRows {
  const row = book ? bookInt32(C) : new Int32Array(C);
  // Order counts first (capped at 2), then the numbering.
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if ((row[c] as number) < 2) row[c] = (row[c] as number) + 1;
  }
  let rows = 0;
  for (let c = 0; c < C; c++) row[c] = (row[c] as number) === 2 ? rows++ : -1;
  const orderRow = book ? bookInt32(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) orderRow[i] = row[customer[i] as number] as number;
  return { row, orderRow, rows };
}

/** The book's {@link RepeatRows} (computed, on ordinary memory, when the book has none). */
export function repeatRowsOf(cols: OrderColumns): RepeatRows {
  const C = cols.customers;
  const { repeatRow: row, orderRow } = cols;
  if (row === undefined || orderRow === undefined) return repeatRows(cols.customer, cols.n, C, false);
  let rows = 0;
  for (let c = C - 1; c >= 0; c--) {
    if ((row[c] as number) >= 0) {
      rows = (row[c] as number) + 1;
      break;
    }
  }
  return { row, orderRow, rows };
}
