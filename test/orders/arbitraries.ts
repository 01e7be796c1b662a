import fc from "fast-check";
import type { Order } from "../../src/index.js";

/** Random small shops: few customers, amounts as decimal strings with up to 2 places, refunds ≤ totals. */
export const ordersArb: fc.Arbitrary<Order[]> = fc
  .array(
    fc.record({
      customer: fc.constantFrom("a", "b", "c", "d", "__proto__", "constructor"),
      day: fc.integer({ min: 0, max: 400 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      cents: fc.integer({ min: 0, max: 500_000 }),
      refundShare: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    }),
    { maxLength: 60 },
  )
  .map((rows) =>
    rows.map((r, i) => {
      const order: Order = {
        orderId: `o${i}`,
        customerId: r.customer,
        placedAt: Date.UTC(2023, 0, 1) + r.day * 86_400_000 + r.minute * 60_000,
        total: (r.cents / 100).toFixed(2),
      };
      if (r.refundShare !== undefined) order.refunded = (Math.floor((r.cents * r.refundShare) / 100) / 100).toFixed(2);
      return order;
    }),
  );

/** Fisher–Yates shuffle driven by fast-check's seeded random. */
export function shuffled<T>(items: readonly T[], seeds: readonly number[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = (seeds[i % Math.max(seeds.length, 1)] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
