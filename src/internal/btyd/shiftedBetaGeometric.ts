// The shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie 2007, "How to Project Customer
// Retention", Journal of Interactive Marketing 21(1), 76-90; DERL from Fader & Hardie 2010, "Customer-Base
// Valuation in a Contractual Setting: The Perils of Ignoring Heterogeneity", Marketing Science 29(1), 85-93).
//
// Each customer renews at the end of every period with probability 1 − θ until the first non-renewal; θ varies
// across customers as Beta(α, β). With T the period in which a customer churns (T = 1, 2, …):
//   P(T = 1) = α/(α+β),  P(T = t) = P(T = t−1) · (β+t−2)/(α+β+t−1)           (FH 2007, eq. 7)
//   S(t) = P(T > t) = B(α, β+t)/B(α, β) = Π_{i=1}^{t} (β+i−1)/(α+β+i−1)       (eq. 6)
//   r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1)                                     (eq. 8)
import { argumentError } from "../fail.js";
import { hyp2f1 } from "../numeric/special/hyp2f1.js";

/** Survivor counts of one or several cohorts, pooled by period. */
export interface SurvivorData {
  /** deaths[t]: customers lost in period t (t = 1 … maxPeriods; index 0 unused), summed over cohorts. */
  readonly deaths: Float64Array;
  /** censored[t]: customers still active at the end of their cohort's last observed period t, summed over cohorts. */
  readonly censored: Float64Array;
  /** Longest observation, in periods. */
  readonly maxPeriods: number;
  /** Sum of the cohort sizes. */
  readonly customers: number;
  /** Number of cohorts. */
  readonly cohorts: number;
  /** Customers lost over all periods observed. */
  readonly churned: number;
}

const isCountArray = (v: unknown): v is readonly unknown[] => Array.isArray(v);

/**
 * Validates survivor counts: one cohort as `[n₀, n₁, …, n_k]` (n₀ the cohort size, n_t the customers still
 * active after t periods) or several as an array of such arrays. Each array has at least two entries, holds
 * non-negative safe integers, starts above 0 and never increases.
 */
export function packSurvivors(input: unknown, name: string): SurvivorData {
  if (!isCountArray(input) || input.length === 0) {
    throw argumentError(name, "must be an array of survivor counts [cohort size, active after period 1, …], or an array of such arrays (one per cohort)", input, "Pass e.g. [1000, 631, 468] for one cohort.");
  }
  const several = isCountArray(input[0]);
  const lists: { counts: readonly unknown[]; path: string }[] = [];
  if (several) {
    input.forEach((c, i) => {
      if (!isCountArray(c)) {
        throw argumentError(`${name}[${i}]`, "must be an array of survivor counts like the other cohorts", c, "Pass one array of counts per cohort.");
      }
      lists.push({ counts: c, path: `${name}[${i}]` });
    });
  } else {
    lists.push({ counts: input, path: name });
  }
  let maxPeriods = 0;
  for (const { counts, path } of lists) {
    if (counts.length < 2) {
      throw argumentError(path, "needs the cohort size and at least one period of survivors", counts.length === 0 ? "an empty array" : `${counts.length} count`, "Start with the cohort size, then the number still active after each period.", "INSUFFICIENT_DATA");
    }
    maxPeriods = Math.max(maxPeriods, counts.length - 1);
  }
  const deaths = new Float64Array(maxPeriods + 1);
  const censored = new Float64Array(maxPeriods + 1);
  let customers = 0;
  let churned = 0;
  for (const { counts, path } of lists) {
    let previous = Number.NaN;
    counts.forEach((n, t) => {
      if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
        throw argumentError(`${path}[${t}]`, "must be a non-negative whole number of customers", n, "Count the customers of the cohort still active after each period.");
      }
      if (t === 0) {
        if (n === 0) throw argumentError(`${path}[0]`, "is the cohort size and must be above 0", n, "Start each cohort with the number of customers acquired.");
        customers += n;
      } else {
        if (n > previous) {
          throw argumentError(`${path}[${t}]`, `must not exceed the count of the period before (${previous}): survivors of a cohort never increase`, n, "Count only customers of the cohort who have renewed every period since they were acquired.");
        }
        deaths[t] = (deaths[t] ?? 0) + (previous - n);
        churned += previous - n;
      }
      previous = n;
    });
    const last = counts.length - 1;
    censored[last] = (censored[last] ?? 0) + previous;
  }
  return { deaths, censored, maxPeriods, customers, cohorts: lists.length, churned };
}

