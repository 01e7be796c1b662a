import Decimal from "decimal.js";
import type { Order } from "../src/index.js";

/**
 * The naive way a team writes these KPIs today: a Decimal and a parsed Date per order, a Map of per-customer
 * objects. Kept only as the benchmark baseline.
 */
export function naiveSummarize(orders: readonly Order[]): { orders: number; customers: number; repeat: number; net: Decimal; aov: Decimal | null } {
  let net = new Decimal(0);
  const perCustomer = new Map<string, { count: number; first: Date }>();
  for (const o of orders) {
    const placed = new Date(o.placedAt as string);
    const value = new Decimal(o.total as string).minus(new Decimal((o.refunded as string | undefined) ?? 0));
    net = net.plus(value);
    const c = perCustomer.get(String(o.customerId));
    if (c) {
      c.count++;
      if (placed < c.first) c.first = placed;
    } else perCustomer.set(String(o.customerId), { count: 1, first: placed });
  }
  let repeat = 0;
  for (const c of perCustomer.values()) if (c.count >= 2) repeat++;
  return { orders: orders.length, customers: perCustomer.size, repeat, net, aov: orders.length ? net.div(orders.length) : null };
}
