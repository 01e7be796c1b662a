import type { Decimal } from "decimal.js";
import type { Granularity, ResolvedWindow, ValueOptions, WeekStartsOn } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { columnsOf } from "../internal/book/OrderBook.js";
import { firstOrderIdOf, type OrderColumns } from "../internal/book/columns.js";
import { netOf, valueColumns } from "../internal/book/valueColumns.js";
import { cohortBundle, withDisplay } from "../internal/display/display.js";
import { optionError } from "../internal/fail.js";
import { cohortCells } from "../internal/kernels/cohortCells.js";
import { cohortColumnLabels, readCohortLayout } from "../internal/kernels/cohortOptions.js";
import type { CohortAveragePoint, CohortMode, CohortRow, CohortSegment } from "../internal/kernels/cohortTypes.js";
import { minorToDecimal } from "../internal/money/money.js";
import { resolveMetric } from "../internal/resolve.js";
import { checkStreamCohortOptions, streamBook } from "../internal/stream/views.js";

export type { CohortAveragePoint, CohortCell, CohortMode, CohortRow, CohortSegment } from "../internal/kernels/cohortTypes.js";

/** The first order of a customer, as given to a `segmentBy` function. */
export interface CohortFirstOrder {
  /** Order id (as a string). */
  orderId: string;
  /** Customer id (as a string). */
  customerId: string;
  /** When the order was placed, epoch milliseconds. */
  placedAt: number;
  /** Order total, major units. */
  total: Decimal;
  /** Refunded amount, major units (0 when none). */
  refunded: Decimal;
  /** Currency of the orders, or `null`. */
  currency: string | null;
  /** The order's `segment`, or `null`. */
  segment: string | null;
}

/** Options of {@link cohortTable}: the shared options with the value basis ({@link ValueOptions}) and the table's own. */
export interface CohortTableOptions extends ValueOptions {
  /**
   * Calendar period of an acquisition cohort (a row), and of a column when `windows` is `"calendar"`.
   * @defaultValue `"month"`
   */
  granularity?: Granularity;
  /**
   * First day of a week for `granularity: "week"`: 0 = Sunday, 1 = Monday, … 6 = Saturday.
   * @defaultValue `1` (Monday)
   */
  weekStartsOn?: WeekStartsOn;
  /**
   * `"calendar"`: column k is the k-th calendar period after the cohort's period. `"relative"`: column k is the
   * k-th window of `windowDays` days after each customer's own first order (local wall-clock days, so a DST day
   * is still one day).
   * @defaultValue `"calendar"`
   */
  windows?: "calendar" | "relative";
  /**
   * Length in days of a relative window (only with `windows: "relative"`; an integer ≥ 1).
   * @defaultValue the granularity's length: 1 (day), 7 (week), 30 (month), 91 (quarter), 365 (year)
   */
  windowDays?: number;
  /**
   * When a customer counts as active in column k: `"classic"`, they ordered in period k; `"unbounded"`, in
   * period k or any later (observed) period; `"byPeriod"`, they returned at least once in periods 1 … k
   * (cumulative, "came back by month k"); `"consecutive"`, they ordered in every period 1 … k; `"brackets"`,
   * the columns are the `brackets` of periods and a customer counts in one when they ordered in any of its periods.
   * Column 0 counts every customer in each mode. See docs/cohorts.md, "Cell modes" and "Brackets".
   * @defaultValue `"classic"`
   */
  mode?: CohortMode;
  /**
   * The columns of mode `"brackets"` (Amplitude's custom brackets), as `[first, last]` pairs of period indexes
   * (in `periodIndexBase`, both ends included), e.g. `[[1, 1], [2, 3], [4, 6], [7, 12]]`: integers after the
   * acquisition period (≥ 1, or ≥ 2 with base 1), in increasing order, not overlapping (gaps allowed). Column 0
   * stays the acquisition period; column j is bracket j. Required with mode `"brackets"`, refused otherwise.
   * @defaultValue none
   */
  brackets?: readonly (readonly [number, number])[];
  /**
   * The index of the acquisition period in the result: 0 (periods 0, 1, 2 …) or 1 (periods 1, 2, 3 …, as
   * dbt_shopify numbers them). Only labels change: `cells[].period`, `average[].period`, `columnLabels`, and the
   * way `rankPeriod` and `brackets` are read; every count and amount is the same.
   * @defaultValue `0`
   */
  periodIndexBase?: 0 | 1;
  /**
   * Maximum number of columns (periods 0 … periods − 1, or with brackets column 0 and the first periods − 1
   * brackets); an integer ≥ 1.
   * @defaultValue no cap: every period up to the observation end
   */
  periods?: number;
  /**
   * Splits the table per segment: `"segment"` uses the `segment` of each customer's first order; a function
   * gets the customer's first order and returns a label (`null` / `undefined`: no segment).
   * @defaultValue no split (`segments` is `null`)
   */
  segmentBy?: "segment" | ((firstOrder: CohortFirstOrder) => string | null | undefined);
  /**
   * The column at which segments are ranked by their average retention (an integer ≥ `periodIndexBase`, in that base).
   * @defaultValue the column after acquisition: `1` (`2` with `periodIndexBase: 1`)
   */
  rankPeriod?: number;
}

