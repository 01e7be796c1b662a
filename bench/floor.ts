// The two hand-written lower bounds of `npm run bench:compare`:
// - `floorAnalysis`: the "full-work floor". One pass over the order OBJECTS that does every output of the
//   analysis (summary, monthly cohort cells with orders and revenue, per-customer summaries) with no
//   validation, no error messages, no order-id check and no Decimal or ISO string: parse each field once, map
//   the customer id to a dense index with a Map, and update the outputs in typed arrays.
// - `limitAnalysis`: the "limit". The same pass over typed COLUMNS with the customer index given (dense
//   numeric keys, epoch ms, integer cents): no parsing and no hashing at all.
// Both take the orders of bench/generateOrders.ts: each customer's orders in time order (checked; the pass
// throws otherwise, it has no sort), amounts with at most two decimals, ISO instants with `Z`, and the zone
// Europe/Prague under the EU summer-time rule (valid from 1996 on; the bench's orders are 2021–2023).
import type { Order } from "../src/index.js";

/** What both passes compute; per-customer arrays are indexed by the dense customer index. */
export interface FullAnalysis {
  orders: number;
  customers: number;
  /** Customers with two or more orders. */
  repeatCustomers: number;
  grossCents: number;
  refundedCents: number;
  /** Latest order time (epoch ms) and its local day (days since 1970-01-01 in the zone). */
  asOf: number;
  asOfDay: number;
  /** Customer ids by dense index (floor), or null when the index is given (limit). */
  ids: string[] | null;
  firstOrderTime: Float64Array;
  lastOrderTime: Float64Array;
  orderCount: Int32Array;
  purchaseDays: Int32Array;
  revenueCents: Float64Array;
  /** Value of the purchase days after the first, cents (monetaryValue = this / frequency). */
  repeatCents: Float64Array;
  frequency: Int32Array;
  recency: Int32Array;
  T: Int32Array;
  daysSinceLastPurchase: Int32Array;
  /** Cohort cells: grid[(cohortMonth − baseMonth) × GRID + period]; months are year × 12 + month − 1. */
  baseMonth: number;
  cellActive: Int32Array;
  cellOrders: Int32Array;
  cellRevenueCents: Float64Array;
}

