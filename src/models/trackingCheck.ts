import type { Instant, MetricOptions, ResolvedWindow, TimeUnit } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { errorMetrics, expectedAt, readContinuousModel, type ErrorMetrics } from "../internal/btyd/checks.js";
import { modelUnitDays } from "../internal/btyd/input.js";
import { finiteValue } from "../internal/btyd/predict.js";
import { orderWindow } from "../internal/book/window.js";
import { optionError } from "../internal/fail.js";
import { purchaseDayLists } from "../internal/kernels/purchaseDays.js";
import { endInstantOption, instantOption, resolveMetric } from "../internal/resolve.js";
import { isoDate } from "../internal/time/civil.js";
import { unitDays } from "../internal/time/timeUnit.js";
import { trackingBundle } from "../internal/display/modelCheckDisplay.js";
import { withDisplay } from "../internal/display/display.js";
import type { BetaGeoModel, ModifiedBetaGeoModel, ParetoNbdModel } from "./types.js";

/** Options of {@link trackingCheck}. `asOf` and `revenue` do not apply (the check counts purchase days). */
export interface TrackingCheckOptions extends Omit<MetricOptions, "asOf" | "revenue"> {
  /** Last instant of the calibration period (inclusive); a date-only string means the end of that day. Required. */
  calibrationEnd: Instant;
  /**
   * Last instant of the tracking (inclusive); a date-only string means the end of that day.
   * @defaultValue the time of the latest order (the end of its day when every order was a date-only string)
   */
  observationEnd?: Instant;
  /**
   * Length of one tracking period ("day", "week" or a number of days). Periods are counted from the first
   * acquisition day of the customers tracked.
   * @defaultValue the model's `unit`
   */
  period?: TimeUnit;
  /**
   * The customers tracked: those whose first purchase day is on or after the day of `acquiredFrom` and before
   * the day of `acquiredTo`, and not after the calibration end.
   * @defaultValue every customer acquired by the calibration end
   */
  acquiredFrom?: Instant;
  /** See `acquiredFrom`. @defaultValue no bound (the calibration end) */
  acquiredTo?: Instant;
}

/** One period of {@link TrackingCheckResult}. */
export interface TrackingPeriod {
  /** Period index, 0 for the period of the first acquisition. */
  period: number;
  /** First and last calendar day of the period (`YYYY-MM-DD`, in the time zone; the last period may be cut short). */
  firstDay: string;
  lastDay: string;
  /** `"calibration"`, `"holdout"`, or `"both"` for a period that straddles the calibration end. */
  phase: "calibration" | "holdout" | "both";
  /** Repeat purchase days of the tracked customers in the period. */
  actualPurchases: number;
  /** Repeat purchases the model expects in the period. */
  expectedPurchases: number;
  /** Repeat purchase days from the first period through this one. */
  actualCumulative: number;
  /** Σᵢ E[X(aᵢ)], aᵢ the age of customer i at the end of the period's last day (0 before acquisition). */
  expectedCumulative: number;
}

/** Actual against expected purchases of one phase. */
export interface TrackingTotals {
  actualPurchases: number;
  expectedPurchases: number;
}

/** Result of {@link trackingCheck}. */
export interface TrackingCheckResult {
  /** One record per period, from the first acquisition to the observation end. */
  periods: TrackingPeriod[];
  /** The model checked. */
  model: "BG/NBD" | "MBG/NBD" | "Pareto/NBD";
  /** Purchases up to the calibration end (inclusive), and after it up to the observation end. */
  calibration: TrackingTotals;
  holdout: TrackingTotals;
  /**
   * Errors of the expected per-period (incremental) purchases against the actual ones (MAE, RMSE, bias =
   * mean of expected − actual), over the periods wholly in the calibration and wholly in the holdout.
   */
  calibrationErrors: ErrorMetrics;
  holdoutErrors: ErrorMetrics;
  /** Customers tracked. */
  customerCount: number;
  /** The period length: its unit and its days. */
  period: TimeUnit;
  periodDays: number;
  /** Calibration end and observation end, ISO 8601 UTC. */
  calibrationEnd: string;
  observationEnd: string;
  /** The window used; `window.asOf` is the observation end. */
  window: ResolvedWindow;
}

