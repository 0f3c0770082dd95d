// Max-margin solutions in the entrywise max-norm and the entrywise ℓ1 norm, both linear programs, solved
// by HiGHS (interior point, then dual simplex: see IPM_FROM_COLUMNS) on a working set of pair constraints
// (constraint generation: rows the current answer violates are added, the most violated first, until none
// is) and then polished: the optimal basis is solved again here in float64 by a dense LU (active rows ×
// basic columns is square), which removes the simplex tolerances (1e-7) from the answer and brings the
// duality gap to rounding.
//   max: maximise g over (W, g) subject to z_ic(W) − g ≥ 0 and −1 ≤ W_jk ≤ 1; γ_max = g.
//   l1:  minimise Σ (P + Q) over P, Q ≥ 0 subject to z_ic(P − Q) ≥ 1; γ_l1 = 1/Σ|W|, W = P − Q.
// With dense features every basis factorisation is dense, so the cost grows like the cube of the working
// set; the dual LP (basis d·K + 1 whatever N is) measured slower still, as did the full primal LP.
import type { Dataset } from '../types.ts';
import { BELOW_FLOAT64, SvmNotCertifiedError } from '../svm/svm-verdicts.ts';
import { marginCertificate, matrixNorm, minPairMargin, pairMargins, type MarginCertificate } from './matrix-norms.ts';
import { loadHighs } from './highs.ts';
import { luFactor, luSolve, luSolveTransposed } from '../linalg/dense-factor.ts';

interface LpAnswer {
  /** d×K, not yet normalised */
  readonly W: Float64Array;
  /** dual weights on the pair constraints, indexed i·K + c */
  readonly lambda: Float64Array;
  readonly certificate: MarginCertificate;
}

/** HiGHS basis status code of a basic variable or row. */
const BASIC = 1;
const OPTIMAL = 7;

interface LpModel {
  numCols: number;
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** CSR rows: one per pair constraint (i, c ≠ y_i) */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  rowLower: Float64Array;
  /** pair index i·K + c of each row */
  pair: Int32Array;
  /** the power of two the pair rows' coefficients are multiplied by (see rowScale) */
  rowScale: number;
  maximise: boolean;
  /** W (d×K) from the column values */
  weights(x: Float64Array): Float64Array;
}

/**
 * The first working set holds this many times d·K + 1 rows (the most a vertex has active). Measured at
 * N = 1000, d = 100, K = 10, seeds 0 and 1 (seconds, max / l1): 1.2 → 8.4, 11.8 / 7.2, 7.3; 2 → 6.5, 9.6 /
 * 9.6, 9.5. The l1 LP has twice the columns, so its interior-point solve pays more for each extra row.
 */
const FIRST_ROWS_PER_VERTEX = { max: 2, l1: 1.2 } as const;
/**
 * LPs with at least this many columns start by the interior-point method (HiGHS's IPX, with crossover):
 * at 1000 columns its cold solve took 2.7 s against 6.9 s by the dual simplex; at 180 columns (N = 300,
 * d = 30, K = 6) the simplex is faster (0.4 s against 0.9 s).
 */
const IPM_FROM_COLUMNS = 500;
/** Rows added per round of constraint generation, at most (the most violated first). */
const ROWS_PER_ROUND = 400;
/** A row counts as violated when its margin is below target·(1 − this). */
const VIOLATION = 1e-10;
/** Rounds of constraint generation before giving up (each adds rows, so it must end; this is a guard). */
const MAX_ROUNDS = 200;
/**
 * Pair rows are scaled up (by a power of two, exact) when the guide's margin in the LP's norm is below this
 * fraction of the data's scale: HiGHS's tolerances are absolute (1e-7), and on rows whose margins are
 * smaller than that it stopped at a wrong vertex (the max LP at W = −1 with margin 0, the l1 LP "infeasible").
 */
const SMALL_MARGIN = 1e-3;

/**
 * The max-margin solution of `data` in the max or l1 norm, with its certificate. `guide` (e.g. the
 * Frobenius SVM's W) picks the first working set: the pairs it holds at the smallest margins. Rows are then
 * added by constraint generation (the most violated first) until the LP's answer meets every pair
 * constraint: the full LP at N = 1000, d = 100, K = 10 takes HiGHS far longer than the working set.
 */
