import { expectRetentionError } from "../support/expectRetentionError.js";
import type { RetentionMetricsErrorCode } from "../../src/core/RetentionMetricsError.js";
import { readFileSync } from "node:fs";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { cohortTable, customerSummaries, OrderBook, prepareOrders, RetentionMetricsError, summarize, type Order } from "../../src/index.js";

const base = (over: Partial<Order> & Record<string, unknown> = {}): Order => ({
  orderId: "o1",
  customerId: "c1",
  placedAt: "2024-03-01T10:00:00Z",
  total: "10.00",
  ...over,
});

const expectError = (fn: () => unknown, code: RetentionMetricsErrorCode, index: number | null, field: string | null): RetentionMetricsError =>
  expectRetentionError(fn, { code, index, field });

describe("prepareOrders: reading orders", () => {
  it("parses each field once into a book with counts and times", () => {
    const book = prepareOrders([
      base(),
      base({ orderId: "o2", customerId: "c2", placedAt: "2024-03-02", total: 5 }),
      base({ orderId: "o3", placedAt: Date.UTC(2024, 2, 3), total: new Decimal("1.5") }),
    ]);
    expect(book).toBeInstanceOf(OrderBook);
    expect(book.orderCount).toBe(3);
    expect(book.customerCount).toBe(2);
    expect(book.firstOrderAt).toBe("2024-03-01T10:00:00.000Z");
    expect(book.lastOrderAt).toBe("2024-03-03T00:00:00.000Z");
    expect(JSON.parse(JSON.stringify(book))).toEqual({
      orderCount: 3,
      customerCount: 2,
      currency: null,
      timeZone: "UTC",
      firstOrderAt: "2024-03-01T10:00:00.000Z",
      lastOrderAt: "2024-03-03T00:00:00.000Z",
    });
  });

  it("is frozen and leaves the input untouched", () => {
    const input = [base(), base({ orderId: "o2", refunded: "1.00" })];
    const copy = structuredClone(input);
    const book = prepareOrders(input);
    expect(input).toEqual(copy);
    expect(Object.isFrozen(book)).toBe(true);
  });

  it("accepts any iterable, including a generator", () => {
    function* gen(): Generator<Order> {
      for (let i = 0; i < 3000; i++) yield base({ orderId: `o${i}`, customerId: `c${i % 7}` });
    }
    const book = prepareOrders(gen());
    expect(book.orderCount).toBe(3000);
    expect(book.customerCount).toBe(7);
  });

  it("gives the same book from a generator as from an array when the customers outgrow the first per-customer arrays", () => {
    // 300 customers: more than the per-customer arrays start with (64 for an iterable, orders / 4 for an array).
    // Every third customer's later order is placed before its first one, so first orders are replaced.
    const orders: Order[] = [];
    for (let i = 0; i < 600; i++) {
      const c = i % 300;
      const day = i < 300 ? 10 : c % 3 === 0 ? 1 : 20;
      orders.push(base({ orderId: `o${i}`, customerId: `c${c}`, placedAt: `2024-03-${String(day).padStart(2, "0")}T10:00:00Z`, total: `${1 + (i % 9)}.50` }));
    }
    function* gen(): Generator<Order> {
      yield* orders;
    }
    const fromArray = customerSummaries(prepareOrders(orders), { asOf: "2024-04-01" });
    const fromGenerator = customerSummaries(prepareOrders(gen()), { asOf: "2024-04-01" });
    expect(JSON.stringify(fromGenerator)).toBe(JSON.stringify(fromArray));
    expect(fromArray.customerCount).toBe(300);
    expect(fromArray.customers[0]!.firstOrderAt).toBe("2024-03-01T10:00:00.000Z");
    expect(fromArray.customers[1]!.firstOrderAt).toBe("2024-03-10T10:00:00.000Z");
    expect(prepareOrders(orders).firstOrderAt).toBe("2024-03-01T10:00:00.000Z");
  });

  it("reads rows of another shape through accessors without copying them", () => {
    const rows = [
      { id: 1, user: "u", at: "2024-01-01", cents: 1999 },
      { id: 2, user: "v", at: "2024-01-02", cents: 1 },
    ];
    const book = prepareOrders(rows, {
      accessors: { orderId: (r) => r.id, customerId: (r) => r.user, placedAt: (r) => r.at, total: (r) => new Decimal(r.cents).div(100) },
    });
    expect(summarize(book).revenue.net.toFixed(2)).toBe("20.00");
  });

  it("treats __proto__ and constructor as ordinary customer ids", () => {
    const s = summarize([
      base({ orderId: "1", customerId: "__proto__" }),
      base({ orderId: "2", customerId: "__proto__" }),
      base({ orderId: "3", customerId: "constructor" }),
      base({ orderId: "4", customerId: "hasOwnProperty" }),
    ]);
    expect(s.customers).toBe(3);
    expect(s.repeatCustomers).toBe(1);
  });

  it("reads numbers as ids through their decimal string, so 1 and '1' are one customer", () => {
    const s = summarize([base({ orderId: 1, customerId: 1 }), base({ orderId: 2, customerId: "1" })]);
    expect(s.customers).toBe(1);
  });

  it("reads wall-clock strings in the given time zone, and instants with offsets as they are", () => {
    const book = prepareOrders(
      [base({ placedAt: "2024-03-31T23:30" }), base({ orderId: "o2", placedAt: "2024-03-31T23:30:00+02:00" })],
      { timeZone: "Europe/Prague" },
    );
    // 23:30 in Prague on 31 March 2024 is CEST (UTC+2) -> 21:30Z, the same instant as the offset string.
    expect(book.firstOrderAt).toBe("2024-03-31T21:30:00.000Z");
    expect(book.lastOrderAt).toBe("2024-03-31T21:30:00.000Z");
    expect(book.timeZone).toBe("Europe/Prague");
  });

  it("keeps money exact at mixed scales: 0.1 + 0.2 is 0.3, and 3 decimals rescale earlier rows", () => {
    const s = summarize([base({ total: 0.1 }), base({ orderId: "o2", total: "0.2" }), base({ orderId: "o3", total: "1.005" })]);
    // 0.1 + 0.2 + 1.005 = 1.305 exactly
    expect(s.revenue.gross.toString()).toBe("1.305");
  });

  it("accepts exponent notation and normalises -0", () => {
    const s = summarize([base({ total: "1.5e2" }), base({ orderId: "o2", total: -0 }), base({ orderId: "o3", total: 1e-7 })]);
    expect(s.revenue.gross.toString()).toBe("150.0000001");
  });

  it("accepts a single currency on every order", () => {
    const book = prepareOrders([base({ currency: "EUR" }), base({ orderId: "o2", currency: "EUR" })]);
    expect(book.currency).toBe("EUR");
  });
});