/**
 * The tracking check of a fitted BG/NBD, MBG/NBD or Pareto/NBD model: repeat purchases per calendar period,
 * expected against actual, incremental and cumulative, across the calibration period and the holdout, for the
 * customers acquired by the calibration end (or in `[acquiredFrom, acquiredTo)`). Each customer enters the
 * prediction at their own first purchase day (BTYD's tracking plot, Fader, Hardie & Lee 2005 figure 3).
 *
 * - Actual: repeat purchase days (days with an order, after the customer's first, as `frequency` counts them)
 *   in each period.
 * - Expected cumulative at the end of period k: Σᵢ E[X(e_k − dᵢ)], with dᵢ the first purchase day of customer i,
 *   e_k the last day of the period, and E[X(t)] the model's expectation for a new customer ({@link expectedPurchases}).
 *   Ages are whole days, so the age at the calibration end is the customer's T and the last value is
 *   Σᵢ E[X(Tᵢ + holdout)]. (BTYD counts the period end as the next day, one day more per customer.)
 * - Expected incremental: the difference of consecutive cumulative values.
 *
 * The model should be fitted on the calibration summaries of the same orders
 * (`calibrationHoldout(orders, { calibrationEnd, unit })`). A BG/BB model is refused.
 *
 * Units: periods of `period` (default the model's unit), counted from the first acquisition day; purchases as
 * counts (expected: float). Cost: one pass over the orders, one E[X(t)] per day of the tracking, and periods × days
 * multiply-adds.
 * Source: https://doi.org/10.1287/mksc.1040.0098; https://cran.r-project.org/package=BTYD (`PlotTrackingCum`, `PlotTrackingInc`).
 *
 * @param model - a fitted BG/NBD, MBG/NBD or Pareto/NBD model (with its `unit`).
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link TrackingCheckOptions}; `calibrationEnd` is required.
 * @returns one record per period and the totals of each phase.
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad or BG/BB model; `INVALID_OPTION` for a missing
 *   or bad `calibrationEnd`, an `observationEnd` not after it, a bad `period`, `acquiredFrom`, `acquiredTo`, `from`,
 *   `to`; `INVALID_TIME_ZONE`; the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const orders = [
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-10", total: "20" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-05", total: "15" },
 *   { orderId: "4", customerId: "bob", placedAt: "2024-02-20", total: "15" },
 * ];
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const tracking = trackingCheck(bgnbd, orders, { calibrationEnd: "2024-01-28", observationEnd: "2024-02-25" });
 * tracking.periods.length;                                      // 8 (weeks from 2024-01-01)
 * tracking.periods.map((p) => p.actualPurchases).join("");      // "01000001"
 * tracking.calibration.actualPurchases;                         // 1
 * ```
 */
