import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAccumulator, prepareOrders, readOrders, summarize, type ReadOrdersOptions, type ReadOrdersResult } from "../../src/index.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url), "utf8");
const shopifyCsv = fixture("shopify_orders.csv");
const wooCsv = fixture("woocommerce_orders.csv");
const genericCsv = fixture("generic_orders.csv");
const multiCsv = fixture("shopify_orders_multicurrency.csv");
const genericOptions: ReadOrdersOptions = {
  format: "generic",
  delimiter: ";",
  dateFormat: "dd.MM.yyyy HH:mm",
  columns: { orderId: "Objednávka", customerId: "Zákazník", placedAt: "Datum", total: "Celkem", refunded: "Vráceno", currency: "Měna", segment: "Kanál" },
};

/** rows read = kept + merged + skipped, and the skipped rows are distinct data rows. */
function expectBalanced(result: ReadOrdersResult): void {
  const l = result.ledger;
  expect(l.rowsRead).toBe(l.rowsKept + l.rowsMerged + l.rowsSkipped);
  expect(l.ordersMade).toBe(l.rowsKept);
  const skippedRows = l.skipped.flatMap((s) => s.rows);
  expect(skippedRows.length).toBe(l.rowsSkipped);
  expect(new Set(skippedRows).size).toBe(skippedRows.length);
  for (const r of skippedRows) expect(r >= 2 && r <= l.rowsRead + 1).toBe(true);
}

describe("readOrders: Shopify orders export (docs/from-an-export.md#shopify)", () => {
  const result = readOrders(shopifyCsv, { format: "shopify" });

  it("accounts for every row: 19 data rows = 11 orders + 4 line items merged + 4 skipped", () => {
    // #1001, #1004 have 2 rows, #1010 has 3: 1 + 1 + 2 = 4 merged. Skipped: #1002 guest (row 4), #1005 cancelled
    // (row 8), #1006 voided (row 9), #1007 bogus gateway (row 10). The multi-line note of #1003 is one record.
    expect(result.ledger).toEqual({
      rowsRead: 19,
      ordersMade: 11,
      rowsKept: 11,
      rowsMerged: 4,
      rowsSkipped: 4,
      skipped: [
        { reason: "cancelled", rows: [8] },
        { reason: "voided", rows: [9] },
        { reason: "test", rows: [10] },
        { reason: "guest", rows: [4] },
      ],
      errors: [],
    });
    expectBalanced(result);
  });

  it("reads order fields from the first row of each order", () => {
    const byId = new Map(result.orders.map((o) => [o.orderId, o]));
    expect(result.orders.map((o) => o.orderId)).toEqual(["#1001", "#1003", "#1004", "#1008", "#1009", "#1010", "#1011", "#1012", "#1013", "#1014", "#1015"]);
    expect(byId.get("#1001")).toEqual({ orderId: "#1001", customerId: "ann@example.com", placedAt: "2024-01-03 09:00:55+01:00", total: "30.00", refunded: undefined, currency: "EUR", segment: undefined });
    // Emails are matched without case; a partial refund is read; a fully refunded order with an empty cell refunds its total.
    expect(byId.get("#1004")).toMatchObject({ customerId: "ann@example.com", total: "40.00", refunded: "5.00" });
    expect(byId.get("#1008")).toMatchObject({ customerId: "bob@example.com", total: "18.00", refunded: "18.00" });
    // No email: the phone, digits only.
    expect(byId.get("#1009")?.customerId).toBe("phone:+420601234567");
    expect(byId.get("#1011")?.placedAt).toBe("2024-03-31 23:30:00+02:00");
  });

  it("is plain data (R5): structuredClone and JSON keep everything", () => {
    const r = readOrders(shopifyCsv, { format: "shopify", onError: "collect" });
    expect(structuredClone(r)).toEqual(r);
    expect(JSON.parse(JSON.stringify(r.ledger))).toEqual(r.ledger);
    for (const o of r.orders) expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });

  it("feeds prepareOrders and the metrics", () => {
    const book = prepareOrders(result.orders, { timeZone: "Europe/Prague" });
    expect(book.orderCount).toBe(11);
    expect(book.customerCount).toBe(6); // ann, bob, phone, cy, eve, fay
    const s = summarize(book);
    // gross 30 + 45.50 + 40 + 18 + 35 + 60 + 18 + 25 + 0 + 76.90 + 18 = 366.40; refunds 5 + 18 = 23.
    expect(s.revenue.gross.toString()).toBe("366.4");
    expect(s.revenue.net.toString()).toBe("343.4");
  });

  it("keeps guests as one-order customers with guests: \"keep\", and reads a segment column", () => {
    const r = readOrders(shopifyCsv, { format: "shopify", guests: "keep", segment: "Source" });
    expect(r.orders.find((o) => o.orderId === "#1002")).toMatchObject({ customerId: "guest:#1002", segment: "pos" });
    expect(r.ledger.skipped.map((s) => s.reason)).toEqual(["cancelled", "voided", "test"]);
    expectBalanced(r);
  });
});

