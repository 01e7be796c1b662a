import type { Order } from "../src/index.js";
import { mulberry32 } from "./generateOrders.js";

/**
 * A seeded, lazily generated stream of orders for the streaming and worker benchmarks: nothing but one
 * binary heap of "next order time" per customer is kept, so 20,000,000 orders cost no memory of their own.
 *
 * Customers join uniformly over the first `joinMonths` months from 2021-01-01 (UTC). Each has their own
 * rhythm: a mean gap between orders drawn log-uniformly from [`minGapDays`, `maxGapDays`] (a heavy tail: a few
 * customers order every couple of days, most every few weeks), exponential gaps around it, and one order in
 * twelve a second basket later the same day. One order in ten carries a partial refund. Orders come out in
 * time order, as an export would; order ids are `<customer>-<n>`, so they do not depend on how far the
 * stream is read.
 */
export interface StreamOrdersOptions {
  /** Number of orders to yield. */
  orders: number;
  /** Number of customers. */
  customers: number;
  /** @defaultValue 7 */
  seed?: number;
  /** @defaultValue 12 */
  joinMonths?: number;
  /** @defaultValue 2 */
  minGapDays?: number;
  /** @defaultValue 60 */
  maxGapDays?: number;
}

const DAY = 86_400_000;

/** Yields `options.orders` orders in time order (a fresh object each, for the consumer to drop). */
export function* streamOrders(options: StreamOrdersOptions): Generator<Order> {
  const rand = mulberry32(options.seed ?? 7);
  const m = options.customers;
  const start = Date.UTC(2021, 0, 1);
  const joinSpan = Date.UTC(2021, options.joinMonths ?? 12, 1) - start;
  const lo = Math.log(options.minGapDays ?? 2);
  const hi = Math.log(options.maxGapDays ?? 60);
  const gap = new Float64Array(m);
  const count = new Int32Array(m);
  // Binary min-heap of customers by next order time.
  const heapTime = new Float64Array(m);
  const heapCustomer = new Int32Array(m);
  for (let c = 0; c < m; c++) {
    gap[c] = Math.exp(lo + rand() * (hi - lo)) * DAY;
    heapTime[c] = start + Math.floor(rand() * joinSpan);
    heapCustomer[c] = c;
  }
  const siftDown = (i: number): void => {
    const t = heapTime[i] as number;
    const c = heapCustomer[i] as number;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= m) break;
      if (k + 1 < m && (heapTime[k + 1] as number) < (heapTime[k] as number)) k++;
      if ((heapTime[k] as number) >= t) break;
      heapTime[i] = heapTime[k] as number;
      heapCustomer[i] = heapCustomer[k] as number;
      i = k;
    }
    heapTime[i] = t;
    heapCustomer[i] = c;
  };
  for (let i = (m >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let k = 0; k < options.orders; k++) {
    const t = heapTime[0] as number;
    const c = heapCustomer[0] as number;
    const n = (count[c] as number) + 1;
    count[c] = n;
    const cents = 500 + Math.floor(rand() * 19_500);
    const order: Order = {
      orderId: `${c}-${n}`,
      customerId: `c${c}`,
      placedAt: new Date(t).toISOString(),
      total: (cents / 100).toFixed(2),
    };
    if (rand() < 0.1) order.refunded = (Math.floor(cents * rand() * 0.5) / 100).toFixed(2);
    yield order;
    const sameDay = rand() < 1 / 12;
    heapTime[0] = t + (sameDay ? 60_000 + Math.floor(rand() * 3_600_000) : Math.floor(-Math.log(1 - rand()) * (gap[c] as number)) + 3_600_000);
    siftDown(0);
  }
}

/** The customer number of a generated order id (`<customer>-<n>`), for sharding by customer. */
export function customerOfOrderId(orderId: string): number {
  return Number(orderId.slice(0, orderId.indexOf("-")));
}
