// The parallel variant gives the book of prepareOrderColumns, and its errors. One call starts real workers
// (two, under tsx here: about a second); the others take the paths that start none.
import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { prepareOrderColumns } from "../../src/core/prepareOrderColumns.js";
import { customerSummaries } from "../../src/customers/customerSummaries.js";
import type { OrderColumnsInput } from "../../src/core/types.js";
import type { OrderBook } from "../../src/internal/book/OrderBook.js";
import { summarize } from "../../src/orders/summarize.js";
import { prepareOrderColumnsParallel } from "../../src/parallel/index.js";

const n = 600;
const columns = {
  orderId: Float64Array.from({ length: n }, (_, i) => 1000 + ((i * 7) % n)),
  customerId: Uint32Array.from({ length: n }, (_, i) => (i * 13) % 97),
  placedAt: Float64Array.from({ length: n }, (_, i) => Date.UTC(2023, 0, 1) + ((i * 7919) % 400) * 86_400_000 + i * 1000),
  total: Int32Array.from({ length: n }, (_, i) => (i * 37) % 5000),
  refunded: Int32Array.from({ length: n }, (_, i) => (i % 9 === 0 ? ((i * 37) % 5000) >> 1 : 0)),
};
const options = { timeZone: "Europe/Prague", currency: "EUR" } as const;
const analysis = (book: OrderBook): unknown => ({
  book: { ...book },
  summary: summarize(book),
  cohorts: cohortTable(book),
  customers: customerSummaries(book).customers,
});

describe("prepareOrderColumnsParallel", () => {
  it("with two workers: the book of prepareOrderColumns (summary, monthly cohorts, customer summaries)", async () => {
    const book = await prepareOrderColumnsParallel(columns, { ...options, workers: 2, minOrders: 0 });
    expect(analysis(book)).toEqual(analysis(prepareOrderColumns(columns, options)));
  });

  it("below minOrders, or with columns that are not typed arrays: the synchronous path, same book", async () => {
    const strings = { ...columns, placedAt: Array.from(columns.placedAt, (t) => new Date(t).toISOString()) };
    expect(analysis(await prepareOrderColumnsParallel(columns, options))).toEqual(analysis(prepareOrderColumns(columns, options)));
    expect(analysis(await prepareOrderColumnsParallel(strings, { ...options, minOrders: 0 }))).toEqual(analysis(prepareOrderColumns(strings, options)));
  });

  it("rejects with the error prepareOrderColumns throws: a bad row in a worker's range, a bad key on the calling thread", async () => {
    const syncError = (input: OrderColumnsInput): unknown => {
      try {
        prepareOrderColumns(input, options);
      } catch (e) {
        return e;
      }
      throw new Error("no error");
    };
    // Row 450 is in the second half: a worker reads it, fails, and the input is read again here.
    const badTotal = { ...columns, total: Int32Array.from(columns.total, (x, i) => (i === 450 ? -5 : x)) };
    const e = syncError(badTotal);
    expect(e).toMatchObject({ code: "NEGATIVE_TOTAL", index: 450, field: "total" });
    await expect(prepareOrderColumnsParallel(badTotal, { ...options, workers: 1, minOrders: 0 })).rejects.toEqual(e);
    // A bad key (read on the calling thread) and a bad total: the key's error, as the synchronous path reads keys first.
    const bad = { ...badTotal, customerId: Float64Array.from(columns.customerId, (c, i) => (i === 500 ? Number.NaN : c)) };
    const k = syncError(bad);
    expect(k).toMatchObject({ code: "INVALID_CUSTOMER_ID", index: 500 });
    await expect(prepareOrderColumnsParallel(bad, { ...options, minOrders: 1e9 })).rejects.toEqual(k);
  });

  it("its TSDoc example, also in docs/at-scale.md \"Both cores\" (outputs as written)", async () => {
    const book = await prepareOrderColumnsParallel(
      {
        customerId: new Uint32Array([1, 2, 1]),
        placedAt: new Float64Array([Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 9), Date.UTC(2024, 1, 2)]),
        total: new Int32Array([2000, 3550, 1200]),
        refunded: new Int32Array([0, 550, 0]),
      },
      { currency: "EUR", minOrders: 0 },
    );
    expect(book.orderCount).toBe(3);
    expect(summarize(book).revenue.net.toString()).toBe("62");
  });

  it("refuses workers and minOrders out of range", async () => {
    await expect(prepareOrderColumnsParallel(columns, { workers: 0 })).rejects.toMatchObject({ code: "INVALID_OPTION", field: "workers" });
    await expect(prepareOrderColumnsParallel(columns, { minOrders: -1 })).rejects.toMatchObject({ code: "INVALID_OPTION", field: "minOrders" });
  });
});