describe("prepareOrders: every error code", () => {
  it("INVALID_RECORD for a non-object", () => {
    expectError(() => prepareOrders([base(), null as unknown as Order]), "INVALID_RECORD", 1, "order");
  });
  it("INVALID_ORDER_ID for missing or empty ids", () => {
    expectError(() => prepareOrders([base({ orderId: "" })]), "INVALID_ORDER_ID", 0, "orderId");
    expectError(() => prepareOrders([{ customerId: "c", placedAt: 0, total: 1 } as unknown as Order]), "INVALID_ORDER_ID", 0, "orderId");
  });
  it("DUPLICATE_ORDER_ID names both rows", () => {
    const err = expectError(() => prepareOrders([base(), base({ orderId: "o2" }), base()]), "DUPLICATE_ORDER_ID", 2, "orderId");
    expect(err.message).toContain("order 0");
  });
  it("DUPLICATE_ORDER_ID is still the first bad record when a later record fails (the id check runs after the loop)", () => {
    // dup at 2, bad date at 3: the duplicate wins
    expectError(() => prepareOrders([base(), base({ orderId: "o2" }), base(), base({ orderId: "o4", placedAt: "nope" })]), "DUPLICATE_ORDER_ID", 2, "orderId");
    // bad date at 1, dup at 2: the date wins
    expectError(() => prepareOrders([base(), base({ orderId: "o2", placedAt: "nope" }), base()]), "INVALID_DATE", 1, "placedAt");
    // the same record repeats an id and has a bad date: the id is checked first, as before
    expectError(() => prepareOrders([base(), base({ placedAt: "nope" })]), "DUPLICATE_ORDER_ID", 1, "orderId");
    // a duplicate among many ids (several hash runs), found at its later index
    const many = Array.from({ length: 5000 }, (_, k) => base({ orderId: `id-${k}` }));
    many.push(base({ orderId: "id-1234" }));
    const err = expectError(() => prepareOrders(many), "DUPLICATE_ORDER_ID", 5000, "orderId");
    expect(err.message).toContain("order 1234");
  });
  it("INVALID_CUSTOMER_ID and EMPTY_CUSTOMER_ID", () => {
    expectError(() => prepareOrders([base({ customerId: undefined as unknown as string })]), "INVALID_CUSTOMER_ID", 0, "customerId");
    expectError(() => prepareOrders([base(), base({ orderId: "x", customerId: "" })]), "EMPTY_CUSTOMER_ID", 1, "customerId");
  });
  it.each([
    ["2024-13-01"],
    ["2024-02-30"],
    ["2024-02-03T25:00"],
    ["yesterday"],
    [""],
    ["2024-02-03T10:00+2"],
    [Number.NaN],
    [new Date(Number.NaN)],
    [null],
  ])("INVALID_DATE for %s", (placedAt) => {
    expectError(() => prepareOrders([base({ placedAt: placedAt as Order["placedAt"] })]), "INVALID_DATE", 0, "placedAt");
  });
  it.each([["abc"], ["1,5"], [""], [Number.POSITIVE_INFINITY], [null], ["12345678901234567890"], ["0.0000000000001"]])(
    "INVALID_AMOUNT for %s",
    (total) => {
      expectError(() => prepareOrders([base({ total: total as Order["total"] })]), "INVALID_AMOUNT", 0, "total");
    },
  );
  it("NEGATIVE_TOTAL, NEGATIVE_REFUND and REFUND_EXCEEDS_TOTAL", () => {
    expectError(() => prepareOrders([base({ total: "-1" })]), "NEGATIVE_TOTAL", 0, "total");
    expectError(() => prepareOrders([base({ refunded: "-0.01" })]), "NEGATIVE_REFUND", 0, "refunded");
    expectError(() => prepareOrders([base({ total: "10.00", refunded: "10.01" })]), "REFUND_EXCEEDS_TOTAL", 0, "refunded");
    // refund at a finer scale than the total, compared exactly after rescaling
    expectError(() => prepareOrders([base({ total: "10", refunded: "10.001" })]), "REFUND_EXCEEDS_TOTAL", 0, "refunded");
    expect(prepareOrders([base({ total: "10", refunded: "10.000" })]).orderCount).toBe(1);
  });
  it("INVALID_CURRENCY and MIXED_CURRENCY (including set against unset)", () => {
    expectError(() => prepareOrders([base({ currency: "usd" })]), "INVALID_CURRENCY", 0, "currency");
    expectError(() => prepareOrders([base({ currency: "USD" }), base({ orderId: "2", currency: "EUR" })]), "MIXED_CURRENCY", 1, "currency");
    expectError(() => prepareOrders([base(), base({ orderId: "2", currency: "EUR" })]), "MIXED_CURRENCY", 1, "currency");
    expectError(() => prepareOrders([base({ currency: "EUR" }), base({ orderId: "2" })]), "MIXED_CURRENCY", 1, "currency");
  });
  it("INVALID_SEGMENT", () => {
    expectError(() => prepareOrders([base({ segment: 3 as unknown as string })]), "INVALID_SEGMENT", 0, "segment");
  });
  it("INVALID_TIME_ZONE and INVALID_OPTION", () => {
    expectError(() => prepareOrders([base()], { timeZone: "Mars/Olympus" }), "INVALID_TIME_ZONE", null, "timeZone");
    expectError(() => prepareOrders(42 as unknown as Order[]), "INVALID_OPTION", null, "orders");
    expectError(() => summarize([base()], { revenue: "cash" as "net" }), "INVALID_OPTION", null, "revenue");
    expectError(() => summarize([base()], { from: "2024-02-01", to: "2024-01-01" }), "INVALID_OPTION", null, "to");
    expectError(() => summarize([base()], { asOf: "soon" }), "INVALID_OPTION", null, "asOf");
  });
  it("rejects analysing a book of wall-clock times in another zone", () => {
    const book = prepareOrders([base({ placedAt: "2024-03-01T10:00" })], { timeZone: "Asia/Kolkata" });
    expectError(() => summarize(book, { timeZone: "UTC" }), "INVALID_OPTION", null, "timeZone");
    // a book of absolute instants may be analysed in any zone
    expect(summarize(prepareOrders([base()]), { timeZone: "Asia/Kolkata" }).orders).toBe(1);
  });
});

