import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable, prepareOrders, readOrderBook, readOrders, summarize, type OrderBook, type ReadOrderBookOptions } from "../../src/index.js";
import { columnsOf } from "../../src/internal/book/OrderBook.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url), "utf8");

/** The book's columns as plain values (typed arrays as arrays), for a deep comparison. */
function plain(book: OrderBook): Record<string, unknown> {
  const c = columnsOf(book);
  const out: Record<string, unknown> = { book: JSON.parse(JSON.stringify(book)) };
  for (const [k, v] of Object.entries(c)) {
    if (k === "calendar") continue;
    out[k] = ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
  }
  return out;
}

/** readOrderBook gives the book and ledger of readOrders + prepareOrders. */
function expectSameAsTwoSteps(input: string, options: ReadOrderBookOptions): void {
  const { timeZone, earliestDate, ...readOptions } = options;
  const twoSteps = readOrders(input, readOptions);
  const book = prepareOrders(twoSteps.orders, { ...(timeZone === undefined ? {} : { timeZone }), ...(earliestDate === undefined ? {} : { earliestDate }) });
  const direct = readOrderBook(input, options);
  expect(direct.ledger).toEqual(twoSteps.ledger);
  expect(plain(direct.book)).toEqual(plain(book));
  if (book.orderCount > 0) {
    expect(summarize(direct.book)).toEqual(summarize(book));
    expect(cohortTable(direct.book)).toEqual(cohortTable(book));
  }
}

const genericOptions: ReadOrderBookOptions = {
  format: "generic",
  delimiter: ";",
  dateFormat: "dd.MM.yyyy HH:mm",
  columns: { orderId: "Objednávka", customerId: "Zákazník", placedAt: "Datum", total: "Celkem", refunded: "Vráceno", currency: "Měna", segment: "Kanál" },
};

describe("readOrderBook: the book of readOrders + prepareOrders, on every fixture", () => {
  const cases: [string, string, ReadOrderBookOptions][] = [
    ["Shopify", "shopify_orders.csv", { format: "shopify", timeZone: "Europe/Prague" }],
    ["Shopify, guests kept, segment Source", "shopify_orders.csv", { format: "shopify", guests: "keep", segment: "Source", timeZone: "America/New_York" }],
    ["Shopify, collect", "shopify_orders.csv", { format: "shopify", onError: "collect" }],
    ["Shopify multi-currency, converted", "shopify_orders_multicurrency.csv", { format: "shopify", exchangeRates: { to: "EUR", rates: { CZK: "0.0398", PLN: 0.23 } }, timeZone: "Europe/Warsaw" }],
    ["WooCommerce (wall-clock dates)", "woocommerce_orders.csv", { format: "woocommerce", timeZone: "Europe/London" }],
    ["WooCommerce, guests kept", "woocommerce_orders.csv", { format: "woocommerce", guests: "keep" }],
    ["generic", "generic_orders.csv", { ...genericOptions, timeZone: "Europe/Prague" }],
  ];
  for (const [name, file, options] of cases) {
    it(name, () => expectSameAsTwoSteps(fixture(file), options));
  }

  it("date-only cells make a date-only book, as in prepareOrders", () => {
    const csv = "id;cust;day;amount\n1;a;2024-01-03;5\n2;b;2024-01-04;6.5\n3;a;2024-02-01;7.25\n";
    const options: ReadOrderBookOptions = { format: "generic", delimiter: ";", columns: { orderId: "id", customerId: "cust", placedAt: "day", total: "amount" }, timeZone: "Europe/Prague" };
    expectSameAsTwoSteps(csv, options);
    expect(columnsOf(readOrderBook(csv, options).book).dateOnly).toBe(true);
  });

  it("an async iterable of byte chunks gives a promise of the same book", async () => {
    const bytes = new TextEncoder().encode(fixture("shopify_orders.csv"));
    async function* stream(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 97) yield bytes.subarray(i, i + 97);
    }
    const direct = await readOrderBook(stream(), { format: "shopify", timeZone: "Europe/Prague" });
    expect(plain(direct.book)).toEqual(plain(readOrderBook(bytes, { format: "shopify", timeZone: "Europe/Prague" }).book));
  });

  it("errors of the book stage come at their row; into is refused", () => {
    const head = "Name,Email,Total,Refunded Amount,Created at\n";
    expectRetentionError(() => readOrderBook(`${head}#1,a@x,5,,2024-01-01 10:00 +0100\n#2,b@x,5,,1989-12-31 10:00 +0100\n`, { format: "shopify" }), { code: "INVALID_DATE", index: 3 });
    expect(readOrderBook(`${head}#1,a@x,5,,1989-12-31 10:00 +0100\n`, { format: "shopify", earliestDate: null }).book.orderCount).toBe(1);
    const r = readOrderBook(`${head}#1,a@x,5,,2024-01-01 10:00 +0100\n#2,b@x,5,,1989-12-31 10:00 +0100\n#2,b@x,,,\n`, { format: "shopify", onError: "collect" });
    expect([r.book.orderCount, r.ledger.errors.map((e) => [e.row, e.code])]).toEqual([1, [[3, "INVALID_DATE"]]]);
    expect(r.ledger.skipped).toEqual([{ reason: "malformed", rows: [3, 4] }]);
    expectRetentionError(() => readOrderBook("", { format: "shopify", into: {} } as never), { code: "INVALID_OPTION", field: "into" });
    expectRetentionError(() => readOrderBook("", { format: "shopify", timeZone: "Mars/Base" }), { code: "INVALID_TIME_ZONE" });
  });
});

describe("readOrderBook: same book as readOrders + prepareOrders (property)", () => {
  const orderArb = fc.record({
    lines: fc.integer({ min: 1, max: 3 }),
    customer: fc.constantFrom("", "a@x.com", "B@x.com", "c@x.com", "d@x.com"),
    status: fc.constantFrom("paid", "paid", "refunded", "voided", "partially_refunded"),
    cancelled: fc.boolean(),
    total: fc.integer({ min: 0, max: 100000 }),
    places: fc.constantFrom(0, 1, 2, 3),
    refund: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    offset: fc.constantFrom(" +0100", " -0500", "Z", ""),
    source: fc.constantFrom("", "web", "pos"),
  });

  it("for any orders, amounts of any places, offsets or wall-clock times, guests and segments", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 25 }), fc.constantFrom("skip", "keep"), (orders, guests) => {
        const lines = ["Name,Email,Financial Status,Total,Refunded Amount,Created at,Cancelled at,Source"];
        orders.forEach((o, i) => {
          const total = (o.total / 10 ** o.places).toFixed(o.places);
          const refund = o.refund === undefined ? "" : ((o.total * o.refund) / 100 / 10 ** o.places).toFixed(o.places);
          const date = `2024-03-${String(o.day).padStart(2, "0")} ${String(o.hour).padStart(2, "0")}:30:00${o.offset}`;
          for (let k = 0; k < o.lines; k++) {
            const first = k === 0;
            lines.push([`#${i}`, o.customer, first ? o.status : "", first ? total : "", first ? refund : "", first ? date : "", first && o.cancelled ? date : "", first ? o.source : ""].join(","));
          }
        });
        expectSameAsTwoSteps(lines.join("\n"), { format: "shopify", guests, segment: "Source", timeZone: "Europe/Prague", onError: "collect" });
      }),
      { numRuns: 100 },
    );
  });
});
