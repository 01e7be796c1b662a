import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accumulatorFromJSON,
  averageOrderValue,
  cohortTable,
  createAccumulator,
  customerSummaries,
  customerValue,
  historicalLifetimeValue,
  mergeAccumulators,
  prepareOrders,
  purchaseFrequency,
  repeatCustomerRate,
  summarize,
  type Granularity,
  type Order,
  type OrderAccumulator,
  type OrderBook,
} from "../../src/index.js";
import { shuffled } from "../orders/arbitraries.js";
import { AccumulatorCore } from "../../src/internal/stream/core.js";
import { ownCopy } from "../../src/internal/book/stringTable.js";
import { checkCoreOptions } from "../../src/internal/stream/options.js";
import { OrderAccumulator as AccumulatorClass } from "../../src/stream/OrderAccumulator.js";

const ZONES = ["UTC", "Europe/Prague", "America/New_York", "Australia/Lord_Howe"] as const;
const GRANULARITIES: Granularity[] = ["day", "week", "month", "quarter", "year"];
const BASE = Date.UTC(2023, 0, 1);

/** Random shops: a few customers (including "__proto__"), times over `days` days, 0–3 decimal places, refunds, segments. */
const shopOver = (days: number): fc.Arbitrary<Order[]> =>
  fc
    .array(
      fc.record({
        c: fc.constantFrom("a", "b", "c", "d", "e", "__proto__", "constructor", "7"),
        minute: fc.integer({ min: 0, max: days * 1440 }),
        units: fc.integer({ min: 0, max: 1_000_000 }),
        places: fc.integer({ min: 0, max: 3 }),
        refund: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        segment: fc.option(fc.constantFrom("ads", "mail", "seo"), { nil: undefined }),
        sameTime: fc.boolean(),
      }),
      { maxLength: 50 },
    )
    .map((rows): Order[] =>
      rows.map((r, i) => {
        const scale = 10 ** r.places;
        const order: Order = {
          orderId: `o${(i * 7919) % 101}-${i}`,
          customerId: r.c,
          placedAt: r.sameTime ? BASE + (r.minute % 3) * 86_400_000 : BASE + r.minute * 60_000,
          total: (r.units / scale).toFixed(r.places),
        };
        if (r.refund !== undefined) order.refunded = (Math.floor((r.units * r.refund) / 100) / scale).toFixed(r.places);
        if (r.segment !== undefined) order.segment = r.segment;
        return order;
      }),
    );

const optsArb = fc.record({ timeZone: fc.constantFrom(...ZONES), granularity: fc.constantFrom(...GRANULARITIES), weekStartsOn: fc.constantFrom(0 as const, 1 as const) });
/**
 * A shop and the options: over ~2 years, except at day granularity, where every cohort table has a column per day
 * and a 2-year shop cost ten times a monthly one (issue 21: the suite's time). Day shops span 400 days, which still
 * holds both clock changes of every zone above.
 */
const caseArb = optsArb.chain((o) => shopOver(o.granularity === "day" ? 400 : 2 * 366).map((orders) => [orders, o] as const));

type Opts = { timeZone: string; granularity: Granularity; weekStartsOn: 0 | 1 };

/** Every supported metric, as JSON, on an input (a book or an accumulator). */
function metrics(input: OrderBook | OrderAccumulator, o: Opts, asOf?: number): Record<string, string> {
  const shared = asOf === undefined ? {} : { asOf };
  const out: Record<string, string> = {};
  for (const revenue of ["net", "gross"] as const) {
    const m = { ...shared, revenue };
    out[`summarize/${revenue}`] = JSON.stringify(summarize(input, m));
    out[`aov/${revenue}`] = JSON.stringify(averageOrderValue(input, m));
    out[`cv/${revenue}`] = JSON.stringify(customerValue(input, m));
    out[`summaries/${revenue}`] = JSON.stringify(customerSummaries(input, m));
    out[`summaries-week-first/${revenue}`] = JSON.stringify(customerSummaries(input, { ...m, unit: "week", includeFirstPurchase: true }));
  }
  out["pf"] = JSON.stringify(purchaseFrequency(input, shared));
  out["rcr"] = JSON.stringify(repeatCustomerRate(input, shared));
  const c = { ...shared, granularity: o.granularity, weekStartsOn: o.weekStartsOn };
  out["cohorts"] = JSON.stringify(cohortTable(input, c));
  out["cohorts/unbounded/gross"] = JSON.stringify(cohortTable(input, { ...c, mode: "unbounded", revenue: "gross" }));
  out["cohorts/periods2"] = JSON.stringify(cohortTable(input, { ...c, periods: 2 }));
  out["cohorts/segments"] = JSON.stringify(cohortTable(input, { ...c, segmentBy: "segment", rankPeriod: 0 }));
  if (o.granularity === "month" || o.granularity === "quarter" || o.granularity === "year") {
    out["historicalLtv"] = JSON.stringify(historicalLifetimeValue(input, { ...shared, granularity: o.granularity, periods: 3 }));
  }
  return out;
}

function accumulate(orders: Order[], o: Opts): OrderAccumulator {
  return createAccumulator(o).addAll(orders);
}

