import type { Granularity, WeekStartsOn } from "../../core/types.js";

/**
 * The outputs contract: what a metric reads from its input, filled either by a book kernel (a pass over the
 * orders of an `OrderBook`) or by a view of an accumulator (src/internal/stream/views.ts, from its per-customer
 * rows). A public metric file picks the filler (or `resolve.ts` does, for {@link OrderTotals}); the kernels never
 * know about accumulators, and the views import from the kernels only these types and the kernels' pure helpers.
 *
 * - {@link OrderTotals}: filled by `bookTotals` (kernels/orderTotals.ts) and `streamTotals`.
 * - {@link CustomerFacts}: filled by `customerFacts` (kernels/customerFacts.ts) and `streamCustomerFacts`.
 * - cohort periods: a book's orders, or an accumulator's (customer, period) entries as the rows of a synthetic
 *   book (`streamBook`, with `OrderColumns.weight`), which the cohort table reads when its request passes
 *   `checkStreamCohortOptions` ({@link CohortPeriodOptions}).
 */

/** Integer totals over the orders in a resolved window; money in minor units (bigint past 2^53). */
export interface OrderTotals {
  orders: number;
  customers: number;
  repeatCustomers: number;
  gross: number | bigint;
  refunded: number | bigint;
  /** Revenue on the chosen basis (net or gross). */
  revenue: number | bigint;
  /** Orders that are their customer's first order ever (in the whole book). */
  firstOrders: number;
  firstRevenue: number | bigint;
  repeatRevenue: number | bigint;
  minTime: number;
  maxTime: number;
}

/**
 * The part of a cohort-table request that decides which per-customer period data it reads (cohortTable's
 * options are one): an accumulator keeps calendar periods of one granularity and week start, and the segment
 * of each first order only.
 */
export interface CohortPeriodOptions {
  granularity?: Granularity;
  weekStartsOn?: WeekStartsOn;
  windows?: "calendar" | "relative";
  segmentBy?: unknown;
}

export type { CustomerFacts, FactRows, SingleOrderFacts } from "./customerFacts.js";
