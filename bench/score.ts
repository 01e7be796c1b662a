// `node --import tsx bench/score.ts [--n 1000000] [--runs 5] [--models bg,pareto] [--dist]`: scoreCustomers on a million
// generated customer summaries. Not part of `npm test`; no timing is asserted anywhere.
//
// The customers look like customerSummaries output of a two-year shop in weeks: T and recency are whole days over 7,
// frequencies mostly 0 with a geometric tail, mean repeat-purchase values with cents. The timed region is the call
// plus reading every field of every record out (a sum over them), as a caller writing the table out would: once
// through `customers` (the records, built on that read) and once through `columns`. Each contender runs `runs`
// times, interleaved; the median and the spread of wall time and of the process's CPU time are printed, with the
// load average (the machine is shared: quote medians with it).
import { loadavg } from "node:os";
import type { BetaGeoModel, GammaGammaModel, LifetimeValueCustomer, ParetoNbdModel } from "../src/index.js";
import { mulberry32 } from "./generateOrders.js";

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const n = Number(arg("n", "1000000"));
const runs = Number(arg("runs", "5"));
const which = arg("models", "bg,pareto").split(",");
// --dist: the built package (npx tsup first), as callers run it; default the source through tsx, whose module
// interop adds a getter call to every cross-module function call.
const lib = (process.argv.includes("--dist") ? await import("../dist/index.js" as string) : await import("../src/index.js")) as typeof import("../src/index.js");
const { scoreCustomers } = lib;

function customers(count: number): LifetimeValueCustomer[] {
  const rand = mulberry32(18);
  const out: LifetimeValueCustomer[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const ageDays = Math.floor(rand() * 730);
    let x = 0;
    while (x < 40 && rand() < (x === 0 ? 0.4 : 0.6)) x++;
    const lastDays = x === 0 ? 0 : Math.floor(rand() * (ageDays + 1));
    out[i] = {
      customerId: `c${i}`,
      frequency: x,
      recency: lastDays / 7,
      T: ageDays / 7,
      monetaryValue: x === 0 ? 0 : Math.round(500 + rand() * 9000) / 100,
    };
  }
  return out;
}

const models: Record<string, BetaGeoModel | ParetoNbdModel> = {
  bg: { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" },
  pareto: { kind: "Pareto/NBD", params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, unit: "week" },
};
const spend: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } };

const data = customers(n);
const times: Record<string, number[]> = {};
// CPU time of the process in the timed region (user + system; includes the garbage collector's helper threads).
const cpuTimes: Record<string, number[]> = {};
let sink = 0;
// Each contender: a model, and how the caller reads the table out (the records, or the columnar view).
const contenders = which.flatMap((key) => (["columns", "records"] as const).map((mode) => ({ key, mode, name: `${models[key]?.kind ?? key}, ${mode}` })));
for (let run = 0; run < runs; run++) {
  for (const { key, mode, name } of contenders) {
    const model = models[key];
    if (model === undefined) throw new Error(`unknown model ${key}`);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = scoreCustomers(data, { transactionModel: model, spendModel: spend, horizon: 12 });
    let s = 0;
    if (mode === "records") {
      for (const c of result.customers) {
        s += c.probabilityAlive + c.probabilityOfPurchase + c.expectedPurchases + c.expectedOrderValue + c.predictedLifetimeValue + c.tier + c.customerId.length;
      }
    } else {
      const c = result.columns;
      for (let i = 0; i < c.customerId.length; i++) {
        s += c.probabilityAlive[i]! + c.probabilityOfPurchase[i]! + c.expectedPurchases[i]! + c.expectedOrderValue[i]! + c.predictedLifetimeValue[i]! + c.tier[i]! + c.customerId[i]!.length;
      }
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    sink += s;
    (times[name] ??= []).push(ms);
    (cpuTimes[name] ??= []).push((cpu.user + cpu.system) / 1000);
  }
}
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
console.log(`scoreCustomers, ${n.toLocaleString("en-US")} customers, horizon 12 months, ${runs} interleaved runs; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const [key, v] of Object.entries(times)) {
  const cpu = cpuTimes[key] ?? [];
  console.log(`  ${key}: median ${median(v).toFixed(0)} ms wall (min ${Math.min(...v).toFixed(0)}, max ${Math.max(...v).toFixed(0)}), median ${median(cpu).toFixed(0)} ms CPU`);
}
if (Number.isNaN(sink)) console.log("NaN in the results");