describe("readOrders: WooCommerce export (docs/from-an-export.md#woocommerce)", () => {
  const result = readOrders(wooCsv, { format: "woocommerce" });
  it("accounts for every row: 14 = 7 orders + 3 merged + 4 skipped (cancelled, failed, pending, guest)", () => {
    expect(result.ledger).toMatchObject({
      rowsRead: 14,
      rowsKept: 7,
      rowsMerged: 3,
      rowsSkipped: 4,
      skipped: [
        { reason: "cancelled", rows: [6] },
        { reason: "unpaid", rows: [11] },
        { reason: "failed", rows: [7] },
        { reason: "guest", rows: [12] },
      ],
    });
    expectBalanced(result);
  });
  it("reads customer_id, and the billing email for a guest (customer_id 0)", () => {
    expect(result.orders.map((o) => [o.orderId, o.customerId, o.total, o.refunded ?? null])).toEqual([
      ["301", "12", "54.00", "0.00"],
      ["302", "walkin@example.com", "19.00", "0.00"],
      ["303", "13", "24.00", "0.00"],
      ["306", "12", "48.00", "48.00"],
      ["307", "13", "43.00", "19.00"],
      ["310", "walkin@example.com", "19.00", "0.00"],
      ["311", "12", "78.00", "0.00"],
    ]);
    // The shop's wall-clock time, without offset: prepareOrders reads it in its timeZone.
    expect(result.orders[0]?.placedAt).toBe("2024-01-08 10:15:00");
    expect(prepareOrders(result.orders, { timeZone: "America/Los_Angeles" }).firstOrderAt).toBe("2024-01-08T18:15:00.000Z");
  });
});

describe("readOrders: generic (docs/from-an-export.md#generic)", () => {
  it("maps columns and reads a day-first date format", () => {
    const r = readOrders(genericCsv, genericOptions);
    expect(r.ledger).toMatchObject({ rowsRead: 7, rowsKept: 6, rowsMerged: 0, rowsSkipped: 1, skipped: [{ reason: "guest", rows: [5] }] });
    expect(r.orders[0]).toEqual({ orderId: "A-1", customerId: "z001", placedAt: "2024-01-03T09:00:00", total: "1200.00", refunded: undefined, currency: "CZK", segment: "eshop" });
    expect(r.orders[3]).toMatchObject({ placedAt: "2024-02-29T18:45:00", segment: undefined });
    expectBalanced(r);
  });
  it("compiles other date formats", () => {
    const csv = "id,cust,day,amount\n1,a,01/31/2024,5\n2,b,2024-02-01T10:00:00Z,6\n";
    expect(readOrders(csv.replace(",2024-02-01T10:00:00Z", ",02/01/2024"), { format: "generic", dateFormat: "MM/dd/yyyy", columns: { orderId: "id", customerId: "cust", placedAt: "day", total: "amount" } }).orders.map((o) => o.placedAt)).toEqual(["2024-01-31", "2024-02-01"]);
    expectRetentionError(() => readOrders(csv, { format: "generic", dateFormat: "MM/dd/yyyy", columns: { orderId: "id", customerId: "cust", placedAt: "day", total: "amount" } }), { code: "INVALID_DATE", index: 3, field: "day" });
    // The default, "iso": ISO 8601 only.
    expectRetentionError(() => readOrders(csv, { format: "generic", columns: { orderId: "id", customerId: "cust", placedAt: "day", total: "amount" } }), { code: "INVALID_DATE", index: 2, field: "day" });
    expect(readOrders("id,cust,day,amount\n1,a,3/1/24 7:05 +0100,5\n", { format: "generic", dateFormat: "d/M/yy H:mm Z", columns: { orderId: "id", customerId: "cust", placedAt: "day", total: "amount" } }).orders[0]?.placedAt).toBe("2024-01-03T07:05:00+01:00");
  });
});

