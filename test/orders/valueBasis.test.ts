import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Decimal } from "decimal.js";
import { averageOrderValue } from "../../src/orders/averageOrderValue.js";
import { customerValue } from "../../src/orders/customerValue.js";
import { summarize } from "../../src/orders/summarize.js";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { historicalLifetimeValue } from "../../src/value/historicalLifetimeValue.js";
import { cohortEconomics } from "../../src/value/cohortEconomics.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import { prepareOrderColumns } from "../../src/core/prepareOrderColumns.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

// The worked example of docs/choosing-definitions.md, "Revenue basis: gross, net or margin".
const shop: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "100", refunded: "20", refundedAt: "2024-02-10", cost: "50" },
  { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "40", cost: "10" },
  { orderId: "3", customerId: "ann", placedAt: "2024-02-03", total: "60", cost: "30" },
];
const asOf = "2024-03-31";
const cells = (t: ReturnType<typeof cohortTable>): string[][] => t.cohorts.map((c) => c.cells.map((x) => x.revenue.toString()));

describe("revenue basis: the worked example (docs/choosing-definitions.md)", () => {
  const book = prepareOrders(shop);

  it("AOV on each basis, echoed in window", () => {
    const aov = (o: object): [string, string | undefined] => {
      const r = averageOrderValue(book, { asOf, ...o });
      return [r.revenue.toString(), r.averageOrderValue?.toString()];
    };
    expect(aov({})).toEqual(["180", "60"]);
    expect(aov({ revenue: "gross" })).toEqual(["200", "66.666666666666666667"]);
    expect(aov({ revenue: "margin" })).toEqual(["90", "30"]); // 180 − (50 + 10 + 30)
    expect(aov({ revenue: "margin", marginRate: "0.35" })).toEqual(["63", "21"]); // 0.35 × 180
    const w = averageOrderValue(book, { asOf, revenue: "margin", marginRate: "0.35" }).window;
    expect(w.revenue).toBe("margin");
    expect(w.marginRate?.toString()).toBe("0.35");
    expect(averageOrderValue(book, { asOf, revenue: "margin" }).window.marginRate).toBeNull();
    expect(averageOrderValue(book, { asOf }).window).not.toHaveProperty("marginRate");
    expect(customerValue(book, { asOf, revenue: "margin" }).customerValue?.toString()).toBe("45");
  });

  it("refunds at the order date or the refund date", () => {
    const jan = { from: "2024-01-01", to: "2024-02-01", asOf };
    expect(averageOrderValue(book, jan).revenue.toString()).toBe("120"); // 100 − 20 + 40
    const byRefund = averageOrderValue(book, { ...jan, refundAttribution: "refundDate" });
    expect(byRefund.revenue.toString()).toBe("140"); // the refund of 10 February is February's
    expect(byRefund.window.refundAttribution).toBe("refundDate");
    expect(averageOrderValue(book, { from: "2024-02-01", to: "2024-03-01", asOf, refundAttribution: "refundDate" }).revenue.toString()).toBe("40"); // 60 − 20
    expect(cells(cohortTable(book, { asOf }))).toEqual([["120", "60", "0"]]);
    expect(cells(cohortTable(book, { asOf, refundAttribution: "refundDate" }))).toEqual([["140", "40", "0"]]);
    expect(cells(cohortTable(book, { asOf, revenue: "gross" }))).toEqual([["140", "60", "0"]]);
    expect(cells(cohortTable(book, { asOf, revenue: "margin" }))).toEqual([["60", "30", "0"]]);
    expect(cells(cohortTable(book, { asOf, revenue: "margin", refundAttribution: "refundDate" }))).toEqual([["80", "10", "0"]]);
    // A refund after asOf is not yet seen.
    expect(cells(cohortTable(book, { asOf: "2024-02-05", refundAttribution: "refundDate" }))).toEqual([["140", "60"]]);
  });

  it("historicalLifetimeValue and cohortEconomics take the basis", () => {
    const ltv = historicalLifetimeValue(book, { asOf, revenue: "margin", marginRate: "0.5" });
    expect(ltv.periods.map((p) => p.historicalLifetimeValue?.toString())).toEqual(["30", "45", "45"]); // 0.5 × (120, 180, 180) / 2
    expect(ltv.window.revenue).toBe("margin");
    // marginRate alone means revenue: "margin" (rate × net), as before.
    const e = cohortEconomics(book, { asOf, acquisitionCost: "40", marginRate: "0.5", horizons: [1] });
    const m = cohortEconomics(book, { asOf, acquisitionCost: "40", revenue: "margin", horizons: [1] });
    expect([e.marginRate?.toString(), e.cohorts[0]?.marginToDate.toString(), e.cohorts[0]?.paybackPeriod]).toEqual(["0.5", "45", 1]);
    expect([m.marginRate, m.cohorts[0]?.marginToDate.toString(), m.cohorts[0]?.paybackPeriod]).toEqual([null, "45", 1]); // (60 + 30) / 2
    expect(cohortEconomics(book, { asOf, acquisitionCost: "40" }).marginRate?.toString()).toBe("1");
  });

  it("the same from columns", () => {
    const cols = prepareOrderColumns({
      customerId: ["ann", "bob", "ann"],
      placedAt: shop.map((o) => Date.parse(o.placedAt as string)),
      total: [10000, 4000, 6000],
      refunded: [2000, 0, 0],
      refundedAt: [Date.parse("2024-02-10"), null, null],
      cost: [5000, 1000, 3000],
    });
    expect(cells(cohortTable(cols, { asOf, revenue: "margin", refundAttribution: "refundDate" }))).toEqual([["80", "10", "0"]]);
    expectRetentionError(() => prepareOrderColumns({ customerId: ["a"], placedAt: [Date.parse("2024-02-10")], total: [1], refundedAt: [Date.parse("2024-02-09")] }), {
      code: "INVALID_DATE",
      index: 0,
      field: "refundedAt",
    });
    expectRetentionError(() => prepareOrderColumns({ customerId: ["a"], placedAt: [Date.parse("2024-02-10")], total: [1], cost: [-1] }), { code: "INVALID_AMOUNT", index: 0, field: "cost" });
  });

  it("refuses what it cannot answer, with the field at fault", () => {
    expectRetentionError(() => summarize(book, { revenue: "margin" } as never), { code: "INVALID_OPTION", field: "revenue" });
    expectRetentionError(() => averageOrderValue(book, { marginRate: "0.3" }), { code: "INVALID_OPTION", field: "marginRate" });
    expectRetentionError(() => averageOrderValue(book, { revenue: "margin", marginRate: "1.5" }), { code: "INVALID_OPTION", field: "marginRate" });
    expectRetentionError(() => averageOrderValue(book, { refundAttribution: "later" as never }), { code: "INVALID_OPTION", field: "refundAttribution" });
    const noCost = prepareOrders([{ orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "1", cost: "0" }, { orderId: "2", customerId: "a", placedAt: "2024-01-02", total: "1" }]);
    expectRetentionError(() => averageOrderValue(noCost, { revenue: "margin" }), { code: "INVALID_AMOUNT", index: 1, field: "cost" });
    expectRetentionError(() => averageOrderValue(prepareOrders([{ orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "1" }]), { revenue: "margin" }), { code: "INVALID_OPTION", field: "revenue" });
    expectRetentionError(() => prepareOrders([{ orderId: "1", customerId: "a", placedAt: "2024-01-01", total: "1", cost: "-2" }]), { code: "INVALID_AMOUNT", index: 0, field: "cost" });
    expectRetentionError(() => prepareOrders([{ orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "1", refunded: "1", refundedAt: "2024-01-04" }]), { code: "INVALID_DATE", index: 0, field: "refundedAt" });
    // Refund times given as wall-clock strings were read in the book's zone: another zone is refused, as for placedAt.
    const wallRefunds = prepareOrders([{ orderId: "1", customerId: "a", placedAt: "2024-01-05T10:00:00Z", total: "1", refunded: "1", refundedAt: "2024-02-10T10:00" }], { timeZone: "Europe/Prague" });
    expectRetentionError(() => cohortTable(wallRefunds, { timeZone: "America/New_York", refundAttribution: "refundDate" }), { code: "INVALID_OPTION", field: "timeZone" });
    const acc = createAccumulator();
    for (const o of shop) acc.add(o);
    expectRetentionError(() => averageOrderValue(acc, { revenue: "margin" }), { code: "INVALID_OPTION", field: "revenue" });
    expectRetentionError(() => cohortTable(acc, { refundAttribution: "refundDate" }), { code: "INVALID_OPTION", field: "refundAttribution" });
    // The accumulator checks the fields as prepareOrders does, though it keeps neither.
    expectRetentionError(() => acc.add({ orderId: "9", customerId: "a", placedAt: "2024-03-01", total: "1", cost: "-1" }), { code: "INVALID_AMOUNT", index: 3, field: "cost" });
    expectRetentionError(() => acc.add({ orderId: "9", customerId: "a", placedAt: "2024-03-01", total: "1", refundedAt: "2024-02-01" }), { code: "INVALID_DATE", index: 3, field: "refundedAt" });
    expect(acc.toJSON().orders).toBe(3);
  });
});

