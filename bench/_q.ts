import { prepareOrderColumns } from "../src/index.js";
import { generateOrders } from "./generateOrders.js";
const TZ = "Europe/Prague";
const n = 1e6;
const orders = generateOrders({ orders: n, months: 36, heavyTail: true, seed: 42 });
const cust = new Uint32Array(n), t = new Float64Array(n), tot = new Int32Array(n), ref = new Int32Array(n), oid = new Float64Array(n);
orders.forEach((o, i) => { cust[i] = Number(String(o.customerId).slice(1)); oid[i] = Number(String(o.orderId).slice(1)); t[i] = Date.parse(o.placedAt as string); tot[i] = Math.round(Number(o.total) * 100); ref[i] = o.refunded ? Math.round(Number(o.refunded) * 100) : 0; });
const scust = orders.map(o => o.customerId as string); const soid = orders.map(o => o.orderId as string);
const gc = (globalThis as any).gc;
const variants: Record<string, () => unknown> = {
  numeric: () => prepareOrderColumns({ customerId: cust, placedAt: t, total: tot, refunded: ref }, { timeZone: TZ }),
  "numeric+oid": () => prepareOrderColumns({ customerId: cust, placedAt: t, total: tot, refunded: ref, orderId: oid }, { timeZone: TZ }),
  strings: () => prepareOrderColumns({ customerId: scust, placedAt: t, total: tot, refunded: ref }, { timeZone: TZ }),
  "strings+soid": () => prepareOrderColumns({ customerId: scust, placedAt: t, total: tot, refunded: ref, orderId: soid }, { timeZone: TZ }),
};
for (const [k, f] of Object.entries(variants)) {
  const ts: number[] = [];
  for (let r = 0; r < 7; r++) { gc(); const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  console.log(k.padEnd(14), "median", ts[3]!.toFixed(1), "min", ts[0]!.toFixed(1));
}
