import { mulberry32 } from "../src/internal/numeric/random.js";
import type { Order } from "../src/index.js";

/**
 * Deterministic synthetic orders for benchmarks: a seeded generator (mulberry32), no clock, no I/O.
 *
 * Customers are acquired uniformly over `months` months starting 2021-01-01 (UTC). Each customer buys again
 * with probability `repeatProbability` after an exponential gap (mean `meanGapDays`), so the number of orders
 * per customer is geometric (about 1 / (1 − p) orders on average, fewer when the horizon cuts it short).
 * About one order in twelve is placed later on the same day as the previous one (a second basket), and one in
 * ten carries a partial refund. Orders come out sorted by time, as a shop export would.
 */
export interface GeneratedOrdersOptions {
  /** Number of orders to generate. */
  orders: number;
  /** Seed of the generator. @defaultValue 42 */
  seed?: number;
  /** Length of the history in months. @defaultValue 36 */
  months?: number;
  /** Probability that a customer orders again. @defaultValue 0.72 */
  repeatProbability?: number;
  /** Mean gap between orders in days. @defaultValue 55 */
  meanGapDays?: number;
  /** Return the orders in a seeded random sequence instead of by time. @defaultValue false */
  shuffle?: boolean;
  /**
   * Realistic repeat behaviour with a heavy tail: each customer draws their own repeat probability and
   * rhythm instead of sharing `repeatProbability` / `meanGapDays`. About 60% are one-off buyers (p = 0.15), 32%
   * occasional (p ≈ U(0.5, 0.85), mean gap 30–120 days) and 8% loyal (p ≈ U(0.93, 0.99), mean gap 7–30 days),
   * so a few customers place dozens of orders over the 36 months. Used by `npm run bench:compare`.
   * @defaultValue false
   */
  heavyTail?: boolean;
}

/** A seeded uniform generator on [0, 1): the library's own mulberry32 (the bootstrap's generator). */
export { mulberry32 };

const DAY = 86_400_000;

/** Generates `options.orders` orders (exactly), sorted by `placedAt` (an ISO 8601 UTC string) unless `shuffle`. */
export function generateOrders(options: GeneratedOrdersOptions): Order[] {
  const rand = mulberry32(options.seed ?? 42);
  const months = options.months ?? 36;
  const p = options.repeatProbability ?? 0.72;
  const meanGap = options.meanGapDays ?? 55;
  const start = Date.UTC(2021, 0, 1);
  const end = Date.UTC(2021, months, 1);
  const span = end - start;
  const times: number[] = [];
  const customers: number[] = [];
  let customer = 0;
  const heavyTail = options.heavyTail === true;
  while (times.length < options.orders) {
    let t = start + Math.floor(rand() * span);
    let pc = p;
    let gap = meanGap;
    if (heavyTail) {
      const kind = rand();
      if (kind < 0.6) {
        pc = 0.15;
      } else if (kind < 0.92) {
        pc = 0.5 + rand() * 0.35;
        gap = 30 + rand() * 90;
      } else {
        pc = 0.93 + rand() * 0.06;
        gap = 7 + rand() * 23;
      }
    }
    for (;;) {
      times.push(t);
      customers.push(customer);
      if (times.length >= options.orders || rand() >= pc) break;
      const sameDay = rand() < 1 / 12;
      t += sameDay ? Math.floor(rand() * 3_600_000) : Math.floor(-Math.log(1 - rand()) * gap * DAY) + 3_600_000;
      if (t >= end) break;
    }
    customer++;
  }
  const index = Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const orders: Order[] = new Array<Order>(index.length);
  for (let k = 0; k < index.length; k++) {
    const i = index[k] as number;
    const cents = 500 + Math.floor(rand() * 19_500);
    const total = (cents / 100).toFixed(2);
    const order: Order = { orderId: `o${k}`, customerId: `c${customers[i] as number}`, placedAt: new Date(times[i] as number).toISOString(), total };
    if (rand() < 0.1) order.refunded = (Math.floor(cents * rand() * 0.5) / 100).toFixed(2);
    orders[k] = order;
  }
  if (options.shuffle === true) {
    for (let i = orders.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = orders[i] as Order;
      orders[i] = orders[j] as Order;
      orders[j] = tmp;
    }
  }
  return orders;
}
