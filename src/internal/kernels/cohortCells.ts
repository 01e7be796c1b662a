import type { OrderColumns } from "../book/columns.js";
import { scratchOf, type Scratch } from "../book/scratch.js";
import { inWindow, orderWindow } from "../book/window.js";
import { optionError } from "../fail.js";
import { addExact, exactSums } from "../money/exactSum.js";
import { cloneableDecimal, minorToDecimal, ratioDecimal } from "../money/money.js";
import { MS_PER_DAY } from "../time/civil.js";
import { PeriodIndexer, periodKernel, periodStarts, type PeriodKernel } from "../time/periods.js";
import type { Granularity, WeekStartsOn } from "../../core/types.js";
import type { ZoneCalendar } from "../time/zone.js";
import type { CohortAveragePoint, CohortCell, CohortMode, CohortRow, CohortSegment } from "./cohortTypes.js";
import { moveRefundsToDates } from "./refundDates.js";

// A module constant, not the imported binding: called per order (some module loaders, e.g. Vite's SSR
// transform, turn an imported binding into a property read).
const within = inWindow;

// The kernel of cohortTable (src/cohorts/cohortTable.ts, where the definitions are documented): customers are
// put in cohorts and rows, one pass over the orders fills the cells, and the rows are then turned into the
// result's records. The numeric loops over customers and orders are functions of their own: each is optimised
// on its own, so a deoptimisation elsewhere (on a path one call has not taken before) does not throw them back
// into the interpreter for the rest of the call.

/** What {@link cohortCells} computes: the orders (with the window and options already read) and the layout. */
export interface CohortQuery {
  readonly cols: OrderColumns;
  readonly zone: ZoneCalendar;
  /** The shared window `[from, to)` and the inclusive observation end (epoch ms). */
  readonly from: number;
  readonly to: number;
  readonly asOf: number;
  /** Revenue net of refunds (else gross). */
  readonly net: boolean;
  /** With `net`: refunds count in the column of their refund date (`refundAttribution: "refundDate"`). */
  readonly refundDates?: boolean;
  readonly granularity: Granularity;
  readonly weekStartsOn: WeekStartsOn;
  /** Days per relative window, or null for calendar windows. */
  readonly windowDays: number | null;
  readonly mode: CohortMode;
  /**
   * Mode `"brackets"`: the brackets of periods (0-based period indexes, checked: ordered, non-overlapping, ≥ 1);
   * column 0 is the acquisition period and column j ≥ 1 is bracket j − 1. Null in the other modes.
   */
  readonly brackets: readonly (readonly [number, number])[] | null;
  /** Added to every column index in the result (`period` of cells and average points): 0 or 1. */
  readonly periodIndexBase: number;
  /** Most columns (Infinity: no cap). */
  readonly cap: number;
  /** The ranking column, 0-based. */
  readonly rankPeriod: number;
  /**
   * Splits customers into segments: `"segment"` by the segment of the first order, a function by its label for
   * customer `c` whose first order is `firstOrder` (the caller turns it into the public record and checks the
   * label), null for no split.
   */
  readonly segmentBy: "segment" | ((c: number, firstOrder: number) => string | null) | null;
}

/** The computed parts of a cohort table. */
export interface CohortCells {
  /** Number of columns. */
  periods: number;
  /** Customers in the table. */
  customers: number;
  cohorts: CohortRow[];
  average: CohortAveragePoint[];
  segments: CohortSegment[] | null;
}

/**
 * The columns of a table in mode "brackets": column j covers periods `first[j]` … `last[j]` (column 0 is period
 * 0), and `active` holds rows × J distinct active customers (a customer counts once per column).
 */
interface BracketColumns {
  J: number;
  first: number[];
  last: number[];
  active: Float64Array;
}

/** Numeric table: rows × K cells in flat arrays (cell = row × K + k), per period. */
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
  /** Per row: customers with two or more orders in their acquisition period (column 0). */
  repeaters: number[];
  /** Exact revenue per cell, only when the double sums left the safe-integer range. */
  revenueBig: bigint[] | null;
  /** Mode "brackets": the bracket columns (the period cells above then hold orders and revenue only). */
  brackets: BracketColumns | null;
}

/** Customers in the table: cohort period (and relative-window start) and group of each. */
interface Acquisition {
  /** Period index per instant, over the included first orders … the observation end. */
  indexer: PeriodIndexer;
  /** Per customer: cohort period index (meaningful where `groupOf[c] ≥ 0`). */
  cohortP: Int32Array;
  /** Per customer: group (segment) index, -1 for a customer not in the table. */
  groupOf: Int32Array;
  /** Per customer: local wall time of the first order (relative windows only). */
  L0: Float64Array | null;
  /** Label per group (one null group without `segmentBy`). */
  groupLabels: (string | null)[];
  pMin: number;
  pMax: number;
  /** Customers in the table. */
  included: number;
  /** Whether no customer is in the table. */
  empty: boolean;
}

/** Rows of the table: one per (group, cohort period) with customers, sorted by group then period. */
interface Rows {
  R: number;
  rowGroup: number[];
  rowPeriod: number[];
  /** Per customer: row, -1 for a customer not in the table. */
  rowOf: Int32Array;
  size: number[];
  minL0: number[];
  maxL0: number[];
}

/** What turning a numeric table into records needs: columns, observation end and period calendar. */
interface Layout {
  K: number;
  relative: boolean;
  /** Relative window length, ms. */
  W: number;
  /** Observation end as a period index (calendar windows) and as local wall time (relative windows). */
  obsPeriod: number;
  obsWall: number;
  /** Periods ending at or before this instant are complete. */
  obsLimit: number;
  zone: ZoneCalendar;
  kernel: PeriodKernel;
  scale: number;
  /** Start instant of period p (memoised). */
  startOf: (p: number) => number;
  /** Label and ISO start of cohort period p (memoised: every segment repeats the periods of the whole table). */
  cohortOf: (p: number) => { label: string; start: string };
  /** Added to column indexes in the records. */
  base: number;
}

