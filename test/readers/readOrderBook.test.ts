import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable, prepareOrders, readOrderBook, readOrders, summarize, type OrderBook, type ReadOrderBookOptions, type ReadOrderBookResult } from "../../src/index.js";
import { columnsOf } from "../../src/internal/book/OrderBook.js";
import { mergeParts, planSplit, readPart, splitPoint } from "../../src/internal/readers/parallel.js";
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

/** The errors of the edge cells' read below (row, column, code, message up to the value), as main read them. */
const ERRORS = [
  [9, "placedAt", "INVALID_DATE", "row 9, placedAt: is -000001-12-31T23:00:00.000Z, outside the years 0001–9999 that order times may have (got \"0000-01-01 00:00:00+01:00\")"],
  [10, "placedAt", "INVALID_DATE", "row 10, placedAt: is +010000-01-01T00:59:59.000Z, outside the years 0001–9999 that order times may have (got \"9999-12-31 23:59:59-01:00\")"],
  [11, "Created at", "INVALID_DATE", "row 11, Created at: is not a date (got \"2024-02-30 10:00:00 +0100\")"],
  [12, "Created at", "INVALID_DATE", "row 12, Created at: is not a date (got \"2024-01-09 10:00:00 +1900\")"],
  [14, "Refunded Amount", "REFUND_EXCEEDS_TOTAL", "row 14, Refunded Amount: is more than the order total 5 (got \"6\")"],
  [15, "Total", "NEGATIVE_TOTAL", "row 15, Total: is below zero (got \"-5\")"],
  [16, "Total", "INVALID_AMOUNT", "row 16, Total: is not a decimal number (got \"1e3\")"],
  [17, "placedAt", "INVALID_DATE", "row 17, placedAt: is 1990-01-10T09:00:00.000Z, before earliestDate 2000-01-01T00:00:00.000Z (got \"1990-01-10 10:00:00+01:00\")"],
  [18, "Currency", "INVALID_CURRENCY", "row 18, Currency: is not a three-letter ISO 4217 code (got \"€UR\")"],
];

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

  it("a date before earliestDate is an error naming the date as readOrders writes it, from bytes or text", () => {
    const csv = fixture("shopify_orders.csv");
    const options: ReadOrderBookOptions = { format: "shopify", onError: "collect", earliestDate: "2024-02-01T00:00:00Z", timeZone: "Europe/Prague" };
    const text = readOrderBook(csv, options);
    const bytes = readOrderBook(new TextEncoder().encode(csv), options);
    expect(bytes.ledger).toEqual(text.ledger);
    expect(plain(bytes.book)).toEqual(plain(text.book));
    expect(text.ledger.errors[0]).toMatchObject({ row: 2, column: "placedAt", code: "INVALID_DATE" });
    expect(text.ledger.errors[0]?.message).toContain('(got "2024-01-03 09:00:55+01:00")');
  });

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

  it("cells the byte scan reads its own way: the book and ledger of the text and of readOrders + prepareOrders", () => {
    const csv = [
      "Name,Email,Financial Status,Currency,Total,Refunded Amount,Created at,Payment Method,Phone,Source",
      "#1,ann@x.com,paid,EUR,12.50,,2024-01-03 09:00:55 +0100,Shopify Payments,,web",
      "#1,ann@x.com,,,,,,,,",
      '#2,"Zoë ""Z""@x.com",PAID,eur,"12.50",0.00,"2024-01-04 10:00:00 +0100",Shopify Payments,,"pos"',
      "#3, bob@x.com ,refunded,EUR, 7.125 ,, 2024-01-05 10:00:00 -0500 ,Bogus Gateway,,web",
      "#4,Čeněk@x.com,refunded,EUR,7.12345678,1.5,2024-01-06 10:00:00 -0000,(bogus),,",
      "#5,,paid,EUR,3,,2024-01-07 10:00:00 +0100,cash,+420 777 123,web",
      "#6,,paid,EUR,4,,2024-01-08 10:00:00 +0100,cash,,web",
      "#7,d@x.com,paid,EUR,5,,0000-01-01 00:00:00 +0100,cash,,",
      "#8,e@x.com,paid,EUR,5,,9999-12-31 23:59:59 -0100,cash,,",
      "#9,f@x.com,paid,EUR,5,,2024-02-30 10:00:00 +0100,cash,,",
      "#10,g@x.com,paid,EUR,5,,2024-01-09 10:00:00 +1900,cash,,",
      "#11,h@x.com,paid,EUR,5,,2024-01-09T10:00:00Z,cash,,",
      "#12,ann@x.com,paid,EUR,5,6,2024-01-10 10:00:00 +0100,cash,,",
      "#13,ann@x.com,paid,EUR,-5,,2024-01-10 10:00:00 +0100,cash,,",
      "#14,i@x.com,paid,EUR,1e3,,2024-01-10 10:00:00 +0100,cash,,",
      "#15,ann@x.com,paid,EUR,5,,1990-01-10 10:00:00 +0100,cash,,",
      "#16,ann@x.com,paid,€UR,5,,2024-01-10 10:00:00 +0100,cash,,",
    ].join("\n");
    for (const guests of ["skip", "keep"] as const) {
      const options: ReadOrderBookOptions = { format: "shopify", guests, segment: "Source", onError: "collect", earliestDate: "2000-01-01", timeZone: "Europe/Prague" };
      // prepareOrders throws at the first date out of range (rows 9, 10, 17), which the book collects.
      expectSameAsTwoSteps(csv.split("\n").filter((_, i) => ![8, 9, 16].includes(i)).join("\n"), options);
      const text = readOrderBook(csv, options);
      const bytes = readOrderBook(new TextEncoder().encode(csv), options);
      expect(bytes.ledger).toEqual(text.ledger);
      expect(plain(bytes.book)).toEqual(plain(text.book));
      expect(JSON.parse(JSON.stringify(readOrders(new TextEncoder().encode(csv), options)))).toEqual(JSON.parse(JSON.stringify(readOrders(csv, options))));
    }
    const { ledger } = readOrderBook(csv, { format: "shopify", onError: "collect", earliestDate: "2000-01-01" });
    expect(ledger.errors.map((e) => [e.row, e.column, e.code, e.message.slice(0, e.message.indexOf(")") + 1)])).toEqual(ERRORS);
  });

  it("cells of the same bytes or the same text in any quoting, chunked through one reused buffer: the text's book, ledger and orders", () => {
    // Cells that the byte scan's per-column memo, the Shopify date from bytes and the currency and payment labels
    // could confuse: one text in several quotings and trims, cells of 31 to 34 bytes that share their first 32.
    const long = "a".repeat(31);
    const cellOf = (c: string, how: number): string => (how === 0 ? c : how === 1 ? `"${c.replace(/"/g, '""')}"` : how === 2 ? ` ${c}` : `${c} `);
    const pools = {
      email: ["ann@x.com", "ANN@x.com", `${long}@x.com`, `${long}@y.com`, `${long}x`, `${long}xy`, "", "Zoë@x.com"],
      status: ["paid", "PAID", "refunded", "voided", ""],
      currency: ["EUR", "eur", "", "EU", "€UR"],
      total: ["5", "5.00", "+5", "12.5", "1e3", "-0", ".5", "5."],
      refund: ["", "0", "1.5", "6", "5"],
      created: ["2024-01-03 09:00:55 +0100", "2024-01-03 09:00:55 -0000", "2024-02-30 10:00:00 +0100", "1990-01-01 10:00:00 +0100", "2024-01-03T09:00:55Z", "2024-01-03"],
      payment: ["cash", "Bogus Gateway", "(bogus)", "bogus", "Cash "],
    };
    const keys = Object.keys(pools) as (keyof typeof pools)[];
    const row = fc.tuple(fc.nat({ max: 30 }), ...keys.map((k) => fc.tuple(fc.nat({ max: pools[k].length - 1 }), fc.nat({ max: 3 }))));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (rows, seeds, crlf) => {
        const lines = ["Name,Email,Financial Status,Currency,Total,Refunded Amount,Created at,Payment Method"];
        for (const [id, ...cells] of rows) lines.push([`#${id}`, ...cells.map(([v, how], k) => cellOf(pools[keys[k] as keyof typeof pools][v] as string, how))].join(","));
        const csv = lines.join(crlf ? "\r\n" : "\n");
        const bytes = new TextEncoder().encode(csv);
        const cuts = [...new Set(seeds.map((x) => x % (bytes.length + 1)))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, bytes.length];
        // Each chunk in one buffer, overwritten once the reader has it.
        function* chunks(): Generator<Uint8Array> {
          const buffer = new Uint8Array(bytes.length + 8);
          for (let k = 1; k < bounds.length; k++) {
            const chunk = bytes.subarray(bounds[k - 1], bounds[k]);
            buffer.set(chunk, k % 4);
            yield buffer.subarray(k % 4, (k % 4) + chunk.length);
            buffer.fill(0x2c);
          }
        }
        const options: ReadOrderBookOptions = { format: "shopify", onError: "collect", earliestDate: "2000-01-01", timeZone: "Europe/Prague" };
        const text = readOrderBook(csv, options);
        const read = readOrderBook(chunks(), options);
        expect(read.ledger).toEqual(text.ledger);
        expect(plain(read.book)).toEqual(plain(text.book));
        expect(JSON.parse(JSON.stringify(readOrders(chunks(), options)))).toEqual(JSON.parse(JSON.stringify(readOrders(csv, options))));
      }),
      { numRuns: 40 },
    );
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
  // src/internal/readers/parallel.ts: the file cut after any line feed (inside a quoted cell, inside an order's
  // line items, ...), each part read on its own and the parts merged: the whole read's book and ledger, or null.
  it("an export read in parts: the book and ledger of the whole read, or none", () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        // Order ids numbered up (#0, #1, ...: each part one run of numbers, the merge checks their ranges), down,
        // or named with no trailing number (fingerprints), or numbered up to the middle and then named (a mix).
        fc.constantFrom("up", "down", "named", "mixed"),
        // The part read in the merging thread (its customer table kept; merged into when it is the first), or none.
        fc.nat({ max: 4 }),
        (orders, cuts, repeat, crlf, snap, style, here) => {
          const idOf = (i: number): string => (style === "down" ? `#${1000 - i}` : style === "named" || (style === "mixed" && 2 * i >= orders.length) ? `#${i}x` : `#${i}`);
          const lines = ["Name,Email,Financial Status,Total,Refunded Amount,Created at,Cancelled at,Source,Notes"];
          orders.forEach((o, i) => {
            const total = (o.total / 10 ** o.places).toFixed(o.places);
            const refund = o.refund === undefined ? "" : ((o.total * o.refund) / 100 / 10 ** o.places).toFixed(o.places);
            const date = `2024-03-${String(o.day).padStart(2, "0")} ${String(o.hour).padStart(2, "0")}:30:00${o.offset}`;
            const id = repeat !== undefined && i === orders.length - 1 ? idOf(repeat % orders.length) : idOf(i);
            for (let k = 0; k < o.lines; k++) {
              const first = k === 0;
              const note = o.day % 3 === 0 ? `"ring,${crlf ? "\r\n" : "\n"}twice"` : "";
              lines.push([id, o.customer, first ? o.status : "", first ? total : "", first ? refund : "", first ? date : "", first && o.cancelled ? date : "", first ? o.source : "", note].join(","));
            }
          });
          const bytes = new TextEncoder().encode(lines.join(crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n"));
          const options: ReadOrderBookOptions = { format: "shopify", guests: "keep", segment: "Source", timeZone: "Europe/Prague" };
          const plan = planSplit(bytes, options);
          expect(plan).not.toBeNull();
          const { headerEnd } = plan as { headerEnd: number };
          // After any line feed, or (snap) where splitPoint finds a new order after it.
          const points = cuts
            .map((c) => {
              const at = bytes.indexOf(10, headerEnd + (c % (bytes.length - headerEnd))) + 1;
              const next = snap && at > 0 ? splitPoint(bytes.subarray(at), plan as NonNullable<typeof plan>) : 0;
              return next < 0 ? 0 : at + next;
            })
            .filter((p) => p > headerEnd && p < bytes.length);
          const bounds = [0, ...[...new Set(points)].sort((a, b) => a - b), bytes.length];
          const parts = bounds.slice(1).map((end, k) => readPart(k === 0 ? new Uint8Array(0) : bytes.subarray(0, headerEnd), bytes.subarray(bounds[k], end), options, k === here));
          const merged = mergeParts(parts, options);
          let whole: ReadOrderBookResult | null = null;
          try {
            whole = readOrderBook(bytes, options);
          } catch {
            // A whole read that throws: the parts must not vouch for anything.
          }
          if (merged === null) return;
          expect(whole).not.toBeNull();
          const w = whole as ReadOrderBookResult;
          expect(merged.ledger).toEqual(w.ledger);
          expect(plain(merged.book)).toEqual(plain(w.book));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a repeated order id across parts: found by the runs of numbered ids, or by the fingerprints", () => {
    const options: ReadOrderBookOptions = { format: "shopify", timeZone: "Europe/Prague" };
    const header = "Name,Email,Financial Status,Total,Created at";
    const row = (id: string): string => `${id},a@x.com,paid,1.00,2024-03-01 10:00:00 +0100`;
    /** The parts of an export of the orders `ids`, cut before each order index in `cuts`, merged. */
    const merge = (ids: string[], cuts: number[]): ReturnType<typeof mergeParts> => {
      const head = `${header}\n`;
      const bytesOf = (from: number, to: number): Uint8Array => new TextEncoder().encode(ids.slice(from, to).map((id) => `${row(id)}\n`).join(""));
      const bounds = [0, ...cuts, ids.length];
      const parts = bounds.slice(1).map((end, k) =>
        k === 0 ? readPart(new Uint8Array(0), new TextEncoder().encode(head + new TextDecoder().decode(bytesOf(0, end))), options) : readPart(new TextEncoder().encode(head), bytesOf(bounds[k] as number, end), options),
      );
      return mergeParts(parts, options);
    };
    const numbered = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `#${from + i}`);
    // Runs that do not meet: merged, as the whole read.
    expect(merge(numbered(1, 9), [4])?.book.orderCount).toBe(8);
    expect(merge([...numbered(1, 5).reverse(), ...numbered(10, 14)], [4])?.book.orderCount).toBe(8);
    // #3 again in the second part, which is a run of its own (3, 9, 10): the runs meet.
    expect(merge([...numbered(1, 5), "#3", "#9", "#10"], [4])).toBeNull();
    // Runs that meet with no id in common (odd then even numbers): the whole read decides.
    expect(merge(["#1", "#3", "#5", "#2", "#4"], [3])).toBeNull();
    // Other prefixes do not meet.
    expect(merge(["#1", "#2", "A1", "A2"], [2])?.book.orderCount).toBe(4);
    // Named ids: fingerprints; a repeat across parts is found, none is merged.
    expect(merge(["b", "a", "c", "a"], [2])).toBeNull();
    expect(merge(["b", "a", "c", "d"], [2])?.book.orderCount).toBe(4);
    // A run in one part and fingerprints in the other: the whole read decides.
    expect(merge(["#1", "#2", "c", "d"], [2])).toBeNull();
  });

  it("splitPoint cuts a clean export between orders, and the parts merge", () => {
    const lines = ["Name,Email,Financial Status,Total,Created at,Notes"];
    for (let i = 0; i < 40; i++) for (let k = 0; k <= i % 3; k++) lines.push(`#${i},c${i % 7}@x.com,paid,${i}.${i % 10}${i === 30 ? "5" : ""},2024-03-0${1 + (i % 9)} 10:00:00 +0100,${i % 4 === 0 ? '"a\nb"' : ""}`);
    const bytes = new TextEncoder().encode(`${lines.join("\n")}\n`);
    const options: ReadOrderBookOptions = { format: "shopify", timeZone: "Europe/Prague" };
    const plan = planSplit(bytes, options) as NonNullable<ReturnType<typeof planSplit>>;
    const bounds = [0];
    for (const at of [0.3, 0.6, 0.8].map((f) => Math.floor(f * bytes.length))) bounds.push(at + splitPoint(bytes.subarray(at, at + 400), plan));
    bounds.push(bytes.length);
    const parts = bounds.slice(1).map((end, k) => readPart(k === 0 ? new Uint8Array(0) : bytes.subarray(0, plan.headerEnd), bytes.subarray(bounds[k], end), options));
    const merged = mergeParts(parts, options);
    const whole = readOrderBook(bytes, options);
    expect(merged?.ledger).toEqual(whole.ledger);
    expect(plain((merged as { book: OrderBook }).book)).toEqual(plain(whole.book));
  });
});
