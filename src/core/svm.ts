// The hard-margin multiclass SVM Ŵ = argmin ‖W‖_F² s.t. (w_{y_i} − w_k)ᵀ x_i ≥ 1 (paper-spec §1.5), solved
// exactly by the Goldfarb–Idnani dual active-set method. With the identity Hessian it starts at W = 0, adds
// the most violated constraint, and keeps W the minimum-norm point on its active set with nonnegative
// multipliers, dropping a constraint whenever a multiplier would turn negative. It ends either at the
// optimum (every constraint satisfied) or, when a violated constraint's normal is a nonnegative
// combination of the active normals, with a Gordan ray: weights β ≥ 0 on constraints whose combination
// Σ β_ik x_i (e_{y_i} − e_k)ᵀ is 0, which proves that no W separates the data.
//
// Each constraint c = (i, k) has the normal a_c = x_i (e_{y_i} − e_k)ᵀ (d×K, 2d nonzeros), so a_cᵀW is a
// margin and a_cᵀa_c' = (x_i·x_j)(e_{y_i} − e_k)·(e_{y_j} − e_k'). The solver keeps W (d·K numbers) and
// the triangular factor R of the active normals' Gram matrix (|S|×|S|); it never forms the full dual Gram.
// At the end the active-set equations R ᵀR α = 1 are solved again with iterative refinement against the
// data, and W is rebuilt as Σ α_c a_c, so stationarity holds to rounding and margins are 1 to ~1e-15.
import { TriangularFactor } from './linalg/triangular-factor.ts';
import {
  LabError,
  type Dataset,
  type KktCertificate,
  type SupportConstraint,
  type SvmOutcome,
  type SvmSolution,
} from './types.ts';

export interface SvmOptions {
  /** a constraint counts as violated when its margin is below 1 − tolerance */
  tolerance?: number;
  /** the most active-set steps (constraint additions and removals) before giving up */
  maxIterations?: number;
}

/** Margin shortfall below which a constraint counts as satisfied; far above rounding (~1e-14), far below 1e-9. */
const DEFAULT_TOLERANCE = 1e-11;
/** Default step budget per primal dimension d·K; Goldfarb–Idnani needs about one step per support constraint. */
const DEFAULT_STEPS_PER_DIMENSION = 50;
const DEFAULT_STEPS_BASE = 1000;
/** ‖z‖/‖a_p‖ below which a new normal lies in the span of the active normals (z: its orthogonal part). */
const SPAN_TOLERANCE = 1e-11;
/** Violated constraints taken from one full margin pass; each is re-checked in O(d) before it is added. */
const CANDIDATES_PER_PASS = 8;
/** Rounds of iterative refinement for the final active-set solve (the Gram system squares the condition). */
const REFINEMENT_ROUNDS = 3;
/** Multipliers below this fraction of the largest one are rounding noise and leave the support. */
const ALPHA_NEGLIGIBLE = 1e-13;
/** Relative equality test for the directions x/‖x‖ of two rows (positive multiples of each other). */
const SAME_DIRECTION = 1e-13;

/** The hard-margin multiclass SVM of `data`, or why it has none. */
export function solveSvm(data: Dataset, opts: SvmOptions = {}): SvmOutcome {
  checkShape(data);
  const conflict = findObviousConflict(data);
  if (conflict) return conflict;
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = opts.maxIterations ?? DEFAULT_STEPS_BASE + DEFAULT_STEPS_PER_DIMENSION * data.d * data.k;
  const solver = new ActiveSetSolver(data, tolerance, maxIterations);
  const result = solver.run();
  if (result.kind === 'ray') return rayOutcome(data, result.weights);
  return { separable: true, solution: solutionFrom(data, result.support) };
}

