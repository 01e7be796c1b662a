import type { ResolvedWindow, TimeUnit } from "../../../core/types.js";
import { argumentError } from "../../fail.js";
import type { CustomerSummariesResult, CustomerSummaryColumns } from "../../kernels/customerSummaryTypes.js";
import { columnView, defineSummaryFields, type SummaryData } from "../../kernels/summaryRecords.js";
import { resolveMetric } from "../../resolve.js";
import { booleanOption, unitDays } from "../../time/timeUnit.js";
import type { ZoneCalendar } from "../../time/zone.js";
import { observationCte, partCols, sourceCte, windowConditions, withCtes, type Source } from "../writer.js";
import { countCellAt, customerIdCell, dayCell, exactUnits, moneyColumns, msCellAt, partAs, type Row, sortedRows, type Units, unitsCellAt } from "./common.js";

/**
 * `customerSummaries` in SQL: one row per customer with the facts the buy-till-you-die inputs are made of (counts,
 * first and last purchase day as local day numbers, exact sums of the whole and of the first purchase day), and
 * one header row per order set with the observation end. `fromSqlRows` divides (recency and T by the unit,
 * monetary value by the frequency) exactly as the in-process function does, through the same record builder.
 */

/** The options of `customerSummaries`, read as the in-process function reads them (no orders needed). */
export interface ResolvedSummariesSql {
  metric: "customerSummaries";
  zone: ZoneCalendar;
  /** The asOf option (epoch ms), or null: the latest order's time, found by the query. */
  asOf: number | null;
  from: number;
  to: number;
  net: boolean;
  unit: TimeUnit;
  unitDays: number;
  includeFirstPurchase: boolean;
  /** The window echo of the in-process result, `asOf` still to be filled from the rows. */
  window: ResolvedWindow;
}

/** Reads the options of `customerSummaries` with the in-process readers (same checks, codes and fields, same order). */
export function resolveSummariesSql(options: unknown): ResolvedSummariesSql {
  const o = options as { asOf?: unknown; unit?: unknown; includeFirstPurchase?: unknown } | undefined;
  // The shared options read by the in-process reader itself, against no orders.
  const r = resolveMetric([], options as never);
  const unit = (o?.unit ?? "day") as TimeUnit;
  const days = unitDays(unit);
  const includeFirstPurchase = booleanOption("includeFirstPurchase", o?.includeFirstPurchase, false);
  return {
    metric: "customerSummaries",
    zone: r.zone,
    asOf: o?.asOf === undefined ? null : r.asOf,
    from: r.from,
    to: r.to,
    net: r.value.basis === "net",
    unit,
    unitDays: days,
    includeFirstPurchase,
    window: r.window,
  };
}

