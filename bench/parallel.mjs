// prepareOrderColumns against prepareOrderColumnsParallel (retention-metrics/parallel), interleaved: each round runs
// both, in alternating order, and the ratio is taken within the round (round 0 is a warm-up, and checks that the
// two books give the same summary). Uses the built dist/ (npm run build) and the columns bench/dumpColumns.ts wrote:
//   node --import tsx bench/dumpColumns.ts 5000000 && node bench/parallel.mjs 5000000 [rounds 7] [workers 1]
// Not part of npm test. Prints wall time and process CPU time (all threads) per round and their medians.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import * as lib from "../dist/index.js";
import { prepareOrderColumnsParallel } from "../dist/parallel.js";
const n = Number(process.argv[2] ?? 1000000);
const rounds = Number(process.argv[3] ?? 7);
const workers = Number(process.argv[4] ?? 1);
const load = (k, T) => { const b = readFileSync(`.scratch/cols-${n}-${k}.bin`); return new T(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const cols = { customerId: load("customerId", Uint32Array), placedAt: load("placedAt", Float64Array), total: load("total", Int32Array), refunded: load("refunded", Int32Array), orderId: load("orderId", Float64Array) };
const TZ = "Europe/Prague";
const med = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };
const time = async (f) => { const c0 = process.cpuUsage(); const t0 = performance.now(); const b = await f(); const cpu = process.cpuUsage(c0); return { ms: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, b }; };
const A = [], B = [], loads = [];
for (let r = 0; r <= rounds; r++) {
  const order = r % 2 === 0 ? ["A", "B"] : ["B", "A"];
  const got = {};
  for (const side of order) got[side] = side === "A" ? await time(() => lib.prepareOrderColumns(cols, { timeZone: TZ })) : await time(() => prepareOrderColumnsParallel(cols, { timeZone: TZ, workers, minOrders: 0 }));
  loads.push(loadavg()[0]);
  if (r === 0) { if (JSON.stringify(lib.summarize(got.A.b)) !== JSON.stringify(lib.summarize(got.B.b))) throw new Error("differ"); continue; }
  A.push(got.A); B.push(got.B);
  console.log(`round ${r}: sync ${got.A.ms.toFixed(0)} ms, parallel ${got.B.ms.toFixed(0)} ms (B/A ${(got.B.ms / got.A.ms).toFixed(2)}), main-thread CPU sync ${got.A.cpu.toFixed(0)} parallel ${got.B.cpu.toFixed(0)}`);
}
const rs = A.map((a, i) => B[i].ms / a.ms);
console.log(`${n} orders, workers ${workers}, ${rounds} rounds, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}: sync median ${med(A.map((x) => x.ms)).toFixed(0)} ms, parallel median ${med(B.map((x) => x.ms)).toFixed(0)} ms, wall B/A per round median ${med(rs).toFixed(3)} (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}); process CPU (all threads) sync ${med(A.map((x) => x.cpu)).toFixed(0)} ms, parallel ${med(B.map((x) => x.cpu)).toFixed(0)} ms`);
