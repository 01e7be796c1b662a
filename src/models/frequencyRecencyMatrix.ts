import { bgbbConditional, bgbbProbabilityAlive } from "../internal/btyd/betaGeoBetaBinom.js";
import { aliveAt, conditionalAt, readMaxFrequency } from "../internal/btyd/checks.js";
import { checkOpportunityUnit } from "../internal/btyd/input.js";
import { readTransactionModel } from "../internal/btyd/model.js";
import { continuousClock, finiteValue } from "../internal/btyd/predict.js";
import { checkHorizon, readOpportunities, readPositiveIntegerOption, readTimeArgument } from "../internal/btyd/validate.js";
import { optionError } from "../internal/fail.js";
import { matrixBundle } from "../internal/display/modelCheckDisplay.js";
import { withDisplay } from "../internal/display/display.js";
import type { TimeUnit } from "../core/types.js";
import type { TransactionModel } from "./types.js";

/** Options of {@link frequencyRecencyMatrix}. */
export interface FrequencyRecencyMatrixOptions {
  /**
   * The customers' age T (time from the first purchase to now) shared by every cell; for BG/BB the number of
   * opportunities n (an integer). Required. lifetimes' `max_recency`.
   */
  T: number;
  /**
   * Highest frequency (row) shown; rows run 0 … maxFrequency. An integer from 1 to 1,000.
   * @defaultValue `10` (for BG/BB at most T)
   */
  maxFrequency?: number;
  /**
   * Horizon of the expected purchases, in `unit` (BG/BB: whole opportunities).
   * @defaultValue `1`
   */
  t?: number;
  /**
   * Recency steps: columns at recency T·j/steps, j = 0 … steps (BG/BB: every opportunity 0 … T, this is ignored).
   * An integer from 1 to 1,000.
   * @defaultValue `20`
   */
  recencySteps?: number;
  /**
   * Unit of `T`, `t` and the recencies; converted exactly to the model's. Not for BG/BB (`UNIT_MISMATCH`).
   * @defaultValue the model's `unit`
   */
  unit?: TimeUnit;
}

/** One row (one frequency) of {@link FrequencyRecencyMatrixResult}. */
export interface FrequencyRecencyRow {
  /** Repeat purchases x of the row. */
  frequency: number;
  /**
   * `expectedPurchases[j]` = E[X(T, T + t) | x = frequency, t_x = recencies[j], T]; `null` for a history that
   * cannot happen (no repeat purchase but a recency above 0; for BG/BB also t_x < x).
   */
  expectedPurchases: (number | null)[];
  /** `probabilityAlive[j]` = P(alive | x, t_x = recencies[j], T), `null` likewise. */
  probabilityAlive: (number | null)[];
}

/** Result of {@link frequencyRecencyMatrix}. */
export interface FrequencyRecencyMatrixResult {
  /** One row per frequency x = 0 … maxFrequency. */
  frequencies: FrequencyRecencyRow[];
  /** Column values: recency t_x, from 0 to T, in `unit`. */
  recencies: number[];
  /** The model of the grids. */
  model: TransactionModel["kind"];
  /** The age of every cell, and the horizon of `expectedPurchases`, in `unit`. */
  T: number;
  t: number;
  unit: TimeUnit | "opportunity";
}

/** Most cells of a grid. */
const MAX_CELLS = 1_000_000;

