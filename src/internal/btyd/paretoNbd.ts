import { lnGamma, logAddExp, logSubExp } from "../numeric/special/gamma.js";
import { hyp2f1Signed } from "../numeric/special/hyp2f1.js";
import { GAUSS_LEGENDRE_16, logIntegrateAdaptive } from "../numeric/special/quadrature.js";
import type { RfmData } from "./validate.js";

/** Pareto/NBD parameters in one time unit. */
export interface ParetoParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/**
 * ln ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, the dropout part of the Pareto/NBD likelihood.
 *
 * With M = max(α, β), m = min(α, β), k = r+s+x and e = s+1 if α ≥ β else r+x, the integrand is
 * (M+τ)^−(k+1) · ((M+τ)/(m+τ))^e. Two evaluations, both free of catastrophic cancellation:
 * - when ((M+t_x)/(M+T))^k ≤ 1/2, the closed form J(t_x) − J(T) with
 *   J(y) = (M+y)^−k / k · ₂F₁(k, e; k+1; (M−m)/(M+y)); since J(T)/J(t_x) ≤ 1/2 the difference loses at
 *   most one bit;
 * - otherwise the substitution u = (M+τ)^−k turns it into (1/k)∫ ((M+τ)/(m+τ))^e du over a short
 *   range where the integrand is analytic and nearly constant, integrated by 16-point Gauss–Legendre
 *   (no subtraction at all: the range length is (M+t_x)^−k · (−expm1(−k·log1p((T−t_x)/(M+t_x))))).
 */
export function logDropoutIntegral(p: ParetoParams, x: number, tx: number, T: number): number {
  if (T <= tx) return -Infinity;
  const alphaBig = p.alpha >= p.beta;
  const M = alphaBig ? p.alpha : p.beta;
  const m = alphaBig ? p.beta : p.alpha;
  const e = alphaBig ? p.s + 1 : p.r + x;
  const k = p.r + p.s + x;
  const L = Math.log1p((T - tx) / (M + tx));
  // The ₂F₁ series needs about (e·z + 40)/(1−z) terms, z = (M−m)/(M+t_x): with large parameters
  // (a fit running towards infinity, or a model built by hand) that is millions of terms per customer,
  // so past a few thousand the integral is taken by adaptive quadrature instead (bounded cost).
  const zMax = (M - m) / (M + tx);
  // (The series also runs past a + b + c ≈ 2k + e terms before it tests its tail.)
  const seriesTerms = Math.max((e * zMax + 40) / (1 - zMax), 2 * k + e);
  if (k * L > Math.LN2 && !(seriesTerms <= MAX_SERIES_TERMS)) return logDropoutQuadrature(p, x, tx, T, m);
  if (k * L > Math.LN2) {
    const logJ = (y: number): number => {
      const f = hyp2f1Signed(k, e, k + 1, (M - m) / (M + y));
      return -k * Math.log(M + y) - Math.log(k) + f.log;
    };
    return logSubExp(logJ(tx), logJ(T));
  }
  // u from u_T to u_tx; write u = u_tx · v with v ∈ [ρ, 1], ρ = exp(−kL); M+τ = (M+t_x) v^(−1/k).
  const rho = Math.exp(-k * L);
  const { nodes, weights } = GAUSS_LEGENDRE_16;
  const mid = 0.5 * (1 + rho);
  const half = 0.5 * (1 - rho);
  let mean = 0;
  for (let i = 0; i < nodes.length; i++) {
    const v = mid + half * (nodes[i] ?? 0);
    const Mt = (M + tx) * Math.exp(-Math.log(v) / k);
    const h = Math.exp(-e * Math.log1p((m - M) / Mt));
    mean += 0.5 * (weights[i] ?? 0) * h;
  }
  return -k * Math.log(M + tx) + Math.log(-Math.expm1(-k * L)) - Math.log(k) + Math.log(mean);
}

/** Series length above which {@link logDropoutIntegral} integrates numerically instead of summing ₂F₁. */
const MAX_SERIES_TERMS = 4000;

