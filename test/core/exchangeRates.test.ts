import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Decimal } from "decimal.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import { prepareOrderColumns } from "../../src/core/prepareOrderColumns.js";
import { summarize } from "../../src/orders/summarize.js";
import { averageOrderValue } from "../../src/orders/averageOrderValue.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import { accumulatorFromJSON } from "../../src/stream/accumulatorFromJSON.js";
import type { ExchangeRateTable, Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

// The worked example of docs/money-and-time.md, "Several currencies".
const orders: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "19.99", refunded: "5.00", currency: "USD" },
  { orderId: "2", customerId: "bob", placedAt: "2024-01-06", total: "2500", currency: "JPY" },
  { orderId: "3", customerId: "cy", placedAt: "2024-01-07", total: "30.00", currency: "EUR" },
];
const exchangeRates: ExchangeRateTable = { to: "EUR", rates: { USD: "0.9215", JPY: { "2024-01-06": "0.00625", "2024-01-07": "0.0063" } } };

describe("exchange rates: the worked example (docs/money-and-time.md)", () => {
  it("converts each amount once, half to even, to the reporting currency's minor unit", () => {
    const book = prepareOrders(orders, { exchangeRates });
    expect(book.currency).toBe("EUR");
    const s = summarize(book);
    // 19.99 × 0.9215 = 18.420785 → 18.42; 5.00 × 0.9215 = 4.6075 → 4.61; 2500 × 0.00625 = 15.625 → 15.62 (tie, to even)
    expect([s.revenue.gross.toString(), s.revenue.refunded.toString(), s.revenue.net.toString()]).toEqual(["64.04", "4.61", "59.43"]);
    expect(s.currency).toBe("EUR");
  });

  it("an accumulator converts as the book does", () => {
    const acc = createAccumulator({ exchangeRates });
    for (const o of orders) acc.add(o);
    expect(JSON.stringify(summarize(acc))).toBe(JSON.stringify(summarize(prepareOrders(orders, { exchangeRates }))));
    const back = accumulatorFromJSON(JSON.stringify(acc), { exchangeRates });
    back.add({ orderId: "4", customerId: "dee", placedAt: "2024-01-07", total: "1000", currency: "JPY" });
    expect(summarize(back).revenue.gross.toString()).toBe("70.34"); // + 6.30
  });

  it("columns in one currency convert the same way", () => {
    const book = prepareOrderColumns(
      { customerId: ["ann", "bob"], placedAt: [Date.parse("2024-01-05"), Date.parse("2024-01-06")], total: [1999, 2500], refunded: [500, 0] },
      { currency: "USD", exchangeRates: { to: "EUR", rates: { USD: { "2024-01-05": "0.9215", "2024-01-06": "0.00625" } } } },
    );
    expect(book.currency).toBe("EUR");
    const s = summarize(book);
    expect([s.revenue.gross.toString(), s.revenue.refunded.toString()]).toEqual(["18.58", "4.61"]); // 18.42 + 0.15625 → 0.16
    expectRetentionError(() => prepareOrderColumns({ customerId: ["a"], placedAt: [Date.parse("2024-01-07")], total: [1] }, { currency: "USD", exchangeRates: { to: "EUR", rates: { USD: { "2024-01-05": "1" } } } }), {
      code: "MIXED_CURRENCY",
      index: 0,
      field: "currency",
    });
    expectRetentionError(() => prepareOrderColumns({ customerId: ["a"], placedAt: [0], total: [1] }, { exchangeRates: { to: "EUR", rates: {} } }), { code: "INVALID_OPTION", field: "currency" });
  });

  it("refuses what it cannot convert, naming the order and the field", () => {
    expectRetentionError(() => prepareOrders([...orders, { orderId: "4", customerId: "dee", placedAt: "2024-01-07", total: "1", currency: "GBP" }], { exchangeRates }), {
      code: "MIXED_CURRENCY",
      index: 3,
      field: "currency",
    });
    expectRetentionError(() => prepareOrders([...orders, { orderId: "4", customerId: "dee", placedAt: "2024-01-08", total: "1", currency: "JPY" }], { exchangeRates }), {
      code: "MIXED_CURRENCY",
      index: 3,
      field: "currency",
    });
    expectRetentionError(() => prepareOrders([...orders, { orderId: "4", customerId: "dee", placedAt: "2024-01-08", total: "1" }], { exchangeRates }), {
      code: "MIXED_CURRENCY",
      index: 3,
      field: "currency",
    });
    // Without a table, several currencies are still MIXED_CURRENCY.
    expectRetentionError(() => prepareOrders(orders), { code: "MIXED_CURRENCY", index: 1, field: "currency" });
    expectRetentionError(() => prepareOrders(orders, { exchangeRates: { to: "eur", rates: {} } }), { code: "INVALID_OPTION", field: "exchangeRates.to" });
    expectRetentionError(() => prepareOrders(orders, { exchangeRates: { to: "EUR", rates: { USD: "-1" } } }), { code: "INVALID_OPTION", field: "exchangeRates.rates.USD" });
    expectRetentionError(() => prepareOrders(orders, { exchangeRates: { to: "EUR", rates: { JPY: { "2024-02-30": "1" } } } }), { code: "INVALID_OPTION", field: "exchangeRates.rates.JPY.2024-02-30" });
    const acc = createAccumulator({ exchangeRates });
    expectRetentionError(() => acc.add({ orderId: "9", customerId: "x", placedAt: "2024-01-05", total: "1", currency: "GBP" }), { code: "MIXED_CURRENCY", index: 0, field: "currency" });
  });
});

