// The export formats: which columns each reads, and how the first row of an order becomes an Order, a skip reason,
// or a problem with a column. The rules are stated in docs/from-an-export.md ("The formats").
import type { Order } from "../../core/types.js";
import type { RetentionMetricsErrorCode } from "../../core/RetentionMetricsError.js";
import { detach, ownCopy, StringTable } from "../book/stringTable.js";
import { greaterThan, isNegative, readAmount } from "./amounts.js";
import { compileDateFormat, readIsoDate, shopifyInstant, type DateReader } from "./dates.js";

/** Why the rows of an order were left out. */
export type SkipReason = "cancelled" | "voided" | "unpaid" | "failed" | "test" | "guest" | "malformed";

/** What is wrong with one cell (or row). */
export class RowProblem {
  constructor(
    readonly code: RetentionMetricsErrorCode,
    readonly column: string,
    readonly problem: string,
    readonly got: unknown,
    readonly hint: string,
  ) {}
}

/** The columns of the generic format: header names. */
export interface GenericColumns {
  orderId: string;
  customerId: string;
  placedAt: string;
  total: string;
  refunded?: string | undefined;
  currency?: string | undefined;
  segment?: string | undefined;
}

/** Options the formats read (checked by readOrders). */
export interface FormatOptions {
  format: "shopify" | "woocommerce" | "generic";
  guests: "skip" | "keep";
  segment: string | null;
  columns: GenericColumns | null;
  dateFormat: string;
  /**
   * Customer ids: `"interned"`, each kept once (orders held in memory); `"detached"`, copied off the text they
   * were cut from (streamed to a sink that interns them itself); `"raw"`, as cut (the book's columns intern and
   * detach them themselves).
   */
  customerIds: "interned" | "detached" | "raw";
  /**
   * The book's read: the instants its columns take as a Shopify cell gives them (an order's `time`; its
   * `placedAt` is then not read, and left empty); another is given as ISO text, which the columns read and name in
   * their error (BookColumns.add). Null for readOrders.
   */
  instants: { from: number; to: number } | null;
}

/**
 * The cells of the record being read, as a format reads them: the text path's fields (FieldCells), or the byte
 * scanner's record, which decodes a cell only when asked and reads a Shopify date from its bytes.
 */
export interface Cells {
  /**
   * Whether the texts are strings of their own (made from the record's bytes), holding no longer text they were
   * cut from: then a kept one needs no copy (detach, ownCopy).
   */
  readonly ownText: boolean;
  /** Column `i`'s text, trimmed; "" for column -1 (absent). */
  text(i: number): string;
  /** {@link shopifyInstant} of column `i`'s text (trimmed). */
  shopifyInstant(i: number): number;
}

/** The cells of a record given as strings (every read column filled). */
export class FieldCells implements Cells {
  fields: readonly string[] = [];
  /** The fields are cut from the decoded text of a chunk (the text scan, papaparse). */
  readonly ownText = false;
  text(i: number): string {
    return i < 0 ? "" : (this.fields[i] as string).trim();
  }
  shopifyInstant(i: number): number {
    return shopifyInstant(this.text(i));
  }
}

/** A format bound to one file's header. */
export interface FormatPlan {
  /** Column of the order id: consecutive rows with the same id are one order. */
  idColumn: number;
  idName: string;
  /** Name of the currency column, or null. */
  currencyName: string | null;
  /** The columns `interpret` reads (the id column included). */
  reads: number[];
  /** The first row of an order: an order, a reason to skip it, or a problem. */
  interpret(cells: Cells): Order | SkipReason | RowProblem;
}

/** Thrown (as INVALID_COLUMN at the header) when a required column is missing. */
export class MissingColumn {
  constructor(
    readonly column: string,
    readonly candidates: readonly string[],
  ) {}
}

