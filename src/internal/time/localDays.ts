import { MS_PER_DAY } from "./civil.js";
import { NO_DAY, type ZoneCalendar } from "./zone.js";

/**
 * The local-day cache: which calendar day of a zone an instant falls on, for loops that need one per order
 * without a method call. A per-hour table of local day numbers over a range of instants
 * ({@link ZoneCalendar.hourDays}), read by {@link localDayOf}, which asks the calendar itself
 * ({@link ZoneCalendar.localDay}) only for an hour outside the table or without a single local day. In UTC
 * there is no table: the day is one division.
 *
 * It is a plain record of a flag, two numbers and a function; hot loops take those as separate arguments (never
 * the record or the calendar: see the rules on hot loops in CONTRIBUTING.md). One is built per kernel call, over
 * the book's order times.
 */
export interface LocalDays {
  /** Whether the zone is UTC (then `days` is empty and the day is `floor(t / 1 day)`). */
  readonly utc: boolean;
  /** The hour of `days[0]`: `floor(ms / 3,600,000)` of the first instant covered. */
  readonly base: number;
  /** Local day number per whole UTC hour, or {@link NO_DAY} for an hour without a single local day. */
  readonly days: Int32Array;
  /** The calendar's own lookup, for the instants the table does not answer. */
  readonly localDay: (t: number) => number;
}

const EMPTY_DAYS = new Int32Array(0);
// Module constants, not the imported binding: read per order (some module loaders, e.g. Vite's SSR transform,
// turn an imported binding into a property read).
const DAY_MS = MS_PER_DAY;
const HOUR_MS = 3_600_000;
const NONE = NO_DAY;

/** The local-day cache of `zone` over the instants `[fromMs, toMs]` (an empty table when that is not finite). */
export function localDays(zone: ZoneCalendar, fromMs: number, toMs: number): LocalDays {
  const table = zone.isUtc ? null : zone.hourDays(fromMs, toMs);
  return { utc: zone.isUtc, base: table?.base ?? 0, days: table?.days ?? EMPTY_DAYS, localDay: (t: number): number => zone.localDay(t) };
}

/** Local day number of instant `t`, from the fields of a {@link LocalDays} (the same day as `zone.localDay(t)`). */
export function localDayOf(t: number, utc: boolean, base: number, days: Int32Array, localDay: (t: number) => number): number {
  if (utc) return Math.floor(t / DAY_MS);
  const b = Math.floor(t / HOUR_MS) - base;
  const d = b >= 0 && b < days.length ? (days[b] as number) : NONE;
  return d !== NONE ? d : localDay(t);
}
