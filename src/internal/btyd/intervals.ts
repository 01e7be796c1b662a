import { argumentError, optionError } from "../fail.js";
import { choleskyLower, mulberry32, normalSampler } from "../numeric/random.js";
import { normalQuantile } from "../numeric/special/normal.js";
import type { ContinuousModel } from "./lifetimeValue.js";
import { SCORE_FIELDS, scoreTotals, scoreValues, type ScoreColumns, type ScoreField, type ScoreSettings, type ScoreValues } from "./scores.js";
import type { GammaGammaModel } from "../../models/types.js";

/** Parameter names of the transaction models, in the order of their `covariance` rows. */
const TRANSACTION_PARAMS: Record<string, readonly string[]> = {
  "BG/NBD": ["r", "alpha", "a", "b"],
  "MBG/NBD": ["r", "alpha", "a", "b"],
  "Pareto/NBD": ["r", "alpha", "s", "beta"],
};
const SPEND_PARAMS = ["p", "q", "v"] as const;

/** Largest customers × draws of a bootstrap (five doubles are kept per customer and draw). */
export const MAX_BOOTSTRAP_CELLS = 5_000_000;
/** Draws allowed per requested draw before the bootstrap gives up on rejected ones. */
const ATTEMPTS_PER_DRAW = 3;
/** A standard deviation of a log-parameter above this: the normal approximation is poor (`large-parameter-uncertainty`). */
export const MAX_LOG_SD = 1;
/** Step of the numeric derivatives, on the log-parameter scale. */
const LOG_STEP = 1e-4;

/** An interval of one prediction. */
export interface RawInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/** The parameter vector of both models on the log scale, with its covariance and the warnings about it. */
export interface LogParameters {
  readonly names: string[];
  readonly log: number[];
  /** Covariance of the log-parameters: Σφ = D⁻¹ Σ D⁻¹, D = diag(θ) (delta method for log θ); zero blocks for a model without covariance. */
  readonly covariance: number[][];
  readonly warnings: string[];
}

/** Reads a model's `covariance` (k × k, finite, symmetric), `null` when absent. */
function readCovariance(model: unknown, name: string, k: number): number[][] | null {
  const c = (model as { covariance?: unknown }).covariance;
  if (c === undefined || c === null) return null;
  const ok =
    Array.isArray(c) &&
    c.length === k &&
    c.every((row: unknown, i) => Array.isArray(row) && row.length === k && row.every((v: unknown, j) => typeof v === "number" && Number.isFinite(v) && (j !== i || v >= 0)));
  if (!ok) {
    throw argumentError(`${name}.covariance`, `must be a ${k} × ${k} matrix of finite numbers (null when unknown)`, c, "Pass the fit result unchanged: its covariance is the inverse Hessian at the estimate.");
  }
  const m = c as number[][];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[i]?.[j] ?? 0;
      const b = m[j]?.[i] ?? 0;
      if (Math.abs(a - b) > 1e-8 * Math.max(Math.abs(a), Math.abs(b), 1e-300)) {
        throw argumentError(`${name}.covariance`, "must be symmetric", c, "Pass the fit result unchanged.");
      }
    }
  }
  return m;
}

/** The fit's own warnings, when the model is a fit result. */
function fitWarningsOf(model: unknown, name: string): string[] {
  const w = (model as { warnings?: unknown }).warnings;
  if (!Array.isArray(w)) return [];
  return w.filter((s): s is string => typeof s === "string").map((s) => {
    const colon = s.indexOf(":");
    return colon > 0 ? `${s.slice(0, colon)}: ${name}: ${s.slice(colon + 1).trimStart()}` : `${name}: ${s}`;
  });
}

