import { isAccumulator } from "../internal/stream/core.js";
import type { Instant, MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { argumentError, optionError } from "../internal/fail.js";
import {
  activeWithinDaysOption,
  intervalActivity,
  churnOption,
  ratesOf,
  type ChurnDefinition,
  type ResolvedChurnDefinition,
  type IntervalActivity,
  type RetentionRates,
} from "../internal/kernels/retentionFromOrders.js";
import { instantOption, resolveMetric } from "../internal/resolve.js";
import { MS_PER_DAY } from "../internal/time/civil.js";

export type { ChurnDefinition, IntervalActivity, ResolvedChurnDefinition, RetentionRates } from "../internal/kernels/retentionFromOrders.js";

/** Options of {@link customerRetentionRate} (orders form). */
export interface CustomerRetentionRateOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  /** Start of the period (S is counted at this instant). A date-only string is the start of that local day. */
  start: Instant;
  /** End of the period, exclusive for new customers (E is counted at this instant). Must be after `start`. */
  end: Instant;
  /**
   * A customer is active at x when they ordered at t with x − activeWithinDays days ≤ t < x.
   * @defaultValue `365`
   */
  activeWithinDays?: number;
  /**
   * How churn is counted: its denominator, new customers who left, reactivations.
   * @defaultValue `{ denominator: "start", newLeavers: "exclude", reactivations: "ignore" }`: churn = 1 − retained share
   */
  churn?: ChurnDefinition;
}

/** Result of {@link customerRetentionRate} (orders form): the counts, the rates, and the period. */
export interface OrderRetentionResult extends IntervalActivity, RetentionRates {
  /** The period start, ISO 8601 UTC. */
  start: string;
  /** The period end, ISO 8601 UTC. */
  end: string;
  /** The activity window used, in days. */
  activeWithinDays: number;
  /** The churn definition used. */
  churn: ResolvedChurnDefinition;
  /** Whether every order before `end` is seen (`end` ≤ `asOf` + 1 ms, `asOf` being inclusive), so E was fully observed. */
  complete: boolean;
  /** The zone and observation end used. */
  window: ResolvedWindow;
}

/**
 * Customer counts for one period, the input of the counts form of {@link customerRetentionRate}.
 * Each is a whole number ≥ 0.
 */
export interface RetentionCounts {
  /** S: customers at the start of the period. */
  readonly customersAtStart: number;
  /** E: customers at the end of the period, new ones included. */
  readonly customersAtEnd: number;
  /** N: customers acquired during the period (all of them counted in E). */
  readonly newCustomers: number;
}

/** Result of the counts form of {@link customerRetentionRate}: the rate (under the function's name) and the counts behind it. */
export interface CustomerRetentionRateResult {
  /** S: customers at the start of the period. */
  readonly customersAtStart: number;
  /** E: customers at the end of the period. */
  readonly customersAtEnd: number;
  /** N: customers acquired during the period. */
  readonly newCustomers: number;
  /** E − N: customers from the start who are still customers at the end. */
  readonly retained: number;
  /** CRR = (E − N) / S, from 0 to 1; `null` when S is 0 (nobody could be retained). */
  readonly customerRetentionRate: number | null;
}

/**
 * Customer retention rate (CRR): the share of the customers you had at the start of a period who are
 * still customers at its end. Two forms share this name:
 *
 * - **from counts**, `customerRetentionRate({ customersAtStart, customersAtEnd, newCustomers })`, when you
 *   track customer counts (subscribers, accounts, members);
 * - **from orders**, `customerRetentionRate(orders, { start, end, activeWithinDays })`, which counts S, E and N
 *   from the orders: a customer is active at an instant when they ordered within `activeWithinDays` (default
 *   365) days before it; N is the customers whose first order lies in `[start, end)`. It also returns the
 *   stricter share of S still active at `end` and the churn rate (docs/retention.md explains why they differ
 *   from CRR: E − N also counts lapsed customers who came back).
 *
 * New customers are taken out of the numerator, not the denominator; see docs/retention-rate.md for the common
 * mistake `E / (S − N)`.
 *
 * Formula: `CRR = (E − N) / S`, where S is the customer count at the start of the period, E at its end,
 * and N the customers acquired during it. Unit: a fraction (multiply by 100 for percent); from counts it lies
 * in [0, 1]; from orders it can fall below 0 when new customers lapse within the period.
 *
 * Source: {@link https://en.wikipedia.org/wiki/Customer_retention | Customer retention (Wikipedia)};
 * docs/retention-rate.md, "The formula".
 *
 * Cost: O(1) from counts; O(n log m) time and O(n + customers) memory from orders (m = orders of one customer).
 *
 * @param counts - S, E and N for one period, whole numbers ≥ 0.
 * @returns the rate with the counts behind it; the rate is `null` when S is 0.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` when a count is not a whole number ≥ 0 (`field` names it),
 *   when N > E (`field` `"newCustomers"`: more customers were acquired than there are at the end), or when
 *   E − N > S (`field` `"customersAtEnd"`: more customers were retained than existed at the start). From orders:
 *   `INVALID_OPTION` (`start`, `end`, `activeWithinDays`, `asOf`, `options`), `INVALID_TIME_ZONE`, and the order
 *   errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * customerRetentionRate({ customersAtStart: 50_000, customersAtEnd: 40_000, newCustomers: 1_000 });
 * // { customersAtStart: 50000, customersAtEnd: 40000, newCustomers: 1000, retained: 39000,
 * //   customerRetentionRate: 0.78 }
 *
 * const r = customerRetentionRate([
 *   { orderId: "1", customerId: "ann", placedAt: "2023-06-01", total: "10" },
 *   { orderId: "2", customerId: "bob", placedAt: "2023-07-01", total: "10" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-05-01", total: "10" },
 *   { orderId: "4", customerId: "cy", placedAt: "2024-03-01", total: "10" },
 * ], { start: "2024-01-01", end: "2025-01-01" });
 * [r.customersAtStart, r.customersAtEnd, r.newCustomers]; // [2, 2, 1]
 * r.customerRetentionRate; // 0.5  ((2 − 1) / 2)
 * r.retainedShare;         // 0.5  (ann stayed, bob did not)
 * r.churnRate;             // 0.5  (bob)
 * ```
 */
