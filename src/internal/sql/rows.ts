import type { Decimal } from "decimal.js";
import type { ResolvedWindow } from "../../core/types.js";
import { argumentError } from "../fail.js";
import { ratesOf, type IntervalActivity, type RetentionRates, type ResolvedChurnDefinition } from "../kernels/retentionFromOrders.js";
import { minorToDecimal, ratioDecimal } from "../money/money.js";
import { countCell, msCell, unitsCell, type Row, type Units } from "./cells.js";
import type { ResolvedRetentionRate, ResolvedReturning, ResolvedSummarize } from "./options.js";

/**
 * The one row of summarize, customerRetentionRate and returningCustomerRate read back into the library's results
 * (cells read by ./cells.ts; a bad cell is INVALID_ARGUMENT with field `rows[0].<column>`).
 */

function align(a: Units, b: Units): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

function minus(a: Units, b: Units): Units {
  const [x, y, scale] = align(a, b);
  return { units: x - y, scale };
}

const money = (u: Units): Decimal => minorToDecimal(u.units, u.scale);

function theRow(rows: unknown): Row {
  if (!Array.isArray(rows) || rows.length !== 1 || typeof rows[0] !== "object" || rows[0] === null) {
    throw argumentError("rows", "must be the one row the query returns", rows, "Pass the rows of the query toSql compiled for this metric, unchanged.");
  }
  return rows[0] as Row;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function windowOf(o: { zone: { timeZone: string }; asOf: number | null }, row: Row, extra: { from: number; to: number; revenue: "net" | "gross" }): ResolvedWindow {
  const asOf = o.asOf ?? msCell(row, "as_of_ms");
  return {
    from: Number.isFinite(extra.from) ? iso(extra.from) : null,
    to: Number.isFinite(extra.to) ? iso(extra.to) : null,
    asOf: asOf === null ? null : iso(asOf),
    timeZone: o.zone.timeZone,
    revenue: extra.revenue,
  };
}

/** The numbers of `summarize` from its row (the public function adds display and shape). */
export function summarizeFromRow(o: ResolvedSummarize, rows: unknown) {
  const row = theRow(rows);
  const orders = countCell(row, "orders");
  const customers = countCell(row, "customers");
  const repeatCustomers = countCell(row, "repeat_customers");
  const firstOrders = countCell(row, "first_orders");
  const gross = unitsCell(row, "gross");
  const refunded = unitsCell(row, "refunded");
  const firstGross = unitsCell(row, "first_gross");
  const firstRefunded = unitsCell(row, "first_refunded");
  const net = o.revenue === "net";
  const revenueU = net ? minus(gross, refunded) : gross;
  const firstU = net ? minus(firstGross, firstRefunded) : firstGross;
  const revenue = money(revenueU);
  const firstRevenue = money(firstU);
  const repeatRevenue = money(minus(revenueU, firstU));
  const repeatOrders = orders - firstOrders;
  const firstAov = ratioDecimal(firstRevenue, firstOrders);
  const repeatAov = ratioDecimal(repeatRevenue, repeatOrders);
  const lift = firstAov === null || repeatAov === null || firstAov.isZero() ? null : repeatAov.div(firstAov).minus(1).toNumber();
  const firstMs = msCell(row, "first_order_ms");
  const lastMs = msCell(row, "last_order_ms");
  return {
    orders,
    customers,
    repeatCustomers,
    revenue: { gross: money(gross), refunded: money(refunded), net: money(minus(gross, refunded)) },
    averageOrderValue: ratioDecimal(revenue, orders),
    purchaseFrequency: customers === 0 ? null : orders / customers,
    customerValue: ratioDecimal(revenue, customers),
    repeatCustomerRate: customers === 0 ? null : repeatCustomers / customers,
    firstOrderAt: orders === 0 || firstMs === null ? null : iso(firstMs),
    lastOrderAt: orders === 0 || lastMs === null ? null : iso(lastMs),
    firstOrders: { orders: firstOrders, revenue: firstRevenue, averageOrderValue: firstAov },
    repeatOrders: { orders: repeatOrders, revenue: repeatRevenue, averageOrderValue: repeatAov },
    repeatOrderValueLift: lift,
    // A warehouse table has no currency column in this version.
    currency: null,
    window: windowOf(o, row, { from: o.from, to: o.to, revenue: o.revenue }),
  };
}

/** The result fields of `customerRetentionRate` (orders form) from its row. */
export function retentionRateFromRow(o: ResolvedRetentionRate, rows: unknown): IntervalActivity &
  RetentionRates & { start: string; end: string; activeWithinDays: number; churn: ResolvedChurnDefinition; complete: boolean; window: ResolvedWindow } {
  const row = theRow(rows);
  const a: IntervalActivity = {
    customersAtStart: countCell(row, "customers_at_start"),
    customersAtEnd: countCell(row, "customers_at_end"),
    newCustomers: countCell(row, "new_customers"),
    retainedCustomers: countCell(row, "retained_customers"),
    newActiveAtEnd: countCell(row, "new_active_at_end"),
    reactivatedCustomers: countCell(row, "reactivated_customers"),
  };
  const window = windowOf(o, row, { from: -Infinity, to: Infinity, revenue: "net" });
  const asOf = window.asOf === null ? -Infinity : Date.parse(window.asOf);
  return {
    ...a,
    ...ratesOf(a, o.churn),
    start: iso(o.start),
    end: iso(o.end),
    activeWithinDays: o.activeWithinDays,
    churn: o.churn,
    complete: o.end <= asOf + 1,
    window,
  };
}

/** The result fields of `returningCustomerRate` from its row. */
export function returningFromRow(o: ResolvedReturning, rows: unknown) {
  const row = theRow(rows);
  const base = countCell(row, "base_customers");
  const returning = countCell(row, "returning_customers");
  const window = windowOf(o, row, { from: -Infinity, to: Infinity, revenue: "net" });
  const asOf = window.asOf === null ? -Infinity : Date.parse(window.asOf);
  return {
    baseCustomers: base,
    returningCustomers: returning,
    returningCustomerRate: base === 0 ? null : returning / base,
    base: { from: Number.isFinite(o.baseFrom) ? iso(o.baseFrom) : null, to: iso(o.baseTo) },
    return: { from: iso(o.returnFrom), to: iso(o.returnTo) },
    complete: o.returnTo <= asOf + 1,
    window,
  };
}