/** Result of {@link cohortTable}. Money is `Decimal`; ratios are numbers. */
export interface CohortTableResult {
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  windows: "calendar" | "relative";
  /** Window length in days for relative windows, `null` for calendar windows. */
  windowDays: number | null;
  mode: CohortMode;
  /** The index of the acquisition period in `cells[].period`, `average[].period` and `columnLabels`: 0 or 1. */
  periodIndexBase: 0 | 1;
  /** Mode `"brackets"`: the brackets, as given (in `periodIndexBase`); `null` in the other modes. */
  brackets: [number, number][] | null;
  /**
   * A label per column (`periods` of them): the period index (`"0"`, `"1"` …, from `periodIndexBase`), or with
   * brackets the acquisition period and then each bracket (`"1"`, `"2–3"`, an en dash between first and last).
   */
  columnLabels: string[];
  /** Number of columns of the widest row. */
  periods: number;
  /** Customers in the table (Σ cohort sizes). */
  customers: number;
  /** The cohorts, oldest first. Cohorts without customers are left out. */
  cohorts: CohortRow[];
  /** The cohort-size-weighted average curve over complete cells, one point per column. */
  average: CohortAveragePoint[];
  /** The column segments are ranked at. */
  rankPeriod: number;
  /** Per-segment tables, best retention at `rankPeriod` first; `null` without `segmentBy`. */
  segments: CohortSegment[] | null;
  /** Common currency of the orders, or `null`. */
  currency: string | null;
  /** The window and options the table was computed with. */
  window: ResolvedWindow;
}

/**
 * Acquisition-cohort table: of the customers won in each period, how many ordered again 1, 2, 3 … periods
 * later, what they spent, and what an acquired customer has been worth so far (the historical LTV curve).
 *
 * Use it to see whether retention improves from cohort to cohort, how fast customers fall away, and (with
 * `segmentBy`) which acquisition channel brings customers who stay.
 *
 * Definitions (see docs/cohorts.md):
 * - a customer's **cohort** is the calendar period, in `timeZone`, of their first order in the whole input
 *   (orders after `asOf` are unseen). Only customers whose first order lies in `[from, to)` are in the table;
 * - column k (`windows: "calendar"`) is the calendar period k after the cohort's period; with
 *   `windows: "relative"` it is local time `[first + k·windowDays, first + (k+1)·windowDays)` of each customer;
 * - `activeCustomers` = customers who ordered in period k (`mode: "classic"`), in period k or later
 *   (`"unbounded"`), at least once in periods 1 … k (`"byPeriod"`), or in every period 1 … k (`"consecutive"`);
 *   `retention` = activeCustomers / size (a fraction). For every customer, consecutive ≤ classic ≤ byPeriod;
 * - `mode: "brackets"`: column 0 is the acquisition period and column j the j-th of `brackets` (`[first, last]`
 *   periods); a customer is active there when they ordered in any of its periods; its orders and revenue are the
 *   bracket's; it is shown once its first period has begun and `complete` when its last period is (the
 *   denominator stays the cohort size); `columnLabels` names the columns (`"2–3"`);
 * - `periodIndexBase: 1` numbers the acquisition period 1: `period` fields, `columnLabels`, `rankPeriod` and
 *   `brackets` move up by one, every count and amount stays the same;
 * - `orders`, `revenue` (exact, on the `revenue` basis: net, gross or margin, see {@link ValueOptions}) are
 *   the cohort's orders in period k; with `refundAttribution: "refundDate"`, a refund counts in the period of
 *   its `refundedAt` (not at all when after `asOf`), so a cell's revenue may be negative;
 *   `revenueRetention` = revenue in period k / revenue in period 0 (may exceed 1);
 *   `cumulativeRevenuePerCustomer` = Σ revenue of periods 0 … k / size (currency units per customer);
 * - `complete` = the period's end ≤ the observation end (`asOf`, and `to`); relative windows are complete when
 *   every customer's window k has ended;
 * - `average[k].retention` = Σ active / Σ size over cohorts whose cell k is complete (pooled, cohort-size-
 *   weighted); `meanRetention` = the simple mean of their retentions; `revenueRetention` = Σ revenue in k /
 *   Σ revenue in period 0 over the same cohorts.
 *
 * Source: cohort analysis as in Fader & Hardie, "Customer-Base Analysis" (https://www.brucehardie.com/notes/),
 * and the "N-day / unbounded" retention of product-analytics tools
 * (https://amplitude.com/docs/analytics/charts/retention-analysis/retention-analysis-interpret).
 *
 * Cost: O(n + customers + cohorts × periods) time, O(customers + cohorts × periods) memory; no `Date` and no
 * date-fns call per order (a per-day period cache); a few reads of the zone database per cohort for its start.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator}: then the
 *   table has calendar windows at the accumulator's granularity, no `from`/`to`, `asOf` not before the latest
 *   order, and `segmentBy` only `"segment"` (see docs/at-scale.md, "Streaming and merging").
 * @param options - see {@link CohortTableOptions}.
 * @returns the table, its average curve and (with `segmentBy`) the ranked segment tables.
 * @throws {@link RetentionMetricsError} for bad orders (see {@link prepareOrders}); `INVALID_OPTION` (with
 * `field`) for a bad `granularity`, `weekStartsOn`, `windows`, `windowDays`, `mode`, `brackets` (not ordered,
 * overlapping, not integers after the acquisition period, missing with mode `"brackets"`, or given without it),
 * `periodIndexBase`, `periods`, `segmentBy`, `rankPeriod` or shared option, and for a table of more than 1,000,000 cells (cohort rows × periods; field
 * `granularity`, or `periods` when given: choose a coarser granularity, fewer periods or a shorter range);
 * `INVALID_TIME_ZONE`.
 *
 * @example
 * ```ts
 * const t = cohortTable([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" },
 *   { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "10" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-02-03", total: "20" },
 *   { orderId: "4", customerId: "cy", placedAt: "2024-02-10", total: "15" },
 * ], { asOf: "2024-02-29" });
 * t.cohorts.map((c) => [c.label, c.size]);               // [["2024-01", 2], ["2024-02", 1]]
 * t.cohorts[0]?.cells.map((c) => c.retention);           // [1, 0.5]
 * t.cohorts[0]?.cells[1]?.cumulativeRevenuePerCustomer.toString(); // "30"
 * t.average.map((p) => [p.retention, p.cohorts]);        // [[1, 2], [0.5, 1]]
 * ```
 */