export function customerRetentionRate(counts: RetentionCounts): CustomerRetentionRateResult;
export function customerRetentionRate(orders: OrdersInput, options: CustomerRetentionRateOptions): OrderRetentionResult;
export function customerRetentionRate(
  input: RetentionCounts | OrdersInput,
  options?: CustomerRetentionRateOptions,
): CustomerRetentionRateResult | OrderRetentionResult {
  // The counts form is a plain object that has `customersAtStart`; anything else is orders.
  if (isRetentionCounts(input)) return retentionRateFromCounts(input);
  // An accumulator is orders too: resolveMetric refuses it with INVALID_OPTION (field orders), as every metric
  // that does not read accumulators does, rather than calling it neither counts nor orders.
  if (typeof input !== "object" || input === null || !(Symbol.iterator in input || "orderCount" in input || isAccumulator(input))) {
    throw argumentError(
      "counts",
      "is neither retention counts nor orders",
      input,
      "Pass { customersAtStart, customersAtEnd, newCustomers } as whole numbers, or orders with { start, end }.",
    );
  }
  return fromOrders(input as OrdersInput, options as CustomerRetentionRateOptions);
}

/**
 * The orders form: S, E and N counted from the orders by the retention kernel ({@link intervalActivity}), the
 * rates, and the period (docs/retention.md for the definitions).
 */
function fromOrders(orders: OrdersInput, options: CustomerRetentionRateOptions): OrderRetentionResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with start and end", options, 'Pass { start: "2024-01-01", end: "2025-01-01" }.');
  }
  const shared: MetricOptions = {};
  if (options.timeZone !== undefined) shared.timeZone = options.timeZone;
  if (options.asOf !== undefined) shared.asOf = options.asOf;
  const r = resolveMetric(orders, shared);
  if (options.start === undefined) throw optionError("start", "is required", options.start, 'Pass the start of the period, such as "2024-01-01".');
  if (options.end === undefined) throw optionError("end", "is required", options.end, 'Pass the end of the period, such as "2025-01-01".');
  const start = instantOption("start", options.start, r.zone);
  const end = instantOption("end", options.end, r.zone);
  if (end <= start) throw optionError("end", "must be later than start", options.end, "Give an end after the start; the period [start, end) is half-open.");
  const days = activeWithinDaysOption(options.activeWithinDays);
  const churn = churnOption(options.churn);
  const [a] = intervalActivity(r.cols, r.asOf, [start, end], days * MS_PER_DAY) as [IntervalActivity];
  return {
    ...a,
    ...ratesOf(a, churn),
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    activeWithinDays: days,
    churn,
    complete: end <= r.asOf + 1,
    window: r.window,
  };
}

/** Whether `value` is the counts form of the argument (an object with a `customersAtStart` key). */
function isRetentionCounts(value: unknown): value is RetentionCounts {
  return typeof value === "object" && value !== null && "customersAtStart" in value;
}

function retentionRateFromCounts(counts: RetentionCounts): CustomerRetentionRateResult {
  const s = count(counts.customersAtStart, "customersAtStart");
  const e = count(counts.customersAtEnd, "customersAtEnd");
  const n = count(counts.newCustomers, "newCustomers");
  if (n > e) {
    throw argumentError(
      "newCustomers",
      `is larger than customersAtEnd (${e})`,
      n,
      "Every new customer is also a customer at the end of the period; check the counts.",
    );
  }
  const retained = e - n;
  if (retained > s) {
    throw argumentError(
      "customersAtEnd",
      `is too large: customersAtEnd − newCustomers = ${retained} retained customers, more than customersAtStart (${s})`,
      e,
      "Count new customers in newCustomers, and every customer at the end in customersAtEnd.",
    );
  }
  return {
    customersAtStart: s,
    customersAtEnd: e,
    newCustomers: n,
    retained,
    customerRetentionRate: s === 0 ? null : retained / s,
  };
}

function count(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw argumentError(name, "is not a whole number ≥ 0", value, "Pass a count of customers.");
  }
  return value === 0 ? 0 : value; // -0 reads as 0
}
