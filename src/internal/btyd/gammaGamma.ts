import { lnGamma } from "../numeric/special/gamma.js";
import type { SpendData } from "./validate.js";

/**
 * Weighted total Gamma-Gamma log-likelihood (Fader, Hardie & Lee 2005 note, eq. 3) with spends divided
 * by `moneyScale` (v is then in the same scaled currency):
 * ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln z̄ + px ln x − (px+q) ln(x z̄ + v),
 * minus ln(moneyScale) per customer for the change of variable when moneyScale ≠ 1.
 */
export function gammaGammaTotalLogLik(data: SpendData, params: readonly number[], moneyScale: number): number {
  const [p = 1, q = 1, v = 1] = params;
  if (!(p > 0 && q > 0 && v > 0)) return Number.NaN;
  const lgQ = lnGamma(q);
  const qlv = q * Math.log(v);
  const lScale = Math.log(moneyScale);
  let ll = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i] ?? 1;
    const m = (data.m[i] ?? 1) / moneyScale;
    const px = p * x;
    const li =
      lnGamma(px + q) - lnGamma(px) - lgQ + qlv + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(x * m + v) - lScale;
    ll += (data.w[i] ?? 1) * li;
  }
  return ll;
}

/** E[Z | p, q, v, x, z̄] = (p (v + x z̄)) / (p x + q − 1) (FHL 2005 note, eq. 5). Requires px + q > 1. */
export function gammaGammaConditional(params: { p: number; q: number; v: number }, x: number, m: number): number {
  const { p, q, v } = params;
  return (p * (v + x * m)) / (p * x + q - 1);
}
