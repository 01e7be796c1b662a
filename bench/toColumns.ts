// The bench orders as columns, for the columnar contenders of bench:compare and bench/columns.bench.ts.
import { makeVector, Table, TimestampMillisecond } from "apache-arrow";
import type { Order } from "../src/index.js";

/** The generated orders as typed columns (made once, outside the timed region). */
export interface Columns {
  customerId: Uint32Array;
  placedAt: Float64Array;
  total: Int32Array;
  refunded: Int32Array;
  orderId: Float64Array;
}

export function toColumns(orders: Order[]): Columns {
  const n = orders.length;
  const c: Columns = {
    customerId: new Uint32Array(n),
    placedAt: new Float64Array(n),
    total: new Int32Array(n),
    refunded: new Int32Array(n),
    orderId: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const o = orders[i] as Order;
    c.customerId[i] = Number((o.customerId as string).slice(1));
    c.orderId[i] = Number((o.orderId as string).slice(1));
    c.placedAt[i] = Date.parse(o.placedAt as string);
    c.total[i] = Math.round(Number(o.total) * 100);
    c.refunded[i] = o.refunded === undefined ? 0 : Math.round(Number(o.refunded) * 100);
  }
  return c;
}

/** The same columns as an Apache Arrow table: snake-case names, placed_at a millisecond Timestamp. */
export function toArrow(orders: Order[]): Table {
  const c = toColumns(orders);
  return new Table({
    customer_id: makeVector(c.customerId),
    placed_at: makeVector({ type: new TimestampMillisecond(), data: BigInt64Array.from(c.placedAt, BigInt) }),
    total: makeVector(c.total),
    refunded: makeVector(c.refunded),
    order_id: makeVector(c.orderId),
  });
}
