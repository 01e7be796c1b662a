import type { AccumulatorCustomerColumns, AccumulatorState, OrderAccessors } from "../../core/types.js";
import { isCurrencyCode } from "../book/orderRecord.js";
import { argumentError } from "../fail.js";
import { MAX_SCALE } from "../money/money.js";
import { DEFAULT_EARLIEST_DATE } from "../time/instant.js";
import { AccumulatorCore } from "./core.js";
import { base64ToWords, FingerprintSet, wordsToBase64 } from "./fingerprints.js";
import {
  dayList,
  dayMask,
  dayWord,
  emptyRecord,
  nextDay,
  nextPeriod,
  periodGross,
  periodList,
  periodOf,
  periodOrders,
  periodRefunded,
  purchaseDaysOf,
  readRecord,
} from "./layout.js";
import { checkCoreOptions, type CoreOptions } from "./options.js";
import { RetentionMetricsError } from "../../core/RetentionMetricsError.js";

/** Version of {@link AccumulatorState}; bumped whenever its meaning changes. */
const STATE_VERSION = 1;

/** The whole state of an accumulator as plain JSON data (what `accumulator.toJSON()` returns). */
export function stateOf(core: AccumulatorCore): AccumulatorState {
  const C = core.ids.size;
  const { rec, dpool, pool, ipool } = core;
  const orders = new Array<number>(C);
  const gross = new Array<string>(C);
  const refunded = new Array<string>(C);
  const firstTime = new Array<number>(C);
  const lastTime = new Array<number>(C);
  const firstGross = new Array<string>(C);
  const firstRefunded = new Array<string>(C);
  const firstSegment = new Array<number>(C);
  const firstDay = new Array<number>(C);
  const lastDay = new Array<number>(C);
  const purchaseDays = new Array<number>(C);
  const firstDayGross = new Array<string>(C);
  const firstDayRefunded = new Array<string>(C);
  const r = emptyRecord();
  for (let c = 0; c < C; c++) {
    readRecord(rec, c, r);
    orders[c] = r.orders;
    gross[c] = String(r.gross);
    refunded[c] = String(r.refunded);
    firstTime[c] = r.firstTime;
    lastTime[c] = r.lastTime;
    firstGross[c] = String(r.firstGross);
    firstRefunded[c] = String(r.firstRefunded);
    firstSegment[c] = r.firstSegment;
    firstDay[c] = r.firstDay;
    lastDay[c] = r.lastDay;
    purchaseDays[c] = r.purchaseDays;
    firstDayGross[c] = String(r.firstDayGross);
    firstDayRefunded[c] = String(r.firstDayRefunded);
  }
  const dayBits: number[] = [];
  const periods: number[] = [];
  const periodMoney: string[] = [];
  const dayEntries = new Array<number>(C);
  const periodEntries = new Array<number>(C);
  for (let c = 0; c < C; c++) {
    let k = 0;
    for (let e = dayList(rec, c); e >= 0; e = nextDay(dpool, e), k++) dayBits.push(dayWord(dpool, e), dayMask(dpool, e));
    dayEntries[c] = k;
    k = 0;
    for (let e = periodList(rec, c); e >= 0; e = nextPeriod(ipool, e), k++) {
      periods.push(periodOf(ipool, e), periodOrders(pool, e));
      periodMoney.push(String(periodGross(pool, e)), String(periodRefunded(pool, e)));
    }
    periodEntries[c] = k;
  }
  return {
    version: STATE_VERSION,
    timeZone: core.timeZone,
    granularity: core.granularity,
    weekStartsOn: core.weekStartsOn,
    duplicateOrderIds: core.duplicateOrderIds,
    orders: core.n,
    scale: core.scale,
    currency: core.currency,
    sawWallClock: core.sawWallClock,
    sawTimeOfDay: core.sawTimeOfDay,
    earliestDate: Number.isFinite(core.earliest) ? core.earliest : null,
    minTime: core.n === 0 ? null : core.minTime,
    maxTime: core.n === 0 ? null : core.maxTime,
    segments: core.segLabels.slice(),
    customers: {
      ids: core.ids.keys.slice(),
      orders,
      gross,
      refunded,
      firstTime,
      lastTime,
      firstOrderId: core.cFirstId.slice(0, C),
      firstGross,
      firstRefunded,
      firstSegment,
      firstDay,
      lastDay,
      purchaseDays,
      firstDayGross,
      firstDayRefunded,
      dayEntries,
      periodEntries,
    },
    dayBits,
    periods,
    periodMoney,
    fingerprints: core.fps === null ? null : wordsToBase64(core.fps.packed()),
  };
}

