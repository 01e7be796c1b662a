import type { Decimal } from "decimal.js";
import { argumentError } from "../internal/fail.js";
import { multiply, numberToDecimal, toDecimal, toPublic } from "../internal/money/decimalInput.js";

/**
 * Input of {@link customerLifetimeValue} given as average order value and purchase frequency.
 *
 * Extra properties are allowed, so the result of `summarize` spreads straight in:
 * `customerLifetimeValue({ ...summarize(orders, { from, to }), lifespan: 3 })`.
 */
export interface CustomerLifetimeValueFromOrdersInput {
  /**
   * Average order value (AOV), money in major units per order: a decimal string such as `"19.99"`,
   * a finite number (read through `String(x)`), or a `Decimal`. `null` is what a summary of an empty
   * window holds, and is refused with a message that says so.
   */
  readonly averageOrderValue: string | number | Decimal | null;
  /** Purchase frequency (F): orders per customer per period, a finite number ≥ 0. */
  readonly purchaseFrequency: number | null;
  /** Used instead of AOV × F when it is given and not `null`; see {@link CustomerLifetimeValueFromValueInput}. */
  readonly customerValue?: string | number | Decimal | null | undefined;
  /** Expected customer lifespan, in the periods that `purchaseFrequency` is counted in; finite, ≥ 0. */
  readonly lifespan: number;
  /**
   * Gross margin as a fraction of revenue, from 0 to 1 (`0.3` for 30%). Leave it out (or pass `null`)
   * for a revenue-based CLV.
   *
   * @defaultValue `null` (no margin: the result is revenue, not profit)
   */
  readonly margin?: number | null | undefined;
}

/**
 * Input of {@link customerLifetimeValue} given as customer value (revenue per customer per period,
 * CV = AOV × F). Extra properties are allowed.
 */
export interface CustomerLifetimeValueFromValueInput {
  /** Revenue per customer per period, money in major units (`string | number | Decimal`), ≥ 0. */
  readonly customerValue: string | number | Decimal;
  /** Ignored when `customerValue` is given. */
  readonly averageOrderValue?: string | number | Decimal | null | undefined;
  /** Ignored when `customerValue` is given. */
  readonly purchaseFrequency?: number | null | undefined;
  /** Expected customer lifespan, in the periods that `customerValue` is measured over; finite, ≥ 0. */
  readonly lifespan: number;
  /**
   * Gross margin as a fraction of revenue, from 0 to 1.
   *
   * @defaultValue `null` (no margin: the result is revenue, not profit)
   */
  readonly margin?: number | null | undefined;
}

/** Input of {@link customerLifetimeValue}: either AOV and F, or customer value, plus a lifespan. */
export type CustomerLifetimeValueInput = CustomerLifetimeValueFromOrdersInput | CustomerLifetimeValueFromValueInput;

/** Result of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueResult {
  /** CLV, money in major units: `valuePerPeriod × lifespan`. Exact. */
  readonly customerLifetimeValue: Decimal;
  /**
   * What one customer brings per period: customer value (AOV × F), times the margin when one is
   * given. Money in major units, exact.
   */
  readonly valuePerPeriod: Decimal;
  /** The lifespan used, in periods. */
  readonly lifespan: number;
  /** The gross margin used, or `null` when the value is revenue-based. */
  readonly margin: number | null;
}

/**
 * Simple customer lifetime value: what an average customer brings in over their expected lifespan.
 *
 * Use it for a quick, explainable figure ("a customer is worth about $600 to us") from numbers a shop
 * already has: average order value and purchase frequency over one period (a year, say), and a guess of
 * how many such periods a customer stays. It ignores discounting and assumes the customer buys at the
 * average rate for the whole lifespan; for a retention-based, discounted value see
 * {@link discountedLifetimeValue}.
 *
 * Formula: `CLV = AOV × F × lifespan` (`× margin` when a gross margin is given), where F is orders per
 * customer per period and `lifespan` is counted in the same periods. `AOV × F` is the customer value
 * (revenue per customer per period); when `customerValue` is given it is used as is. F, a `number`,
 * is read through its shortest decimal form; everything else is multiplied exactly.
 *
 * Units: money in major units (the currency of the inputs). Sources disagree on whether CLV includes
 * the margin; see docs/lifetime-value.md.
 *
 * Source: {@link https://en.wikipedia.org/wiki/Customer_lifetime_value | Customer lifetime value (Wikipedia)};
 * docs/lifetime-value.md, "Simple CLV".
 *
 * Cost: O(1).
 *
 * @param input - AOV and F, or customer value; a lifespan; optionally a gross margin. A `summarize`
 *   result spreads straight in.
 * @returns the CLV, the value per period, and the lifespan and margin used.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` when the input is not an object; when neither
 *   `customerValue` nor both `averageOrderValue` and `purchaseFrequency` are given, or they are `null`
 *   (a summary of a window without orders); when an amount is not a decimal or is negative; when
 *   `purchaseFrequency` or `lifespan` is not a finite number ≥ 0; when `margin` is not in [0, 1].
 *   `field` names the argument.
 *
 * @example
 * ```ts
 * // $200 a year for 3 years is $600.
 * customerLifetimeValue({ customerValue: "200", lifespan: 3 }).customerLifetimeValue.toString(); // "600"
 * // AOV $50, 4 orders a year, 3 years, 30% gross margin: 50 × 4 × 3 × 0.3 = 180
 * customerLifetimeValue({ averageOrderValue: "50", purchaseFrequency: 4, lifespan: 3, margin: 0.3 });
 * // { customerLifetimeValue: Decimal("180"), valuePerPeriod: Decimal("60"), lifespan: 3, margin: 0.3 }
 * ```
 */
