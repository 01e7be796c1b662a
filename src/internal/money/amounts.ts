import { recordError } from "../fail.js";
import { MAX_SCALE, MONEY_TOO_PRECISE, parseMoney, type MoneyScratch } from "./money.js";

/**
 * Reads one order amount of record `index`, field `field`, to its exact mantissa (`scratch.scale` gets its
 * decimal places), or throws INVALID_AMOUNT: shared by `prepareOrders` and the accumulator so both reject the
 * same amounts with the same words.
 */
export function amountMantissa(value: unknown, scratch: MoneyScratch, index: number, field: string): number {
  const mantissa = parseMoney(value, scratch);
  if (Number.isNaN(mantissa)) {
    throw recordError("INVALID_AMOUNT", index, field, "is not a decimal amount", value, 'Pass a decimal string such as "19.99", a finite number, or a Decimal.');
  }
  if (mantissa === MONEY_TOO_PRECISE) {
    throw recordError(
      "INVALID_AMOUNT",
      index,
      field,
      `has more digits than can be held exactly (at most 15 significant digits and ${MAX_SCALE} decimal places)`,
      value,
      "Round the amount to the currency's minor unit.",
    );
  }
  return mantissa;
}