// ---------------------------------------------------------------- properties

const arbOrders = fc
  .array(
    fc.record({
      c: fc.integer({ min: 0, max: 6 }),
      day: fc.integer({ min: 0, max: 150 }),
      total: fc.integer({ min: 0, max: 100_000 }),
      refundShare: fc.integer({ min: 0, max: 4 }),
      refundLag: fc.option(fc.integer({ min: 0, max: 90 })),
      cost: fc.integer({ min: 0, max: 120_000 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((rows): Order[] =>
    rows.map((r, i) => {
      const placed = Date.UTC(2024, 0, 1) + r.day * 86_400_000 + i;
      const refunded = Math.floor((r.total * r.refundShare) / 4);
      return {
        orderId: String(i),
        customerId: `c${r.c}`,
        placedAt: placed,
        total: (r.total / 100).toFixed(2),
        refunded: (refunded / 100).toFixed(2),
        ...(r.refundLag === null ? {} : { refundedAt: placed + r.refundLag * 86_400_000 }),
        cost: (r.cost / 100).toFixed(2),
      };
    }),
  );
const arbRate = fc.integer({ min: 1, max: 10_000 }).map((k) => new Decimal(k).div(10_000).toString());
const late = "2025-01-01";
const sumCells = (t: ReturnType<typeof cohortTable>): Decimal => t.cohorts.reduce((s, c) => c.cells.reduce((u, x) => u.plus(x.revenue), s), new Decimal(0));

describe("revenue basis: properties", () => {
  it("gross = net + refunds; margin at a rate = rate × net, exactly, in every cohort cell; margin from costs = net − costs", () => {
    fc.assert(
      fc.property(arbOrders, arbRate, (orders, rate) => {
        const book = prepareOrders(orders);
        const refunds = orders.reduce((s, o) => s.plus(o.refunded as string), new Decimal(0));
        const costs = orders.reduce((s, o) => s.plus(o.cost as string), new Decimal(0));
        const net = averageOrderValue(book, { asOf: late }).revenue;
        expect(averageOrderValue(book, { asOf: late, revenue: "gross" }).revenue.eq(net.plus(refunds))).toBe(true);
        expect(averageOrderValue(book, { asOf: late, revenue: "margin", marginRate: rate }).revenue.eq(net.times(rate))).toBe(true);
        expect(averageOrderValue(book, { asOf: late, revenue: "margin" }).revenue.eq(net.minus(costs))).toBe(true);
        const netCells = cohortTable(book, { asOf: late });
        const rateCells = cohortTable(book, { asOf: late, revenue: "margin", marginRate: rate });
        netCells.cohorts.forEach((row, i) => row.cells.forEach((cell, k) => expect(rateCells.cohorts[i]?.cells[k]?.revenue.eq(cell.revenue.times(rate))).toBe(true)));
        // Refunds moved to their dates change cells, not the total (every refund is seen by `late`).
        expect(sumCells(cohortTable(book, { asOf: late, refundAttribution: "refundDate" })).eq(sumCells(netCells))).toBe(true);
        expect(sumCells(cohortTable(book, { asOf: late, revenue: "gross" })).eq(sumCells(netCells).plus(refunds))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it("an accumulator gives the book's results on gross, net and margin at a rate", () => {
    fc.assert(
      fc.property(arbOrders, arbRate, (orders, rate) => {
        const book = prepareOrders(orders);
        const acc = createAccumulator();
        for (const o of orders) acc.add(o);
        for (const o of [{ revenue: "gross" }, {}, { revenue: "margin", marginRate: rate }] as const) {
          const a = averageOrderValue(acc, { asOf: late, ...o });
          const b = averageOrderValue(book, { asOf: late, ...o });
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
          expect(JSON.stringify(customerValue(acc, { asOf: late, ...o }))).toBe(JSON.stringify(customerValue(book, { asOf: late, ...o })));
          expect(JSON.stringify(cohortTable(acc, { asOf: late, ...o }).cohorts)).toBe(JSON.stringify(cohortTable(book, { asOf: late, ...o }).cohorts));
        }
      }),
      { numRuns: 12 },
    );
  });
});

// Refunds at their dates against a slow reference (Intl's calendar month of each instant), in zones with daylight
// saving time, a half-hour offset and Lord Howe's 30-minute shift.
const formats = new Map<string, Intl.DateTimeFormat>();
function monthIn(ms: number, zone: string): number {
  let f = formats.get(zone);
  if (f === undefined) formats.set(zone, (f = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric" })));
  const parts = f.formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return get("year") * 12 + get("month") - 1;
}

describe("refund dates: cohort cells against a slow reference", () => {
  const arb = fc.array(
    fc.record({
      c: fc.integer({ min: 0, max: 4 }),
      hour: fc.integer({ min: 0, max: 24 * 120 }),
      total: fc.integer({ min: 1, max: 5_000 }),
      refund: fc.integer({ min: 0, max: 5_000 }),
      lagHours: fc.integer({ min: 0, max: 24 * 60 }),
    }),
    { minLength: 1, maxLength: 20 },
  );
  it.each(["America/New_York", "Europe/Prague", "Australia/Lord_Howe"])("%s", (zone) => {
    fc.assert(
      fc.property(arb, (rows) => {
        const base = Date.UTC(2024, 1, 20);
        const orders: Order[] = rows.map((r, i) => {
          const t = base + r.hour * 3_600_000 + i;
          return { orderId: String(i), customerId: `c${r.c}`, placedAt: t, total: String(r.total), refunded: String(Math.min(r.refund, r.total)), refundedAt: t + r.lagHours * 3_600_000 };
        });
        const asOf = base + 100 * 86_400_000;
        const want = new Map<string, number>();
        const first = new Map<string, number>();
        for (const o of orders) first.set(o.customerId as string, Math.min(first.get(o.customerId as string) ?? Infinity, o.placedAt as number));
        const put = (label: number, k: number, v: number): void => {
          const key = `${label}:${k}`;
          want.set(key, (want.get(key) ?? 0) + v);
        };
        for (const o of orders) {
          if ((o.placedAt as number) > asOf) continue;
          const cohort = monthIn(first.get(o.customerId as string) as number, zone);
          put(cohort, monthIn(o.placedAt as number, zone) - cohort, Number(o.total));
          if ((o.refundedAt as number) <= asOf) put(cohort, monthIn(o.refundedAt as number, zone) - cohort, -Number(o.refunded));
        }
        const t = cohortTable(prepareOrders(orders, { timeZone: zone }), { asOf: new Date(asOf), refundAttribution: "refundDate" });
        const got = new Map<string, number>();
        for (const row of t.cohorts) {
          const [y, m] = row.label.split("-").map(Number) as [number, number];
          row.cells.forEach((cell, k) => {
            if (!cell.revenue.isZero()) got.set(`${y * 12 + m - 1}:${k}`, cell.revenue.toNumber());
          });
        }
        for (const [key, v] of [...want]) if (v === 0) want.delete(key);
        expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want].sort()));
      }),
      { numRuns: 10 },
    );
  });
});
