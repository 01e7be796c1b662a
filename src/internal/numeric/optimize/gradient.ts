import type { ObjectiveFn, ValueAndGradientFn } from "./types.js";

/**
 * Central-difference gradient, step h_i = 1e-5·max(1, |x_i|). For objectives of order 1..100 the
 * truncation error is about 1e-10·|f'''| and the rounding error about 1e-11·|f|, far below the
 * 1e-6 convergence threshold used by {@link bfgs}.
 */
export function numericGradient(f: ObjectiveFn): ValueAndGradientFn {
  return (x) => {
    const value = f(x);
    const gradient = new Array<number>(x.length);
    const xp = x.slice();
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] ?? 0;
      const h = 1e-5 * Math.max(1, Math.abs(xi));
      xp[i] = xi + h;
      const fp = f(xp);
      xp[i] = xi - h;
      const fm = f(xp);
      xp[i] = xi;
      gradient[i] = (fp - fm) / (2 * h);
    }
    return { value, gradient };
  };
}
