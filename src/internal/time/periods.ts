import { daysFromCivil, isoDate, monthIndexOfDay, MS_PER_DAY } from "./civil.js";
import { optionError } from "../fail.js";
import type { ZoneCalendar } from "./zone.js";
import type { Granularity, WeekStartsOn } from "../../core/types.js";

/**
 * The period kernel: calendar periods (day, week, month, quarter, year) in a time zone, as integers.
 *
 * One kernel behind a family of metrics (in the spirit of d3-array's `bisector` / d3-time's intervals): every
 * metric that buckets orders by calendar period (cohort tables, retention series, historical lifetime value)
 * asks the same four questions, and this module answers them the same way for all of them:
 *
 * - `ofDay(day)`: the **period index** of a local day number (days since 1970-01-01 in the zone);
 * - `firstDay(p)`: the local day number on which period `p` begins (inverse of `ofDay` on period starts);
 * - `start(p)`: the instant (epoch ms) at which period `p` begins in the zone (a DST day that begins at 01:00
 *   begins at 01:00); a few reads of the zone database per call (`ZoneCalendar.wallToUtcOnce`), so call it
 *   once per period;
 * - `label(p)` / `startIso(p)`: a stable label (`2024-03-05`, `2024-03`, `2024-Q1`, `2024`) and the start as
 *   ISO 8601 with the zone's offset. `startIso` reads the database once more: call them once per period,
 *   never per order.
 *
 * Period indices are consecutive integers, so "periods since acquisition" is a subtraction and period `p + 1`
 * follows period `p`. They are: the day number (day), whole weeks since the first `weekStartsOn` day on or
 * before 1970-01-01 (week), `year × 12 + month − 1` (month), `year × 4 + quarter − 1` (quarter) and the year.
 *
 * For hot loops, {@link PeriodIndexer} maps an instant to its period with one offset lookup, one division and
 * one typed-array read (a per-day cache), no `Date` and no date-fns call.
 */

const GRANULARITIES: readonly Granularity[] = ["day", "week", "month", "quarter", "year"];

/** The most periods a series of periods may span (p1 − p0): `retentionSeries` and `growthAccounting`. */
const MAX_SERIES_PERIODS = 100_000;

/** Throws INVALID_OPTION (field `granularity`) for a series of periods p0 … p1 longer than {@link MAX_SERIES_PERIODS}. */
export function checkPeriodSpan(granularity: Granularity, p0: number, p1: number): void {
  if (p1 - p0 > MAX_SERIES_PERIODS) {
    throw optionError("granularity", `gives ${p1 - p0 + 1} periods between from and to`, granularity, "Choose a coarser granularity or a shorter range.");
  }
}

/** Reads a `granularity` option, or throws INVALID_OPTION. `allowed` narrows the accepted values. */
export function checkGranularity<G extends Granularity>(
  value: unknown,
  fallback: G,
  allowed: readonly G[] = GRANULARITIES as readonly G[],
  name = "granularity",
): G {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw optionError(name, `must be one of ${allowed.map((g) => `"${g}"`).join(", ")}`, value, `Pass for example "${fallback}".`);
  }
  return value as G;
}

/** Reads a `weekStartsOn` option (integer 0..6), or throws INVALID_OPTION. */
export function checkWeekStartsOn(value: unknown, name = "weekStartsOn"): WeekStartsOn {
  if (value === undefined) return 1;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 6) {
    throw optionError(name, "must be an integer from 0 (Sunday) to 6 (Saturday)", value, "Pass 1 for weeks that start on Monday (the default) or 0 for Sunday.");
  }
  return value as WeekStartsOn;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

/** `ms` as local ISO 8601 in `zone` with its offset: `2024-03-01T00:00:00+01:00`, `…Z` at offset 0, seconds when the offset has them. */
export function isoWithOffset(ms: number, zone: ZoneCalendar): string {
  const o = zone.offsetOnce(ms);
  const local = ms + o;
  const day = Math.floor(local / MS_PER_DAY);
  const s = Math.floor((local - day * MS_PER_DAY) / 1000);
  const time = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  let offset = "Z";
  if (o !== 0) {
    const a = Math.round(Math.abs(o) / 1000);
    const sec = a % 60;
    offset = `${o < 0 ? "-" : "+"}${pad(Math.floor(a / 3600), 2)}:${pad(Math.floor(a / 60) % 60, 2)}${sec === 0 ? "" : `:${pad(sec, 2)}`}`;
  }
  return `${isoDate(day)}T${time}${offset}`;
}