export function summariesSql(s: Source, o: ResolvedSummariesSql): string {
  const w = s.writer;
  const d = w.d;
  const p = partCols(s);
  const zone = w.param(o.zone.timeZone, "text");
  const window = ["placed <= observation.as_of", ...windowConditions(w, o.from, o.to)];
  const partKey = s.partition === null ? "" : "part AS partition_key, ";
  const on = (a: string, b: string): string => (s.partition === null ? `${a}.customer = ${b}.customer` : `${a}.part = ${b}.part AND ${a}.customer = ${b}.customer`);
  return withCtes(`retention-metrics customerSummaries (${d.name}). Parameters are bound, never pasted.`, [
    sourceCte(s),
    observationCte(s, o.asOf),
    {
      name: "first_orders",
      comment:
        "Each customer's first order in the whole table (time, then order id): customers are listed in this order, which\n" +
        "is customerSummaries' order (first appearance) when the orders are given in time order.",
      body:
        `SELECT ${p}customer, placed AS first_placed, order_key AS first_key\nFROM (\n` +
        `  SELECT ${p}customer, placed, order_key, ROW_NUMBER() OVER (PARTITION BY ${p}customer ORDER BY placed, order_key) AS nth\n` +
        "  FROM source_orders\n) AS ranked\nWHERE nth = 1",
    },
    {
      name: "seen",
      comment:
        "The counted orders: from <= placed < to, placed <= asOf. Each one's purchase day: its local calendar day in timeZone\n" +
        "(days since 1970-01-01); orders of one day are one purchase.",
      body:
        `SELECT ${partAs(s, "source_orders")}source_orders.customer AS customer, source_orders.placed AS placed, source_orders.gross AS gross,\n  source_orders.refund AS refund,\n` +
        `  ${d.dayNumber(d.localDate("source_orders.placed", zone))} AS purchase_day\n` +
        `FROM source_orders ${s.partition === null ? "CROSS JOIN observation" : "JOIN observation ON observation.part = source_orders.part"}\nWHERE ${window.join("\n  AND ")}`,
    },
    {
      name: "with_first_day",
      comment: "The first purchase day: the customer's earliest purchase day.",
      body: `SELECT ${p}customer, placed, gross, refund, purchase_day,\n  MIN(purchase_day) OVER (PARTITION BY ${p}customer) AS first_purchase_day\nFROM seen`,
    },
    {
      name: "customer_facts",
      comment:
        "Per customer: orders, distinct purchase days, first and last purchase day and order time, exact sums (gross and\n" +
        "refunded) of all orders and of the first purchase day's.",
      body:
        `SELECT ${p}customer,\n  COUNT(*) AS orders,\n  COUNT(DISTINCT purchase_day) AS purchase_days,\n  MIN(purchase_day) AS first_day,\n  MAX(purchase_day) AS last_day,\n` +
        "  MIN(placed) AS first_time,\n  MAX(placed) AS last_time,\n  SUM(gross) AS gross_sum,\n  SUM(refund) AS refunded_sum,\n" +
        "  SUM(CASE WHEN purchase_day = first_purchase_day THEN gross ELSE 0 END) AS first_day_gross_sum,\n" +
        "  SUM(CASE WHEN purchase_day = first_purchase_day THEN refund ELSE 0 END) AS first_day_refunded_sum\n" +
        `FROM with_first_day\nGROUP BY ${p}customer`,
    },
    {
      name: "result_rows",
      comment:
        "One header row per order set (customer_index 0: the observation end), then one row per customer, numbered\n" +
        "1, 2, … in the order of first_orders.",
      body:
        `SELECT ${partKey}0 AS customer_index, NULL AS customer_id, NULL AS orders, NULL AS purchase_days, NULL AS first_day, NULL AS last_day,\n` +
        "  NULL AS first_order_ms, NULL AS last_order_ms, NULL AS gross, NULL AS refunded, NULL AS first_day_gross, NULL AS first_day_refunded,\n" +
        `  ${d.epochMs("as_of")} AS as_of_ms\nFROM observation\nUNION ALL\n` +
        `SELECT ${s.partition === null ? "" : "f.part AS partition_key, "}ROW_NUMBER() OVER (${s.partition === null ? "" : "PARTITION BY f.part "}ORDER BY o.first_placed, o.first_key, ${d.binaryText("f.customer")}) AS customer_index,\n` +
        `  ${d.decimalText("f.customer")} AS customer_id, f.orders, f.purchase_days, f.first_day, f.last_day,\n` +
        `  ${d.epochMs("f.first_time")} AS first_order_ms, ${d.epochMs("f.last_time")} AS last_order_ms,\n` +
        `  ${d.decimalText("f.gross_sum")} AS gross, ${d.decimalText("f.refunded_sum")} AS refunded,\n` +
        `  ${d.decimalText("f.first_day_gross_sum")} AS first_day_gross, ${d.decimalText("f.first_day_refunded_sum")} AS first_day_refunded,\n` +
        `  NULL AS as_of_ms\nFROM customer_facts AS f JOIN first_orders AS o ON ${on("o", "f")}`,
    },
  ], `SELECT * FROM result_rows\nORDER BY ${s.partition === null ? "" : "partition_key, "}customer_index`);
}