/** KKT residuals of W against the multipliers in `support` (constraints not listed have α = 0). */
export function svmCertificate(data: Dataset, W: Float64Array, support: readonly SupportConstraint[]): KktCertificate {
  const { k: K } = data;
  const margins = allMargins(data, W);
  let primal = 0;
  for (let c = 0; c < margins.length; c++) {
    if (isConstraint(data, c)) primal = Math.max(primal, 1 - margins[c]);
  }
  let dual = 0;
  let complementarity = 0;
  let alphaSum = 0;
  const combination = new Float64Array(W.length);
  for (const s of support) {
    dual = Math.max(dual, -s.alpha);
    complementarity = Math.max(complementarity, Math.abs(s.alpha * (margins[s.i * K + s.k] - 1)));
    alphaSum += s.alpha;
    addScaledNormal(data, combination, s.i * K + s.k, s.alpha);
  }
  let stationarity = 0;
  let normW2 = 0;
  let normCombination2 = 0;
  for (let e = 0; e < W.length; e++) {
    stationarity = Math.max(stationarity, Math.abs(W[e] - combination[e]));
    normW2 += W[e] * W[e];
    normCombination2 += combination[e] * combination[e];
  }
  // primal ½‖W‖², dual Σα − ½‖Σ α a‖² (the Lagrangian dual of the ½-scaled problem, same Ŵ)
  const primalObjective = normW2 / 2;
  const dualObjective = alphaSum - normCombination2 / 2;
  const gap = Math.abs(primalObjective - dualObjective) / Math.max(1, primalObjective);
  primal = Math.max(0, primal);
  const max = Math.max(primal, dual, complementarity, stationarity, gap);
  return { primal, dual, complementarity, stationarity, gap, max };
}

// ---------------------------------------------------------------------------------------------------
// Constraint algebra. Constraint c = i·K + k (k ≠ y_i); its normal a_c has +x_i in column y_i, −x_i in column k.

function isConstraint(data: Dataset, c: number): boolean {
  return c % data.k !== data.y[Math.floor(c / data.k)];
}

/** a_cᵀ V = x_iᵀ (v_{y_i} − v_k), the margin of constraint c under V */
function normalDot(data: Dataset, c: number, V: Float64Array): number {
  const { d, k: K, X, y } = data;
  const i = Math.floor(c / K);
  const k = c - i * K;
  const yi = y[i];
  let sum = 0;
  for (let j = 0; j < d; j++) sum += X[i * d + j] * (V[j * K + yi] - V[j * K + k]);
  return sum;
}

/** target += coef · a_c */
function addScaledNormal(data: Dataset, target: Float64Array, c: number, coef: number): void {
  const { d, k: K, X, y } = data;
  const i = Math.floor(c / K);
  const k = c - i * K;
  const yi = y[i];
  for (let j = 0; j < d; j++) {
    const v = coef * X[i * d + j];
    target[j * K + yi] += v;
    target[j * K + k] -= v;
  }
}

/** a_cᵀ a_c' = (x_i·x_j)(e_{y_i} − e_k)·(e_{y_j} − e_k') */
function normalsDot(data: Dataset, c1: number, c2: number): number {
  const { d, k: K, X, y } = data;
  const i = Math.floor(c1 / K);
  const a = y[i];
  const b = c1 - i * K;
  const j = Math.floor(c2 / K);
  const c = y[j];
  const e = c2 - j * K;
  const labelDot = (a === c ? 1 : 0) - (a === e ? 1 : 0) - (b === c ? 1 : 0) + (b === e ? 1 : 0);
  if (labelDot === 0) return 0;
  let xx = 0;
  for (let m = 0; m < d; m++) xx += X[i * d + m] * X[j * d + m];
  return labelDot * xx;
}

