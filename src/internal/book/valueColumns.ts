import { optionError, recordError } from "../fail.js";
import type { Rate } from "../money/exchange.js";
import type { OrderColumns } from "./columns.js";

/**
 * The value basis of the value metrics (AOV, customer value, cohort revenue, LTV, cohort economics) as a view of
 * a book's columns, so that every kernel sums it exactly as it sums revenue, with no kernel knowing of margins:
 *
 * - `"gross"` and `"net"`: the columns themselves (the kernels' `net` flag subtracts refunds or not);
 * - `"margin"` with a rate `m × 10^-s`: totals and refunds times `m`, at scale `scale + s`, so that net of the
 *   view is exactly rate × net (integers, no rounding) and refunds keep their dates;
 * - `"margin"` from costs: totals minus each order's cost (refunds unchanged), so net of the view is
 *   total − refunded − cost; a value may then be negative.
 *
 * The kernels then run with `net` true.
 */

/** The validated value basis of a call. */
export interface ValueSpec {
  basis: "gross" | "net" | "margin";
  /** The margin rate for `"margin"`, or null: margin from each order's cost. */
  rate: Rate | null;
  /** Whether refunds count at their `refundedAt` (`refundAttribution: "refundDate"`). */
  refundDate: boolean;
}

/** The kernels' `net` flag under `spec`: refunds are subtracted except on the gross basis. */
export function netOf(spec: ValueSpec): boolean {
  return spec.basis !== "gross";
}

/** The columns to sum for `spec` (see the module comment), or throws INVALID_OPTION / INVALID_AMOUNT. */
export function valueColumns(cols: OrderColumns, spec: ValueSpec): OrderColumns {
  if (spec.basis !== "margin") return cols;
  const { n, total, refunded } = cols;
  const out = new Float64Array(n);
  if (spec.rate !== null) {
    const { mantissa: m, scale: s } = spec.rate;
    let refunds: Float64Array | null = null;
    for (let i = 0; i < n; i++) {
      const v = (total[i] as number) * m;
      if (!Number.isSafeInteger(v)) throw tooLargeForRate();
      out[i] = v;
    }
    if (refunded !== null) {
      refunds = new Float64Array(n);
      for (let i = 0; i < n; i++) refunds[i] = (refunded[i] as number) * m;
    }
    return { ...cols, total: out, refunded: refunds, scale: cols.scale + s };
  }
  const cost = cols.cost;
  if (cost === undefined || cost === null) {
    throw optionError(
      "revenue",
      '"margin" needs a marginRate or a cost on the orders, and these orders carry no cost',
      "margin",
      'Pass marginRate (such as "0.35"), or give each order its cost.',
    );
  }
  // Values may be negative (an order that cost more than it kept): every partial sum of the kernels is exact
  // while the sum of magnitudes stays below 2^53.
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    const k = cost[i] as number;
    if (k !== k) throw missingCost(i);
    const v = (total[i] as number) - k;
    out[i] = v;
    magnitude += (v < 0 ? -v : v) + (refunded === null ? 0 : (refunded[i] as number));
  }
  if (!(magnitude < 2 ** 53)) {
    throw optionError("revenue", "is \"margin\" from costs, whose per-order margins are too large to sum exactly", "margin", "Check the amounts; their magnitudes add up past 9 quadrillion minor units.");
  }
  return { ...cols, total: out };
}

function tooLargeForRate(): Error {
  return optionError("marginRate", "has too many digits: an order total times the rate is past 2^53 minor units", "marginRate", "Round the rate to fewer decimal places.");
}

/** INVALID_AMOUNT (field `cost`) for order `i`, which has no cost, under the margin basis from costs. */
function missingCost(i: number): Error {
  return recordError(
    "INVALID_AMOUNT",
    i,
    "cost",
    'is missing, and revenue: "margin" without a marginRate needs every order\'s cost',
    undefined,
    'Give every order its cost (0 when there is none), or pass marginRate (such as "0.35").',
  );
}