/** Rebuilds an accumulator's core from {@link stateOf}'s output (or its JSON text); throws INVALID_ARGUMENT on a malformed state. */
export function coreFromState(state: unknown, accessors: OrderAccessors<unknown> = {}): AccumulatorCore {
  const bad: (what: string, got: unknown) => never = (what, got) => {
    throw argumentError("state", what, got, "Pass the value of JSON.stringify(accumulator) or accumulator.toJSON(), unchanged.");
  };
  if (typeof state === "string") {
    try {
      state = JSON.parse(state) as unknown;
    } catch {
      bad("is not JSON", state);
    }
  }
  if (typeof state !== "object" || state === null) bad("is not an accumulator state", state);
  const s = state as AccumulatorState;
  if (s.version !== STATE_VERSION) bad(`has version ${String(s.version)}; this library reads version ${STATE_VERSION}`, s.version);
  if (s.earliestDate !== undefined && s.earliestDate !== null && (typeof s.earliestDate !== "number" || !Number.isFinite(s.earliestDate))) bad("has a bad earliestDate", s.earliestDate);
  const core = new AccumulatorCore(stateOptions(s, accessors, bad));
  const intOk = (v: unknown, lo = -Infinity): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= lo;
  if (!intOk(s.orders, 0)) bad("has a bad orders count", s.orders);
  if (!intOk(s.scale, 0) || s.scale > MAX_SCALE) bad("has a bad scale", s.scale);
  if (s.currency !== null && !isCurrencyCode(s.currency)) bad("has a bad currency", s.currency);
  if (!Array.isArray(s.segments) || !s.segments.every((x) => typeof x === "string")) bad("has bad segments", s.segments);
  const cu = s.customers;
  if (typeof cu !== "object" || cu === null || !Array.isArray(cu.ids)) bad("has no customers", cu);
  const C = cu.ids.length;
  const keys = Object.keys(cu) as (keyof AccumulatorCustomerColumns)[];
  for (const k of keys) if (!Array.isArray(cu[k]) || cu[k].length !== C) bad(`has customers.${k} of the wrong length`, cu[k]);
  core.n = s.orders;
  core.scale = s.scale;
  core.currency = s.currency;
  core.sawWallClock = s.sawWallClock === true;
  // A state written before the flag existed: its orders may have had times of day.
  core.sawTimeOfDay = s.orders > 0 && s.sawTimeOfDay !== false;
  if (s.orders > 0 && (typeof s.minTime !== "number" || typeof s.maxTime !== "number" || !(s.minTime <= s.maxTime))) bad("has bad minTime or maxTime", s.minTime);
  core.minTime = s.orders === 0 ? Infinity : (s.minTime as number);
  core.maxTime = s.orders === 0 ? -Infinity : (s.maxTime as number);
  for (const label of s.segments) core.segmentIndex(label);
  const units = (x: unknown): number => {
    const v = typeof x === "string" && /^\d+$/.test(x) ? Number(x) : NaN;
    if (!Number.isSafeInteger(v)) bad("has an amount that is not an integer string", x);
    return v;
  };
  const num = (x: unknown): number => (typeof x === "number" && !Number.isNaN(x) ? x : bad("has a number field that is not a number", x));
  const int = (x: unknown): number => (intOk(x) ? (x as number) : bad("has an integer field that is not an integer", x));
  const { dayBits, periods, periodMoney } = s;
  if (!Array.isArray(dayBits) || !Array.isArray(periods) || !Array.isArray(periodMoney) || periodMoney.length !== periods.length) bad("has bad dayBits or periods", s.periods);
  const r = emptyRecord();
  let dAt = 0;
  let pAt = 0;
  for (let k = 0; k < C; k++) {
    const id = cu.ids[k];
    if (typeof id !== "string" || id.length === 0 || core.ids.get(id) >= 0) bad("has a bad or repeated customer id", id);
    const c = core.customerIndex(id as string);
    // Read (and checked) in the order of the state's columns, so that the first bad field is the one named.
    r.orders = int(cu.orders[k]);
    r.gross = units(cu.gross[k]);
    r.refunded = units(cu.refunded[k]);
    r.firstTime = num(cu.firstTime[k]);
    r.lastTime = num(cu.lastTime[k]);
    const fid = cu.firstOrderId[k];
    if (typeof fid !== "string") bad("has a bad first order id", fid);
    r.firstGross = units(cu.firstGross[k]);
    r.firstRefunded = units(cu.firstRefunded[k]);
    const seg = int(cu.firstSegment[k]);
    if (seg < -1 || seg >= s.segments.length) bad("has a bad segment index", seg);
    r.firstSegment = seg;
    r.firstDay = int(cu.firstDay[k]);
    r.lastDay = int(cu.lastDay[k]);
    r.firstDayGross = units(cu.firstDayGross[k]);
    r.firstDayRefunded = units(cu.firstDayRefunded[k]);
    core.restoreRecord(c, r, fid as string);
    const dn = int(cu.dayEntries[k]);
    const dEnd = dAt + 2 * dn;
    if (dn < 0 || dEnd > dayBits.length) bad("has bad dayEntries", cu.dayEntries[k]);
    for (let j = dEnd - 2; j >= dAt; j -= 2) core.addDays(c, int(dayBits[j]), int(dayBits[j + 1]) | 0);
    dAt = dEnd;
    if (purchaseDaysOf(core.rec, c) !== cu.purchaseDays[k]) bad("has purchaseDays that disagree with its day bits", cu.purchaseDays[k]);
    const pn = int(cu.periodEntries[k]);
    const pEnd = pAt + 2 * pn;
    if (pn < 0 || pEnd > periods.length) bad("has bad periodEntries", cu.periodEntries[k]);
    for (let j = pEnd - 2; j >= pAt; j -= 2) core.addToPeriod(c, int(periods[j]), int(periods[j + 1]), units(periodMoney[j]), units(periodMoney[j + 1]));
    pAt = pEnd;
  }
  if (dAt !== dayBits.length || pAt !== periods.length) bad("has dayBits or periods left over", s.periods.length);
  if (s.fingerprints !== null && s.duplicateOrderIds === "check") {
    const words = typeof s.fingerprints === "string" ? base64ToWords(s.fingerprints) : null;
    if (words === null || words.length !== 2 * s.orders) bad("has bad fingerprints", s.fingerprints);
    const set = new FingerprintSet(s.orders);
    const w = words as Uint32Array;
    for (let j = 0; j < w.length; j += 2) set.add(w[j] as number, w[j + 1] as number);
    core.fps = set;
  } else if (s.duplicateOrderIds === "check") {
    bad("has duplicateOrderIds \"check\" but no fingerprints", s.fingerprints);
  }
  return core;
}