/**
 * The cohort table of `q`: its rows and cells, the average curve and (with `segmentBy`) the ranked segment
 * tables. Cost: O(n + customers + cohorts × periods) time, O(customers + cohorts × periods) memory; no `Date`
 * and no date-fns call per order (a per-day period cache); a few reads of the zone database per cohort for its start.
 */
/**
 * The most cells (rows × columns) a cohort table may have: about 720 bytes each in the result, so about 0.7 GB at
 * the cap. Past it `cohortTable` refuses with INVALID_OPTION instead of exhausting the heap (a day table over ten
 * years would be 13 million cells, and abort the process).
 */
export const MAX_COHORT_CELLS = 1_000_000;

export function cohortCells(q: CohortQuery): CohortCells {
  const { cols, zone } = q;
  const { lo, hi } = orderWindow(q.from, q.to, q.asOf);
  /** Last observed instant. */
  const obsEnd = Math.min(q.asOf, q.to - 1);
  const kernel = periodKernel(q.granularity, zone, q.weekStartsOn);
  const W = (q.windowDays ?? 0) * MS_PER_DAY;
  const relative = q.windowDays !== null;
  // Per-customer and per-order scratch from the book's pool (src/internal/book/scratch.ts), given back at the end.
  const scratch = scratchOf(cols);
  const a = acquisition(q, kernel, lo, hi, obsEnd, relative, scratch);
  const rows = tableRows(a, scratch);
  // Columns.
  let K = 0;
  if (!a.empty) {
    let firstL0 = Infinity;
    for (const l of rows.minL0) if (l < firstL0) firstL0 = l;
    K = columnCount(q, kernel, rows.R, a.pMin, firstL0, obsEnd);
  }
  const table = countCells(q, a, rows, K, W, lo, hi, scratch);
  const out = finishCells(q, kernel, table, rows, a.groupLabels, a.included, q.segmentBy !== null, cols.scale, obsEnd);
  scratch.release(a.cohortP, a.groupOf, a.L0, rows.rowOf);
  return out;
}

/** The layout options of a table (what {@link columnCount} and {@link finishCells} read of a {@link CohortQuery}). */
export type CohortShape = Pick<CohortQuery, "zone" | "to" | "asOf" | "granularity" | "weekStartsOn" | "windowDays" | "mode" | "brackets" | "periodIndexBase" | "cap" | "rankPeriod">;

/**
 * Number of columns K of a table with `R` rows whose earliest cohort period is `pMin` (and earliest acquisition
 * wall time `firstL0`, relative windows): every observed period up to the cap, or up to the last bracket's end.
 * Throws INVALID_OPTION past {@link MAX_COHORT_CELLS}.
 */
function columnCount(q: CohortShape, kernel: PeriodKernel, R: number, pMin: number, firstL0: number, obsEnd: number): number {
  const W = (q.windowDays ?? 0) * MS_PER_DAY;
  const observed = q.windowDays !== null ? Math.floor((obsEnd + q.zone.offsetAt(obsEnd) - firstL0) / W) + 1 : kernel.ofInstantOnce(obsEnd) - pMin + 1;
  // Brackets: periods up to the last bracket's end are counted; the cap applies to the columns.
  const K = q.brackets === null ? Math.max(1, Math.min(q.cap, observed)) : Math.max(1, Math.min(observed, (q.brackets[q.brackets.length - 1] as readonly [number, number])[1] + 1));
  if (R * K > MAX_COHORT_CELLS) {
    const field = q.cap === Infinity ? "granularity" : "periods";
    throw optionError(
      field,
      `gives ${R} cohort rows × ${K} periods = ${R * K} cells, more than the ${MAX_COHORT_CELLS} a table may hold`,
      field === "periods" ? q.cap : q.granularity,
      "Choose a coarser granularity, fewer periods (the periods option), or a shorter from/to range.",
    );
  }
  return K;
}

/** The records of a numeric table: the whole table (groups summed), its average curve and the ranked segments. */
function finishCells(
  q: CohortShape,
  kernel: PeriodKernel,
  table: NumTable,
  rows: Pick<Rows, "R" | "rowGroup" | "rowPeriod">,
  groupLabels: readonly (string | null)[],
  customers: number,
  segmented: boolean,
  scale: number,
  obsEnd: number,
): CohortCells {
  const { zone } = q;
  const relative = q.windowDays !== null;
  const K = table.K;
  const layout: Layout = {
    K,
    relative,
    W: (q.windowDays ?? 0) * MS_PER_DAY,
    obsPeriod: relative ? 0 : kernel.ofInstantOnce(obsEnd),
    obsWall: relative ? obsEnd + zone.offsetAt(obsEnd) : 0,
    obsLimit: Math.min(q.to, q.asOf + 1),
    zone,
    kernel,
    scale,
    startOf: periodStarts(kernel),
    cohortOf: cohortLabels(kernel),
    base: q.periodIndexBase,
  };
  // Whole table: rows of every group with the same period summed.
  const G = groupLabels.length;
  let whole: NumTable;
  if (G <= 1) {
    whole = table;
  } else {
    const periods = [...new Set(rows.rowPeriod)].sort((x, y) => x - y);
    const at = new Map(periods.map((p, j) => [p, j]));
    const dest: number[][] = periods.map(() => []);
    for (let row = 0; row < rows.R; row++) (dest[at.get(rows.rowPeriod[row] as number) as number] as number[]).push(row);
    whole = combine(table, dest, periods);
  }
  const main = build(whole, layout);
  const segments = segmented ? rankedSegments(table, rows, groupLabels, layout, q.rankPeriod) : null;
  let periods = K;
  if (table.brackets !== null) {
    // Columns whose first period has begun for the oldest row.
    periods = 0;
    while (periods < table.brackets.J && (table.brackets.first[periods] as number) < K) periods++;
  }
  return { periods, customers, cohorts: main.cohorts, average: main.average, segments };
}

