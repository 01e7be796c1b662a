import { bgbbProbabilityAlive } from "../internal/btyd/betaGeoBetaBinom.js";
import { aliveAt } from "../internal/btyd/checks.js";
import { checkOpportunityUnit } from "../internal/btyd/input.js";
import { readTransactionModel } from "../internal/btyd/model.js";
import { continuousClock, finiteValue } from "../internal/btyd/predict.js";
import { checkHorizon } from "../internal/btyd/validate.js";
import { argumentError, optionError } from "../internal/fail.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { BetaGeoBetaBinomModel, BetaGeoModel, ModifiedBetaGeoModel, ParetoNbdModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link probabilityAlivePath}. */
export interface ProbabilityAlivePathOptions {
  /**
   * Unit of the purchase times and of `until`; converted exactly to the model's unit. BG/BB: leave it out (or
   * `"opportunity"`): its times are opportunity numbers.
   * @defaultValue the model's `unit`
   */
  unit?: TimeUnit | "opportunity";
  /**
   * Where the path ends, on the purchase times' clock (at least the last purchase).
   * @defaultValue the last purchase time
   */
  until?: number;
  /**
   * Number of equal steps from the first purchase to `until`; the path has a point at each step and at
   * each purchase (at most 10,000). Not used for BG/BB, whose path has one point per opportunity.
   * @defaultValue 100
   */
  steps?: number;
}

/** One point of a P(alive) path. */
export interface ProbabilityAlivePathPoint {
  /** The time, on the clock of the purchase times (in `unit`). */
  t: number;
  /** Repeat purchases up to and including `t`, x. */
  frequency: number;
  /** Time of the last of them after the first purchase, t_x (in `unit`). */
  recency: number;
  /** Time since the first purchase, T (in `unit`). */
  T: number;
  /** P(alive | x, t_x, T) at `t`. */
  probabilityAlive: number;
}

