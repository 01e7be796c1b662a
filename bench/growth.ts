// growthAccounting against summarize on 1M generated orders, in interleaved rounds (A B A B …), from the built
// package (run `npx tsup` first):
//   node --expose-gc --import tsx bench/growth.ts [orders] [rounds]
// Each timed region is the metric call plus JSON.stringify of its result. Prints, per book (time-ordered and
// shuffled), the median of each metric's times and the median of the per-round ratios growthAccounting /
// summarize, with the load average. Not part of npm test.
import { loadavg } from "node:os";
import { generateOrders } from "./generateOrders.js";

type Lib = typeof import("../src/index.js");
const lib = (await import(new URL("../dist/index.js", import.meta.url).href)) as Lib;
const n = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 15);
const timeZone = "Europe/Prague";
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

for (const shuffle of [false, true]) {
  let orders: ReturnType<typeof generateOrders> | null = generateOrders({ orders: n, months: 36, shuffle });
  const book = lib.prepareOrders(orders, { timeZone });
  orders = null;
  const a: number[] = [];
  const b: number[] = [];
  const ratio: number[] = [];
  let sink = 0;
  for (let r = -2; r < rounds; r++) {
    gc();
    let t = performance.now();
    sink += JSON.stringify(lib.summarize(book, { timeZone })).length;
    const ta = performance.now() - t;
    gc();
    t = performance.now();
    sink += JSON.stringify(lib.growthAccounting(book, { timeZone })).length;
    const tb = performance.now() - t;
    if (r < 0) continue; // warm-up rounds
    a.push(ta);
    b.push(tb);
    ratio.push(tb / ta);
  }
  console.log(
    `${n} orders, ${shuffle ? "shuffled" : "time-ordered"}: summarize ${med(a).toFixed(1)} ms, growthAccounting ${med(b).toFixed(1)} ms, ` +
      `median ratio ${med(ratio).toFixed(2)}× over ${rounds} rounds (load ${loadavg().map((x) => x.toFixed(1)).join(" ")}) [${sink > 0 ? "ok" : ""}]`,
  );
}