const cents = fc.integer({ min: 0, max: 1_000_000 });
const arbOrders = fc
  .array(fc.record({ c: fc.integer({ min: 0, max: 5 }), day: fc.integer({ min: 0, max: 3 }), total: cents, cur: fc.constantFrom("EUR", "USD", "CHF") }), { minLength: 1, maxLength: 25 })
  .map((rows): Order[] =>
    rows.map((r, i) => ({ orderId: String(i), customerId: `c${r.c}`, placedAt: Date.UTC(2024, 0, 1 + r.day, 12), total: (r.total / 100).toFixed(2), currency: r.cur })),
  );

describe("exchange rates: properties", () => {
  it("a rate of 1 is the identity", () => {
    fc.assert(
      fc.property(arbOrders, (rows) => {
        const usd = rows.map((o) => ({ ...o, currency: "USD" }));
        const converted = summarize(prepareOrders(rows, { exchangeRates: { to: "USD", rates: { EUR: "1", CHF: "1.000" } } }));
        expect(JSON.stringify(converted)).toBe(JSON.stringify(summarize(prepareOrders(usd))));
      }),
      { numRuns: 12 },
    );
  });

  it("converting then summing = summing per currency then converting, when no rounding is involved (whole rates, daily or not)", () => {
    fc.assert(
      fc.property(arbOrders, fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 4 }), (rows, usd, chfDays) => {
        const chf: Record<string, string> = {};
        chfDays.forEach((r, d) => (chf[`2024-01-0${d + 1}`] = String(r)));
        const table: ExchangeRateTable = { to: "EUR", rates: { USD: String(usd), CHF: chf } };
        const got = averageOrderValue(prepareOrders(rows, { exchangeRates: table })).revenue;
        let want = new Decimal(0);
        for (const cur of ["EUR", "USD", "CHF"]) {
          const mine = rows.filter((o) => o.currency === cur);
          if (cur === "CHF") {
            // Per day, as the rate is per day.
            for (let d = 0; d < 4; d++) {
              const sum = mine.filter((o) => new Date(o.placedAt as number).getUTCDate() === d + 1).reduce((s, o) => s.plus(o.total as string), new Decimal(0));
              want = want.plus(sum.times(chfDays[d] as number));
            }
          } else {
            const sum = mine.reduce((s, o) => s.plus(o.total as string), new Decimal(0));
            want = want.plus(cur === "USD" ? sum.times(usd) : sum);
          }
        }
        expect(got.eq(want)).toBe(true);
        // And the accumulator agrees.
        const acc = createAccumulator({ exchangeRates: table });
        for (const o of rows) acc.add(o);
        expect(averageOrderValue(acc).revenue.eq(want)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
