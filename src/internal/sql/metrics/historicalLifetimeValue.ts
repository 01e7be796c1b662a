import type { Decimal } from "decimal.js";
import type { ResolvedWindow } from "../../../core/types.js";
import { optionError } from "../../fail.js";
import { MAX_COHORT_CELLS } from "../../kernels/cohortCells.js";
import { minorToDecimal, ratioDecimal } from "../../money/money.js";
import { resolveMetric } from "../../resolve.js";
import { periodKernel, periodStarts } from "../../time/periods.js";
import type { ZoneCalendar } from "../../time/zone.js";
import { observationCte, partCols, sourceCte, windowConditions, withCtes, type Source } from "../writer.js";
import { atScale, countCellAt, dayCell, exactUnits, msCellAt, partAs, type Row, sortedRows, unitsCellAt } from "./common.js";

/**
 * `historicalLifetimeValue` in SQL: the warehouse finds each customer's acquisition month (the local month of their
 * first order in the whole table) and sums the exact revenue of the acquired customers by acquisition month and
 * order month; `fromSqlRows` folds months into quarters or years, finds the complete periods and divides, as the
 * in-process cohort kernel does (period grid and completeness from the same calendar code).
 */

type LtvGranularity = "month" | "quarter" | "year";

/** The options of `historicalLifetimeValue`, read as the in-process function reads them (no orders needed). */
export interface ResolvedLifetimeValueSql {
  metric: "historicalLifetimeValue";
  zone: ZoneCalendar;
  /** The asOf option (epoch ms), or null: the latest order's time, found by the query. */
  asOf: number | null;
  from: number;
  to: number;
  net: boolean;
  /** `revenue: "margin"` with `marginRate`: the rate as an integer at a scale, else null. */
  rate: { mantissa: number; scale: number } | null;
  granularity: LtvGranularity;
  /** The `periods` option, or Infinity. */
  cap: number;
  /** The window echo of the in-process result, `asOf` still to be filled from the rows. */
  window: ResolvedWindow;
}

/** Reads the options of `historicalLifetimeValue` with the in-process checks (same codes and fields, same order). */
export function resolveLifetimeValueSql(options: unknown): ResolvedLifetimeValueSql {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const o = (options ?? {}) as { granularity?: unknown; periods?: unknown; asOf?: unknown; refundAttribution?: unknown };
  const granularity = o.granularity ?? "month";
  if (granularity !== "month" && granularity !== "quarter" && granularity !== "year") {
    throw optionError("granularity", 'must be "month", "quarter" or "year"', granularity, 'Pass "month" (the default) for LTV by months since acquisition.');
  }
  // The shared and value options read by the in-process reader itself, against no orders.
  const r = resolveMetric([], o as never, false, true);
  let cap = Infinity;
  if (o.periods !== undefined) {
    if (typeof o.periods !== "number" || !Number.isInteger(o.periods) || o.periods < 1) {
      throw optionError("periods", "must be an integer ≥ 1", o.periods, "Pass the number of columns to show, such as 12.");
    }
    cap = o.periods;
  }
  if (r.value.basis === "margin" && r.value.rate === null) {
    throw optionError(
      "revenue",
      'is "margin" from each order\'s cost, which toSql does not compile (the order table has no cost column)',
      "margin",
      'Pass marginRate (such as "0.35"), or compute margins from costs in-process.',
    );
  }
  if (r.value.refundDate && r.value.basis !== "gross") {
    throw optionError(
      "refundAttribution",
      'is "refundDate", which toSql does not compile (the order table has no refundedAt column)',
      o.refundAttribution,
      'Leave it out (refunds at the order date), or compute refund-dated curves in-process.',
    );
  }
  return {
    metric: "historicalLifetimeValue",
    zone: r.zone,
    asOf: o.asOf === undefined ? null : r.asOf,
    from: r.from,
    to: r.to,
    net: r.value.basis !== "gross",
    rate: r.value.rate === null ? null : { mantissa: r.value.rate.mantissa, scale: r.value.rate.scale },
    granularity,
    cap,
    window: r.window,
  };
}

