import type { Order } from "../core/types.js";
import type { RetentionMetricsErrorCode } from "../core/RetentionMetricsError.js";
import { readerSettings, runReader } from "../internal/readers/settings.js";

/** The export formats {@link readOrders} reads. */
export type OrderExportFormat = "shopify" | "woocommerce" | "generic";

/** Why rows were left out: see docs/from-an-export.md, "The formats". */
export type SkippedRowReason = "cancelled" | "voided" | "unpaid" | "failed" | "test" | "guest" | "malformed";

/** The header names of the order fields, for `format: "generic"`. */
export interface OrderColumnMapping {
  /** Column of the order id; consecutive rows with the same id are one order (its line items). */
  orderId: string;
  /** Column of the customer id; an empty cell is a guest (see the `guests` option). */
  customerId: string;
  /** Column of the order time, read with the `dateFormat` option. */
  placedAt: string;
  /** Column of the order total (a plain decimal number). */
  total: string;
  /** Column of the refunded amount; an empty cell is 0. */
  refunded?: string;
  /** Column of the ISO 4217 currency code. */
  currency?: string;
  /** Column of a segment label (channel, campaign, ...). */
  segment?: string;
}

/** Exchange rates to one reporting currency. */
export interface ExchangeRates {
  /** The reporting currency (ISO 4217), for example `"EUR"`. */
  to: string;
  /** Units of `to` per one unit of each other currency, as decimal strings or numbers: `{ CZK: "0.0398" }`. */
  rates: Readonly<Record<string, string | number>>;
}

/** Anything with an `add(order)` method, such as an {@link OrderAccumulator}. */
export interface OrderSink {
  add(order: Order): unknown;
}

/** Options of {@link readOrders}. */
export interface ReadOrdersOptions {
  /**
   * Which export the text is: `"shopify"` (Shopify's orders export), `"woocommerce"` (the WooCommerce Customer /
   * Order / Coupon Export CSV), or `"generic"` (any CSV, with `columns` and `dateFormat`).
   */
  format: OrderExportFormat;
  /**
   * For `format: "generic"`: the header names of the order fields. Required there, refused elsewhere.
   * @defaultValue none
   */
  columns?: OrderColumnMapping;
  /**
   * For `format: "generic"`: how dates are written, with the tokens yyyy, yy, MM, M, dd, d, HH, H, mm, ss and Z
   * (an offset such as `+0100`); other characters are literal. `"iso"` reads ISO 8601 / RFC 3339
   * (`2024-01-03`, `2024-01-03T09:00:55Z`, `2024-01-03 09:00:55 +0100`) and `yyyyMMdd`. A date without an
   * offset is a wall-clock time, which `prepareOrders` reads in its `timeZone`.
   * @defaultValue `"iso"`
   */
  dateFormat?: string;
  /**
   * The field separator, one character.
   * @defaultValue `","`
   */
  delimiter?: string;
  /**
   * Orders with no customer identity (no customer id, email or phone): `"skip"` leaves them out (ledger reason
   * `guest`); `"keep"` makes each its own one-order customer `guest:<order id>`.
   * @defaultValue `"skip"`
   */
  guests?: "skip" | "keep";
  /**
   * A header name whose cell becomes each order's `segment` (for example Shopify's `"Source"`).
   * @defaultValue no segment
   */
  segment?: string;
  /**
   * Rates that convert every order to one currency, exactly (amount × rate, rounded half to even to the
   * currency's minor unit). Without it, a file with two currencies is `MIXED_CURRENCY` at the first row of the
   * second.
   * @defaultValue none
   */
  exchangeRates?: ExchangeRates;
  /**
   * `"throw"`: the first malformed row throws. `"collect"`: a malformed row goes to `ledger.errors` and is skipped
   * (reason `malformed`), with the rows of its order, and the read goes on.
   * @defaultValue `"throw"`
   */
  onError?: "throw" | "collect";
  /**
   * Where the orders go: with a sink (an accumulator from `createAccumulator`), each order is added to it as it
   * is read, none is kept, and `orders` is empty, so a file of any size streams in bounded memory. A
   * `RetentionMetricsError` from `add` becomes the error of the row.
   * @defaultValue the orders are returned in `orders`
   */
  into?: OrderSink;
}

/** Rows left out for one reason. */
export interface SkippedRows {
  /** Why. */
  reason: SkippedRowReason;
  /** Row numbers (the header is row 1), in file order. */
  rows: number[];
}

/** One malformed row, under `onError: "collect"`. */
export interface RowError {
  /** Row number (the header is row 1). */
  row: number;
  /** Header name of the column at fault (`"(row)"` for the row as a whole). */
  column: string;
  /** The error code, as `RetentionMetricsError.code`. */
  code: RetentionMetricsErrorCode;
  /** The message the error would have thrown. */
  message: string;
}

/**
 * Where every data row went: `rowsRead = rowsKept + rowsMerged + rowsSkipped`. Row numbers count records as a
 * spreadsheet shows them: the header is row 1 (a blank line is no row; a quoted cell may span lines).
 */