/** margins m[i·K + k] = x_iᵀ(w_{y_i} − w_k) for every (i, k); entries with k = y_i are 0 */
function allMargins(data: Dataset, W: Float64Array): Float64Array {
  const { n, d, k: K, X, y } = data;
  const margins = new Float64Array(n * K);
  const scores = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    scores.fill(0);
    for (let j = 0; j < d; j++) {
      const xij = X[i * d + j];
      if (xij === 0) continue;
      for (let c = 0; c < K; c++) scores[c] += xij * W[j * K + c];
    }
    const own = scores[y[i]];
    for (let c = 0; c < K; c++) margins[i * K + c] = own - scores[c];
  }
  return margins;
}

// ---------------------------------------------------------------------------------------------------
// The Goldfarb–Idnani iteration.

type SolverResult =
  | { kind: 'optimal'; support: SupportConstraint[] }
  /** constraint ids with weights β ≥ 0 whose normals sum to (numerically) zero */
  | { kind: 'ray'; weights: Map<number, number> };

/** The step towards adding constraint p: multipliers r (a_p ≈ Σ r_j a_j) and the orthogonal part z. */
interface Direction {
  r: Float64Array;
  z: Float64Array;
  zNorm: number;
}

class ActiveSetSolver {
  private readonly W: Float64Array;
  private readonly factor: TriangularFactor;
  private active: number[] = [];
  private multipliers: number[] = [];
  private iterations = 0;

  constructor(
    private readonly data: Dataset,
    private readonly tolerance: number,
    private readonly maxIterations: number,
  ) {
    this.W = new Float64Array(data.d * data.k);
    // The active normals stay independent, so there are never more of them than primal dimensions.
    this.factor = new TriangularFactor(Math.min(data.d * data.k, data.n * (data.k - 1)));
  }

  run(): SolverResult {
    for (;;) {
      const candidates = this.mostViolated();
      if (candidates.length === 0) {
        const settled = this.settle();
        if (settled) return { kind: 'optimal', support: settled };
        continue;
      }
      for (const p of candidates) {
        if (normalDot(this.data, p, this.W) - 1 >= -this.tolerance || this.active.includes(p)) continue;
        const ray = this.add(p);
        if (ray) return { kind: 'ray', weights: ray };
      }
    }
  }

