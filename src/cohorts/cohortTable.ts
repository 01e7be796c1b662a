import type { Decimal } from "decimal.js";
import type { Granularity, MetricOptions, ResolvedWindow, WeekStartsOn } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { MS_PER_DAY } from "../internal/time/civil.js";
import { firstOrderIdOf, type OrderColumns } from "../internal/book/columns.js";
import { optionError } from "../internal/fail.js";
import { cloneableDecimal, minorToDecimal, ratioDecimal } from "../internal/money/money.js";
import { checkGranularity, checkWeekStartsOn, PeriodIndexer, periodKernel } from "../internal/time/periods.js";
import { resolveMetric } from "../internal/resolve.js";
import { cohortBundle, withDisplay } from "../internal/display/display.js";
import { checkStreamCohortOptions, streamBook } from "../internal/stream/views.js";
import { columnsOf } from "../internal/book/OrderBook.js";

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

/** Options of {@link cohortTable}: the shared {@link MetricOptions} and the table's own. */
export interface CohortTableOptions extends MetricOptions {
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
   * `"classic"`: a customer is active in column k if they ordered in period k. `"unbounded"`: if they ordered
   * in period k or any later (observed) period.
   * @defaultValue `"classic"`
   */
  mode?: "classic" | "unbounded";
  /**
   * Maximum number of columns (periods 0 … periods − 1); an integer ≥ 1.
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
   * The column at which segments are ranked by their average retention (an integer ≥ 0).
   * @defaultValue `1` (came back in the period after acquisition)
   */
  rankPeriod?: number;
}

/** One cell of a cohort table: one cohort in one period since acquisition. */
export interface CohortCell {
  /** Periods since acquisition (column index), 0 = the acquisition period. */
  period: number;
  /** Customers of the cohort active in this period (see `mode`). */
  activeCustomers: number;
  /** activeCustomers / cohort size, in [0, 1]. */
  retention: number;
  /** Orders the cohort placed in this period (in both modes). */
  orders: number;
  /** Revenue of those orders (on the `revenue` basis), major units. */
  revenue: Decimal;
  /** Revenue of the cohort in periods 0 … `period`, major units. */
  cumulativeRevenue: Decimal;
  /** cumulativeRevenue / cohort size: the historical lifetime value per acquired customer, major units. */
  cumulativeRevenuePerCustomer: Decimal;
  /**
   * Whether the whole period lies before the observation end (`asOf`, and `to` when given). An incomplete cell
   * is still being filled: a low number there is not a drop.
   */
  complete: boolean;
}

/** One acquisition cohort (a row). */
export interface CohortRow {
  /** Stable label: `2024-03-05` (day; week: its first day), `2024-03`, `2024-Q1`, `2024`. */
  label: string;
  /** Start of the cohort's period as ISO 8601 with the zone's offset, e.g. `2024-03-01T00:00:00+01:00`. */
  start: string;
  /** Number of customers acquired in the period. */
  size: number;
  /** Cells from period 0 up to the last period that has begun by the observation end (or the `periods` cap). */
  cells: CohortCell[];
}

/** One point of the cohort-size-weighted average curve. */
export interface CohortAveragePoint {
  /** Periods since acquisition. */
  period: number;
  /** Σ activeCustomers / Σ size over the cohorts whose cell is complete; `null` when none is. */
  retention: number | null;
  /** Σ activeCustomers over those cohorts. */
  activeCustomers: number;
  /** Σ size over those cohorts: the customers behind the point. */
  customers: number;
  /** How many cohorts stand behind the point. */
  cohorts: number;
  /** Σ cumulativeRevenue / Σ size over those cohorts (average historical LTV), or `null`. */
  cumulativeRevenuePerCustomer: Decimal | null;
}

/** The table of one segment, with its rank. */
export interface CohortSegment {
  /** The segment label, or `null` for customers without one. */
  segment: string | null;
  /** 1-based rank by `retentionAtRankPeriod` (highest first; segments without a value last). */
  rank: number;
  /** The segment's average retention at `rankPeriod`, or `null` when no complete cell exists there. */
  retentionAtRankPeriod: number | null;
  /** Customers in the segment. */
  customers: number;
  /** The segment's cohorts. */
  cohorts: CohortRow[];
  /** The segment's average curve. */
  average: CohortAveragePoint[];
}