describe("readOrders: currencies", () => {
  it("refuses two currencies without a rate table, at the first row of the second (MIXED_CURRENCY)", () => {
    const e = expectRetentionError(() => readOrders(multiCsv, { format: "shopify" }), { code: "MIXED_CURRENCY", index: 3, field: "Currency" });
    expect(e.message).toContain("differs from the EUR of row 2");
    expect(e.message).toContain("exchangeRates");
  });
  it("converts with exchangeRates, exactly, rounding half to even to the cent", () => {
    const r = readOrders(multiCsv, { format: "shopify", exchangeRates: { to: "EUR", rates: { CZK: "0.0398", PLN: 0.23 } } });
    // 750 x 0.0398 = 29.85; 500 x 0.0398 = 19.90, refund 125 x 0.0398 = 4.975 -> 4.98 (half to even: 497.5 -> 498);
    // 129.99 x 0.23 = 29.8977 -> 29.90.
    expect(r.orders.map((o) => [o.orderId, o.total, o.refunded ?? null, o.currency])).toEqual([
      ["#2001", "30.00", null, "EUR"],
      ["#2002", "29.85", null, "EUR"],
      ["#2003", "20.00", null, "EUR"],
      ["#2004", "19.90", "4.98", "EUR"],
      ["#2005", "29.90", null, "EUR"],
    ]);
    expectRetentionError(() => readOrders(multiCsv, { format: "shopify", exchangeRates: { to: "EUR", rates: { CZK: "0.0398" } } }), { code: "MIXED_CURRENCY", index: 6, field: "Currency" });
  });
});