/** Calendar periods of one granularity in one zone. Made by {@link periodKernel}; one per metric call. */
export interface PeriodKernel {
  readonly granularity: Granularity;
  /** Day a week starts on (used by `"week"` only). */
  readonly weekStartsOn: WeekStartsOn;
  readonly zone: ZoneCalendar;
  /** Period index of local day number `day`. */
  ofDay(day: number): number;
  /** Local day number of the first day of period `p`. */
  firstDay(p: number): number;
  /** Period index of instant `ms` (epoch milliseconds) in the zone. */
  ofInstant(ms: number): number;
  /**
   * Period index of instant `ms` through one read of the zone database: for one-off instants (window ends), so that a call does
   * not make the zone calendar scan a year of offsets for a single lookup. Same answer as `ofInstant`.
   */
  ofInstantOnce(ms: number): number;
  /** Instant (epoch ms) at which period `p` begins in the zone (a few database reads: call once per period). */
  start(p: number): number;
  /** Stable label of period `p`: `2024-03-05` (day; week: its first day), `2024-03`, `2024-Q1`, `2024`. */
  label(p: number): string;
  /**
   * Start of period `p` as ISO 8601 with the zone's offset, e.g. `2024-03-01T00:00:00+01:00` (`Z` for offset 0;
   * an offset with seconds, as local mean time before a zone adopted whole minutes, as `-00:44:30`, the form
   * of RFC 9557 and Temporal, so that the string names the exact instant).
   */
  startIso(p: number): string;
}

/**
 * Makes the {@link PeriodKernel} for `granularity` in `zone`.
 *
 * Cost: O(1) to make; `ofDay` and `firstDay` are a few integer operations; `start` is one offset lookup;
 * `label` is integer arithmetic; `startIso` reads the zone database once more.
 */
export function periodKernel(granularity: Granularity, zone: ZoneCalendar, weekStartsOn: WeekStartsOn = 1): PeriodKernel {
  // Day number of a day with weekday `weekStartsOn` (day 0, 1970-01-01, was a Thursday = 4).
  const anchor = weekStartsOn - 4;
  let ofDay: (day: number) => number;
  let firstDay: (p: number) => number;
  let label: (p: number) => string;
  const monthStart = (mi: number): number => {
    const y = Math.floor(mi / 12);
    return daysFromCivil(y, mi - y * 12 + 1, 1);
  };
  switch (granularity) {
    case "day":
      ofDay = (day) => day;
      firstDay = (p) => p;
      label = isoDate;
      break;
    case "week":
      ofDay = (day) => Math.floor((day - anchor) / 7);
      firstDay = (p) => anchor + 7 * p;
      label = (p) => isoDate(anchor + 7 * p);
      break;
    case "month":
      ofDay = monthIndexOfDay;
      firstDay = monthStart;
      label = (p) => {
        const y = Math.floor(p / 12);
        return `${pad(y, 4)}-${pad(p - y * 12 + 1, 2)}`;
      };
      break;
    case "quarter":
      ofDay = (day) => Math.floor(monthIndexOfDay(day) / 3);
      firstDay = (p) => monthStart(p * 3);
      label = (p) => {
        const y = Math.floor(p / 4);
        return `${pad(y, 4)}-Q${p - y * 4 + 1}`;
      };
      break;
    case "year":
      ofDay = (day) => Math.floor(monthIndexOfDay(day) / 12);
      firstDay = (p) => monthStart(p * 12);
      label = (p) => pad(p, 4);
      break;
  }
  // No TZDate here: @date-fns/tz 1.5.0 flips the sign of offsets between -1 h and 0 (see parseLongOffset).
  const start = (p: number): number => zone.wallToUtcOnce(firstDay(p) * MS_PER_DAY);
  const ofInstantOnce = (ms: number): number => ofDay(Math.floor((ms + zone.offsetOnce(ms)) / MS_PER_DAY));
  return {
    granularity,
    weekStartsOn,
    zone,
    ofDay,
    firstDay,
    ofInstant: (ms) => ofDay(zone.localDay(ms)),
    ofInstantOnce,
    start,
    label,
    startIso: (p) => isoWithOffset(start(p), zone),
  };
}

/**
 * `kernel.start` memoised: for loops that ask for the start of the same few periods again and again (each
 * distinct period costs one `start`).
 */
export function periodStarts(kernel: PeriodKernel): (p: number) => number {
  const memo = new Map<number, number>();
  return (p: number): number => {
    let v = memo.get(p);
    if (v === undefined) {
      v = kernel.start(p);
      memo.set(p, v);
    }
    return v;
  };
}