  /** Up to CANDIDATES_PER_PASS violated constraints, most violated first. */
  private mostViolated(): number[] {
    const margins = allMargins(this.data, this.W);
    const best: { c: number; m: number }[] = [];
    for (let c = 0; c < margins.length; c++) {
      const m = margins[c];
      if (m - 1 >= -this.tolerance || !isConstraint(this.data, c)) continue;
      if (best.length === CANDIDATES_PER_PASS && m >= best[best.length - 1].m) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].m > m) at--;
      best.splice(at, 0, { c, m });
      if (best.length > CANDIDATES_PER_PASS) best.pop();
    }
    return best.map((b) => b.c);
  }

  private countStep(): void {
    if (++this.iterations > this.maxIterations) {
      throw new LabError(
        `the SVM solver stopped after ${this.maxIterations} active-set steps without reaching the optimum; ` +
          `raise maxIterations or check the data for near-duplicate rows with different labels`,
        'maxIterations',
      );
    }
  }

  /** Goldfarb–Idnani steps 2(a)–(c) for the violated constraint p. Returns a Gordan ray if p cannot be met. */
  private add(p: number): Map<number, number> | undefined {
    let pMultiplier = 0;
    for (;;) {
      this.countStep();
      const { r, z, zNorm } = this.direction(p);
      // Partial step limit: the first active multiplier to reach 0 as weight shifts onto p.
      let partial = Infinity;
      let leaving = -1;
      for (let j = 0; j < r.length; j++) {
        if (r[j] <= 0) continue;
        const limit = this.multipliers[j] / r[j];
        if (limit < partial) {
          partial = limit;
          leaving = j;
        }
      }
      const spanNorm = Math.sqrt(normalsDot(this.data, p, p));
      if (zNorm <= SPAN_TOLERANCE * spanNorm) {
        if (leaving < 0) return this.gordanRay(p, r);
        this.shiftMultipliers(r, partial);
        pMultiplier += partial;
        this.drop(leaving);
        continue;
      }
      const slack = normalDot(this.data, p, this.W) - 1;
      const full = -slack / dotDense(z, z);
      const step = Math.min(partial, full);
      for (let e = 0; e < z.length; e++) this.W[e] += step * z[e];
      this.shiftMultipliers(r, step);
      pMultiplier += step;
      if (full <= partial) {
        this.factor.append(this.factor.multiply(r), zNorm);
        this.active.push(p);
        this.multipliers.push(pMultiplier);
        return undefined;
      }
      this.drop(leaving);
    }
  }

  private shiftMultipliers(r: Float64Array, step: number): void {
    for (let j = 0; j < r.length; j++) this.multipliers[j] = Math.max(0, this.multipliers[j] - step * r[j]);
  }

  private drop(j: number): void {
    this.active.splice(j, 1);
    this.multipliers.splice(j, 1);
    this.factor.remove(j);
  }

  /**
   * r = (AᵀA)⁻¹Aᵀa_p by the corrected semi-normal equations (one refinement against the data, which
   * brings the accuracy of the Q-less factor up to that of a QR solve), and z = a_p − A r.
   */
  private direction(p: number): Direction {
    const { data, active, factor } = this;
    const g = Float64Array.from(active, (c) => normalsDot(data, c, p));
    const r = factor.solve(factor.solveTransposed(g));
    const z = new Float64Array(this.W.length);
    addScaledNormal(data, z, p, 1);
    for (let j = 0; j < active.length; j++) addScaledNormal(data, z, active[j], -r[j]);
    const h = Float64Array.from(active, (c) => normalDot(data, c, z));
    const dr = factor.solve(factor.solveTransposed(h));
    for (let j = 0; j < active.length; j++) {
      r[j] += dr[j];
      addScaledNormal(data, z, active[j], -dr[j]);
    }
    return { r, z, zNorm: Math.sqrt(dotDense(z, z)) };
  }

  private gordanRay(p: number, r: Float64Array): Map<number, number> {
    const weights = new Map<number, number>([[p, 1]]);
    for (let j = 0; j < r.length; j++) if (r[j] < 0) weights.set(this.active[j], -r[j]);
    return weights;
  }

  /**
   * Re-solves the active-set equations a_cᵀW = 1 with refinement, rebuilds W = Σ α a, and lets negligible
   * or negative multipliers leave. Returns the support if every constraint then holds; otherwise the
   * iteration continues from the refined point.
   */
  private settle(): SupportConstraint[] | undefined {
    for (;;) {
      const alpha = this.refinedMultipliers();
      const largest = alpha.reduce((m, a) => Math.max(m, a), 0);
      let worst = -1;
      for (let j = 0; j < alpha.length; j++) {
        if (alpha[j] <= ALPHA_NEGLIGIBLE * largest && (worst < 0 || alpha[j] < alpha[worst])) worst = j;
      }
      if (worst >= 0) {
        this.countStep();
        this.drop(worst);
        continue;
      }
      this.multipliers = Array.from(alpha);
      this.W.fill(0);
      for (let j = 0; j < alpha.length; j++) addScaledNormal(this.data, this.W, this.active[j], alpha[j]);
      if (this.mostViolated().length > 0) return undefined;
      const K = this.data.k;
      return this.active.map((c, j) => ({ i: Math.floor(c / K), k: c % K, alpha: alpha[j] }));
    }
  }

  private refinedMultipliers(): Float64Array {
    const { data, active, factor } = this;
    const q = active.length;
    const alpha = factor.solve(factor.solveTransposed(new Float64Array(q).fill(1)));
    const W = new Float64Array(this.W.length);
    for (let round = 0; round < REFINEMENT_ROUNDS; round++) {
      W.fill(0);
      for (let j = 0; j < q; j++) addScaledNormal(data, W, active[j], alpha[j]);
      const residual = Float64Array.from(active, (c) => 1 - normalDot(data, c, W));
      const delta = factor.solve(factor.solveTransposed(residual));
      for (let j = 0; j < q; j++) alpha[j] += delta[j];
    }
    return alpha;
  }
}

