import type { MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { isoDate } from "../internal/time/civil.js";
import { optionError } from "../internal/fail.js";
import { purchaseDayLists } from "../internal/kernels/purchaseDays.js";
import { resolveMetric } from "../internal/resolve.js";
import { orderWindow } from "../internal/book/window.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link customerStatus}: the shared {@link MetricOptions} (`asOf` is the day of judgement) plus `lapseFactor`. */
export interface CustomerStatusOptions extends MetricOptions {
  /**
   * A customer is lapsed when the time since their last purchase exceeds `lapseFactor` × their expected gap.
   * A finite number ≥ 1.
   * @defaultValue `2`
   */
  lapseFactor?: number;
}

/**
 * `"active"`: within their usual gap; `"due"`: past it; `"lapsed"`: past `lapseFactor` times it;
 * `"unknown"`: a one-time buyer in a shop where nobody has bought twice, so there is no gap to compare with.
 */
export type CustomerStatusValue = "active" | "due" | "lapsed" | "unknown";

/** One customer's status. */
export interface CustomerStatusRecord {
  customerId: string;
  status: CustomerStatusValue;
  /** Distinct purchase days (same-day orders merged). */
  purchaseDays: number;
  /** Day of the last purchase, `YYYY-MM-DD` in `timeZone`. */
  lastPurchaseDay: string;
  /** Whole calendar days from the last purchase day to the day of `asOf`. */
  daysSinceLastPurchase: number;
  /** Median of the customer's own gaps between purchase days, in days; `null` for one-time buyers. */
  medianGapDays: number | null;
  /** The gap the customer is measured against: their own median, or the shop's for one-time buyers; `null` for `"unknown"`. */
  expectedGapDays: number | null;
}

/** Number of customers per status. */
export interface CustomerStatusCounts {
  active: number;
  due: number;
  lapsed: number;
  unknown: number;
}

/** Result of {@link customerStatus}. */
export interface CustomerStatusResult {
  /** One record per customer, in order of first appearance in the input. */
  customers: CustomerStatusRecord[];
  /** Customers per status; they add up to `customers.length`. */
  counts: CustomerStatusCounts;
  /** Customer ids per status (for example, the win-back list is `customerIds.lapsed`). */
  customerIds: { active: string[]; due: string[]; lapsed: string[]; unknown: string[] };
  /**
   * The shop-wide gap for one-time buyers: the median, over customers with two or more purchase days, of each
   * customer's own median gap (each repeat customer counts once). `null` when nobody bought twice.
   */
  shopMedianGapDays: number | null;
  /** The lapse factor used. */
  lapseFactor: number;
  /** The window used; `window.asOf` is the day of judgement. */
  window: ResolvedWindow;
}

function median(sorted: Float64Array | number[], from: number, to: number): number {
  const n = to - from;
  const mid = from + (n >> 1);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Active, due or lapsed: each customer measured against their own buying rhythm, so that a win-back campaign
 * gets its list.
 *
 * - Purchase days: calendar days in `timeZone` with at least one order (same-day orders merged). A gap is
 *   the number of days between consecutive purchase days (≥ 1).
 * - Expected gap g: the median of the customer's own gaps (mean of the two middle gaps when their number is
 *   even); for one-time buyers, the shop median gap: the median of the repeat customers' own medians.
 * - Elapsed e = days from the last purchase day to the day of `asOf`.
 *   `lapsed` if e > lapseFactor × g; else `due` if e > g; else `active`. One-time buyers in a shop with no
 *   repeat customer are `unknown`.
 *
 * Source: the repurchase-interval heuristic of retention practice (no single standard exists; the choices
 * are made and argued in docs/customer-analytics.md, "Customer status"). Cost: O(n + m log k) time (counting sort by customer,
 * then each customer's days sorted), O(n) memory.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link CustomerStatusOptions}.
 * @returns the status per customer, counts and id lists per status, and the shop median gap.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `lapseFactor`, `asOf`, `from`, `to`, `revenue`),
 * `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = customerStatus([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-11", total: "10" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-01-21", total: "10" },
 *   { orderId: "4", customerId: "bob", placedAt: "2024-01-05", total: "10" },
 * ], { asOf: "2024-02-05" });
 * r.customers[0]!.status;    // "due"    (15 days since 01-21 > gap 10, not > 20)
 * r.customers[1]!.status;    // "lapsed" (31 days > 2 × shop gap 10)
 * r.customerIds.lapsed;     // ["bob"]
 * r.shopMedianGapDays;      // 10
 * ```
 */
export function customerStatus(orders: OrdersInput, options: CustomerStatusOptions = {}): CustomerStatusResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const { lapseFactor: lapseRaw, ...shared } = options;
  const lapseFactor = lapseRaw ?? 2;
  if (typeof lapseFactor !== "number" || !Number.isFinite(lapseFactor) || lapseFactor < 1) {
    throw optionError("lapseFactor", "must be a finite number of at least 1", lapseFactor, "Use 2 (lapsed after twice the usual gap) or another factor >= 1.");
  }
  const r = resolveMetric(orders, shared);
  const { cols, zone } = r;
  const lists = purchaseDayLists(cols, zone, orderWindow(r.from, r.to, r.asOf));
  const { start, day } = lists;
  const C = cols.customers;
  // Own median gap per customer (NaN for one-time buyers), and the list of repeat customers' medians.
  const own = new Float64Array(C).fill(Number.NaN);
  const medians: number[] = [];
  let maxGaps = 0;
  for (let c = 0; c < C; c++) maxGaps = Math.max(maxGaps, (start[c + 1] as number) - (start[c] as number) - 1);
  const gaps = new Float64Array(Math.max(maxGaps, 0));
  for (let c = 0; c < C; c++) {
    const a = start[c] as number;
    const b = start[c + 1] as number;
    if (b - a < 2) continue;
    for (let k = a + 1; k < b; k++) gaps[k - a - 1] = (day[k] as number) - (day[k - 1] as number);
    const g = gaps.subarray(0, b - a - 1).sort();
    const m = median(g, 0, g.length);
    own[c] = m;
    medians.push(m);
  }
  medians.sort((x, y) => x - y);
  const shopMedianGapDays = medians.length === 0 ? null : median(medians, 0, medians.length);
  const asOfDay = zone.localDay(r.asOf);
  const customers: CustomerStatusRecord[] = [];
  const customerIds: CustomerStatusResult["customerIds"] = { active: [], due: [], lapsed: [], unknown: [] };
  const counts: CustomerStatusCounts = { active: 0, due: 0, lapsed: 0, unknown: 0 };
  for (let c = 0; c < C; c++) {
    const a = start[c] as number;
    const b = start[c + 1] as number;
    if (b === a) continue;
    const last = day[b - 1] as number;
    const elapsed = asOfDay - last;
    const mine = own[c] as number;
    const medianGapDays = Number.isNaN(mine) ? null : mine;
    const expected = medianGapDays ?? shopMedianGapDays;
    const status: CustomerStatusValue =
      expected === null ? "unknown" : elapsed > lapseFactor * expected ? "lapsed" : elapsed > expected ? "due" : "active";
    const id = cols.customerIds[c] as string;
    counts[status]++;
    customerIds[status].push(id);
    customers.push({
      customerId: id,
      status,
      purchaseDays: b - a,
      lastPurchaseDay: isoDate(last),
      daysSinceLastPurchase: elapsed,
      medianGapDays,
      expectedGapDays: expected,
    });
  }
  return withDisplay<CustomerStatusResult>({ customers, counts, customerIds, shopMedianGapDays, lapseFactor, window: r.window }, tableBundle);
}
