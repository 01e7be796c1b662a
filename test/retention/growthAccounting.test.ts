import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Decimal } from "decimal.js";
import { growthAccounting, type GrowthAccountingResult } from "../../src/retention/growthAccounting.js";
import { growthAccountingChart } from "../../src/render/growthAccountingChart.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import { mergeAccumulators } from "../../src/stream/mergeAccumulators.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const o = (orderId: string, customerId: string, placedAt: string, total: string, refunded?: string): Order =>
  refunded === undefined ? { orderId, customerId, placedAt, total } : { orderId, customerId, placedAt, total, refunded };

const rows = (g: GrowthAccountingResult) =>
  g.periods.map((p) => [p.label, p.activeCustomers, p.newCustomers, p.retainedCustomers, p.resurrectedCustomers, p.churnedCustomers]);

describe("growthAccounting: hand-worked example (docs/retention.md)", () => {
  // ann: Jan 10, Feb 15 (+5 refunded 3 → net 12), Apr 8; bob: Jan 20, Mar 5; cy: Mar 30, Mar 31.
  const orders = [
    o("1", "ann", "2024-01-10", "10"),
    o("2", "bob", "2024-01-20", "20"),
    o("3", "ann", "2024-02-10", "15", "3"),
    o("4", "bob", "2024-03-05", "5"),
    o("5", "cy", "2024-03-30", "7"),
    o("6", "cy", "2024-03-31", "1"),
    o("7", "ann", "2024-04-08", "8"),
  ];
  const g = growthAccounting(orders, { asOf: "2024-04-30" });

  it("splits customers by where they came from", () => {
    expect(rows(g)).toEqual([
      // label, active, new, retained, resurrected, churned
      ["2024-01", 2, 2, 0, 0, 0],
      ["2024-02", 1, 0, 1, 0, 1], // ann retained; bob churned
      ["2024-03", 2, 1, 0, 1, 1], // cy new; bob resurrected; ann churned
      ["2024-04", 1, 0, 0, 1, 2], // ann resurrected; bob and cy churned
    ]);
    expect(g.periods.map((p) => p.customerQuickRatio)).toEqual([null, 0, 2, 0.5]);
  });

  it("splits revenue, net of refunds, with expansion and contraction", () => {
    const money = g.periods.map((p) => [p.revenue, p.newRevenue, p.retainedRevenue, p.resurrectedRevenue, p.expansionRevenue, p.contractionRevenue, p.churnedRevenue].map(String));
    expect(money).toEqual([
      ["30", "30", "0", "0", "0", "0", "0"],
      ["12", "0", "12", "0", "2", "0", "20"], // ann 10 → 12: +2; bob's 20 churned
      ["13", "8", "0", "5", "0", "0", "12"], // ann's 12 churned
      ["8", "0", "0", "8", "0", "0", "13"], // bob's 5 and cy's 8 churned
    ]);
    // (new + resurrected + expansion) / (churned + contraction)
    expect(g.periods.map((p) => p.revenueQuickRatio)).toEqual([null, 2 / 20, 13 / 12, 8 / 13]);
  });

  it("gross revenue ignores refunds", () => {
    const gross = growthAccounting(orders, { asOf: "2024-04-30", revenue: "gross" });
    expect(gross.periods[1]?.expansionRevenue.toString()).toBe("5");
    expect(gross.window.revenue).toBe("gross");
  });

  it("from/to choose the periods; earlier orders stay history", () => {
    const part = growthAccounting(orders, { asOf: "2024-04-30", from: "2024-03-01", to: "2024-03-31" });
    expect(rows(part)).toEqual([["2024-03", 2, 1, 0, 1, 1]]);
    expect(part.periods[0]?.complete).toBe(true);
  });

  it("marks the running period incomplete, and counts churn into it", () => {
    const running = growthAccounting(orders, { asOf: "2024-04-10" });
    expect(running.periods.at(-1)).toMatchObject({ label: "2024-04", complete: false, churnedCustomers: 2 });
  });

  it("an accumulator gives the same result", () => {
    const acc = createAccumulator();
    for (const x of orders) acc.add(x);
    expect(JSON.stringify(growthAccounting(acc, { asOf: "2024-04-30" }))).toBe(JSON.stringify(g));
  });

  it("draws stacked bars, churn below zero", () => {
    const svg = growthAccountingChart(g);
    expect(svg.match(/<g class="rm-bar">/g)?.length).toBe(4);
    expect(svg).toContain('fill="#de2d26"');
    expectRetentionError(() => growthAccountingChart(g, { width: Number.NaN }), { code: "INVALID_OPTION", field: "width" });
  });
});

