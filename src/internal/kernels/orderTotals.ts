import type { OrderColumns } from "../book/columns.js";
import { inWindow, orderWindow } from "../book/window.js";
import { addExact, exactSums } from "../money/exactSum.js";
import type { OrderTotals } from "./outputs.js";
import { scratchOf } from "../book/scratch.js";

const T_ORDERS = 0;
const T_CUSTOMERS = 1;
const T_REPEAT = 2;
const T_FIRST_ORDERS = 3;
const T_GROSS = 4;
const T_REFUNDED = 5;
const T_FIRST_REVENUE = 6;
const T_MIN_TIME = 7;
const T_MAX_TIME = 8;
const T_SIZE = 9;

// A module constant, not the imported binding: called per order (see cohortCells.ts).
const within = inWindow;

/**
 * The loop of {@link bookTotals}, with typed arrays and numbers in and out only (see `factsPass` in
 * customerFacts.ts for why: no instance of our classes, whose maps V8 may drop between calls, and no object
 * built after the loop).
 */
function totalsPass(
  n: number,
  time: Float64Array,
  total: Float64Array,
  refunded: Float64Array | null,
  customer: Int32Array,
  firstOrder: Int32Array,
  lo: number,
  hi: number,
  net: boolean,
  counts: Int32Array,
  out: Float64Array,
): void {
  let orders = 0;
  let customers = 0;
  let repeatCustomers = 0;
  let firstOrders = 0;
  let gross = 0;
  let refundedSum = 0;
  let firstRevenue = 0;
  let minTime = Infinity;
  let maxTime = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    orders++;
    if (t < minTime) minTime = t;
    if (t > maxTime) maxTime = t;
    const g = total[i] as number;
    const rf = refunded === null ? 0 : (refunded[i] as number);
    gross += g;
    refundedSum += rf;
    const c = customer[i] as number;
    const k = (counts[c] as number) + 1;
    counts[c] = k;
    if (k === 1) customers++;
    else if (k === 2) repeatCustomers++;
    if (firstOrder[c] === i) {
      firstOrders++;
      firstRevenue += net ? g - rf : g;
    }
  }
  out[T_ORDERS] = orders;
  out[T_CUSTOMERS] = customers;
  out[T_REPEAT] = repeatCustomers;
  out[T_FIRST_ORDERS] = firstOrders;
  out[T_GROSS] = gross;
  out[T_REFUNDED] = refundedSum;
  out[T_FIRST_REVENUE] = firstRevenue;
  out[T_MIN_TIME] = minTime;
  out[T_MAX_TIME] = maxTime;
}

/**
 * The shared kernel of the order KPIs over the orders of a book placed in `[from, to)` and not after `asOf`:
 * one pass, no allocation per order. Sums are exact: integer minor units in doubles, re-summed in BigInt only if
 * the gross total leaves the safe-integer range (every other sum is bounded by it, as amounts are non-negative).
 */
export function bookTotals(cols: OrderColumns, from: number, to: number, asOf: number, net: boolean): OrderTotals {
  const { n, time, total, refunded, customer, firstOrder } = cols;
  const out = new Float64Array(T_SIZE);
  const { lo, hi } = orderWindow(from, to, asOf);
  // Per-customer scratch from the book's pool (src/internal/book/scratch.ts).
  const scratch = scratchOf(cols);
  const seen = scratch.int32(cols.customers);
  totalsPass(n, time, total, refunded, customer, firstOrder, lo, hi, net, seen, out);
  scratch.release(seen);
  const orders = out[T_ORDERS] as number;
  const customers = out[T_CUSTOMERS] as number;
  const repeatCustomers = out[T_REPEAT] as number;
  const firstOrders = out[T_FIRST_ORDERS] as number;
  const gross = out[T_GROSS] as number;
  const refundedSum = out[T_REFUNDED] as number;
  const firstRevenue = out[T_FIRST_REVENUE] as number;
  const minTime = out[T_MIN_TIME] as number;
  const maxTime = out[T_MAX_TIME] as number;
  if (Number.isSafeInteger(gross)) {
    const revenue = net ? gross - refundedSum : gross;
    return {
      orders,
      customers,
      repeatCustomers,
      gross,
      refunded: refundedSum,
      revenue,
      firstOrders,
      firstRevenue,
      repeatRevenue: revenue - firstRevenue,
      minTime,
      maxTime,
    };
  }
  // Slow exact path for totals beyond 2^53 minor units: gross, refunded and first-order revenue in BigInt.
  const sums = exactSums(3);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    const g = total[i] as number;
    const rf = refunded === null ? 0 : (refunded[i] as number);
    addExact(sums, 0, g);
    addExact(sums, 1, rf);
    if (firstOrder[customer[i] as number] === i) addExact(sums, 2, g, net ? rf : 0);
  }
  const [bGross, bRefunded, bFirst] = sums as [bigint, bigint, bigint];
  const bRevenue = net ? bGross - bRefunded : bGross;
  return {
    orders,
    customers,
    repeatCustomers,
    gross: bGross,
    refunded: bRefunded,
    revenue: bRevenue,
    firstOrders,
    firstRevenue: bFirst,
    repeatRevenue: bRevenue - bFirst,
    minTime,
    maxTime,
  };
}