/** Result of {@link probabilityAlivePath}. */
export interface ProbabilityAlivePathResult {
  /** The path, in time order: one point per step and one at each purchase (after it); BG/BB: one per opportunity. */
  points: ProbabilityAlivePathPoint[];
  /** The unit of the times (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

const MAX_STEPS = 10_000;

/**
 * The probability that one customer is still alive, traced over time from their purchase times: between
 * purchases it decays (the longer the silence, the likelier the customer has left), and at each purchase
 * it jumps. Use it to show a customer's story, or to pick the moment a win-back campaign should start.
 *
 * Formula: at each time τ, the history so far is x = purchases after the first up to τ, t_x = the last of
 * them minus the first purchase, T = τ minus the first purchase, and P(alive | x, t_x, T) is
 * - BG/NBD (Fader, Hardie & Lee 2005, eq. 13): 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x));
 * - MBG/NBD (Batislam et al. 2007): 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x));
 * - Pareto/NBD (Fader & Hardie 2005 note 009, eq. 19): (α+T)^−(r+x)(β+T)^−s · Γ(r+x)α^rβ^s/Γ(r) / L.
 * - BG/BB (Fader, Hardie & Shang 2010, eq. 11), discrete time: purchases are opportunity numbers (whole numbers,
 *   at most one purchase per opportunity, the first is the acquisition at opportunity n₀), and the path has one
 *   point per opportunity k = n₀ … `until`, with n = k − n₀ opportunities observed, x of them with a purchase, the
 *   last at t_x, and P(alive at opportunity n+1 | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α, β,
 *   γ, δ | x, t_x, n), L the BG/BB likelihood (eq. 5). It starts at δ/(γ+δ) (alive at the first opportunity) and
 *   is the value {@link probabilityAlive} gives the record `{ frequency: x, recency: t_x, periods: n }`.
 *
 * Units: times in `unit` (default: the model's; converted exactly to the model's; opportunities for BG/BB); results
 * probabilities in [0, 1]. Source: https://doi.org/10.1287/mksc.1040.0098,
 * https://www.brucehardie.com/notes/009/, https://doi.org/10.1287/mksc.1090.0502 (BG/BB). Cost: one P(alive) per
 * point (BG/BB: O(n − t_x) each).
 *
 * @param purchases - The customer's purchase times on any clock in `unit` (the first is the acquisition;
 *   any order; equal times count as separate purchases).
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * const path = probabilityAlivePath(bgnbd, [0, 10, 30.43], { until: 60, steps: 6 });
 * path.points.map((p) => [p.t, p.probabilityAlive]);
 * // [[0, 1], [10, 1], [10, 0.7537], [20, 0.6138], [30, 0.5092], [30.43, 0.8121], [40, 0.7149], [50, 0.6139], [60, 0.5213]]
 * // (rounded; BG/NBD: always 1 before the first repeat purchase, and each purchase lowers it at once,
 * // since a customer may drop out right after buying)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted BG/NBD,
 *   MBG/NBD, Pareto/NBD (with a `unit`) or BG/BB model, purchases that are not a non-empty array of finite
 *   numbers, a path longer than 10,000,000 days, or for BG/BB purchases that are not whole numbers, two purchases
 *   at one opportunity or a path of more than 10,000 opportunities; `INVALID_OPTION` for a bad `unit`, an `until`
 *   before the last purchase (BG/BB: or not a whole number), or `steps` not an integer from 1 to 10,000;
 *   `UNIT_MISMATCH` for a calendar `unit` with BG/BB.
 */
export function probabilityAlivePath(
  model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel | BetaGeoBetaBinomModel,
  purchases: readonly number[],
  options: ProbabilityAlivePathOptions = {},
): ProbabilityAlivePathResult {
  const m = readTransactionModel(model, "model", ["BG/NBD", "MBG/NBD", "Pareto/NBD", "BG/BB"]) as BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel | BetaGeoBetaBinomModel;
  if (!Array.isArray(purchases) || purchases.length === 0 || !purchases.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw argumentError("purchases", "must be a non-empty array of finite purchase times", purchases, "Pass the customer's purchase times in one unit, e.g. weeks since a date.");
  }
  const times = [...purchases].sort((p, q) => p - q);
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  const until = options?.until ?? last;
  if (typeof until !== "number" || !Number.isFinite(until) || until < last) {
    throw optionError("until", `must be a finite time at or after the last purchase (${last})`, until, "Leave it out to end at the last purchase.");
  }
  if (m.kind === "BG/BB") return discretePath(m, times, until, options?.unit);
  if (options?.unit === "opportunity") {
    throw optionError("unit", `is for BG/BB; a ${m.kind} model's clock is calendar time`, options.unit, 'Use "week", "day" or a number of days.', "UNIT_MISMATCH");
  }
  const steps = options?.steps ?? 100;
  if (typeof steps !== "number" || !Number.isSafeInteger(steps) || steps < 1 || steps > MAX_STEPS) {
    throw optionError("steps", `must be an integer from 1 to ${MAX_STEPS}`, steps, "Leave it out for 100 steps.");
  }
  const clock = continuousClock(m, options?.unit as TimeUnit | undefined);
  checkHorizon(until - first, clock.inputDays, "purchases");
  const alive = (x: number, tx: number, T: number): number => aliveAt(m, x, tx, T);
  // Grid times and purchase times, merged in order; a purchase comes after a grid point at the same time.
  const points: ProbabilityAlivePathPoint[] = [];
  let next = 1; // index of the next repeat purchase
  let x = 0;
  let lastRepeat = first;
  const push = (t: number): void => {
    const T = t - first;
    const recency = x === 0 ? 0 : lastRepeat - first;
    const value = finiteValue(alive(x, clock.toModel(recency), clock.toModel(T)), "probabilityAlive");
    points.push({ t, frequency: x, recency, T, probabilityAlive: value });
  };
  for (let k = 0; k <= steps; k++) {
    const t = k === steps ? until : first + ((until - first) * k) / steps;
    while (next < times.length && (times[next] ?? 0) < t) {
      x++;
      lastRepeat = times[next] ?? 0;
      next++;
      push(lastRepeat);
    }
    push(t);
  }
  while (next < times.length) {
    x++;
    lastRepeat = times[next] ?? 0;
    next++;
    push(lastRepeat);
  }
  return withDisplay<ProbabilityAlivePathResult>({ points, unit: clock.unit }, tableBundle);
}

/**
 * The BG/BB path: one point per opportunity from the first purchase to `until` (see {@link probabilityAlivePath}).
 * `times` is sorted.
 */
function discretePath(m: BetaGeoBetaBinomModel, times: readonly number[], until: number, unit: unknown): ProbabilityAlivePathResult {
  checkOpportunityUnit(unit, m.unit, "model");
  if (!times.every(Number.isSafeInteger)) {
    throw argumentError("purchases", "must be whole opportunity numbers for BG/BB", times, "Number the transaction opportunities 0, 1, 2, … (e.g. years) and pass those of the purchases.");
  }
  for (let i = 1; i < times.length; i++) {
    if (times[i] === times[i - 1]) {
      throw argumentError("purchases", `has two purchases at opportunity ${times[i]}; BG/BB allows at most one per opportunity`, times, "Count a transaction opportunity once, whatever was bought in it.");
    }
  }
  if (!Number.isSafeInteger(until)) {
    throw optionError("until", "must be a whole opportunity number for BG/BB", until, "Leave it out to end at the last purchase.");
  }
  const first = times[0] ?? 0;
  if (until - first > MAX_STEPS) {
    throw argumentError("purchases", `span more than ${MAX_STEPS} opportunities with until`, until - first, "BG/BB is for a modest number of discrete opportunities.");
  }
  const points: ProbabilityAlivePathPoint[] = [];
  let next = 1;
  let x = 0;
  let tx = 0;
  for (let k = first; k <= until; k++) {
    if (next < times.length && times[next] === k) {
      x++;
      tx = k - first;
      next++;
    }
    const n = k - first;
    points.push({ t: k, frequency: x, recency: tx, T: n, probabilityAlive: finiteValue(bgbbProbabilityAlive(m.params, x, tx, n), "probabilityAlive") });
  }
  return withDisplay<ProbabilityAlivePathResult>({ points, unit: "opportunity" }, tableBundle);
}
