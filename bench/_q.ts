import { prepareOrderColumns } from "../src/index.js";
import { generateOrders } from "./generateOrders.js";
import { toColumns } from "./toColumns.js";
let orders: any = generateOrders({ orders: 1e6, months: 36, heavyTail: true, seed: 42 });
const cols = toColumns(orders); orders = null;
const gc = (globalThis as any).gc;
const acc: number[][] = [];
for (let r = 0; r < 12; r++) { gc(); const t0 = performance.now(); prepareOrderColumns(cols, { timeZone: "Europe/Prague" }); const t1 = performance.now(); const T = (globalThis as any).__T as number[]; if (r >= 2) acc.push([T[0]! - t0, ...T.slice(1).map((x, i) => x - T[i]!), t1 - T[T.length - 1]!]); }
const names = ["setup", "orderIds", "customers", "times", "total", "refunded+seg", "firstOrder", "book"];
names.forEach((nm, j) => { const xs = acc.map((a) => a[j]!).sort((a, b) => a - b); console.log(nm.padEnd(14), xs[xs.length >> 1]!.toFixed(1)); });
