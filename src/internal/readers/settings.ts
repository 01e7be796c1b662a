// The shared front of the readers: their options checked into ReaderSettings, and the input (text, bytes, or a
// sync or async iterable of chunks) run through an OrderReaderState.
import type { Order } from "../../core/types.js";
import { optionError } from "../fail.js";
import { readAmount, isNegative } from "./amounts.js";
import { compileDateFormat, DATE_TOKENS } from "./dates.js";
import { OrderReaderState, type LedgerData, type ReaderSettings } from "./engine.js";
import type { GenericColumns } from "./formats.js";

/** The reader options as given (checked here), the shape of the public `ReadOrdersOptions`. */
export interface ReaderOptions {
  format: string;
  columns?: Partial<Record<keyof GenericColumns, string>> | undefined;
  dateFormat?: string | undefined;
  delimiter?: string | undefined;
  guests?: string | undefined;
  segment?: string | undefined;
  exchangeRates?: { to: string; rates: Readonly<Record<string, string | number>> } | undefined;
  onError?: string | undefined;
  into?: unknown;
}

const FORMATS: readonly string[] = ["shopify", "woocommerce", "generic"];
const COLUMN_KEYS = ["orderId", "customerId", "placedAt", "total", "refunded", "currency", "segment"] as const;

/**
 * Checks the options of a read (`readOrders`, `readOrderBook`) into {@link ReaderSettings}. `collect` receives
 * each order when the options name no `into` sink; `own` is the name of the calling function's sink-free entry
 * (`into` is refused by `readOrderBook`).
 */
