/**
 * Proleptic Gregorian calendar arithmetic on integers (H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms", https://howardhinnant.github.io/date_algorithms.html). No Date objects: these run in hot loops.
 * A "day number" is days since 1970-01-01.
 */

export const MS_PER_DAY = 86_400_000;

/** Day number of the civil date y-m-d (m 1..12, d 1..31). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year of day number `z`. */
export function yearOfDay(z: number): number {
  return Math.floor(monthIndexOfDay(z) / 12);
}

/**
 * Month index `year * 12 + (month - 1)` of day number `z`; the cheapest way to bucket a day by month,
 * quarter (`Math.floor(i / 3)`) or year (`Math.floor(i / 12)`).
 */
export function monthIndexOfDay(z: number): number {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 12 + (m - 1);
}

/** `[year, month (1..12), day (1..31)]` of day number `z`. */
export function civilFromDays(z: number): [number, number, number] {
  const mi = monthIndexOfDay(z);
  const y = Math.floor(mi / 12);
  const m = mi - y * 12 + 1;
  return [y, m, z - daysFromCivil(y, m, 1) + 1];
}

/** Number of days in month `m` (1..12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day of week of day number `z`: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(z: number): number {
  return (((z + 4) % 7) + 7) % 7;
}
