import { prepareOrders, growthAccounting, summarize } from "./src/index.js";
import { growthCounts } from "./src/internal/kernels/growthAccounting.js";
import { periodKernel } from "./src/internal/time/periods.js";
import { columnsOf } from "./src/internal/book/OrderBook.js";
import { generateOrders } from "./bench/generateOrders.js";
const timeZone = "Europe/Prague";
const book = prepareOrders(generateOrders({ orders: 1_000_000, months: 36 }), { timeZone });
const cols = columnsOf(book);
const kernel = periodKernel("month", cols.calendar!, 1);
const p0 = kernel.ofInstantOnce(cols.minTime), p1 = kernel.ofInstantOnce(cols.maxTime);
for (let r = 0; r < 10; r++) {
  let a = performance.now(); growthCounts(cols, kernel, cols.maxTime, p0, p1, true); const k = performance.now() - a;
  a = performance.now(); growthAccounting(book, { timeZone }); const g = performance.now() - a;
  a = performance.now(); summarize(book, { timeZone }); const s = performance.now() - a;
  console.log("kernel", k.toFixed(1), "growth", g.toFixed(1), "summarize", s.toFixed(1));
}