/** Both models' parameters on the log scale, with the block-diagonal covariance (the two fits are independent). */
export function logParameters(settings: ScoreSettings): LogParameters {
  const tm = settings.transactionModel;
  const sm = settings.spendModel;
  const tNames = TRANSACTION_PARAMS[tm.kind] ?? [];
  const tValues = tNames.map((n) => (tm.params as unknown as Record<string, number>)[n] ?? Number.NaN);
  const sValues = SPEND_PARAMS.map((n) => sm.params[n]);
  const names = [...tNames.map((n) => `transactionModel.${n}`), ...SPEND_PARAMS.map((n) => `spendModel.${n}`)];
  const values = [...tValues, ...sValues];
  const k = values.length;
  const cov: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const warnings = [...fitWarningsOf(tm, "transactionModel"), ...fitWarningsOf(sm, "spendModel")];
  const blocks: [unknown, string, number, number][] = [
    [tm, "transactionModel", 0, tNames.length],
    [sm, "spendModel", tNames.length, SPEND_PARAMS.length],
  ];
  for (const [model, name, offset, size] of blocks) {
    const c = readCovariance(model, name, size);
    if (c === null) {
      warnings.push(
        `no-covariance: ${name} has no covariance (a hand-made model, or a fit whose Hessian is not positive definite), so the uncertainty of its parameters is left out and the intervals are too narrow.`,
      );
      continue;
    }
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const vi = values[offset + i] ?? 1;
        const vj = values[offset + j] ?? 1;
        (cov[offset + i] ?? [])[offset + j] = (c[i]?.[j] ?? 0) / (vi * vj);
      }
    }
  }
  const loose = names.filter((_, i) => Math.sqrt(cov[i]?.[i] ?? 0) > MAX_LOG_SD);
  if (loose.length > 0) {
    warnings.push(
      `large-parameter-uncertainty: ${loose.join(", ")} ha${loose.length === 1 ? "s" : "ve"} a standard error larger than the parameter itself (log-scale standard deviation above ${MAX_LOG_SD}): the normal approximation behind both interval methods is poor there; treat the intervals as rough.`,
    );
  }
  return { names, log: values.map(Math.log), covariance: cov, warnings };
}

/** Evaluates every prediction at log-parameters `phi` (transaction first, then p, q, v). */
function evaluateAt(settings: ScoreSettings, columns: ScoreColumns, phi: readonly number[]): ScoreValues {
  const tm = settings.transactionModel;
  const names = TRANSACTION_PARAMS[tm.kind] ?? [];
  const params: Record<string, number> = {};
  names.forEach((n, i) => (params[n] = Math.exp(phi[i] ?? 0)));
  const k = names.length;
  const model = { ...tm, params } as unknown as ContinuousModel;
  const spend: GammaGammaModel["params"] = { p: Math.exp(phi[k] ?? 0), q: Math.exp(phi[k + 1] ?? 0), v: Math.exp(phi[k + 2] ?? 0) };
  return scoreValues(settings, columns, model, spend, false);
}

/** Lower and upper bounds of each prediction (probabilities in [0, 1], the rest at least 0). */
const UPPER: Record<ScoreField, number> = {
  probabilityAlive: 1,
  probabilityOfPurchase: 1,
  expectedPurchases: Infinity,
  expectedOrderValue: Infinity,
  predictedLifetimeValue: Infinity,
};

function clampInterval(field: ScoreField, estimate: number, lower: number, upper: number): RawInterval {
  return {
    estimate,
    lower: Math.max(0, Math.min(estimate, lower)),
    upper: Math.min(UPPER[field], Math.max(estimate, upper)),
  };
}

/**
 * The derivative in one log-parameter from the values one step up and down: central, or one-sided from the point when
 * one side has no finite value (a step across the edge of a parameter's range, such as q below 1); NaN when neither.
 */
function difference(up: number, down: number, at: number): number {
  const u = Number.isFinite(up);
  const d = Number.isFinite(down);
  if (u && d) return (up - down) / (2 * LOG_STEP);
  if (u) return (up - at) / LOG_STEP;
  if (d) return (at - down) / LOG_STEP;
  return Number.NaN;
}

/** Intervals of every prediction of every customer and of the totals. */
export interface IntervalTable {
  /** customers[field][i]. */
  readonly customers: Record<ScoreField, RawInterval[]>;
  readonly totals: Record<ScoreField, RawInterval>;
  readonly warnings: string[];
  /** Bootstrap draws kept (0 for the delta method). */
  readonly draws: number;
}

/**
 * Delta method on the log-parameter scale: Var f ≈ ∇f(φ̂)ᵀ Σφ ∇f(φ̂), ∇f by central differences of step 1e-4 in each
 * log-parameter (2k evaluations of every prediction), interval f̂ ± z_{(1+level)/2} · sd, cut at the prediction's
 * range ([0, 1] for probabilities, [0, ∞) otherwise).
 */