/** The result of `customerSummaries` from its rows (the public function adds the display). */
export function summariesFromRows(o: ResolvedSummariesSql, rows: unknown): CustomerSummariesResult {
  const { header, body } = sortedRows(rows);
  const asOf = o.asOf ?? msCellAt(header, "as_of_ms");
  const n = body.length;
  const ids = new Array<string>(n);
  const firstOrderTime = new Float64Array(n);
  const lastOrderTime = new Float64Array(n);
  const orders = new Int32Array(n);
  const purchaseDays = new Int32Array(n);
  const frequency = new Int32Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const daysSinceLastPurchase = new Int32Array(n);
  const revenue: Units[] = [];
  const counted: Units[] = [];
  const asOfDay = n === 0 || asOf === null ? 0 : o.zone.localDay(asOf);
  const first = o.includeFirstPurchase ? 0 : 1;
  let orderCount = 0;
  let repeat = 0;
  body.forEach((row: Row, k) => {
    ids[k] = customerIdCell(row);
    firstOrderTime[k] = msCellAt(row, "first_order_ms") as number;
    lastOrderTime[k] = msCellAt(row, "last_order_ms") as number;
    const count = countCellAt(row, "orders");
    orders[k] = count;
    orderCount += count;
    const days = countCellAt(row, "purchase_days");
    purchaseDays[k] = days;
    if (days >= 2) repeat++;
    frequency[k] = days - first;
    const firstDay = dayCell(row, "first_day");
    const lastDay = dayCell(row, "last_day");
    recency[k] = o.unitDays === 1 ? lastDay - firstDay : (lastDay - firstDay) / o.unitDays;
    T[k] = o.unitDays === 1 ? asOfDay - firstDay : (asOfDay - firstDay) / o.unitDays;
    daysSinceLastPurchase[k] = asOfDay - lastDay;
    const value = exactUnits(unitsCellAt(row, "gross"), o.net ? unitsCellAt(row, "refunded") : null);
    const firstValue = exactUnits(unitsCellAt(row, "first_day_gross"), o.net ? unitsCellAt(row, "first_day_refunded") : null);
    revenue.push(value);
    counted.push(o.includeFirstPurchase ? value : exactUnits(value, firstValue));
  });
  const money = moneyColumns([revenue, counted]);
  const [revenueMinor, monetaryTotalMinor] = money.columns as [Float64Array, Float64Array];
  const columns: CustomerSummaryColumns = columnView({
    customerId: ids, firstOrderTime, lastOrderTime, orders, purchaseDays, revenueMinor, monetaryTotalMinor, frequency, recency, T,
    daysSinceLastPurchase, scale: money.scale,
  });
  let exact: SummaryData["exact"] = null;
  if (money.exact !== null) {
    exact = new Map();
    for (const k of money.exact) exact.set(k, { revenue: money.units[0]?.[k] as bigint, counted: money.units[1]?.[k] as bigint });
  }
  const result: CustomerSummariesResult = {
    customers: [],
    columns: undefined as unknown as CustomerSummaryColumns,
    customerCount: n,
    repeatCustomers: repeat,
    orders: orderCount,
    unit: o.unit,
    unitDays: o.unitDays,
    includeFirstPurchase: o.includeFirstPurchase,
    // A warehouse table has no currency column in this version.
    currency: null,
    window: { ...o.window, asOf: asOf === null ? null : new Date(asOf).toISOString() },
  };
  if (n > 0 && asOf === null) throw argumentError("rows", "must have the observation end (as_of_ms) when there are customers", header, "Pass the rows of the query toSql compiled, unchanged.");
  return defineSummaryFields(result, () => ({ columns, exact }));
}