// ---------------------------------------------------------------- options of a saved state (issue 19, item 11)
// Kept apart from the consistency checks above. The options stored in a state are part of the state: a bad or
// missing one is a malformed state (INVALID_ARGUMENT, field "state", as docs/errors.md says), not INVALID_OPTION
// or INVALID_TIME_ZONE about an option the caller never passed, and a missing timeZone is not read as "UTC".
// Only `accessors` is the caller's own option, and keeps its code. A zone the runtime does not know keeps
// INVALID_TIME_ZONE (the state may be sound), with field "state".

const STATE_OPTION_TYPES = { timeZone: "string", granularity: "string", weekStartsOn: "number", duplicateOrderIds: "string" } as const;

function stateOptions(s: AccumulatorState, accessors: OrderAccessors<unknown>, bad: (what: string, got: unknown) => never): CoreOptions {
  for (const [k, type] of Object.entries(STATE_OPTION_TYPES)) {
    const v = (s as unknown as Record<string, unknown>)[k];
    if (typeof v !== type || v === "") bad(`has a bad ${k}`, v);
  }
  try {
    return checkCoreOptions({
      timeZone: s.timeZone,
      granularity: s.granularity,
      weekStartsOn: s.weekStartsOn,
      duplicateOrderIds: s.duplicateOrderIds,
      accessors,
      earliestDate: s.earliestDate === undefined ? DEFAULT_EARLIEST_DATE : s.earliestDate,
    });
  } catch (e) {
    if (e instanceof RetentionMetricsError && e.code === "INVALID_TIME_ZONE") {
      // A well-formed state whose zone this runtime does not know (saved where the tzdata had it): the code
      // says what to fix, the field that it is the state's.
      throw argumentError("state", "has a timeZone this runtime does not know", s.timeZone, "Load the state in a runtime whose Intl knows the zone (full ICU), or rebuild it in a known zone.", "INVALID_TIME_ZONE");
    }
    if (e instanceof RetentionMetricsError && e.field !== null && e.field !== "accessors") {
      bad(`has a bad ${e.field}`, (s as unknown as Record<string, unknown>)[e.field]);
    }
    throw e;
  }
}
