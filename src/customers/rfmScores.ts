import type { Decimal } from "decimal.js";
import { OrderBook } from "../internal/book/OrderBook.js";
import type { MetricOptions, Order, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { cloneableDecimal, minorToDecimal } from "../internal/money/money.js";
import { purchaseDayStats } from "../internal/kernels/purchaseDays.js";
import { resolveMetric } from "../internal/resolve.js";
import { orderWindow } from "../internal/book/window.js";
import { unbuiltSummaryData } from "../internal/kernels/summaryRecords.js";
import type { CustomerSummariesResult } from "./customerSummaries.js";
import { rfmBundle, withDisplay } from "../internal/display/display.js";

/** An inclusive score range `[lowest, highest]`, each from 1 to `bins`. */
export type RfmScoreRange = readonly [number, number];

/** One rule of a segment map: a customer whose scores fall in every given range belongs to `segment`. */
export interface RfmSegmentRule {
  /** Segment name. */
  readonly segment: string;
  /** Range of the R score. */
  readonly recency: RfmScoreRange;
  /** Range of the F score. */
  readonly frequency: RfmScoreRange;
  /** Range of the M score. @defaultValue any */
  readonly monetary?: RfmScoreRange;
}

/**
 * The default segment map on R and F scores from 1 to 5: the R×F grid used by many public RFM guides
 * (Champions top right, Hibernating bottom left), with its bottom-left corner split into Hibernating (R = 2)
 * and Lost (R = 1). Every (R, F) pair belongs to exactly one segment. M does not take part.
 *
 * | R \ F | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | New | Potential loyalists | Potential loyalists | Champions | Champions |
 * | 4 | Promising | Potential loyalists | Potential loyalists | Loyal | Loyal |
 * | 3 | About to sleep | About to sleep | Need attention | Loyal | Loyal |
 * | 2 | Hibernating | Hibernating | At risk | At risk | Can't lose them |
 * | 1 | Lost | Lost | At risk | At risk | Can't lose them |
 */
export const DEFAULT_RFM_SEGMENTS: readonly RfmSegmentRule[] = Object.freeze([
  { segment: "Champions", recency: [5, 5], frequency: [4, 5] },
  { segment: "Loyal", recency: [3, 4], frequency: [4, 5] },
  { segment: "Potential loyalists", recency: [4, 5], frequency: [2, 3] },
  { segment: "New", recency: [5, 5], frequency: [1, 1] },
  { segment: "Promising", recency: [4, 4], frequency: [1, 1] },
  { segment: "Need attention", recency: [3, 3], frequency: [3, 3] },
  { segment: "About to sleep", recency: [3, 3], frequency: [1, 2] },
  { segment: "Can't lose them", recency: [1, 2], frequency: [5, 5] },
  { segment: "At risk", recency: [1, 2], frequency: [3, 4] },
  { segment: "Hibernating", recency: [2, 2], frequency: [1, 2] },
  { segment: "Lost", recency: [1, 1], frequency: [1, 2] },
] as const satisfies readonly RfmSegmentRule[]);

/** Options of {@link rfmScores}. The shared {@link MetricOptions} apply to orders only. */
export interface RfmScoresOptions extends MetricOptions {
  /**
   * Number of score levels: scores run from 1 to `bins`. An integer from 2 to 100.
   * @defaultValue `5`
   */
  bins?: number;
  /**
   * Segment rules, tried in order; the first match wins and a customer matching none is `"Other"`. Ranges are
   * in the scale `1..bins`.
   * @defaultValue {@link DEFAULT_RFM_SEGMENTS}; with `bins` ≠ 5 it is applied to scores mapped linearly onto
   * 1..5, round(1 + 4 × (score − 1) / (bins − 1)), so the worst score stays 1 and the best becomes 5
   */
  segments?: readonly RfmSegmentRule[];
}

/** One customer's RFM values, scores and segment. */
export interface RfmCustomerScore {
  customerId: string;
  /** R value: whole calendar days from the last purchase day to the day of `asOf` (lower is better). */
  recencyDays: number;
  /** F value: number of orders. */
  orders: number;
  /** M value: revenue, major units. */
  revenue: Decimal;
  /** Scores from 1 (worst) to `bins` (best). */
  r: number;
  f: number;
  m: number;
  /** The three scores as digits, R then F then M (e.g. `"545"`); joined by `"-"` when `bins` > 9. */
  score: string;
  /** Segment name from the segment map, or `"Other"`. */
  segment: string;
}

/** Customers per segment. */
export interface RfmSegmentCount {
  segment: string;
  customers: number;
}

/** Result of {@link rfmScores}. */
export interface RfmScoresResult {
  /** One entry per customer, in the order of the input summaries (or of first appearance in the orders). */
  customers: RfmCustomerScore[];
  /** Number of customers; the segment counts add up to it. */
  customerCount: number;
  /** Customers per segment, in segment-map order (every segment, even empty), then `"Other"` if any. */
  segments: RfmSegmentCount[];
  /** Number of score levels used. */
  bins: number;
  /** The window used when computed from orders, `null` from summaries. */
  window: ResolvedWindow | null;
}

interface RawRfm {
  ids: string[];
  recency: Float64Array;
  orders: Float64Array;
  /** Revenue for ranking: minor units from orders, major units (as a double) from summaries. */
  money: Float64Array;
  revenue: Decimal[];
  window: ResolvedWindow | null;
}

function isSummaries(input: unknown): input is CustomerSummariesResult {
  return (
    typeof input === "object" &&
    input !== null &&
    !(input instanceof OrderBook) &&
    typeof (input as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function" &&
    (unbuiltSummaryData(input) !== null || Array.isArray((input as { customers?: unknown }).customers))
  );
}

function fromOrders(orders: OrdersInput, options: MetricOptions): RawRfm {
  const r = resolveMetric(orders, options);
  const s = purchaseDayStats(r.cols, r.zone, orderWindow(r.from, r.to, r.asOf), r.value.basis === "net");
  const n = s.customers;
  const ids: string[] = [];
  const recency = new Float64Array(n);
  const count = new Float64Array(n);
  const money = new Float64Array(n);
  const revenue: Decimal[] = [];
  const asOfDay = n === 0 ? 0 : r.zone.localDay(r.asOf);
  let k = 0;
  for (let c = 0; c < s.orders.length; c++) {
    if (s.orders[c] === 0) continue;
    const units = s.big?.get(c)?.value ?? (s.value[c] as number);
    ids.push(r.cols.customerIds[c] as string);
    recency[k] = asOfDay - (s.lastDay[c] as number);
    count[k] = s.orders[c] as number;
    money[k] = Number(units);
    revenue.push(minorToDecimal(units, r.cols.scale));
    k++;
  }
  return { ids, recency, orders: count, money, revenue, window: r.window };
}

function fromSummaries(input: CustomerSummariesResult): RawRfm {
  // Records not read yet: they are exactly the result's columns, so rank from those without building them.
  const data = unbuiltSummaryData(input);
  if (data !== null) {
    const { customerId, daysSinceLastPurchase, orders, revenueMinor, scale } = data.columns;
    const n = customerId.length;
    const raw: RawRfm = { ids: customerId.slice(), recency: Float64Array.from(daysSinceLastPurchase), orders: Float64Array.from(orders), money: new Float64Array(n), revenue: new Array<Decimal>(n), window: null };
    const unit = 10 ** scale;
    for (let k = 0; k < n; k++) {
      const units = data.exact?.get(k)?.revenue ?? (revenueMinor[k] as number);
      const rev = minorToDecimal(units, scale);
      // As Decimal#toNumber of the record's revenue: the double nearest to units / 10^scale.
      raw.money[k] = typeof units === "number" ? units / unit : rev.toNumber();
      raw.revenue[k] = rev;
    }
    return raw;
  }
  const list = input.customers;
  const n = list.length;
  const raw: RawRfm = { ids: [], recency: new Float64Array(n), orders: new Float64Array(n), money: new Float64Array(n), revenue: [], window: null };
  for (let k = 0; k < n; k++) {
    const c = list[k];
    if (typeof c !== "object" || c === null || typeof c.customerId !== "string" || !Number.isFinite(c.daysSinceLastPurchase) || !Number.isFinite(c.orders)) {
      throw optionError(`summaries.customers[${k}]`, "is not a customer summary", c, "Pass the result of customerSummaries unchanged, or the orders.");
    }
    const rev = c.revenue;
    raw.ids.push(c.customerId);
    raw.recency[k] = c.daysSinceLastPurchase;
    raw.orders[k] = c.orders;
    raw.money[k] = rev.toNumber();
    // The caller may have put in a Decimal of their own (own `constructor`, which structuredClone refuses).
    raw.revenue.push(cloneableDecimal(rev));
  }
  return raw;
}

/**
 * Score of each value: 1 + ⌊bins × (number of customers with a strictly worse value) / N⌋, so equal values
 * always share a score and the best customers approach `bins`. `higherIsBetter` false for recency.
 */
function scores(values: Float64Array, bins: number, higherIsBetter: boolean): Int32Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const v = values[k] as number;
    // lower bound (first index with sorted[i] >= v) or upper bound (first index with sorted[i] > v)
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = sorted[mid] as number;
      if (higherIsBetter ? s < v : s <= v) lo = mid + 1;
      else hi = mid;
    }
    const worse = higherIsBetter ? lo : n - lo;
    out[k] = 1 + Math.floor((bins * worse) / n);
  }
  return out;
}

