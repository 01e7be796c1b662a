import type { DuplicateOrderIds, Granularity, OrderAccessors, WeekStartsOn } from "../../core/types.js";
import { checkAccessors } from "../book/orderRecord.js";
import { optionError } from "../fail.js";
import { exchangeOption, type ExchangeTable } from "../money/exchange.js";
import { earliestDateOption } from "../time/instant.js";
import { checkGranularity, checkWeekStartsOn } from "../time/periods.js";
import { ZoneCalendar } from "../time/zone.js";

/** Options an accumulator's core is made with (validated). */
export interface CoreOptions {
  /** The calendar of the `timeZone` option (the one place the zone is validated). */
  zone: ZoneCalendar;
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  duplicateOrderIds: DuplicateOrderIds;
  accessors: OrderAccessors<unknown>;
  /** Epoch ms before which placedAt is refused (-Infinity: no bound). */
  earliest: number;
  /** The `exchangeRates` option (not kept in the JSON state), or null: no conversion. */
  exchange: ExchangeTable | null;
  /** Block sizes of the per-customer rows as a shift (tests only: tiny blocks; see CustomerRows). */
  blockShift?: number;
}

/** Validates the options of createAccumulator (and those inside a JSON state). */
export function checkCoreOptions(options: unknown): CoreOptions {
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const o = options as Record<string, unknown>;
  const zone = new ZoneCalendar((o["timeZone"] ?? "UTC") as string);
  const granularity = checkGranularity(o["granularity"], "month");
  const weekStartsOn = checkWeekStartsOn(o["weekStartsOn"]);
  const dup = o["duplicateOrderIds"] ?? "check";
  if (dup !== "check" && dup !== "trust") {
    throw optionError("duplicateOrderIds", 'must be "check" or "trust"', dup, 'Use "check" (the default) or "trust" when the ids are known to be unique.');
  }
  const accessors = checkAccessors<unknown>(o["accessors"]);
  const earliest = earliestDateOption(o["earliestDate"], zone);
  const exchange = exchangeOption(o["exchangeRates"]);
  return { zone, granularity, weekStartsOn, duplicateOrderIds: dup, accessors, earliest, exchange };
}
