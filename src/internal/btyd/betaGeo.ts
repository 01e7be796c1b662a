import { digamma, lnBeta, lnGamma, logAddExp } from "../numeric/special/gamma.js";
import { hyp2f1Signed } from "../numeric/special/hyp2f1.js";
import type { RfmData } from "./validate.js";

/** BG/NBD or MBG/NBD parameters in one time unit. */
export interface BetaGeoParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Mean negative log-likelihood of BG/NBD (`modified = false`, Fader, Hardie & Lee 2005, eq. 6) or
 * MBG/NBD (`modified = true`, Batislam et al. 2007) and its gradient, for times multiplied by
 * `scale`. Per customer (BG/NBD):
 *   ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *        + ln[ (α+T)^−(r+x) + 1{x>0} · a/(b+x−1) · (α+t_x)^−(r+x) ]
 * MBG/NBD replaces B(a, b+x) by B(a, b+x+1), a/(b+x−1) by a/(b+x), and keeps the second term for x = 0.
 * Gamma-function terms are computed once per distinct x.
 */
export function betaGeoObjective(data: RfmData, modified: boolean, scale: number) {
  const nx = data.xValues.length;
  const c1 = new Float64Array(nx);
  const dr = new Float64Array(nx);
  const c2 = new Float64Array(nx);
  const da = new Float64Array(nx);
  const db = new Float64Array(nx);
  const n = data.x.length;
  const lnAT = new Float64Array(n);
  const lnAtx = new Float64Array(n);
  const evaluate = (theta: readonly number[], withGradient: boolean): { value: number; gradient: number[] } => {
    const [r = 1, alpha = 1, a = 1, b = 1] = theta;
    const shift = modified ? 1 : 0;
    const psiR = withGradient ? digamma(r) : 0;
    const psiAB = withGradient ? digamma(a + b) : 0;
    const psiB = withGradient ? digamma(b) : 0;
    const lgR = lnGamma(r);
    const lgAB = lnGamma(a + b);
    const lgB = lnGamma(b);
    for (let j = 0; j < nx; j++) {
      const x = data.xValues[j] ?? 0;
      c1[j] = lnGamma(r + x) - lgR + r * Math.log(alpha);
      c2[j] = lgAB + lnGamma(b + x + shift) - lgB - lnGamma(a + b + x + shift);
      if (withGradient) {
        dr[j] = digamma(r + x) - psiR;
        const psiABX = digamma(a + b + x + shift);
        da[j] = psiAB - psiABX;
        db[j] = psiAB + digamma(b + x + shift) - psiB - psiABX;
      }
    }
    const lnA = Math.log(a);
    const lnAlpha = Math.log(alpha);
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const x = data.x[i] ?? 0;
      const j = data.xIndex[i] ?? 0;
      const w = data.w[i] ?? 0;
      const aT = alpha + (data.T[i] ?? 0) * scale;
      const atx = alpha + (data.tx[i] ?? 0) * scale;
      const lT = Math.log(aT);
      const ltx = Math.log(atx);
      const a3 = -(r + x) * lT;
      const hasA4 = modified || x > 0;
      const bx = b + x - 1 + shift;
      const a4 = hasA4 ? lnA - Math.log(bx) - (r + x) * ltx : -Infinity;
      const mix = logAddExp(a3, a4);
      ll += w * ((c1[j] ?? 0) + (c2[j] ?? 0) + mix);
      if (withGradient) {
        const w4 = hasA4 ? Math.exp(a4 - mix) : 0;
        const w3 = 1 - w4;
        gr += w * ((dr[j] ?? 0) + lnAlpha - w3 * lT - w4 * ltx);
        gAlpha += w * (r / alpha - (r + x) * (w3 / aT + w4 / atx));
        ga += w * ((da[j] ?? 0) + w4 / a);
        gb += w * ((db[j] ?? 0) - (hasA4 ? w4 / bx : 0));
      }
      lnAT[i] = lT;
      lnAtx[i] = ltx;
    }
    const W = data.totalWeight;
    return { value: -ll / W, gradient: [-gr / W, -gAlpha / W, -ga / W, -gb / W] };
  };
  return {
    value: (theta: readonly number[]): number => {
      if (!theta.every((t) => t > 0 && Number.isFinite(t))) return Number.NaN;
      return evaluate(theta, false).value;
    },
    valueAndGradient: (theta: readonly number[]) => {
      if (!theta.every((t) => t > 0 && Number.isFinite(t))) return { value: Number.NaN, gradient: theta.map(() => Number.NaN) };
      return evaluate(theta, true);
    },
  };
}

