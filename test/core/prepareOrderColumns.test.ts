import * as arrow from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cohortTable,
  customerSummaries,
  OrderBook,
  prepareOrderColumns,
  prepareOrders,
  summarize,
  type Order,
  type OrderColumnsInput,
  type RetentionMetricsErrorCode,
} from "../../src/index.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const TZ = "Europe/Prague";
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** The analysis of issue 6 on a book: summary, monthly cohorts in Europe/Prague, per-customer summaries. */
const analysis = (book: OrderBook): string =>
  JSON.stringify([
    summarize(book, { timeZone: TZ }),
    cohortTable(book, { timeZone: TZ }),
    cohortTable(book, { timeZone: TZ, segmentBy: "segment" }),
    customerSummaries(book, { timeZone: TZ }),
    book,
  ]);

const cents = (x: number): string => (x / 100).toFixed(2);

const expectError = (fn: () => unknown, code: RetentionMetricsErrorCode, index: number | null, field: string | null): void => {
  expectRetentionError(fn, { code, index, field });
};

const small = (): OrderColumnsInput => ({
  customerId: ["ann", "bob", "ann"],
  placedAt: [T0, T0 + DAY, T0 + 40 * DAY],
  total: [2000, 1500, 3550],
});

describe("prepareOrderColumns: the same book as prepareOrders", () => {
  it("hand example: 3 orders, 2 customers; net = 2000 + 3550 + 1200 − 550 = 6200 cents = 62", () => {
    const book = prepareOrderColumns(
      {
        customerId: new Uint32Array([7, 7, 9]),
        placedAt: new Float64Array([Date.UTC(2024, 0, 5), Date.UTC(2024, 1, 9), Date.UTC(2024, 1, 10)]),
        total: new Int32Array([2000, 3550, 1200]),
        refunded: new Int32Array([0, 550, 0]),
      },
      { currency: "EUR" },
    );
    expect(book.orderCount).toBe(3);
    expect(book.customerCount).toBe(2);
    expect(book.currency).toBe("EUR");
    const s = summarize(book);
    expect(s.revenue.net.toString()).toBe("62");
    expect(s.revenue.refunded.toString()).toBe("5.5");
    expect(s.repeatCustomers).toBe(1);
    // Numeric keys become their decimal string ids, in order of first appearance.
    expect(customerSummaries(book).customers.map((c) => c.customerId)).toEqual(["7", "9"]);
  });

  it("equals prepareOrders on the same orders (JSON of summarize, cohortTable, customerSummaries), property", () => {
    const row = fc.record({
      customer: fc.integer({ min: 0, max: 6 }),
      // Few distinct instants, so first orders tie and the order-id tie-break is exercised.
      day: fc.integer({ min: 0, max: 12 }),
      hour: fc.constantFrom(0, 0, 12, 23),
      total: fc.integer({ min: 0, max: 50_000 }),
      refundShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      segment: fc.option(fc.constantFrom("ads", "mail", "__proto__"), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom("strings", "numbers", "typed", "bigint"),
        fc.constantFrom("strings", "numbers", "none"),
        fc.boolean(),
        (unsorted, idSeed, customerKind, orderIdKind, byTime) => {
          // Time-sorted input (as exports usually are, with ties) takes a shortcut in finding first orders.
          const rows = byTime ? [...unsorted].sort((a, b) => a.day - b.day || a.hour - b.hour) : unsorted;
          const n = rows.length;
          // Distinct (i ↦ i·k mod p is one-to-one below the prime p) and scrambled, so later rows often have smaller ids.
          const ids = rows.map((_, i) => ((i * 2_654_435_761) % 1_000_003 + idSeed) % 1_000_003);
          const orders: Order[] = rows.map((r, i) => {
            const refunded = r.refundShare === undefined ? undefined : Math.floor(r.total * r.refundShare);
            const o: Order = {
              orderId: orderIdKind === "strings" ? `o${ids[i]}` : orderIdKind === "numbers" ? (ids[i] as number) : String(i),
              customerId: customerKind === "strings" ? (r.customer === 3 ? "__proto__" : `c${r.customer}`) : String(r.customer * 1000),
              placedAt: T0 + r.day * DAY + r.hour * 3_600_000,
              total: cents(r.total),
              segment: r.segment,
            };
            if (refunded !== undefined) o.refunded = cents(refunded);
            return o;
          });
          const columns: OrderColumnsInput = {
            customerId:
              customerKind === "strings"
                ? orders.map((o) => o.customerId as string)
                : customerKind === "numbers"
                  ? rows.map((r) => r.customer * 1000)
                  : customerKind === "typed"
                    ? Uint32Array.from(rows, (r) => r.customer * 1000)
                    : BigInt64Array.from(rows, (r) => BigInt(r.customer * 1000)),
            placedAt: Float64Array.from(orders, (o) => o.placedAt as number),
            total: rows.map((r) => r.total),
            refunded: rows.map((r) => (r.refundShare === undefined ? null : Math.floor(r.total * r.refundShare))),
            segment: rows.map((r) => r.segment),
          };
          if (orderIdKind === "strings") columns.orderId = orders.map((o) => o.orderId as string);
          if (orderIdKind === "numbers") columns.orderId = Float64Array.from(ids);
          const fromColumns = prepareOrderColumns(columns, { timeZone: TZ });
          const fromObjects = prepareOrders(orders, { timeZone: TZ });
          // Without order ids, ties go to the earlier row; with ids "0".."n-1" compared as strings the same
          // holds only below 10 rows, so compare the id-less book to the objects only there.
          if (orderIdKind !== "none" || n <= 10) expect(analysis(fromColumns)).toBe(analysis(fromObjects));
          expect(fromColumns.orderCount).toBe(n);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("is the same from plain arrays, typed arrays, BigInt64Array and Date objects", () => {
    const want = analysis(prepareOrderColumns(small()));
    const t = [T0, T0 + DAY, T0 + 40 * DAY];
    expect(analysis(prepareOrderColumns({ ...small(), placedAt: Float64Array.from(t) }))).toBe(want);
    expect(analysis(prepareOrderColumns({ ...small(), placedAt: BigInt64Array.from(t, BigInt) }))).toBe(want);
    expect(analysis(prepareOrderColumns({ ...small(), placedAt: t.map((x) => new Date(x)) }))).toBe(want);
    expect(analysis(prepareOrderColumns({ ...small(), placedAt: t.map((x) => new Date(x).toISOString()) }))).toBe(want);
    expect(analysis(prepareOrderColumns({ ...small(), total: new Int32Array([2000, 1500, 3550]) }))).toBe(want);
    expect(analysis(prepareOrderColumns({ ...small(), total: new Float64Array([2000, 1500, 3550]) }))).toBe(want);
    expect(analysis(prepareOrderColumns({ ...small(), total: new BigInt64Array([2000n, 1500n, 3550n]) }))).toBe(want);
    expect(analysis(prepareOrderColumns({ ...small(), refunded: [null, undefined, 0] }))).toBe(want);
  });

  it("maps numeric keys spread far apart (hash table) like close ones (direct table)", () => {
    const keys = [1e15, -3, 1e15, 2.5, -3, 0];
    const book = prepareOrderColumns({ customerId: keys, placedAt: keys.map((_, i) => T0 + i), total: keys.map(() => 100) });
    expect(customerSummaries(book).customers.map((c) => [c.customerId, c.orders])).toEqual([
      ["1000000000000000", 2],
      ["-3", 2],
      ["2.5", 1],
      ["0", 1],
    ]);
    const close = prepareOrderColumns({ customerId: new Int32Array([5, -2, 5, -0]), placedAt: [T0 + 1, T0 + 2, T0 + 3, T0 + 4], total: [1, 1, 1, 1] });
    expect(customerSummaries(close).customers.map((c) => [c.customerId, c.orders])).toEqual([
      ["5", 2],
      ["-2", 1],
      ["0", 1],
    ]);
    // Many keys far apart (the hash table grows several times): each key once, then again in reverse.
    const many = Float64Array.from({ length: 400_000 }, (_, i) => (i % 200_000) * 1e6 + 0.5);
    const manyBook = prepareOrderColumns({ customerId: many, placedAt: new Float64Array(many.length).fill(T0), total: new Int32Array(many.length) });
    expect(manyBook.customerCount).toBe(200_000);
    expect(customerSummaries(manyBook).customers.slice(-1)[0]?.customerId).toBe(String(199_999 * 1e6 + 0.5));
    // Numbers and strings in one array: 1 and "1" are one customer, as in prepareOrders.
    const mixed = prepareOrderColumns({ customerId: [1, "1", "x"], placedAt: [T0 + 1, T0 + 2, T0 + 3], total: [1, 1, 1] });
    expect(mixed.customerCount).toBe(2);
    // BigInt keys beyond 2^53 keep their exact decimal strings.
    const big = prepareOrderColumns({ customerId: new BigInt64Array([2n ** 60n, 2n ** 60n + 1n]), placedAt: [T0 + 1, T0 + 2], total: [1, 1] });
    expect(customerSummaries(big).customers.map((c) => c.customerId)).toEqual(["1152921504606846976", "1152921504606846977"]);
  });

  it("reads 64-bit integer columns exactly: negative, unsigned, at ±(2^53 − 1), and at an offset into their buffer", () => {
    const max = 2 ** 53 - 1;
    const keys = new BigInt64Array([0n, -1n, BigInt(max), BigInt(-max), -(2n ** 32n), 2n ** 32n + 5n]);
    const book = prepareOrderColumns({ customerId: keys, placedAt: new BigInt64Array(6).fill(BigInt(T0)), total: new BigUint64Array(6).fill(7n) });
    expect(customerSummaries(book).customers.map((c) => c.customerId)).toEqual(["0", "-1", String(max), String(-max), "-4294967296", "4294967301"]);
    expect(summarize(book).revenue.net.toString()).toBe("0.42");
    const buffer = new BigInt64Array([99n, BigInt(T0), BigInt(T0 - 1), 99n]);
    const sliced = prepareOrderColumns({ customerId: [1, 2], placedAt: buffer.subarray(1, 3), total: new BigInt64Array([5n, 6n, 7n]).subarray(1) });
    expect(sliced.firstOrderAt).toBe(new Date(T0 - 1).toISOString());
    expect(summarize(sliced).revenue.net.toString()).toBe("0.13");
    expectError(() => prepareOrderColumns({ customerId: [1, 2], placedAt: [T0 + 1, T0 + 2], total: new BigUint64Array([1n, 2n ** 63n]) }), "INVALID_AMOUNT", 1, "total");
    expectError(() => prepareOrderColumns({ customerId: [1, 2], placedAt: [T0 + 1, T0 + 2], total: new BigInt64Array([1n, -(2n ** 53n)]) }), "INVALID_AMOUNT", 1, "total");
  });

  it('"__proto__" is an ordinary customer id and segment label', () => {
    const book = prepareOrderColumns({
      customerId: ["__proto__", "constructor", "__proto__"],
      placedAt: [T0, T0 + DAY, T0 + 2 * DAY],
      total: [100, 200, 300],
      segment: ["__proto__", null, "__proto__"],
    });
    expect(book.customerCount).toBe(2);
    const c = customerSummaries(book).customers;
    expect(c.map((x) => [x.customerId, x.orders])).toEqual([
      ["__proto__", 2],
      ["constructor", 1],
    ]);
    expect(cohortTable(book, { segmentBy: "segment" }).segments?.map((s) => s.segment)).toContain("__proto__");
  });

  it("empty columns give an empty book", () => {
    const book = prepareOrderColumns({ customerId: [], placedAt: new Float64Array(0), total: new Int32Array(0) });
    expect(book.orderCount).toBe(0);
    expect(book.customerCount).toBe(0);
    expect(book.firstOrderAt).toBeNull();
    expect(analysis(book)).toBe(analysis(prepareOrders([])));
  });

  it("reads scale and currency options; amounts are integer minor units", () => {
    const yen = prepareOrderColumns({ customerId: [1], placedAt: [T0], total: [1500] }, { scale: 0, currency: "JPY" });
    expect(summarize(yen).revenue.net.toString()).toBe("1500");
    const kwd = prepareOrderColumns({ customerId: [1], placedAt: [T0], total: [1500] }, { scale: 3 });
    expect(summarize(kwd).revenue.net.toString()).toBe("1.5");
  });

  it("without order ids, a customer's first order among same-millisecond orders is the earlier row", () => {
    const book = prepareOrderColumns({ customerId: ["a", "a"], placedAt: [T0, T0], total: [100, 900] });
    const t = cohortTable(book, { segmentBy: (first) => first.orderId });
    expect(t.segments?.map((s) => s.segment)).toEqual(["0"]);
    expect(summarize(book).firstOrders.revenue.toString()).toBe("1");
  });

  it("a customer's first order among same-millisecond orders is the smaller order id (as strings), sorted input or not", () => {
    // Rows 1 and 2 tie at T0 + DAY for customer a; "B-10" < "B-9" as strings, so row 2 is a's first order.
    const columns: OrderColumnsInput = {
      orderId: ["A-1", "B-9", "B-10", "C-1"],
      customerId: ["z", "a", "a", "a"],
      placedAt: [T0, T0 + DAY, T0 + DAY, T0 + 2 * DAY],
      total: [100, 200, 300, 400],
      segment: ["z", "row 1", "row 2", "row 3"],
    };
    const first = (book: OrderBook): (string | null)[] | undefined => cohortTable(book, { segmentBy: "segment" }).segments?.map((x) => x.segment);
    expect(first(prepareOrderColumns(columns))).toEqual(["row 2", "z"]);
    expect(summarize(prepareOrderColumns(columns)).firstOrders.revenue.toString()).toBe("4");
    const swapped = { ...columns, orderId: ["A-1", "B-10", "B-9", "C-1"] };
    expect(first(prepareOrderColumns(swapped))).toEqual(["row 1", "z"]);
    // Numeric ids compare as strings too, as prepareOrders does: "10" < "9".
    expect(first(prepareOrderColumns({ ...columns, orderId: new Float64Array([1, 9, 10, 11]) }))).toEqual(["row 2", "z"]);
  });

  it("never mutates or keeps its inputs", () => {
    const total = new Int32Array([100, 200]);
    const placedAt = [T0, T0 + DAY];
    const customerId = Object.freeze(["a", "b"]);
    const book = prepareOrderColumns({ customerId, placedAt, total });
    const before = analysis(book);
    total[0] = 999;
    placedAt[1] = 0;
    expect(analysis(book)).toBe(before);
    expect([...total]).toEqual([999, 200]);
  });
});

describe("prepareOrderColumns: Apache Arrow tables", () => {
  const ms = [Date.UTC(2024, 0, 5, 10), Date.UTC(2024, 1, 9, 23, 30), Date.UTC(2024, 2, 10, 12)];
  const objects = (): Order[] => [
    { orderId: "A-1", customerId: "ann", placedAt: ms[0] as number, total: "20.00", segment: "ads" },
    { orderId: "A-2", customerId: "ann", placedAt: ms[1] as number, total: "35.50", refunded: "5.50" },
    { orderId: "B-1", customerId: "bob", placedAt: ms[2] as number, total: "12.00", segment: "mail" },
  ];
  const names = { customerId: "customer_id", placedAt: "placed_at", orderId: "order_id" } as const;

  it("tableFromJSON (dictionary-encoded strings, nulls) with names mapped equals prepareOrders", () => {
    const table = arrow.tableFromJSON([
      { order_id: "A-1", customer_id: "ann", placed_at: ms[0], total: 2000, refunded: null, segment: "ads" },
      { order_id: "A-2", customer_id: "ann", placed_at: ms[1], total: 3550, refunded: 550, segment: null },
      { order_id: "B-1", customer_id: "bob", placed_at: ms[2], total: 1200, refunded: null, segment: "mail" },
    ]);
    expect(String(table.getChild("customer_id")?.type)).toMatch(/^Dictionary/);
    const book = prepareOrderColumns(table, { names, timeZone: TZ });
    expect(analysis(book)).toBe(analysis(prepareOrders(objects(), { timeZone: TZ })));
  });

  it("tableFromArrays with typed arrays, and timestamps of every unit, equal prepareOrders", () => {
    const want = analysis(prepareOrders(objects().map((o) => ({ ...o, customerId: o.customerId === "ann" ? 7 : 9 })), { timeZone: TZ }));
    const base = {
      customer_id: new Int32Array([7, 7, 9]),
      total: new Int32Array([2000, 3550, 1200]),
      refunded: new Int32Array([0, 550, 0]),
      order_id: ["A-1", "A-2", "B-1"],
      segment: ["ads", null, "mail"],
    };
    const fromF64 = arrow.tableFromArrays({ ...base, placed_at: Float64Array.from(ms) });
    expect(analysis(prepareOrderColumns(fromF64, { names, timeZone: TZ }))).toBe(want);
    const units: [arrow.DataType, number][] = [
      [new arrow.TimestampSecond(), 1000],
      [new arrow.TimestampMillisecond(), 1],
      [new arrow.TimestampMicrosecond(), 1],
      [new arrow.TimestampNanosecond(), 1],
    ];
    for (const [type] of units) {
      // Second resolution cannot hold these times; shift them to whole seconds (the same for every unit here).
      const placed = arrow.vectorFromArray(ms, type as arrow.Timestamp);
      const table = new arrow.Table({
        customer_id: arrow.vectorFromArray(base.customer_id),
        placed_at: placed,
        total: arrow.vectorFromArray(base.total),
        refunded: arrow.vectorFromArray(base.refunded),
        order_id: arrow.vectorFromArray(base.order_id),
        segment: arrow.vectorFromArray(base.segment),
      });
      expect(analysis(prepareOrderColumns(table, { names, timeZone: TZ })), String(type)).toBe(want);
    }
    // Arrow vectors may also be passed one by one in a columns object.
    const t = arrow.tableFromArrays({ ...base, placed_at: Float64Array.from(ms) });
    const cols: OrderColumnsInput = {
      customerId: t.getChild("customer_id") as arrow.Vector,
      placedAt: t.getChild("placed_at") as arrow.Vector,
      total: t.getChild("total") as arrow.Vector,
      refunded: t.getChild("refunded") as arrow.Vector,
      orderId: t.getChild("order_id") as arrow.Vector,
      segment: t.getChild("segment") as arrow.Vector,
    };
    expect(analysis(prepareOrderColumns(cols, { timeZone: TZ }))).toBe(want);
  });

  it("floors micro- and nanosecond timestamps to milliseconds, before 1970 too", () => {
    const table = new arrow.Table({
      customerId: arrow.vectorFromArray(["a", "b"]),
      placedAt: arrow.makeVector({
        type: new arrow.TimestampNanosecond(),
        data: new BigInt64Array([1_700_000_000_123_999_999n, -1n]),
      }),
      total: arrow.vectorFromArray(new Int32Array([1, 1])),
    });
    // earliestDate: null, as these instants are deliberately around 1970.
    const book = prepareOrderColumns(table, { earliestDate: null });
    expect(book.firstOrderAt).toBe("1969-12-31T23:59:59.999Z");
    expect(book.lastOrderAt).toBe(new Date(1_700_000_000_123).toISOString());
  });

  it("floors micro- and nanoseconds exactly (property against BigInt division)", () => {
    const floorDiv = (x: bigint, d: bigint): number => Number(x / d - (x % d < 0n ? 1n : 0n));
    fc.assert(
      // Order times lie in the years 0001–9999 (±2.6e17 µs; every Int64 of nanoseconds is within them).
      fc.property(fc.bigInt({ min: -(8n * 10n ** 18n), max: 8n * 10n ** 18n }), fc.constantFrom(1000n, 1_000_000n), (x0, d) => {
        const x = d === 1000n ? x0 / 32n : x0;
        const type = (d === 1000n ? new arrow.TimestampMicrosecond() : new arrow.TimestampNanosecond()) as arrow.TimestampNanosecond;
        const want = floorDiv(x, d);
        fc.pre(want >= -62_135_596_800_000 && want <= 253_402_300_799_999);
        const table = new arrow.Table({
          customerId: arrow.vectorFromArray(["a"]),
          placedAt: arrow.makeVector({ type, data: new BigInt64Array([x]) }),
          total: arrow.vectorFromArray(new Int32Array([1])),
        });
        expect(prepareOrderColumns(table, { earliestDate: null }).firstOrderAt).toBe(new Date(want).toISOString());
      }),
      { numRuns: 500 },
    );
  });

  it("reads nanosecond refund times exactly: a refund at the order's own instant is not before it", () => {
    // Past 2^53 ns, and a double division floors 1_700_000_000_002_000_000 ns to …001 ms: a refund at the order's
    // own instant would read as a millisecond before it.
    const ns = [1_700_000_000_002_000_000n];
    const table = new arrow.Table({
      customerId: arrow.vectorFromArray(["a"]),
      placedAt: arrow.makeVector({ type: new arrow.TimestampNanosecond(), data: new BigInt64Array(ns) }),
      total: arrow.vectorFromArray(new Int32Array([100])),
      refunded: arrow.vectorFromArray(new Int32Array([10])),
      refundedAt: arrow.makeVector({ type: new arrow.TimestampNanosecond(), data: new BigInt64Array(ns) }),
    });
    const book = prepareOrderColumns(table, { earliestDate: null });
    expect(book.firstOrderAt).toBe(new Date(1_700_000_000_002).toISOString());
  });

  it("reads Arrow dates, Int64 amounts, and tables split into several record batches", () => {
    const a = arrow.tableFromArrays({ customerId: new Int32Array([1, 2]), placedAt: Float64Array.from([ms[0] as number, ms[1] as number]), total: new BigInt64Array([100n, 200n]) });
    const b = arrow.tableFromArrays({ customerId: new Int32Array([2, 3]), placedAt: Float64Array.from([ms[2] as number, ms[2] as number]), total: new BigInt64Array([300n, 400n]) });
    const joined = new arrow.Table([...a.batches, ...b.batches]);
    expect(joined.batches.length).toBe(2);
    const book = prepareOrderColumns(joined);
    expect(book.orderCount).toBe(4);
    expect(customerSummaries(book).customers.map((c) => [c.customerId, c.orders])).toEqual([
      ["1", 1],
      ["2", 2],
      ["3", 1],
    ]);
    // A dictionary-encoded column in two chunks (each with its own dictionary), and a sliced table.
    const dictionary = (xs: string[]): arrow.Vector => arrow.vectorFromArray(xs, new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
    const ids = dictionary(["y", "x", "y"]).concat(dictionary(["z", "x"]));
    expect(ids.data.length).toBe(2);
    const chunked = new arrow.Table({
      customerId: ids,
      placedAt: arrow.vectorFromArray(Float64Array.from([1, 2, 3, 4, 5].map((k) => T0 + k))),
      total: arrow.vectorFromArray(new Int32Array([1, 1, 1, 1, 1])),
    });
    const counts = (bk: OrderBook): [string, number][] => customerSummaries(bk).customers.map((c) => [c.customerId, c.orders]);
    expect(counts(prepareOrderColumns(chunked))).toEqual([
      ["y", 2],
      ["x", 2],
      ["z", 1],
    ]);
    expect(counts(prepareOrderColumns(chunked.slice(1, 4)))).toEqual([
      ["x", 1],
      ["y", 1],
      ["z", 1],
    ]);
    const dates = new arrow.Table({
      customerId: arrow.vectorFromArray(["x"]),
      placedAt: arrow.vectorFromArray([new Date(Date.UTC(2024, 4, 1))], new arrow.DateDay()),
      total: arrow.vectorFromArray([1]),
    });
    expect(prepareOrderColumns(dates).firstOrderAt).toBe("2024-05-01T00:00:00.000Z");
  });

  it("rejects a decimal column, a missing column and nulls in required columns", () => {
    const decimalLike = { length: 1, nullCount: 0, type: { typeId: 7, toString: () => "Decimal[10e+2]" }, toArray: () => new Uint32Array(4), get: () => null };
    expectError(() => prepareOrderColumns({ customerId: [1], placedAt: [1], total: decimalLike }), "INVALID_COLUMN", null, "columns.total");
    const table = arrow.tableFromJSON([{ customer_id: "a", placed_at: 1, total: 1 }]);
    expectError(() => prepareOrderColumns(table), "INVALID_COLUMN", null, "columns.customerId");
    expectError(() => prepareOrderColumns(table, { names: { customerId: "customer_id", placedAt: "placed_at", refunded: "refund" } }), "INVALID_COLUMN", null, "columns.refunded");
    const nulls = arrow.tableFromJSON([
      { customerId: "a", placedAt: 1, total: 1 },
      { customerId: null, placedAt: 2, total: 1 },
    ]);
    expectError(() => prepareOrderColumns(nulls), "INVALID_CUSTOMER_ID", 1, "customerId");
    const nullTotal = arrow.tableFromJSON([
      { customerId: "a", placedAt: T0 + 1, total: 1 },
      { customerId: "b", placedAt: T0 + 2, total: null },
    ]);
    expectError(() => prepareOrderColumns(nullTotal), "INVALID_AMOUNT", 1, "total");
  });
});

describe("prepareOrderColumns: every error", () => {
  it("INVALID_COLUMN: missing, unreadable, of another length, not an object", () => {
    expectError(() => prepareOrderColumns({ placedAt: [1], total: [1] } as unknown as OrderColumnsInput), "INVALID_COLUMN", null, "columns.customerId");
    expectError(() => prepareOrderColumns({ ...small(), placedAt: "2024-01-01" } as unknown as OrderColumnsInput), "INVALID_COLUMN", null, "columns.placedAt");
    expectError(() => prepareOrderColumns({ ...small(), total: [1, 2] }), "INVALID_COLUMN", null, "columns.total");
    expectError(() => prepareOrderColumns({ ...small(), refunded: [1, 2, 3, 4] }), "INVALID_COLUMN", null, "columns.refunded");
    expectError(() => prepareOrderColumns({ ...small(), orderId: ["a"] }), "INVALID_COLUMN", null, "columns.orderId");
    expectError(() => prepareOrderColumns({ ...small(), segment: [] }), "INVALID_COLUMN", null, "columns.segment");
    expectError(() => prepareOrderColumns(null as unknown as OrderColumnsInput), "INVALID_COLUMN", null, "columns");
    // Inherited properties are not columns.
    expectError(() => prepareOrderColumns(Object.create(small()) as OrderColumnsInput), "INVALID_COLUMN", null, "columns.customerId");
  });

  it("INVALID_ORDER_ID and DUPLICATE_ORDER_ID, with string and numeric ids", () => {
    expectError(() => prepareOrderColumns({ ...small(), orderId: ["a", "", "c"] }), "INVALID_ORDER_ID", 1, "orderId");
    expectError(() => prepareOrderColumns({ ...small(), orderId: [1, NaN, 3] }), "INVALID_ORDER_ID", 1, "orderId");
    expectError(() => prepareOrderColumns({ ...small(), orderId: ["a", null, "c"] } as unknown as OrderColumnsInput), "INVALID_ORDER_ID", 1, "orderId");
    const dup = expectRetentionError(() => prepareOrderColumns({ ...small(), orderId: ["a", "b", "a"] }), { code: "DUPLICATE_ORDER_ID", index: 2, field: "orderId" });
    expect(dup.message).toContain("repeats the id of order 0");
    expectError(() => prepareOrderColumns({ ...small(), orderId: new Float64Array([5, 6, 6]) }), "DUPLICATE_ORDER_ID", 2, "orderId");
    // 1 and "1" are the same id, as in prepareOrders.
    expectError(() => prepareOrderColumns({ ...small(), orderId: [1, "1", 2] }), "DUPLICATE_ORDER_ID", 1, "orderId");
    expectError(() => prepareOrderColumns({ ...small(), orderId: [-0, 0, 2] }), "DUPLICATE_ORDER_ID", 1, "orderId");
    expectError(() => prepareOrderColumns({ ...small(), orderId: [1e15, 0.5, 1e15] }), "DUPLICATE_ORDER_ID", 2, "orderId");
  });

  it("INVALID_CUSTOMER_ID and EMPTY_CUSTOMER_ID", () => {
    expectError(() => prepareOrderColumns({ ...small(), customerId: ["a", true, "c"] } as unknown as OrderColumnsInput), "INVALID_CUSTOMER_ID", 1, "customerId");
    expectError(() => prepareOrderColumns({ ...small(), customerId: [1, 2, NaN] }), "INVALID_CUSTOMER_ID", 2, "customerId");
    expectError(() => prepareOrderColumns({ ...small(), customerId: new Float64Array([1, Infinity, 2]) }), "INVALID_CUSTOMER_ID", 1, "customerId");
    expectError(() => prepareOrderColumns({ ...small(), customerId: ["a", "b", ""] }), "EMPTY_CUSTOMER_ID", 2, "customerId");
  });

  it("INVALID_DATE: NaN, ±Infinity, out of range, unreadable", () => {
    expectError(() => prepareOrderColumns({ ...small(), placedAt: [T0, NaN, T0] }), "INVALID_DATE", 1, "placedAt");
    expectError(() => prepareOrderColumns({ ...small(), placedAt: new Float64Array([T0, T0, Infinity]) }), "INVALID_DATE", 2, "placedAt");
    expectError(() => prepareOrderColumns({ ...small(), placedAt: [9e15, T0, T0] }), "INVALID_DATE", 0, "placedAt");
    expectError(() => prepareOrderColumns({ ...small(), placedAt: new BigInt64Array([BigInt(T0), 10n ** 17n, BigInt(T0)]) }), "INVALID_DATE", 1, "placedAt");
    expectError(() => prepareOrderColumns({ ...small(), placedAt: [T0, new Date(NaN), T0] }), "INVALID_DATE", 1, "placedAt");
    expectError(() => prepareOrderColumns({ ...small(), placedAt: [T0, T0, "yesterday"] }), "INVALID_DATE", 2, "placedAt");
  });

  it("INVALID_AMOUNT: not a whole number of minor units, unsafe, not a number", () => {
    expectError(() => prepareOrderColumns({ ...small(), total: [2000, 15.5, 1] }), "INVALID_AMOUNT", 1, "total");
    expectError(() => prepareOrderColumns({ ...small(), total: new Float64Array([1, 1, NaN]) }), "INVALID_AMOUNT", 2, "total");
    expectError(() => prepareOrderColumns({ ...small(), total: [2 ** 53, 1, 1] }), "INVALID_AMOUNT", 0, "total");
    expectError(() => prepareOrderColumns({ ...small(), total: new BigInt64Array([1n, 2n ** 60n, 1n]) }), "INVALID_AMOUNT", 1, "total");
    expectError(() => prepareOrderColumns({ ...small(), total: [1, "2", 3] } as unknown as OrderColumnsInput), "INVALID_AMOUNT", 1, "total");
    expectError(() => prepareOrderColumns({ ...small(), total: [1, null, 3] } as unknown as OrderColumnsInput), "INVALID_AMOUNT", 1, "total");
    expectError(() => prepareOrderColumns({ ...small(), refunded: [0, 0.5, 0] }), "INVALID_AMOUNT", 1, "refunded");
  });

  it("NEGATIVE_TOTAL, NEGATIVE_REFUND, REFUND_EXCEEDS_TOTAL", () => {
    expectError(() => prepareOrderColumns({ ...small(), total: new Int32Array([1, -1, 1]) }), "NEGATIVE_TOTAL", 1, "total");
    expectError(() => prepareOrderColumns({ ...small(), total: [1, 1, -5] }), "NEGATIVE_TOTAL", 2, "total");
    expectError(() => prepareOrderColumns({ ...small(), refunded: new Int32Array([0, -1, 0]) }), "NEGATIVE_REFUND", 1, "refunded");
    expectError(() => prepareOrderColumns({ ...small(), refunded: [0, 0, 3551] }), "REFUND_EXCEEDS_TOTAL", 2, "refunded");
  });

  it("INVALID_SEGMENT", () => {
    expectError(() => prepareOrderColumns({ ...small(), segment: ["a", 5, null] } as unknown as OrderColumnsInput), "INVALID_SEGMENT", 1, "segment");
  });

  it("options: INVALID_TIME_ZONE, INVALID_CURRENCY, INVALID_OPTION", () => {
    expectError(() => prepareOrderColumns(small(), { timeZone: "Mars/Olympus" }), "INVALID_TIME_ZONE", null, "timeZone");
    expectError(() => prepareOrderColumns(small(), { currency: "eur" }), "INVALID_CURRENCY", null, "currency");
    expectError(() => prepareOrderColumns(small(), { scale: 2.5 }), "INVALID_OPTION", null, "scale");
    expectError(() => prepareOrderColumns(small(), { scale: 13 }), "INVALID_OPTION", null, "scale");
    expectError(() => prepareOrderColumns(small(), { names: { customer: "x" } as never }), "INVALID_OPTION", null, "names.customer");
    expectError(() => prepareOrderColumns(small(), { names: { customerId: 5 } as never }), "INVALID_OPTION", null, "names.customerId");
    expectError(() => prepareOrderColumns(small(), null as never), "INVALID_OPTION", null, "options");
  });
});

// Issue 15, point 7: the same input rules as prepareOrders, on every row of every kind of time column.
describe("prepareOrderColumns: input traps", () => {
  it("refuses yyyymmdd numbers, epoch seconds and other times before earliestDate in every numeric column kind", () => {
    const at = (placedAt: OrderColumnsInput["placedAt"]): OrderColumnsInput => ({ ...small(), placedAt });
    const yyyymmdd = expectRetentionError(() => prepareOrderColumns(at([T0, 20240102, T0])), { code: "INVALID_DATE", index: 1, field: "placedAt" });
    expect(yyyymmdd.message).toContain("looks like the date 2024-01-02 written as a yyyymmdd number");
    const seconds = expectRetentionError(() => prepareOrderColumns(at(new Float64Array([T0, T0, T0 / 1000]))), { code: "INVALID_DATE", index: 2, field: "placedAt" });
    expect(seconds.message).toContain("looks like epoch seconds (2024-01-01T00:00:00.000Z)");
    const zero = expectRetentionError(() => prepareOrderColumns(at(new BigInt64Array([0n, BigInt(T0), BigInt(T0)]))), { code: "INVALID_DATE", index: 0, field: "placedAt" });
    expect(zero.message).toContain("prepareOrderColumns(columns, { earliestDate: null })");
    expectRetentionError(() => prepareOrderColumns(at(new Int32Array([19970101, 19970102, 19970103]))), { code: "INVALID_DATE", index: 0, field: "placedAt" });
    expectRetentionError(() => prepareOrderColumns(at([T0, T0, new Date(0)])), { code: "INVALID_DATE", index: 2, field: "placedAt" });
    expectRetentionError(() => prepareOrderColumns(at(["2024-01-01", "1970-01-01", "2024-01-02"])), { code: "INVALID_DATE", index: 1, field: "placedAt" });
    // An Arrow timestamp column in seconds is read in its own unit, so 2024 in seconds is fine; 0 is not.
    const table = (secs: bigint[]): arrow.Table =>
      new arrow.Table({
        customerId: arrow.vectorFromArray(secs.map((_, i) => `c${i}`)),
        placedAt: arrow.makeVector({ type: new arrow.TimestampSecond(), data: new BigInt64Array(secs) }),
        total: arrow.vectorFromArray(new Int32Array(secs.length).fill(1)),
      });
    expect(prepareOrderColumns(table([BigInt(T0 / 1000)])).firstOrderAt).toBe("2024-01-01T00:00:00.000Z");
    expectRetentionError(() => prepareOrderColumns(table([BigInt(T0 / 1000), 0n])), { code: "INVALID_DATE", index: 1, field: "placedAt" });
    // earliestDate moves or removes the bound.
    expect(prepareOrderColumns(at([T0, 0, T0]), { earliestDate: null }).firstOrderAt).toBe("1970-01-01T00:00:00.000Z");
    expect(prepareOrderColumns(at([T0, Date.UTC(1985, 0, 1), T0]), { earliestDate: Date.UTC(1980, 0, 1) }).orderCount).toBe(3);
    expectRetentionError(() => prepareOrderColumns(small(), { earliestDate: NaN }), { code: "INVALID_OPTION", index: null, field: "earliestDate" });
  });

  it("reads an empty string as no segment and no refund, as prepareOrders does", () => {
    const cols = { ...small(), segment: ["", "ads", ""], refunded: ["", 100, null] } as unknown as OrderColumnsInput;
    const none = { ...small(), segment: [null, "ads", null], refunded: [null, 100, null] } as unknown as OrderColumnsInput;
    expect(analysis(prepareOrderColumns(cols))).toBe(analysis(prepareOrderColumns(none)));
    expect(cohortTable(prepareOrderColumns(cols), { segmentBy: "segment" }).segments?.map((s) => s.segment)).not.toContain("");
  });
});

describe("prepareOrderColumns: hostile input (issue 19)", () => {
  const T = Date.parse("2024-03-01T10:00:00Z");
  it("refuses numeric id columns with values past 2^53 − 1 (they may be two ids made one double)", () => {
    const big = 9007199254740992;
    for (const customerId of [[1, big, 3], Float64Array.from([1, -big, 3]), [1, 1e300, 3]]) {
      const err = expectRetentionError(() => prepareOrderColumns({ customerId, placedAt: [T, T, T], total: [1, 2, 3] }), { code: "INVALID_CUSTOMER_ID", index: 1, field: "customerId" });
      expect(err.message).toContain("strings or BigInt");
    }
    const err = expectRetentionError(() => prepareOrderColumns({ orderId: Float64Array.from([1, 2, big]), customerId: [1, 2, 3], placedAt: [T, T, T], total: [1, 2, 3] }), { code: "INVALID_ORDER_ID", index: 2, field: "orderId" });
    expect(err.message).toContain("strings or BigInt");
    // A BigInt64Array past 2^53 keeps its ids exact, as strings.
    expect(prepareOrderColumns({ customerId: new BigInt64Array([9007199254740993n, 9007199254740992n]), placedAt: [T, T], total: [1, 2] }).customerCount).toBe(2);
  });

  it("refuses times outside the years 0001–9999 as INVALID_DATE, in every column type", () => {
    for (const placedAt of [[T, 8.64e15], Float64Array.from([T, -8.64e15]), new BigInt64Array([BigInt(T), 253_402_300_800_000n]), [T, new Date(8.64e15)]]) {
      const err = expectRetentionError(() => prepareOrderColumns({ customerId: [1, 2], placedAt, total: [1, 2] }, { earliestDate: null }), { code: "INVALID_DATE", index: 1, field: "placedAt" });
      expect(err.message).toContain("outside the years 0001–9999");
    }
    const last = prepareOrderColumns({ customerId: [1], placedAt: [253_402_300_799_999], total: [1] });
    expect(cohortTable(last, { granularity: "month" }).cohorts.length).toBe(1);
  });
});

describe("numeric customer keys", () => {
  it("make their id strings only when a result needs them, with the same results", async () => {
    const { columnsOf } = await import("../../src/internal/book/OrderBook.js");
    const columns = { customerId: Uint32Array.of(7, 3, 7, 1_000_000_007), placedAt: Float64Array.of(T0, T0 + DAY, T0 + 40 * DAY, T0 + 41 * DAY), total: Int32Array.of(100, 250, 300, 5) };
    const book = prepareOrderColumns(columns, { timeZone: TZ });
    const cols = columnsOf(book);
    expect(cols.customers).toBe(3);
    expect(book.customerCount).toBe(3);
    expect(typeof Object.getOwnPropertyDescriptor(cols, "customerIds")?.get).toBe("function");
    expect(summarize(book).customers).toBe(3);
    expect(customerSummaries(book).customers.map((c) => c.customerId)).toEqual(["7", "3", "1000000007"]);
    expect(cols.customerIds).toBe(cols.customerIds);
    const strings = prepareOrderColumns({ ...columns, customerId: ["7", "3", "7", "1000000007"] }, { timeZone: TZ });
    expect(analysis(book)).toBe(analysis(strings));
  });
});