function checkRange(value: unknown, name: string, bins: number): RfmScoreRange {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !Number.isInteger(value[0]) ||
    !Number.isInteger(value[1]) ||
    (value[0] as number) < 1 ||
    (value[1] as number) > bins ||
    (value[0] as number) > (value[1] as number)
  ) {
    throw optionError(name, `must be a score range [lowest, highest] of integers with 1 <= lowest <= highest <= ${bins}`, value, "Write for example [4, 5].");
  }
  return value as unknown as RfmScoreRange;
}

function checkRules(value: unknown, bins: number): readonly RfmSegmentRule[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw optionError("segments", "must be a non-empty array of segment rules", value, 'Pass [{ segment: "Best", recency: [4, 5], frequency: [4, 5] }, ...].');
  }
  return value.map((rule: unknown, i): RfmSegmentRule => {
    if (typeof rule !== "object" || rule === null) {
      throw optionError(`segments[${i}]`, "must be a rule object", rule, "Give segment, recency and frequency (and optionally monetary).");
    }
    const { segment, recency, frequency, monetary } = rule as Record<string, unknown>;
    if (typeof segment !== "string" || segment.length === 0) {
      throw optionError(`segments[${i}].segment`, "must be a non-empty name", segment, 'Name the segment, e.g. "Champions".');
    }
    const out: RfmSegmentRule = {
      segment,
      recency: checkRange(recency, `segments[${i}].recency`, bins),
      frequency: checkRange(frequency, `segments[${i}].frequency`, bins),
      ...(monetary === undefined ? {} : { monetary: checkRange(monetary, `segments[${i}].monetary`, bins) }),
    };
    return out;
  });
}