describe("readOrders: bad files give errors with row and column", () => {
  it("a wrong delimiter", () => {
    const e = expectRetentionError(() => readOrders(genericCsv, { ...genericOptions, delimiter: "," }), { code: "INVALID_COLUMN", index: 1, field: "delimiter" });
    expect(e.message).toContain('Pass delimiter: ";"');
    expectRetentionError(() => readOrders(shopifyCsv.replaceAll(",", "\t"), { format: "shopify" }), { code: "INVALID_COLUMN", index: 1, field: "delimiter" });
  });
  it("a missing column", () => {
    const e = expectRetentionError(() => readOrders(shopifyCsv.replace("Created at", "Created"), { format: "shopify" }), { code: "INVALID_COLUMN", index: 1, field: "Created at" });
    expect(e.message).toContain('needs a column "Created at"');
    expectRetentionError(() => readOrders(wooCsv, { format: "shopify" }), { code: "INVALID_COLUMN", index: 1, field: "Name" });
    expectRetentionError(() => readOrders(genericCsv, { ...genericOptions, columns: { ...genericOptions.columns!, total: "Total" } }), { code: "INVALID_COLUMN", index: 1, field: "Total" });
    expectRetentionError(() => readOrders(shopifyCsv, { format: "shopify", segment: "Channel" }), { code: "INVALID_COLUMN", index: 1, field: "Channel" });
  });
  it("a non-date in Created at", () => {
    const e = expectRetentionError(() => readOrders(shopifyCsv.replaceAll("2024-01-15 18:45:10 +0100", "15/01/2024"), { format: "shopify" }), { code: "INVALID_DATE", index: 5, field: "Created at" });
    expect(e.message.startsWith('row 5, Created at: is not a date (got "15/01/2024")')).toBe(true);
    expectRetentionError(() => readOrders(shopifyCsv.replaceAll("2024-01-15 18:45:10 +0100", "2024-02-30 10:00:00 +0100"), { format: "shopify" }), { code: "INVALID_DATE", index: 5 });
    expectRetentionError(() => readOrders(shopifyCsv.replaceAll("2024-01-15 18:45:10 +0100", ""), { format: "shopify" }), { code: "INVALID_DATE", index: 5 });
  });
  it("bad amounts", () => {
    const line = (total: string, refunded = ""): string => `Name,Email,Total,Refunded Amount,Created at\n#1,a@x,${total},${refunded},2024-01-01 10:00:00 +0000\n`;
    expectRetentionError(() => readOrders(line("1.234,50"), { format: "shopify" }), { code: "INVALID_RECORD", index: 2 });
    expectRetentionError(() => readOrders(line("€12"), { format: "shopify" }), { code: "INVALID_AMOUNT", index: 2, field: "Total" });
    expectRetentionError(() => readOrders(line(""), { format: "shopify" }), { code: "INVALID_AMOUNT", index: 2, field: "Total" });
    expectRetentionError(() => readOrders(line("-3"), { format: "shopify" }), { code: "NEGATIVE_TOTAL", index: 2, field: "Total" });
    expectRetentionError(() => readOrders(line("3", "-1"), { format: "shopify" }), { code: "NEGATIVE_REFUND", index: 2, field: "Refunded Amount" });
    expectRetentionError(() => readOrders(line("3", "3.01"), { format: "shopify" }), { code: "REFUND_EXCEEDS_TOTAL", index: 2, field: "Refunded Amount" });
    expectRetentionError(() => readOrders(line("3").replace(",Created at", ",Created at,Currency").replace("+0000", "+0000,euro"), { format: "shopify" }), { code: "INVALID_CURRENCY", index: 2, field: "Currency" });
  });
  it("a ragged row, broken quotes, an empty id, an order repeated later, an empty file", () => {
    const head = "Name,Email,Total,Created at\n";
    expectRetentionError(() => readOrders(`${head}#1,a@x,5\n`, { format: "shopify" }), { code: "INVALID_RECORD", index: 2, field: "Created at" });
    expectRetentionError(() => readOrders(`${head}#1,a@x,5,2024-01-01,extra\n`, { format: "shopify" }), { code: "INVALID_RECORD", index: 2, field: "(extra cells)" });
    expectRetentionError(() => readOrders(`${head}#1,"a@x,5,2024-01-01\n`, { format: "shopify" }), { code: "INVALID_RECORD", index: 2 });
    expectRetentionError(() => readOrders(`${head},a@x,5,2024-01-01\n`, { format: "shopify" }), { code: "INVALID_ORDER_ID", index: 2, field: "Name" });
    expectRetentionError(() => readOrders(`${head}#1,a@x,5,2024-01-01\n#2,a@x,5,2024-01-01\n#1,a@x,5,2024-01-02\n`, { format: "shopify" }), { code: "DUPLICATE_ORDER_ID", index: 4, field: "Name" });
    expectRetentionError(() => readOrders("", { format: "shopify" }), { code: "INVALID_COLUMN", index: 1 });
  });
  it("onError: \"collect\" lists malformed rows (with their line items) and goes on", () => {
    const bad = shopifyCsv.replaceAll("2024-01-03 09:00:55 +0100", "soon").replaceAll("2024-03-05 19:00:00 +0100", "");
    const r = readOrders(bad, { format: "shopify", onError: "collect" });
    expect(r.ledger.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, "Created at", "INVALID_DATE"],
      [13, "Created at", "INVALID_DATE"],
    ]);
    expect(r.ledger.skipped.find((s) => s.reason === "malformed")?.rows).toEqual([2, 3, 13, 14, 15]);
    expect(r.ledger.errors[0]?.message).toMatch(/^row 2, Created at: is not a date/);
    expect(r.orders.length).toBe(9);
    expectBalanced(r);
  });
  it("checks options", () => {
    expectRetentionError(() => readOrders("", { format: "excel" as "generic" }), { code: "INVALID_OPTION", field: "format" });
    expectRetentionError(() => readOrders("", { format: "generic" }), { code: "INVALID_OPTION", field: "columns" });
    expectRetentionError(() => readOrders("", { format: "shopify", dateFormat: "dd/MM/yyyy" }), { code: "INVALID_OPTION", field: "dateFormat" });
    expectRetentionError(() => readOrders("", { ...genericOptions, dateFormat: "HH:mm" }), { code: "INVALID_OPTION", field: "dateFormat" });
    expectRetentionError(() => readOrders("", { format: "shopify", delimiter: ";;" }), { code: "INVALID_OPTION", field: "delimiter" });
    expectRetentionError(() => readOrders("", { format: "shopify", guests: "merge" as "keep" }), { code: "INVALID_OPTION", field: "guests" });
    expectRetentionError(() => readOrders("", { format: "shopify", onError: "ignore" as "collect" }), { code: "INVALID_OPTION", field: "onError" });
    expectRetentionError(() => readOrders("", { format: "shopify", exchangeRates: { to: "euro", rates: {} } }), { code: "INVALID_OPTION", field: "exchangeRates" });
    expectRetentionError(() => readOrders("", { format: "shopify", exchangeRates: { to: "EUR", rates: { CZK: "-1" } } }), { code: "INVALID_OPTION", field: "exchangeRates.rates.CZK" });
    expectRetentionError(() => readOrders("", { format: "shopify", into: {} as never }), { code: "INVALID_OPTION", field: "into" });
    expectRetentionError(() => readOrders(42 as never, { format: "shopify" }), { code: "INVALID_OPTION", field: "input" });
  });
});