/** ln P(alive)-related odds: ln[a/(b+x−1+shift)] + (r+x) ln((α+T)/(α+t_x)); −∞ when BG/NBD and x = 0. */
function logDeadOdds(p: BetaGeoParams, modified: boolean, x: number, tx: number, T: number): number {
  if (!modified && x === 0) return -Infinity;
  return Math.log(p.a) - Math.log(p.b + x - (modified ? 0 : 1)) + (p.r + x) * Math.log1p((T - tx) / (p.alpha + tx));
}

/** P(alive | x, t_x, T) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) (BG/NBD; MBG/NBD: b+x). */
export function betaGeoProbabilityAlive(p: BetaGeoParams, modified: boolean, x: number, tx: number, T: number): number {
  const lo = logDeadOdds(p, modified, x, tx, T);
  return lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo));
}

/**
 * E[X(t)] for a new customer. BG/NBD: (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
 * MBG/NBD: b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]. Requires a > 1 (else infinite).
 */
export function betaGeoExpected(p: BetaGeoParams, modified: boolean, t: number): number {
  if (t === 0) return 0;
  const z = t / (p.alpha + t);
  const f = modified ? hyp2f1Signed(p.r, p.b + 1, p.a + p.b, z) : hyp2f1Signed(p.r, p.b, p.a + p.b - 1, z);
  // 1 − (α/(α+t))^r F, computed as −expm1(log term) to keep precision for small t.
  const logTerm = p.r * Math.log(p.alpha / (p.alpha + t)) + f.log;
  const bracket = f.sign === 1 ? -Math.expm1(logTerm) : 1 + Math.exp(logTerm);
  const lead = modified ? p.b / (p.a - 1) : (p.a + p.b - 1) / (p.a - 1);
  // Rounding can leave −1e-300-sized values for t near 0; the expectation is never negative.
  return Math.max(0, lead * bracket);
}

/**
 * E[Y(t) | x, t_x, T]. BG/NBD (FHL 2005 eq. 10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
 * MBG/NBD: (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive).
 */
export function betaGeoConditional(p: BetaGeoParams, modified: boolean, x: number, tx: number, T: number, t: number): number {
  if (t === 0) return 0;
  return Math.max(0, betaGeoConditionalFactor(p, modified, x, T, t) * betaGeoProbabilityAlive(p, modified, x, tx, T));
}

/**
 * The part of {@link betaGeoConditional} that does not depend on t_x: E[Y(t) | x, t_x, T] / P(alive), that is
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(…)] (MBG/NBD: a+b+x). Shared by the CLV kernel, which
 * caches it per (x, T); t > 0.
 */
export function betaGeoConditionalFactor(p: BetaGeoParams, modified: boolean, x: number, T: number, t: number): number {
  const z = t / (p.alpha + T + t);
  const f = modified
    ? hyp2f1Signed(p.r + x, p.b + x + 1, p.a + p.b + x, z)
    : hyp2f1Signed(p.r + x, p.b + x, p.a + p.b + x - 1, z);
  const logTerm = (p.r + x) * -Math.log1p(t / (p.alpha + T)) + f.log;
  const bracket = f.sign === 1 ? -Math.expm1(logTerm) : 1 + Math.exp(logTerm);
  const lead = (p.a + p.b + x - (modified ? 0 : 1)) / (p.a - 1);
  return lead * bracket;
}

/**
 * ln of the NBD tail P(N ≥ n) for N ~ NegBin(r, α/(α+t)) (the Poisson–gamma count in t), without
 * cancellation: 1 − Σ_{j<n} when that sum is below 1/2, else the upper sum directly.
 */
function logNbdTail(r: number, alpha: number, t: number, n: number): number {
  if (n <= 0) return 0;
  const lp = Math.log(alpha / (alpha + t));
  const lq = Math.log(t / (alpha + t));
  const logPmf = (j: number): number => lnGamma(r + j) - lnGamma(r) - lnGamma(j + 1) + r * lp + j * lq;
  let lower = 0;
  for (let j = 0; j < n; j++) lower += Math.exp(logPmf(j));
  if (lower < 0.5) return Math.log1p(-lower);
  // Upper tail Σ_{j≥n}: terms decrease geometrically (ratio → t/(α+t)) once j > mode.
  let log0 = logPmf(n);
  let term = 1;
  let sum = 1;
  for (let j = n; j < n + 10_000_000; j++) {
    term *= ((r + j) / (j + 1)) * (t / (alpha + t));
    sum += term;
    if (term < 1e-17 * sum && (r + j) / (j + 1) * (t / (alpha + t)) < 1) break;
    if (sum > 1e250) {
      log0 += Math.log(1e250);
      sum /= 1e250;
      term /= 1e250;
    }
  }
  return log0 + Math.log(sum);
}