function inRange(x: number, range: RfmScoreRange | undefined): boolean {
  return range === undefined || (x >= range[0] && x <= range[1]);
}

/**
 * RFM scores and segments: each customer gets an R (recency), F (frequency) and M (monetary) score from 1 to
 * `bins` by quantiles of the customer base, and a named segment from a score map.
 *
 * - R value = days from the last purchase day to the day of `asOf` (lower is better, so the most recent
 *   customers get the highest R); F value = number of orders; M value = revenue (net by default).
 * - Score = 1 + ⌊bins × w / N⌋, where w is the number of customers with a strictly worse value and N the
 *   number of customers. Ties share a score (the one of their lowest rank), so the result does not depend on
 *   the input order; heavy ties (most customers with one order) leave some scores unused.
 * - Segment: the first rule of `segments` whose ranges contain the scores; default {@link DEFAULT_RFM_SEGMENTS}.
 *
 * Accepts orders, or a {@link customerSummaries} result (then its `asOf`, window and revenue basis are used).
 * Source: Hughes (1994), *Strategic Database Marketing*; grid as in common public RFM guides; see
 * docs/customer-analytics.md. Cost: O(n) to summarise orders, then O(N log N) for the three rankings.
 *
 * @param input - an {@link OrderBook}, an iterable of {@link Order}, or a {@link CustomerSummariesResult}.
 * @param options - see {@link RfmScoresOptions}.
 * @returns per-customer scores and segments, and the count per segment.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `bins`, `segments[i]…`, or a shared option given
 * with summaries), `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = rfmScores([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "50" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-03-30", total: "70" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-10", total: "20" },
 * ], { asOf: "2024-03-31", bins: 2 });
 * r.customers[0]!.score;   // "222"
 * r.customers[0]!.segment; // "Champions" (R 2 → 5, F 2 → 5 on the default 5-level map)
 * r.customers[1]!.score;   // "111"
 * r.customers[1]!.segment; // "Lost"
 * r.segments.find((s) => s.segment === "Lost")?.customers; // 1
 * ```
 */