/** Months per side of the cohort grid (cohort months from baseMonth, periods 0 … GRID − 1). */
export const GRID = 128;
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** year × 12 + month − 1 of a day number (Hinnant's civil_from_days). */
function monthOfDay(z: number): number {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 12 + m - 1;
}

/** Epoch ms of the last Sunday of `month` (1-based) of `year`, 01:00 UTC (the EU switch instant). */
function lastSunday(year: number, month: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  const weekday = (((last + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); Sunday = 0
  return (last - weekday) * DAY + HOUR;
}

// Summer time in Europe/Prague (UTC+2) from the last Sunday of March to the last Sunday of October, 01:00 UTC;
// UTC+1 otherwise. By approximate year: a year off by one near New Year still gives standard time.
const SUMMER_START = new Float64Array(200);
const SUMMER_END = new Float64Array(200);
for (let y = 0; y < 200; y++) {
  SUMMER_START[y] = lastSunday(1970 + y, 3);
  SUMMER_END[y] = lastSunday(1970 + y, 10);
}
const MS_PER_YEAR = 31_556_952_000;

/** Local day in Europe/Prague of an instant (epoch ms). */
function pragueDay(t: number): number {
  const y = Math.floor(t / MS_PER_YEAR);
  const summer = t >= (SUMMER_START[y] as number) && t < (SUMMER_END[y] as number);
  return Math.floor((t + (summer ? 2 * HOUR : HOUR)) / DAY);
}

/** Cents of a decimal string with at most two decimals ("12", "12.3", "12.34"); no validation beyond that. */
function cents(s: string): number {
  let units = 0;
  let j = 0;
  const len = s.length;
  for (; j < len; j++) {
    const ch = s.charCodeAt(j);
    if (ch === 46) break;
    units = units * 10 + (ch - 48);
  }
  units *= 100;
  if (j + 1 < len) units += (s.charCodeAt(j + 1) - 48) * 10;
  if (j + 2 < len) units += s.charCodeAt(j + 2) - 48;
  return units;
}

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) v = v * 10 + (s.charCodeAt(at + k) - 48);
  return v;
}

/** Epoch ms of `YYYY-MM-DDTHH:MM:SS.sssZ` (the generator's format), no validation. */
function isoMs(s: string): number {
  const day = daysFromCivil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
  return day * DAY + digits(s, 11, 2) * HOUR + digits(s, 14, 2) * 60_000 + digits(s, 17, 2) * 1000 + digits(s, 20, 3);
}

/** Per-customer state and outputs for up to `capacity` customers (typed arrays, zeroed). */
function newState(capacity: number, ids: string[] | null): FullAnalysis {
  return {
    orders: 0, customers: 0, repeatCustomers: 0, grossCents: 0, refundedCents: 0, asOf: -Infinity, asOfDay: 0, ids,
    firstOrderTime: new Float64Array(capacity),
    lastOrderTime: new Float64Array(capacity),
    orderCount: new Int32Array(capacity),
    purchaseDays: new Int32Array(capacity),
    revenueCents: new Float64Array(capacity),
    repeatCents: new Float64Array(capacity),
    frequency: new Int32Array(capacity),
    recency: new Int32Array(capacity),
    T: new Int32Array(capacity),
    daysSinceLastPurchase: new Int32Array(capacity),
    baseMonth: 0,
    cellActive: new Int32Array(GRID * GRID),
    cellOrders: new Int32Array(GRID * GRID),
    cellRevenueCents: new Float64Array(GRID * GRID),
  };
}

/**
 * Per-customer scratch of the pass: first purchase day (−1: no order yet), last purchase day, cohort cell row
 * offset, and the cell of the customer's current month.
 */
interface Scratch {
  firstDay: Int32Array;
  lastDay: Int32Array;
  cohortRow: Int32Array;
  cell: Int32Array;
}

function newScratch(capacity: number): Scratch {
  return { firstDay: new Int32Array(capacity).fill(-1), lastDay: new Int32Array(capacity), cohortRow: new Int32Array(capacity), cell: new Int32Array(capacity) };
}

/** Adds one order (customer index c, time t, total and refund in cents) to the outputs. */
function addOrder(a: FullAnalysis, s: Scratch, c: number, t: number, total: number, refund: number): void {
  const value = total - refund;
  a.grossCents += total;
  a.refundedCents += refund;
  if (t > a.asOf) a.asOf = t;
  const day = pragueDay(t);
  const first = s.firstDay[c] as number;
  let cell: number;
  if (first < 0) {
    // The customer's first order: a new cohort member.
    const month = monthOfDay(day);
    if (a.customers === 0) a.baseMonth = month - GRID / 2;
    const row = month - a.baseMonth;
    if (row < 0 || row >= GRID) throw new Error("floor: cohort month outside the grid");
    a.customers++;
    s.firstDay[c] = day;
    s.lastDay[c] = day;
    s.cohortRow[c] = row * GRID;
    cell = row * GRID;
    s.cell[c] = cell;
    a.cellActive[cell]!++;
    a.firstOrderTime[c] = t;
    a.purchaseDays[c] = 1;
  } else {
    const last = s.lastDay[c] as number;
    if (day < last) throw new Error("floor: a customer's orders are not in time order");
    if (day > last) {
      s.lastDay[c] = day;
      a.purchaseDays[c]!++;
      a.repeatCents[c]! += value;
      const cohortRow = s.cohortRow[c] as number;
      const period = monthOfDay(day) - a.baseMonth - cohortRow / GRID;
      if (period >= GRID) throw new Error("floor: period outside the grid");
      cell = cohortRow + period;
      if (cell !== s.cell[c]) {
        s.cell[c] = cell;
        a.cellActive[cell]!++;
      }
    } else {
      cell = s.cell[c] as number;
      if (a.purchaseDays[c]! > 1) a.repeatCents[c]! += value;
    }
    if (a.orderCount[c] === 1) a.repeatCustomers++;
  }
  a.orderCount[c]!++;
  a.lastOrderTime[c] = t;
  a.revenueCents[c]! += value;
  a.cellOrders[cell]!++;
  a.cellRevenueCents[cell]! += value;
}

/** The per-customer outputs that need the observation end (asOf = the latest order). */
function finish(a: FullAnalysis, s: Scratch, capacity: number): FullAnalysis {
  const asOfDay = a.customers === 0 ? 0 : pragueDay(a.asOf);
  a.asOfDay = asOfDay;
  const { frequency, recency, T, daysSinceLastPurchase, purchaseDays } = a;
  const { firstDay, lastDay } = s;
  for (let c = 0; c < capacity; c++) {
    const f = firstDay[c] as number;
    if (f < 0) continue;
    const l = lastDay[c] as number;
    frequency[c] = (purchaseDays[c] as number) - 1;
    recency[c] = l - f;
    T[c] = asOfDay - f;
    daysSinceLastPurchase[c] = asOfDay - l;
  }
  return a;
}

/** The full-work floor over order objects (see the file header). */
export function floorAnalysis(orders: readonly Order[]): FullAnalysis {
  const n = orders.length;
  const ids: string[] = [];
  const index = new Map<string, number>();
  const a = newState(n, ids);
  const s = newScratch(n);
  for (let i = 0; i < n; i++) {
    const o = orders[i] as Order;
    if ((o.orderId as string).length === 0) throw new Error(`order ${i} has no id`);
    const id = o.customerId as string;
    let c = index.get(id);
    if (c === undefined) {
      c = ids.length;
      index.set(id, c);
      ids.push(id);
    }
    const r = o.refunded as string | undefined;
    addOrder(a, s, c, isoMs(o.placedAt as string), cents(o.total as string), r === undefined ? 0 : cents(r));
  }
  a.orders = n;
  return finish(a, s, ids.length);
}

/** Typed order columns with the customer index given (dense keys 0 … customers − 1). */
export interface LimitColumns {
  customerId: Uint32Array;
  placedAt: Float64Array;
  total: Int32Array;
  refunded: Int32Array;
}

/** The limit: the same pass over typed columns with the customer index given (see the file header). */
export function limitAnalysis(cols: LimitColumns): FullAnalysis {
  const n = cols.customerId.length;
  const { customerId, placedAt, total, refunded } = cols;
  let capacity = 0;
  for (let i = 0; i < n; i++) if ((customerId[i] as number) >= capacity) capacity = (customerId[i] as number) + 1;
  const a = newState(capacity, null);
  const s = newScratch(capacity);
  for (let i = 0; i < n; i++) addOrder(a, s, customerId[i] as number, placedAt[i] as number, total[i] as number, refunded[i] as number);
  a.orders = n;
  return finish(a, s, capacity);
}

/**
 * Reads every output of a pass once (every per-customer field of every customer, every cohort cell), as a
 * user of the result would: a sum, so that the reads cannot be optimised away.
 */
export function readFullAnalysis(a: FullAnalysis): number {
  let acc = a.orders + a.customers + a.repeatCustomers + a.grossCents + a.refundedCents + a.asOfDay;
  const ids = a.ids;
  const m = ids === null ? a.orderCount.length : ids.length;
  for (let c = 0; c < m; c++) {
    if (a.orderCount[c] === 0) continue;
    acc += (ids === null ? c : (ids[c] as string).length) + (a.firstOrderTime[c] as number) + (a.lastOrderTime[c] as number) +
      (a.orderCount[c] as number) + (a.purchaseDays[c] as number) + (a.revenueCents[c] as number) + (a.repeatCents[c] as number) +
      (a.frequency[c] as number) + (a.recency[c] as number) + (a.T[c] as number) + (a.daysSinceLastPurchase[c] as number);
  }
  for (let k = 0; k < GRID * GRID; k++) acc += (a.cellActive[k] as number) + (a.cellOrders[k] as number) + (a.cellRevenueCents[k] as number);
  return acc;
}
