import { daysFromCivil, daysInMonth, MS_PER_DAY } from "./civil.js";
import type { ZoneCalendar } from "./zone.js";

/** Mutable per-call parse state (never module-level). */
export interface InstantParseState {
  /** Set when any string without an offset was read as a wall-clock time in the zone. */
  sawWallClock: boolean;
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
 * `YYYY-MM-DD`, `YYYYMMDD`, and `YYYY-MM-DD[T| ]HH:mm[:ss[.fraction]]` followed by `Z`, `±HH:MM`, `±HHMM`,
 * `±HH` or nothing. Without an offset, the fields are a wall-clock time in `zone` (date-only means local
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
    return zone.wallToUtc(wall);
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
  if (typeof value === "number") return Number.isFinite(value) && Math.abs(value) <= MAX_INSTANT ? value : NaN;
  if (value instanceof Date) return value.getTime();
  return NaN;
}
