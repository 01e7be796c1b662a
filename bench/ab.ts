// A/B of two copies of the library on the bench:compare data, interleaved (for measuring one change; not part of
// npm test). Each side runs in its own child process holding its own input; each round runs A then B (B then A
// on odd rounds), and the ratio B/A is taken within the round. Round 0 is a warm-up and not counted.
//
//   git archive <base-commit> src | tar -x -C .scratch/base      # the "before" copy (.scratch/ is git-ignored)
//   node --expose-gc --import tsx bench/ab.ts --base .scratch/base/src [--orders 1000000] [--rounds 7]
//        [--mode objects|columns] [--read records|columns|none] [--trust-b] [--cohorts 1]
// --trust-b: side B prepares with duplicateOrderIds: "trust" (A with the default check); --base src then compares
// the option alone. --cohorts k: cohortTable called k times on the book (each the same monthly table).
//
// Timed per run: prepareOrders / prepareOrderColumns + summarize + monthly cohortTable + customerSummaries, all
// in Europe/Prague, then every field of every record (or every entry of the columnar view) read, as
// bench:compare's "ours" contenders. Also per stage, the process CPU time (all threads: less disturbed by other
// jobs on a shared machine than the wall clock) and the peak RSS beyond the input during the run.
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as Lib from "../src/index.js";
import { generateOrders } from "./generateOrders.js";
import { toColumns } from "./toColumns.js";

const self = fileURLToPath(import.meta.url);
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
};
const TZ = "Europe/Prague";
const STAGES = ["prepare", "summarize", "cohortTable", "customerSummaries", "read"] as const;
type Report = { ms: number; cpu: number; stages: number[]; stagesCpu: number[]; peak: number; sink: number };

