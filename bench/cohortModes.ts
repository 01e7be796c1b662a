// The cohort modes of cohortTable against its default ("classic") mode on 1M generated orders, in interleaved
// rounds (classic, byPeriod, consecutive, brackets, classic, …), from the built package (run `npx tsup` first):
//   node --expose-gc --import tsx bench/cohortModes.ts [orders] [rounds]
// Each timed region is the call plus JSON.stringify of its result. Prints, per book (time-ordered and shuffled)
// and mode, the median of the per-round ratios mode / classic in wall-clock and in CPU time (process.cpuUsage),
// with the load average. Issue 17's goal: each mode within 1.5× classic. Not part of npm test.
import { loadavg } from "node:os";
import { generateOrders } from "./generateOrders.js";

type Lib = typeof import("../src/index.js");
const lib = (await import(new URL("../dist/index.js", import.meta.url).href)) as Lib;
const n = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 9);
const timeZone = "Europe/Prague";
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const modes = [
  { name: "classic", options: {} },
  { name: "byPeriod", options: { mode: "byPeriod" } },
  { name: "consecutive", options: { mode: "consecutive" } },
  { name: "brackets", options: { mode: "brackets", brackets: [[1, 3], [4, 6], [7, 12], [13, 24]] } },
] as const;

for (const shuffle of [false, true]) {
  let orders: ReturnType<typeof generateOrders> | null = generateOrders({ orders: n, months: 36, shuffle });
  const book = lib.prepareOrders(orders, { timeZone });
  orders = null;
  const wall: number[][] = modes.map(() => []);
  const cpu: number[][] = modes.map(() => []);
  let sink = 0;
  for (let r = -2; r < rounds; r++) {
    modes.forEach((m, k) => {
      gc();
      const c = process.cpuUsage();
      const t = performance.now();
      sink += JSON.stringify(lib.cohortTable(book, { timeZone, ...m.options } as Parameters<Lib["cohortTable"]>[1])).length;
      const dt = performance.now() - t;
      const dc = cpuMs(process.cpuUsage(c));
      if (r < 0) return; // warm-up rounds
      (wall[k] as number[]).push(dt);
      (cpu[k] as number[]).push(dc);
    });
  }
  const ratio = (xs: number[][], k: number): string => med((xs[k] as number[]).map((x, i) => x / ((xs[0] as number[])[i] as number))).toFixed(2);
  const parts = modes.map((m, k) => `${m.name} ${med(wall[k] as number[]).toFixed(0)} ms` + (k === 0 ? "" : ` (${ratio(wall, k)}× wall, ${ratio(cpu, k)}× CPU)`));
  console.log(
    `${n} orders, ${shuffle ? "shuffled" : "time-ordered"}: ${parts.join(", ")}; median per-round ratios over ${rounds} rounds ` +
      `(load ${loadavg().map((x) => x.toFixed(1)).join(" ")}) [${sink > 0 ? "ok" : ""}]`,
  );
}
