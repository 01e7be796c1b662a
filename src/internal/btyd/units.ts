import type { TimeUnit } from "../../models/types.js";

/** Length of each time unit in days: a month is 365.25 / 12 = 30.4375 days, a year 365.25 days. */
export const TIME_UNIT_DAYS: Readonly<Record<TimeUnit, number>> = Object.freeze({
  days: 1,
  weeks: 7,
  months: 30.4375,
  years: 365.25,
});

/** Days in the average Gregorian month, 365.25 / 12. */
export const DAYS_PER_MONTH = 30.4375;
