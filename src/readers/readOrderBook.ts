import type { Instant } from "../core/types.js";
import type { OrderBook } from "../internal/book/OrderBook.js";
import { BookColumns } from "../internal/readers/book.js";
import { readerSettings, runReader } from "../internal/readers/settings.js";
import { zoneOption } from "../internal/resolve.js";
import { earliestDateOption } from "../internal/time/instant.js";
import type { OrderExportInput, OrderLedger, ReadOrdersOptions } from "./readOrders.js";

/** Options of {@link readOrderBook}: those of {@link readOrders} but `into`, and those of `prepareOrders`. */
export interface ReadOrderBookOptions extends Omit<ReadOrdersOptions, "into"> {
  /**
   * IANA time zone of the book: the default `timeZone` of metrics on it, and the zone in which dates without an
   * offset (wall-clock times) are read, as in `prepareOrders`.
   * @defaultValue `"UTC"`
   */
  timeZone?: string;
  /**
   * Orders placed before this instant are `INVALID_DATE` (at their row), as in `prepareOrders`; `null` accepts
   * any date in the years 0001-9999.
   * @defaultValue `"1990-01-01T00:00:00Z"`
   */
  earliestDate?: Instant | null;
}

/** What {@link readOrderBook} returns. */
export interface ReadOrderBookResult {
  /** The orders read, prepared: the book `prepareOrders(readOrders(input).orders, { timeZone })` makes. */
  book: OrderBook;
  /** Where every row went, as from {@link readOrders}. */
  ledger: OrderLedger;
}

/**
 * Reads a shop's orders export (CSV) straight into an {@link OrderBook}, with the ledger of where every row went:
 * the book and ledger of `readOrders` followed by `prepareOrders`, made without an `Order` object per order.
 *
 * The rows are read by the rules of {@link readOrders} (formats, line items merged, rows skipped by stated
 * rules, `onError`, `exchangeRates`); each order goes into columns as it is read (epoch milliseconds, integer
 * minor units at the most decimal places seen, interned customer ids), and the book is built from them as
 * `prepareOrderColumns` builds one. The book equals `prepareOrders(orders, { timeZone, earliestDate })` of the
 * orders `readOrders` returns for the same input and options: every metric gives the same results. Use it for
 * a big export that fits in memory as a book; to stream one of any size, use `readOrders` with `into`.
 *
 * Cost: O(rows) time; memory O(orders): about 34 bytes per order in the book, plus each order's id and customer
 * id while the book is built; no `Order` object or date string is kept per order (measured at 1M orders: about
 * the CPU time of `readOrders` + `prepareOrders`, less memory; bench/readers.ts).
 *
 * @param input - CSV text, UTF-8 bytes, or a (sync or async) iterable of text or byte chunks. An async iterable
 * (a `ReadableStream`, a Node stream) makes the result a promise.
 * @param options - see {@link ReadOrderBookOptions}; `format` is required.
 * @returns the book and the ledger (a promise of them for an async iterable).
 * @throws {@link RetentionMetricsError} as {@link readOrders} does, with the row number as `index`; also, at the
 * row: `INVALID_DATE` for a date before `earliestDate` or outside the years 0001-9999, `INVALID_AMOUNT` for an
 * amount too large or too precise to be held exactly (`field` the order field, as `prepareOrders` names it).
 * `INVALID_OPTION` for options (`into` included), `INVALID_TIME_ZONE`.
 *
 * @example
 * ```ts
 * const csv = [
 *   "Name,Email,Financial Status,Currency,Total,Refunded Amount,Created at,Lineitem name,Cancelled at",
 *   "#1001,ann@example.com,paid,EUR,30.00,,2024-01-03 09:00:55 +0100,Mug,",
 *   "#1001,ann@example.com,,,,,,Plate,",
 *   "#1002,bob@example.com,paid,EUR,12.50,2.50,2024-01-04 10:00:00 +0100,Mug,",
 *   "#1003,ann@example.com,paid,EUR,20.00,,2024-02-05 11:00:00 +0100,Cup,",
 * ].join("\n");
 * const { book, ledger } = readOrderBook(csv, { format: "shopify", timeZone: "Europe/Prague" });
 * [book.orderCount, book.customerCount, book.currency]; // [3, 2, "EUR"]
 * summarize(book).revenue.net.toString(); // "60"
 * [ledger.rowsRead, ledger.rowsKept, ledger.rowsMerged]; // [4, 3, 1]
 * ```
 */
export function readOrderBook(input: OrderExportInput, options: ReadOrderBookOptions): ReadOrderBookResult;
export function readOrderBook(input: AsyncIterable<string | Uint8Array>, options: ReadOrderBookOptions): Promise<ReadOrderBookResult>;
export function readOrderBook(
  input: OrderExportInput | AsyncIterable<string | Uint8Array>,
  options: ReadOrderBookOptions,
): ReadOrderBookResult | Promise<ReadOrderBookResult> {
  let columns: BookColumns | null = null;
  const settings = readerSettings(options, (order) => (columns as BookColumns).add(order), false);
  const zone = zoneOption(options.timeZone);
  columns = new BookColumns(zone, earliestDateOption(options.earliestDate, zone));
  settings.instants = columns.instants;
  const made = columns;
  return runReader(input, settings, (ledger): ReadOrderBookResult => ({ book: made.book(), ledger }));
}
