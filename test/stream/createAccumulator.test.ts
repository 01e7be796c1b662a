import { describe, expect, it } from "vitest";
import {
  accumulatorFromJSON,
  cohortTable,
  createAccumulator,
  customerSummaries,
  mergeAccumulators,
  prepareOrders,
  retentionSeries,
  rfmScores,
  summarize,
  type Order,
} from "../../src/index.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const SHOP: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30.00" },
  { orderId: "2", customerId: "ann", placedAt: "2024-01-05T18:00:00Z", total: "10.00", refunded: "5.00" },
  { orderId: "3", customerId: "ann", placedAt: "2024-02-10", total: "20.00" },
  { orderId: "4", customerId: "bob", placedAt: "2024-02-11", total: "15.50", segment: "ads" },
  { orderId: "5", customerId: "cy", placedAt: "2024-03-01", total: "0.125" },
];

describe("createAccumulator: a hand-computed shop", () => {
  const acc = createAccumulator().addAll(SHOP);

  it("counts orders and customers", () => {
    expect(acc.orders).toBe(5);
    expect(acc.customers).toBe(3);
    expect(acc.timeZone).toBe("UTC");
    expect(acc.granularity).toBe("month");
    expect(acc.currency).toBeNull();
  });

  it("summarize: gross 30 + 10 + 20 + 15.5 + 0.125 = 75.625, refunded 5, net 70.625", () => {
    const s = summarize(acc);
    expect(s.orders).toBe(5);
    expect(s.customers).toBe(3);
    expect(s.repeatCustomers).toBe(1); // ann
    expect(s.revenue.gross.toString()).toBe("75.625");
    expect(s.revenue.net.toString()).toBe("70.625");
    expect(s.averageOrderValue?.toString()).toBe("14.125"); // 70.625 / 5
    expect(s.purchaseFrequency).toBe(5 / 3);
    expect(s.customerValue?.toString()).toBe("23.541666666666666667"); // 70.625 / 3
    // First orders: ann's 30, bob's 15.5, cy's 0.125 = 45.625; repeat orders: (10 − 5) + 20 = 25.
    expect(s.firstOrders.revenue.toString()).toBe("45.625");
    expect(s.repeatOrders.revenue.toString()).toBe("25");
    expect(s.repeatOrders.orders).toBe(2);
    expect(JSON.stringify(s)).toBe(JSON.stringify(summarize(prepareOrders(SHOP))));
  });

  it("customerSummaries: ann bought on 2 days (Jan 5 twice, Feb 10)", () => {
    const r = customerSummaries(acc);
    const ann = r.customers[0];
    expect(ann?.customerId).toBe("ann");
    expect(ann?.purchaseDays).toBe(2);
    expect(ann?.frequency).toBe(1);
    expect(ann?.recency).toBe(36); // Jan 5 → Feb 10 = 26 + 10 days
    expect(ann?.T).toBe(56); // Jan 5 → Mar 1 (2024 is a leap year) = 26 + 29 + 1
    expect(ann?.monetaryValue.toString()).toBe("20");
    expect(ann?.revenue.toString()).toBe("55"); // 30 + (10 − 5) + 20
    expect(JSON.stringify(r)).toBe(JSON.stringify(customerSummaries(prepareOrders(SHOP))));
  });

  it("cohortTable: monthly cohorts Jan {ann}, Feb {bob}, Mar {cy}", () => {
    const t = cohortTable(acc);
    expect(t.cohorts.map((c) => [c.label, c.size])).toEqual([["2024-01", 1], ["2024-02", 1], ["2024-03", 1]]);
    const jan = t.cohorts[0]?.cells.map((c) => [c.activeCustomers, c.orders, c.revenue.toString()]);
    expect(jan).toEqual([[1, 2, "35"], [1, 1, "20"], [0, 0, "0"]]);
    expect(JSON.stringify(t)).toBe(JSON.stringify(cohortTable(prepareOrders(SHOP))));
    const seg = cohortTable(acc, { segmentBy: "segment" });
    // Ranked by retention in period 1: ann (no segment) came back in February, bob ("ads") has no period 1 yet.
    expect(seg.segments?.map((s) => [s.segment, s.customers])).toEqual([[null, 2], ["ads", 1]]);
    expect(JSON.stringify(seg)).toBe(JSON.stringify(cohortTable(SHOP, { segmentBy: "segment" })));
  });

  it("keeps money as integer strings at the largest scale (3 places here)", () => {
    const state = acc.toJSON();
    expect(state.version).toBe(1);
    expect(state.scale).toBe(3);
    expect(state.customers.ids).toEqual(["ann", "bob", "cy"]);
    expect(state.customers.gross).toEqual(["60000", "15500", "125"]);
    expect(state.customers.refunded).toEqual(["5000", "0", "0"]);
    expect(state.customers.firstOrderId).toEqual(["1", "4", "5"]);
    expect(state.customers.purchaseDays).toEqual([2, 1, 1]);
    expect(JSON.parse(JSON.stringify(acc))).toEqual(state);
  });

  it("breaks a tie at the same first time by the smaller order id, as prepareOrders does", () => {
    const tie: Order[] = [
      { orderId: "b", customerId: "x", placedAt: "2024-01-01T10:00:00Z", total: "1", segment: "late" },
      { orderId: "a", customerId: "x", placedAt: "2024-01-01T10:00:00Z", total: "2", segment: "early" },
    ];
    const a = createAccumulator().addAll(tie);
    expect(a.toJSON().customers.firstOrderId).toEqual(["a"]);
    expect(JSON.stringify(summarize(a))).toBe(JSON.stringify(summarize(tie)));
    expect(JSON.stringify(cohortTable(a, { segmentBy: "segment" }))).toBe(JSON.stringify(cohortTable(tie, { segmentBy: "segment" })));
  });
});

