import type { Decimal } from "decimal.js";
import { argumentError } from "../fail.js";
import { add, divide, multiply, numberToDecimal, subtract, toDecimal } from "../money/decimalInput.js";

/** Validated inputs of the infinite-horizon retention model, as exact decimals. */
export interface DiscountedInputs {
  readonly margin: Decimal;
  readonly retentionRate: number;
  readonly discountRate: number;
  readonly r: Decimal;
  readonly d: Decimal;
}

/** Shape shared by the inputs of `discountedLifetimeValue` and `retentionImpact`. */
interface RawDiscountedInputs {
  readonly margin?: unknown;
  readonly retentionRate?: unknown;
  readonly discountRate?: unknown;
}

/**
 * Validates margin (money, any finite amount), retention rate (in [0, 1)) and discount rate
 * (finite, ≥ 0).
 *
 * @throws RetentionMetricsError `INVALID_ARGUMENT` naming the argument at fault.
 */
export function readDiscountedInputs(input: unknown, hint: string): DiscountedInputs {
  if (typeof input !== "object" || input === null) {
    throw argumentError("input", "is not an object", input, hint);
  }
  const raw = input as RawDiscountedInputs;
  const margin = toDecimal(raw.margin, "margin");
  const retentionRate = raw.retentionRate;
  if (typeof retentionRate !== "number" || !(retentionRate >= 0 && retentionRate < 1)) {
    throw argumentError(
      "retentionRate",
      "is not a fraction from 0 up to (but not including) 1",
      retentionRate,
      "Pass the share of customers kept from one period to the next, such as 0.8; at 1 nobody ever leaves and the value is infinite.",
    );
  }
  const discountRate = raw.discountRate;
  if (typeof discountRate !== "number" || !Number.isFinite(discountRate) || discountRate < 0) {
    throw argumentError(
      "discountRate",
      "is not a finite rate ≥ 0",
      discountRate,
      "Pass the discount rate per period as a fraction, such as 0.1 for 10% a year.",
    );
  }
  return {
    margin: margin.isZero() ? margin.abs() : margin,
    retentionRate: retentionRate === 0 ? 0 : retentionRate,
    discountRate: discountRate === 0 ? 0 : discountRate,
    r: numberToDecimal(retentionRate).abs(),
    d: numberToDecimal(discountRate).abs(),
  };
}

/** `1 + d − r`, exact; positive whenever 0 ≤ r < 1 and d ≥ 0. */
function denominator(r: Decimal, d: Decimal): Decimal {
  return subtract(add(numberToDecimal(1), d), r);
}

/** The margin multiple `r / (1 + d − r)`, rounded to 20 significant digits. */
export function marginMultipleOf(r: Decimal, d: Decimal): Decimal {
  return divide(r, denominator(r, d));
}

/** The discounted value `m · r / (1 + d − r)`, rounded to 20 significant digits. */
export function discountedValueOf(m: Decimal, r: Decimal, d: Decimal): Decimal {
  return divide(multiply(m, r), denominator(r, d));
}