function kb(key: string): number {
  const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function child(src: string, side: "A" | "B"): Promise<void> {
  const lib = (await import(pathToFileURL(resolve(src, "index.ts")).href)) as typeof Lib;
  const gc = (globalThis as { gc?: () => void }).gc as () => void;
  const n = Number(arg("--orders", "1000000"));
  const mode = arg("--mode", "objects");
  const read = arg("--read", "records");
  const trust = side === "B" && process.argv.includes("--trust-b");
  const cohorts = Number(arg("--cohorts", "1"));
  let orders: Lib.Order[] | null = generateOrders({ orders: n, months: 36, heavyTail: true, seed: 42 });
  const cols = mode === "columns" ? toColumns(orders) : null;
  if (cols !== null) orders = null;
  process.on("message", () => {
    gc();
    gc();
    const before = kb("VmRSS");
    writeFileSync("/proc/self/clear_refs", "5");
    const stages: number[] = [];
    const stagesCpu: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let t = t0;
    let c = cpu0;
    const lap = (): void => {
      const now = performance.now();
      stages.push(now - t);
      t = now;
      const d = process.cpuUsage(c);
      stagesCpu.push((d.user + d.system) / 1000);
      c = process.cpuUsage();
    };
    const book = cols !== null ? lib.prepareOrderColumns(cols, { timeZone: TZ }) : lib.prepareOrders(orders as Lib.Order[], { timeZone: TZ, ...(trust ? { duplicateOrderIds: "trust" as const } : {}) });
    lap();
    const s = lib.summarize(book, { timeZone: TZ });
    lap();
    let ct = lib.cohortTable(book, { timeZone: TZ });
    // --cohorts k: k calls in all (a dashboard's tables on one book), the last one's cells read.
    for (let k = 1; k < cohorts; k++) ct = lib.cohortTable(book, { timeZone: TZ });
    lap();
    const summaries = lib.customerSummaries(book, { timeZone: TZ });
    lap();
    let sink = s.orders + ct.cohorts.length;
    for (const row of ct.cohorts) for (const x of row.cells) sink += x.activeCustomers + x.orders + x.revenue.e;
    if (read === "records") {
      for (const x of summaries.customers) {
        sink += x.customerId.length + x.firstOrderAt.length + x.lastOrderAt.length + x.orders + x.purchaseDays + x.revenue.e +
          x.averageOrderValue.e + x.frequency + x.recency + x.T + x.monetaryValue.e + x.daysSinceLastPurchase;
      }
    } else if (read === "columns") {
      const v = summaries.columns;
      for (let k = 0; k < v.customerId.length; k++) {
        sink += (v.customerId[k] as string).length + (v.firstOrderTime[k] as number) + (v.lastOrderTime[k] as number) + (v.orders[k] as number) +
          (v.purchaseDays[k] as number) + (v.revenueMinor[k] as number) + (v.monetaryTotalMinor[k] as number) + (v.frequency[k] as number) +
          (v.recency[k] as number) + (v.T[k] as number) + (v.daysSinceLastPurchase[k] as number);
      }
    }
    lap();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    process.send?.({ ms, cpu: (cpu.user + cpu.system) / 1000, stages, stagesCpu, peak: kb("VmHWM") - before, sink } satisfies Report);
  });
  process.send?.("ready");
}

async function parent(): Promise<void> {
  const base = arg("--base", ".scratch/base/src");
  const rounds = Number(arg("--rounds", "7"));
  const n = Number(arg("--orders", "1000000"));
  const sides = [base, "src"].map((src, k) => {
    const proc = fork(self, ["--child", src, k === 0 ? "A" : "B", ...process.argv.slice(2)], { execArgv: [...process.execArgv, "--max-old-space-size=16384"] });
    return { src, proc, ready: new Promise<void>((ok) => proc.once("message", () => ok())) };
  });
  await Promise.all(sides.map((s) => s.ready));
  const run = (k: number): Promise<Report> =>
    new Promise((ok) => {
      const side = sides[k] as (typeof sides)[number];
      side.proc.once("message", (m) => ok(m as Report));
      side.proc.send("run");
    });
  const out: Report[][] = [[], []];
  const loads: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    const got: Report[] = [];
    for (const k of order) got[k] = await run(k);
    loads.push(loadavg()[0] as number);
    if ((got[0] as Report).sink !== (got[1] as Report).sink) console.log(`round ${r}: sinks differ ${got[0]?.sink} ${got[1]?.sink}`);
    if (r === 0) continue;
    out[0]!.push(got[0] as Report);
    out[1]!.push(got[1] as Report);
    console.log(`round ${r}: A ${got[0]!.ms.toFixed(0)} ms, B ${got[1]!.ms.toFixed(0)} ms, B/A ${(got[1]!.ms / got[0]!.ms).toFixed(3)}, CPU B/A ${(got[1]!.cpu / got[0]!.cpu).toFixed(3)}, load ${loads.at(-1)!.toFixed(1)}`);
  }
  for (const s of sides) s.proc.kill();
  const med = (xs: number[]): number => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length % 2 ? (v[v.length >> 1] as number) : ((v[v.length / 2 - 1] as number) + (v[v.length / 2] as number)) / 2;
  };
  const [A, B] = out as [Report[], Report[]];
  const ratio = (f: (x: Report) => number): string => {
    const rs = A.map((a, i) => f(B[i] as Report) / f(a));
    return `${med(rs).toFixed(3)} (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})`;
  };
  console.log(`\n${n} orders, mode ${arg("--mode", "objects")}, read ${arg("--read", "records")}, ${rounds} rounds; A = ${base}, B = src${process.argv.includes("--trust-b") ? ' with duplicateOrderIds: "trust"' : ""}; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (median ${med(loads).toFixed(1)})`);
  console.log(`total: A median ${med(A.map((x) => x.ms)).toFixed(0)} ms, B median ${med(B.map((x) => x.ms)).toFixed(0)} ms, B/A per round median ${ratio((x) => x.ms)}`);
  console.log(`CPU time (process, all threads): A median ${med(A.map((x) => x.cpu)).toFixed(0)} ms, B median ${med(B.map((x) => x.cpu)).toFixed(0)} ms, B/A per round median ${ratio((x) => x.cpu)}`);
  STAGES.forEach((name, k) => {
    console.log(`  ${name.padEnd(18)} A ${med(A.map((x) => x.stages[k] as number)).toFixed(0).padStart(6)} ms, B ${med(B.map((x) => x.stages[k] as number)).toFixed(0).padStart(6)} ms, B/A ${ratio((x) => x.stages[k] as number)}; CPU A ${med(A.map((x) => x.stagesCpu[k] as number)).toFixed(0)} ms, B ${med(B.map((x) => x.stagesCpu[k] as number)).toFixed(0)} ms, B/A ${ratio((x) => x.stagesCpu[k] as number)}`);
  });
  const peak = (xs: Report[]): string => {
    const m = med(xs.map((x) => x.peak));
    const top = Math.max(...xs.map((x) => x.peak));
    return `median ${(m / 2 ** 20).toFixed(0)} MiB (${(m / n).toFixed(0)} B/order), max ${(top / 2 ** 20).toFixed(0)} MiB (${(top / n).toFixed(0)} B/order)`;
  };
  console.log(`peak RSS beyond input over rounds: A ${peak(A)}; B ${peak(B)}`);
}

if (process.argv[2] === "--child") await child(process.argv[3] as string, process.argv[4] as "A" | "B");
else await parent();