describe("createAccumulator: edge cases", () => {
  it("an empty accumulator gives the empty results of an empty order list", () => {
    const empty = createAccumulator();
    expect(empty.orders).toBe(0);
    expect(empty.customers).toBe(0);
    expect(JSON.stringify(summarize(empty))).toBe(JSON.stringify(summarize([])));
    expect(JSON.stringify(customerSummaries(empty))).toBe(JSON.stringify(customerSummaries([])));
    expect(JSON.stringify(cohortTable(empty))).toBe(JSON.stringify(cohortTable([])));
    expect(summarize(empty).averageOrderValue).toBeNull();
    expect(cohortTable(empty).cohorts).toEqual([]);
    const back = accumulatorFromJSON(JSON.stringify(empty));
    expect(JSON.stringify(back)).toBe(JSON.stringify(empty));
    expect(JSON.stringify(mergeAccumulators(empty, back))).toBe(JSON.stringify(empty));
  });

  it('"__proto__" and "constructor" are ordinary customer and order ids', () => {
    const orders: Order[] = [
      { orderId: "__proto__", customerId: "__proto__", placedAt: "2024-01-01", total: "1" },
      { orderId: "constructor", customerId: "constructor", placedAt: "2024-01-02", total: "2" },
      { orderId: "x", customerId: "__proto__", placedAt: "2024-02-01", total: "3" },
    ];
    const acc = createAccumulator().addAll(orders);
    expect(acc.customers).toBe(2);
    const back = accumulatorFromJSON(JSON.parse(JSON.stringify(acc)) as ReturnType<typeof acc.toJSON>);
    expect(customerSummaries(back).customers.map((c) => [c.customerId, c.orders])).toEqual([["__proto__", 2], ["constructor", 1]]);
    expectRetentionError(() => back.add({ orderId: "__proto__", customerId: "c", placedAt: 0, total: "1" }), { code: "DUPLICATE_ORDER_ID", index: 3, field: "orderId" });
  });

  it("reads rows of another shape through accessors, and after a restore through the accessors given again", () => {
    type Row = { id: number; user: string; at: number; cents: number };
    const accessors = { orderId: (r: Row) => r.id, customerId: (r: Row) => r.user, placedAt: (r: Row) => r.at, total: (r: Row) => r.cents / 100 };
    const acc = createAccumulator<Row>({ accessors });
    acc.add({ id: 1, user: "u", at: Date.UTC(2024, 0, 1), cents: 1999 });
    expect(summarize(acc).revenue.net.toString()).toBe("19.99");
    const back = accumulatorFromJSON<Row>(JSON.stringify(acc), { accessors });
    back.add({ id: 2, user: "u", at: Date.UTC(2024, 0, 2), cents: 1 });
    expect(summarize(back).revenue.net.toString()).toBe("20");
  });

  it('"trust" keeps no fingerprints and counts a repeated order twice; merging with it gives "trust"', () => {
    const o: Order = { orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "5" };
    const t = createAccumulator({ duplicateOrderIds: "trust" }).add(o).add(o);
    expect(t.orders).toBe(2);
    expect(t.toJSON().fingerprints).toBeNull();
    const c = createAccumulator().add({ ...o, orderId: "2" });
    const m = mergeAccumulators(c, t);
    expect(m.duplicateOrderIds).toBe("trust");
    expect(summarize(m).revenue.net.toString()).toBe("15");
  });

  it("a later order with more decimal places rescales the stored money exactly", () => {
    const acc = createAccumulator()
      .add({ orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "10" })
      .add({ orderId: "2", customerId: "a", placedAt: "2024-01-02", total: "0.1", refunded: "0.05" })
      .add({ orderId: "3", customerId: "b", placedAt: "2024-01-03", total: "1.000001" });
    expect(acc.toJSON().scale).toBe(6);
    expect(acc.toJSON().customers.gross).toEqual(["10100000", "1000001"]);
    expect(summarize(acc).revenue.net.toString()).toBe("11.050001");
  });

  it("a restored accumulator merges exactly like the original", () => {
    const a = createAccumulator().addAll(SHOP.slice(0, 3));
    const b = createAccumulator().addAll(SHOP.slice(3));
    const viaJson = mergeAccumulators(accumulatorFromJSON(JSON.stringify(a)), accumulatorFromJSON(JSON.stringify(b)));
    expect(JSON.stringify(viaJson)).toBe(JSON.stringify(mergeAccumulators(a, b)));
    expect(JSON.stringify(summarize(viaJson))).toBe(JSON.stringify(summarize(SHOP)));
    expect(a.orders).toBe(3); // inputs unchanged
  });

  it("asOf after the latest order is honoured (T grows, more cohort columns)", () => {
    const acc = createAccumulator().addAll(SHOP);
    const asOf = "2024-04-30";
    expect(JSON.stringify(cohortTable(acc, { asOf }))).toBe(JSON.stringify(cohortTable(SHOP, { asOf })));
    expect(JSON.stringify(customerSummaries(acc, { asOf, unit: "week" }))).toBe(JSON.stringify(customerSummaries(SHOP, { asOf, unit: "week" })));
  });
});