/**
 * The dropout integral ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ by adaptive Gauss–Legendre quadrature
 * after τ = t_x + (m+t_x)(e^y − 1), m = min(α, β), y ∈ [0, ln((m+T)/(m+t_x))]: the integrand is positive and
 * decreasing, and in y its decay is at most exponential, so a few hundred evaluations suffice whatever
 * the parameters.
 */
function logDropoutQuadrature(p: ParetoParams, x: number, tx: number, T: number, m: number): number {
  // Scaled by the smaller of α, β: the integrand falls fastest on the scale of min(α, β) + t_x.
  const base = m + tx;
  const ratio = (T - tx) / base;
  // ln(1 + (T−t_x)/base), also when the ratio overflows (T near 1e300, base near 1e-300).
  const L = Number.isFinite(ratio) ? Math.log1p(ratio) : Math.log(T - tx + base) - Math.log(base);
  const at = tx;
  // The integrand relative to its value at τ = t_x, written with log1p so that its rounding error stays
  // small even when (r+x) ln(α+τ) is in the millions.
  const log0 = -(p.r + x) * Math.log(p.alpha + at) - (p.s + 1) * Math.log(p.beta + at) + Math.log(base);
  const logF = (y: number): number => {
    const d = base * Math.expm1(y);
    return -(p.r + x) * Math.log1p(d / (p.alpha + at)) - (p.s + 1) * Math.log1p(d / (p.beta + at)) + y;
  };
  return log0 + logIntegrateAdaptive(logF, 0, L, 1e-13);
}

/**
 * Pareto/NBD per-customer log-likelihood (Fader & Hardie 2005 note "A Note on Deriving the Pareto/NBD
 * Model and Related Expressions", eq. 18, written with the integral of the dropout density):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β
 *      + ln[ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ].
 * Returns the log-likelihood and the log of the "alive" term, so P(alive) = exp(alive − mix).
 */
export function paretoLogLikParts(p: ParetoParams, x: number, tx: number, T: number): { head: number; alive: number; mix: number } {
  const head = lnGamma(p.r + x) - lnGamma(p.r) + p.r * Math.log(p.alpha) + p.s * Math.log(p.beta);
  const alive = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
  const dead = Math.log(p.s) + logDropoutIntegral(p, x, tx, T);
  return { head, alive, mix: logAddExp(alive, dead) };
}

/** Mean negative log-likelihood over rescaled time (times multiplied by `scale`). */
export function paretoObjective(data: RfmData, scale: number): (theta: readonly number[]) => number {
  return (theta) => {
    const [r = 1, alpha = 1, s = 1, beta = 1] = theta;
    if (!theta.every((t) => t > 0 && Number.isFinite(t))) return Number.NaN;
    const p = { r, alpha, s, beta };
    let ll = 0;
    for (let i = 0; i < data.x.length; i++) {
      const parts = paretoLogLikParts(p, data.x[i] ?? 0, (data.tx[i] ?? 0) * scale, (data.T[i] ?? 0) * scale);
      ll += (data.w[i] ?? 0) * (parts.head + parts.mix);
    }
    return -ll / data.totalWeight;
  };
}

/** P(alive | x, t_x, T) = (α+T)^−(r+x)(β+T)^−s / [(α+T)^−(r+x)(β+T)^−s + s ∫ …]. */
export function paretoProbabilityAlive(p: ParetoParams, x: number, tx: number, T: number): number {
  const parts = paretoLogLikParts(p, x, tx, T);
  return Math.exp(parts.alive - parts.mix);
}

/** (1 − (c/(c+t))^(s−1)) / (s−1), continuous through s = 1 (where it is ln((c+t)/c)). */
function survivalFactor(s: number, c: number, t: number): number {
  const L = Math.log1p(t / c);
  const e = (s - 1) * L;
  if (Math.abs(e) < 1e-8) return L * (1 - e / 2);
  return -Math.expm1(-e) / (s - 1);
}

/** E[X(t)] = r β / α · (1 − (β/(β+t))^(s−1))/(s−1) (Schmittlein et al. 1987, eq. 17). */
export function paretoExpected(p: ParetoParams, t: number): number {
  return ((p.r * p.beta) / p.alpha) * survivalFactor(p.s, p.beta, t);
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1))/(s−1) · P(alive)
 * (Schmittlein et al. 1987, eq. 22; Fader & Hardie 2005 note eq. 20).
 */