/**
 * What a warehouse query counted for a cohort table (src/internal/sql/cohortTable.ts): the rows, the cells and
 * the marks of the cell mode, each as the kernel counts them, so that {@link cohortCellsFromCounts} gives the
 * records {@link cohortCells} gives on the same orders.
 */
export interface CohortCounts {
  /** Scale of the revenue amounts (minor units = amount × 10^scale). */
  scale: number;
  /** Whether the customers were split by segment (then `segments` is a list, else null). */
  segmented: boolean;
  /** Label per group (one null group without a segment split). */
  groupLabels: (string | null)[];
  /** Rows sorted by group then cohort period: size, period-0 repeaters, earliest and latest acquisition wall time (relative windows). */
  rows: ReadonlyArray<{ group: number; period: number; size: number; repeaters: number; minL0: number; maxL0: number }>;
  /** Cells (any order, k ≥ 0, all of them: the cap is applied here): orders, revenue (minor units), distinct customers. */
  cells: ReadonlyArray<{ row: number; k: number; orders: number; revenue: bigint; customers: number }>;
  /**
   * Per row, customers by a mark `at`: their last column (mode "unbounded"), their first column ≥ 1 (byPeriod),
   * the length of their run of columns 1, 2, … (consecutive), or a bracket column they ordered in (brackets).
   * Unused in mode "classic". In modes unbounded and consecutive a customer without a mark counts in column 0 only.
   */
  marks: ReadonlyArray<{ row: number; at: number; customers: number }>;
}

/** The cohort table of counts made elsewhere (see {@link CohortCounts}), with `asOf` the observation end. */
export function cohortCellsFromCounts(q: CohortShape, c: CohortCounts): CohortCells {
  const kernel = periodKernel(q.granularity, q.zone, q.weekStartsOn);
  const obsEnd = Math.min(q.asOf, q.to - 1);
  const R = c.rows.length;
  let K = 0;
  let customers = 0;
  if (R > 0) {
    let pMin = Infinity;
    let firstL0 = Infinity;
    for (const r of c.rows) {
      pMin = Math.min(pMin, r.period);
      firstL0 = Math.min(firstL0, r.minL0);
    }
    K = columnCount(q, kernel, R, pMin, firstL0, obsEnd);
  }
  const size = c.rows.map((r) => r.size);
  for (const s of size) customers += s;
  const active = new Float64Array(R * K);
  const orders = new Float64Array(R * K);
  const big: bigint[] = new Array<bigint>(R * K).fill(0n);
  let magnitude = 0n;
  for (const x of c.cells) {
    if (x.k < 0 || x.k >= K) continue;
    const cell = x.row * K + x.k;
    orders[cell] = (orders[cell] as number) + x.orders;
    big[cell] = (big[cell] as bigint) + x.revenue;
    magnitude += x.revenue < 0n ? -x.revenue : x.revenue;
    if (q.mode === "classic") active[cell] = (active[cell] as number) + x.customers;
  }
  const safe = magnitude <= BigInt(Number.MAX_SAFE_INTEGER);
  const revenue = Float64Array.from(big, (v) => (safe ? Number(v) : 0));
  let brackets: BracketColumns | null = null;
  if (q.mode === "unbounded" || q.mode === "consecutive") {
    // Counted in columns 0 … mark (capped at K − 1): suffix sums of a histogram.
    // A customer without a mark counts in column 0 only.
    const marked = new Array<number>(R).fill(0);
    for (const m of c.marks) {
      active[m.row * K + Math.min(m.at, K - 1)] = (active[m.row * K + Math.min(m.at, K - 1)] as number) + m.customers;
      marked[m.row] = (marked[m.row] as number) + m.customers;
    }
    for (let row = 0; row < R; row++) active[row * K] = (active[row * K] as number) + (size[row] as number) - (marked[row] as number);
    for (let row = 0; row < R; row++) for (let k = K - 2; k >= 0; k--) active[row * K + k] = (active[row * K + k] as number) + (active[row * K + k + 1] as number);
  } else if (q.mode === "byPeriod") {
    // Column 0 counts everyone; column k ≥ 1 those whose first return is at k or before: prefix sums.
    for (let row = 0; row < R; row++) if (K > 0) active[row * K] = size[row] as number;
    for (const m of c.marks) if (m.at >= 1 && m.at < K) active[m.row * K + m.at] = (active[m.row * K + m.at] as number) + m.customers;
    for (let row = 0; row < R; row++) for (let k = 2; k < K; k++) active[row * K + k] = (active[row * K + k] as number) + (active[row * K + k - 1] as number);
  } else if (q.mode === "brackets" && q.brackets !== null) {
    const first = [0, ...q.brackets.map((b) => b[0])];
    const last = [0, ...q.brackets.map((b) => b[1])];
    const J = Math.min(q.cap, first.length);
    const bracketActive = new Float64Array(R * J);
    for (const m of c.marks) if (m.at >= 0 && m.at < J) bracketActive[m.row * J + m.at] = (bracketActive[m.row * J + m.at] as number) + m.customers;
    brackets = { J, first: first.slice(0, J), last: last.slice(0, J), active: bracketActive };
  }
  const table: NumTable = {
    rows: R,
    K,
    period: c.rows.map((r) => r.period),
    size,
    minL0: c.rows.map((r) => r.minL0),
    maxL0: c.rows.map((r) => r.maxL0),
    active,
    orders,
    revenue,
    repeaters: c.rows.map((r) => r.repeaters),
    revenueBig: safe ? null : big,
    brackets,
  };
  const rows = { R, rowGroup: c.rows.map((r) => r.group), rowPeriod: c.rows.map((r) => r.period) };
  return finishCells(q, kernel, table, rows, c.groupLabels, customers, c.segmented, c.scale, obsEnd);
}

// --- Customers: who is in the table, in which cohort and group. ---