describe("readOrders: input forms", () => {
  const expected = readOrders(shopifyCsv, { format: "shopify" });
  const bytes = new TextEncoder().encode(shopifyCsv);

  it("bytes, chunks of bytes cut anywhere (inside a quoted field, inside a UTF-8 character) and text chunks read the same", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), fc.boolean(), (cuts, asText) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        const input = asText ? chunks.map((c) => new TextDecoder().decode(c)) : chunks;
        // Decoding a chunk alone can break a character; text chunks are cut at string offsets instead.
        const text = asText ? points.slice(1).map((end, i) => shopifyCsv.slice(points[i], end)) : input;
        expect(readOrders(text as string[], { format: "shopify" })).toEqual(expected);
      }),
      { numRuns: 60 },
    );
    expect(readOrders(bytes, { format: "shopify" })).toEqual(expected);
    expect(readOrders(`\ufeff${shopifyCsv}`, { format: "shopify" })).toEqual(expected);
    expect(readOrders(shopifyCsv.replaceAll("\n", "\r\n"), { format: "shopify" }).ledger).toEqual(expected.ledger);
  });

  it("a blank line is no row, and row numbers after it stay right", () => {
    const head = "Name,Email,Total,Created at\n\n";
    const r = readOrders(`${head}#1,a@x,5,2024-01-01\n\n#2,b@x,6,2024-01-02\n\n`, { format: "shopify" });
    expect([r.ledger.rowsRead, r.orders.length]).toEqual([2, 2]);
    expectRetentionError(() => readOrders(`${head}#1,a@x,5,2024-01-01\n\n#2,"b@x,6,2024-01-02\n`, { format: "shopify" }), { code: "INVALID_RECORD", index: 3 });
    expectRetentionError(() => readOrders(`${head}#1,a@x,5,2024-01-01\n\n#2,b@x,6,2024-13-02\n`, { format: "shopify" }), { code: "INVALID_DATE", index: 3 });
  });

  it("an async iterable gives a promise of the same result", async () => {
    async function* stream(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
    }
    const promise = readOrders(stream(), { format: "shopify" });
    expect(promise).toBeInstanceOf(Promise);
    expect(await promise).toEqual(expected);
  });

  it("into: an accumulator takes the orders as they are read", () => {
    const acc = createAccumulator({ timeZone: "Europe/Prague" });
    const r = readOrders(shopifyCsv, { format: "shopify", into: acc });
    expect(r.orders).toEqual([]);
    expect(r.ledger).toEqual(expected.ledger);
    expect(acc.orders).toBe(11);
    expect(summarize(acc).revenue.net.toString()).toBe(summarize(prepareOrders(expected.orders, { timeZone: "Europe/Prague" })).revenue.net.toString());
    // A repeated order is refused by the accumulator, and the error names the row.
    const again = createAccumulator();
    expectRetentionError(() => readOrders("Name,Email,Total,Created at\n#1,a@x,5,2024-01-01\n#2,a@x,5,2024-01-01\n#1,a@x,5,2024-01-02\n", { format: "shopify", into: again }), { code: "DUPLICATE_ORDER_ID", index: 4 });
  });
});

describe("readOrders: the ledger accounts for every row (property)", () => {
  const statuses = ["paid", "paid", "refunded", "voided", "pending", "partially_refunded"] as const;
  const orderArb = fc.record({
    lines: fc.integer({ min: 1, max: 4 }),
    email: fc.constantFrom("", "a@x.com", "B@x.com", "c@x.com"),
    status: fc.constantFrom(...statuses),
    cancelled: fc.boolean(),
    test: fc.boolean(),
    bad: fc.constantFrom("none", "none", "none", "date", "total", "ragged"),
    total: fc.integer({ min: 0, max: 100000 }),
    day: fc.integer({ min: 1, max: 28 }),
  });

  it("rows read = kept + merged + skipped, for any mix of line items, statuses, guests and malformed rows", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 30 }), fc.constantFrom("skip", "keep"), (orders, guests) => {
        const lines = ["Name,Email,Financial Status,Total,Created at,Cancelled at,Payment Method"];
        orders.forEach((o, i) => {
          for (let k = 0; k < o.lines; k++) {
            const first = k === 0;
            const date = o.bad === "date" ? "not a date" : `2024-01-${String(o.day).padStart(2, "0")} 10:00:00 +0100`;
            const total = o.bad === "total" ? "12,5" : (o.total / 100).toFixed(2);
            const row = [`#${i}`, o.email, first ? o.status : "", first ? `"${total}"` : "", first ? date : "", first && o.cancelled ? date : "", first && o.test ? "bogus" : ""];
            lines.push(o.bad === "ragged" && k === o.lines - 1 ? row.slice(0, 5).join(",") : row.join(","));
          }
        });
        const r = readOrders(lines.join("\n"), { format: "shopify", onError: "collect", guests });
        expect(r.ledger.rowsRead).toBe(lines.length - 1);
        expectBalanced(r);
        expect(r.orders.length).toBe(r.ledger.ordersMade);
      }),
      { numRuns: 200 },
    );
  });
});
