// npm run docs:images: the pictures in docs/images, made by the library itself from the bundled CDNOW data.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cohortHeatmap, cohortTable, historicalLifetimeValue, lifetimeValueChart, prepareOrders } from "../src/index.js";
import { readCdnowMaster } from "./cdnow.js";

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
