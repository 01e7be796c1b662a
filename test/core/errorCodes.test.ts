// Issue 19, item 11: the codes docs/errors.md promises, on the inputs where they used to differ; zone aliases;
// Dates from another realm; an accumulator's add that is refused leaves the state as it was.
import fc from "fast-check";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { prepareOrderColumns } from "../../src/core/prepareOrderColumns.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import type { Order } from "../../src/core/types.js";
import { summarize } from "../../src/orders/summarize.js";
import { customerRetentionRate } from "../../src/retention/customerRetentionRate.js";
import { accumulatorFromJSON } from "../../src/stream/accumulatorFromJSON.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import { mergeAccumulators } from "../../src/stream/mergeAccumulators.js";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const orders: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-10T10:00:00", total: "20" },
  { orderId: "2", customerId: "bob", placedAt: "2024-02-10", total: "30.5" },
];

describe("codes as documented", () => {
  it("an array row is INVALID_RECORD (field order), on every entry path", () => {
    const row = ["1", "ann", "2024-01-10", "10"] as unknown as Order;
    expectRetentionError(() => prepareOrders([row]), { code: "INVALID_RECORD", index: 0, field: "order" });
    expectRetentionError(() => summarize([orders[0]!, row]), { code: "INVALID_RECORD", index: 1, field: "order" });
    expectRetentionError(() => createAccumulator().add(row), { code: "INVALID_RECORD", index: 0, field: "order" });
  });

  it("customerRetentionRate on an accumulator is INVALID_OPTION (field orders), as for every metric that does not read one", () => {
    const acc = createAccumulator().addAll(orders);
    expectRetentionError(() => customerRetentionRate(acc as never, { start: "2024-01-01", end: "2024-02-01" }), { code: "INVALID_OPTION", field: "orders" });
  });

  it("a bad option inside a saved state is a malformed state (INVALID_STATE, the option as field)", () => {
    const good = createAccumulator({ timeZone: "Europe/Prague" }).addAll(orders).toJSON();
    for (const [k, v] of [
      ["granularity", "fortnight"],
      ["weekStartsOn", 9],
      ["weekStartsOn", "1"],
      ["duplicateOrderIds", "maybe"],
      ["timeZone", 5],
      ["timeZone", ""],
      ["timeZone", undefined],
    ] as const) {
      expectRetentionError(() => accumulatorFromJSON({ ...good, [k]: v } as never), { code: "INVALID_STATE", field: k });
    }
    // A well-formed zone this runtime does not know keeps its own code, about the state.
    expectRetentionError(() => accumulatorFromJSON({ ...good, timeZone: "Mars/Olympus" }), { code: "INVALID_TIME_ZONE", field: "state" });
    // The caller's own option keeps INVALID_OPTION.
    expectRetentionError(() => accumulatorFromJSON(good, { accessors: 5 as never }), { code: "INVALID_OPTION", field: "accessors" });
  });
});

/** Whether this runtime's Intl links Europe/Kiev to Europe/Kyiv (V8's ICU does; Bun's JavaScriptCore does not). */
const linksKiev = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Kiev" }).resolvedOptions().timeZone === new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Kyiv" }).resolvedOptions().timeZone;

describe("zone aliases are one zone", () => {
  it("utc and UTC, Europe/Kiev and Europe/Kyiv merge", () => {
    const a = createAccumulator({ timeZone: "utc" }).add(orders[0]!);
    const b = createAccumulator({ timeZone: "UTC" }).add(orders[1]!);
    expect(summarize(mergeAccumulators(a, b)).orders).toBe(2);
    if (linksKiev) {
      const kiev = createAccumulator({ timeZone: "Europe/Kiev" }).add(orders[0]!);
      const kyiv = createAccumulator({ timeZone: "Europe/Kyiv" }).add(orders[1]!);
      expect(summarize(mergeAccumulators(kiev, kyiv)).orders).toBe(2);
    }
    // Different zones still refuse to merge.
    expectRetentionError(() => mergeAccumulators(createAccumulator({ timeZone: "Europe/Prague" }), createAccumulator({ timeZone: "UTC" })), { code: "INVALID_ARGUMENT", field: "b" });
  });

  it("a metric's timeZone option may name the book's or the accumulator's zone by an alias", () => {
    if (linksKiev) {
      const kiev = createAccumulator({ timeZone: "Europe/Kiev" }).addAll(orders);
      expect(summarize(kiev, { timeZone: "Europe/Kyiv" })).toEqual(summarize(kiev));
    }
    const book = prepareOrders(orders, { timeZone: "utc" });
    expect(summarize(book, { timeZone: "UTC" })).toEqual(summarize(book));
    expect(cohortTable(book, { timeZone: "Etc/UTC", asOf: "2024-03-01" })).toEqual(cohortTable(book, { asOf: "2024-03-01" }));
    expectRetentionError(() => summarize(book, { timeZone: "Europe/Prague" }), { code: "INVALID_OPTION", field: "timeZone" });
  });
});

