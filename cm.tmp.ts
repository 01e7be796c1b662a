import { prepareOrders, cohortTable, summarize, growthAccounting } from "./src/index.js";
import { generateOrders } from "./bench/generateOrders.js";
const timeZone = "Europe/Prague";
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
for (const shuffle of [false, true]) {
  const book = prepareOrders(generateOrders({ orders: 1_000_000, months: 36, shuffle }), { timeZone });
  const names = ["classic", "byPeriod", "consecutive", "summarize", "growth"] as const;
  const t: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < 9; r++) for (const n of names) {
    const a = performance.now();
    const res = n === "summarize" ? summarize(book, { timeZone }) : n === "growth" ? growthAccounting(book, { timeZone }) : cohortTable(book, { timeZone, mode: n });
    JSON.stringify(res);
    t[n]!.push(performance.now() - a);
  }
  const ratio = (a: string, b: string) => med(t[a]!.map((x, i) => x / t[b]![i]!)).toFixed(2);
  console.log(shuffle ? "shuffled" : "sorted", names.map((n) => `${n} ${med(t[n]!).toFixed(0)}`).join(", "), `| byPeriod/classic ${ratio("byPeriod", "classic")} consecutive/classic ${ratio("consecutive", "classic")} growth/summarize ${ratio("growth", "summarize")}`);
}