export function paretoConditional(p: ParetoParams, x: number, tx: number, T: number, t: number): number {
  return paretoConditionalFactor(p, x, T, t) * paretoProbabilityAlive(p, x, tx, T);
}

/**
 * The part of {@link paretoConditional} that does not depend on t_x: (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1))/(s−1).
 * Shared by the CLV kernel, which caches it per (x, T).
 */
export function paretoConditionalFactor(p: ParetoParams, x: number, T: number, t: number): number {
  return (((p.r + x) * (p.beta + T)) / (p.alpha + T)) * survivalFactor(p.s, p.beta + T, t);
}

/**
 * P(X(t) = n) for a new customer, from the Poisson counts while alive and the exponential lifetime:
 * Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n (β/(β+t))^s
 *   + Γ(r+n) α^r s β^s/(Γ(r) n!) ∫₀ᵗ τ^n (α+τ)^−(r+n) (β+τ)^−(s+1) dτ.
 * (Equivalent to Fader & Hardie 2006, "Deriving an Expression for P(X(t) = x) Under the Pareto/NBD
 * Model", whose closed form differences ₂F₁ terms; here the positive integral is computed by adaptive
 * Gauss–Legendre quadrature in w = τ/(α+τ), so no cancellation.)
 */
export function paretoPmf(p: ParetoParams, n: number, t: number): number {
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, s, beta } = p;
  const lg = lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1);
  const first = lg + r * Math.log(alpha / (alpha + t)) + n * Math.log(t / (alpha + t)) + s * Math.log(beta / (beta + t));
  // τ = αw/(1−w): integrand dτ = α^(1−r) w^n (1−w)^(r+s−1) (β + (α−β) w)^−(s+1) dw on [0, t/(α+t)].
  const zMax = t / (alpha + t);
  const logF = (w: number): number => {
    if (w <= 0) return n === 0 ? (r + s - 1) * Math.log1p(-w) - (s + 1) * Math.log(beta) : -Infinity;
    return n * Math.log(w) + (r + s - 1) * Math.log1p(-w) - (s + 1) * Math.log(beta + (alpha - beta) * w);
  };
  const integral = (1 - r) * Math.log(alpha) + logIntegrateAdaptive(logF, 0, zMax);
  const second = lg + r * Math.log(alpha) + Math.log(s) + s * Math.log(beta) + integral;
  return Math.exp(logAddExp(first, second));
}

/**
 * P(Y(t) = n | x, t_x, T) under Pareto/NBD. Given alive at T, the purchase rate and the dropout rate are
 * Gamma(r+x, α+T) and Gamma(s, β+T) (the exponential lifetime is memoryless), so the future is a
 * Pareto/NBD process with those parameters; a dead customer makes no purchase:
 * P(Y(t) = n | ·) = P(alive) · P_Pareto/NBD(X(t) = n | r+x, α+T, s, β+T) + (1 − P(alive)) · 1{n = 0}
 * (the quantity of Fader & Hardie's note 028, "Deriving the Conditional PMF of the Pareto/NBD Model",
 * eq. 16, https://www.brucehardie.com/notes/028/; here through the unconditional pmf, {@link paretoPmf}).
 */
export function paretoConditionalPmf(p: ParetoParams, x: number, tx: number, T: number, n: number, t: number): number {
  const alive = paretoProbabilityAlive(p, x, tx, T);
  const future = paretoPmf({ r: p.r + x, alpha: p.alpha + T, s: p.s, beta: p.beta + T }, n, t);
  return Math.min(1, alive * future + (n === 0 ? 1 - alive : 0));
}

/** Per-customer Pareto/NBD log-likelihood (Fader & Hardie 2005 note, eq. 18): head + mix of {@link paretoLogLikParts}. */
export function paretoLogLik(p: ParetoParams, x: number, tx: number, T: number): number {
  const parts = paretoLogLikParts(p, x, tx, T);
  return parts.head + parts.mix;
}