/** Log-likelihood of pooled survivor data (FH 2007, eq. B3, summed over cohorts), with its gradient in α, β. */
export function sbgLogLikelihood(data: SurvivorData, alpha: number, beta: number): { value: number; gradient: [number, number] } {
  let value = 0;
  let gA = 0;
  let gB = 0;
  // ln S(t−1) and its derivatives, updated period by period.
  let lnS = 0;
  let dSa = 0;
  let dSb = 0;
  const lnAlpha = Math.log(alpha);
  for (let t = 1; t <= data.maxPeriods; t++) {
    const ab = alpha + beta + t - 1;
    const d = data.deaths[t] ?? 0;
    if (d > 0) {
      // ln P(T = t) = ln S(t−1) + ln α − ln(α+β+t−1)
      value += d * (lnS + lnAlpha - Math.log(ab));
      gA += d * (dSa + 1 / alpha - 1 / ab);
      gB += d * (dSb - 1 / ab);
    }
    // ln S(t) = ln S(t−1) + ln(β+t−1) − ln(α+β+t−1)
    const bt = beta + t - 1;
    lnS += Math.log(bt) - Math.log(ab);
    dSa -= 1 / ab;
    dSb += 1 / bt - 1 / ab;
    const c = data.censored[t] ?? 0;
    if (c > 0) {
      value += c * lnS;
      gA += c * dSa;
      gB += c * dSb;
    }
  }
  return { value, gradient: [gA, gB] };
}

/** r(t) = (β+t−1)/(α+β+t−1): the share of customers active at the end of period t−1 who renew at the end of period t. */
export function sbgRetentionRate(alpha: number, beta: number, t: number): number {
  return (beta + t - 1) / (alpha + beta + t - 1);
}

/**
 * DERL(d | α, β, n−1 renewals) = (β+n−1)/(α+β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d)) (FH 2010, eq. 6), for a
 * customer who has renewed `renewals` = n−1 times, evaluated just before the n-th renewal decision. For d = 0 the
 * undiscounted expected residual lifetime (β+n−1)/(α−1) when α > 1, else `null` (the mean is infinite).
 */
export function sbgDerl(alpha: number, beta: number, d: number, renewals: number): number | null {
  const b = beta + renewals;
  if (d === 0) return alpha > 1 ? b / (alpha - 1) : null;
  const z = 1 / (1 + d);
  if (d >= SERIES_MIN_RATE) return derlSeries(alpha, b, z, Number.POSITIVE_INFINITY);
  const viaHyp2f1 = (b / (alpha + b)) * hyp2f1(1, b + 1, alpha + b + 1, z);
  return Number.isFinite(viaHyp2f1) ? viaHyp2f1 : derlSeries(alpha, b, z, SERIES_TERM_CAP);
}

/** Below this discount rate the direct series needs more than about 400,000 terms: ₂F₁'s 1 − z formula is used. */
const SERIES_MIN_RATE = 1e-4;
/** Term budget of the direct series when ₂F₁ fails (large α, β with d below {@link SERIES_MIN_RATE}). */
const SERIES_TERM_CAP = 50_000_000;

/**
 * Σ_{k≥0} Π_{j=0}^{k} (b+j)/(α+b+j) · z^k, the ₂F₁ series of DERL summed directly: every term is positive and
 * the ratio of consecutive terms, (b+k+1)z/(α+b+k+1), stays below z, so the tail after a term is at most
 * term · z/(1 − z). Any α, b (the ₂F₁ routine gives up when α + b is in the hundreds of thousands).
 */
function derlSeries(alpha: number, b: number, z: number, cap: number): number {
  let term = b / (alpha + b);
  let sum = term;
  const tailFactor = z / (1 - z);
  for (let k = 1; k < cap && term * tailFactor > 1e-17 * sum; k++) {
    term *= ((b + k) / (alpha + b + k)) * z;
    sum += term;
  }
  return sum;
}
