import type { Order } from "../src/index.js";

/** mulberry32: a small seeded PRNG so every bench run sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` orders over 36 months from 2021-01-01 (UTC instants as ISO strings, totals as decimal strings).
 * Customers arrive uniformly over the 36 months; each places a heavy-tailed number of orders (most buy once, a
 * few buy dozens of times) spread after their first order; totals are log-normal around 40 with a long tail;
 * 3% of orders carry a partial refund.
 */
export function generateOrders(count: number, seed = 42): Order[] {
  const random = rng(seed);
  const start = Date.UTC(2021, 0, 1);
  const span = 36 * 30.4375 * 86_400_000;
  const orders: Order[] = new Array(count);
  let customer = 0;
  let i = 0;
  while (i < count) {
    const id = `c${customer++}`;
    const first = start + random() * span;
    // Pareto-like number of orders: 1 / u^0.7, capped
    const n = Math.min(count - i, Math.max(1, Math.floor(1 / Math.pow(random() + 1e-9, 0.7))));
    let t = first;
    for (let k = 0; k < n && i < count; k++) {
      if (k > 0) t += -Math.log(random() + 1e-12) * 45 * 86_400_000;
      if (t >= start + span) break;
      const gauss = Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
      const cents = Math.max(1, Math.round(Math.exp(3.5 + 0.8 * gauss) * 100));
      const order: Order = { orderId: `o${i}`, customerId: id, placedAt: new Date(Math.floor(t)).toISOString(), total: (cents / 100).toFixed(2) };
      if (random() < 0.03) order.refunded = (Math.floor(cents * random()) / 100).toFixed(2);
      orders[i++] = order;
    }
  }
  return orders;
}