/**
 * P(X(t) = n) for a new customer (FHL 2005 eq. 8; MBG/NBD analogue):
 * BG/NBD: B(a,b+n)/B(a,b) · NB(n) + 1{n>0} B(a+1,b+n−1)/B(a,b) · P(N ≥ n);
 * MBG/NBD: B(a,b+n+1)/B(a,b) · NB(n) + B(a+1,b+n)/B(a,b) · P(N ≥ n), where NB(n) is the
 * Poisson–gamma probability of n purchases in t.
 */
export function betaGeoPmf(p: BetaGeoParams, modified: boolean, n: number, t: number): number {
  const { r, alpha, a, b } = p;
  const lbab = lnBeta(a, b);
  const shift = modified ? 1 : 0;
  let logNb: number;
  if (t === 0) logNb = n === 0 ? 0 : -Infinity;
  else logNb = lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1) + r * Math.log(alpha / (alpha + t)) + n * Math.log(t / (alpha + t));
  const first = lnBeta(a, b + n + shift) - lbab + logNb;
  if (!modified && n === 0) return Math.exp(first);
  const tail = t === 0 ? (n === 0 ? 0 : -Infinity) : logNbdTail(r, alpha, t, n);
  const second = lnBeta(a + 1, b + n - 1 + shift) - lbab + tail;
  return Math.exp(logAddExp(first, second));
}

/** Weighted total log-likelihood in the caller's units. */
export function betaGeoTotalLogLik(data: RfmData, modified: boolean, params: readonly number[]): number {
  const obj = betaGeoObjective(data, modified, 1);
  return -obj.value(params) * data.totalWeight;
}

/** Gradient of the weighted total log-likelihood in the caller's units. */
export function betaGeoTotalLogLikGradient(data: RfmData, modified: boolean, params: readonly number[]): number[] {
  const obj = betaGeoObjective(data, modified, 1);
  return obj.valueAndGradient(params).gradient.map((g) => -g * data.totalWeight);
}

/**
 * Per-customer log-likelihood of BG/NBD (FHL 2005, eq. 6) or MBG/NBD (Batislam et al. 2007, eq. 5):
 * ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+shift) − ln B(a, b)
 *   + ln[ (α+T)^−(r+x) + 1{x>0 or MBG} · a/(b+x−1+shift) · (α+t_x)^−(r+x) ], shift = 1 for MBG/NBD.
 */
export function betaGeoLogLik(p: BetaGeoParams, modified: boolean, x: number, tx: number, T: number): number {
  const shift = modified ? 1 : 0;
  const head = lnGamma(p.r + x) - lnGamma(p.r) + p.r * Math.log(p.alpha) + lnBeta(p.a, p.b + x + shift) - lnBeta(p.a, p.b);
  const a3 = -(p.r + x) * Math.log(p.alpha + T);
  const a4 = modified || x > 0 ? Math.log(p.a) - Math.log(p.b + x - 1 + shift) - (p.r + x) * Math.log(p.alpha + tx) : -Infinity;
  return head + logAddExp(a3, a4);
}

/**
 * P(Y(t) = n | x, t_x, T): purchases in the next t of a customer with this history. Given alive at T
 * (probability {@link betaGeoProbabilityAlive}), the customer's future is a BG/NBD process with the
 * posterior parameters r+x, α+T, a and b+x (BG/NBD) or b+x+1 (MBG/NBD: x+1 dropout chances survived,
 * at time 0 and after each purchase), and each later purchase is again followed by a dropout chance;
 * a dead customer makes none. So
 * P(Y(t) = n | ·) = P(alive) · P_BG/NBD(X(t) = n | r+x, α+T, a, b+x[+1]) + (1 − P(alive)) · 1{n = 0},
 * with the unconditional pmf of FHL 2005 eq. 8 (lifetimes' `conditional_probability_of_n_purchases_up_to_time`
 * expands the same expression term by term).
 */
export function betaGeoConditionalPmf(p: BetaGeoParams, modified: boolean, x: number, tx: number, T: number, n: number, t: number): number {
  const alive = betaGeoProbabilityAlive(p, modified, x, tx, T);
  const post = { r: p.r + x, alpha: p.alpha + T, a: p.a, b: p.b + x + (modified ? 1 : 0) };
  const future = betaGeoPmf(post, false, n, t);
  return Math.min(1, alive * future + (n === 0 ? 1 - alive : 0));
}
