import { prepareOrderColumns } from "../src/index.js";
const n = 1e6;
const cust = new Uint32Array(n), t = new Float64Array(n), tot = new Int32Array(n), ref = new Int32Array(n);
let x = 1; for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; cust[i] = x % 316000; t[i] = 1.6e12 + i * 1000; tot[i] = 500 + (x % 19000); ref[i] = i % 10 === 0 ? 100 : 0; }
const gc = (globalThis as any).gc;
for (let r = 0; r < 15; r++) { gc(); const t0 = performance.now(); prepareOrderColumns({ customerId: cust, placedAt: t, total: tot, refunded: ref }); if (r > 9) console.log((performance.now() - t0).toFixed(1)); }