export async function solveMarginLp(data: Dataset, norm: 'max' | 'l1', guide?: Float64Array): Promise<LpAnswer> {
  const full = buildModel(data, norm, rowScale(data, norm, guide));
  const highs = await loadHighs();
  const totalRows = full.rowLower.length;
  const working = initialRows(data, full, norm, guide);
  const inSet = new Uint8Array(totalRows);
  for (const r of working) inSet[r] = 1;
  const model = highs.createModel();
  try {
    // a cold start on a large LP is faster by the interior-point method, whose crossover leaves the optimal
    // basis that the later rounds' dual simplex starts from (a warm start, which the interior-point method has not)
    const coldByIpm = full.numCols >= IPM_FROM_COLUMNS;
    model.options.set({ output_flag: false, solver: coldByIpm ? 'ipm' : 'simplex', run_crossover: 'on' });
    const first = subModel(full, working);
    model.passModel({
      numCols: full.numCols,
      numRows: working.length,
      sense: full.maximise ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: full.cost,
      colLower: full.colLower,
      colUpper: full.colUpper,
      rowLower: first.rowLower,
      rowUpper: new Float64Array(working.length).fill(Infinity),
      matrix: {
        format: 'csr',
        numRows: working.length,
        numCols: full.numCols,
        starts: first.starts,
        indices: first.indices,
        values: first.values,
      },
    });
    for (let round = 0; ; round++) {
      if (round === 1 && coldByIpm) model.options.set({ solver: 'simplex' });
      model.run();
      const status = model.getModelStatus();
      if (status !== OPTIMAL) {
        throw new SvmNotCertifiedError(
          `${BELOW_FLOAT64} in the ${norm} norm: its LP ended with HiGHS model status ${status}, not optimal, as happens when ` +
            `the data are separable only with a margin near HiGHS's tolerances (1e-7 of their scale)`,
          'margin too small',
        );
      }
      const x = model.getSolution().colValue;
      const added = violatedRows(data, full, x, inSet);
      if (added.length === 0 || round >= MAX_ROUNDS) break;
      for (const r of added) {
        inSet[r] = 1;
        working.push(r);
      }
      const more = subModel(full, added);
      model.addRows({
        lower: more.rowLower,
        upper: new Float64Array(added.length).fill(Infinity),
        matrix: {
          format: 'csr',
          numRows: added.length,
          numCols: full.numCols,
          starts: more.starts,
          indices: more.indices,
          values: more.values,
        },
      });
    }
    const solution = model.getSolution();
    const basis = model.getBasis();
    const sub = { ...full, ...subModel(full, working) };
    const raw = answerOf(data, sub, solution.colValue, solution.rowDual, norm);
    const polished = polish(sub, solution.colValue, basis.colStatus, basis.rowStatus);
    if (!polished) return raw;
    const better = answerOf(data, sub, polished.x, polished.rowDual, norm);
    return better.certificate.primal > 0 && better.certificate.gap < raw.certificate.gap ? better : raw;
  } finally {
    model.dispose();
  }
}

/**
 * The rows with the smallest margins under the guide, FIRST_ROWS_PER_VERTEX times as many as a vertex of
 * the LP has active rows (at most its number of columns); every row when there is no guide. At N = 1000,
 * d = 100, K = 10 this first set (1,200 or 2,000 of 9,000 rows) already holds most of the final active set
 * (with each example's tightest pair instead, 1,000 rows, it took seven rounds and 1.7× as long): the first
 * solve is the cost, and later rounds only repair it.
 */
function initialRows(data: Dataset, full: LpModel, norm: 'max' | 'l1', guide: Float64Array | undefined): number[] {
  const total = full.rowLower.length;
  if (!guide) return Array.from({ length: total }, (_, r) => r);
  const z = rowMargins(data, full, guide);
  const vertex = data.d * data.k + 1;
  const count = Math.min(total, Math.ceil(FIRST_ROWS_PER_VERTEX[norm] * vertex));
  const order = Array.from({ length: total }, (_, r) => r).sort((a, b) => z[a] - z[b]);
  return order.slice(0, count).sort((a, b) => a - b);
}