export function deltaIntervals(settings: ScoreSettings, columns: ScoreColumns, point: ScoreValues, level: number): IntervalTable {
  const lp = logParameters(settings);
  const k = lp.log.length;
  const n = columns.x.length;
  const z = normalQuantile((1 + level) / 2);
  const pointTotals = scoreTotals(point, columns.w);
  // Gradients: grad[field][j] is a column over customers; totals separately.
  const grad = {} as Record<ScoreField, Float64Array[]>;
  const totalGrad = {} as Record<ScoreField, number[]>;
  for (const f of SCORE_FIELDS) {
    grad[f] = [];
    totalGrad[f] = [];
  }
  const active = lp.log.map((_, j) => (lp.covariance[j]?.[j] ?? 0) > 0);
  for (let j = 0; j < k; j++) {
    if (!active[j]) {
      for (const f of SCORE_FIELDS) {
        grad[f].push(new Float64Array(n));
        totalGrad[f].push(0);
      }
      continue;
    }
    const up = lp.log.slice();
    const down = lp.log.slice();
    up[j] = (up[j] ?? 0) + LOG_STEP;
    down[j] = (down[j] ?? 0) - LOG_STEP;
    const vu = evaluateAt(settings, columns, up);
    const vd = evaluateAt(settings, columns, down);
    const tu = scoreTotals(vu, columns.w);
    const td = scoreTotals(vd, columns.w);
    for (const f of SCORE_FIELDS) {
      const g = new Float64Array(n);
      const a = vu[f];
      const b = vd[f];
      const p0 = point[f];
      for (let i = 0; i < n; i++) g[i] = difference(a[i] ?? Number.NaN, b[i] ?? Number.NaN, p0[i] ?? Number.NaN);
      grad[f].push(g);
      totalGrad[f].push(difference(tu[f], td[f], pointTotals[f]));
    }
  }
  // gᵀ Σ g over the active parameters: g the gradient of customer i (column i of the rows `gs`), or a vector.
  const quadAt = (gs: readonly Float64Array[], i: number): number => {
    let v = 0;
    for (let a = 0; a < k; a++) {
      if (!active[a]) continue;
      const ga = gs[a]?.[i] ?? 0;
      for (let b = 0; b < k; b++) if (active[b]) v += ga * (gs[b]?.[i] ?? 0) * (lp.covariance[a]?.[b] ?? 0);
    }
    return v;
  };
  const quad = (g: readonly number[]): number => {
    let v = 0;
    for (let a = 0; a < k; a++) {
      if (!active[a]) continue;
      const ga = g[a] ?? 0;
      for (let b = 0; b < k; b++) if (active[b]) v += ga * (g[b] ?? 0) * (lp.covariance[a]?.[b] ?? 0);
    }
    return v;
  };
  const interval = (f: ScoreField, estimate: number, variance: number): RawInterval => {
    if (!Number.isFinite(variance)) {
      throw argumentError(
        "transactionModel",
        `gives no finite derivative of ${f} at the estimate, so the delta method has no interval for it`,
        variance,
        'Use method: "bootstrap", or a model whose parameters are not at the edge of their range.',
      );
    }
    const sd = Math.sqrt(Math.max(0, variance));
    return clampInterval(f, estimate, estimate - z * sd, estimate + z * sd);
  };
  const customers = {} as Record<ScoreField, RawInterval[]>;
  const totals = {} as Record<ScoreField, RawInterval>;
  for (const f of SCORE_FIELDS) {
    const rows: RawInterval[] = new Array<RawInterval>(n);
    const gs = grad[f];
    const est = point[f];
    for (let i = 0; i < n; i++) rows[i] = interval(f, est[i] ?? 0, quadAt(gs, i));
    customers[f] = rows;
    totals[f] = interval(f === "probabilityAlive" || f === "probabilityOfPurchase" ? "expectedPurchases" : f, pointTotals[f], quad(totalGrad[f]));
  }
  return { customers, totals, warnings: lp.warnings.slice(), draws: 0 };
}

/**
 * Parametric bootstrap: `draws` parameter vectors φ* ~ N(φ̂, Σφ) on the log scale (so every draw is positive), each
 * turned into every prediction; the interval is the ((1−level)/2, (1+level)/2) percentile range of the draws
 * (linear interpolation between order statistics), widened to contain the point estimate when the draws are
 * skewed past it. Draws with no finite value or with the spend model's q ≤ 1 (no expected spend) are rejected and
 * replaced, up to three attempts per draw. Seeded mulberry32 and Box–Muller: the same seed gives the same intervals.
 */
