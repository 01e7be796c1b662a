import { MS_PER_DAY } from "./civil.js";
import { optionError } from "../fail.js";

/** Width of one lazily scanned block of the time line (2^35 ms, about 398 days). */
const BLOCK_MS = 2 ** 35;
const SAMPLE_MS = 6 * 3_600_000;
/** Lookups a calendar answers by a direct database read before it scans a block (see ZoneCalendar.offsetAt). */
const DIRECT_READS = 128;
const HOUR_MS = 3_600_000;
/** Marks an hour of {@link ZoneCalendar.hourDays} that has no single local day (no real day number is this large). */
export const NO_DAY = 0x7fffffff;

interface Block {
  /** Start instants of constant-offset segments inside the block (first one is the block start). */
  starts: number[];
  /** Offset in ms of each segment. */
  offsets: number[];
}

/** Largest instant a Date can hold (±8.64e15 ms); offsets past it are read at the edge. */
const DATE_LIMIT_MS = 8.64e15;

/**
 * The UTC offset in milliseconds in an `Intl.DateTimeFormat` `"longOffset"` string ("5/31/1950, GMT-00:44:30",
 * "1/1/2024, GMT+01:00", "1/1/2024, GMT"), sign taken from the string. Written here rather than taken from
 * `tzOffset` of `@date-fns/tz`: its 1.5.0 reads the sign from the hours, so an offset between −1 h and 0
 * (`-00:44:30`, Africa/Monrovia before 1972; `-00:25:21`, Europe/Dublin before 1916) comes out positive.
 */
export function parseLongOffset(text: string): number {
  const at = text.lastIndexOf("GMT");
  if (at < 0) return NaN;
  const p = at + 3;
  if (p === text.length) return 0;
  const c = text.charCodeAt(p);
  if (c !== 43 && c !== 45 && c !== 0x2212) return NaN;
  const sign = c === 43 ? 1 : -1;
  const parts = text.slice(p + 1).split(":");
  if (parts.length > 3) return NaN;
  let ms = 0;
  let unit = 3_600_000;
  for (const part of parts) {
    if (!/^[0-9]{1,2}$/.test(part)) return NaN;
    ms += Number(part) * unit;
    unit /= 60;
  }
  return sign * ms;
}

/** Whether a canonical zone name is UTC under another name. */
const isUtcName = (z: string): boolean => z === "UTC" || z === "Etc/UTC" || z === "Etc/GMT" || z === "GMT";

/**
 * The runtime's canonical name of a zone it knows (`resolvedOptions().timeZone`: `"utc"` and `"Etc/UTC"` are
 * `"UTC"`; `"Europe/Kyiv"` and `"Europe/Kiev"` are one name, whichever the runtime's tzdata calls primary), so
 * that two names of one zone compare equal. Every comparison of zones goes through it (books, accumulators,
 * merges); the name the caller gave is kept for display.
 */
export function canonicalTimeZone(timeZone: string): string {
  try {
    const z = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
    return isUtcName(z) ? "UTC" : z;
  } catch {
    return timeZone;
  }
}

/** Checks that `timeZone` is a name the runtime's time-zone database knows, or throws INVALID_TIME_ZONE. */
export function checkTimeZone(timeZone: unknown, name = "timeZone"): string {
  if (typeof timeZone !== "string" || timeZone.length === 0) {
    throw optionError(name, "must be an IANA time-zone name", timeZone, 'Pass a name such as "UTC" or "Europe/Prague".', "INVALID_TIME_ZONE");
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw optionError(
      name,
      "is not a time zone this runtime knows",
      timeZone,
      'Pass an IANA name such as "UTC", "America/New_York" or "Asia/Kolkata".',
      "INVALID_TIME_ZONE",
    );
  }
  return timeZone;
}

/**
 * Fast UTC-offset lookups for one IANA zone. Offsets come from the runtime's time-zone database through
 * `Intl.DateTimeFormat` (`timeZoneName: "longOffset"`, read by {@link parseLongOffset}), scanned lazily block by block and bisected to the second, so that a lookup
 * in a hot loop is a range check (or a short scan), never an Intl or Date call.
 *
 * An instance is a cache of what it read from the database: a book keeps the one of its own zone, which the
 * metric calls on that book in that zone share (the answers do not depend on which call filled the cache);
 * any other instance lives for one metric call. Nothing is kept at module level (no global state).
 */