/** z of every row for the d×K matrix W (rows are ordered by example, K − 1 per example). */
function rowMargins(data: Dataset, full: LpModel, W: Float64Array): Float64Array {
  const all = pairMargins(W, data);
  return Float64Array.from(full.pair, (p) => all[p]);
}

/** Rows outside the working set that the LP answer x violates, the most violated first. */
function violatedRows(data: Dataset, full: LpModel, x: Float64Array, inSet: Uint8Array): number[] {
  const W = full.weights(x);
  const dK = data.d * data.k;
  const target = (full.maximise ? x[dK] : 1) / full.rowScale;
  const z = rowMargins(data, full, W);
  const bad: number[] = [];
  for (let r = 0; r < z.length; r++) if (!inSet[r] && z[r] < target * (1 - VIOLATION)) bad.push(r);
  bad.sort((a, b) => z[a] - z[b]);
  return bad.slice(0, ROWS_PER_ROUND);
}

/** The listed rows of the full model as CSR arrays. */
function subModel(
  full: LpModel,
  rows: readonly number[],
): Pick<LpModel, 'starts' | 'indices' | 'values' | 'rowLower' | 'pair'> {
  let nz = 0;
  for (const r of rows) nz += full.starts[r + 1] - full.starts[r];
  const starts = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nz);
  const values = new Float64Array(nz);
  let p = 0;
  rows.forEach((r, a) => {
    for (let q = full.starts[r]; q < full.starts[r + 1]; q++) {
      indices[p] = full.indices[q];
      values[p++] = full.values[q];
    }
    starts[a + 1] = p;
  });
  return {
    starts,
    indices,
    values,
    rowLower: Float64Array.from(rows, (r) => full.rowLower[r]),
    pair: Int32Array.from(rows, (r) => full.pair[r]),
  };
}

function answerOf(data: Dataset, model: LpModel, x: Float64Array, rowDual: Float64Array, norm: 'max' | 'l1'): LpAnswer {
  const W = model.weights(x);
  // the signs of row duals follow HiGHS's sense convention; the certificate wants λ ≥ 0
  let sum = 0;
  for (const v of rowDual) sum += v;
  const sign = sum < 0 ? -1 : 1;
  const lambda = new Float64Array(data.n * data.k);
  for (let r = 0; r < rowDual.length; r++) lambda[model.pair[r]] = Math.max(0, sign * rowDual[r]);
  if (!(matrixNorm(W, data.d, data.k, norm) > 0)) {
    throw new SvmNotCertifiedError(`${BELOW_FLOAT64} in the ${norm} norm: its LP returned W = 0`, 'margin too small');
  }
  return { W, lambda, certificate: marginCertificate(data, W, lambda, norm) };
}

/**
 * 1, or for a guide whose margin m(W)/‖W‖_p (≤ γ_p) is below SMALL_MARGIN the power of two near its
 * reciprocal: the rows then read z_ic(W)·scale ≥ g (max) or ≥ 1 (l1), with g and W of order 1 at the
 * optimum, so that the LP's answer is decided far above HiGHS's tolerances. γ_p is unchanged (it is read
 * from W's direction); larger margins keep the LP as it is.
 */
function rowScale(data: Dataset, norm: 'max' | 'l1', guide: Float64Array | undefined): number {
  if (!guide) return 1;
  const margin = minPairMargin(guide, data) / matrixNorm(guide, data.d, data.k, norm);
  if (!(margin > 0 && margin < SMALL_MARGIN)) return 1;
  return 2 ** Math.round(-Math.log2(margin));
}