describe("createAccumulator: errors", () => {
  const ok = (id: string): Order => ({ orderId: id, customerId: "c", placedAt: "2024-01-01", total: "1.00", currency: "EUR" });

  it("rejects bad orders with the codes of prepareOrders, index = running order number, state unchanged", () => {
    const cases: [unknown, string, string][] = [
      [null, "INVALID_RECORD", "order"],
      [{ ...ok("x"), orderId: "" }, "INVALID_ORDER_ID", "orderId"],
      [ok("0"), "DUPLICATE_ORDER_ID", "orderId"],
      [{ ...ok("x"), customerId: {} }, "INVALID_CUSTOMER_ID", "customerId"],
      [{ ...ok("x"), customerId: "" }, "EMPTY_CUSTOMER_ID", "customerId"],
      [{ ...ok("x"), placedAt: "2024-13-01" }, "INVALID_DATE", "placedAt"],
      [{ ...ok("x"), total: "abc" }, "INVALID_AMOUNT", "total"],
      [{ ...ok("x"), total: "-1" }, "NEGATIVE_TOTAL", "total"],
      [{ ...ok("x"), refunded: "-1" }, "NEGATIVE_REFUND", "refunded"],
      [{ ...ok("x"), refunded: "2" }, "REFUND_EXCEEDS_TOTAL", "refunded"],
      // More decimal places than the state holds, then rejected: the scale is not raised either.
      [{ ...ok("x"), total: "1.005", refunded: "1.5" }, "REFUND_EXCEEDS_TOTAL", "refunded"],
      [{ ...ok("x"), refunded: "-0.001" }, "NEGATIVE_REFUND", "refunded"],
      [{ ...ok("x"), total: "0.001", currency: "USD" }, "MIXED_CURRENCY", "currency"],
      [{ ...ok("x"), currency: "eur" }, "INVALID_CURRENCY", "currency"],
      [{ ...ok("x"), currency: "USD" }, "MIXED_CURRENCY", "currency"],
      [{ ...ok("x"), currency: undefined }, "MIXED_CURRENCY", "currency"],
      [{ ...ok("x"), segment: 5 }, "INVALID_SEGMENT", "segment"],
      // Issue 15, 7a: a yyyymmdd number, epoch seconds, a time before earliestDate.
      [{ ...ok("x"), placedAt: 20240101 }, "INVALID_DATE", "placedAt"],
      [{ ...ok("x"), placedAt: Date.UTC(2024, 0, 1) / 1000 }, "INVALID_DATE", "placedAt"],
      [{ ...ok("x"), placedAt: "1970-01-01" }, "INVALID_DATE", "placedAt"],
      // A rejected order with a time of day leaves the state date-only (sawTimeOfDay false).
      [{ ...ok("x"), placedAt: "2024-01-01T10:00:00Z", total: "abc" }, "INVALID_AMOUNT", "total"],
      [{ ...ok("x"), placedAt: Date.UTC(2024, 0, 1), total: "" }, "INVALID_AMOUNT", "total"],
    ];
    const acc = createAccumulator().add(ok("0")).add(ok("1"));
    const before = JSON.stringify(acc);
    for (const [row, code, field] of cases) {
      expectRetentionError(() => acc.add(row as Order), { code: code as "INVALID_RECORD", index: 2, field });
      expect(JSON.stringify(acc)).toBe(before);
    }
    expect(acc.orders).toBe(2);
  });

  it("refuses a customer total beyond 2^53 minor units (INVALID_AMOUNT) rather than lose exactness", () => {
    const acc = createAccumulator().add({ orderId: "1", customerId: "c", placedAt: "2024-01-01", total: "9000000000000000" });
    expectRetentionError(() => acc.add({ orderId: "2", customerId: "c", placedAt: "2024-01-01", total: "9000000000000000" }), { code: "INVALID_AMOUNT", index: 1, field: "total" });
    // Across customers the sums are exact in BigInt.
    acc.add({ orderId: "3", customerId: "d", placedAt: "2024-01-01", total: "9000000000000000" });
    expect(summarize(acc).revenue.gross.toString()).toBe("18000000000000000");
  });

  it("validates its options", () => {
    expectRetentionError(() => createAccumulator({ timeZone: "Mars/Olympus" }), { code: "INVALID_TIME_ZONE" });
    expectRetentionError(() => createAccumulator({ granularity: "fortnight" as "week" }), { code: "INVALID_OPTION", field: "granularity" });
    expectRetentionError(() => createAccumulator({ weekStartsOn: 7 as 1 }), { code: "INVALID_OPTION", field: "weekStartsOn" });
    expectRetentionError(() => createAccumulator({ duplicateOrderIds: "maybe" as "check" }), { code: "INVALID_OPTION", field: "duplicateOrderIds" });
    expectRetentionError(() => createAccumulator({ accessors: { total: 5 as never } }), { code: "INVALID_OPTION", field: "accessors.total" });
    expectRetentionError(() => createAccumulator(5 as never), { code: "INVALID_OPTION", field: "options" });
    expectRetentionError(() => createAccumulator().addAll(5 as never), { code: "INVALID_OPTION", field: "orders" });
  });

  it("addAllAsync rejects with the error of the bad order", async () => {
    async function* gen(): AsyncGenerator<Order> {
      yield { orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "1" };
      yield { orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "1" };
    }
    await expect(createAccumulator().addAllAsync(gen())).rejects.toMatchObject({ code: "DUPLICATE_ORDER_ID", index: 1 });
  });

  it("metrics refuse the options an accumulator cannot honour, saying what to do", () => {
    const acc = createAccumulator().addAll(SHOP);
    expectRetentionError(() => summarize(acc, { from: "2024-01-01" }), { code: "INVALID_OPTION", field: "from" });
    expectRetentionError(() => summarize(acc, { to: "2024-02-01" }), { code: "INVALID_OPTION", field: "to" });
    expectRetentionError(() => summarize(acc, { asOf: "2024-02-01" }), { code: "INVALID_OPTION", field: "asOf" });
    expectRetentionError(() => summarize(acc, { timeZone: "Europe/Prague" }), { code: "INVALID_OPTION", field: "timeZone" });
    expect(summarize(acc, { timeZone: "UTC" }).orders).toBe(5);
    expectRetentionError(() => cohortTable(acc, { granularity: "week" }), { code: "INVALID_OPTION", field: "granularity" });
    expectRetentionError(() => cohortTable(acc, { windows: "relative" }), { code: "INVALID_OPTION", field: "windows" });
    expectRetentionError(() => cohortTable(acc, { segmentBy: () => "x" }), { code: "INVALID_OPTION", field: "segmentBy" });
    const weekly = createAccumulator({ granularity: "week" }).addAll(SHOP);
    expectRetentionError(() => cohortTable(weekly, { weekStartsOn: 0 }), { code: "INVALID_OPTION", field: "weekStartsOn" });
    expect(cohortTable(weekly).granularity).toBe("week");
    expectRetentionError(() => customerSummaries(acc, { from: "2024-01-01" }), { code: "INVALID_OPTION", field: "from" });
    expectRetentionError(() => retentionSeries(acc as never), { code: "INVALID_OPTION", field: "orders" });
    expectRetentionError(() => rfmScores(acc), { code: "INVALID_OPTION", field: "orders" });
  });

  it("mergeAccumulators refuses different options, currencies and shared order ids", () => {
    const a = createAccumulator().add(ok("1"));
    expectRetentionError(() => mergeAccumulators(a, createAccumulator({ timeZone: "Europe/Prague" })), { code: "INVALID_ARGUMENT", field: "b" });
    expectRetentionError(() => mergeAccumulators(a, createAccumulator({ granularity: "week" })), { code: "INVALID_ARGUMENT", field: "b" });
    expectRetentionError(() => mergeAccumulators(a, createAccumulator({ weekStartsOn: 0 })), { code: "INVALID_ARGUMENT", field: "b" });
    expectRetentionError(() => mergeAccumulators(a, createAccumulator().add({ ...ok("2"), currency: "USD" })), { code: "MIXED_CURRENCY", field: "b" });
    expectRetentionError(() => mergeAccumulators(a, createAccumulator().add(ok("1"))), { code: "DUPLICATE_ORDER_ID", field: "b" });
    expectRetentionError(() => mergeAccumulators({} as never, a), { code: "INVALID_ARGUMENT", field: "a" });
    expectRetentionError(() => mergeAccumulators(a, null as never), { code: "INVALID_ARGUMENT", field: "b" });
    expect(a.orders).toBe(1);
  });

  it("accumulatorFromJSON refuses a malformed state", () => {
    const good = createAccumulator().addAll(SHOP).toJSON();
    expectRetentionError(() => accumulatorFromJSON("{not json"), { code: "INVALID_STATE", field: "state" });
    expectRetentionError(() => accumulatorFromJSON({ ...good, version: 99 }), { code: "INVALID_STATE", field: "version" });
    expectRetentionError(() => accumulatorFromJSON({ ...good, customers: { ...good.customers, gross: ["1.5", "1", "1"] } }), { code: "INVALID_STATE", field: "customers.gross", index: 0 });
    expectRetentionError(() => accumulatorFromJSON({ ...good, customers: { ...good.customers, ids: ["a", "a", "b"] } }), { code: "INVALID_STATE", field: "customers.ids", index: 1 });
    expectRetentionError(() => accumulatorFromJSON({ ...good, fingerprints: "AAAA" }), { code: "INVALID_STATE", field: "fingerprints" });
    expectRetentionError(() => accumulatorFromJSON({ ...good, periods: [] , periodMoney: [] }), { code: "INVALID_STATE", field: "customers.periodEntries", index: 0 });
    expectRetentionError(() => accumulatorFromJSON({ ...good, timeZone: "Nowhere/Land" }), { code: "INVALID_TIME_ZONE" });
    expectRetentionError(() => accumulatorFromJSON(null as never), { code: "INVALID_STATE", field: "state" });
  });
});