export function readerSettings(options: ReaderOptions, collect: (order: Order) => void, allowInto = true): ReaderSettings {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with a format", options, 'Pass { format: "shopify" } (or "woocommerce", "generic").');
  }
  const format = options.format as ReaderSettings["format"];
  if (!FORMATS.includes(format)) {
    throw optionError("format", `must be one of ${FORMATS.map((f) => `"${f}"`).join(", ")}`, format, 'Pass format: "shopify" for a Shopify orders export, or "generic" with columns for any CSV.');
  }
  let columns: GenericColumns | null = null;
  if (format === "generic") {
    const c = options.columns;
    if (typeof c !== "object" || c === null) {
      throw optionError("columns", "is required by the generic format", c, 'Pass columns: { orderId: "Order", customerId: "Customer", placedAt: "Date", total: "Total" } with your header names.');
    }
    for (const key of COLUMN_KEYS) {
      const v = c[key];
      const required = key === "orderId" || key === "customerId" || key === "placedAt" || key === "total";
      if ((required || v !== undefined) && (typeof v !== "string" || v.trim() === "")) {
        throw optionError(`columns.${key}`, required ? "must be a header name" : "must be a header name or left out", v, "Give the name of the column as it is written in the header row.");
      }
    }
    columns = { orderId: c.orderId as string, customerId: c.customerId as string, placedAt: c.placedAt as string, total: c.total as string, refunded: c.refunded, currency: c.currency, segment: c.segment };
  } else if (options.columns !== undefined) {
    throw optionError("columns", `is for format "generic"; the ${format} format knows its columns`, options.columns, `Leave columns out, or read the file with format: "generic".`);
  }
  const dateFormat = options.dateFormat ?? "iso";
  if (typeof dateFormat !== "string" || compileDateFormat(dateFormat) === null) {
    throw optionError("dateFormat", "must be \"iso\" or a format with a year, a month and a day", dateFormat, `Use the tokens ${DATE_TOKENS}, as in "dd/MM/yyyy HH:mm".`);
  }
  if (format !== "generic" && options.dateFormat !== undefined) {
    throw optionError("dateFormat", `is for format "generic"; the ${format} format knows its date format`, options.dateFormat, "Leave dateFormat out.");
  }
  const delimiter = options.delimiter ?? ",";
  if (typeof delimiter !== "string" || delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw optionError("delimiter", "must be one character other than a quote or a line break", delimiter, 'Pass "," (the default), ";" or "\\t".');
  }
  const guests = options.guests ?? "skip";
  if (guests !== "skip" && guests !== "keep") throw optionError("guests", 'must be "skip" or "keep"', guests, 'Pass "skip" to leave guest orders out, "keep" to count each as its own customer.');
  const onError = options.onError ?? "throw";
  if (onError !== "throw" && onError !== "collect") throw optionError("onError", 'must be "throw" or "collect"', onError, 'Pass "collect" to list malformed rows in the ledger and go on.');
  const segment = options.segment ?? null;
  if (segment !== null && (typeof segment !== "string" || segment.trim() === "")) throw optionError("segment", "must be a header name", segment, 'Pass the name of a column, for example "Source".');
  let exchange: ReaderSettings["exchange"] = null;
  if (options.exchangeRates !== undefined) {
    const x = options.exchangeRates;
    if (typeof x !== "object" || x === null || typeof x.to !== "string" || !/^[A-Z]{3}$/.test(x.to) || typeof x.rates !== "object" || x.rates === null) {
      throw optionError("exchangeRates", "must be { to, rates } with an ISO 4217 code and an object of rates", x, 'Pass exchangeRates: { to: "EUR", rates: { CZK: "0.0398", USD: "0.92" } }.');
    }
    const rates = new Map<string, string>();
    for (const [code, rate] of Object.entries(x.rates)) {
      const text = typeof rate === "number" && Number.isFinite(rate) ? String(rate) : rate;
      const amount = typeof text === "string" && !/e/i.test(text) ? readAmount(text.trim()) : null;
      if (!/^[A-Z]{3}$/.test(code) || amount === null || isNegative(amount) || !/[1-9]/.test(amount)) {
        throw optionError(`exchangeRates.rates.${code}`, "must be a positive decimal rate under a three-letter code", rate, `Give the units of ${x.to} per one ${code}, as "0.0398".`);
      }
      rates.set(code, amount);
    }
    exchange = { to: x.to, rates };
  }
  const into = options.into;
  if (!allowInto && into !== undefined) {
    throw optionError("into", "is for readOrders; readOrderBook keeps the orders in the book it returns", into, "Leave into out, or stream with readOrders(input, { into: accumulator }).");
  }
  if (into !== undefined && (typeof into !== "object" || into === null || typeof (into as { add?: unknown }).add !== "function")) {
    throw optionError("into", "must have an add(order) method", into, "Pass an accumulator from createAccumulator, or leave into out to get the orders back.");
  }
  return {
    format,
    columns,
    dateFormat,
    delimiter,
    guests,
    onError,
    segment,
    exchange,
    emit: into === undefined ? collect : (order) => void (into as { add(order: Order): unknown }).add(order),
    checkDuplicates: into === undefined,
    customerIds: into !== undefined ? "detached" : allowInto ? "interned" : "raw",
    instants: null,
  };
}

export function isAsyncIterable(x: unknown): x is AsyncIterable<string | Uint8Array> {
  return typeof x === "object" && x !== null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}

function badChunk(chunk: unknown): never {
  throw optionError("input", "must hold text or bytes", chunk, "Pass CSV text, a Uint8Array, or an (async) iterable of strings or Uint8Arrays.");
}

/**
 * Runs `input` through a reader with `settings` and gives its ledger to `done`: synchronously for text, bytes
 * and sync iterables, as a promise for an async iterable.
 */
export function runReader<R>(input: unknown, settings: ReaderSettings, done: (ledger: LedgerData) => R): R | Promise<R> {
  const state = new OrderReaderState(settings);
  const feed = (chunk: unknown): void => {
    if (typeof chunk === "string") state.push(chunk);
    else if (chunk instanceof Uint8Array) state.pushBytes(chunk);
    else badChunk(chunk);
  };
  if (typeof input === "string" || input instanceof Uint8Array) {
    feed(input);
    return done(state.finish());
  }
  if (isAsyncIterable(input)) {
    return (async () => {
      for await (const chunk of input) feed(chunk);
      return done(state.finish());
    })();
  }
  if (input == null || typeof (input as Iterable<unknown>)[Symbol.iterator] !== "function") badChunk(input);
  for (const chunk of input as Iterable<unknown>) feed(chunk);
  return done(state.finish());
}
