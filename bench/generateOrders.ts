import type { Order } from "../src/core/types.js";

/** mulberry32: a small seeded PRNG, so every run benchmarks the same data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  /** Number of orders. */
  orders: number;
  /** Months of history, starting 2022-01-01 (UTC). */
  months: number;
  seed?: number;
  /** Shuffle the orders (default: sorted by time, as exports usually are). */
  shuffle?: boolean;
}

/**
 * Deterministic synthetic shop: customers arrive uniformly over the history; each places a geometric number of
 * orders (mean about 3.3, so about 70% of orders are repeats) at exponential gaps (mean 60 days); amounts are
 * cents between 5.00 and 205.00, with an occasional partial refund. Orders past the history end are dropped.
 */
export function generateOrders({ orders, months, seed = 42, shuffle = false }: GenerateOptions): Order[] {
  const rnd = mulberry32(seed);
  const start = Date.UTC(2022, 0, 1);
  const end = Date.UTC(2022 + Math.floor(months / 12), months % 12, 1);
  const span = end - start;
  const out: Order[] = [];
  let customer = 0;
  while (out.length < orders) {
    const id = `c${customer++}`;
    let t = start + Math.floor(rnd() * span);
    do {
      const cents = 500 + Math.floor(rnd() * 20_000);
      const refunded = rnd() < 0.05 ? Math.floor(cents * rnd()) : 0;
      out.push({ orderId: String(out.length), customerId: id, placedAt: t, total: (cents / 100).toFixed(2), refunded: (refunded / 100).toFixed(2) });
      t += Math.floor(-Math.log(1 - rnd()) * 60 * 86_400_000);
    } while (t < end && rnd() < 0.7 && out.length < orders);
  }
  out.sort((a, b) => (a.placedAt as number) - (b.placedAt as number));
  if (shuffle) {
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const x = out[i] as Order;
      out[i] = out[j] as Order;
      out[j] = x;
    }
  }
  return out;
}