export class ZoneCalendar {
  readonly timeZone: string;
  readonly isUtc: boolean;
  /** The runtime's canonical name of the zone ({@link canonicalTimeZone}), for comparing zones. */
  readonly canonical: string;
  private readonly blocks = new Map<number, Block>();
  private segStart = 1;
  private segEnd = 0;
  private segOffset = 0;
  private readonly dtf: Intl.DateTimeFormat;
  /** Offsets (ms) by the text after "GMT" that Intl wrote: a zone has few, so each is parsed once. */
  private readonly parsed = new Map<string, number>();

  /** Lookups answered by a direct read before the first block scan (see {@link offsetAt}). */
  private directReads = 0;

  constructor(timeZone: string) {
    // One Intl object both validates the name and reads offsets (checkTimeZone, which builds its own, only
    // words the error).
    let dtf: Intl.DateTimeFormat;
    try {
      if (typeof timeZone !== "string" || timeZone.length === 0) throw new TypeError();
      dtf = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    } catch {
      checkTimeZone(timeZone);
      throw new RangeError(`time zone ${String(timeZone)}`);
    }
    this.timeZone = timeZone;
    this.dtf = dtf;
    const resolved = dtf.resolvedOptions().timeZone;
    this.canonical = isUtcName(resolved) ? "UTC" : resolved;
    this.isUtc = isUtcName(timeZone) || this.canonical === "UTC";
  }

  private rawOffset(ms: number): number {
    const at = ms > DATE_LIMIT_MS ? DATE_LIMIT_MS : ms < -DATE_LIMIT_MS ? -DATE_LIMIT_MS : ms;
    const text = this.dtf.format(at);
    const gmt = text.lastIndexOf("GMT");
    const key = gmt < 0 ? text : text.slice(gmt);
    let o = this.parsed.get(key);
    if (o === undefined) {
      o = parseLongOffset(key);
      o = Number.isNaN(o) ? 0 : Math.round(o);
      this.parsed.set(key, o);
    }
    return o;
  }

  /**
   * UTC offset in milliseconds at instant `ms` by one read of the database, without scanning or filling the
   * cache: for one-off instants (a period start, a window end), the same answer as {@link offsetAt}.
   */
  offsetOnce(ms: number): number {
    return this.isUtc ? 0 : this.rawOffset(ms);
  }

