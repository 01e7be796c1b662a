import { lnBeta, lnGamma, logAddExp } from "../numeric/special/gamma.js";
import type { DiscreteData } from "./validate.js";

/** BG/BB parameters. */
export interface BgbbParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly delta: number;
}

/**
 * BG/BB per-customer log-likelihood (Fader, Hardie & Shang 2010, eq. 5):
 * L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *   + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ).
 * Returns the log of the first ("alive at n") term and of L. The sum's terms are taken by their
 * ratio (β+t_x−x+i)/(α+β+t_x+i) · (δ+t_x+i)/(γ+1+δ+t_x+i) < 1 (from B(a, b+1) = B(a, b) · b/(a+b)),
 * so they decrease: the sum stops once the rest cannot reach 1e-17 of it. Cost O(n − t_x)
 * multiplications at most, two log-beta calls.
 */
export function bgbbLogLikParts(p: BgbbParams, x: number, tx: number, n: number): { alive: number; mix: number } {
  const lab = lnBeta(p.alpha, p.beta);
  const lgd = lnBeta(p.gamma, p.delta);
  const alive = lnBeta(p.alpha + x, p.beta + n - x) - lab + lnBeta(p.gamma, p.delta + n) - lgd;
  const count = n - tx;
  if (count <= 0) return { alive, mix: alive };
  const log0 = lnBeta(p.alpha + x, p.beta + tx - x) - lab + lnBeta(p.gamma + 1, p.delta + tx) - lgd;
  let sum = 1;
  let term = 1;
  for (let i = 0; i < count - 1; i++) {
    const j = tx + i;
    term *= ((p.beta + j - x) / (p.alpha + p.beta + j)) * ((p.delta + j) / (p.gamma + 1 + p.delta + j));
    sum += term;
    if (term * (count - 2 - i) < 1e-17 * sum) break;
  }
  return { alive, mix: logAddExp(alive, log0 + Math.log(sum)) };
}

/** ln Σ_{i=from}^{to} B(γ, δ+i)/B(γ,δ), by the ratio (δ+i)/(γ+δ+i) of successive terms; −∞ when to < from. */
function logSurvivalSum(p: BgbbParams, from: number, to: number): number {
  if (to < from) return -Infinity;
  let term = 1;
  let sum = 1;
  for (let i = from; i < to; i++) {
    term *= (p.delta + i) / (p.gamma + p.delta + i);
    sum += term;
  }
  return lnBeta(p.gamma, p.delta + from) - lnBeta(p.gamma, p.delta) + Math.log(sum);
}

export function bgbbObjective(data: DiscreteData): (theta: readonly number[]) => number {
  return (theta) => {
    const [alpha = 1, beta = 1, gamma = 1, delta = 1] = theta;
    if (!theta.every((t) => t > 0 && Number.isFinite(t))) return Number.NaN;
    const p = { alpha, beta, gamma, delta };
    let ll = 0;
    for (let i = 0; i < data.x.length; i++) {
      ll += (data.w[i] ?? 0) * bgbbLogLikParts(p, data.x[i] ?? 0, data.tx[i] ?? 0, data.n[i] ?? 1).mix;
    }
    return -ll / data.totalWeight;
  };
}

/**
 * P(alive at opportunity n+1 | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L
 * (Fader, Hardie & Shang 2010, eq. 11).
 */
export function bgbbProbabilityAlive(p: BgbbParams, x: number, tx: number, n: number): number {
  const parts = bgbbLogLikParts(p, x, tx, n);
  const num = lnBeta(p.alpha + x, p.beta + n - x) - lnBeta(p.alpha, p.beta) + lnBeta(p.gamma, p.delta + n + 1) - lnBeta(p.gamma, p.delta);
  return Math.min(1, Math.exp(num - parts.mix));
}

/**
 * E[X(n)] for a new customer = α/(α+β) · Σ_{i=1}^{n} B(γ, δ+i)/B(γ,δ): the chance of buying at
 * opportunity i is E[p] times the chance of being alive at i. (Equal to FHS 2010 eq. 9,
 * α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))], but also defined at γ = 1.)
 */
export function bgbbExpected(p: BgbbParams, n: number): number {
  return (p.alpha / (p.alpha + p.beta)) * Math.exp(logSurvivalSum(p, 1, n));
}

/**
 * E[X(n, n+n*) | x, t_x, n] = (1/L) · B(α+x+1, β+n−x)/B(α,β) · Σ_{i=n+1}^{n+n*} B(γ, δ+i)/B(γ,δ)
 * (the summed form of FHS 2010 eq. 13).
 */
export function bgbbConditional(p: BgbbParams, x: number, tx: number, n: number, future: number): number {
  const parts = bgbbLogLikParts(p, x, tx, n);
  const lead = lnBeta(p.alpha + x + 1, p.beta + n - x) - lnBeta(p.alpha, p.beta) - parts.mix;
  if (future <= 0) return 0;
  return Math.exp(lead + logSurvivalSum(p, n + 1, n + future));
}

/**
 * P(X(n) = x) for a new customer (FHS 2010 eq. 7):
 * C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
 */
export function bgbbPmf(p: BgbbParams, x: number, n: number): number {
  if (x > n) return 0;
  const lab = lnBeta(p.alpha, p.beta);
  const lgd = lnBeta(p.gamma, p.delta);
  const lchoose = (a: number, b: number): number => lnGamma(a + 1) - lnGamma(b + 1) - lnGamma(a - b + 1);
  let mix = lchoose(n, x) + lnBeta(p.alpha + x, p.beta + n - x) - lab + lnBeta(p.gamma, p.delta + n) - lgd;
  for (let i = x; i <= n - 1; i++) {
    mix = logAddExp(mix, lchoose(i, x) + lnBeta(p.alpha + x, p.beta + i - x) - lab + lnBeta(p.gamma + 1, p.delta + i) - lgd);
  }
  return Math.exp(mix);
}

/**
 * P(X(n, n+n*) = k | x, t_x, n): purchases in the next n* opportunities. Given alive at opportunity n
 * (probability B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) / L, the first term of eq. 5 over L), the
 * customer is a new BG/BB customer with p ~ Beta(α+x, β+n−x) and θ ~ Beta(γ, δ+n); a dead one buys
 * nothing: P = P(alive at n) · P_BG/BB(X(n*) = k | α+x, β+n−x, γ, δ+n) + (1 − P(alive at n)) · 1{k = 0}
 * (FHS 2010 eq. 7 for the new customer; summing k · P over k gives their eq. 13).
 */
export function bgbbConditionalPmf(p: BgbbParams, x: number, tx: number, n: number, k: number, future: number): number {
  const parts = bgbbLogLikParts(p, x, tx, n);
  const alive = Math.min(1, Math.exp(parts.alive - parts.mix));
  const post = { alpha: p.alpha + x, beta: p.beta + n - x, gamma: p.gamma, delta: p.delta + n };
  return Math.min(1, alive * bgbbPmf(post, k, future) + (k === 0 ? 1 - alive : 0));
}