export function lifetimeValueSql(s: Source, o: ResolvedLifetimeValueSql): string {
  const w = s.writer;
  const d = w.d;
  const p = partCols(s);
  const zone = w.param(o.zone.timeZone, "text");
  const month = (ts: string): string => d.dayNumber(d.monthStart(d.localDate(ts, zone)));
  const joinObs = (alias: string): string => (s.partition === null ? "CROSS JOIN observation" : `JOIN observation ON observation.part = ${alias}.part`);
  const partKey = s.partition === null ? "" : "part AS partition_key, ";
  return withCtes(`retention-metrics historicalLifetimeValue (${d.name}). Parameters are bound, never pasted.`, [
    sourceCte(s),
    observationCte(s, o.asOf),
    {
      name: "first_orders",
      comment: "Each customer's first order in the whole table (orders before `from` included).",
      body: `SELECT ${p}customer, MIN(placed) AS first_placed FROM source_orders GROUP BY ${p}customer`,
    },
    {
      name: "cohort_members",
      comment:
        "Acquired customers: first order in [from, to) and by asOf. Cohort: the first order's local month in timeZone (as the\n" +
        "day number of its first day; quarters and years are whole months, folded by fromSqlRows).",
      body:
        `SELECT ${partAs(s, "first_orders")}first_orders.customer AS customer, ${month("first_orders.first_placed")} AS cohort_month\n` +
        `FROM first_orders ${joinObs("first_orders")}\nWHERE ${["first_placed <= observation.as_of", ...windowConditions(w, o.from, o.to, "first_placed")].join("\n  AND ")}`,
    },
    {
      name: "cohort_sizes",
      comment: "Customers per cohort month.",
      body: `SELECT ${p}cohort_month, COUNT(*) AS customers FROM cohort_members GROUP BY ${p}cohort_month`,
    },
    {
      name: "cells",
      comment: "The acquired customers' orders in [from, to) and by asOf, exact sums (gross, refunded) by cohort month and local order month.",
      body:
        `SELECT ${partAs(s, "m")}m.cohort_month AS cohort_month, ${month("source_orders.placed")} AS order_month,\n  SUM(source_orders.gross) AS gross_sum, SUM(source_orders.refund) AS refunded_sum\n` +
        `FROM source_orders\n  JOIN cohort_members AS m ON ${s.partition === null ? "" : "m.part = source_orders.part AND "}m.customer = source_orders.customer\n  ${joinObs("source_orders")}\n` +
        `WHERE ${["source_orders.placed <= observation.as_of", ...windowConditions(w, o.from, o.to, "source_orders.placed")].join("\n  AND ")}\n` +
        `GROUP BY ${partCols(s, "m.")}m.cohort_month, ${month("source_orders.placed")}`,
    },
    {
      name: "result_rows",
      comment: "One header row per order set (cell_index 0: the observation end), then one row per cell, numbered 1, 2, ….",
      body:
        `SELECT ${partKey}0 AS cell_index, NULL AS cohort_month, NULL AS order_month, NULL AS customers, NULL AS gross, NULL AS refunded,\n` +
        `  ${d.epochMs("as_of")} AS as_of_ms\nFROM observation\nUNION ALL\n` +
        `SELECT ${s.partition === null ? "" : "c.part AS partition_key, "}ROW_NUMBER() OVER (${s.partition === null ? "" : "PARTITION BY c.part "}ORDER BY c.cohort_month, c.order_month) AS cell_index,\n` +
        `  c.cohort_month, c.order_month, z.customers, ${d.decimalText("c.gross_sum")} AS gross, ${d.decimalText("c.refunded_sum")} AS refunded,\n  NULL AS as_of_ms\n` +
        `FROM cells AS c JOIN cohort_sizes AS z ON ${s.partition === null ? "" : "z.part = c.part AND "}z.cohort_month = c.cohort_month`,
    },
  ], `SELECT * FROM result_rows\nORDER BY ${s.partition === null ? "" : "partition_key, "}cell_index`);
}

/** One point of the curve (the public result's `HistoricalLifetimeValuePoint`). */
interface Point {
  period: number;
  historicalLifetimeValue: Decimal | null;
  cohorts: number;
  customers: number;
}