  private scan(key: number): Block {
    const start = key * BLOCK_MS;
    const end = start + BLOCK_MS;
    const starts = [start];
    const offsets = [this.rawOffset(start)];
    let prevT = start;
    let prevO = offsets[0] as number;
    for (let t = start + SAMPLE_MS; ; t += SAMPLE_MS) {
      const at = Math.min(t, end - 1);
      const o = this.rawOffset(at);
      if (o !== prevO) {
        // Bisect (prevT, at] to the second where the offset becomes o.
        let lo = prevT;
        let hi = at;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2);
          if (this.rawOffset(mid) === prevO) lo = mid;
          else hi = mid;
        }
        // Time-zone rules change on whole seconds: take the whole second in (lo, hi].
        const whole = Math.floor(hi / 1000) * 1000;
        starts.push(whole > lo ? whole : hi);
        offsets.push(o);
        prevO = o;
      }
      prevT = at;
      if (at >= end - 1) break;
    }
    const block = { starts, offsets };
    this.blocks.set(key, block);
    return block;
  }

  /**
   * UTC offset in milliseconds at instant `ms` (local = utc + offset). The first {@link DIRECT_READS} lookups
   * outside the scanned blocks read the database directly (one Intl call each), so that a call on a few orders
   * does not scan a year of offsets (about 1,600 Intl calls); later ones scan the block and are range checks.
   */
  offsetAt(ms: number): number {
    if (this.isUtc) return 0;
    if (ms >= this.segStart && ms < this.segEnd) return this.segOffset;
    if (this.directReads < DIRECT_READS && !this.blocks.has(Math.floor(ms / BLOCK_MS))) {
      this.directReads++;
      return this.rawOffset(ms);
    }
    return this.offsetScanned(ms);
  }

  /** {@link offsetAt} through the scanned block, leaving the constant-offset segment around `ms` in segStart / segEnd. */
  private offsetScanned(ms: number): number {
    if (this.isUtc) return 0;
    if (ms >= this.segStart && ms < this.segEnd) return this.segOffset;
    const key = Math.floor(ms / BLOCK_MS);
    const block = this.blocks.get(key) ?? this.scan(key);
    const { starts, offsets } = block;
    let i = starts.length - 1;
    while (i > 0 && (starts[i] as number) > ms) i--;
    this.segStart = starts[i] as number;
    this.segEnd = i + 1 < starts.length ? (starts[i + 1] as number) : (key + 1) * BLOCK_MS;
    this.segOffset = offsets[i] as number;
    return this.segOffset;
  }

  /**
   * The instant at which the wall clock in this zone reads `wallMs` (wall-clock fields encoded as if UTC).
   * Ambiguous times (clocks going back) resolve to the earlier instant; skipped times (clocks going
   * forward) move forward by the length of the gap, as Temporal's `"compatible"` disambiguation does.
   */
  wallToUtc(wallMs: number): number {
    return this.isUtc ? wallMs : this.resolveWall(wallMs, (ms) => this.offsetAt(ms));
  }

  /** {@link wallToUtc} by a few reads of the database, without scanning (for one-off wall times). */
  wallToUtcOnce(wallMs: number): number {
    return this.isUtc ? wallMs : this.resolveWall(wallMs, (ms) => this.rawOffset(ms));
  }

  private resolveWall(wallMs: number, offsetAt: (ms: number) => number): number {
    const before = offsetAt(wallMs - MS_PER_DAY);
    const after = offsetAt(wallMs + MS_PER_DAY);
    const tBefore = wallMs - before;
    const okBefore = tBefore + offsetAt(tBefore) === wallMs;
    if (before === after) {
      if (okBefore) return tBefore;
    } else {
      const tAfter = wallMs - after;
      const okAfter = tAfter + offsetAt(tAfter) === wallMs;
      if (okBefore && okAfter) return Math.min(tBefore, tAfter);
      if (okBefore) return tBefore;
      if (okAfter) return tAfter;
    }
    // In a gap: read the wall time with the offset in force before the transition.
    return tBefore;
  }

  /**
   * The local day of each whole UTC hour of `[fromMs, toMs]`, for hot loops that need one per order without a
   * method call: `days[floor(ms / 3,600,000) − base]` is the local day number of `ms` (as {@link localDay}), or
   * {@link NO_DAY} for an hour that is not inside one local day at one offset (the offset changes in it, or a
   * local midnight falls inside it, as in zones with half-hour offsets). `null` when the range is empty, not
   * finite, or longer than `maxHours` (about 120 years by default).
   */
  hourDays(fromMs: number, toMs: number, maxHours = 1 << 20): { base: number; days: Int32Array } | null {
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) return null;
    const base = Math.floor(fromMs / HOUR_MS);
    const last = Math.floor(toMs / HOUR_MS);
    if (last - base + 1 > maxHours) return null;
    const days = new Int32Array(last - base + 1);
    for (let h = base; h <= last; h++) {
      const start = h * HOUR_MS;
      const o = this.offsetScanned(start);
      // offsetScanned leaves the constant-offset segment around `start` in segStart / segEnd.
      const constant = this.isUtc || this.segEnd >= start + HOUR_MS;
      const first = Math.floor((start + o) / MS_PER_DAY);
      days[h - base] = constant && Math.floor((start + o + HOUR_MS - 1) / MS_PER_DAY) === first ? first : NO_DAY;
    }
    return { base, days };
  }

  /**
   * Whether the local day never goes back over `[fromMs, toMs]`: false when a change to a smaller offset there
   * takes the wall clock back across midnight (as America/St_Johns did at 00:01 until 2010), so that a later
   * instant can fall on an earlier local day. Then "the day of the earliest order" and "the earliest day of
   * an order" can differ. Reads the offset segments that {@link hourDays} and {@link localDay} scan anyway.
   */
  daysNeverGoBack(fromMs: number, toMs: number): boolean {
    if (this.isUtc || !Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) return true;
    let prev = this.offsetAt(fromMs);
    for (let key = Math.floor(fromMs / BLOCK_MS); key <= Math.floor(toMs / BLOCK_MS); key++) {
      const { starts, offsets } = this.blocks.get(key) ?? this.scan(key);
      for (let i = 0; i < starts.length; i++) {
        const start = starts[i] as number;
        const o = offsets[i] as number;
        if (start > fromMs && start <= toMs && o < prev && Math.floor((start + o) / MS_PER_DAY) < Math.floor((start - 1 + prev) / MS_PER_DAY)) return false;
        prev = o;
      }
    }
    return true;
  }

  /** Local calendar day number (days since 1970-01-01 in this zone) of instant `ms`. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / MS_PER_DAY);
  }

  /** The instant at which local day number `day` begins (handles days that start at 01:00 after a gap). */
  startOfLocalDay(day: number): number {
    return this.wallToUtc(day * MS_PER_DAY);
  }
}