export function customerLifetimeValue(input: CustomerLifetimeValueInput): CustomerLifetimeValueResult {
  if (typeof input !== "object" || input === null) {
    throw argumentError(
      "input",
      "is not an object",
      input,
      "Pass { averageOrderValue, purchaseFrequency, lifespan } or { customerValue, lifespan }.",
    );
  }
  const lifespan = input.lifespan;
  if (typeof lifespan !== "number" || !Number.isFinite(lifespan) || lifespan < 0) {
    throw argumentError(
      "lifespan",
      "is not a finite number of periods ≥ 0",
      lifespan,
      "Pass the expected lifespan in the periods of the purchase frequency, for example 3 (years).",
    );
  }
  const margin = input.margin ?? null;
  if (margin !== null && (typeof margin !== "number" || !Number.isFinite(margin) || margin < 0 || margin > 1)) {
    throw argumentError(
      "margin",
      "is not a fraction from 0 to 1",
      margin,
      "Pass the gross margin as a fraction (0.3 for 30%), or leave it out for a revenue-based CLV.",
    );
  }

  const perPeriodRevenue = customerValueOf(input);
  const valuePerPeriod = margin === null ? perPeriodRevenue : multiply(perPeriodRevenue, numberToDecimal(margin));
  const value = multiply(valuePerPeriod, numberToDecimal(lifespan));
  return { customerLifetimeValue: toPublic(value), valuePerPeriod: toPublic(valuePerPeriod), lifespan, margin };
}

/** Customer value from the input: `customerValue` when given, else AOV × F. */
function customerValueOf(input: CustomerLifetimeValueInput): Decimal {
  const cv: unknown = input.customerValue;
  if (cv !== undefined && cv !== null) return nonNegative(toDecimal(cv, "customerValue"), "customerValue", cv);

  const aov: unknown = input.averageOrderValue;
  const f: unknown = input.purchaseFrequency;
  if (aov === undefined && f === undefined) {
    throw argumentError(
      "customerValue",
      cv === null ? "is null and no averageOrderValue or purchaseFrequency is given" : "is missing, and so are averageOrderValue and purchaseFrequency",
      cv,
      "Pass { averageOrderValue, purchaseFrequency, lifespan } or { customerValue, lifespan }.",
    );
  }
  if (aov === undefined || aov === null) {
    throw argumentError(
      "averageOrderValue",
      aov === null ? "is null, which is what a summary holds when its window has no orders" : "is missing",
      aov,
      "Summarize a window that contains orders, or pass customerValue.",
    );
  }
  if (f === undefined || f === null) {
    throw argumentError(
      "purchaseFrequency",
      f === null ? "is null, which is what a summary holds when its window has no customers" : "is missing",
      f,
      "Summarize a window that contains orders, or pass customerValue.",
    );
  }
  if (typeof f !== "number" || !Number.isFinite(f) || f < 0) {
    throw argumentError(
      "purchaseFrequency",
      "is not a finite number ≥ 0",
      f,
      "Pass orders per customer per period, for example 1.5.",
    );
  }
  const averageOrderValue = nonNegative(toDecimal(aov, "averageOrderValue"), "averageOrderValue", aov);
  return multiply(averageOrderValue, numberToDecimal(f));
}

function nonNegative(value: Decimal, name: string, got: unknown): Decimal {
  if (value.isNegative() && !value.isZero()) {
    throw argumentError(name, "is negative", got, "Pass revenue in major units, 0 or more.");
  }
  return value.isZero() ? value.abs() : value;
}