// Issue 15, point 7: input traps that used to pass silently or be refused for no good reason.
describe("prepareOrders: input traps", () => {
  it("refuses a yyyymmdd number (read as epoch ms it lands on 1970-01-01) with INVALID_DATE naming the date", () => {
    const orders = [base(), base({ orderId: "o2", placedAt: 19970101 }), base({ orderId: "o3" })];
    const e = expectError(() => prepareOrders(orders), "INVALID_DATE", 1, "placedAt");
    expect(e.message).toContain("looks like the date 1997-01-01 written as a yyyymmdd number");
    expect(e.message).toContain('"1997-01-01"');
    // The same through a metric given plain orders, and through accessors returning numbers.
    expectError(() => summarize(orders), "INVALID_DATE", 1, "placedAt");
    const rows = [{ id: 1, user: "u", day: 20240131, cents: "1" }];
    expectError(
      () => prepareOrders(rows, { accessors: { orderId: (r) => r.id, customerId: (r) => r.user, placedAt: (r) => r.day, total: (r) => r.cents } }),
      "INVALID_DATE",
      0,
      "placedAt",
    );
    // The string forms of the same date are read as calendar dates.
    expect(prepareOrders([base({ placedAt: "19970101" })]).firstOrderAt).toBe("1997-01-01T00:00:00.000Z");
  });

  it("refuses epoch seconds given as epoch milliseconds, and any time before earliestDate (default 1990-01-01)", () => {
    const seconds = Date.UTC(2024, 0, 3, 9) / 1000;
    const e = expectError(() => prepareOrders([base({ placedAt: seconds })]), "INVALID_DATE", 0, "placedAt");
    expect(e.message).toContain("looks like epoch seconds (2024-01-03T09:00:00.000Z)");
    expect(e.message).toContain("Multiply epoch seconds by 1000");
    for (const placedAt of [0, -1, Date.UTC(1989, 11, 31, 23, 59, 59, 999), new Date(0), "1970-01-01T00:00:00Z", "1989-12-31"]) {
      const err = expectError(() => prepareOrders([base({ placedAt })]), "INVALID_DATE", 0, "placedAt");
      expect(err.message).toContain("before earliestDate 1990-01-01T00:00:00.000Z");
      expect(err.message).toContain("prepareOrders(orders, { earliestDate: null })");
    }
    expect(prepareOrders([base({ placedAt: Date.UTC(1990, 0, 1) })]).firstOrderAt).toBe("1990-01-01T00:00:00.000Z");
  });

  it("earliestDate moves the bound (read in timeZone when date-only) or, as null, removes it", () => {
    expect(prepareOrders([base({ placedAt: "1985-06-01" })], { earliestDate: "1980-01-01" }).firstOrderAt).toBe("1985-06-01T00:00:00.000Z");
    expect(prepareOrders([base({ placedAt: 0 })], { earliestDate: null }).firstOrderAt).toBe("1970-01-01T00:00:00.000Z");
    expect(prepareOrders([base({ placedAt: 19970101 })], { earliestDate: null }).firstOrderAt).toBe(new Date(19970101).toISOString());
    // A later bound: 2023-12-31T23:30 UTC is 2024-01-01 00:30 in Prague, so after a Prague earliestDate of 2024-01-01.
    const prague = { timeZone: "Europe/Prague", earliestDate: "2024-01-01" };
    expect(prepareOrders([base({ placedAt: "2023-12-31T23:30:00Z" })], prague).orderCount).toBe(1);
    expectError(() => prepareOrders([base({ placedAt: "2023-12-31T22:59:59Z" })], prague), "INVALID_DATE", 0, "placedAt");
    expectError(() => prepareOrders([base()], { earliestDate: "soon" }), "INVALID_OPTION", null, "earliestDate");
  });

  it("reads Shopify's \"Created at\" (2024-01-03 09:00:55 +0100) and the other RFC 3339 variants", () => {
    const canonical = prepareOrders([base({ placedAt: "2024-01-03T08:00:55Z" })]).firstOrderAt;
    for (const placedAt of ["2024-01-03 09:00:55 +0100", "2024-01-03 09:00:55 +01:00", "2024-01-03 09:00:55 +01", "2024-01-03t08:00:55z", "2024-01-03 08:00:55Z"]) {
      expect(prepareOrders([base({ placedAt })]).firstOrderAt, placedAt).toBe(canonical);
    }
    for (const placedAt of ["2024-01-03 09:00:55 +1", "2024-01-03 09:00:55 +01:0", "2024-01-03 09:00:55 +0160", "2024-01-03 09:00:55 +0100 CET"]) {
      expectError(() => prepareOrders([base({ placedAt })]), "INVALID_DATE", 0, "placedAt");
    }
  });

  it("reads an empty string in an optional field (refunded, currency, segment) as absent, as a CSV reader writes an empty cell", () => {
    const csv = [
      base({ refunded: "", currency: "", segment: "" }),
      base({ orderId: "o2", customerId: "c2", placedAt: "2024-04-01", total: "5", refunded: "1", currency: "", segment: "ads" }),
    ];
    const absent = [base(), base({ orderId: "o2", customerId: "c2", placedAt: "2024-04-01", total: "5", refunded: "1", segment: "ads" })];
    const a = prepareOrders(csv);
    const b = prepareOrders(absent);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.currency).toBeNull();
    expect(JSON.stringify(summarize(a))).toBe(JSON.stringify(summarize(b)));
    expect(JSON.stringify(cohortTable(a, { segmentBy: "segment" }))).toBe(JSON.stringify(cohortTable(b, { segmentBy: "segment" })));
    expect(JSON.stringify(customerSummaries(a))).toBe(JSON.stringify(customerSummaries(b)));
    // An empty currency is "no currency": against a set one it is mixed, as a missing one is.
    expectError(() => prepareOrders([base({ currency: "USD" }), base({ orderId: "o2", currency: "" })]), "MIXED_CURRENCY", 1, "currency");
    // Required fields stay required.
    expectError(() => prepareOrders([base({ total: "" })]), "INVALID_AMOUNT", 0, "total");
    expectError(() => prepareOrders([base({ orderId: "" })]), "INVALID_ORDER_ID", 0, "orderId");
    expectError(() => prepareOrders([base({ customerId: "" })]), "EMPTY_CUSTOMER_ID", 0, "customerId");
    expectError(() => prepareOrders([base({ placedAt: "" })]), "INVALID_DATE", 0, "placedAt");
    // Only the empty string: blanks are still refused.
    expectError(() => prepareOrders([base({ refunded: " " })]), "INVALID_AMOUNT", 0, "refunded");
    expectError(() => prepareOrders([base({ currency: " " })]), "INVALID_CURRENCY", 0, "currency");
  });

  it("the INVALID_DATE examples of docs/errors.md are the messages thrown", () => {
    const docs = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
    const section = docs.slice(docs.indexOf("## INVALID_DATE"), docs.indexOf("## INVALID_AMOUNT"));
    const message = (fn: () => unknown): string => expectRetentionError(fn, { code: "INVALID_DATE", field: "placedAt" }).message.replace(/ See \S+$/, "");
    const one = (placedAt: Order["placedAt"]): void => {
      prepareOrders([base({ placedAt })]);
    };
    for (const m of [
      message(() => one("2024-13-01")),
      message(() => prepareOrders([base(), base({ orderId: "o2", placedAt: 19970101 })])),
      message(() => one(1704067200)),
      message(() => one(0)),
    ]) {
      expect(section).toContain("`" + m + "`");
    }
  });
});

