import type { Granularity, Instant, MetricOptions, ResolvedWindow, WeekStartsOn } from "../../../core/types.js";
import { optionError } from "../../fail.js";
import {
  activeWithinDaysOption,
  churnOption,
  seriesBoundaries,
  seriesPoints,
  type ChurnDefinition,
  type IntervalActivity,
  type ResolvedChurnDefinition,
  type SeriesPoint,
} from "../../kernels/retentionFromOrders.js";
import { endInstantOption, instantOption, zoneOption } from "../../resolve.js";
import { MS_PER_DAY } from "../../time/civil.js";
import { checkGranularity, checkPeriodSpan, checkWeekStartsOn, periodKernel, type PeriodKernel } from "../../time/periods.js";
import type { ZoneCalendar } from "../../time/zone.js";
import { joinObservation, observationCte, sourceCte, withCtes, type Source } from "../writer.js";
import { boundsCte, boundsOf, boundsSelect, intCell, intOrNull, neighbour, periodOfDate, plusMs, theRows } from "./periodSql.js";

/**
 * `retentionSeries` in SQL. The in-process kernel asks, at each period start x, which customers ordered in
 * [x − activeWithinDays, x). Turned around, an order at t makes its customer active at the starts of the periods
 * period(t) + 1 … period(t + activeWithinDays) (the period index of an instant is of its local date, as the
 * library's kernel has it): an interval of period indices per order, non-decreasing in t at both ends. The query
 * merges each customer's intervals into runs (a run starts where an interval begins after the previous one's end
 * + 1, and ends where the next begins after its end + 1), and returns per period the changes of the counts:
 * active (+1 at a run's start, −1 after its end), active at a start and the next (+1 at the start, −1 at the
 * end), run starts, new customers and new customers active at their period's end. `fromSqlRows` adds the changes
 * up over the periods (the counts of a period are sums over all periods before), so the query returns one row per
 * period with a change, not one per period of the series.
 */

/** Options of `retentionSeries` (as the public RetentionSeriesOptions). */
export interface SqlRetentionSeriesOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  granularity?: Granularity;
  weekStartsOn?: WeekStartsOn;
  activeWithinDays?: number;
  churn?: ChurnDefinition;
  from?: Instant;
  to?: Instant;
}

export interface ResolvedRetentionSeries {
  metric: "retentionSeries";
  zone: ZoneCalendar;
  asOf: number | null;
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  activeWithinDays: number;
  /** The window the query adds to an order's time, in whole milliseconds (see {@link sqlWindowMs}). */
  windowMs: number;
  churn: ResolvedChurnDefinition;
  /** The from option (epoch ms), or null: the first order. */
  from: number | null;
  /** The to option (epoch ms, a date-only one at the end of its day), or null: asOf. */
  to: number | null;
}

/** Reads the options in the order and with the checks of the in-process `retentionSeries`. */
export function resolveRetentionSeries(options: unknown): ResolvedRetentionSeries {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const o = (options ?? {}) as SqlRetentionSeriesOptions;
  const zone = zoneOption(o.timeZone);
  const asOf = o.asOf === undefined ? null : endInstantOption("asOf", o.asOf, zone);
  const granularity = checkGranularity(o.granularity, "month");
  const weekStartsOn = checkWeekStartsOn(o.weekStartsOn);
  const activeWithinDays = activeWithinDaysOption(o.activeWithinDays);
  const churn = churnOption(o.churn);
  const from = o.from === undefined ? null : instantOption("from", o.from, zone);
  const to = o.to === undefined ? null : endInstantOption("to", o.to, zone);
  if (from !== null && to !== null && to < from) {
    throw optionError("to", "must not be before from", o.to, "Give the last period on or after the first.");
  }
  const windowMs = sqlWindowMs(activeWithinDays, o.activeWithinDays);
  const end = to ?? asOf;
  if (from !== null && end !== null && end >= from) {
    const k = periodKernel(granularity, zone, weekStartsOn);
    checkPeriodSpan(granularity, k.ofInstantOnce(from), k.ofInstantOnce(end));
  }
  return { metric: "retentionSeries", zone, asOf, granularity, weekStartsOn, activeWithinDays, windowMs, churn, from, to };
}