describe("growthAccounting: options and edges", () => {
  it("refuses bad options with the field", () => {
    const orders = [o("1", "a", "2024-01-01", "1")];
    expectRetentionError(() => growthAccounting(orders, { granularity: "fortnight" as never }), { code: "INVALID_OPTION", field: "granularity" });
    expectRetentionError(() => growthAccounting(orders, { from: "2024-03-01", to: "2024-01-01" }), { code: "INVALID_OPTION", field: "to" });
    expectRetentionError(() => growthAccounting(orders, { granularity: "day", from: "0100-01-01", to: "2024-01-01" }), { code: "INVALID_OPTION", field: "granularity" });
    const acc = createAccumulator({ granularity: "month" });
    acc.add(orders[0] as Order);
    expectRetentionError(() => growthAccounting(acc, { granularity: "week" }), { code: "INVALID_OPTION", field: "granularity" });
  });

  it("no orders: no periods", () => {
    expect(growthAccounting([]).periods).toEqual([]);
  });

  it("sums past 2^53 minor units exactly", () => {
    const big = "90000000000000.01"; // 9.000000000000001e15 cents
    const g = growthAccounting([o("1", "a", "2024-01-01", big), o("2", "b", "2024-01-02", big), o("3", "a", "2024-02-01", big)], { asOf: "2024-02-29" });
    expect(g.periods[0]?.revenue.toString()).toBe(new Decimal(big).times(2).toString());
    expect(g.periods[1]?.churnedRevenue.toString()).toBe(big);
  });
});

// ---- Independent reference: calendar periods by Intl.DateTimeFormat, activity by sets of customers. ----

/** Month index (year × 12 + month − 1) of an instant in `zone`, read by Intl (not the library's zone code). */
function monthOf(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric" }).formatToParts(new Date(ms));
  const y = Number(parts.find((p) => p.type === "year")?.value);
  const m = Number(parts.find((p) => p.type === "month")?.value);
  return y * 12 + m - 1;
}

interface RefPeriod {
  label: string;
  counts: number[];
  money: string[];
}

function reference(orders: readonly { customerId: string; at: number; cents: number }[], zone: string): RefPeriod[] {
  if (orders.length === 0) return [];
  const active = new Map<number, Map<string, number>>();
  for (const x of orders) {
    const p = monthOf(x.at, zone);
    const m = active.get(p) ?? new Map<string, number>();
    m.set(x.customerId, (m.get(x.customerId) ?? 0) + x.cents);
    active.set(p, m);
  }
  const ps = [...active.keys()];
  const first = Math.min(...ps);
  const last = Math.max(...ps);
  const seen = new Set<string>();
  const out: RefPeriod[] = [];
  for (let p = first; p <= last; p++) {
    const now = active.get(p) ?? new Map<string, number>();
    const before = active.get(p - 1) ?? new Map<string, number>();
    let nw = 0, ret = 0, res = 0, chu = 0;
    let rev = 0, nwR = 0, retR = 0, resR = 0, exp = 0, con = 0, chuR = 0;
    for (const [c, r] of now) {
      rev += r;
      if (!seen.has(c)) {
        nw++;
        nwR += r;
      } else if (before.has(c)) {
        ret++;
        retR += r;
        const d = r - (before.get(c) as number);
        if (d > 0) exp += d;
        else con -= d;
      } else {
        res++;
        resR += r;
      }
    }
    for (const [c, r] of before) {
      if (!now.has(c)) {
        chu++;
        chuR += r;
      }
    }
    for (const c of now.keys()) seen.add(c);
    const y = Math.floor(p / 12);
    out.push({
      label: `${y}-${String(p - y * 12 + 1).padStart(2, "0")}`,
      counts: [now.size, nw, ret, res, chu],
      money: [rev, nwR, retR, resR, exp, con, chuR].map((v) => new Decimal(v).div(100).toString()),
    });
  }
  return out;
}

