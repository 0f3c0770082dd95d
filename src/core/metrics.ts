// Checkpoint metrics of one W in float64: the numbers every chart, the CLI and the GPU engine's tests
// are held to. At W = 0 (t = 0 from a zero start) there is no direction: normRatio is 0 and angle,
// distance, margin and marginRatio are NaN (JSON writers turn NaN into null).
import { getLoss } from './losses.ts';
import type { Checkpoint, Dataset, LossName, Problem } from './types.ts';

export type Metrics = Omit<Checkpoint, 'run' | 't' | 'status' | 'message'>;

interface DirectionMetrics {
  /** ‖W‖_F / ‖Ŵ‖_F */
  readonly normRatio: number;
  /** angle between vec W and vec Ŵ in radians, 2·atan2(‖a − b‖, ‖a + b‖) for the unit vectors a, b */
  readonly angle: number;
  /** ‖W/‖W‖ − Ŵ/‖Ŵ‖‖_F */
  readonly distance: number;
}

function frobenius(W: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < W.length; i++) sum += W[i] * W[i];
  return Math.sqrt(sum);
}

/**
 * Norm ratio, angle and distance of W against Ŵ (normWhat = ‖Ŵ‖_F). The angle comes from the chord
 * lengths ‖a ∓ b‖ rather than acos(a·b), which loses everything below ~1e-8 rad.
 */
export function directionMetrics(W: Float64Array, What: Float64Array, normWhat: number): DirectionMetrics {
  const normW = frobenius(W);
  const normRatio = normW / normWhat;
  if (normW === 0) return { normRatio, angle: NaN, distance: NaN };
  let diff2 = 0;
  let sum2 = 0;
  for (let i = 0; i < W.length; i++) {
    const a = W[i] / normW;
    const b = What[i] / normWhat;
    diff2 += (a - b) * (a - b);
    sum2 += (a + b) * (a + b);
  }
  const distance = Math.sqrt(diff2);
  return { normRatio, angle: 2 * Math.atan2(distance, Math.sqrt(sum2)), distance };
}

/**
 * Fraction of examples whose true class scores strictly above every other class. A tie counts as wrong,
 * so W = 0 has accuracy 0 rather than a score that depends on how ties are broken.
 */
export function accuracy(W: Float64Array, data: Dataset): number {
  const { n, d, k, X, y } = data;
  const s = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    scoresOf(W, X, i, d, k, s);
    if (minMarginOf(s, y[i], k) > 0) correct++;
  }
  return correct / n;
}

/** s = Wᵀ x_i */
function scoresOf(W: Float64Array, X: Float64Array, i: number, d: number, k: number, s: Float64Array): void {
  s.fill(0);
  for (let j = 0; j < d; j++) {
    const x = X[i * d + j];
    for (let c = 0; c < k; c++) s[c] += x * W[j * k + c];
  }
}

/** min_{c ≠ y} (s_y − s_c) */
function minMarginOf(s: Float64Array, y: number, k: number): number {
  let m = Infinity;
  for (let c = 0; c < k; c++) if (c !== y) m = Math.min(m, s[y] - s[c]);
  return m;
}

export function computeMetrics(W: Float64Array, problem: Problem, loss: LossName): Metrics {
  const { n, d, k, X, y } = problem.train;
  const L = getLoss(loss);
  const s = new Float64Array(k);
  let lossSum = 0;
  let minMargin = Infinity;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    scoresOf(W, X, i, d, k, s);
    lossSum += L.valueGrad(s, 0, y[i], k);
    const m = minMarginOf(s, y[i], k);
    if (m > 0) correct++;
    minMargin = Math.min(minMargin, m);
  }
  const normWhat = problem.svm.normF;
  const direction = directionMetrics(W, problem.svm.W, normWhat);
  const normW = frobenius(W);
  const margin = normW === 0 ? NaN : minMargin / normW;
  const metrics: Metrics = {
    loss: lossSum / n,
    ...direction,
    margin,
    marginRatio: margin * normWhat,
    trainAcc: correct / n,
  };
  return problem.test ? { ...metrics, testAcc: accuracy(W, problem.test) } : metrics;
}