/**
 * The window in whole milliseconds that the query adds to an order's time. The kernel compares t ≥ x − W in doubles
 * (W = activeWithinDays × 86,400,000, itself a double): for whole-millisecond instants that is t + floor(W) ≥ x,
 * unless W is within half an ulp of x of a whole number, where the subtraction rounds to x − round(W). So: W within
 * 1e-7 of a whole number (0.7 days is 60,479,999.99999999 ms) → round(W), exact for instants from 1970-01-13 on;
 * W at least 1e-3 from one (1/7 day) → floor(W), exact up to the year 2248; between the two the answer would depend
 * on the instant, and toSql refuses it.
 */
function sqlWindowMs(days: number, given: unknown): number {
  const W = days * MS_PER_DAY;
  const nearest = Math.round(W);
  if (Math.abs(W - nearest) <= 1e-7) return nearest;
  if (Math.abs(W - nearest) >= 1e-3 && Number.isSafeInteger(Math.floor(W))) return Math.floor(W);
  throw optionError(
    "activeWithinDays",
    `is ${W} ms, too close to a whole number of milliseconds for the query to compare as the in-process kernel does`,
    given,
    "Pass a number of days whose milliseconds are whole, such as 30, 45.25 or 0.7, or clearly fractional, such as 1/7.",
  );
}

/** The SQL of `retentionSeries`. */
export function retentionSeriesSql(s: Source, o: ResolvedRetentionSeries, header: string): string {
  const w = s.writer;
  const d = w.d;
  const p = s.partition === null ? "" : "part, ";
  const tz = w.param(o.zone.timeZone, "text");
  const period = (ts: string): string => periodOfDate(d, d.localDate(ts, tz), o.granularity, o.weekStartsOn);
  const windowMs = w.param(o.windowMs, "integer");
  const leg = (select: string, from: string): string => `SELECT ${s.partition === null ? "" : "part AS k, "}${select} FROM ${from}`;
  return withCtes(header, [
    sourceCte(s),
    observationCte(s, o.asOf),
    boundsCte(s),
    {
      name: "order_periods",
      comment:
        `Orders seen by asOf (inclusive): the period of each (its local date in the zone, ${o.granularity} periods${o.granularity === "week" ? `, weeks from weekday ${o.weekStartsOn} (0 = Sunday)` : ""}),\n` +
        `and reach, the period of the order's time plus activeWithinDays (${o.activeWithinDays} days of 86,400,000 ms, elapsed time). The order makes its\n` +
        "customer active at the start of each period from period + 1 to reach (none when reach = period).",
      body:
        `SELECT ${s.partition === null ? "" : "source_orders.part, "}customer, placed,\n  ${period("placed")} AS period,\n  ${period(plusMs(d, "placed", windowMs))} AS reach\n` +
        `FROM source_orders ${joinObservation(s, "source_orders")}\nWHERE placed <= observation.as_of`,
    },
    {
      name: "customer_starts",
      comment: "New customers: the period of the first order. Active at that period's end: some order of it reaches the next period\n(the earliest interval then starts at first_period + 1).",
      body: `SELECT ${p}customer, MIN(period) AS first_period, MIN(CASE WHEN reach > period THEN period + 1 END) AS first_active\nFROM order_periods GROUP BY ${p}customer`,
    },
    {
      name: "active_runs",
      comment:
        "Each order's interval [period + 1, reach] of period starts it is active at, with the previous interval's end and the next\n" +
        "one's start (both non-decreasing in time): a run of consecutive periods starts where an interval begins after the\n" +
        "previous end + 1, and ends where the next interval begins after this end + 1.",
      body:
        `SELECT ${p}period + 1 AS a, reach AS b,\n  ${neighbour(s, "lag", "reach", "placed")} AS prev_b,\n  ${neighbour(s, "lead", "period + 1", "placed")} AS next_a\n` +
        "FROM order_periods WHERE reach > period",
    },
    {
      name: "series_changes",
      comment:
        "Changes per period: active (+1 at a run's start, -1 after its end), active at this start and the next one (+1 at the\n" +
        "start, -1 at the end), run starts, new customers, new customers active at their period's end.",
      body:
        `SELECT ${s.partition === null ? "" : "k, "}period, SUM(active_change) AS active_change, SUM(both_change) AS both_change, SUM(run_starts) AS run_starts,\n` +
        "  SUM(new_customers) AS new_customers, SUM(new_active_at_end) AS new_active_at_end\nFROM (\n" +
        [
          leg("a AS period, 1 AS active_change, 1 AS both_change, 1 AS run_starts, 0 AS new_customers, 0 AS new_active_at_end", "active_runs WHERE prev_b IS NULL OR a > prev_b + 1"),
          leg("b + 1 AS period, -1 AS active_change, 0 AS both_change, 0 AS run_starts, 0 AS new_customers, 0 AS new_active_at_end", "active_runs WHERE next_a IS NULL OR next_a > b + 1"),
          leg("b AS period, 0 AS active_change, -1 AS both_change, 0 AS run_starts, 0 AS new_customers, 0 AS new_active_at_end", "active_runs WHERE next_a IS NULL OR next_a > b + 1"),
          leg(
            "first_period AS period, 0 AS active_change, 0 AS both_change, 0 AS run_starts, 1 AS new_customers,\n    CASE WHEN first_active = first_period + 1 THEN 1 ELSE 0 END AS new_active_at_end",
            "customer_starts",
          ),
        ]
          .map((l) => `  ${l}`)
          .join("\n  UNION ALL\n") +
        `\n) AS changes\nGROUP BY ${s.partition === null ? "" : "k, "}period`,
    },
  ], [
    "-- One row per period with a change (and per partition one row at least); fromSqlRows adds the changes up.",
    boundsSelect(s, "series_changes", ["active_change", "both_change", "run_starts", "new_customers", "new_active_at_end"]),
  ].join("\n"));
}

