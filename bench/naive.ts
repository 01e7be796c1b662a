import Decimal from "decimal.js";
import type { Order } from "../src/index.js";

/**
 * The naive way a team writes these KPIs today: a Decimal and a parsed Date per order, a Map of per-customer
 * objects. Kept only as the benchmark baseline.
 */
export function naiveSummarize(orders: readonly Order[]): { orders: number; customers: number; repeat: number; net: Decimal; aov: Decimal | null } {
  let net = new Decimal(0);
  const perCustomer = new Map<string, { count: number; first: Date }>();
  for (const o of orders) {
    const placed = new Date(o.placedAt as string);
    const value = new Decimal(o.total as string).minus(new Decimal((o.refunded as string | undefined) ?? 0));
    net = net.plus(value);
    const c = perCustomer.get(String(o.customerId));
    if (c) {
      c.count++;
      if (placed < c.first) c.first = placed;
    } else perCustomer.set(String(o.customerId), { count: 1, first: placed });
  }
  let repeat = 0;
  for (const c of perCustomer.values()) if (c.count >= 2) repeat++;
  return { orders: orders.length, customers: perCustomer.size, repeat, net, aov: orders.length ? net.div(orders.length) : null };
}

/** One customer's facts in the naive analysis. */
export interface NaiveCustomer {
  customerId: string;
  orders: number;
  frequency: number;
  /** Days. */
  recency: number;
  /** Days. */
  T: number;
  monetaryValue: Decimal;
}

/** Result of {@link naiveAnalysis}. */
export interface NaiveAnalysis {
  summary: ReturnType<typeof naiveSummarize> & { gross: Decimal; refunded: Decimal };
  /** Monthly cohorts (classic): `YYYY-MM` of the first order → active customers by months since acquisition. */
  cohorts: Map<string, Map<number, number>>;
  customers: NaiveCustomer[];
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` string. */
function dayNumber(ymd: string): number {
  return Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10))) / 86_400_000;
}

/**
 * The whole analysis the naive way: summary KPIs, a monthly cohort table and per-customer summaries
 * (purchase days in `timeZone`, times in days, asOf = the latest order). A `Date` and `Decimal`s per order,
 * `Intl.DateTimeFormat` for the local day, a `Map` of per-customer objects. Benchmark baseline only.
 */
export function naiveAnalysis(orders: readonly Order[], timeZone: string): NaiveAnalysis {
  const fmt = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  let gross = new Decimal(0);
  let refunded = new Decimal(0);
  let latest = -Infinity;
  const perCustomer = new Map<string, { count: number; first: Date; days: Map<string, Decimal> }>();
  for (const o of orders) {
    const placed = new Date(o.placedAt as string);
    const total = new Decimal(o.total as string);
    const refund = new Decimal((o.refunded as string | undefined) ?? 0);
    gross = gross.plus(total);
    refunded = refunded.plus(refund);
    const value = total.minus(refund);
    if (placed.getTime() > latest) latest = placed.getTime();
    const day = fmt.format(placed);
    const id = String(o.customerId);
    let c = perCustomer.get(id);
    if (c === undefined) {
      c = { count: 0, first: placed, days: new Map() };
      perCustomer.set(id, c);
    }
    c.count++;
    if (placed < c.first) c.first = placed;
    c.days.set(day, (c.days.get(day) ?? new Decimal(0)).plus(value));
  }
  const asOfDay = dayNumber(fmt.format(new Date(latest)));
  const cohorts = new Map<string, Map<number, number>>();
  const customers: NaiveCustomer[] = [];
  let repeat = 0;
  for (const [customerId, c] of perCustomer) {
    if (c.count >= 2) repeat++;
    const days = [...c.days.keys()].sort();
    const firstDay = days[0] as string;
    const lastDay = days[days.length - 1] as string;
    let repeatValue = new Decimal(0);
    for (const d of days.slice(1)) repeatValue = repeatValue.plus(c.days.get(d) as Decimal);
    const frequency = days.length - 1;
    customers.push({
      customerId,
      orders: c.count,
      frequency,
      recency: dayNumber(lastDay) - dayNumber(firstDay),
      T: asOfDay - dayNumber(firstDay),
      monetaryValue: frequency === 0 ? new Decimal(0) : repeatValue.div(frequency),
    });
    const cohort = firstDay.slice(0, 7);
    const cohortMonth = Number(firstDay.slice(0, 4)) * 12 + Number(firstDay.slice(5, 7));
    const months = new Set(days.map((d) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - cohortMonth));
    let row = cohorts.get(cohort);
    if (row === undefined) {
      row = new Map();
      cohorts.set(cohort, row);
    }
    for (const k of months) row.set(k, (row.get(k) ?? 0) + 1);
  }
  const net = gross.minus(refunded);
  return {
    summary: { orders: orders.length, customers: perCustomer.size, repeat, net, gross, refunded, aov: orders.length ? net.div(orders.length) : null },
    cohorts,
    customers,
  };
}