export function trackingCheck(
  model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel,
  orders: OrdersInput,
  options: TrackingCheckOptions,
): TrackingCheckResult {
  const m = readContinuousModel(model, "trackingCheck");
  const modelDays = modelUnitDays(m.unit, "model");
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with calibrationEnd", options, 'Pass { calibrationEnd: "2024-06-30" }.');
  }
  if (options.calibrationEnd === undefined) {
    throw optionError("calibrationEnd", "is required", undefined, 'Pass the last day of the calibration period, e.g. "2024-06-30".');
  }
  const { calibrationEnd: calRaw, observationEnd: obsRaw, period: periodRaw, acquiredFrom, acquiredTo, ...shared } = options as TrackingCheckOptions & { asOf?: unknown; revenue?: unknown };
  const r = resolveMetric(orders, shared as MetricOptions);
  const zone = r.zone;
  const calibrationEnd = endInstantOption("calibrationEnd", calRaw, zone);
  const observationEnd = obsRaw !== undefined ? endInstantOption("observationEnd", obsRaw, zone) : r.cols.n === 0 ? calibrationEnd : r.asOf;
  if (obsRaw !== undefined && !(observationEnd > calibrationEnd)) {
    throw optionError("observationEnd", "must be later than calibrationEnd", obsRaw, "The tracking runs from the first acquisition to observationEnd; give an end after the calibration end.");
  }
  const period: TimeUnit = periodRaw ?? m.unit;
  let L: number;
  try {
    L = unitDays(period);
  } catch {
    throw optionError("period", 'must be "day", "week" or a positive number of days', periodRaw, 'Use "week", "day" or a number of days such as 30.');
  }
  const fromDay = acquiredFrom === undefined ? -Infinity : zone.localDay(instantOption("acquiredFrom", acquiredFrom, zone));
  const toDay = acquiredTo === undefined ? Infinity : zone.localDay(instantOption("acquiredTo", acquiredTo, zone));
  const calDay = zone.localDay(calibrationEnd);
  const obsDay = Math.max(calDay, zone.localDay(observationEnd));
  const lists = purchaseDayLists(r.cols, zone, orderWindow(r.from, r.to, observationEnd));
  const C = r.cols.customers;
  // The tracked customers: first purchase day in the acquisition window and not after the calibration end.
  let start = Infinity;
  let customers = 0;
  for (let c = 0; c < C; c++) {
    const a = lists.start[c] as number;
    if (a === (lists.start[c + 1] as number)) continue;
    const d0 = lists.day[a] as number;
    if (d0 > calDay || d0 < fromDay || d0 >= toDay) continue;
    customers++;
    if (d0 < start) start = d0;
  }
  const periods: TrackingPeriod[] = [];
  const emptyErrors = errorMetrics([], []);
  const window = { ...r.window, asOf: new Date(observationEnd).toISOString() };
  const base = {
    customerCount: customers,
    period,
    periodDays: L,
    calibrationEnd: new Date(calibrationEnd).toISOString(),
    observationEnd: new Date(observationEnd).toISOString(),
    window,
  };
  if (customers === 0) {
    return withDisplay<TrackingCheckResult>(
      { periods, model: m.kind, calibration: { actualPurchases: 0, expectedPurchases: 0 }, holdout: { actualPurchases: 0, expectedPurchases: 0 }, calibrationErrors: emptyErrors, holdoutErrors: emptyErrors, ...base },
      trackingBundle,
    );
  }
  const span = obsDay - start + 1; // days tracked
  const K = Math.floor((span - 1) / L) + 1;
  // Acquisitions per day offset, and repeat purchase days per period (and up to the calibration end).
  const acquired = new Float64Array(span);
  const actual = new Float64Array(K);
  let actualCal = 0;
  for (let c = 0; c < C; c++) {
    const a = lists.start[c] as number;
    const b = lists.start[c + 1] as number;
    if (a === b) continue;
    const d0 = lists.day[a] as number;
    if (d0 > calDay || d0 < fromDay || d0 >= toDay) continue;
    acquired[d0 - start] = (acquired[d0 - start] as number) + 1;
    for (let j = a + 1; j < b; j++) {
      const d = lists.day[j] as number;
      const k = Math.floor((d - start) / L);
      actual[k] = (actual[k] as number) + 1;
      if (d <= calDay) actualCal++;
    }
  }
  // E[X(age)] for every whole-day age 0 … span − 1 (ages are whole days: the cache is exact).
  const E = new Float64Array(span);
  for (let age = 1; age < span; age++) E[age] = finiteValue(expectedAt(m, age / modelDays), "expectedPurchases");
  const cumulativeAt = (lastOffset: number): number => {
    let s = 0;
    for (let d = 0; d <= lastOffset; d++) {
      const n = acquired[d] as number;
      if (n !== 0) s += n * (E[lastOffset - d] as number);
    }
    return s;
  };
  const calOffset = calDay - start;
  const expectedCal = cumulativeAt(calOffset);
  let prevExpected = 0;
  let actualCum = 0;
  const incCal: [number[], number[]] = [[], []];
  const incHold: [number[], number[]] = [[], []];
  for (let k = 0; k < K; k++) {
    const first = Math.ceil(k * L);
    const last = Math.min(span - 1, Math.ceil((k + 1) * L) - 1);
    const expectedCum = cumulativeAt(last);
    const inc = expectedCum - prevExpected;
    prevExpected = expectedCum;
    const a = actual[k] as number;
    actualCum += a;
    const phase = last <= calOffset ? "calibration" : first > calOffset ? "holdout" : "both";
    if (phase === "calibration") {
      incCal[0].push(inc);
      incCal[1].push(a);
    } else if (phase === "holdout") {
      incHold[0].push(inc);
      incHold[1].push(a);
    }
    periods.push({ period: k, firstDay: isoDate(start + first), lastDay: isoDate(start + last), phase, actualPurchases: a, expectedPurchases: inc, actualCumulative: actualCum, expectedCumulative: expectedCum });
  }
  return withDisplay<TrackingCheckResult>(
    {
      periods,
      model: m.kind,
      calibration: { actualPurchases: actualCal, expectedPurchases: expectedCal },
      holdout: { actualPurchases: actualCum - actualCal, expectedPurchases: prevExpected - expectedCal },
      calibrationErrors: errorMetrics(incCal[0], incCal[1]),
      holdoutErrors: errorMetrics(incHold[0], incHold[1]),
      ...base,
    },
    trackingBundle,
  );
}


