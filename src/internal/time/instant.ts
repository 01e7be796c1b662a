import { daysFromCivil, daysInMonth, MS_PER_DAY } from "./civil.js";
import { optionError, recordError } from "../fail.js";
import type { RetentionMetricsError } from "../../core/RetentionMetricsError.js";
import type { ZoneCalendar } from "./zone.js";

/** Mutable per-call parse state (never module-level). */
export interface InstantParseState {
  /** Set when any string without an offset was read as a wall-clock time in the zone. */
  sawWallClock: boolean;
  /**
   * Set when any instant read was not a date-only string: a `Date`, a number, or a string with a time of day.
   * While it stays unset, every order was given as a calendar date only (then the default `asOf` is the end of
   * the last day; see `OrderColumns.dateOnly`).
   */
  sawTimeOfDay: boolean;
  /**
   * Set for a one-off read (an option such as `from` or `asOf`): a wall-clock time is resolved by a few reads of
   * the zone database ({@link ZoneCalendar.wallToUtcOnce}) rather than by scanning a year of offsets into the
   * calendar's cache, which only pays off over many orders. The same instant either way.
   */
  once?: boolean;
}

/** A fresh {@link InstantParseState}. */
export function newParseState(): InstantParseState {
  return { sawWallClock: false, sawTimeOfDay: false };
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses an ISO 8601 string to epoch milliseconds, or returns NaN. Accepted forms:
 * `YYYY-MM-DD`, `YYYYMMDD`, and `YYYY-MM-DD[T|t| ]HH:mm[:ss[.fraction]]` followed by `Z`, `z`, `±HH:MM`,
 * `±HHMM`, `±HH` or nothing, the zone optionally after one space (`2024-01-03 09:00:55 +0100`, Shopify's
 * "Created at"). Without an offset, the fields are a wall-clock time in `zone` (date-only means local
 * midnight). Hand-written so that a hot loop does not build a Date per order.
 */
export function parseIsoString(s: string, zone: ZoneCalendar, state: InstantParseState): number {
  const len = s.length;
  let y: number;
  let mo: number;
  let d: number;
  let p: number;
  if (len >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    y = digits(s, 0, 4);
    mo = digits(s, 5, 2);
    d = digits(s, 8, 2);
    p = 10;
  } else if (len === 8) {
    y = digits(s, 0, 4);
    mo = digits(s, 4, 2);
    d = digits(s, 6, 2);
    p = 8;
  } else {
    return NaN;
  }
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let offset = NaN;
  if (p < len) {
    state.sawTimeOfDay = true;
    const sep = s.charCodeAt(p);
    if ((sep !== 84 && sep !== 116 && sep !== 32) || len < p + 6 || s.charCodeAt(p + 3) !== 58) return NaN;
    h = digits(s, p + 1, 2);
    mi = digits(s, p + 4, 2);
    p += 6;
    if (p < len && s.charCodeAt(p) === 58) {
      sec = digits(s, p + 1, 2);
      if (p + 3 > len) return NaN;
      p += 3;
      if (p < len && (s.charCodeAt(p) === 46 || s.charCodeAt(p) === 44)) {
        p++;
        // Milliseconds are the first three digits (later digits are truncated, that is floored), in integers.
        const fracStart = p;
        while (p < len) {
          const c = s.charCodeAt(p) - 48;
          if (c < 0 || c > 9) break;
          if (p - fracStart < 3) ms = ms * 10 + c;
          p++;
        }
        const digitsRead = p - fracStart;
        if (digitsRead === 0) return NaN;
        if (digitsRead === 1) ms *= 100;
        else if (digitsRead === 2) ms *= 10;
      }
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
    if (p < len) {
      // One space may separate the time from its zone (Shopify, many SQL exports); a space must be followed by one.
      if (s.charCodeAt(p) === 32 && p + 1 < len) p++;
      const c = s.charCodeAt(p);
      if ((c === 90 || c === 122) && p + 1 === len) {
        offset = 0;
      } else if (c === 43 || c === 45) {
        const sign = c === 43 ? 1 : -1;
        const rest = len - p - 1;
        let oh: number;
        let om = 0;
        if (rest === 2) oh = digits(s, p + 1, 2);
        else if (rest === 4) {
          oh = digits(s, p + 1, 2);
          om = digits(s, p + 3, 2);
        } else if (rest === 5 && s.charCodeAt(p + 3) === 58) {
          oh = digits(s, p + 1, 2);
          om = digits(s, p + 4, 2);
        } else return NaN;
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
        offset = sign * (oh * 3_600_000 + om * 60_000);
      } else {
        return NaN;
      }
    }
  }
  const wall = daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
  if (Number.isNaN(offset)) {
    state.sawWallClock = true;
    return state.once === true ? zone.wallToUtcOnce(wall) : zone.wallToUtc(wall);
  }
  return wall - offset;
}

/** Largest instant a Date can hold (±8.64e15 ms). */
const MAX_INSTANT = 8.64e15;

/**
 * Reads an `Instant` (Date, ISO string, or epoch milliseconds) to epoch milliseconds, or NaN when it is not one.
 */
export function instantToMs(value: unknown, zone: ZoneCalendar, state: InstantParseState): number {
  if (typeof value === "string") return parseIsoString(value, zone, state);
  state.sawTimeOfDay = true;
  if (typeof value === "number") return Number.isFinite(value) && Math.abs(value) <= MAX_INSTANT ? value : NaN;
  return dateTime(value);
}

/**
 * The time of a `Date`, from this realm or another (an iframe, a `node:vm` context, a worker's structured
 * clone): every object whose `Object.prototype.toString` is `[object Date]`, read by `Date.prototype.getTime`
 * (which works across realms). NaN for anything else, including an object that only fakes the tag.
 */
export function dateTime(value: unknown): number {
  if (typeof value !== "object" || value === null || Object.prototype.toString.call(value) !== "[object Date]") return NaN;
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return NaN;
  }
}

/**
 * The range of an order's `placedAt`: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (four-digit years, as
 * ISO 8601 writes them). A `Date` holds ±8.64e15 ms (years −271821 to 275760), but the calendar arithmetic of the
 * metrics (the start of a period in a zone, the next period, `asOf` past the last order) steps beyond the
 * orders, so an order at the edge of a `Date` would make a later call throw `RangeError`; inside these years
 * every such step stays far within a `Date`. Refused as INVALID_DATE whatever `earliestDate` says.
 */
export const EARLIEST_ORDER_TIME = -62_135_596_800_000;
/** See {@link EARLIEST_ORDER_TIME}. */
export const LATEST_ORDER_TIME = 253_402_300_799_999;

/** Whether an epoch-ms time `t` (not NaN) lies in the years 0001–9999 an order's placedAt may have. */
export function inOrderYears(t: number): boolean {
  return t >= EARLIEST_ORDER_TIME && t <= LATEST_ORDER_TIME;
}

/** INVALID_DATE: record `index`'s placedAt `t` (a valid `Date` time) is outside the years 0001–9999. */
export function outOfYearsError(index: number, raw: unknown, t: number): RetentionMetricsError {
  return recordError(
    "INVALID_DATE",
    index,
    "placedAt",
    `is ${iso(t)}, outside the years 0001–9999 that order times may have`,
    raw,
    "Check the value: it is not a real order time (a number in the wrong unit, or a placeholder such as the largest Date).",
  );
}

/** INVALID_OPTION: option `name` is the instant `ms` (a valid `Date` time, read from `raw`) outside the years 0001–9999. */
export function outOfYearsOptionError(name: string, raw: unknown, ms: number): RetentionMetricsError {
  return optionError(
    name,
    `is ${Math.abs(ms) <= MAX_INSTANT ? iso(ms) : "beyond the Date range"}, outside the years 0001–9999 that order times and windows may have`,
    raw,
    "Pass a time in the years 0001–9999 (a number is read as epoch milliseconds), or leave the option out for no bound.",
  );
}

/** Default of the `earliestDate` option: 1990-01-01T00:00:00Z, before any online shop. */
export const DEFAULT_EARLIEST_DATE = 631_152_000_000;

/**
 * Reads the `earliestDate` option of the prepare functions and the accumulator to epoch ms: the default when
 * `undefined`, -Infinity (no bound) when `null`, or throws INVALID_OPTION.
 */
export function earliestDateOption(value: unknown, zone: ZoneCalendar): number {
  if (value === undefined) return DEFAULT_EARLIEST_DATE;
  if (value === null) return -Infinity;
  const ms = instantToMs(value, zone, newParseState());
  if (Number.isNaN(ms)) {
    throw optionError(
      "earliestDate",
      "is not a valid instant",
      value,
      'Pass a Date, epoch milliseconds or an ISO 8601 string such as "1980-01-01", or null to accept any date.',
    );
  }
  if (!inOrderYears(ms)) throw outOfYearsOptionError("earliestDate", value, ms);
  return ms;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** 2100-01-01T00:00:00Z: a number whose thousandfold lies before this (and not before earliestDate) looks like epoch seconds. */
const SECONDS_UNTIL = 4_102_444_800_000;

/** `YYYY-MM-DD` of an integer `yyyymmdd` that is a valid calendar date (years 1000–9999), else null. */
function yyyymmdd(x: number): string | null {
  if (!Number.isInteger(x) || x < 10_000_101 || x > 99_991_231) return null;
  const y = Math.floor(x / 10_000);
  const mo = Math.floor(x / 100) % 100;
  const d = x % 100;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * INVALID_DATE for a placedAt at `t` (epoch ms) before `earliest`, read from `raw`. `numberIsMs`: `raw` is a
 * number that was read as epoch milliseconds (then a yyyymmdd date or epoch seconds is named as the likely
 * mistake). `entry` is the call whose `earliestDate` option moves the bound, e.g. `prepareOrders(orders, …)`.
 */
export function earlyDateError(index: number, raw: unknown, t: number, earliest: number, numberIsMs: boolean, entry: string): RetentionMetricsError {
  const x = typeof raw === "bigint" ? Number(raw) : raw;
  if (numberIsMs && typeof x === "number") {
    const date = yyyymmdd(x);
    if (date !== null) {
      return recordError(
        "INVALID_DATE",
        index,
        "placedAt",
        `looks like the date ${date} written as a yyyymmdd number, but a number is read as epoch milliseconds (${iso(t)})`,
        raw,
        `Pass the date as a string, "${date}" or "${x}" (String(value); turn off the number casting of your CSV reader for this column), or as a Date.`,
      );
    }
    const seconds = x * 1000;
    if (seconds >= earliest && seconds < SECONDS_UNTIL) {
      return recordError(
        "INVALID_DATE",
        index,
        "placedAt",
        `looks like epoch seconds (${iso(seconds)}), but a number is read as epoch milliseconds (${iso(t)})`,
        raw,
        "Multiply epoch seconds by 1000, or pass a Date or an ISO 8601 string.",
      );
    }
  }
  return recordError(
    "INVALID_DATE",
    index,
    "placedAt",
    `is ${iso(t)}, before earliestDate ${iso(earliest)}`,
    raw,
    `Check the value: a missing time read as 0 or a number in the wrong unit lands in 1970. If orders this old are real, pass ${entry.replace("…", "{ earliestDate: null }")} or an earlier earliestDate.`,
  );
}