/** Result of {@link cohortTable}. Money is `Decimal`; ratios are numbers. */
export interface CohortTableResult {
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  windows: "calendar" | "relative";
  /** Window length in days for relative windows, `null` for calendar windows. */
  windowDays: number | null;
  mode: "classic" | "unbounded";
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

const DEFAULT_WINDOW_DAYS: Record<Granularity, number> = { day: 1, week: 7, month: 30, quarter: 91, year: 365 };

/** Numeric table: rows × K cells in flat arrays (cell = row × K + k). */
interface NumTable {
  rows: number;
  K: number;
  period: number[];
  size: number[];
  minL0: number[];
  maxL0: number[];
  active: Float64Array;
  orders: Float64Array;
  revenue: Float64Array;
  revenueBig: bigint[] | null;
}

function positiveInteger(name: string, value: unknown, min: number, hint: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw optionError(name, `must be an integer ≥ ${min}`, value, hint);
  }
  return value;
}

/** Sums rows of `src` into new rows: `dest[j]` lists the source rows of destination row j. */
function combine(src: NumTable, dest: number[][], periodOf: number[]): NumTable {
  const { K } = src;
  const rows = dest.length;
  const out: NumTable = {
    rows,
    K,
    period: periodOf,
    size: new Array<number>(rows).fill(0),
    minL0: new Array<number>(rows).fill(Infinity),
    maxL0: new Array<number>(rows).fill(-Infinity),
    active: new Float64Array(rows * K),
    orders: new Float64Array(rows * K),
    revenue: new Float64Array(rows * K),
    revenueBig: src.revenueBig ? new Array<bigint>(rows * K).fill(0n) : null,
  };
  for (let j = 0; j < rows; j++) {
    for (const s of dest[j] as number[]) {
      out.size[j] = (out.size[j] as number) + (src.size[s] as number);
      out.minL0[j] = Math.min(out.minL0[j] as number, src.minL0[s] as number);
      out.maxL0[j] = Math.max(out.maxL0[j] as number, src.maxL0[s] as number);
      for (let k = 0; k < K; k++) {
        const a = j * K + k;
        const b = s * K + k;
        out.active[a] = (out.active[a] as number) + (src.active[b] as number);
        out.orders[a] = (out.orders[a] as number) + (src.orders[b] as number);
        out.revenue[a] = (out.revenue[a] as number) + (src.revenue[b] as number);
        if (out.revenueBig && src.revenueBig) out.revenueBig[a] = (out.revenueBig[a] as bigint) + (src.revenueBig[b] as bigint);
      }
    }
  }
  return out;
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
 * - `activeCustomers` = customers who ordered in period k (`mode: "classic"`), or in period k or later
 *   (`mode: "unbounded"`); `retention` = activeCustomers / size (a fraction);
 * - `orders`, `revenue` (exact, on the `revenue` basis) are the cohort's orders in period k;
 *   `cumulativeRevenuePerCustomer` = Σ revenue of periods 0 … k / size (currency units per customer);
 * - `complete` = the period's end ≤ the observation end (`asOf`, and `to`); relative windows are complete when
 *   every customer's window k has ended;
 * - `average[k].retention` = Σ active / Σ size over cohorts whose cell k is complete (cohort-size-weighted).
 *
 * Source: cohort analysis as in Fader & Hardie, "Customer-Base Analysis" (https://www.brucehardie.com/notes/),
 * and the "N-day / unbounded" retention of product-analytics tools
 * (https://amplitude.com/docs/analytics/charts/retention-analysis/retention-analysis-interpret).
 *
 * Cost: O(n + customers + cohorts × periods) time, O(customers + cohorts × periods) memory; no `Date` and no
 * date-fns call per order (a per-day period cache); one `TZDate` per cohort for its start.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator}: then the
 *   table has calendar windows at the accumulator's granularity, no `from`/`to`, `asOf` not before the latest
 *   order, and `segmentBy` only `"segment"` (see docs/at-scale.md).
 * @param options - see {@link CohortTableOptions}.
 * @returns the table, its average curve and (with `segmentBy`) the ranked segment tables.
 * @throws {@link RetentionMetricsError} for bad orders (see {@link prepareOrders}); `INVALID_OPTION` (with
 * `field`) for a bad `granularity`, `weekStartsOn`, `windows`, `windowDays`, `mode`, `periods`, `segmentBy`,
 * `rankPeriod` or shared option; `INVALID_TIME_ZONE`.
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
  const r = resolveMetric(orders, options, true);
  const opts: CohortTableOptions = options ?? {};
  if (r.stream !== null) checkStreamCohortOptions(r.stream, opts);
  const granularity = checkGranularity(opts.granularity, r.stream?.granularity ?? "month");
  const weekStartsOn = checkWeekStartsOn(opts.weekStartsOn ?? r.stream?.weekStartsOn);
  const windows = opts.windows ?? "calendar";
  if (windows !== "calendar" && windows !== "relative") {
    throw optionError("windows", 'must be "calendar" or "relative"', windows, 'Use "calendar" (the default) or "relative" with windowDays.');
  }
  let windowDays: number | null = null;
  if (windows === "relative") {
    windowDays = opts.windowDays === undefined ? DEFAULT_WINDOW_DAYS[granularity] : positiveInteger("windowDays", opts.windowDays, 1, "Pass a whole number of days such as 7 or 30.");
  } else if (opts.windowDays !== undefined) {
    throw optionError("windowDays", 'applies only to windows: "relative"', opts.windowDays, 'Add windows: "relative", or leave windowDays out.');
  }
  const mode = opts.mode ?? "classic";
  if (mode !== "classic" && mode !== "unbounded") {
    throw optionError("mode", 'must be "classic" or "unbounded"', mode, 'Use "classic" (ordered in period k) or "unbounded" (in period k or later).');
  }
  const cap = opts.periods === undefined ? Infinity : positiveInteger("periods", opts.periods, 1, "Pass the number of columns to show, such as 12.");
  const rankPeriod = opts.rankPeriod === undefined ? 1 : positiveInteger("rankPeriod", opts.rankPeriod, 0, "Pass a column index such as 1 or 3.");
  const segmentBy = opts.segmentBy;
  if (segmentBy !== undefined && segmentBy !== "segment" && typeof segmentBy !== "function") {
    throw optionError("segmentBy", 'must be "segment" or a function of the first order', segmentBy, 'Pass "segment", or (first) => label.');
  }

  const { zone } = r;
  // An accumulator is read through its synthetic book of (customer, period) rows carrying order counts.
  const cols = r.stream === null ? r.cols : columnsOf(streamBook(r.stream));
  const { n, time, total, refunded, customer, firstOrder, weight } = cols;
  const net = r.revenue === "net";
  const from = r.from;
  const to = r.to;
  const asOf = r.asOf;
  /** Periods ending at or before this instant are complete. */
  const obsLimit = Math.min(to, asOf + 1);
  /** Last observed instant. */
  const obsEnd = Math.min(asOf, to - 1);
  const kernel = periodKernel(granularity, zone, weekStartsOn);
  const W = (windowDays ?? 0) * MS_PER_DAY;
  const relative = windows === "relative";
  const nCust = cols.customerIds.length;

  // --- Customers: who is in the table, in which cohort and group. ---
  // The numeric loops over customers and orders are separate functions below: each is optimised on its own, so
  // a deoptimisation in this long function (on a path one call has not taken before) does not throw them back
  // into the interpreter for the rest of the call.
  const firstTime = cols.firstTime;
  const minFirst = earliestFirstOrder(firstTime, from, to, asOf);
  const empty = !Number.isFinite(minFirst);
  const indexer = new PeriodIndexer(kernel, empty ? 0 : minFirst, empty ? -1 : Math.min(obsEnd, cols.maxTime));
  const cohortP = new Int32Array(nCust);
  const groupOf = new Int32Array(nCust).fill(-1);
  const L0 = relative ? new Float64Array(nCust) : null;
  const groupLabels: (string | null)[] = [];
  if (segmentBy === undefined) groupLabels.push(null);
  const groupIndex = new Map<string | null, number>();
  const segCol = cols.segment;
  const ofInstant = (t: number): number => indexer.ofInstant(t);
  const offsetAt = (t: number): number => zone.offsetAt(t);
  const { pMin, pMax, included } = cohortPeriods(firstTime, from, to, asOf, ofInstant, offsetAt, cohortP, groupOf, L0);
  if (segmentBy !== undefined) {
    for (let c = 0; c < nCust; c++) {
      if ((groupOf[c] as number) < 0) continue;
      const f = firstOrder[c] as number;
      let label: string | null = null;
      if (segmentBy === "segment") {
        const s = segCol === null ? -1 : (segCol[f] as number);
        label = s < 0 ? null : (cols.segmentLabels[s] as string);
      } else {
        const value = segmentBy(firstOrderOf(cols, c, f));
        if (value !== undefined && value !== null && typeof value !== "string") {
          throw optionError("segmentBy", "must return a string, null or undefined", value, "Return a label such as the acquisition channel.");
        }
        label = value ?? null;
      }
      let g = groupIndex.get(label);
      if (g === undefined) {
        g = groupLabels.length;
        groupIndex.set(label, g);
        groupLabels.push(label);
      }
      groupOf[c] = g;
    }
  }

  // --- Rows: (group, cohort period), sorted by group then period. ---
  const span = empty ? 0 : pMax - pMin + 1;
  const G = groupLabels.length;
  const rowOfKey = new Map<number, number>();
  const dense = G * span <= 1 << 22;
  if (dense) {
    // Dense: mark the keys in use, then number them in key order.
    const used = usedKeys(groupOf, cohortP, span, pMin, G * span);
    for (let key = 0; key < used.length; key++) if (used[key] === 1) rowOfKey.set(key, rowOfKey.size);
  } else {
    const keys: number[] = [];
    const seen = new Set<number>();
    for (let c = 0; c < nCust; c++) {
      if ((groupOf[c] as number) < 0) continue;
      const key = rowKey(groupOf[c] as number, cohortP[c] as number, span, pMin);
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
    keys.sort((a, b) => a - b);
    keys.forEach((key, i) => rowOfKey.set(key, i));
  }
  const R = rowOfKey.size;
  const rowGroup = new Array<number>(R).fill(0);
  const rowPeriod = new Array<number>(R).fill(0);
  for (const [key, row] of rowOfKey) {
    rowGroup[row] = Math.floor(key / span);
    rowPeriod[row] = (key % span) + pMin;
  }
  const rowByKey = new Int32Array(dense ? G * span : 0);
  for (const [key, row] of rowOfKey) if (dense) rowByKey[key] = row;
  const { rowOf, size, minL0, maxL0 } = customerRows(groupOf, cohortP, L0, span, pMin, R, rowByKey, dense ? null : rowOfKey);

  // --- Columns. ---
  let K = 0;
  if (!empty) {
    let firstL0 = Infinity;
    for (const l of minL0) if (l < firstL0) firstL0 = l;
    const observed = relative
      ? Math.floor((obsEnd + zone.offsetAt(obsEnd) - firstL0) / W) + 1
      : kernel.ofInstantOnce(obsEnd) - pMin + 1;
    K = Math.max(1, Math.min(cap, observed));
  }

  // --- The hot loop: one pass over the orders. ---
  const cells = R * K;
  const active = new Float64Array(cells);
  const orderCount = new Float64Array(cells);
  const revenue = new Float64Array(cells);
  // Distinct (customer, period) pairs: a bitset of K bits per customer when it is small enough (any input
  // order); otherwise the last period seen per customer, exact for time-ordered input, with a fallback below.
  const words = (K + 31) >>> 5;
  const useBits = mode === "classic" && nCust * words <= 1 << 23;
  const lastK = new Int32Array(useBits ? 0 : nCust).fill(-1);
  const periodOf = (i: number, c: number): number => {
    const t = time[i] as number;
    if (L0) return Math.floor((t + offsetAt(t) - (L0[c] as number)) / W);
    return ofInstant(t) - (cohortP[c] as number);
  };
  let grossSum = 0;
  let unsorted = false;
  if (R > 0) {
    // Only typed arrays, numbers and functions go in: see countOrders.
    const { bucketMs, bucketBase, buckets } = indexer;
    const stride = 2 + (useBits ? words : 0);
    const got = countOrders(
      n, time, total, net ? refunded : null, customer, weight ?? null, from, to, asOf, K, W, useBits, stride,
      rowOf, cohortP, L0, offsetAt, bucketMs, bucketBase, buckets, ofInstant, lastK, orderCount, revenue, active,
    );
    unsorted = got < 0;
    grossSum = unsorted ? -1 - got : got;
  }

  // Exact slow path for revenue beyond 2^53 minor units.
  let revenueBig: bigint[] | null = null;
  if (!Number.isSafeInteger(grossSum)) {
    revenueBig = new Array<bigint>(cells).fill(0n);
    for (let i = 0; i < n; i++) {
      const t = time[i] as number;
      if (t < from || t >= to || t > asOf) continue;
      const c = customer[i] as number;
      const row = rowOf[c] as number;
      if (row < 0) continue;
      const k = periodOf(i, c);
      if (k >= K) continue;
      const g = BigInt(total[i] as number);
      revenueBig[row * K + k] = (revenueBig[row * K + k] as bigint) + (net && refunded !== null ? g - BigInt(refunded[i] as number) : g);
    }
  }

  if (mode === "unbounded") {
    // Customer active in k ⇔ last period ≥ k: histogram of last periods, then suffix sums per row.
    active.fill(0);
    for (let c = 0; c < nCust; c++) {
      const row = rowOf[c] as number;
      if (row < 0) continue;
      const cell = row * K + Math.min(lastK[c] as number, K - 1);
      active[cell] = (active[cell] as number) + 1;
    }
    for (let row = 0; row < R; row++) {
      for (let k = K - 2; k >= 0; k--) {
        active[row * K + k] = (active[row * K + k] as number) + (active[row * K + k + 1] as number);
      }
    }
  } else if (unsorted && !useBits) {
    // Orders of a customer were not in time order: count distinct (customer, period) pairs per customer.
    active.fill(0);
    const start = new Int32Array(nCust + 1);
    for (let i = 0; i < n; i++) {
      const t = time[i] as number;
      if (t < from || t >= to || t > asOf || (rowOf[customer[i] as number] as number) < 0) continue;
      const slot = (customer[i] as number) + 1;
      start[slot] = (start[slot] as number) + 1;
    }
    for (let c = 0; c < nCust; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const fill = start.slice(0, nCust);
    const byCustomer = new Int32Array(start[nCust] as number);
    for (let i = 0; i < n; i++) {
      const t = time[i] as number;
      if (t < from || t >= to || t > asOf || (rowOf[customer[i] as number] as number) < 0) continue;
      const c = customer[i] as number;
      byCustomer[fill[c] as number] = i;
      fill[c] = (fill[c] as number) + 1;
    }
    const stamp = new Int32Array(K).fill(-1);
    for (let c = 0; c < nCust; c++) {
      const row = rowOf[c] as number;
      if (row < 0) continue;
      for (let j = start[c] as number; j < (start[c + 1] as number); j++) {
        const k = periodOf(byCustomer[j] as number, c);
        if (k >= K || stamp[k] === c) continue;
        stamp[k] = c;
        active[row * K + k] = (active[row * K + k] as number) + 1;
      }
    }
  }

  const table: NumTable = { rows: R, K, period: rowPeriod, size, minL0, maxL0, active, orders: orderCount, revenue, revenueBig };
  const scale = cols.scale;

  const obsPeriod = relative ? 0 : kernel.ofInstantOnce(obsEnd);
  const obsWall = relative ? obsEnd + zone.offsetAt(obsEnd) : 0;
  const startMemo = new Map<number, number>();
  const startOf = (p: number): number => {
    let v = startMemo.get(p);
    if (v === undefined) {
      v = kernel.start(p);
      startMemo.set(p, v);
    }
    return v;
  };
  /** Earliest first-order time inside [from, to) and not after asOf (Infinity when none). */
function earliestFirstOrder(firstTime: Float64Array, from: number, to: number, asOf: number): number {
  let minFirst = Infinity;
  for (let c = 0; c < firstTime.length; c++) {
    const tf = firstTime[c] as number;
    if (tf >= from && tf < to && tf <= asOf && tf < minFirst) minFirst = tf;
  }
  return minFirst;
}

/**
 * Cohort period (and, for relative windows, local acquisition wall time) of every customer acquired inside the
 * window; `groupOf` becomes 0 for them (the one group without `segmentBy`; the caller relabels otherwise).
 * Calendar lookups come in as functions, not instances (see countOrders).
 */
function cohortPeriods(
  firstTime: Float64Array,
  from: number,
  to: number,
  asOf: number,
  ofInstant: (t: number) => number,
  offsetAt: (t: number) => number,
  cohortP: Int32Array,
  groupOf: Int32Array,
  L0: Float64Array | null,
): { pMin: number; pMax: number; included: number } {
  let pMin = Infinity;
  let pMax = -Infinity;
  let included = 0;
  for (let c = 0; c < firstTime.length; c++) {
    const tf = firstTime[c] as number;
    if (tf < from || tf >= to || tf > asOf) continue;
    const p = ofInstant(tf);
    cohortP[c] = p;
    groupOf[c] = 0;
    included++;
    if (p < pMin) pMin = p;
    if (p > pMax) pMax = p;
    if (L0) L0[c] = tf + offsetAt(tf);
  }
  return { pMin, pMax, included };
}

/** Key of a (group, cohort period) pair: groups of `span` periods, from `pMin`. */
function rowKey(g: number, p: number, span: number, pMin: number): number {
  return g * span + (p - pMin);
}

/** Marks the (group, cohort period) keys that have a customer. */
function usedKeys(groupOf: Int32Array, cohortP: Int32Array, span: number, pMin: number, size: number): Uint8Array {
  const used = new Uint8Array(size);
  for (let c = 0; c < groupOf.length; c++) {
    const g = groupOf[c] as number;
    if (g >= 0) used[rowKey(g, cohortP[c] as number, span, pMin)] = 1;
  }
  return used;
}

/** Each customer's row (-1: not in the table), and each row's size and range of acquisition wall times. */
function customerRows(
  groupOf: Int32Array,
  cohortP: Int32Array,
  L0: Float64Array | null,
  span: number,
  pMin: number,
  R: number,
  rowByKey: Int32Array,
  rowOfKey: Map<number, number> | null,
): { rowOf: Int32Array; size: number[]; minL0: number[]; maxL0: number[] } {
  const nCust = groupOf.length;
  const rowOf = new Int32Array(nCust).fill(-1);
  const size = new Array<number>(R).fill(0);
  const minL0 = new Array<number>(R).fill(Infinity);
  const maxL0 = new Array<number>(R).fill(-Infinity);
  for (let c = 0; c < nCust; c++) {
    const g = groupOf[c] as number;
    if (g < 0) continue;
    const key = rowKey(g, cohortP[c] as number, span, pMin);
    const row = rowOfKey === null ? (rowByKey[key] as number) : (rowOfKey.get(key) as number);
    rowOf[c] = row;
    size[row] = (size[row] as number) + 1;
    if (L0) {
      const l = L0[c] as number;
      if (l < (minL0[row] as number)) minL0[row] = l;
      if (l > (maxL0[row] as number)) maxL0[row] = l;
    }
  }
  return { rowOf, size, minL0, maxL0 };
}

/**
 * The hot loop: adds every counted order to its cell (orders, revenue, distinct active customers). Returns the
 * gross sum of the counted orders, or −1 − that sum when some customer's orders were out of time order (without
 * the bitset).
 *
 * Its inputs are typed arrays, numbers and functions only, never an instance of one of our classes: V8 drops the
 * map of such an instance when a collection finds none alive (between two calls, say), which clears this loop's
 * type feedback and sends every call back through deoptimisation (measured: twice per call, each time the loop
 * ran unoptimised until on-stack replacement caught up).
 */
function countOrders(
  n: number,
  time: Float64Array,
  total: Float64Array,
  refunded: Float64Array | null,
  customer: Int32Array,
  weight: Int32Array | null,
  from: number,
  to: number,
  asOf: number,
  K: number,
  W: number,
  useBits: boolean,
  stride: number,
  rowOf: Int32Array,
  cohortP: Int32Array,
  L0: Float64Array | null,
  offsetAt: (t: number) => number,
  bucketMs: number,
  bucketBase: number,
  buckets: Int32Array,
  ofInstant: (t: number) => number,
  lastK: Int32Array,
  orderCount: Float64Array,
  revenue: Float64Array,
  active: Float64Array,
): number {
  const nCust = rowOf.length;
  // Per-customer state in one record, so an order touches one cache line: [row, cohort period, bits…].
  const state = new Int32Array(nCust * stride);
  for (let c = 0; c < nCust; c++) {
    state[c * stride] = rowOf[c] as number;
    state[c * stride + 1] = cohortP[c] as number;
  }
  let unsorted = false;
  let grossSum = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (t < from || t >= to || t > asOf) continue;
    const c = customer[i] as number;
    const sb = c * stride;
    const row = state[sb] as number;
    if (row < 0) continue;
    let k: number;
    if (L0 !== null) {
      k = Math.floor((t + offsetAt(t) - (L0[c] as number)) / W);
    } else {
      const v = bucketMs === 0 ? undefined : buckets[Math.floor(t / bucketMs) - bucketBase];
      k = (v === undefined ? ofInstant(t) : v) - (state[sb + 1] as number);
    }
    let fresh = false;
    if (!useBits) {
      const last = lastK[c] as number;
      if (k > last) {
        lastK[c] = k;
        fresh = true;
      } else if (k < last) unsorted = true;
    }
    if (k >= K) continue;
    const cell = row * K + k;
    orderCount[cell] = (orderCount[cell] as number) + (weight === null ? 1 : (weight[i] as number));
    const g = total[i] as number;
    grossSum += g;
    revenue[cell] = (revenue[cell] as number) + (refunded !== null ? g - (refunded[i] as number) : g);
    if (useBits) {
      const w = sb + 2 + (k >>> 5);
      const bit = 1 << (k & 31);
      const v = state[w] as number;
      if ((v & bit) === 0) {
        state[w] = v | bit;
        active[cell] = (active[cell] as number) + 1;
      }
    } else if (fresh) {
      active[cell] = (active[cell] as number) + 1;
    }
  }
  return unsorted ? -1 - grossSum : grossSum;
}

/** Number of cells row `row` shows, and how many of them are complete. */
  const shape = (t: NumTable, row: number): [number, number] => {
    const p = t.period[row] as number;
    let visible: number;
    if (relative) {
      visible = Math.min(K, Math.floor((obsWall - (t.minL0[row] as number)) / W) + 1);
    } else {
      visible = Math.min(K, obsPeriod - p + 1);
    }
    let complete = 0;
    while (complete < visible) {
      const end = relative ? zone.wallToUtc((t.maxL0[row] as number) + (complete + 1) * W) : startOf(p + complete + 1);
      if (end > obsLimit) break;
      complete++;
    }
    return [visible, complete];
  };

  const build = (t: NumTable): { cohorts: CohortRow[]; average: CohortAveragePoint[]; customers: number } => {
    const cohorts: CohortRow[] = [];
    const avgActive = new Float64Array(K);
    const avgSize = new Float64Array(K);
    const avgCohorts = new Float64Array(K);
    const avgRevenue: (number | bigint)[] = new Array<number | bigint>(K).fill(t.revenueBig ? 0n : 0);
    let customers = 0;
    for (let row = 0; row < t.rows; row++) {
      const s = t.size[row] as number;
      customers += s;
      const [visible, completeCells] = shape(t, row);
      const cellsOut: CohortCell[] = [];
      let cum: number | bigint = t.revenueBig ? 0n : 0;
      for (let k = 0; k < visible; k++) {
        const cell = row * K + k;
        const rev: number | bigint = t.revenueBig ? (t.revenueBig[cell] as bigint) : (t.revenue[cell] as number);
        cum = typeof cum === "bigint" ? cum + (rev as bigint) : cum + (rev as number);
        const a = t.active[cell] as number;
        const cumDecimal = minorToDecimal(cum, scale);
        const complete = k < completeCells;
        cellsOut.push({
          period: k,
          activeCustomers: a,
          retention: a / s,
          orders: t.orders[cell] as number,
          revenue: minorToDecimal(rev, scale),
          cumulativeRevenue: cumDecimal,
          cumulativeRevenuePerCustomer: cloneableDecimal(cumDecimal.div(s)),
          complete,
        });
        if (complete) {
          avgActive[k] = (avgActive[k] as number) + a;
          avgSize[k] = (avgSize[k] as number) + s;
          avgCohorts[k] = (avgCohorts[k] as number) + 1;
          const prev = avgRevenue[k] as number | bigint;
          avgRevenue[k] = typeof prev === "bigint" ? prev + (cum as bigint) : prev + (cum as number);
        }
      }
      const p = t.period[row] as number;
      cohorts.push({ label: kernel.label(p), start: kernel.startIso(p), size: s, cells: cellsOut });
    }
    const average: CohortAveragePoint[] = [];
    for (let k = 0; k < K; k++) {
      const sz = avgSize[k] as number;
      average.push({
        period: k,
        retention: sz === 0 ? null : (avgActive[k] as number) / sz,
        activeCustomers: avgActive[k] as number,
        customers: sz,
        cohorts: avgCohorts[k] as number,
        cumulativeRevenuePerCustomer: sz === 0 ? null : ratioDecimal(minorToDecimal(avgRevenue[k] as number | bigint, scale), sz),
      });
    }
    return { cohorts, average, customers };
  };

  // Whole table: rows of every group with the same period summed.
  let whole: NumTable;
  if (G <= 1) {
    whole = table;
  } else {
    const periods = [...new Set(rowPeriod)].sort((a, b) => a - b);
    const at = new Map(periods.map((p, j) => [p, j]));
    const dest: number[][] = periods.map(() => []);
    for (let row = 0; row < R; row++) (dest[at.get(rowPeriod[row] as number) as number] as number[]).push(row);
    whole = combine(table, dest, periods);
  }
  const main = build(whole);

  let segments: CohortSegment[] | null = null;
  if (segmentBy !== undefined) {
    const list: Omit<CohortSegment, "rank">[] = [];
    for (let g = 0; g < G; g++) {
      const rows: number[][] = [];
      const periods: number[] = [];
      for (let row = 0; row < R; row++) {
        if (rowGroup[row] === g) {
          rows.push([row]);
          periods.push(rowPeriod[row] as number);
        }
      }
      const part = build(combine(table, rows, periods));
      list.push({
        segment: groupLabels[g] ?? null,
        retentionAtRankPeriod: part.average[rankPeriod]?.retention ?? null,
        customers: part.customers,
        cohorts: part.cohorts,
        average: part.average,
      });
    }
    list.sort((a, b) => {
      const ra = a.retentionAtRankPeriod;
      const rb = b.retentionAtRankPeriod;
      if (ra !== rb) {
        if (ra === null) return 1;
        if (rb === null) return -1;
        return rb - ra;
      }
      if (a.customers !== b.customers) return b.customers - a.customers;
      if (a.segment === b.segment) return 0;
      if (a.segment === null) return 1;
      if (b.segment === null) return -1;
      return a.segment < b.segment ? -1 : 1;
    });
    segments = list.map((s, i) => ({ ...s, rank: i + 1 }));
  }

  return withDisplay<CohortTableResult>({
    granularity,
    weekStartsOn,
    windows,
    windowDays,
    mode,
    periods: K,
    customers: included,
    cohorts: main.cohorts,
    average: main.average,
    rankPeriod,
    segments,
    currency: cols.currency,
    window: r.window,
  }, cohortBundle);
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