const orderArb = fc.record({
  customer: fc.integer({ min: 0, max: 7 }),
  // 2023-10-01 … 2024-12-31, minutes.
  minute: fc.integer({ min: 0, max: 657 * 1440 }),
  cents: fc.integer({ min: 0, max: 100_000 }),
});

describe("growthAccounting: properties", () => {
  const base = Date.UTC(2023, 9, 1);
  const toOrders = (xs: { customer: number; minute: number; cents: number }[]): Order[] =>
    xs.map((x, i) => ({ orderId: String(i), customerId: `c${x.customer}`, placedAt: new Date(base + x.minute * 60_000), total: (x.cents / 100).toFixed(2) }));

  it.each(["UTC", "Europe/Prague", "Australia/Lord_Howe", "America/New_York"])("agrees with the Intl reference in %s", (zone) => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 40 }), (xs) => {
        const orders = toOrders(xs);
        const g = growthAccounting(orders, { timeZone: zone });
        const ref = reference(xs.map((x, i) => ({ customerId: `c${x.customer}`, at: (orders[i]?.placedAt as Date).getTime(), cents: x.cents })), zone);
        expect(g.periods.map((p) => p.label)).toEqual(ref.map((p) => p.label));
        g.periods.forEach((p, k) => {
          const r = ref[k] as RefPeriod;
          expect([p.activeCustomers, p.newCustomers, p.retainedCustomers, p.resurrectedCustomers, p.churnedCustomers]).toEqual(r.counts);
          expect([p.revenue, p.newRevenue, p.retainedRevenue, p.resurrectedRevenue, p.expansionRevenue, p.contractionRevenue, p.churnedRevenue].map(String)).toEqual(r.money);
        });
      }),
      { numRuns: 20 },
    );
  });

  it("identities hold, quick ratios are non-negative, and order does not matter", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 60 }), fc.constantFrom<"week" | "month" | "quarter">("week", "month", "quarter"), (xs, granularity) => {
        const orders = toOrders(xs);
        const g = growthAccounting(orders, { granularity, timeZone: "Europe/Prague" });
        g.periods.forEach((p, k) => {
          expect(p.activeCustomers).toBe(p.newCustomers + p.retainedCustomers + p.resurrectedCustomers);
          expect(p.revenue.equals(p.newRevenue.plus(p.retainedRevenue).plus(p.resurrectedRevenue))).toBe(true);
          if (k > 0) {
            const q = g.periods[k - 1] as (typeof g.periods)[number];
            expect(p.activeCustomers).toBe(q.activeCustomers + p.newCustomers + p.resurrectedCustomers - p.churnedCustomers);
            expect(p.revenue.equals(q.revenue.plus(p.newRevenue).plus(p.resurrectedRevenue).plus(p.expansionRevenue).minus(p.contractionRevenue).minus(p.churnedRevenue))).toBe(true);
          }
          for (const r of [p.customerQuickRatio, p.revenueQuickRatio]) expect(r === null || r >= 0).toBe(true);
        });
        // Time order takes the one-pass path, any other order the bucket path: both give the same result.
        const byTime = [...orders].sort((a, b) => (a.placedAt as Date).getTime() - (b.placedAt as Date).getTime());
        const reversed = [...byTime].reverse();
        for (const other of [byTime, reversed]) expect(JSON.stringify(growthAccounting(other, { granularity, timeZone: "Europe/Prague" }))).toBe(JSON.stringify(g));
      }),
      { numRuns: 30 },
    );
  });

  it("a book, an accumulator, and merged shards agree", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 40 }), (xs) => {
        const orders = toOrders(xs);
        const opts = { timeZone: "Australia/Lord_Howe" };
        const g = growthAccounting(prepareOrders(orders, opts), opts);
        const shards = [createAccumulator(opts), createAccumulator(opts)];
        orders.forEach((x, i) => shards[i % 2]?.add(x));
        const merged = mergeAccumulators(shards[0] as never, shards[1] as never);
        expect(JSON.stringify(growthAccounting(merged, { asOf: g.window.asOf as string }))).toBe(JSON.stringify(g));
      }),
      { numRuns: 15 },
    );
  });
});
