import type { Decimal } from "decimal.js";
import { argumentError } from "../internal/fail.js";
import { add, divide, numberToDecimal, subtract, toPublic } from "../internal/money/decimalInput.js";
import { discountedValueOf, marginMultipleOf, readDiscountedInputs } from "../internal/kernels/discounted.js";
import type { DiscountedLifetimeValueResult } from "./discountedLifetimeValue.js";

/** Input of {@link retentionImpact}. */
export interface RetentionImpactInput {
  /** m: margin per customer per period, money in major units (`string | number | Decimal`). */
  readonly margin: string | number | Decimal;
  /** r: today's retention rate per period, in [0, 1). */
  readonly retentionRate: number;
  /** d: discount rate per period, a finite fraction ≥ 0. */
  readonly discountRate: number;
  /**
   * The change in retention rate, as a fraction: `0.05` for five percentage points more. May be
   * negative (retention falls). `retentionRate + uplift` must stay in [0, 1).
   */
  readonly uplift: number;
}

/** Result of {@link retentionImpact}. */
export interface RetentionImpactResult {
  /** The discounted CLV at today's retention rate r. */
  readonly before: DiscountedLifetimeValueResult;
  /** The discounted CLV at retention rate r + uplift. */
  readonly after: DiscountedLifetimeValueResult;
  /** The uplift used. */
  readonly uplift: number;
  /**
   * The retention impact: `after.discountedLifetimeValue − before.discountedLifetimeValue`, the absolute change
   * of a customer's discounted lifetime value, money in major units.
   */
  readonly retentionImpact: Decimal;
  /**
   * `after.discountedLifetimeValue / before.discountedLifetimeValue − 1` as a fraction (`0.2444` for +24.44%); it does not depend on the
   * margin. `null` when the value before is 0 (a retention rate or margin of 0).
   */
  readonly relativeChange: number | null;
}

/**
 * How much a customer's discounted lifetime value changes when the retention rate moves by `uplift`.
 *
 * Use it to size a retention project: "if we kept five points more customers each year, what would a
 * customer be worth?" Both values come from {@link discountedLifetimeValue}, with the same margin and
 * discount rate. Only retention changes: effects such as loyal customers buying more, costing less to
 * serve or referring others are not in the model (they are in the often-quoted "5% more retention,
 * 25%–95% more profit" figure; see docs/lifetime-value.md, "Retention impact").
 *
 * Formula: with `V(r) = m · r / (1 + d − r)`, `retentionImpact = V(r + u) − V(r)` and
 * `relativeChange = V(r + u) / V(r) − 1 = (r + u)(1 + d − r) / (r (1 + d − r − u)) − 1`.
 *
 * Units: values and absolute change in major units of the margin's currency; relative change a fraction.
 *
 * Source: Gupta, S. & Lehmann, D. R. (2003), "Customers as assets", Journal of Interactive Marketing
 * 17(1), 9–24, {@link https://doi.org/10.1002/dir.10045}.
 *
 * Cost: O(1).
 *
 * @param input - margin, retention rate, discount rate and the retention uplift.
 * @returns the retention impact (the absolute change of the value), the relative change, and the values before and after.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` for the same inputs as {@link discountedLifetimeValue}
 *   (`field` `"margin"`, `"retentionRate"` or `"discountRate"`), and when `uplift` is not a finite number
 *   or `retentionRate + uplift` falls outside [0, 1) (`field` `"uplift"`).
 *
 * @example
 * ```ts
 * // $100 a year, 75% retention, 10% discount rate, five points more retention:
 * // before 100 × 0.75 / 0.35 = 214.29, after 100 × 0.8 / 0.3 = 266.67
 * const impact = retentionImpact({ margin: "100", retentionRate: 0.75, discountRate: 0.1, uplift: 0.05 });
 * impact.before.discountedLifetimeValue.toFixed(2); // "214.29"
 * impact.after.discountedLifetimeValue.toFixed(2);  // "266.67"
 * impact.retentionImpact.toFixed(2);                // "52.38"
 * impact.relativeChange;                            // 0.24444444444444444 (+24.4%)
 * ```
 */
export function retentionImpact(input: RetentionImpactInput): RetentionImpactResult {
  const { margin, retentionRate, discountRate, r, d } = readDiscountedInputs(
    input,
    "Pass { margin, retentionRate, discountRate, uplift }.",
  );
  const uplift: unknown = input.uplift;
  if (typeof uplift !== "number" || !Number.isFinite(uplift)) {
    throw argumentError("uplift", "is not a finite number", uplift, "Pass the change in retention rate, such as 0.05 for five points.");
  }
  const u = numberToDecimal(uplift);
  const rAfter = add(r, u);
  if (rAfter.isNegative() || rAfter.gte(1)) {
    throw argumentError(
      "uplift",
      `takes the retention rate ${retentionRate} to ${rAfter.toString()}, outside [0, 1)`,
      uplift,
      "Choose an uplift that keeps the retention rate at least 0 and below 1.",
    );
  }
  const valueBefore = discountedValueOf(margin, r, d);
  const valueAfter = discountedValueOf(margin, rAfter.abs(), d);
  const publicMargin = toPublic(margin);
  const before: DiscountedLifetimeValueResult = {
    discountedLifetimeValue: toPublic(valueBefore),
    margin: publicMargin,
    retentionRate,
    discountRate,
    marginMultiple: marginMultipleOf(r, d).toNumber(),
  };
  const after: DiscountedLifetimeValueResult = {
    discountedLifetimeValue: toPublic(valueAfter),
    margin: publicMargin,
    retentionRate: rAfter.toNumber(),
    discountRate,
    marginMultiple: marginMultipleOf(rAfter.abs(), d).toNumber(),
  };
  // The margin cancels in the ratio, so the relative change is computed from the multiples' exact parts:
  // (r + u)(1 + d − r) / (r (1 + d − r − u)) − 1.
  const one = numberToDecimal(1);
  const relativeChange =
    r.isZero() || margin.isZero()
      ? null
      : subtract(
          divide(rAfter.times(subtract(add(one, d), r)), r.times(subtract(add(one, d), rAfter))),
          one,
        ).toNumber();
  return {
    before,
    after,
    uplift: uplift === 0 ? 0 : uplift,
    retentionImpact: toPublic(subtract(valueAfter, valueBefore)),
    relativeChange,
  };
}