/** Bucket widths tried by {@link PeriodIndexer}: 1 h, 30 min, 15 min (every offset in use is a multiple). */
const BUCKETS_MS = [3_600_000, 1_800_000, 900_000];
/** Largest cache {@link PeriodIndexer} builds (entries). */
const MAX_CACHE = 1 << 22;

/**
 * Fast instant → period index for a hot loop, over the instants `[fromMs, toMs]` (others still work, slower).
 *
 * When every period boundary in the range falls on a whole hour (or half or quarter hour) of UTC, which holds
 * for every zone rule in use today, the period of an instant is one division and one typed-array read:
 * `cache[floor(ms / bucket) − base]`, with no zone lookup at all. Otherwise it falls back to a per-day cache:
 * one zone offset lookup, one division, one read. Neither builds a `Date` or calls date-fns.
 *
 * Cost to build: one {@link PeriodKernel.start} per period in the range, and 4 bytes per bucket (about 100 KB
 * for three years of hours) or per day.
 */
export class PeriodIndexer {
  readonly kernel: PeriodKernel;
  /** Bucket width in ms (0: no bucket cache). Public so a hot loop can inline {@link PeriodIndexer.ofInstant}. */
  readonly bucketMs: number;
  /** Index of the first cached bucket. */
  readonly bucketBase: number;
  /** Period index per bucket: `buckets[floor(ms / bucketMs) − bucketBase]`. */
  readonly buckets: Int32Array;
  /** The first period of {@link PeriodIndexer.starts}. */
  readonly startsFrom: number;
  /**
   * With a bucket table (`bucketMs` not 0): the starts (epoch ms) of periods `startsFrom`, `startsFrom + 1`, …,
   * one past the last period of the range, from which the table was built, so that an instant in
   * `[starts[j], starts[j + 1])` has period `startsFrom + j`, exactly as the table says. Empty without a table.
   */
  readonly starts: Float64Array;
  private readonly fromDay: number;
  private readonly days: Int32Array;

  constructor(kernel: PeriodKernel, fromMs: number, toMs: number) {
    this.kernel = kernel;
    let bucketMs = 0;
    let bucketBase = 0;
    let buckets = new Int32Array(0);
    let fromDay = 0;
    let days = new Int32Array(0);
    let startsFrom = 0;
    let startsOut = new Float64Array(0);
    if (Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs >= fromMs) {
      const pLo = kernel.ofInstantOnce(fromMs);
      const pHi = kernel.ofInstantOnce(toMs);
      const starts: number[] = [];
      if (pHi - pLo < MAX_CACHE) for (let p = pLo; p <= pHi + 1; p++) starts.push(kernel.start(p));
      for (const width of BUCKETS_MS) {
        const b0 = Math.floor(fromMs / width);
        const b1 = Math.floor(toMs / width);
        if (starts.length === 0 || b1 - b0 + 1 > MAX_CACHE || !starts.every((st) => st % width === 0)) continue;
        bucketMs = width;
        bucketBase = b0;
        buckets = new Int32Array(b1 - b0 + 1);
        let j = 0;
        for (let b = b0; b <= b1; b++) {
          const at = b * width;
          while (j + 1 < starts.length && (starts[j + 1] as number) <= at) j++;
          buckets[b - b0] = pLo + j;
        }
        startsFrom = pLo;
        startsOut = Float64Array.from(starts);
        break;
      }
      if (bucketMs === 0) {
        fromDay = kernel.zone.localDay(fromMs);
        const toDay = kernel.zone.localDay(toMs);
        const len = Math.min(toDay - fromDay + 1, MAX_CACHE);
        days = new Int32Array(len);
        for (let d = 0; d < len; d++) days[d] = kernel.ofDay(fromDay + d);
      }
    }
    this.bucketMs = bucketMs;
    this.bucketBase = bucketBase;
    this.buckets = buckets;
    this.startsFrom = startsFrom;
    this.starts = startsOut;
    this.fromDay = fromDay;
    this.days = days;
  }

  /** Period index of local day number `day`. */
  ofDay(day: number): number {
    const v = this.days[day - this.fromDay];
    return v === undefined ? this.kernel.ofDay(day) : v;
  }

  /** Period index of instant `ms`. */
  ofInstant(ms: number): number {
    if (this.bucketMs !== 0) {
      const v = this.buckets[Math.floor(ms / this.bucketMs) - this.bucketBase];
      if (v !== undefined) return v;
    }
    return this.ofDay(this.kernel.zone.localDay(ms));
  }
}