function dotDense(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let e = 0; e < a.length; e++) sum += a[e] * b[e];
  return sum;
}

function solutionFrom(data: Dataset, support: SupportConstraint[]): SvmSolution {
  const W = new Float64Array(data.d * data.k);
  for (const s of support) addScaledNormal(data, W, s.i * data.k + s.k, s.alpha);
  const margins = allMargins(data, W);
  let minMargin = Infinity;
  for (let c = 0; c < margins.length; c++) if (isConstraint(data, c)) minMargin = Math.min(minMargin, margins[c]);
  const sorted = [...support].sort((a, b) => a.i - b.i || a.k - b.k);
  return {
    W,
    normF: Math.sqrt(dotDense(W, W)),
    minMargin,
    kkt: svmCertificate(data, W, sorted),
    support: sorted,
  };
}

// ---------------------------------------------------------------------------------------------------
// Input checks and the non-separable verdicts.

function checkShape(data: Dataset): void {
  const { n, d, k, X, y } = data;
  if (!(Number.isInteger(k) && k >= 2)) throw new LabError(`the SVM needs K ≥ 2 classes, got K=${k}`, 'k');
  if (!(Number.isInteger(n) && n >= 1)) throw new LabError(`the SVM needs at least one example, got N=${n}`, 'n');
  if (!(Number.isInteger(d) && d >= 1)) throw new LabError(`the SVM needs d ≥ 1 features, got d=${d}`, 'd');
  if (X.length !== n * d || y.length !== n) {
    throw new LabError(`data shape mismatch: X has ${X.length} numbers and y ${y.length} labels for N=${n}, d=${d}`, 'data');
  }
  for (let i = 0; i < n; i++) {
    if (!(y[i] >= 0 && y[i] < k)) throw new LabError(`row ${i}: label ${y[i]} is outside 0…${k - 1}`, 'y');
  }
  for (let e = 0; e < X.length; e++) {
    if (!Number.isFinite(X[e])) {
      throw new LabError(`row ${Math.floor(e / d)}, feature ${e % d}: ${X[e]} is not a finite number`, 'X');
    }
  }
}

const WHAT_TO_DO =
  'gradient descent on these data has no max-margin limit (the theorem needs data separable by a linear classifier without bias)';