export function cohortTable(orders: OrdersInput, options?: CohortTableOptions): CohortTableResult {
  const r = resolveMetric(orders, options, true, true);
  const opts: CohortTableOptions = options ?? {};
  if (r.stream !== null) checkStreamCohortOptions(r.stream, opts);
  const { granularity, weekStartsOn, windows, windowDays, mode, periodIndexBase: base, brackets, cap, rankPeriod } = readCohortLayout(opts, {
    granularity: r.stream?.granularity,
    weekStartsOn: r.stream?.weekStartsOn,
  });
  const segmentBy = opts.segmentBy;
  if (segmentBy !== undefined && segmentBy !== "segment" && typeof segmentBy !== "function") {
    throw optionError("segmentBy", 'must be "segment" or a function of the first order', segmentBy, 'Pass "segment", or (first) => label.');
  }

  // An accumulator is read through its synthetic book of (customer, period) rows carrying order counts.
  // Summed on the value basis (src/internal/book/valueColumns.ts): margins are the same kernel's revenue.
  const bookCols = r.stream === null ? r.cols : columnsOf(streamBook(r.stream));
  const cols = valueColumns(bookCols, r.value);
  const cells = cohortCells({
    cols,
    zone: r.zone,
    from: r.from,
    to: r.to,
    asOf: r.asOf,
    net: netOf(r.value),
    refundDates: r.value.refundDate,
    granularity,
    weekStartsOn,
    windowDays,
    mode,
    brackets: brackets === null ? null : brackets.map(([a, b]) => [a - base, b - base] as const),
    periodIndexBase: base,
    cap,
    rankPeriod: rankPeriod - base,
    segmentBy: segmentBy === undefined ? null : segmentBy === "segment" ? "segment" : segmentLabels(bookCols, segmentBy),
  });
  return withDisplay<CohortTableResult>({
    granularity,
    weekStartsOn,
    windows,
    windowDays,
    mode,
    periodIndexBase: base,
    brackets,
    columnLabels: cohortColumnLabels(cells.periods, base, brackets),
    periods: cells.periods,
    customers: cells.customers,
    cohorts: cells.cohorts,
    average: cells.average,
    rankPeriod,
    segments: cells.segments,
    currency: cols.currency,
    window: r.window,
  }, cohortBundle);
}

/** A `segmentBy` function as the kernel calls it: the label of customer `c`, whose first order is `f`, checked. */
function segmentLabels(cols: OrderColumns, segmentBy: (firstOrder: CohortFirstOrder) => string | null | undefined): (c: number, f: number) => string | null {
  return (c, f) => {
    const value = segmentBy(firstOrderOf(cols, c, f));
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw optionError("segmentBy", "must return a string, null or undefined", value, "Return a label such as the acquisition channel.");
    }
    return value ?? null;
  };
}

/** Customer `c`'s first order, `f` (= `firstOrder[c]`), as the record `segmentBy` is given. */
function firstOrderOf(cols: OrderColumns, c: number, f: number): CohortFirstOrder {
  const s = cols.segment === null ? -1 : (cols.segment[f] as number);
  return {
    orderId: firstOrderIdOf(cols, c),
    customerId: cols.customerIds[cols.customer[f] as number] as string,
    placedAt: cols.time[f] as number,
    total: minorToDecimal(cols.total[f] as number, cols.scale),
    refunded: minorToDecimal(cols.refunded === null ? 0 : (cols.refunded[f] as number), cols.scale),
    currency: cols.currency,
    segment: s < 0 ? null : (cols.segmentLabels[s] as string),
  };
}
