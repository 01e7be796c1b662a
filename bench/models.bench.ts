import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { fitBetaGeo, type RfmRecord } from "../src/models/index.js";

// Bench-only helper until `customerSummaries` lands: the CDNOW master summary (23,570 customers),
// calibration end 1997-09-30, times in weeks. Per customer: distinct purchase days up to the end,
// frequency = days − 1, recency = (last − first)/7, T = (end − first)/7.
function dayNumber(yyyymmdd: string): number {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function masterSummary(): RfmRecord[] {
  const text = readFileSync(fileURLToPath(new URL("../test/fixtures/CDNOW_master.txt", import.meta.url)), "utf8");
  const end = dayNumber("19970930");
  const days = new Map<string, Set<number>>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [id, date] = line.trim().split(/\s+/);
    if (id === undefined || date === undefined || id === "") continue;
    const day = dayNumber(date);
    if (day > end) continue;
    let s = days.get(id);
    if (s === undefined) days.set(id, (s = new Set()));
    s.add(day);
  }
  return [...days.values()].map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    const first = sorted[0] ?? end;
    const last = sorted[sorted.length - 1] ?? first;
    return { frequency: sorted.length - 1, recency: (last - first) / 7, T: (end - first) / 7 };
  });
}

function sampleSummary(): RfmRecord[] {
  const text = readFileSync(fileURLToPath(new URL("../test/fixtures/cdnow_customers_summary.csv", import.meta.url)), "utf8");
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const [, f = "0", r = "0", T = "0"] = l.split(",");
      return { frequency: Number(f), recency: Number(r), T: Number(T) };
    });
}

const master = masterSummary();
const sample = sampleSummary();

describe("fitBetaGeo", () => {
  bench(`CDNOW master summary (${master.length} customers)`, () => {
    fitBetaGeo(master);
  });
  bench(`CDNOW sample summary (${sample.length} customers)`, () => {
    fitBetaGeo(sample);
  });
});
