import type { AccumulatorCustomerColumns, AccumulatorState, OrderAccessors } from "../../core/types.js";
import { isCurrencyCode } from "../book/orderRecord.js";
import { argumentError, stateError } from "../fail.js";
import { MAX_SCALE } from "../money/money.js";
import { DEFAULT_EARLIEST_DATE, EARLIEST_ORDER_TIME, LATEST_ORDER_TIME } from "../time/instant.js";
import { AccumulatorCore } from "./core.js";
import { base64ToWords, fingerprint, FingerprintSet, wordsToBase64 } from "./fingerprints.js";
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
  popcount,
  periodOrders,
  periodRefunded,
  readRecord,
  type CustomerRecord,
} from "./layout.js";
import { checkCoreOptions, type CoreOptions } from "./options.js";
import { RetentionMetricsError } from "../../core/RetentionMetricsError.js";

/** Version of {@link AccumulatorState}; bumped whenever its meaning changes. */
const STATE_VERSION = 1;

/** The whole state of an accumulator as plain JSON data (what `accumulator.toJSON()` returns). */
export function stateOf(core: AccumulatorCore): AccumulatorState {
  core.normalize();
  const C = core.ids.size;
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
    readRecord(core, c, r);
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
    for (let e = dayList(core, c); e >= 0; e = nextDay(core, e), k++) dayBits.push(dayWord(core, e), dayMask(core, e));
    dayEntries[c] = k;
    k = 0;
    for (let e = periodList(core, c); e >= 0; e = nextPeriod(core, e), k++) {
      periods.push(periodOf(core, e), periodOrders(core, e));
      periodMoney.push(String(periodGross(core, e)), String(periodRefunded(core, e)));
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

/** The columns of `customers`, in the order they are read (so that the first bad field is the one named). */
const CUSTOMER_COLUMNS: readonly (keyof AccumulatorCustomerColumns)[] = [
  "ids",
  "orders",
  "gross",
  "refunded",
  "firstTime",
  "lastTime",
  "firstOrderId",
  "firstGross",
  "firstRefunded",
  "firstSegment",
  "firstDay",
  "lastDay",
  "purchaseDays",
  "firstDayGross",
  "firstDayRefunded",
  "dayEntries",
  "periodEntries",
];

const CANONICAL_UNITS = /^(?:0|[1-9]\d*)$/;

/**
 * Rebuilds an accumulator's core from {@link stateOf}'s output (or its JSON text), checking every invariant the
 * format implies, so that a state from an untrusted source either loads to the state of some sequence of valid
 * orders or is refused with INVALID_STATE naming the field (and customer or entry) at fault. Bad options inside
 * it give the codes of `createAccumulator`'s options. O(size of the state) time: each customer's entries must
 * come newest first, as `stateOf` writes them, and are linked in that order.
 *
 * What is checked, per customer k: a unique non-empty id; orders ≥ 1 (their sum is `orders`); amounts canonical
 * integer strings within the safe integers, refunds never above gross (total, first order, first day, each
 * period); first and last order times valid instants (years 0001-9999), first ≤ last, and their range
 * is `minTime … maxTime`; first and last purchase days the local days of those times (give or take the one day a
 * backward zone shift can move them); day words strictly decreasing with non-zero masks, whose highest and
 * lowest days are the last and first purchase days and whose days number `purchaseDays` ≤ orders; periods
 * strictly decreasing, exactly the periods of the purchase days, with orders ≥ 1 and money summing to the
 * customer's; with one order (or one purchase day) the first order (or first day) is all of it; the first
 * segment an index into `segments` (distinct non-empty labels). Globally: `minTime`/`maxTime` null exactly when
 * empty, no currency while empty, and with `duplicateOrderIds: "check"` one distinct non-zero fingerprint per
 * order, among them each customer's first order id.
 */
export function coreFromState(state: unknown, accessors: OrderAccessors<unknown> = {}, exchangeRates?: unknown): AccumulatorCore {
  const bad: (field: string, index: number | null, what: string, got: unknown) => never = (field, index, what, got) => {
    throw stateError(field, index, what, got);
  };
  if (typeof state === "string") {
    try {
      state = JSON.parse(state) as unknown;
    } catch {
      bad("state", null, "is not JSON", state);
    }
  }
  if (typeof state !== "object" || state === null || Array.isArray(state)) bad("state", null, "is not an accumulator state", state);
  const s = state as Record<string, unknown>;
  if (s["version"] !== STATE_VERSION) bad("version", null, `is not ${STATE_VERSION}, the version this library reads`, s["version"]);
  const earliestDate = s["earliestDate"];
  if (earliestDate !== undefined && earliestDate !== null && (typeof earliestDate !== "number" || !(earliestDate >= EARLIEST_ORDER_TIME && earliestDate <= LATEST_ORDER_TIME))) {
    bad("earliestDate", null, "is not an instant in the years 0001-9999 (epoch ms) or null", earliestDate);
  }
  const core = new AccumulatorCore(stateOptions(s, accessors, earliestDate, bad, exchangeRates));
  const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= lo && v <= hi;
  const total = s["orders"];
  if (!isInt(total, 0, Number.MAX_SAFE_INTEGER)) bad("orders", null, "is not an order count (an integer ≥ 0)", total);
  const scale = s["scale"];
  if (!isInt(scale, 0, MAX_SCALE)) bad("scale", null, `is not a number of decimal places from 0 to ${MAX_SCALE}`, scale);
  const currency = s["currency"];
  if (currency !== null && !isCurrencyCode(currency)) bad("currency", null, "is not a three-letter currency code or null", currency);
  if (total === 0 && currency !== null) bad("currency", null, "is set while the state holds no order", currency);
  for (const flag of ["sawWallClock", "sawTimeOfDay"] as const) {
    const v = s[flag];
    if (typeof v !== "boolean" && !(flag === "sawTimeOfDay" && v === undefined)) bad(flag, null, "is not a boolean", v);
  }
  const segments = s["segments"];
  if (!Array.isArray(segments)) bad("segments", null, "is not an array of labels", segments);
  for (let g = 0; g < (segments as unknown[]).length; g++) {
    const label = (segments as unknown[])[g];
    if (typeof label !== "string" || label.length === 0) bad("segments", g, "is not a non-empty string", label);
    if (core.segmentIndex(label as string) !== g) bad("segments", g, "repeats an earlier label", label);
  }
  const G = (segments as string[]).length;
  const cu = s["customers"];
  if (typeof cu !== "object" || cu === null || Array.isArray(cu)) bad("customers", null, "is not an object of columns", cu);
  const cols = cu as Record<string, unknown>;
  const ids = cols["ids"];
  if (!Array.isArray(ids)) bad("customers.ids", null, "is not an array", ids);
  const C = (ids as unknown[]).length;
  for (const k of CUSTOMER_COLUMNS) {
    const col = cols[k];
    if (!Array.isArray(col)) bad(`customers.${k}`, null, "is missing or not an array", col);
    if ((col as unknown[]).length !== C) bad(`customers.${k}`, null, `has ${(col as unknown[]).length} entries for ${C} customers`, (col as unknown[]).length);
  }
  const cuCols = cu as unknown as AccumulatorCustomerColumns;
  const { dayBits, periods, periodMoney } = s as unknown as AccumulatorState;
  if (!Array.isArray(dayBits) || dayBits.length % 2 !== 0) bad("dayBits", null, "is not an array of (word, mask) pairs", dayBits);
  if (!Array.isArray(periods) || periods.length % 2 !== 0) bad("periods", null, "is not an array of (period, orders) pairs", periods);
  if (!Array.isArray(periodMoney) || periodMoney.length !== periods.length) bad("periodMoney", null, "does not have one (gross, refunded) pair per period entry", periodMoney);
  const minTime = s["minTime"];
  const maxTime = s["maxTime"];
  if (total === 0 ? minTime !== null : typeof minTime !== "number") bad("minTime", null, total === 0 ? "is not null in a state with no order" : "is not a number", minTime);
  if (total === 0 ? maxTime !== null : typeof maxTime !== "number") bad("maxTime", null, total === 0 ? "is not null in a state with no order" : "is not a number", maxTime);
  if ((total === 0) !== (C === 0)) bad("customers.ids", null, `has ${C} customers for ${total} orders`, C);

  // Fingerprints first: each customer's first order id is looked up in them.
  const dup = core.duplicateOrderIds;
  const fps = s["fingerprints"];
  let set: FingerprintSet | null = null;
  if (dup === "trust") {
    if (fps !== null) bad("fingerprints", null, 'is not null while duplicateOrderIds is "trust"', fps);
  } else {
    const words = typeof fps === "string" ? base64ToWords(fps) : null;
    if (words === null) bad("fingerprints", null, "is not the base64 text of fingerprints", fps);
    const w = words as Uint32Array;
    if (w.length !== 2 * total) bad("fingerprints", null, `holds ${w.length / 2} fingerprints for ${total} orders`, w.length / 2);
    set = FingerprintSet.sizedFor(w);
    for (let j = 0; j < w.length; j += 2) {
      const hi = w[j] as number;
      const lo = w[j + 1] as number;
      if ((hi === 0 && lo === 0) || !set.add(hi, lo)) bad("fingerprints", j / 2, "holds an empty or repeated fingerprint", `${hi}:${lo}`);
    }
  }
  const fp = new Uint32Array(2);

  const zone = core.zone;
  const kernel = core.kernel;
  // Not core.earliest: merging keeps the first accumulator's earliestDate, so an honest state may hold older orders.
  const lowest = EARLIEST_ORDER_TIME;
  const r: CustomerRecord = emptyRecord();
  let orderSum = 0;
  let first = Infinity;
  let last = -Infinity;
  let dAt = 0;
  let pAt = 0;
  // Readers of customer k's columns, made once (not per customer); a message is built only when a check fails.
  type Name = keyof AccumulatorCustomerColumns;
  const col = (name: Name, k: number): unknown => (cuCols[name] as unknown[])[k];
  const int = (name: Name, k: number, lo: number, hi: number, what: string | (() => string)): number => {
    const v = col(name, k);
    return isInt(v, lo, hi) ? v : bad(`customers.${name}`, k, `is not ${typeof what === "string" ? what : what()}`, v);
  };
  const units = (name: Name, k: number): number => {
    const v = col(name, k);
    const n = typeof v === "string" && CANONICAL_UNITS.test(v) ? Number(v) : NaN;
    return Number.isSafeInteger(n) ? n : bad(`customers.${name}`, k, "is not an integer string of minor units (0 … 9007199254740991, no leading zeros)", v);
  };
  const check = (ok: boolean, name: Name, k: number, what: string | (() => string)): void => {
    if (!ok) bad(`customers.${name}`, k, typeof what === "string" ? what : what(), col(name, k));
  };
  const orderTime = (name: "firstTime" | "lastTime", k: number): number => {
    const v = col(name, k);
    return typeof v === "number" && v >= lowest && v <= LATEST_ORDER_TIME ? v : bad(`customers.${name}`, k, "is not an order time (epoch ms in the years 0001-9999)", v);
  };
  const money = (at: number, limit: number): number => {
    const v = periodMoney[at];
    const n = typeof v === "string" && CANONICAL_UNITS.test(v) ? Number(v) : NaN;
    return Number.isSafeInteger(n) && n <= limit ? n : bad("periodMoney", at, "is not an integer string of minor units within the customer's total", v);
  };
  for (let k = 0; k < C; k++) {
    const id = col("ids", k);
    if (typeof id !== "string" || id.length === 0) bad("customers.ids", k, "is not a non-empty string", id);
    if (core.ids.get(id as string) >= 0) bad("customers.ids", k, "repeats an earlier customer id", id);
    const c = core.customerIndex(id as string);
    r.orders = int("orders", k, 1, Number.MAX_SAFE_INTEGER, "an order count ≥ 1");
    orderSum += r.orders;
    check(orderSum <= total, "orders", k, () => `brings the orders of the customers past the state's ${total}`);
    r.gross = units("gross", k);
    r.refunded = units("refunded", k);
    check(r.refunded <= r.gross, "refunded", k, "is larger than the customer's gross");
    r.firstTime = orderTime("firstTime", k);
    r.lastTime = orderTime("lastTime", k);
    check(r.firstTime <= r.lastTime, "lastTime", k, "is before the customer's firstTime");
    check(r.orders > 1 || r.firstTime === r.lastTime, "lastTime", k, "differs from firstTime for a customer of one order");
    if (r.firstTime < first) first = r.firstTime;
    if (r.lastTime > last) last = r.lastTime;
    const fid = col("firstOrderId", k);
    if (typeof fid !== "string" || fid.length === 0) bad("customers.firstOrderId", k, "is not a non-empty order id", fid);
    if (set !== null) {
      fingerprint(fid as string, fp);
      check(set.has(fp[0] as number, fp[1] as number), "firstOrderId", k, "is not among the order ids of the fingerprints");
    }
    r.firstGross = units("firstGross", k);
    r.firstRefunded = units("firstRefunded", k);
    check(r.firstGross <= r.gross, "firstGross", k, "is larger than the customer's gross");
    check(r.firstRefunded <= r.firstGross && r.firstRefunded <= r.refunded, "firstRefunded", k, "is larger than the first order's gross or the customer's refunds");
    check(r.orders > 1 || (r.firstGross === r.gross && r.firstRefunded === r.refunded), "firstGross", k, "differs from gross for a customer of one order");
    r.firstSegment = int("firstSegment", k, -1, G - 1, () => `a segment index from -1 to ${G - 1}`);
    const dayOfFirst = zone.localDay(r.firstTime);
    const dayOfLast = zone.localDay(r.lastTime);
    r.firstDay = int("firstDay", k, dayOfFirst - 1, dayOfFirst, () => `the local day of firstTime (${dayOfFirst})`);
    r.lastDay = int("lastDay", k, dayOfLast, dayOfLast + 1, () => `the local day of lastTime (${dayOfLast})`);
    check(r.firstDay <= r.lastDay, "lastDay", k, "is before the customer's firstDay");
    const purchaseDays = int("purchaseDays", k, 1, r.orders, () => `a number of purchase days from 1 to the customer's ${r.orders} orders`);
    r.firstDayGross = units("firstDayGross", k);
    r.firstDayRefunded = units("firstDayRefunded", k);
    check(r.firstDayGross <= r.gross && (r.firstDay !== dayOfFirst || r.firstDayGross >= r.firstGross), "firstDayGross", k, "is larger than gross or smaller than the first order's gross");
    check(r.firstDayRefunded <= r.firstDayGross && r.firstDayRefunded <= r.refunded, "firstDayRefunded", k, "is larger than the first day's gross or the customer's refunds");
    check(purchaseDays > 1 || (r.firstDayGross === r.gross && r.firstDayRefunded === r.refunded), "firstDayGross", k, "differs from gross for a customer of one purchase day");
    core.restoreRecord(c, r, fid as string);

    // Day words: strictly decreasing, non-zero masks, spanning lastDay … firstDay.
    const dn = int("dayEntries", k, 1, purchaseDays, () => `a number of day entries from 1 to purchaseDays (${purchaseDays})`);
    const dEnd = dAt + 2 * dn;
    check(dEnd <= dayBits.length, "dayEntries", k, "runs past the end of dayBits");
    let prev = -1;
    let days = 0;
    let prevWord = Infinity;
    for (let j = dAt; j < dEnd; j += 2) {
      const word = dayBits[j];
      const mask = dayBits[j + 1];
      if (!isInt(word, Math.floor(r.firstDay / 32), Math.floor(r.lastDay / 32)) || word >= prevWord) bad("dayBits", j, `is not a day word below the previous one, within the customer's days ${r.firstDay} … ${r.lastDay}`, word);
      if (!isInt(mask, -0x80000000, 0x7fffffff) || mask === 0) bad("dayBits", j + 1, "is not a non-zero signed 32-bit mask", mask);
      prevWord = word as number;
      days += popcount(mask as number);
      prev = core.restoreDay(c, prev, word as number, mask as number);
    }
    const topWord = dayBits[dAt] as number;
    const topMask = dayBits[dAt + 1] as number;
    const lowWord = dayBits[dEnd - 2] as number;
    const lowMask = dayBits[dEnd - 1] as number;
    check(topWord * 32 + 31 - Math.clz32(topMask) === r.lastDay, "lastDay", k, "is not the last day of the customer's day bits");
    check(lowWord * 32 + 31 - Math.clz32(lowMask & -lowMask) === r.firstDay, "firstDay", k, "is not the first day of the customer's day bits");
    check(days === purchaseDays, "purchaseDays", k, () => `disagrees with the ${days} days of the customer's day bits`);

    // Periods: strictly decreasing, exactly the periods of the purchase days, sums equal to the customer's.
    const pn = int("periodEntries", k, 1, purchaseDays, () => `a number of period entries from 1 to purchaseDays (${purchaseDays})`);
    const pEnd = pAt + 2 * pn;
    check(pEnd <= periods.length, "periodEntries", k, "runs past the end of periods");
    let pOrders = 0;
    let pGross = 0;
    let pRefunded = 0;
    prev = -1;
    // The periods of the purchase days, newest first, walked alongside the period entries.
    let j = pAt;
    let entryPeriod = NaN;
    for (let d = dAt; d < dEnd; d += 2) {
      const word = dayBits[d] as number;
      let mask = dayBits[d + 1] as number;
      while (mask !== 0) {
        const bit = 31 - Math.clz32(mask);
        mask &= ~(1 << bit);
        const p = kernel.ofDay(word * 32 + bit);
        if (p === entryPeriod) continue;
        // A new (older) period of purchase days: the next entry must be it.
        if (j >= pEnd) bad("periods", j, "has fewer entries than the customer's purchase days have periods", pn);
        const period = periods[j];
        if (period !== p) bad("periods", j, `is not ${p}, the next period of the customer's purchase days`, period);
        const count = periods[j + 1];
        if (!isInt(count, 1, Math.min(r.orders - pOrders, 0x7fffffff))) bad("periods", j + 1, "is not an order count ≥ 1 within the customer's orders", count);
        const g = money(j, r.gross - pGross);
        const rf = money(j + 1, Math.min(g, r.refunded - pRefunded));
        pOrders += count as number;
        pGross += g;
        pRefunded += rf;
        prev = core.restorePeriod(c, prev, p, count as number, g, rf);
        entryPeriod = p;
        j += 2;
      }
    }
    check(j === pEnd, "periodEntries", k, "counts entries beyond the periods of the customer's purchase days");
    check(pOrders === r.orders, "orders", k, () => `disagrees with the ${pOrders} orders of the customer's periods`);
    check(pGross === r.gross, "gross", k, () => `disagrees with the ${pGross} gross of the customer's periods`);
    check(pRefunded === r.refunded, "refunded", k, () => `disagrees with the ${pRefunded} refunds of the customer's periods`);
    dAt = dEnd;
    pAt = pEnd;
  }
  if (orderSum !== total) bad("orders", null, `is not the ${orderSum} orders of the customers`, total);
  if (dAt !== dayBits.length) bad("dayBits", dAt, "has entries beyond the customers' dayEntries", dayBits.length);
  if (pAt !== periods.length) bad("periods", pAt, "has entries beyond the customers' periodEntries", periods.length);
  if (total > 0 && minTime !== first) bad("minTime", null, `is not ${first}, the earliest firstTime of the customers`, minTime);
  if (total > 0 && maxTime !== last) bad("maxTime", null, `is not ${last}, the latest lastTime of the customers`, maxTime);
  core.n = total;
  core.scale = scale;
  core.currency = currency as string | null;
  core.sawWallClock = s["sawWallClock"] === true;
  // A state written before the flag existed: its orders may have had times of day.
  core.sawTimeOfDay = total > 0 && s["sawTimeOfDay"] !== false;
  core.minTime = total === 0 ? Infinity : first;
  core.maxTime = total === 0 ? -Infinity : last;
  core.fps = set;
  return core;
}

// ---------------------------------------------------------------- options of a saved state (issue 19, item 11)
// Kept apart from the consistency checks above. The options stored in a state are part of the state: a bad or
// missing one is a malformed state (INVALID_ARGUMENT, field "state", as docs/errors.md says), not INVALID_OPTION
// or INVALID_TIME_ZONE about an option the caller never passed, and a missing timeZone is not read as "UTC".
// Only `accessors` is the caller's own option, and keeps its code. A zone the runtime does not know keeps
// INVALID_TIME_ZONE (the state may be sound), with field "state".

const STATE_OPTION_TYPES = { timeZone: "string", granularity: "string", weekStartsOn: "number", duplicateOrderIds: "string" } as const;

function stateOptions(
  s: Record<string, unknown>,
  accessors: OrderAccessors<unknown>,
  earliestDate: unknown,
  bad: (field: string, index: number | null, what: string, got: unknown) => never,
  exchangeRates?: unknown,
): CoreOptions {
  for (const [k, type] of Object.entries(STATE_OPTION_TYPES)) {
    const v = s[k];
    if (typeof v !== type || v === "") bad(k, null, `is not a non-empty ${type}`, v);
  }
  try {
    return checkCoreOptions({
      timeZone: s["timeZone"],
      granularity: s["granularity"],
      weekStartsOn: s["weekStartsOn"],
      duplicateOrderIds: s["duplicateOrderIds"],
      accessors,
      earliestDate: earliestDate === undefined ? DEFAULT_EARLIEST_DATE : earliestDate,
      exchangeRates,
    });
  } catch (e) {
    if (e instanceof RetentionMetricsError && e.code === "INVALID_TIME_ZONE") {
      // A well-formed state whose zone this runtime does not know (saved where the tzdata had it): the code
      // says what to fix, the field that it is the state's.
      throw argumentError("state", "has a timeZone this runtime does not know", s["timeZone"], "Load the state in a runtime whose Intl knows the zone (full ICU), or rebuild it in a known zone.", "INVALID_TIME_ZONE");
    }
    // A bad option stored in the state is a malformed state, not a bad option of this call.
    if (e instanceof RetentionMetricsError && e.field !== null && e.field !== "accessors" && !e.field.startsWith("exchangeRates")) bad(e.field, null, "is not a valid value of this option", s[e.field]);
    throw e;
  }
}