describe("a Date from another realm", () => {
  const OtherDate = vm.runInNewContext("Date") as DateConstructor;
  const t = Date.UTC(2024, 0, 10, 10);
  it("is read as a Date in placedAt, in columns and in options", () => {
    const mine = summarize([{ ...orders[0]!, placedAt: new Date(t) }], { asOf: new Date(Date.UTC(2024, 5, 1)) });
    const theirs = summarize([{ ...orders[0]!, placedAt: new OtherDate(t) }], { asOf: new OtherDate(Date.UTC(2024, 5, 1)) });
    expect(new OtherDate(t) instanceof Date).toBe(false);
    expect(theirs).toEqual(mine);
    const acc = createAccumulator().add({ ...orders[0]!, placedAt: new OtherDate(t) });
    expect(summarize(acc).firstOrderAt).toBe(new Date(t).toISOString());
    const cols = prepareOrderColumns({ customerId: ["ann"], placedAt: [new OtherDate(t)], total: [10] });
    expect(summarize(cols).firstOrderAt).toBe(new Date(t).toISOString());
    expect(summarize(orders, { from: new OtherDate(Date.UTC(2024, 1, 1)) }).orders).toBe(1);
  });

  it("an object that only fakes the Date tag is not one", () => {
    const fake = { [Symbol.toStringTag]: "Date", getTime: () => t };
    expectRetentionError(() => prepareOrders([{ ...orders[0]!, placedAt: fake as never }]), { code: "INVALID_DATE", index: 0, field: "placedAt" });
    expectRetentionError(() => summarize(orders, { asOf: fake as never }), { code: "INVALID_OPTION", field: "asOf" });
  });
});

describe("a refused add leaves the accumulator exactly as it was (property)", () => {
  const value = {
    orderId: fc.constantFrom("1", "2", "3", "", 5, null, 2 ** 60, undefined),
    customerId: fc.constantFrom("ann", "bob", "", 7, null, {}, 2 ** 60),
    placedAt: fc.constantFrom("2024-01-10", "2024-01-10T10:00:00", "2024-01-10T10:00:00Z", 1704844800000, new Date(1704844800000), "1980-01-01", "x", "2024-02-30", new Date(Number.NaN), 8.64e15, "0000-01-01"),
    total: fc.constantFrom("10", "10.5", "-1", "x", 1.25, "1e20", "0.001", 10n, "9007199254740991"),
    refunded: fc.constantFrom(undefined, "0", "5", "20", "-1", "0.0001"),
    currency: fc.constantFrom(undefined, "USD", "EUR", "usd", null),
    segment: fc.constantFrom(undefined, "a", 5, null),
  };
  it("state, flags and counts", () => {
    fc.assert(
      fc.property(fc.array(fc.record(value, { requiredKeys: [] }), { maxLength: 8 }), fc.constantFrom("check", "trust") as fc.Arbitrary<"check" | "trust">, (rows, dup) => {
        const acc = createAccumulator({ duplicateOrderIds: dup, timeZone: "Europe/Prague" });
        for (const row of rows) {
          const before = JSON.stringify(acc);
          try {
            acc.add(row as never);
          } catch (e) {
            expect(e).toBeInstanceOf(RetentionMetricsError);
            expect(JSON.stringify(acc)).toBe(before);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
