// Writes the bench:compare orders as typed columns to .scratch/cols-<n>-<column>.bin, for bench/parallel.mjs (which runs
// without tsx, so that its workers load the built dist/ and nothing else).
//   node --import tsx bench/dumpColumns.ts 1000000
import { mkdirSync, writeFileSync } from "node:fs";
import { generateOrders } from "./generateOrders.js";
import { toColumns } from "./toColumns.js";
mkdirSync(".scratch", { recursive: true });
const n = Number(process.argv[2] ?? 1000000);
const c = toColumns(generateOrders({ orders: n, months: 36, heavyTail: true, seed: 42 }));
for (const [k, v] of Object.entries(c)) writeFileSync(`.scratch/cols-${n}-${k}.bin`, new Uint8Array(v.buffer));
