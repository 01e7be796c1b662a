import { argumentError } from "../internal/fail.js";

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

/** Result of {@link customerRetentionRate}: the rate and the counts behind it. */
export interface CustomerRetentionRateResult {
  /** S: customers at the start of the period. */
  readonly customersAtStart: number;
  /** E: customers at the end of the period. */
  readonly customersAtEnd: number;
  /** N: customers acquired during the period. */
  readonly newCustomers: number;
  /** E − N: customers from the start who are still customers at the end. */
  readonly retained: number;
  /** (E − N) / S, from 0 to 1; `null` when S is 0 (nobody could be retained). */
  readonly rate: number | null;
}

/**
 * Customer retention rate (CRR): the share of the customers you had at the start of a period who are
 * still customers at its end.
 *
 * Use it when you track customer counts (subscribers, accounts, members) rather than orders: it answers
 * "of the customers we started with, how many did we keep?", leaving new customers out. New customers
 * are taken out of the numerator, not the denominator; see docs/retention-rate.md for the common
 * mistake `E / (S − N)`.
 *
 * Formula: `CRR = (E − N) / S`, where S is the customer count at the start of the period, E at its end,
 * and N the customers acquired during it. Unit: a fraction from 0 to 1 (multiply by 100 for percent).
 *
 * Source: {@link https://en.wikipedia.org/wiki/Customer_retention | Customer retention (Wikipedia)};
 * docs/retention-rate.md, "The formula".
 *
 * Cost: O(1).
 *
 * @param counts - S, E and N for one period, whole numbers ≥ 0.
 * @returns the rate with the counts behind it; the rate is `null` when S is 0.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` when the argument is not an object, when a count is
 *   not a whole number ≥ 0 (`field` names it), when N > E (`field` `"newCustomers"`: more customers
 *   were acquired than there are at the end), or when E − N > S (`field` `"customersAtEnd"`: more
 *   customers were retained than existed at the start).
 *
 * @example
 * ```ts
 * customerRetentionRate({ customersAtStart: 50_000, customersAtEnd: 40_000, newCustomers: 1_000 });
 * // { customersAtStart: 50000, customersAtEnd: 40000, newCustomers: 1000, retained: 39000, rate: 0.78 }
 * ```
 */
export function customerRetentionRate(counts: RetentionCounts): CustomerRetentionRateResult {
  // The orders form (`customerRetentionRate(orders, options)`) will be told apart here:
  // the counts form is a plain object that has `customersAtStart`.
  if (!isRetentionCounts(counts)) {
    throw argumentError(
      "counts",
      "is not an object with customersAtStart, customersAtEnd and newCustomers",
      counts,
      "Pass { customersAtStart, customersAtEnd, newCustomers } as whole numbers.",
    );
  }
  return retentionRateFromCounts(counts);
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
    rate: s === 0 ? null : retained / s,
  };
}

function count(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw argumentError(name, "is not a whole number ≥ 0", value, "Pass a count of customers.");
  }
  return value === 0 ? 0 : value; // -0 reads as 0
}