/**
 * The frequency × recency grids of a fitted transaction model, for customers of one age T: the purchases expected
 * in the next t, and the probability of being alive, for every frequency 0 … maxFrequency (rows) and recency
 * 0 … T (columns). Drawn as heatmaps (lifetimes' `plot_frequency_recency_matrix` and
 * `plot_probability_alive_matrix`): the top right (many purchases, recent) is the best customers, the top left
 * (many purchases, long ago) the ones most likely gone.
 *
 * Formulas: the model's conditional expectation ({@link conditionalExpectedPurchases}) and P(alive)
 * ({@link probabilityAlive}), each with its source paper.
 *
 * Units: `T`, `t` and the recencies in `unit` (default the model's); BG/BB in opportunities. Cost: two model
 * evaluations per cell, (maxFrequency + 1) × (recencySteps + 1) cells.
 * Source: https://github.com/CamDavidsonPilon/lifetimes (`plotting.py`).
 *
 * @param model - a fitted BG/NBD, MBG/NBD, Pareto/NBD or BG/BB model.
 * @param options - see {@link FrequencyRecencyMatrixOptions}; `T` is required.
 * @returns the two grids with their row and column values.
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model, parameters too extreme for a finite value;
 *   `INVALID_OPTION` for a missing or bad `T`, `t`, `maxFrequency`, `recencySteps` or `unit`, or more than
 *   1,000,000 cells; `UNIT_MISMATCH` for a `unit` asked of BG/BB.
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const m = frequencyRecencyMatrix(bgnbd, { T: 39, maxFrequency: 2, recencySteps: 3 });
 * m.recencies;                               // [0, 13, 26, 39]
 * m.frequencies[0]!.probabilityAlive[0];     // 1 (no repeat purchase: BG/NBD's customer is alive)
 * m.frequencies[0]!.expectedPurchases[1];    // null (no repeat purchase but a recency of 13 weeks)
 * ```
 */
export function frequencyRecencyMatrix(model: TransactionModel, options: FrequencyRecencyMatrixOptions): FrequencyRecencyMatrixResult {
  const m = readTransactionModel(model);
  if (typeof options !== "object" || options === null || options.T === undefined) {
    throw optionError("T", "is required", options?.T, "Give the customers' age, e.g. the longest T of the calibration customers.");
  }
  const age = readTimeArgument(options.T, "T");
  const t = options.t === undefined ? 1 : readTimeArgument(options.t, "t");
  const steps = readPositiveIntegerOption(options.recencySteps, "recencySteps", 20);
  let kMax = readMaxFrequency(options.maxFrequency, 10);
  let recencies: number[];
  let cell: (x: number, tx: number) => [number, number] | null;
  let unit: TimeUnit | "opportunity" = "opportunity";
  if (m.kind === "BG/BB") {
    checkOpportunityUnit(options.unit, m.unit, "model");
    const n = readOpportunities(age, options.T, "T");
    readOpportunities(t, options.t ?? 1, "t");
    if (n < 1) throw optionError("T", "must be at least 1 opportunity for BG/BB", options.T, "Give the number of opportunities observed.");
    kMax = Math.min(kMax, n);
    recencies = Array.from({ length: n + 1 }, (_, j) => j);
    cell = (x, tx) => (tx < x || (x === 0 && tx > 0) ? null : [bgbbConditional(m.params, x, tx, n, t), bgbbProbabilityAlive(m.params, x, tx, n)]);
  } else {
    const clock = continuousClock(m, options.unit);
    unit = clock.unit;
    checkHorizon(age, clock.inputDays, "T");
    checkHorizon(t, clock.inputDays, "t");
    if (steps > 1000) throw optionError("recencySteps", "must be at most 1,000", steps, "Twenty or so columns read best.");
    recencies = Array.from({ length: steps + 1 }, (_, j) => (j === steps ? age : (age * j) / steps));
    const T = clock.toModel(age);
    const h = clock.toModel(t);
    cell = (x, tx) => (x === 0 && tx > 0 ? null : [conditionalAt(m, x, clock.toModel(tx), T, h), aliveAt(m, x, clock.toModel(tx), T)]);
  }
  if ((kMax + 1) * recencies.length > MAX_CELLS) {
    throw optionError("maxFrequency", `gives more than ${MAX_CELLS.toLocaleString("en-US")} cells`, kMax, "Ask for fewer rows or columns.");
  }
  const frequencies: FrequencyRecencyRow[] = [];
  for (let x = 0; x <= kMax; x++) {
    const e: (number | null)[] = [];
    const a: (number | null)[] = [];
    for (const tx of recencies) {
      const v = cell(x, tx);
      e.push(v === null ? null : finiteValue(v[0], "expectedPurchases"));
      a.push(v === null ? null : finiteValue(v[1], "probabilityAlive"));
    }
    frequencies.push({ frequency: x, expectedPurchases: e, probabilityAlive: a });
  }
  return withDisplay<FrequencyRecencyMatrixResult>(
    { frequencies, recencies, model: m.kind, T: age, t, unit },
    matrixBundle,
  );
}
