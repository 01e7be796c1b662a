import { expectRetentionError } from "../support/expectRetentionError.js";
import type { RetentionMetricsErrorCode } from "../../src/core/RetentionMetricsError.js";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { OrderBook, prepareOrders, RetentionMetricsError, summarize, type Order } from "../../src/index.js";

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
