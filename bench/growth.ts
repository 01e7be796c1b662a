// growthAccounting against summarize on 1M generated orders, in interleaved rounds (A B A B …), from the built
// package (run `npx tsup` first):
//   node --expose-gc --import tsx bench/growth.ts [orders] [rounds]
// Each timed region is the metric call plus JSON.stringify of its result. Prints, per book (time-ordered and
// shuffled), the median of each metric's times and the median of the per-round ratios growthAccounting /
// summarize, in wall-clock time and in the process's CPU time (process.cpuUsage, steadier than wall time on a
// loaded machine, where the process waits for a core), with the load average. Not part of npm test.
import { loadavg } from "node:os";
import { generateOrders } from "./generateOrders.js";

type Lib = typeof import("../src/index.js");
const lib = (await import(new URL("../dist/index.js", import.meta.url).href)) as Lib;
const n = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 15);
const timeZone = "Europe/Prague";
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

for (const shuffle of [false, true]) {
  let orders: ReturnType<typeof generateOrders> | null = generateOrders({ orders: n, months: 36, shuffle });
  const book = lib.prepareOrders(orders, { timeZone });
  orders = null;
  const a: number[] = [];
  const b: number[] = [];
  const ratio: number[] = [];
  const ca: number[] = [];
  const cb: number[] = [];
  const cpuRatio: number[] = [];
  let sink = 0;
  for (let r = -2; r < rounds; r++) {
    gc();
    let c = process.cpuUsage();
    let t = performance.now();
    sink += JSON.stringify(lib.summarize(book, { timeZone })).length;
    const ta = performance.now() - t;
    const cpuA = cpuMs(process.cpuUsage(c));
    gc();
    c = process.cpuUsage();
    t = performance.now();
    sink += JSON.stringify(lib.growthAccounting(book, { timeZone })).length;
    const tb = performance.now() - t;
    const cpuB = cpuMs(process.cpuUsage(c));
    if (r < 0) continue; // warm-up rounds
    a.push(ta);
    b.push(tb);
    ratio.push(tb / ta);
    ca.push(cpuA);
    cb.push(cpuB);
    cpuRatio.push(cpuB / cpuA);
  }
  console.log(
    `${n} orders, ${shuffle ? "shuffled" : "time-ordered"}: summarize ${med(a).toFixed(1)} ms, growthAccounting ${med(b).toFixed(1)} ms, ` +
      `median ratio ${med(ratio).toFixed(2)}×; CPU time ${med(ca).toFixed(1)} ms and ${med(cb).toFixed(1)} ms, median ratio ${med(cpuRatio).toFixed(2)}×; over ${rounds} rounds (load ${loadavg().map((x) => x.toFixed(1)).join(" ")}) [${sink > 0 ? "ok" : ""}]`,
  );
}
