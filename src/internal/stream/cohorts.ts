import type { CohortTableOptions } from "../../cohorts/cohortTable.js";
import { optionError } from "../fail.js";
import type { AccumulatorCore } from "./state.js";

/**
 * Throws INVALID_OPTION for the cohortTable options an accumulator cannot answer: its per-customer period data
 * holds calendar periods of one granularity (and week start), and only the segment of each first order.
 */
export function checkStreamCohortOptions(core: AccumulatorCore, opts: CohortTableOptions): void {
  if (opts.granularity !== undefined && opts.granularity !== core.granularity) {
    throw optionError(
      "granularity",
      `differs from the accumulator's granularity "${core.granularity}", the only periods it keeps`,
      opts.granularity,
      `Leave granularity out, or create the accumulator with createAccumulator({ granularity: ${JSON.stringify(opts.granularity)} }).`,
    );
  }
  if (core.granularity === "week" && opts.weekStartsOn !== undefined && opts.weekStartsOn !== core.weekStartsOn) {
    throw optionError(
      "weekStartsOn",
      `differs from the accumulator's weekStartsOn ${core.weekStartsOn}`,
      opts.weekStartsOn,
      "Leave weekStartsOn out, or create the accumulator with the week start you need.",
    );
  }
  if (opts.windows !== undefined && opts.windows !== "calendar") {
    throw optionError(
      "windows",
      "must be \"calendar\" for an accumulator, which keeps calendar periods rather than order times",
      opts.windows,
      "Leave windows out, or use cohortTable(prepareOrders(orders), { windows: \"relative\" }) on data that fits in memory.",
    );
  }
  if (typeof opts.segmentBy === "function") {
    throw optionError(
      "segmentBy",
      "cannot be a function for an accumulator, which keeps only the segment label of each first order",
      opts.segmentBy,
      "Pass segmentBy: \"segment\" and put the label in each order's segment field as you stream.",
    );
  }
}