export interface OrderLedger {
  /** Data rows read (the header not included). */
  rowsRead: number;
  /** Orders made (each from the first row of its order). */
  ordersMade: number;
  /** Rows that made an order: equal to `ordersMade`. */
  rowsKept: number;
  /** Later line-item rows of a kept order, merged into it. */
  rowsMerged: number;
  /** Rows of orders left out, every reason together. */
  rowsSkipped: number;
  /** The skipped rows by reason (only reasons that occurred), in the order of {@link SkippedRowReason}. */
  skipped: SkippedRows[];
  /** The malformed rows under `onError: "collect"` (empty otherwise). */
  errors: RowError[];
}

/** What {@link readOrders} returns. */
export interface ReadOrdersResult {
  /** The orders, in file order (empty when the `into` option took them). */
  orders: Order[];
  /** Where every row went. */
  ledger: OrderLedger;
}

/** CSV text, bytes (UTF-8), or an iterable of text or byte chunks. */
export type OrderExportInput = string | Uint8Array | Iterable<string | Uint8Array>;

/**
 * Reads a shop's orders export (CSV) into {@link Order}s, with a ledger of where every row went.
 *
 * Line-item rows of one order (consecutive rows with the same order id, as Shopify writes them) are merged: the
 * order is read from its first row. Orders are left out by stated rules (cancelled, voided, unpaid, failed, test
 * orders, guests with no identity under `guests: "skip"`), each skipped row listed under its reason, so
 * `ledger.rowsRead = rowsKept + rowsMerged + rowsSkipped`. Dates become ISO strings (wall-clock when the
 * export has no offset: pass the shop's `timeZone` to `prepareOrders`), amounts stay decimal strings.
 * Parsing: a scanner that makes strings only of the cells the format reads, checked against papaparse, which
 * takes over at anything it would complain of (docs/from-an-export.md, "Speed"); the text may come in chunks of
 * any size, so an export of any size streams through `into` (an accumulator) without being held. Rules per
 * format: docs/from-an-export.md.
 *
 * Cost: O(rows) time; memory O(orders) (the orders, and a set of order ids for the repeated-order check), or
 * O(one chunk) with `into`.
 *
 * @param input - CSV text, UTF-8 bytes, or a (sync or async) iterable of text or byte chunks. An async iterable
 * (a `ReadableStream`, a Node stream) makes the result a promise.
 * @param options - see {@link ReadOrdersOptions}; `format` is required.
 * @returns the orders and the ledger (a promise of them for an async iterable).
 * @throws {@link RetentionMetricsError} with `index` = the row number (the header is row 1) and `field` = the
 * header name of the column: `INVALID_COLUMN` (a missing column, a wrong delimiter, an empty file; `field` is
 * the column or `"delimiter"`), `INVALID_RECORD` (a row with another number of cells than the header, or broken
 * quotes), `INVALID_ORDER_ID`, `DUPLICATE_ORDER_ID`, `INVALID_DATE`, `INVALID_AMOUNT`, `NEGATIVE_TOTAL`,
 * `NEGATIVE_REFUND`, `REFUND_EXCEEDS_TOTAL`, `INVALID_CURRENCY`, `MIXED_CURRENCY` (two currencies and no
 * `exchangeRates`); rows are collected instead with `onError: "collect"`. `INVALID_OPTION` for options.
 *
 * @example
 * ```ts
 * const csv = [
 *   "Name,Email,Financial Status,Currency,Total,Refunded Amount,Created at,Lineitem name,Cancelled at",
 *   "#1001,ann@example.com,paid,EUR,30.00,,2024-01-03 09:00:55 +0100,Mug,",
 *   "#1001,ann@example.com,,,,,,Plate,",
 *   "#1002,,paid,EUR,12.00,,2024-01-04 10:00:00 +0100,Mug,",
 *   "#1003,bob@example.com,paid,EUR,20.00,,2024-01-05 11:00:00 +0100,Cup,2024-01-05 12:00:00 +0100",
 * ].join("\n");
 * const { orders, ledger } = readOrders(csv, { format: "shopify" });
 * orders.map((o) => [o.orderId, o.customerId, o.placedAt, o.total]);
 * // [["#1001", "ann@example.com", "2024-01-03 09:00:55+01:00", "30.00"]]
 * [ledger.rowsRead, ledger.rowsKept, ledger.rowsMerged, ledger.rowsSkipped]; // [4, 1, 1, 2]
 * ledger.skipped; // [{ reason: "cancelled", rows: [5] }, { reason: "guest", rows: [4] }]
 * ```
 */
export function readOrders(input: OrderExportInput, options: ReadOrdersOptions): ReadOrdersResult;
export function readOrders(input: AsyncIterable<string | Uint8Array>, options: ReadOrdersOptions): Promise<ReadOrdersResult>;
export function readOrders(
  input: OrderExportInput | AsyncIterable<string | Uint8Array>,
  options: ReadOrdersOptions,
): ReadOrdersResult | Promise<ReadOrdersResult> {
  const orders: Order[] = [];
  const settings = readerSettings(options, (order) => void orders.push(order));
  return runReader(input, settings, (ledger): ReadOrdersResult => ({ orders, ledger }));
}
