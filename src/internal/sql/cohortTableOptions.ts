import type { Instant } from "../../core/types.js";
import { optionError } from "../fail.js";
import { readCohortLayout, type CohortLayout, type CohortLayoutInput } from "../kernels/cohortOptions.js";
import { endInstantOption, instantOption, zoneOption } from "../resolve.js";
import type { ZoneCalendar } from "../time/zone.js";

// The options of `cohortTable` compiled to SQL (src/internal/sql/cohortTable.ts), read as the in-process function
// reads them: the shared window and value options as resolveMetric reads them, the layout by the same reader
// (src/internal/kernels/cohortOptions.ts). What the warehouse table cannot answer is refused, not approximated.

/** Options of `cohortTable` as the SQL form reads them (the fields of `CohortTableOptions`). */
export interface SqlCohortTableOptions extends CohortLayoutInput {
  timeZone?: string;
  asOf?: Instant;
  from?: Instant;
  to?: Instant;
  revenue?: unknown;
  marginRate?: unknown;
  refundAttribution?: unknown;
  segmentBy?: unknown;
}

export interface ResolvedCohortTable {
  metric: "cohortTable";
  zone: ZoneCalendar;
  /** The asOf option (epoch ms), or null: the latest order's time, found by the query. */
  asOf: number | null;
  from: number;
  to: number;
  revenue: "net" | "gross";
  layout: CohortLayout;
  /** `segmentBy: "segment"`: split by the segment of each customer's first order (the table's segment column). */
  segmented: boolean;
}

const NOT_IN_SQL = "The warehouse table has no such column in this version: compute this table in-process (cohortTable on an OrderBook).";

/** Reads the options of `cohortTable` as the in-process function does (same checks, codes and fields). */
export function resolveCohortTableOptions(options: unknown): ResolvedCohortTable {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const o = (options ?? {}) as SqlCohortTableOptions;
  const zone = zoneOption(o.timeZone);
  const revenue = o.revenue ?? "net";
  if (revenue !== "net" && revenue !== "gross" && revenue !== "margin") {
    throw optionError("revenue", 'must be "net", "gross" or "margin"', revenue, 'Use "net" (refunds subtracted, the default), "gross" or "margin" (with marginRate, or the orders\' cost).');
  }
  if (o.marginRate !== undefined && revenue !== "margin") {
    throw optionError("marginRate", 'applies only to revenue: "margin"', o.marginRate, 'Add revenue: "margin", or leave marginRate out.');
  }
  // Refused, not approximated: a margin needs each order's cost (or an exact rate times each cell), a refund date
  // each order's refundedAt; SqlColumns has neither column.
  if (revenue === "margin") throw optionError("revenue", 'is not compiled to SQL when "margin"', revenue, `Use "net" or "gross". ${NOT_IN_SQL}`);
  const attribution = o.refundAttribution ?? "orderDate";
  if (attribution !== "orderDate" && attribution !== "refundDate") {
    throw optionError("refundAttribution", 'must be "orderDate" or "refundDate"', attribution, 'Use "orderDate" (the default) or "refundDate" (each order\'s refundedAt).');
  }
  if (attribution === "refundDate") throw optionError("refundAttribution", 'is not compiled to SQL when "refundDate"', attribution, `Leave it out (refunds count on the order's date). ${NOT_IN_SQL}`);
  const from = o.from === undefined ? -Infinity : instantOption("from", o.from, zone);
  const to = o.to === undefined ? Infinity : instantOption("to", o.to, zone);
  if (from >= to) throw optionError("to", "must be later than from", o.to, "The window [from, to) is half-open; give an end after its start.");
  const asOf = o.asOf === undefined ? null : endInstantOption("asOf", o.asOf, zone);
  const layout = readCohortLayout(o);
  if (o.segmentBy !== undefined && o.segmentBy !== "segment") {
    if (typeof o.segmentBy !== "function") {
      throw optionError("segmentBy", 'must be "segment" or a function of the first order', o.segmentBy, 'Pass "segment", or (first) => label.');
    }
    // A JavaScript function cannot run in the warehouse.
    throw optionError("segmentBy", "is not compiled to SQL when a function", "a function", 'Use segmentBy: "segment" with a segment column (columns.segment), or compute the label into that column.');
  }
  return { metric: "cohortTable", zone, asOf, from, to, revenue, layout, segmented: o.segmentBy === "segment" };
}
