// What the min-norm QP (min-norm-qp.ts) and its helpers, the warm-start guess (active-set-guess.ts) and
// the dense polish (dense-polish.ts), share: the constraint family they read and the progress they
// report. Kept apart from the solver so that the helpers do not import the file that imports them.

/** The normals a_c of a family of constraints a_cᵀw ≥ 1, known only through products. */
export interface ConstraintFamily {
  /** length of w */
  readonly dimension: number;
  /** constraint ids are 0…count−1 */
  readonly count: number;
  /** an upper bound on the rank of the normals (at most dimension), which caps the active set */
  readonly rank: number;
  /** out[c] = a_cᵀw for every id; +Infinity for ids that are not constraints */
  products(w: Float64Array, out: Float64Array): void;
  /** a_cᵀv */
  dot(c: number, v: Float64Array): number;
  /** target += coef · a_c */
  addScaled(target: Float64Array, c: number, coef: number): void;
  /** hi + lo += coef · a_c with every rounding error kept in lo (see compensated.ts) */
  addScaledCompensated(hi: Float64Array, lo: Float64Array, c: number, coef: number): void;
  /** a_cᵀa_e */
  pairDot(c: number, e: number): number;
  /** ‖a_c‖ */
  norm(c: number): number;
}

/** Where the solver is: warm-start epochs of a known total, then exact steps (no total is known). */
export interface MinNormProgress {
  readonly phase: 'warm start' | 'active set';
  readonly done: number;
  readonly total?: number;
  readonly active: number;
}