/** Index of the first of `names` found in the header (exact after trimming, then ignoring case), or -1. */
function find(header: readonly string[], names: readonly string[]): number {
  for (const name of names) {
    const i = header.indexOf(name);
    if (i >= 0) return i;
  }
  const lower = header.map((h) => h.toLowerCase());
  for (const name of names) {
    const i = lower.indexOf(name.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

function need(header: readonly string[], names: readonly string[]): number {
  const i = find(header, names);
  if (i < 0) throw new MissingColumn(names[0] as string, names);
  return i;
}

/** The columns that exist (index 0 or more) among `columns`. */
const present = (...columns: number[]): number[] => columns.filter((c) => c >= 0);

/** Whether decimal text (as readAmount gives it) is zero: no digit 1-9. */
function isZero(amount: string): boolean {
  for (let i = 0; i < amount.length; i++) {
    const c = amount.charCodeAt(i);
    if (c >= 49 && c <= 57) return false;
  }
  return true;
}

/** Shared checks of the money and date cells of an order's first row. */
function money(
  cells: Cells,
  totalCol: number,
  totalName: string,
  refundCol: number,
  refundName: string,
  fullyRefunded: boolean,
): { total: string; refunded: string | undefined } | RowProblem {
  const totalText = cells.text(totalCol);
  const total = readAmount(totalText);
  if (total === null) {
    return new RowProblem("INVALID_AMOUNT", totalName, totalText === "" ? "is empty" : "is not a decimal number", totalText, "Give the order total as a plain number such as 12.50 (no currency sign or thousands separator).");
  }
  if (isNegative(total)) return new RowProblem("NEGATIVE_TOTAL", totalName, "is below zero", totalText, "An order total is zero or more; record a refund in the refund column.");
  const refundText = cells.text(refundCol);
  let refunded: string | undefined;
  if (refundText !== "") {
    const r = readAmount(refundText);
    if (r === null) return new RowProblem("INVALID_AMOUNT", refundName, "is not a decimal number", refundText, "Give the refunded amount as a plain number such as 5.00, or leave the cell empty for none.");
    if (isNegative(r)) return new RowProblem("NEGATIVE_REFUND", refundName, "is below zero", refundText, "Give the refunded amount as a positive number.");
    // A zero refund ("0.00", the common case) exceeds no total (the total is not negative).
    if (!isZero(r) && greaterThan(r, total)) return new RowProblem("REFUND_EXCEEDS_TOTAL", refundName, `is more than the order total ${total}`, refundText, "A refund cannot exceed the order total; check the row.");
    refunded = r;
  } else if (fullyRefunded) {
    refunded = total;
  }
  return { total, refunded };
}

function date(cells: Cells, col: number, name: string, read: DateReader, format: string): string | RowProblem {
  const text = cells.text(col);
  const iso = text === "" ? null : read(text);
  if (iso === null) {
    return new RowProblem("INVALID_DATE", name, text === "" ? "is empty" : "is not a date", text, `Every order needs the time it was placed, written as ${format}.`);
  }
  return iso;
}

function segmentColumn(header: readonly string[], name: string | null): number {
  if (name === null) return -1;
  const i = find(header, [name]);
  if (i < 0) throw new MissingColumn(name, [name]);
  return i;
}

/** Makes the orders of one read: few distinct currencies and segments, so each is kept once. */
function orderMaker(customerIds: FormatOptions["customerIds"]): (own: boolean, orderId: string, customerId: string, placedAt: string, total: string, refunded: string | undefined, currency: string, segment: string, time?: number) => Order {
  const labels = new Map<string, string>();
  const label = (s: string): string => {
    let v = labels.get(s);
    if (v === undefined) {
      v = detach(s);
      labels.set(v, v);
    }
    return v;
  };
  // The currency cell of the order before and its label (the byte scan gives the same string for the same bytes).
  let lastCurrency = "";
  let lastLabel: string | undefined = undefined;
  const currencyLabel = (s: string): string | undefined => {
    if (s !== lastCurrency) {
      lastCurrency = s;
      lastLabel = s === "" ? undefined : label(s.toUpperCase());
    }
    return lastLabel;
  };
  // A customer's id, kept once for all their orders (a customer has several orders; one string each would be
  // garbage collection work for nothing). In a StringTable: typed-array slots, fewer cache misses than a Map's.
  const customers = new StringTable();
  const customer = (s: string, own: boolean): string => {
    if (customerIds === "detached") return own ? s : detach(s);
    const known = customers.get(s);
    if (known >= 0) return customers.keys[known] as string;
    // A flat copy, not detach's view of a copy: a table's key is compared at every lookup (book.ts).
    const v = own ? s : ownCopy(s);
    customers.intern(v);
    return v;
  };
  if (customerIds === "raw") {
    // The book's read: `time`, when not NaN, is the instant read from the cell (then placedAt is ""); `ownText`,
    // whether the customer id is a string of its own (BookColumns keeps it as it is, else a copy).
    return (own, orderId, customerId, placedAt, total, refunded, currency, segment, time = NaN) =>
      ({
        orderId: own ? orderId : detach(orderId),
        customerId,
        placedAt,
        total,
        refunded,
        currency: currencyLabel(currency),
        segment: segment === "" ? undefined : label(segment),
        time,
        ownText: own,
      }) as Order;
  }
  return (own, orderId, customerId, placedAt, total, refunded, currency, segment) => ({
    orderId: own ? orderId : detach(orderId),
    customerId: customer(customerId, own),
    placedAt: own ? placedAt : detach(placedAt),
    total,
    refunded,
    currency: currencyLabel(currency),
    segment: segment === "" ? undefined : label(segment),
  });
}

/** Shopify's orders export: one row per line item, order fields on the first row of each order. */
function shopify(header: readonly string[], options: FormatOptions): FormatPlan {
  const order = orderMaker(options.customerIds);
  const instants = options.instants;
  const idCol = find(header, ["Name"]) >= 0 ? find(header, ["Name"]) : need(header, ["Name", "Id"]);
  const idName = header[idCol] as string;
  const emailCol = find(header, ["Email"]);
  const customerCol = find(header, ["Customer ID", "Customer Id"]);
  const phoneCol = find(header, ["Phone"]);
  if (emailCol < 0 && customerCol < 0) throw new MissingColumn("Email", ["Email", "Customer ID"]);
  const createdCol = need(header, ["Created at"]);
  const totalCol = need(header, ["Total"]);
  const refundCol = find(header, ["Refunded Amount"]);
  const currencyCol = find(header, ["Currency"]);
  const statusCol = find(header, ["Financial Status"]);
  const cancelledCol = find(header, ["Cancelled at"]);
  const paymentCol = find(header, ["Payment Method"]);
  const segCol = segmentColumn(header, options.segment);
  const createdName = header[createdCol] as string;
  const totalName = header[totalCol] as string;
  const refundName = refundCol < 0 ? "Refunded Amount" : (header[refundCol] as string);
  let lastPayment = "";
  let lastBogus = false;
  return {
    idColumn: idCol,
    idName,
    reads: present(idCol, emailCol, customerCol, phoneCol, createdCol, totalCol, refundCol, currencyCol, statusCol, cancelledCol, paymentCol, segCol),
    currencyName: currencyCol < 0 ? null : (header[currencyCol] as string),
    interpret(cells) {
      if (cells.text(cancelledCol) !== "") return "cancelled";
      const status = cells.text(statusCol).toLowerCase();
      if (status === "voided" || status === "expired") return "voided";
      const payment = cells.text(paymentCol);
      // The payment method of the order before (the byte scan gives the same string for the same bytes).
      if (payment !== lastPayment) {
        lastPayment = payment;
        lastBogus = /bogus/i.test(payment);
      }
      if (lastBogus) return "test";
      // The book's read takes the instant of a cell in Shopify's own form as it is (no ISO text), if in range.
      let time = NaN;
      if (instants !== null) {
        time = cells.shopifyInstant(createdCol);
        if (!(time >= instants.from && time <= instants.to)) time = NaN;
      }
      const placedAt = time === time ? "" : date(cells, createdCol, createdName, readIsoDate, "2024-01-03 09:00:55 +0100");
      if (placedAt instanceof RowProblem) return placedAt;
      const m = money(cells, totalCol, totalName, refundCol, refundName, status === "refunded");
      if (m instanceof RowProblem) return m;
      const orderId = cells.text(idCol);
      let customerId = cells.text(customerCol);
      if (customerId === "") customerId = cells.text(emailCol).toLowerCase();
      if (customerId === "") {
        const phone = cells.text(phoneCol).replace(/[^\d+]/g, "");
        if (phone !== "") customerId = `phone:${phone}`;
      }
      if (customerId === "") {
        if (options.guests === "skip") return "guest";
        customerId = `guest:${orderId}`;
      }
      return order(cells.ownText, orderId, customerId, placedAt, m.total, m.refunded, cells.text(currencyCol), cells.text(segCol), time);
    },
  };
}

/**
 * WooCommerce orders, as the Customer / Order / Coupon Export extension writes them (its "Default" and "Default -
 * one row per item" CSV formats): column keys `order_id`, `order_date`, `status`, `order_total`, `refunded_total`,
 * `order_currency`, `customer_id` (0 for a guest), `billing_email`.
 */
function woocommerce(header: readonly string[], options: FormatOptions): FormatPlan {
  const order = orderMaker(options.customerIds);
  const idCol = find(header, ["order_id"]) >= 0 ? find(header, ["order_id"]) : need(header, ["order_id", "order_number"]);
  const dateCol = need(header, ["order_date"]);
  const totalCol = need(header, ["order_total"]);
  const refundCol = find(header, ["refunded_total", "order_refund", "refund_total"]);
  const currencyCol = find(header, ["order_currency", "currency"]);
  const statusCol = find(header, ["status", "order_status"]);
  const customerCol = find(header, ["customer_id"]);
  const emailCol = find(header, ["billing_email", "customer_email"]);
  if (customerCol < 0 && emailCol < 0) throw new MissingColumn("customer_id", ["customer_id", "billing_email"]);
  const segCol = segmentColumn(header, options.segment);
  const dateName = header[dateCol] as string;
  const totalName = header[totalCol] as string;
  const refundName = refundCol < 0 ? "refunded_total" : (header[refundCol] as string);
  return {
    idColumn: idCol,
    idName: header[idCol] as string,
    reads: present(idCol, dateCol, totalCol, refundCol, currencyCol, statusCol, customerCol, emailCol, segCol),
    currencyName: currencyCol < 0 ? null : (header[currencyCol] as string),
    interpret(cells) {
      const status = cells.text(statusCol).toLowerCase().replace(/^wc-/, "");
      if (status === "cancelled") return "cancelled";
      if (status === "failed") return "failed";
      if (status === "pending" || status === "checkout-draft") return "unpaid";
      const placedAt = date(cells, dateCol, dateName, readIsoDate, "2024-01-03 09:00:55 (the shop's time)");
      if (placedAt instanceof RowProblem) return placedAt;
      const m = money(cells, totalCol, totalName, refundCol, refundName, status === "refunded");
      if (m instanceof RowProblem) return m;
      const orderId = cells.text(idCol);
      const account = cells.text(customerCol);
      let customerId = account !== "" && account !== "0" ? account : cells.text(emailCol).toLowerCase();
      if (customerId === "") {
        if (options.guests === "skip") return "guest";
        customerId = `guest:${orderId}`;
      }
      return order(cells.ownText, orderId, customerId, placedAt, m.total, m.refunded, cells.text(currencyCol), cells.text(segCol));
    },
  };
}

/** Any CSV: a mapping of the order fields to header names, and a date format. */
function generic(header: readonly string[], options: FormatOptions): FormatPlan {
  const order = orderMaker(options.customerIds);
  const columns = options.columns as GenericColumns;
  const idCol = need(header, [columns.orderId]);
  const customerCol = need(header, [columns.customerId]);
  const dateCol = need(header, [columns.placedAt]);
  const totalCol = need(header, [columns.total]);
  const refundCol = columns.refunded === undefined ? -1 : need(header, [columns.refunded]);
  const currencyCol = columns.currency === undefined ? -1 : need(header, [columns.currency]);
  const segCol = columns.segment === undefined ? segmentColumn(header, options.segment) : need(header, [columns.segment]);
  const read = compileDateFormat(options.dateFormat) as DateReader;
  const dateName = header[dateCol] as string;
  const totalName = header[totalCol] as string;
  const refundName = columns.refunded ?? "refunded";
  return {
    idColumn: idCol,
    idName: header[idCol] as string,
    reads: present(idCol, customerCol, dateCol, totalCol, refundCol, currencyCol, segCol),
    currencyName: currencyCol < 0 ? null : (header[currencyCol] as string),
    interpret(cells) {
      const placedAt = date(cells, dateCol, dateName, read, options.dateFormat === "iso" ? "an ISO 8601 date (2024-01-03 or 2024-01-03T09:00:55Z)" : `"${options.dateFormat}"`);
      if (placedAt instanceof RowProblem) return placedAt;
      const m = money(cells, totalCol, totalName, refundCol, refundName, false);
      if (m instanceof RowProblem) return m;
      const orderId = cells.text(idCol);
      let customerId = cells.text(customerCol);
      if (customerId === "") {
        if (options.guests === "skip") return "guest";
        customerId = `guest:${orderId}`;
      }
      return order(cells.ownText, orderId, customerId, placedAt, m.total, m.refunded, cells.text(currencyCol), cells.text(segCol));
    },
  };
}

/** Binds a format to a file's header; throws {@link MissingColumn}. */
export function planFormat(header: readonly string[], options: FormatOptions): FormatPlan {
  switch (options.format) {
    case "shopify":
      return shopify(header, options);
    case "woocommerce":
      return woocommerce(header, options);
    default:
      return generic(header, options);
  }
}

/** The columns a format reads (for messages and docs). */
export const FORMAT_COLUMNS: Readonly<Record<"shopify" | "woocommerce", readonly string[]>> = {
  shopify: ["Name", "Email", "Financial Status", "Currency", "Total", "Created at", "Cancelled at", "Payment Method", "Refunded Amount", "Phone"],
  woocommerce: ["order_id", "order_date", "status", "order_total", "refunded_total", "order_currency", "customer_id", "billing_email"],
};

export { compileDateFormat };
