import type { Granularity, WeekStartsOn } from "../../core/types.js";
import { optionError } from "../fail.js";
import { checkGranularity, checkWeekStartsOn } from "../time/periods.js";
import type { CohortMode } from "./cohortTypes.js";

// The layout options of cohortTable (granularity, windows, mode, brackets, base, cap, rank), read once here for
// the in-process function (src/cohorts/cohortTable.ts) and for its SQL form (src/internal/sql/cohortTable.ts), so
// that the same options give the same errors in both.

/** The layout options as given (the fields of `CohortTableOptions` this reader checks). */
export interface CohortLayoutInput {
  granularity?: unknown;
  weekStartsOn?: unknown;
  windows?: unknown;
  windowDays?: unknown;
  mode?: unknown;
  brackets?: unknown;
  periodIndexBase?: unknown;
  periods?: unknown;
  rankPeriod?: unknown;
}

/** The layout options, checked, with their defaults. */
export interface CohortLayout {
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  windows: "calendar" | "relative";
  /** Days per relative window, or null for calendar windows. */
  windowDays: number | null;
  mode: CohortMode;
  periodIndexBase: 0 | 1;
  /** The brackets as given (in `periodIndexBase`), copied; null unless mode "brackets". */
  brackets: [number, number][] | null;
  /** Most columns (Infinity: no cap). */
  cap: number;
  /** The ranking column, in `periodIndexBase`. */
  rankPeriod: number;
}

const DEFAULT_WINDOW_DAYS: Record<Granularity, number> = { day: 1, week: 7, month: 30, quarter: 91, year: 365 };

function positiveInteger(name: string, value: unknown, min: number, hint: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw optionError(name, `must be an integer ≥ ${min}`, value, hint);
  }
  return value;
}

/**
 * Reads the layout options of a cohort table, or throws INVALID_OPTION naming the field. `defaults` are an
 * accumulator's granularity and week start (none for a book or a warehouse table).
 */
export function readCohortLayout(opts: CohortLayoutInput, defaults: { granularity?: Granularity | undefined; weekStartsOn?: WeekStartsOn | undefined } = {}): CohortLayout {
  const granularity = checkGranularity(opts.granularity, defaults.granularity ?? "month");
  const weekStartsOn = checkWeekStartsOn(opts.weekStartsOn ?? defaults.weekStartsOn);
  const windows = opts.windows ?? "calendar";
  if (windows !== "calendar" && windows !== "relative") {
    throw optionError("windows", 'must be "calendar" or "relative"', windows, 'Use "calendar" (the default) or "relative" with windowDays.');
  }
  let windowDays: number | null = null;
  if (windows === "relative") {
    windowDays = opts.windowDays === undefined ? DEFAULT_WINDOW_DAYS[granularity] : positiveInteger("windowDays", opts.windowDays, 1, "Pass a whole number of days such as 7 or 30.");
  } else if (opts.windowDays !== undefined) {
    throw optionError("windowDays", 'applies only to windows: "relative"', opts.windowDays, 'Add windows: "relative", or leave windowDays out.');
  }
  const mode = opts.mode ?? "classic";
  if (mode !== "classic" && mode !== "unbounded" && mode !== "byPeriod" && mode !== "consecutive" && mode !== "brackets") {
    throw optionError(
      "mode",
      'must be "classic", "unbounded", "byPeriod", "consecutive" or "brackets"',
      mode,
      'Use "classic" (ordered in period k), "unbounded" (in k or later), "byPeriod" (returned by k), "consecutive" (in every period 1 … k) or "brackets" (with the brackets option).',
    );
  }
  const base = opts.periodIndexBase ?? 0;
  if (base !== 0 && base !== 1) {
    throw optionError("periodIndexBase", "must be 0 or 1", base, "Use 0 (the acquisition period is period 0, the default) or 1 (as dbt_shopify numbers periods).");
  }
  const brackets = mode === "brackets" ? checkBrackets(opts.brackets, base) : null;
  if (mode !== "brackets" && opts.brackets !== undefined) {
    throw optionError("brackets", 'applies only to mode: "brackets"', opts.brackets, 'Add mode: "brackets", or leave brackets out.');
  }
  const cap = opts.periods === undefined ? Infinity : positiveInteger("periods", opts.periods, 1, "Pass the number of columns to show, such as 12.");
  const rankPeriod = opts.rankPeriod === undefined ? base + 1 : positiveInteger("rankPeriod", opts.rankPeriod, base, `Pass a column index such as ${base + 1} or ${base + 3}.`);
  return { granularity, weekStartsOn, windows, windowDays, mode, periodIndexBase: base, brackets, cap, rankPeriod };
}

/**
 * Checks the `brackets` option (in base `base`): a non-empty array of `[first, last]` integer pairs, first ≥ base + 1,
 * last ≥ first, each first after the previous last. Returns a copy.
 */
function checkBrackets(value: unknown, base: number): [number, number][] {
  const example = base === 0 ? "[[1, 1], [2, 3], [4, 6], [7, 12]]" : "[[2, 2], [3, 4], [5, 7], [8, 13]]";
  if (value === undefined) throw optionError("brackets", 'is required with mode: "brackets"', value, `Pass brackets of periods such as ${example}.`);
  if (!Array.isArray(value) || value.length === 0) throw optionError("brackets", "must be a non-empty array of [first, last] pairs", value, `Pass brackets such as ${example}.`);
  const out: [number, number][] = [];
  let previous = base;
  for (const b of value as unknown[]) {
    if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => typeof x === "number" && Number.isSafeInteger(x))) {
      throw optionError("brackets", "must hold [first, last] pairs of integers", b, `Pass brackets such as ${example}.`);
    }
    const [first, last] = b as [number, number];
    if (first <= base) throw optionError("brackets", `must start after the acquisition period (period ${base})`, b, `Start the first bracket at ${base + 1} or later: the acquisition period is column 0.`);
    if (last < first) throw optionError("brackets", "must have last ≥ first in each bracket", b, "Write each bracket as [first, last], both included.");
    if (first <= previous && out.length > 0) throw optionError("brackets", "must be in increasing order and must not overlap", b, `Start each bracket after the previous one's last period (${previous}).`);
    if (last - base > 100_000) throw optionError("brackets", "must end within 100000 periods of acquisition", b, "Use shorter brackets or a coarser granularity.");
    out.push([first, last]);
    previous = last;
  }
  return out;
}

/** The label of each of the `periods` columns: the period index, or the acquisition period and then each bracket. */
export function cohortColumnLabels(periods: number, base: number, brackets: readonly [number, number][] | null): string[] {
  const labels: string[] = [];
  for (let j = 0; j < periods; j++) {
    const b = brackets === null || j === 0 ? null : brackets[j - 1];
    labels.push(b === null || b === undefined ? String(brackets === null ? j + base : base) : b[0] === b[1] ? String(b[0]) : `${b[0]}–${b[1]}`);
  }
  return labels;
}