describe("prepareOrders: hostile input (issue 19)", () => {
  it("refuses a Decimal amount with a huge exponent at once, as a too-large amount (no toFixed of 10^8 digits)", () => {
    for (const [raw, field] of [
      [new Decimal("1e100000000"), "total"],
      [new Decimal("1e1000000000"), "total"],
      [new Decimal("1e-100000000"), "total"],
      [new Decimal("1e100000000"), "refunded"],
    ] as const) {
      const err = expectRetentionError(() => prepareOrders([base({ total: "10", [field]: raw })]), { code: "INVALID_AMOUNT", index: 0, field });
      // The same words as the over-large string amount "1e500".
      const plain = expectRetentionError(() => prepareOrders([base({ total: "10", [field]: "1e500" })]), { code: "INVALID_AMOUNT", index: 0, field });
      expect(err.message.replace(/\(got .*\)/, "")).toBe(plain.message.replace(/\(got .*\)/, ""));
    }
    // Decimals of ordinary size still read exactly.
    expect(prepareOrders([base({ total: new Decimal("1.5e3") })]).orderCount).toBe(1);
  });

  it("refuses customer and order ids that are numbers past 2^53 − 1, with a hint to pass strings or BigInt", () => {
    // JSON.parse makes one number of two 64-bit ids: both would be one customer.
    const [a, b] = JSON.parse("[9007199254740993, 9007199254740992]") as [number, number];
    for (const [over, code, field] of [
      [{ customerId: a }, "INVALID_CUSTOMER_ID", "customerId"],
      [{ customerId: -b }, "INVALID_CUSTOMER_ID", "customerId"],
      [{ orderId: b }, "INVALID_ORDER_ID", "orderId"],
      [{ customerId: 1e300 }, "INVALID_CUSTOMER_ID", "customerId"],
    ] as const) {
      const err = expectRetentionError(() => prepareOrders([base(), base({ orderId: "o2", ...over })]), { code, index: 1, field });
      expect(err.message).toContain("strings or BigInt");
    }
    // The largest safe integers, and bigints past them, are ids as before.
    const book = prepareOrders([
      base({ customerId: Number.MAX_SAFE_INTEGER, orderId: -Number.MAX_SAFE_INTEGER }),
      base({ customerId: 9007199254740993n as never, orderId: 9007199254740992n as never }),
    ]);
    expect(book.customerCount).toBe(2);
  });

  it("refuses a sparse array of length 2^32 − 1 as INVALID_RECORD at its first hole, not RangeError", () => {
    const sparse: Order[] = [];
    sparse.length = 2 ** 32 - 1;
    expectRetentionError(() => prepareOrders(sparse), { code: "INVALID_RECORD", index: 0, field: "order" });
    const tail: Order[] = [base()];
    tail.length = 2 ** 32 - 1;
    expectRetentionError(() => prepareOrders(tail), { code: "INVALID_RECORD", index: 1, field: "order" });
  });

  it("refuses a placedAt outside the years 0001–9999 at input, so cohortTable never throws RangeError", () => {
    expectRetentionError(() => prepareOrders([base({ placedAt: "+010000-01-01T00:00:00Z" })]), { code: "INVALID_DATE", index: 0, field: "placedAt" });
    for (const placedAt of [8.64e15, -8.64e15, new Date(8.64e15), new Date(-8.64e15), 253_402_300_800_000, -62_135_596_800_001]) {
      const err = expectRetentionError(() => prepareOrders([base({ placedAt })], { earliestDate: null }), { code: "INVALID_DATE", index: 0, field: "placedAt" });
      expect(err.message).toContain("outside the years 0001–9999");
    }
    // The last and first instants of those years work through every calendar computation, in zones either side of UTC.
    for (const timeZone of ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York"]) {
      for (const granularity of ["day", "week", "month", "quarter", "year"] as const) {
        const late = prepareOrders([base({ placedAt: "9999-12-31T23:59:59.999Z" })], { timeZone });
        expect(cohortTable(late, { granularity }).cohorts.length).toBe(1);
        const early = prepareOrders([base({ placedAt: "0001-01-01T00:00:00Z" })], { timeZone, earliestDate: null });
        expect(cohortTable(early, { granularity }).cohorts.length).toBe(1);
      }
    }
  });
});