/** The cohorts and groups of the customers (see {@link Acquisition}). */
function acquisition(q: CohortQuery, kernel: PeriodKernel, lo: number, hi: number, obsEnd: number, relative: boolean, scratch: Scratch): Acquisition {
  const { cols, zone, segmentBy } = q;
  const nCust = cols.customers;
  const firstTime = cols.firstTime;
  const minFirst = earliestFirstOrder(firstTime, lo, hi);
  const empty = !Number.isFinite(minFirst);
  const indexer = new PeriodIndexer(kernel, empty ? 0 : minFirst, empty ? -1 : Math.min(obsEnd, cols.maxTime));
  const cohortP = scratch.int32(nCust);
  const groupOf = scratch.int32(nCust, -1);
  const L0 = relative ? scratch.float64(nCust) : null;
  const groupLabels: (string | null)[] = [];
  if (segmentBy === null) groupLabels.push(null);
  // Calendar lookups go in as functions, not instances (see countOrders).
  const ofInstant = (t: number): number => indexer.ofInstant(t);
  const offsetAt = (t: number): number => zone.offsetAt(t);
  const { pMin, pMax, included } = cohortPeriods(firstTime, lo, hi, ofInstant, offsetAt, cohortP, groupOf, L0);
  if (segmentBy !== null) {
    const groupIndex = new Map<string | null, number>();
    const segCol = cols.segment;
    for (let c = 0; c < nCust; c++) {
      if ((groupOf[c] as number) < 0) continue;
      const f = cols.firstOrder[c] as number;
      let label: string | null;
      if (segmentBy === "segment") {
        const s = segCol === null ? -1 : (segCol[f] as number);
        label = s < 0 ? null : (cols.segmentLabels[s] as string);
      } else {
        label = segmentBy(c, f);
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
  return { indexer, cohortP, groupOf, L0, groupLabels, pMin, pMax, included, empty };
}

/** Earliest first-order time inside the window `[lo, hi)` (Infinity when none). */
function earliestFirstOrder(firstTime: Float64Array, lo: number, hi: number): number {
  let minFirst = Infinity;
  for (let c = 0; c < firstTime.length; c++) {
    const tf = firstTime[c] as number;
    if (within(tf, lo, hi) && tf < minFirst) minFirst = tf;
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
  lo: number,
  hi: number,
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
    if (!within(tf, lo, hi)) continue;
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

// --- Rows: (group, cohort period), sorted by group then period. ---

/** The rows of the acquired customers (see {@link Rows}). */
function tableRows(a: Acquisition, scratch: Scratch): Rows {
  const { groupOf, cohortP, pMin, pMax } = a;
  const span = a.empty ? 0 : pMax - pMin + 1;
  const G = a.groupLabels.length;
  const rowOfKey = new Map<number, number>();
  const dense = G * span <= 1 << 22;
  if (dense) {
    // Dense: mark the keys in use, then number them in key order.
    const used = usedKeys(groupOf, cohortP, span, pMin, G * span);
    for (let key = 0; key < used.length; key++) if (used[key] === 1) rowOfKey.set(key, rowOfKey.size);
  } else {
    const keys: number[] = [];
    const seen = new Set<number>();
    for (let c = 0; c < groupOf.length; c++) {
      if ((groupOf[c] as number) < 0) continue;
      const key = rowKey(groupOf[c] as number, cohortP[c] as number, span, pMin);
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
    keys.sort((x, y) => x - y);
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
  const { rowOf, size, minL0, maxL0 } = customerRows(groupOf, cohortP, a.L0, span, pMin, R, rowByKey, dense ? null : rowOfKey, scratch);
  return { R, rowGroup, rowPeriod, rowOf, size, minL0, maxL0 };
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
  scratch: Scratch,
): { rowOf: Int32Array; size: number[]; minL0: number[]; maxL0: number[] } {
  const nCust = groupOf.length;
  const rowOf = scratch.int32(nCust, -1);
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

// --- Cells: one pass over the orders, then the exact and the distinct-customer fix-ups. ---

/** The numeric table of `K` columns: orders, revenue and active customers per cell. */
function countCells(q: CohortQuery, a: Acquisition, rows: Rows, K: number, W: number, lo: number, hi: number, scratch: Scratch): NumTable {
  const { cols, zone, mode } = q;
  const { n, time, total, refunded, customer, weight } = cols;
  const { R, rowOf } = rows;
  const { cohortP, L0, indexer } = a;
  const nCust = rowOf.length;
  const refunds = q.net ? refunded : null;
  const cells = R * K;
  const active = new Float64Array(cells);
  const orderCount = new Float64Array(cells);
  const revenue = new Float64Array(cells);
  // Distinct (customer, period) pairs: a bitset of K bits per customer when it is small enough (any input
  // order); otherwise the last period seen per customer, exact for time-ordered input, with a fallback below.
  const words = (K + 31) >>> 5;
  const useBits = mode === "classic" && nCust * words <= 1 << 23;
  const lastK = scratch.int32(useBits ? 0 : nCust, -1);
  const ofInstant = (t: number): number => indexer.ofInstant(t);
  const offsetAt = (t: number): number => zone.offsetAt(t);
  let grossSum = 0;
  let unsorted = false;
  // Per customer: orders in column 0 (the acquisition period), for the period-0 repeaters.
  const zeroOrders = scratch.int32(R > 0 ? nCust : 0);
  // Mode brackets: the bracket columns, and, with at most 31 of them, per customer a bit per bracket column they
  // ordered in, set in the pass (any input order; see bracketsFromBits).
  const bracketCols = q.brackets === null ? null : bracketColumns(q.brackets, q.cap, K);
  const bracketBits = bracketCols !== null && bracketCols.J <= 31 ? scratch.int32(nCust) : null;
  // Per order: its column (-1: not counted), for the modes that read each customer's columns afterwards.
  const colOf = mode === "consecutive" || (mode === "brackets" && bracketBits === null) ? scratch.int32(n, -1) : null;
  // Mode byPeriod: per customer, the first column ≥ 1 they ordered in (K: none below K), a minimum taken in the pass.
  const firstReturn = mode === "byPeriod" ? scratch.int32(nCust, K) : null;
  if (R > 0) {
    // Only typed arrays, numbers and functions go in: see countOrders.
    const { bucketMs, bucketBase, buckets } = indexer;
    const stride = 2 + (useBits ? words : 0);
    // Per-customer state in one record, so an order touches one cache line: [row, cohort period, bits…].
    const state = scratch.int32(nCust * stride);
    const got = countOrders(
      n, time, total, refunds, customer, weight ?? null, lo, hi, K, W, useBits, stride,
      rowOf, cohortP, L0, offsetAt, bucketMs, bucketBase, buckets, ofInstant, lastK, orderCount, revenue, active, zeroOrders, colOf, firstReturn,
      bracketBits, bracketCols === null ? null : bracketCols.columnOf, state,
    );
    scratch.release(state);
    unsorted = got < 0;
    grossSum = unsorted ? -1 - got : got;
  }
  // Exact slow path for revenue beyond 2^53 minor units.
  let revenueBig: bigint[] | null = null;
  if (!Number.isSafeInteger(grossSum)) {
    revenueBig = exactSums(cells);
    for (let i = 0; i < n; i++) {
      const t = time[i] as number;
      if (!within(t, lo, hi)) continue;
      const c = customer[i] as number;
      const row = rowOf[c] as number;
      if (row < 0) continue;
      const k = periodOf(t, c, L0, W, offsetAt, ofInstant, cohortP);
      if (k >= K) continue;
      addExact(revenueBig, row * K + k, total[i] as number, refunds !== null ? (refunds[i] as number) : 0);
    }
  }
  const column = (t: number, c: number): number => periodOf(t, c, L0, W, offsetAt, ofInstant, cohortP);
  if (q.refundDates === true && refunds !== null) moveRefundsToDates(cols, revenue, revenueBig, rowOf, K, lo, hi, q.asOf, column);
  if (mode === "unbounded") {
    unboundedActive(active, rowOf, lastK, R, K);
  } else if (mode === "byPeriod") {
    byPeriodActive(active, rowOf, firstReturn as Int32Array, R, K);
  } else if (mode === "consecutive") {
    consecutiveActive(active, time, customer, rowOf, colOf as Int32Array, R, K, lo, hi, !unsorted);
  } else if (mode === "brackets") {
    // The period cells keep orders and revenue; active customers are counted per bracket column.
    active.fill(0);
  } else if (unsorted && !useBits) {
    // Orders of a customer were not in time order: count distinct (customer, period) pairs per customer.
    distinctActive(active, time, customer, rowOf, n, K, lo, hi, column);
  }
  const repeaters = new Array<number>(R).fill(0);
  for (let c = 0; c < zeroOrders.length; c++) {
    const row = rowOf[c] as number;
    if (row >= 0 && (zeroOrders[c] as number) >= 2) repeaters[row] = (repeaters[row] as number) + 1;
  }
  let brackets: BracketColumns | null = null;
  if (bracketCols !== null) {
    const { J, first, last, columnOf } = bracketCols;
    const bracketActive = new Float64Array(R * J);
    if (R > 0 && bracketBits !== null) bracketsFromBits(bracketActive, rowOf, bracketBits, J);
    else if (R > 0) bracketsActive(bracketActive, time, customer, rowOf, colOf as Int32Array, columnOf, J, lo, hi);
    brackets = { J, first, last, active: bracketActive };
  }
  scratch.release(lastK, zeroOrders, colOf, firstReturn, bracketBits);
  return { rows: R, K, period: rows.rowPeriod, size: rows.size, minL0: rows.minL0, maxL0: rows.maxL0, active, orders: orderCount, revenue, repeaters, revenueBig, brackets };
}

/**
 * The bracket columns of mode brackets (column 0 is period 0, then one per bracket, at most `cap`), with the
 * column of each of the `K` period columns (`columnOf`, −1: a period between brackets).
 */
function bracketColumns(spans: readonly (readonly [number, number])[], cap: number, K: number): { J: number; first: number[]; last: number[]; columnOf: Int32Array } {
  const first = [0, ...spans.map((b) => b[0])];
  const last = [0, ...spans.map((b) => b[1])];
  const J = Math.min(cap, first.length);
  const columnOf = new Int32Array(K).fill(-1);
  for (let j = 0; j < J; j++) for (let k = first[j] as number; k <= (last[j] as number) && k < K; k++) columnOf[k] = j;
  return { J, first: first.slice(0, J), last: last.slice(0, J), columnOf };
}

/** Mode brackets from each customer's bits (bit j: they ordered in bracket column j): one count per bit. */
function bracketsFromBits(active: Float64Array, rowOf: Int32Array, bits: Int32Array, J: number): void {
  for (let c = 0; c < rowOf.length; c++) {
    const row = rowOf[c] as number;
    const b = bits[c] as number;
    if (row < 0 || b === 0) continue;
    for (let j = 0; j < J; j++) if (((b >>> j) & 1) === 1) active[row * J + j] = (active[row * J + j] as number) + 1;
  }
}

/**
 * {@link bracketsActive} for orders that come in time order per customer: a customer counts in a column at their
 * first order there (`last`: the last column counted per customer). Returns false at the first order earlier than
 * the customer's last column (then `active` is partly filled).
 */
function bracketsInOrder(active: Float64Array, customer: Int32Array, rowOf: Int32Array, colOf: Int32Array, columnOf: Int32Array, J: number, last: Int32Array): boolean {
  const K = columnOf.length;
  for (let i = 0; i < colOf.length; i++) {
    const k = colOf[i] as number;
    if (k < 0 || k >= K) continue;
    const col = columnOf[k] as number;
    if (col < 0) continue;
    const c = customer[i] as number;
    const l = last[c] as number;
    if (col === l) continue;
    if (col < l) return false;
    last[c] = col;
    const row = rowOf[c] as number;
    active[row * J + col] = (active[row * J + col] as number) + 1;
  }
  return true;
}

/**
 * brackets mode: a customer counts in column j when they ordered in any period of it. Each customer's columns are
 * stamped once (orders grouped by customer, any input order).
 */
function bracketsActive(active: Float64Array, time: Float64Array, customer: Int32Array, rowOf: Int32Array, colOf: Int32Array, columnOf: Int32Array, J: number, lo: number, hi: number): void {
  const nCust = rowOf.length;
  const K = columnOf.length;
  // Orders of each customer in time order (the usual book): one pass with the last column seen per customer.
  if (bracketsInOrder(active, customer, rowOf, colOf, columnOf, J, new Int32Array(nCust).fill(-1))) return;
  active.fill(0);
  const { start, byCustomer } = groupByCustomer(time, customer, rowOf, colOf.length, lo, hi);
  const stamp = new Int32Array(J).fill(-1);
  for (let c = 0; c < nCust; c++) {
    const row = rowOf[c] as number;
    if (row < 0) continue;
    for (let j = start[c] as number; j < (start[c + 1] as number); j++) {
      const k = colOf[byCustomer[j] as number] as number;
      if (k < 0 || k >= K) continue;
      const col = columnOf[k] as number;
      if (col < 0 || stamp[col] === c) continue;
      stamp[col] = c;
      active[row * J + col] = (active[row * J + col] as number) + 1;
    }
  }
}

/** Column of an order at `t` of customer `c`: relative window since the first order, or period since the cohort's. */
function periodOf(
  t: number,
  c: number,
  L0: Float64Array | null,
  W: number,
  offsetAt: (t: number) => number,
  ofInstant: (t: number) => number,
  cohortP: Int32Array,
): number {
  // Clamped at 0: in the repeated hour of a DST fall-back, a later order can read an earlier wall-clock time.
  if (L0) return Math.max(0, Math.floor((t + offsetAt(t) - (L0[c] as number)) / W));
  return ofInstant(t) - (cohortP[c] as number);
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
  lo: number,
  hi: number,
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
  zeroOrders: Int32Array,
  colOf: Int32Array | null,
  firstReturn: Int32Array | null,
  bracketBits: Int32Array | null,
  bracketOf: Int32Array | null,
  state: Int32Array,
): number {
  const nCust = rowOf.length;
  // state: per customer [row, cohort period, bits…] (zeroed by the caller).
  for (let c = 0; c < nCust; c++) {
    state[c * stride] = rowOf[c] as number;
    state[c * stride + 1] = cohortP[c] as number;
  }
  let unsorted = false;
  let grossSum = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    const c = customer[i] as number;
    const sb = c * stride;
    const row = state[sb] as number;
    if (row < 0) continue;
    let k: number;
    if (L0 !== null) {
      k = Math.max(0, Math.floor((t + offsetAt(t) - (L0[c] as number)) / W)); // see periodOf
    } else {
      const v = bucketMs === 0 ? undefined : buckets[Math.floor(t / bucketMs) - bucketBase];
      k = (v === undefined ? ofInstant(t) : v) - (state[sb + 1] as number);
    }
    if (colOf !== null) colOf[i] = k;
    if (firstReturn !== null && k >= 1 && k < (firstReturn[c] as number)) firstReturn[c] = k;
    if (bracketBits !== null && k >= 0 && k < K) {
      const j = (bracketOf as Int32Array)[k] as number;
      if (j >= 0) bracketBits[c] = (bracketBits[c] as number) | (1 << j);
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
    const placed = weight === null ? 1 : (weight[i] as number);
    orderCount[cell] = (orderCount[cell] as number) + placed;
    if (k === 0) zeroOrders[c] = (zeroOrders[c] as number) + placed;
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

/** Unbounded mode: a customer is active in k ⇔ their last period ≥ k: histogram of last periods, then suffix sums per row. */
function unboundedActive(active: Float64Array, rowOf: Int32Array, lastK: Int32Array, R: number, K: number): void {
  active.fill(0);
  for (let c = 0; c < rowOf.length; c++) {
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
}

/**
 * byPeriod mode: a customer counts in column k ≥ 1 once they have returned in any of columns 1 … k (and every
 * customer counts in column 0): a histogram of each customer's first return column (`firstReturn`, the minimum
 * countOrders keeps), then prefix sums per row.
 * Any input order: the first return is a minimum.
 */
function byPeriodActive(active: Float64Array, rowOf: Int32Array, firstReturn: Int32Array, R: number, K: number): void {
  // Column 0 counts everyone; column k ≥ 1 the customers whose first return is at k or before (prefix sums).
  active.fill(0);
  for (let c = 0; c < rowOf.length; c++) {
    const row = rowOf[c] as number;
    if (row < 0) continue;
    active[row * K] = (active[row * K] as number) + 1;
    const k = firstReturn[c] as number;
    if (k < K) active[row * K + k] = (active[row * K + k] as number) + 1;
  }
  for (let row = 0; row < R; row++) {
    for (let k = 2; k < K; k++) active[row * K + k] = (active[row * K + k] as number) + (active[row * K + k - 1] as number);
  }
}

/**
 * consecutive mode: a customer counts in column k ≥ 1 when they were active in every column 1 … k (and every
 * customer in column 0); a streak of length L counts in columns 0 … L. When every customer's orders came in time
 * order (`inOrder`), one pass over the orders follows each streak ({@link streaksInOrder}); otherwise each
 * customer's columns are stamped (orders grouped by customer), then the streak from column 1 is read off.
 */
function consecutiveActive(active: Float64Array, time: Float64Array, customer: Int32Array, rowOf: Int32Array, colOf: Int32Array, R: number, K: number, lo: number, hi: number, inOrder: boolean): void {
  const nCust = rowOf.length;
  // The first column after the streak: customers count in columns below it.
  const streakEnd = new Int32Array(nCust);
  if (inOrder) {
    streaksInOrder(customer, colOf, K, streakEnd);
  } else {
    streakEnd.fill(K);
    // Each customer's counted orders, grouped by customer (the orders with a column are those groupByCustomer keeps).
    const { start, byCustomer } = groupByCustomer(time, customer, rowOf, colOf.length, lo, hi);
    const stamp = new Int32Array(K + 1).fill(-1);
    for (let c = 0; c < nCust; c++) {
      if ((rowOf[c] as number) < 0) continue;
      for (let j = start[c] as number; j < (start[c + 1] as number); j++) {
        const k = colOf[byCustomer[j] as number] as number;
        if (k < K) stamp[k] = c;
      }
      let L = 1;
      while (L < K && stamp[L] === c) L++;
      streakEnd[c] = L;
    }
  }
  // Counted in columns 0 … streakEnd − 1: a histogram of streak ends, then suffix sums per row.
  active.fill(0);
  for (let c = 0; c < nCust; c++) {
    const row = rowOf[c] as number;
    if (row < 0) continue;
    const cell = row * K + (streakEnd[c] as number) - 1;
    active[cell] = (active[cell] as number) + 1;
  }
  for (let row = 0; row < R; row++) {
    for (let k = K - 2; k >= 0; k--) active[row * K + k] = (active[row * K + k] as number) + (active[row * K + k + 1] as number);
  }
}

/**
 * The streak ends of {@link consecutiveActive} from orders in time order per customer, in one pass: a customer's
 * streak goes on at an order in the column just after it. After an order past that column, the customer's later
 * orders are in later columns still, so the streak never goes on again.
 */
function streaksInOrder(customer: Int32Array, colOf: Int32Array, K: number, streakEnd: Int32Array): void {
  streakEnd.fill(1);
  for (let i = 0; i < colOf.length; i++) {
    const k = colOf[i] as number;
    const c = customer[i] as number;
    if (k >= 1 && k === (streakEnd[c] as number)) streakEnd[c] = k + 1;
  }
  for (let c = 0; c < streakEnd.length; c++) streakEnd[c] = Math.min(K, streakEnd[c] as number);
}

/** The seen orders of the table's customers grouped by customer (a counting sort): `byCustomer[start[c] …]`. */
function groupByCustomer(time: Float64Array, customer: Int32Array, rowOf: Int32Array, n: number, lo: number, hi: number): { start: Int32Array; byCustomer: Int32Array } {
  const nCust = rowOf.length;
  const start = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) {
    if (!within(time[i] as number, lo, hi) || (rowOf[customer[i] as number] as number) < 0) continue;
    const slot = (customer[i] as number) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let c = 0; c < nCust; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const fill = start.slice(0, nCust);
  const byCustomer = new Int32Array(start[nCust] as number);
  for (let i = 0; i < n; i++) {
    if (!within(time[i] as number, lo, hi) || (rowOf[customer[i] as number] as number) < 0) continue;
    const c = customer[i] as number;
    byCustomer[fill[c] as number] = i;
    fill[c] = (fill[c] as number) + 1;
  }
  return { start, byCustomer };
}

/**
 * Active customers counted as distinct (customer, period) pairs per customer, for input whose orders of a customer
 * were not in time order: the orders are grouped by customer (a counting sort), then each customer's periods
 * are stamped once. `column(t, c)` is the column of an order at `t` of customer `c`.
 */
function distinctActive(
  active: Float64Array,
  time: Float64Array,
  customer: Int32Array,
  rowOf: Int32Array,
  n: number,
  K: number,
  lo: number,
  hi: number,
  column: (t: number, c: number) => number,
): void {
  const nCust = rowOf.length;
  active.fill(0);
  const { start, byCustomer } = groupByCustomer(time, customer, rowOf, n, lo, hi);
  const stamp = new Int32Array(K).fill(-1);
  for (let c = 0; c < nCust; c++) {
    const row = rowOf[c] as number;
    if (row < 0) continue;
    for (let j = start[c] as number; j < (start[c + 1] as number); j++) {
      const k = column(time[byCustomer[j] as number] as number, c);
      if (k >= K || stamp[k] === c) continue;
      stamp[k] = c;
      active[row * K + k] = (active[row * K + k] as number) + 1;
    }
  }
}

// --- Records: the numeric table as cohorts, an average curve and ranked segments. ---

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
    repeaters: new Array<number>(rows).fill(0),
    revenueBig: src.revenueBig ? exactSums(rows * K) : null,
    brackets: src.brackets === null ? null : { ...src.brackets, active: new Float64Array(rows * src.brackets.J) },
  };
  for (let j = 0; j < rows; j++) {
    for (const s of dest[j] as number[]) {
      out.size[j] = (out.size[j] as number) + (src.size[s] as number);
      out.repeaters[j] = (out.repeaters[j] as number) + (src.repeaters[s] as number);
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
      if (out.brackets !== null && src.brackets !== null) {
        const J = src.brackets.J;
        for (let c = 0; c < J; c++) out.brackets.active[j * J + c] = (out.brackets.active[j * J + c] as number) + (src.brackets.active[s * J + c] as number);
      }
    }
  }
  return out;
}

/** Number of cells row `row` shows, and how many of them are complete. */
function shape(t: NumTable, row: number, l: Layout): [number, number] {
  const { K, W } = l;
  const p = t.period[row] as number;
  let visible: number;
  if (l.relative) {
    visible = Math.min(K, Math.floor((l.obsWall - (t.minL0[row] as number)) / W) + 1);
  } else {
    visible = Math.min(K, l.obsPeriod - p + 1);
  }
  let complete = 0;
  while (complete < visible) {
    const end = l.relative ? l.zone.wallToUtc((t.maxL0[row] as number) + (complete + 1) * W) : l.startOf(p + complete + 1);
    if (end > l.obsLimit) break;
    complete++;
  }
  return [visible, complete];
}

/** The cohort rows and the average curve of a numeric table. */
function build(t: NumTable, l: Layout): { cohorts: CohortRow[]; average: CohortAveragePoint[]; customers: number } {
  const { K, scale, base } = l;
  // Columns: one per period, or one per bracket (column 0: period 0) with its own active counts.
  const br = t.brackets;
  const J = br === null ? K : br.J;
  const firstOf = (j: number): number => (br === null ? j : (br.first[j] as number));
  const lastOf = (j: number): number => (br === null ? j : (br.last[j] as number));
  const activeOf = (row: number, j: number): number => (br === null ? (t.active[row * K + j] as number) : (br.active[row * J + j] as number));
  const cohorts: CohortRow[] = [];
  const avgActive = new Float64Array(J);
  const avgSize = new Float64Array(J);
  const avgCohorts = new Float64Array(J);
  const avgRevenue: (number | bigint)[] = new Array<number | bigint>(J).fill(t.revenueBig ? 0n : 0);
  const avgRetentionSum = new Float64Array(J);
  // Pooled revenue retention: Σ revenue in column j and Σ revenue in period 0 over the cohorts complete at j.
  const avgRevK = new Float64Array(J);
  const avgRev0 = new Float64Array(J);
  const big = t.revenueBig;
  const revAt = (cell: number): number | bigint => (big ? (big[cell] as bigint) : (t.revenue[cell] as number));
  let customers = 0;
  for (let row = 0; row < t.rows; row++) {
    const s = t.size[row] as number;
    customers += s;
    const [visible, completeCells] = shape(t, row, l);
    const cellsOut: CohortCell[] = [];
    // Cumulative revenue through period `through` (exclusive) so far.
    let cum: number | bigint = big ? 0n : 0;
    let through = 0;
    const rev0 = big ? Number(big[row * K] as bigint) : (t.revenue[row * K] as number);
    for (let j = 0; j < J && firstOf(j) < visible; j++) {
      const a0 = firstOf(j);
      const a1 = Math.min(lastOf(j), visible - 1);
      let rev: number | bigint = big ? 0n : 0;
      let orders = 0;
      for (let k = a0; k <= a1; k++) {
        const cell = row * K + k;
        const v = revAt(cell);
        rev = typeof rev === "bigint" ? rev + (v as bigint) : rev + (v as number);
        orders += t.orders[cell] as number;
      }
      for (; through <= a1; through++) {
        const v = revAt(row * K + through);
        cum = typeof cum === "bigint" ? cum + (v as bigint) : cum + (v as number);
      }
      const a = activeOf(row, j);
      const cumDecimal = minorToDecimal(cum, scale);
      // A bracket is complete when its last period is.
      const complete = lastOf(j) < completeCells;
      const prevActive = j === 0 ? 0 : activeOf(row, j - 1);
      cellsOut.push({
        period: j + base,
        activeCustomers: a,
        retention: a / s,
        periodOverPeriodRetention: j === 0 || prevActive === 0 ? null : a / prevActive,
        orders,
        revenue: minorToDecimal(rev, scale),
        revenueRetention: rev0 === 0 ? null : Number(rev) / rev0,
        cumulativeRevenue: cumDecimal,
        cumulativeRevenuePerCustomer: cloneableDecimal(cumDecimal.div(s)),
        complete,
      });
      if (complete) {
        avgActive[j] = (avgActive[j] as number) + a;
        avgSize[j] = (avgSize[j] as number) + s;
        avgCohorts[j] = (avgCohorts[j] as number) + 1;
        avgRetentionSum[j] = (avgRetentionSum[j] as number) + a / s;
        avgRevK[j] = (avgRevK[j] as number) + Number(rev);
        avgRev0[j] = (avgRev0[j] as number) + rev0;
        const prev = avgRevenue[j] as number | bigint;
        avgRevenue[j] = typeof prev === "bigint" ? prev + (cum as bigint) : prev + (cum as number);
      }
    }
    const p = t.period[row] as number;
    const { label, start } = l.cohortOf(p);
    cohorts.push({ label, start, size: s, acquisitionPeriodRepeaters: t.repeaters[row] as number, cells: cellsOut });
  }
  const average: CohortAveragePoint[] = [];
  // Brackets: the columns whose first period lies inside the table's periods.
  for (let j = 0; j < J && firstOf(j) < K; j++) {
    const sz = avgSize[j] as number;
    average.push({
      period: j + base,
      retention: sz === 0 ? null : (avgActive[j] as number) / sz,
      meanRetention: sz === 0 ? null : (avgRetentionSum[j] as number) / (avgCohorts[j] as number),
      revenueRetention: sz === 0 || avgRev0[j] === 0 ? null : (avgRevK[j] as number) / (avgRev0[j] as number),
      activeCustomers: avgActive[j] as number,
      customers: sz,
      cohorts: avgCohorts[j] as number,
      cumulativeRevenuePerCustomer: sz === 0 ? null : ratioDecimal(minorToDecimal(avgRevenue[j] as number | bigint, scale), sz),
    });
  }
  return { cohorts, average, customers };
}

/** Label and ISO start of a cohort period, memoised (one `TZDate` per distinct period, not per segment row). */
function cohortLabels(kernel: PeriodKernel): (p: number) => { label: string; start: string } {
  const memo = new Map<number, { label: string; start: string }>();
  return (p) => {
    let v = memo.get(p);
    if (v === undefined) {
      v = { label: kernel.label(p), start: kernel.startIso(p) };
      memo.set(p, v);
    }
    return v;
  };
}

/** One table per group, ranked by retention at `rankPeriod` (then customers, then label; no segment last). */
function rankedSegments(table: NumTable, rows: Pick<Rows, "R" | "rowGroup" | "rowPeriod">, groupLabels: readonly (string | null)[], l: Layout, rankPeriod: number): CohortSegment[] {
  const list: Omit<CohortSegment, "rank">[] = [];
  // Rows are sorted by group, so each group's rows are one run: one pass finds them all (not a pass per group,
  // which made 100k segments quadratic).
  let row = 0;
  for (let g = 0; g < groupLabels.length; g++) {
    const dest: number[][] = [];
    const periods: number[] = [];
    for (; row < rows.R && rows.rowGroup[row] === g; row++) {
      dest.push([row]);
      periods.push(rows.rowPeriod[row] as number);
    }
    const part = build(combine(table, dest, periods), l);
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
  return list.map((s, i) => ({ ...s, rank: i + 1 }));
}