/** Per-period changes, by period index. */
interface Changes {
  active: number;
  both: number;
  runStarts: number;
  newCustomers: number;
  newActiveAtEnd: number;
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** The result fields of `retentionSeries` from the rows of one order set. */
export function retentionSeriesFromRows(o: ResolvedRetentionSeries, rowsIn: unknown): {
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  activeWithinDays: number;
  churn: ResolvedChurnDefinition;
  periods: SeriesPoint[];
  window: ResolvedWindow;
} {
  const rows = theRows(rowsIn);
  const { firstMs, asOfMs } = boundsOf(rows);
  const asOf = o.asOf ?? asOfMs ?? -Infinity;
  const window: ResolvedWindow = { from: null, to: null, asOf: iso(asOf), timeZone: o.zone.timeZone, revenue: "net" };
  const { granularity, weekStartsOn, activeWithinDays: days, churn } = o;
  const result = { granularity, weekStartsOn, activeWithinDays: days, churn, periods: [] as SeriesPoint[], window };
  const from = o.from ?? firstMs ?? Infinity;
  const to = o.to ?? asOf;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return result;
  const kernel: PeriodKernel = periodKernel(granularity, o.zone, weekStartsOn);
  const p0 = kernel.ofInstant(from);
  const p1 = kernel.ofInstant(to);
  checkPeriodSpan(granularity, p0, p1);
  const changes = new Map<number, Changes>();
  for (const [i, row] of rows.entries()) {
    const q = intOrNull(row, i, "period");
    if (q === null) continue;
    let c = changes.get(q);
    if (c === undefined) changes.set(q, (c = { active: 0, both: 0, runStarts: 0, newCustomers: 0, newActiveAtEnd: 0 }));
    c.active += intCell(row, i, "active_change");
    c.both += intCell(row, i, "both_change");
    c.runStarts += intCell(row, i, "run_starts");
    c.newCustomers += intCell(row, i, "new_customers");
    c.newActiveAtEnd += intCell(row, i, "new_active_at_end");
  }
  // Running sums at p0: every change at or before it; then each period's counts from the changes.
  let active = 0;
  let both = 0;
  for (const [q, c] of changes) {
    if (q <= p0) {
      active += c.active;
      both += c.both;
    }
  }
  const activity: IntervalActivity[] = [];
  for (let q = p0; q <= p1; q++) {
    const here = changes.get(q);
    const next = changes.get(q + 1);
    const activeNext = active + (next?.active ?? 0);
    const newActiveAtEnd = here?.newActiveAtEnd ?? 0;
    activity.push({
      customersAtStart: active,
      customersAtEnd: activeNext,
      newCustomers: here?.newCustomers ?? 0,
      retainedCustomers: both,
      newActiveAtEnd,
      reactivatedCustomers: (next?.runStarts ?? 0) - newActiveAtEnd,
    });
    active = activeNext;
    both += next?.both ?? 0;
  }
  result.periods = seriesPoints(kernel, p0, seriesBoundaries(kernel, p0, p1), activity, asOf, churn);
  return result;
}
