import type { Decimal } from "decimal.js";
import { toPublic } from "../internal/money/decimalInput.js";
import { discountedValueOf, marginMultipleOf, readDiscountedInputs } from "../internal/kernels/discounted.js";

/** Input of {@link discountedLifetimeValue}. */
export interface DiscountedLifetimeValueInput {
  /**
   * m: the margin (profit) a customer brings in each period they stay, money in major units:
   * a decimal string such as `"100"`, a finite number (read through `String(x)`), or a `Decimal`.
   * A negative margin (a customer who costs more than they bring) gives a negative value.
   */
  readonly margin: string | number | Decimal;
  /** r: the chance that a customer of this period is still one next period, in [0, 1). */
  readonly retentionRate: number;
  /** d: the discount rate per period (cost of capital), a finite fraction ≥ 0 (`0.1` for 10%). */
  readonly discountRate: number;
}

/** Result of {@link discountedLifetimeValue}. */
export interface DiscountedLifetimeValueResult {
  /**
   * The discounted lifetime value `m · r / (1 + d − r)`, money in major units, rounded half-even to
   * 20 significant digits (exact when the division terminates within them).
   */
  readonly discountedLifetimeValue: Decimal;
  /** The margin m per period, as read. */
  readonly margin: Decimal;
  /** The retention rate r used. */
  readonly retentionRate: number;
  /** The discount rate d used. */
  readonly discountRate: number;
  /**
   * The margin multiple `r / (1 + d − r)`: how many periods' margins the customer is worth today.
   * Gupta & Lehmann report 1 to 4.5 for typical retention (60%–90%) and discount (10%–16%) rates.
   */
  readonly marginMultiple: number;
}

/**
 * Discounted customer lifetime value with constant retention, over an infinite horizon
 * (Gupta & Lehmann, "Customers as assets").
 *
 * Use it when you know (or can estimate) how many customers you keep from one period to the next and
 * what a customer earns you per period: it turns retention into money, weighing later periods less.
 * It assumes a constant margin, a constant retention rate and a constant discount rate; it is the
 * building block of {@link retentionImpact}.
 *
 * Formula: `CLV = Σ_{t≥1} m · r^t / (1 + d)^t = m · r / (1 + d − r)`.
 * Timing: the margin of a period arrives at the end of that period, and only if the customer has
 * survived it; so the first margin comes after the first retention. The other common convention counts
 * a margin at the start of every period, including an immediate first one:
 * `m · (1 + d) / (1 + d − r)`, which is this value plus m. See docs/lifetime-value.md,
 * "Discounted CLV".
 *
 * Units: money in major units of the margin's currency, discounted to today. r and d are per period
 * (a year, say); all three must use the same period.
 *
 * Source: Gupta, S. & Lehmann, D. R. (2003), "Customers as assets", Journal of Interactive Marketing
 * 17(1), 9–24, {@link https://doi.org/10.1002/dir.10045}; Gupta & Lehmann (2005), *Managing Customers
 * as Investments*, Wharton School Publishing.
 *
 * Cost: O(1).
 *
 * @param input - margin per period, retention rate and discount rate.
 * @returns the value, the margin multiple and the inputs used.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` when the input is not an object, when `margin` is not
 *   a finite amount, when `retentionRate` is not in [0, 1), or when `discountRate` is not a finite
 *   number ≥ 0. `field` names the argument.
 *
 * @example
 * ```ts
 * // $100 a year, 80% retention, 10% discount rate: 100 × 0.8 / (1 + 0.1 − 0.8) = 80 / 0.3
 * const clv = discountedLifetimeValue({ margin: "100", retentionRate: 0.8, discountRate: 0.1 });
 * clv.discountedLifetimeValue.toString(); // "266.66666666666666667"
 * clv.discountedLifetimeValue.toFixed(2); // "266.67"
 * clv.marginMultiple;                     // 2.6666666666666665
 * ```
 */
export function discountedLifetimeValue(input: DiscountedLifetimeValueInput): DiscountedLifetimeValueResult {
  const { margin, retentionRate, discountRate, r, d } = readDiscountedInputs(
    input,
    "Pass { margin, retentionRate, discountRate }.",
  );
  return {
    discountedLifetimeValue: toPublic(discountedValueOf(margin, r, d)),
    margin: toPublic(margin),
    retentionRate,
    discountRate,
    marginMultiple: marginMultipleOf(r, d).toNumber(),
  };
}