/** The fields of `historicalLifetimeValue`'s result from its rows (the public function adds the display). */
export function lifetimeValueFromRows(o: ResolvedLifetimeValueSql, rows: unknown): { periods: Point[]; granularity: LtvGranularity; currency: null; window: ResolvedWindow } {
  const { header, body } = sortedRows(rows, "cell_index");
  const asOf = o.asOf ?? msCellAt(header, "as_of_ms");
  const window = { ...o.window, asOf: asOf === null ? null : new Date(asOf).toISOString() };
  const result = { periods: [] as Point[], granularity: o.granularity, currency: null, window };
  if (body.length === 0 || asOf === null) return result;
  const kernel = periodKernel(o.granularity, o.zone);
  // Cohort sizes (per cohort month, folded into periods) and the revenue of each (cohort period, k) cell.
  const size = new Map<number, number>();
  const months = new Set<number>();
  const cells: Array<{ p: number; k: number; value: { units: bigint; scale: number } }> = [];
  let scale = 0;
  for (const row of body as Row[]) {
    const cohortMonth = dayCell(row, "cohort_month");
    const p = kernel.ofDay(cohortMonth);
    if (!months.has(cohortMonth)) {
      months.add(cohortMonth);
      size.set(p, (size.get(p) ?? 0) + countCellAt(row, "customers"));
    }
    const value = exactUnits(unitsCellAt(row, "gross"), o.net ? unitsCellAt(row, "refunded") : null);
    if (value.scale > scale) scale = value.scale;
    cells.push({ p, k: kernel.ofDay(dayCell(row, "order_month")) - p, value });
  }
  const cohorts = [...size.keys()].sort((a, b) => a - b);
  const pMin = cohorts[0] as number;
  const obsEnd = Math.min(asOf, o.to - 1);
  const obsPeriod = kernel.ofInstantOnce(obsEnd);
  const K = Math.max(1, Math.min(o.cap, obsPeriod - pMin + 1));
  if (cohorts.length * K > MAX_COHORT_CELLS) {
    const field = o.cap === Infinity ? "granularity" : "periods";
    throw optionError(
      field,
      `gives ${cohorts.length} cohort rows × ${K} periods = ${cohorts.length * K} cells, more than the ${MAX_COHORT_CELLS} a table may hold`,
      field === "periods" ? o.cap : o.granularity,
      "Choose a coarser granularity, fewer periods (the periods option), or a shorter from/to range.",
    );
  }
  const revenue = new Map<number, bigint[]>(cohorts.map((p) => [p, new Array<bigint>(K).fill(0n)]));
  for (const c of cells) {
    if (c.k >= K) continue;
    const row = revenue.get(c.p) as bigint[];
    row[c.k] = (row[c.k] as bigint) + atScale(c.value, scale);
  }
  const obsLimit = Math.min(o.to, asOf + 1);
  const startOf = periodStarts(kernel);
  const sumSize = new Array<number>(K).fill(0);
  const sumCohorts = new Array<number>(K).fill(0);
  const sumRevenue = new Array<bigint>(K).fill(0n);
  for (const p of cohorts) {
    const visible = Math.min(K, obsPeriod - p + 1);
    let complete = 0;
    while (complete < visible && startOf(p + complete + 1) <= obsLimit) complete++;
    let cum = 0n;
    const row = revenue.get(p) as bigint[];
    for (let j = 0; j < complete; j++) {
      cum += row[j] as bigint;
      sumSize[j] = (sumSize[j] as number) + (size.get(p) as number);
      sumCohorts[j] = (sumCohorts[j] as number) + 1;
      sumRevenue[j] = (sumRevenue[j] as bigint) + cum;
    }
  }
  // A margin rate multiplies every amount exactly: Σ rate × net = rate × Σ net.
  const rate = o.rate;
  for (let j = 0; j < K; j++) {
    const sz = sumSize[j] as number;
    const units = rate === null ? (sumRevenue[j] as bigint) : (sumRevenue[j] as bigint) * BigInt(rate.mantissa);
    const total = minorToDecimal(units, rate === null ? scale : scale + rate.scale);
    result.periods.push({ period: j, historicalLifetimeValue: sz === 0 ? null : ratioDecimal(total, sz), cohorts: sumCohorts[j] as number, customers: sz });
  }
  return result;
}
