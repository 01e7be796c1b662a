import { optionError } from "../fail.js";

import type { TimeUnit } from "../../core/types.js";

export type { TimeUnit };

/** Days in one `unit` ("day", "week" or a positive number of days), or null for anything else. */
export function daysOfUnit(unit: unknown): number | null {
  if (unit === "day") return 1;
  if (unit === "week") return 7;
  if (typeof unit === "number" && Number.isFinite(unit) && unit > 0) return unit;
  return null;
}

/** Days in one `unit`, or throws INVALID_OPTION (field `unit`). */
export function unitDays(unit: unknown): number {
  const days = daysOfUnit(unit);
  if (days !== null) return days;
  throw optionError("unit", 'must be "day", "week" or a positive number of days', unit, 'Use "week" (7 days), "day", or for example 30 for 30-day months.');
}

/** Checks an optional boolean option, or throws INVALID_OPTION. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw optionError(name, "must be true or false", value, `Pass ${String(!fallback)} or leave it out.`);
  return value;
}
