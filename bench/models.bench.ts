import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { customerSummaries, fitBetaGeo, prepareOrders, type RfmRecord } from "../src/index.js";
import { readCdnowMaster } from "../scripts/cdnow.js";

// The CDNOW master summary (23,570 customers), calibration end 1997-09-30, times in weeks, made by the library.
const master: RfmRecord[] = customerSummaries(prepareOrders(readCdnowMaster()), { asOf: "1997-09-30", unit: "week" }).customers.map((c) => ({
  frequency: c.frequency,
  recency: c.recency,
  T: c.T,
}));

// The 2,357-customer sample summary as published (rounded to 2 decimals).
const sample: RfmRecord[] = readFileSync(fileURLToPath(new URL("../test/fixtures/cdnow_customers_summary.csv", import.meta.url)), "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => {
    const [, f = "0", r = "0", T = "0"] = l.split(",");
    return { frequency: Number(f), recency: Number(r), T: Number(T) };
  });

describe("fitBetaGeo", () => {
  bench(`CDNOW master summary (${master.length} customers)`, () => {
    fitBetaGeo(master, { unit: "week" });
  });
  bench(`CDNOW sample summary (${sample.length} customers)`, () => {
    fitBetaGeo(sample, { unit: "week" });
  });
});