export function rfmScores(input: OrdersInput | CustomerSummariesResult, options: RfmScoresOptions = {}): RfmScoresResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const { bins: binsRaw, segments: rulesRaw, ...shared } = options;
  const bins = binsRaw ?? 5;
  if (typeof bins !== "number" || !Number.isInteger(bins) || bins < 2 || bins > 100) {
    throw optionError("bins", "must be an integer from 2 to 100", bins, "Use 5 (quintiles, the usual choice) or 4 (quartiles).");
  }
  const rules = rulesRaw === undefined ? null : checkRules(rulesRaw, bins);
  let raw: RawRfm;
  if (isSummaries(input)) {
    for (const name of ["asOf", "from", "to", "timeZone", "revenue"] as const) {
      if (shared[name] !== undefined) {
        throw optionError(name, "applies to orders, not to customer summaries", shared[name], "Pass it to customerSummaries instead, or pass the orders here.");
      }
    }
    raw = fromSummaries(input);
  } else {
    raw = fromOrders(input as OrdersInput | Iterable<Order>, shared);
  }
  const n = raw.ids.length;
  const R = scores(raw.recency, bins, false);
  const F = scores(raw.orders, bins, true);
  const M = scores(raw.money, bins, true);
  const table = rules ?? DEFAULT_RFM_SEGMENTS;
  const rescale = rules === null && bins !== 5;
  const counts = new Array<number>(table.length + 1).fill(0);
  const sep = bins > 9 ? "-" : "";
  const customers: RfmCustomerScore[] = new Array<RfmCustomerScore>(n);
  for (let k = 0; k < n; k++) {
    const r = R[k] as number;
    const f = F[k] as number;
    const m = M[k] as number;
    const rr = rescale ? Math.round(1 + (4 * (r - 1)) / (bins - 1)) : r;
    const ff = rescale ? Math.round(1 + (4 * (f - 1)) / (bins - 1)) : f;
    const mm = rescale ? Math.round(1 + (4 * (m - 1)) / (bins - 1)) : m;
    let hit = table.length;
    for (let j = 0; j < table.length; j++) {
      const rule = table[j] as RfmSegmentRule;
      if (inRange(rr, rule.recency) && inRange(ff, rule.frequency) && inRange(mm, rule.monetary)) {
        hit = j;
        break;
      }
    }
    counts[hit] = (counts[hit] as number) + 1;
    customers[k] = {
      customerId: raw.ids[k] as string,
      recencyDays: raw.recency[k] as number,
      orders: raw.orders[k] as number,
      revenue: raw.revenue[k] as Decimal,
      r,
      f,
      m,
      score: `${r}${sep}${f}${sep}${m}`,
      segment: hit === table.length ? "Other" : (table[hit] as RfmSegmentRule).segment,
    };
  }
  const segments: RfmSegmentCount[] = table.map((rule, j) => ({ segment: rule.segment, customers: counts[j] as number }));
  if ((counts[table.length] as number) > 0) segments.push({ segment: "Other", customers: counts[table.length] as number });
  return withDisplay<RfmScoresResult>({ customers, customerCount: n, segments, bins, window: raw.window }, rfmBundle);
}
