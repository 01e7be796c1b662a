import type { Decimal } from "decimal.js";
import type { Instant, MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { isoInstant } from "../internal/time/civil.js";
import { minorQuotient, minorToDecimal, ratioDecimal } from "../internal/money/money.js";
import { purchaseDayStats } from "../internal/kernels/purchaseDays.js";
import { endInstantOption, resolveMetric } from "../internal/resolve.js";
import { orderWindow } from "../internal/book/window.js";
import { summaryData, summaryRecords } from "../internal/kernels/summaryRecords.js";
import { booleanOption, unitDays } from "../internal/time/timeUnit.js";
import type { TimeUnit } from "../core/types.js";
import type { CustomerSummary } from "./customerSummaries.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link calibrationHoldout}. `asOf` is replaced by the two period ends. */
export interface CalibrationHoldoutOptions extends Omit<MetricOptions, "asOf"> {
  /** Last instant of the calibration period (inclusive); a date-only string means the end of that day. Required. */
  calibrationEnd: Instant;
  /**
   * Last instant of the holdout period (inclusive); a date-only string means the end of that day.
   * @defaultValue the time of the latest order; when every order was a date-only string, the end of its day
   * (the default `asOf` of the other metrics)
   */
  observationEnd?: Instant;
  /** Unit of recency, T and the holdout length. @defaultValue `"day"` */
  unit?: TimeUnit;
  /** As in {@link customerSummaries}: count the first purchase day in calibration frequency and value. @defaultValue `false` */
  includeFirstPurchase?: boolean;
}

/** What one calibration customer did in the holdout period. */
export interface HoldoutFacts {
  /** The customer id (the same customer as `calibrationCustomers[i]`). */
  customerId: string;
  /** Distinct purchase days in the holdout (all are repeat purchases). lifetimes' `frequency_holdout`. */
  frequency: number;
  /** Orders in the holdout. */
  orders: number;
  /** Revenue in the holdout, major units, exact. */
  revenue: Decimal;
  /** Mean value of the holdout purchase days (same-day orders summed), 0 with none. */
  monetaryValue: Decimal;
  /** Length of the holdout in `unit` (the same for every customer). lifetimes' `duration_holdout`. */
  duration: number;
}

/** A customer whose first counted order falls in the holdout period (reported, not dropped). */
export interface HoldoutNewCustomer {
  customerId: string;
  /** Time of the first holdout order, ISO 8601 UTC. */
  firstOrderAt: string;
  /** Orders and distinct purchase days in the holdout. */
  orders: number;
  purchaseDays: number;
  /** Holdout revenue, major units. */
  revenue: Decimal;
}

/** Result of {@link calibrationHoldout}. */
export interface CalibrationHoldoutResult {
  /**
   * The calibration summary, one plain record per customer (customer id first), as the `customers` of
   * {@link customerSummaries} with `asOf: calibrationEnd`.
   */
  calibrationCustomers: CustomerSummary[];
  /**
   * Holdout facts, one record per calibration customer (customer id first), aligned with `calibrationCustomers`
   * (`holdoutCustomers[i]` is `calibrationCustomers[i]`'s customer).
   */
  holdoutCustomers: HoldoutFacts[];
  /** Customers first seen in the holdout (customer id first), in order of first appearance in the input. */
  newHoldoutCustomers: HoldoutNewCustomer[];
  /** Holdout length in `unit`: (day of observationEnd − day of calibrationEnd) / unitDays. */
  holdoutDuration: number;
  /** Calibration end and observation end, ISO 8601 UTC. */
  calibrationEnd: string;
  observationEnd: string;
  unit: TimeUnit;
  unitDays: number;
  includeFirstPurchase: boolean;
  currency: string | null;
  /** The window used; `window.asOf` is the observation end. */
  window: ResolvedWindow;
}

/**
 * Splits the history into a calibration period and a holdout period, for fitting a buy-till-you-die model on
 * the first and checking its predictions on the second (lifetimes' `calibration_and_holdout_data`,
 * PyMC-Marketing's `rfm_train_test_split`).
 *
 * - Calibration: orders placed up to the instant `calibrationEnd`, summarised exactly as
 *   {@link customerSummaries} with `asOf: calibrationEnd` (T ends on the calendar day of `calibrationEnd`).
 * - Holdout: orders placed after `calibrationEnd` and up to `observationEnd`. Per calibration customer: the
 *   number of distinct holdout purchase days, and their mean value (same-day orders summed first, as in
 *   calibration and in PyMC-Marketing; lifetimes averages single transactions here instead).
 * - Holdout length = (day of observationEnd − day of calibrationEnd) / unitDays, as lifetimes' `duration_holdout`.
 * - Customers whose first order falls in the holdout are listed in `newHoldoutCustomers`; both reference tools drop them.
 *
 * Source: https://github.com/CamDavidsonPilon/lifetimes/blob/master/lifetimes/utils.py
 * (`calibration_and_holdout_data`). Cost: two O(n) passes, O(customers) memory.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link CalibrationHoldoutOptions}; `calibrationEnd` is required.
 * @returns the calibration summaries with aligned holdout facts, and the customers new in the holdout.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `calibrationEnd` missing or invalid,
 * `observationEnd` invalid or not after `calibrationEnd`, `unit`, `includeFirstPurchase`, `from`, `to`,
 * `revenue`), `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = calibrationHoldout([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-11", total: "20" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-02-05", total: "30" },
 *   { orderId: "4", customerId: "ann", placedAt: "2024-02-05", total: "6" },
 *   { orderId: "5", customerId: "bob", placedAt: "2024-02-07", total: "15" },
 * ], { calibrationEnd: "2024-01-31", observationEnd: "2024-03-01" });
 * r.calibrationCustomers[0]!.frequency;            // 1
 * r.calibrationCustomers[0]!.T;                    // 30
 * r.holdoutCustomers[0]!.frequency;                // 1
 * r.holdoutCustomers[0]!.monetaryValue.toString(); // "36"
 * r.holdoutDuration;                               // 30
 * r.newHoldoutCustomers[0]!.customerId;            // "bob"
 * ```
 */
export function calibrationHoldout(orders: OrdersInput, options: CalibrationHoldoutOptions): CalibrationHoldoutResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with calibrationEnd", options, 'Pass { calibrationEnd: "2024-06-30" }.');
  }
  if (options.calibrationEnd === undefined) {
    throw optionError("calibrationEnd", "is required", undefined, 'Pass the last day of the calibration period, e.g. "2024-06-30".');
  }
  const { calibrationEnd: calibrationEndRaw, observationEnd: observationEndRaw, unit: unitRaw, includeFirstPurchase: ifp, ...shared } = options;
  const r = resolveMetric(orders, shared);
  const calibrationEnd = endInstantOption("calibrationEnd", calibrationEndRaw, r.zone);
  // With no orders at all and no observationEnd, the holdout is empty and has length 0.
  const observationEnd =
    observationEndRaw !== undefined
      ? endInstantOption("observationEnd", observationEndRaw, r.zone)
      : r.cols.n === 0
        ? calibrationEnd
        : r.asOf;
  if (!(observationEnd > calibrationEnd) && !(observationEndRaw === undefined && r.cols.n === 0)) {
    throw optionError(
      "observationEnd",
      "must be later than calibrationEnd",
      observationEndRaw ?? (Number.isFinite(observationEnd) ? new Date(observationEnd).toISOString() : "no orders"),
      "The holdout period runs from calibrationEnd to observationEnd; give an end after the calibration end.",
    );
  }
  const unit = unitRaw ?? "day";
  const days = unitDays(unit);
  const includeFirstPurchase = booleanOption("includeFirstPurchase", ifp, false);
  const net = r.value.basis === "net";
  const { cols, zone } = r;
  const cal = purchaseDayStats(cols, zone, orderWindow(r.from, r.to, calibrationEnd), net);
  const hold = purchaseDayStats(cols, zone, orderWindow(r.from, r.to, observationEnd, calibrationEnd), net);
  const calDay = zone.localDay(calibrationEnd);
  const calibration = summaryRecords(summaryData(cal, cols.customerIds, cols.scale, includeFirstPurchase, days, calDay));
  const holdoutDuration = (zone.localDay(observationEnd) - calDay) / days;
  const holdout: HoldoutFacts[] = [];
  const newInHoldout: HoldoutNewCustomer[] = [];
  const C = cols.customers;
  for (let c = 0; c < C; c++) {
    const id = cols.customerIds[c] as string;
    const ho = hold.orders[c] as number;
    const units = ho === 0 ? 0 : (hold.big?.get(c)?.value ?? (hold.value[c] as number));
    const revenue = minorToDecimal(units, cols.scale);
    if ((cal.orders[c] as number) > 0) {
      const f = ho === 0 ? 0 : (hold.days[c] as number);
      holdout.push({ customerId: id, frequency: f, orders: ho, revenue, monetaryValue: f === 0 ? revenue : typeof units === "number" ? minorQuotient(units, cols.scale, f) : (ratioDecimal(revenue, f) as Decimal), duration: holdoutDuration });
    } else if (ho > 0) {
      newInHoldout.push({
        customerId: id,
        firstOrderAt: isoInstant(hold.firstTimes()[c] as number),
        orders: ho,
        purchaseDays: hold.days[c] as number,
        revenue,
      });
    }
  }
  return withDisplay<CalibrationHoldoutResult>({
    calibrationCustomers: calibration,
    holdoutCustomers: holdout,
    newHoldoutCustomers: newInHoldout,
    holdoutDuration,
    calibrationEnd: new Date(calibrationEnd).toISOString(),
    observationEnd: new Date(observationEnd).toISOString(),
    unit,
    unitDays: days,
    includeFirstPurchase,
    currency: cols.currency,
    window: { ...r.window, asOf: new Date(observationEnd).toISOString() },
  }, tableBundle);
}
