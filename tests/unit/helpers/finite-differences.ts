// Central finite differences of a value and its gradient at a point, against the analytic gradient and
// Hessian there: the largest errors and the largest analytic entries, for relative checks.

export interface Derivatives {
  readonly value: number;
  readonly grad: ArrayLike<number>;
  /** n×n row-major */
  readonly hess: ArrayLike<number>;
}

export interface DifferenceErrors {
  readonly gradErr: number;
  readonly gradScale: number;
  readonly hessErr: number;
  readonly hessScale: number;
}

/** Steps each coordinate of `at` by ±h and compares (f(u+h) − f(u−h))/2h with grad, and likewise grad with hess. */
export function centralDifferenceErrors(
  evaluate: (u: Float64Array) => Derivatives,
  at: Float64Array,
  h: number,
): DifferenceErrors {
  const n = at.length;
  const e = evaluate(at);
  let gradErr = 0;
  let gradScale = 0;
  let hessErr = 0;
  let hessScale = 0;
  for (let i = 0; i < n; i++) {
    const up = Float64Array.from(at);
    up[i] += h;
    const dn = Float64Array.from(at);
    dn[i] -= h;
    const a = evaluate(up);
    const b = evaluate(dn);
    gradErr = Math.max(gradErr, Math.abs((a.value - b.value) / (2 * h) - e.grad[i]));
    gradScale = Math.max(gradScale, Math.abs(e.grad[i]));
    for (let j = 0; j < n; j++) {
      hessErr = Math.max(hessErr, Math.abs((a.grad[j] - b.grad[j]) / (2 * h) - e.hess[i * n + j]));
      hessScale = Math.max(hessScale, Math.abs(e.hess[i * n + j]));
    }
  }
  return { gradErr, gradScale, hessErr, hessScale };
}