// Run counts: each run computes every metric two to six times on a random zone × granularity × shop; the counts
// keep this file to a few seconds of the suite (issue 21). fast-check draws a new seed on every run of the suite.
describe("accumulator metrics equal the in-memory metrics (fast-check)", () => {
  it("on the same orders, in any zone and granularity, with and without asOf", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 400 }), ([orders, o], later) => {
        const book = prepareOrders(orders, { timeZone: o.timeZone });
        const acc = accumulate(orders, o);
        expect(metrics(acc, o)).toEqual(metrics(book, o));
        if (orders.length > 0) {
          const asOf = Date.parse(book.lastOrderAt as string) + later * 3_600_000;
          expect(metrics(acc, o, asOf)).toEqual(metrics(book, o, asOf));
        }
      }),
      { numRuns: 15 },
    );
  });

  it("on date-only orders (default asOf: the end of the last day), in any zone and granularity", () => {
    fc.assert(
      fc.property(caseArb, ([orders, o]) => {
        const dates = orders.map((x) => ({ ...x, placedAt: new Date(x.placedAt as number).toISOString().slice(0, 10) }));
        const book = prepareOrders(dates, { timeZone: o.timeZone });
        expect(metrics(accumulate(dates, o), o)).toEqual(metrics(book, o));
      }),
      { numRuns: 10 },
    );
  });

  it("shuffled input gives the same metrics", () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), ([orders, o], seeds) => {
        const mixed = shuffled(orders, seeds);
        const a = metrics(accumulate(orders, o), o);
        const b = metrics(accumulate(mixed, o), o);
        const book = metrics(prepareOrders(mixed, { timeZone: o.timeZone }), o);
        // customerSummaries lists customers in order of first appearance, which a shuffle changes.
        for (const key of Object.keys(a)) expect(b[key]).toBe(key.startsWith("summaries") ? book[key] : a[key]);
      }),
      { numRuns: 10 },
    );
  });

  it("shards by customer, merged, equal the whole; so do arbitrary splits", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 4 }), fc.nat(), ([orders, o], shards, cut) => {
        const whole = accumulate(orders, o);
        const parts: Order[][] = Array.from({ length: shards }, () => []);
        for (const x of orders) (parts[String(x.customerId).length % shards] as Order[]).push(x);
        let merged = accumulate(parts[0] as Order[], o);
        for (const p of parts.slice(1)) merged = mergeAccumulators(merged, accumulate(p, o));
        // Customer order differs with sharding; compare on the book of the orders in merged order.
        const bookOrder = parts.flat();
        expect(metrics(merged, o)).toEqual(metrics(prepareOrders(bookOrder, { timeZone: o.timeZone }), o));
        // An arbitrary split (customers in both halves) merges to exactly the whole.
        const k = orders.length === 0 ? 0 : cut % (orders.length + 1);
        const split = mergeAccumulators(accumulate(orders.slice(0, k), o), accumulate(orders.slice(k), o));
        expect(metrics(split, o)).toEqual(metrics(whole, o));
        expect(split.orders).toBe(whole.orders);
      }),
      { numRuns: 10 },
    );
  });

  it("records and entry pools in tiny blocks (2 customers, 2 entries) give the same state and metrics", () => {
    const tiny = (o: Opts): OrderAccumulator => new AccumulatorClass(new AccumulatorCore({ ...checkCoreOptions(o), blockShift: 1 }));
    fc.assert(
      fc.property(caseArb, fc.nat(), ([orders, o], cut) => {
        const acc = accumulate(orders, o);
        const small = tiny(o).addAll(orders);
        const text = JSON.stringify(acc);
        expect(JSON.stringify(small)).toBe(text);
        expect(metrics(small, o)).toEqual(metrics(acc, o));
        // Merged (a copy of the first, then the second folded in) and rescaled across blocks.
        const k = orders.length === 0 ? 0 : cut % (orders.length + 1);
        const split = mergeAccumulators(tiny(o).addAll(orders.slice(0, k)), tiny(o).addAll(orders.slice(k)));
        expect(JSON.stringify(split)).toBe(JSON.stringify(mergeAccumulators(accumulate(orders.slice(0, k), o), accumulate(orders.slice(k), o))));
      }),
      { numRuns: 15 },
    );
  });

  it("a kept id's own copy (ownCopy) is the same string, lone surrogates and all", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 40 }), (s) => {
        expect(ownCopy(s)).toBe(s);
      }),
      { numRuns: 60 },
    );
    expect(ownCopy("\ud800 customer-with-a-long-id\u2028\"\\")).toBe("\ud800 customer-with-a-long-id\u2028\"\\");
  });

  it("JSON round trip (through JSON.stringify and JSON.parse) keeps the state and the metrics", () => {
    fc.assert(
      fc.property(caseArb, ([orders, o]) => {
        const acc = accumulate(orders, o);
        const text = JSON.stringify(acc);
        const back = accumulatorFromJSON(JSON.parse(text) as ReturnType<OrderAccumulator["toJSON"]>);
        expect(JSON.stringify(back)).toBe(text);
        expect(JSON.stringify(accumulatorFromJSON(text))).toBe(text);
        expect(metrics(back, o)).toEqual(metrics(acc, o));
        // A restored accumulator goes on exactly like the original.
        const more: Order = { orderId: "extra", customerId: "a", placedAt: BASE, total: "0.0001" };
        expect(JSON.stringify(back.add(more))).toBe(JSON.stringify(acc.add(more)));
      }),
      { numRuns: 10 },
    );
  });

  it("addAllAsync over an async iterable equals addAll", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ([orders, o]) => {
        async function* gen(): AsyncGenerator<Order> {
          for (const x of orders) yield x;
        }
        const a = await createAccumulator(o).addAllAsync(gen());
        const b = await createAccumulator(o).addAllAsync(orders);
        const c = accumulate(orders, o);
        expect(JSON.stringify(a)).toBe(JSON.stringify(c));
        expect(JSON.stringify(b)).toBe(JSON.stringify(c));
      }),
      { numRuns: 10 },
    );
  });
});