/** Exact cheap certificates: a zero row, or two rows pointing the same way with different labels. */
function findObviousConflict(data: Dataset): SvmOutcome | undefined {
  const { n, d, X, y } = data;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] ** 2;
    norms[i] = Math.sqrt(s);
    if (norms[i] === 0) {
      const other = y[i] === 0 ? 1 : 0;
      return {
        separable: false,
        message: `not linearly separable: row ${i} (counting from 0) is all zeros, and a linear classifier without bias gives it the same score in every class; remove row ${i} or add a constant feature; ${WHAT_TO_DO}`,
        evidence: {
          kind: 'zero row',
          detail: `x_${i} = 0, so (w_${y[i]} − w_k)ᵀx_${i} = 0 < 1 for every W`,
          constraints: [{ i, k: other, alpha: 1 }],
        },
      };
    }
  }
  // Sorting the unit directions puts equal ones next to each other.
  const order = Array.from({ length: n }, (_, i) => i);
  const unit = (i: number, j: number) => X[i * d + j] / norms[i];
  order.sort((a, b) => {
    for (let j = 0; j < d; j++) {
      const diff = unit(a, j) - unit(b, j);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const sameDirection = (a: number, b: number) => {
    for (let j = 0; j < d; j++) if (Math.abs(unit(a, j) - unit(b, j)) > SAME_DIRECTION) return false;
    return true;
  };
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && sameDirection(order[start], order[end])) end++;
    for (let m = start + 1; m < end; m++) {
      const a = order[start];
      const b = order[m];
      if (y[a] === y[b]) continue;
      const [i, j] = a < b ? [a, b] : [b, a];
      const scale = norms[j] / norms[i];
      const identical = X.subarray(i * d, i * d + d).every((v, m2) => v === X[j * d + m2]);
      // x_j = s·x_i: weights s/(1+s) on (i, y_j) and 1/(1+s) on (j, y_i) cancel exactly.
      return {
        separable: false,
        message: identical
          ? `not linearly separable: rows ${i} and ${j} (counting from 0) are the same point with labels ${y[i]} and ${y[j]}; remove or relabel one of them; ${WHAT_TO_DO}`
          : `not linearly separable: row ${j} is ${fmt(scale)} × row ${i} (counting from 0), the same direction, but their labels are ${y[j]} and ${y[i]}, and a classifier without bias labels a whole ray alike; remove or relabel one of them; ${WHAT_TO_DO}`,
        evidence: {
          kind: identical ? 'conflicting duplicates' : 'conflicting directions',
          detail: identical
            ? `x_${i} = x_${j} with y_${i} = ${y[i]} ≠ y_${j} = ${y[j]}: the margins (w_${y[i]} − w_${y[j]})ᵀx and (w_${y[j]} − w_${y[i]})ᵀx cannot both be ≥ 1`
            : `x_${j} = ${fmt(scale)}·x_${i} with y_${i} = ${y[i]} ≠ y_${j} = ${y[j]}`,
          constraints: [
            { i, k: y[j], alpha: scale / (1 + scale) },
            { i: j, k: y[i], alpha: 1 / (1 + scale) },
          ].sort((u, v) => u.i - v.i || u.k - v.k),
        },
      };
    }
    start = end;
  }
  return undefined;
}

/** A non-separable verdict from a Gordan ray found by the active-set iteration. */
function rayOutcome(data: Dataset, weights: Map<number, number>): SvmOutcome {
  const K = data.k;
  let total = 0;
  for (const w of weights.values()) total += w;
  const constraints: SupportConstraint[] = [...weights.entries()]
    .map(([c, w]) => ({ i: Math.floor(c / K), k: c % K, alpha: w / total }))
    .sort((a, b) => a.i - b.i || a.k - b.k);
  const combination = new Float64Array(data.d * K);
  let scale = 0;
  for (const s of constraints) {
    addScaledNormal(data, combination, s.i * K + s.k, s.alpha);
    scale = Math.max(scale, Math.sqrt(normalsDot(data, s.i * K + s.k, s.i * K + s.k)));
  }
  const residual = Math.sqrt(dotDense(combination, combination));
  const rows = [...new Set(constraints.map((s) => s.i))];
  const rowList = rows.length <= 12 ? rows.join(', ') : `${rows.slice(0, 12).join(', ')} and ${rows.length - 12} more`;
  return {
    separable: false,
    message:
      `not linearly separable: no linear classifier without bias gets rows ${rowList} (counting from 0) all right, ` +
      `since a weighted sum of their margin constraints is identically zero; remove or relabel one of these rows, ` +
      `or add a constant feature (a bias column); ${WHAT_TO_DO}`,
    evidence: {
      kind: 'Gordan ray',
      detail:
        `weights β ≥ 0 with Σβ = 1 on ${constraints.length} constraints (i, k) whose combination ` +
        `Σ β_ik x_i (e_{y_i} − e_k)ᵀ has Frobenius norm ${fmt(residual)} (largest constraint norm ${fmt(scale)}), ` +
        `so Σ β_ik (w_{y_i} − w_k)ᵀx_i = 0 for every W, while each term would have to be ≥ 1`,
      constraints,
    },
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(6)).toString();
}
