// npm run docs:images: the pictures in docs/images, made by the library itself from the bundled CDNOW data.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { calibrationHoldout, cohortHeatmap, cohortTable, fitBetaGeo, historicalLifetimeValue, lifetimeValueChart, prepareOrders, trackingCheck, trackingChart } from "../src/index.js";
import { readCdnowMaster, readCdnowSample } from "./cdnow.js";

const dir = fileURLToPath(new URL("../docs/images/", import.meta.url));
mkdirSync(dir, { recursive: true });
const book = prepareOrders(readCdnowMaster(), { timeZone: "UTC" });
const table = cohortTable(book, { granularity: "month" });
const write = (name: string, svg: string): void => {
  writeFileSync(`${dir}${name}`, `${svg}\n`);
  console.log(`docs/images/${name}: ${svg.length.toLocaleString("en-US")} characters`);
};
write("cdnow-cohort-heatmap.svg", cohortHeatmap(table, { title: "CDNOW: monthly acquisition cohorts, share buying in month k" }));
write("cdnow-lifetime-value.svg", lifetimeValueChart(historicalLifetimeValue(book, { granularity: "month" }), { title: "CDNOW: historical lifetime value by customer age" }));
write("cdnow-tracking.svg", cdnowTrackingChart());

/** docs/predicting-clv.md#model-checks: BG/NBD fitted on CDNOW's 39 calibration weeks, tracked over 78 (the 1/10 sample). */
function cdnowTrackingChart(): string {
  const sample = prepareOrders(readCdnowSample(), { timeZone: "UTC" });
  const split = calibrationHoldout(sample, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", unit: "week" });
  const model = fitBetaGeo({ customers: split.calibrationCustomers, unit: split.unit });
  const tracking = trackingCheck(model, sample, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
  return trackingChart(tracking, { cumulative: false, title: "CDNOW: weekly repeat purchases, BG/NBD against actual" });
}