export function bootstrapIntervals(settings: ScoreSettings, columns: ScoreColumns, point: ScoreValues, level: number, draws: number, seed: number): IntervalTable {
  const lp = logParameters(settings);
  const k = lp.log.length;
  const n = columns.x.length;
  if (n * draws > MAX_BOOTSTRAP_CELLS) {
    throw optionError(
      "draws",
      `times the ${n} customers is above ${MAX_BOOTSTRAP_CELLS.toLocaleString("en-US")} (the bootstrap keeps every draw of every prediction)`,
      draws,
      'Use method: "delta" for a large base, fewer draws, or score a sample of the customers.',
    );
  }
  const active = lp.log.map((_, j) => (lp.covariance[j]?.[j] ?? 0) > 0);
  const idx = lp.log.map((_, j) => j).filter((j) => active[j]);
  const sub = idx.map((a) => idx.map((b) => lp.covariance[a]?.[b] ?? 0));
  const L = choleskyLower(sub);
  const warnings = lp.warnings.slice();
  if (L === null && idx.length > 0) {
    throw argumentError("transactionModel.covariance", "together with spendModel.covariance is not positive definite, so no parameters can be drawn from it", "a covariance without a Cholesky factor", 'Use method: "delta", or refit (a fit whose Hessian is not positive definite has covariance null).');
  }
  const normal = normalSampler(mulberry32(seed));
  const store = {} as Record<ScoreField, Float64Array>;
  for (const f of SCORE_FIELDS) store[f] = new Float64Array(n * draws);
  const totalStore = {} as Record<ScoreField, Float64Array>;
  for (const f of SCORE_FIELDS) totalStore[f] = new Float64Array(draws);
  const qIndex = k - 2;
  let kept = 0;
  let rejected = 0;
  const zs = new Array<number>(idx.length).fill(0);
  for (let attempt = 0; kept < draws && attempt < ATTEMPTS_PER_DRAW * draws; attempt++) {
    const phi = lp.log.slice();
    for (let a = 0; a < idx.length; a++) zs[a] = normal();
    for (let a = 0; a < idx.length; a++) {
      let s = 0;
      const row = L?.[a] ?? [];
      for (let b = 0; b <= a; b++) s += (row[b] ?? 0) * (zs[b] ?? 0);
      const j = idx[a] ?? 0;
      phi[j] = (phi[j] ?? 0) + s;
    }
    if (!(Math.exp(phi[qIndex] ?? 0) > 1)) {
      rejected++;
      continue;
    }
    const v = evaluateAt(settings, columns, phi);
    const t = scoreTotals(v, columns.w);
    let finite = true;
    for (const f of SCORE_FIELDS) {
      const col = v[f];
      for (let i = 0; i < n && finite; i++) if (!Number.isFinite(col[i] ?? Number.NaN)) finite = false;
      if (f !== "expectedOrderValue" && !Number.isFinite(t[f])) finite = false;
    }
    if (!finite) {
      rejected++;
      continue;
    }
    for (const f of SCORE_FIELDS) {
      const col = v[f];
      const s = store[f];
      for (let i = 0; i < n; i++) s[i * draws + kept] = col[i] ?? 0;
      totalStore[f][kept] = t[f];
    }
    kept++;
  }
  if (kept < draws) {
    throw argumentError(
      "transactionModel",
      `gave usable predictions for only ${kept} of ${draws} bootstrap draws after ${ATTEMPTS_PER_DRAW * draws} attempts: the parameters are too uncertain for a parametric bootstrap`,
      `${rejected} rejected draws`,
      'Use method: "delta", or refit on more customers.',
    );
  }
  if (rejected > 0.05 * (kept + rejected)) {
    warnings.push(
      `bootstrap-rejections: ${rejected} of ${kept + rejected} parameter draws were rejected (spend model q ≤ 1, or no finite prediction), so the draws are cut short on that side and the intervals are too narrow there.`,
    );
  }
  const lo = (1 - level) / 2;
  const hi = (1 + level) / 2;
  const buf = new Float64Array(draws);
  const percentile = (sorted: Float64Array, p: number): number => {
    const pos = p * (sorted.length - 1);
    const i = Math.floor(pos);
    const frac = pos - i;
    const a = sorted[i] ?? 0;
    return frac === 0 ? a : a + frac * ((sorted[Math.min(i + 1, sorted.length - 1)] ?? a) - a);
  };
  const pointTotals = scoreTotals(point, columns.w);
  const customers = {} as Record<ScoreField, RawInterval[]>;
  const totals = {} as Record<ScoreField, RawInterval>;
  for (const f of SCORE_FIELDS) {
    const rows: RawInterval[] = new Array<RawInterval>(n);
    const s = store[f];
    const est = point[f];
    for (let i = 0; i < n; i++) {
      buf.set(s.subarray(i * draws, (i + 1) * draws));
      buf.sort();
      rows[i] = clampInterval(f, est[i] ?? 0, percentile(buf, lo), percentile(buf, hi));
    }
    customers[f] = rows;
    const ts = totalStore[f].slice().sort();
    totals[f] = clampInterval(f === "probabilityAlive" || f === "probabilityOfPurchase" ? "expectedPurchases" : f, pointTotals[f], percentile(ts, lo), percentile(ts, hi));
  }
  return { customers, totals, warnings, draws };
}