function buildModel(data: Dataset, norm: 'max' | 'l1', scale: number): LpModel {
  const { n, d, k: K, X, y } = data;
  const dK = d * K;
  const rows = n * (K - 1);
  const perRow = norm === 'max' ? 2 * d + 1 : 4 * d;
  const starts = new Int32Array(rows + 1);
  const indices = new Int32Array(rows * perRow);
  const values = new Float64Array(rows * perRow);
  const pair = new Int32Array(rows);
  let r = 0;
  let nz = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      if (c === y[i]) continue;
      pair[r] = i * K + c;
      // column order inside a row must be duplicate-free; entries j·K + y and j·K + c differ since c ≠ y
      for (let j = 0; j < d; j++) {
        const x = X[i * d + j] * scale;
        if (x === 0) continue;
        indices[nz] = j * K + y[i];
        values[nz++] = x;
        indices[nz] = j * K + c;
        values[nz++] = -x;
        if (norm === 'l1') {
          indices[nz] = dK + j * K + y[i];
          values[nz++] = -x;
          indices[nz] = dK + j * K + c;
          values[nz++] = x;
        }
      }
      if (norm === 'max') {
        indices[nz] = dK;
        values[nz++] = -1;
      }
      starts[++r] = nz;
    }
  }
  if (norm === 'max') {
    const numCols = dK + 1;
    const cost = new Float64Array(numCols);
    cost[dK] = 1;
    const colLower = new Float64Array(numCols).fill(-1);
    const colUpper = new Float64Array(numCols).fill(1);
    colLower[dK] = -Infinity;
    colUpper[dK] = Infinity;
    return {
      numCols,
      cost,
      colLower,
      colUpper,
      starts,
      indices: indices.subarray(0, nz),
      values: values.subarray(0, nz),
      rowLower: new Float64Array(rows),
      pair,
      rowScale: scale,
      maximise: true,
      weights: (x) => Float64Array.from(x.subarray(0, dK)),
    };
  }
  const numCols = 2 * dK;
  return {
    numCols,
    cost: new Float64Array(numCols).fill(1),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(Infinity),
    starts,
    indices: indices.subarray(0, nz),
    values: values.subarray(0, nz),
    rowLower: new Float64Array(rows).fill(1),
    pair,
    rowScale: scale,
    maximise: false,
    weights: (x) => {
      const W = new Float64Array(dK);
      for (let e = 0; e < dK; e++) W[e] = x[e] - x[dK + e];
      return W;
    },
  };
}

/**
 * Re-solves the optimal basis exactly: nonbasic columns sit on their bounds, nonbasic (active) rows hold
 * with equality, so B x_B = rowLower − A_N x_N and Bᵀ y = c_B, B the active rows restricted to the basic
 * columns. Returns undefined when the basis is not square or B is singular.
 */
function polish(
  model: LpModel,
  colValue: Float64Array,
  colStatus: Int32Array,
  rowStatus: Int32Array,
): { x: Float64Array; rowDual: Float64Array } | undefined {
  const basicCols: number[] = [];
  const position = new Int32Array(model.numCols).fill(-1);
  const x = new Float64Array(model.numCols);
  for (let j = 0; j < model.numCols; j++) {
    if (colStatus[j] === BASIC) {
      position[j] = basicCols.length;
      basicCols.push(j);
    } else {
      // snap to the nearer finite bound (a free nonbasic column sits at 0)
      const lo = model.colLower[j];
      const hi = model.colUpper[j];
      const v = colValue[j];
      x[j] =
        Number.isFinite(lo) && (!Number.isFinite(hi) || Math.abs(v - lo) <= Math.abs(v - hi))
          ? lo
          : Number.isFinite(hi)
            ? hi
            : 0;
    }
  }
  const activeRows: number[] = [];
  for (let r = 0; r < rowStatus.length; r++) if (rowStatus[r] !== BASIC) activeRows.push(r);
  const s = activeRows.length;
  if (s !== basicCols.length || s === 0) return undefined;
  const B = new Float64Array(s * s);
  const rhs = new Float64Array(s);
  activeRows.forEach((r, a) => {
    let v = model.rowLower[r];
    for (let p = model.starts[r]; p < model.starts[r + 1]; p++) {
      const j = model.indices[p];
      if (position[j] >= 0) B[a * s + position[j]] = model.values[p];
      else v -= model.values[p] * x[j];
    }
    rhs[a] = v;
  });
  const lu = luFactor(B, s);
  if (!lu) return undefined;
  const xB = luSolve(lu, rhs);
  basicCols.forEach((j, b) => (x[j] = xB[b]));
  const cB = Float64Array.from(basicCols, (j) => model.cost[j]);
  const yActive = luSolveTransposed(lu, cB);
  const rowDual = new Float64Array(rowStatus.length);
  activeRows.forEach((r, a) => (rowDual[r] = yActive[a]));
  return { x, rowDual };
}