// Issue 15: the accumulator reads input as prepareOrders does (7a, 7b, 7c) and has the same default asOf (8e).
describe("createAccumulator: input rules of issue 15", () => {
  it("refuses times before earliestDate with the hint of prepareOrders; earliestDate moves the bound and travels with the state", () => {
    const e = expectRetentionError(() => createAccumulator().add({ orderId: "1", customerId: "c", placedAt: 19980630, total: "1" }), { code: "INVALID_DATE", index: 0, field: "placedAt" });
    expect(e.message).toContain("looks like the date 1998-06-30 written as a yyyymmdd number");
    const zero = expectRetentionError(() => createAccumulator().add({ orderId: "1", customerId: "c", placedAt: 0, total: "1" }), { code: "INVALID_DATE", index: 0, field: "placedAt" });
    expect(zero.message).toContain("createAccumulator({ earliestDate: null })");
    const old = createAccumulator({ earliestDate: "1980-01-01" }).add({ orderId: "1", customerId: "c", placedAt: "1985-03-01", total: "1" });
    expect(old.toJSON().earliestDate).toBe(Date.UTC(1980, 0, 1));
    const back = accumulatorFromJSON(JSON.stringify(old));
    back.add({ orderId: "2", customerId: "c", placedAt: "1981-03-01", total: "1" });
    expectRetentionError(() => back.add({ orderId: "3", customerId: "c", placedAt: "1979-12-31", total: "1" }), { code: "INVALID_DATE", index: 2, field: "placedAt" });
    const any = createAccumulator({ earliestDate: null }).add({ orderId: "1", customerId: "c", placedAt: 0, total: "1" });
    expect(accumulatorFromJSON(JSON.stringify(any)).add({ orderId: "2", customerId: "c", placedAt: -1, total: "1" }).orders).toBe(2);
    expectRetentionError(() => createAccumulator({ earliestDate: "later" }), { code: "INVALID_OPTION", index: null, field: "earliestDate" });
  });

  it("reads Shopify's spaced offset and empty optional fields as prepareOrders does", () => {
    const rows: Order[] = [
      { orderId: "1", customerId: "ann", placedAt: "2024-01-03 09:00:55 +0100", total: "10", refunded: "", currency: "", segment: "" },
      { orderId: "2", customerId: "bob", placedAt: "2024-02-03 23:30:00 -0500", total: "5", refunded: "1", currency: "", segment: "ads" },
    ];
    const acc = createAccumulator().addAll(rows);
    const book = prepareOrders(rows);
    expect(acc.currency).toBeNull();
    expect(JSON.stringify(summarize(acc))).toBe(JSON.stringify(summarize(book)));
    expect(JSON.stringify(cohortTable(acc, { segmentBy: "segment" }))).toBe(JSON.stringify(cohortTable(book, { segmentBy: "segment" })));
    expect(JSON.stringify(customerSummaries(acc))).toBe(JSON.stringify(customerSummaries(book)));
  });

  it("date-only orders: the default asOf is the end of the last day, as on a book; the flag merges and survives JSON", () => {
    const dates: Order[] = [
      { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" },
      { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "10" },
      { orderId: "3", customerId: "ann", placedAt: "2024-02-29", total: "20" },
    ];
    const acc = createAccumulator({ timeZone: "Europe/Prague" }).addAll(dates);
    const book = prepareOrders(dates, { timeZone: "Europe/Prague" });
    // End of 2024-02-29 in Prague (UTC+1): 2024-02-29T22:59:59.999Z.
    expect(summarize(acc).window.asOf).toBe("2024-02-29T22:59:59.999Z");
    expect(JSON.stringify(summarize(acc))).toBe(JSON.stringify(summarize(book)));
    const table = cohortTable(acc);
    expect(JSON.stringify(table)).toBe(JSON.stringify(cohortTable(book)));
    // February is over at the end of the 29th: the January cohort's month-1 cell is complete.
    expect(table.cohorts[0]?.cells.map((c) => c.complete)).toEqual([true, true]);
    expect(JSON.stringify(customerSummaries(acc))).toBe(JSON.stringify(customerSummaries(book)));
    // JSON round trip and merging keep "date-only"; one order with a time of day ends it.
    const back = accumulatorFromJSON(JSON.parse(JSON.stringify(acc)) as ReturnType<typeof acc.toJSON>);
    expect(summarize(back).window.asOf).toBe("2024-02-29T22:59:59.999Z");
    const other = createAccumulator({ timeZone: "Europe/Prague" }).add({ orderId: "4", customerId: "cy", placedAt: "2024-02-10", total: "1" });
    expect(summarize(mergeAccumulators(acc, other)).window.asOf).toBe("2024-02-29T22:59:59.999Z");
    expect(summarize(mergeAccumulators(acc, createAccumulator({ timeZone: "Europe/Prague" }))).window.asOf).toBe("2024-02-29T22:59:59.999Z");
    const timed = createAccumulator({ timeZone: "Europe/Prague" }).add({ orderId: "5", customerId: "cy", placedAt: "2024-02-10T10:00:00Z", total: "1" });
    expect(summarize(mergeAccumulators(acc, timed)).window.asOf).toBe("2024-02-28T23:00:00.000Z");
    // A state written before the flag existed reads as "not date-only" (the old default).
    const { sawTimeOfDay: _flag, ...oldState } = acc.toJSON();
    expect(summarize(accumulatorFromJSON(oldState)).window.asOf).toBe("2024-02-28T23:00:00.000Z");
  });
});

describe("accumulator add: hostile input (issue 19)", () => {
  it("refuses unsafe numeric ids, huge-exponent Decimal amounts and times outside the years 0001–9999, leaving the state usable", async () => {
    const { Decimal } = await import("decimal.js");
    const acc = createAccumulator();
    const row = { orderId: "o1", customerId: "c1", placedAt: "2024-03-01T10:00:00Z", total: "10" };
    expectRetentionError(() => acc.add({ ...row, customerId: 9007199254740993 }), { code: "INVALID_CUSTOMER_ID", index: 0, field: "customerId" });
    expectRetentionError(() => acc.add({ ...row, orderId: 2 ** 60 }), { code: "INVALID_ORDER_ID", index: 0, field: "orderId" });
    expectRetentionError(() => acc.add({ ...row, total: new Decimal("1e1000000000") }), { code: "INVALID_AMOUNT", index: 0, field: "total" });
    expectRetentionError(() => acc.add({ ...row, placedAt: 8.64e15 }), { code: "INVALID_DATE", index: 0, field: "placedAt" });
    acc.add(row);
    expect(summarize(acc).orders).toBe(1);
  });
});
