// Checkpoint metrics of one W in float64: the numbers every chart, the CLI and the GPU engine's tests
// are held to. At W = 0 (t = 0 from a zero start) there is no direction: normRatio is 0 and angle,
// distance, margin and marginRatio are NaN (JSON writers turn NaN into null) — at W = 0 only: norms are
// computed scaled (src/core/linalg/power-of-two-scale.ts), so W = 1e-200·V still has a direction.
import { frobeniusNorm, scaleToUnitRange } from '../linalg/power-of-two-scale.ts';
import { getLoss } from './losses.ts';
import type { Checkpoint, Dataset, LossName, Problem } from '../types.ts';

export type Metrics = Omit<Checkpoint, 'run' | 't' | 'status' | 'message'>;

interface DirectionMetrics {
  /** ‖W‖_F / ‖Ŵ‖_F */
  readonly normRatio: number;
  /** angle between vec W and vec Ŵ in radians, 2·atan2(‖a − b‖, ‖a + b‖) for the unit vectors a, b */
  readonly angle: number;
  /** ‖W/‖W‖ − Ŵ/‖Ŵ‖‖_F */
  readonly distance: number;
}

/**
 * Norm ratio, angle and distance of W against Ŵ (normWhat = ‖Ŵ‖_F). The angle comes from the chord
 * lengths ‖a ∓ b‖ rather than acos(a·b), which loses everything below ~1e-8 rad.
 */
export function directionMetrics(W: Float64Array, What: Float64Array, normWhat: number): DirectionMetrics {
  const normW = frobeniusNorm(W);
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
 * so W = 0 has accuracy 0 rather than a score that depends on how ties are broken. Scored with W scaled
 * to a largest |entry| in [1, 2), so a tiny W is not read as ties.
 */
export function accuracy(W: Float64Array, data: Dataset): number {
  const { n, d, k, X, y } = data;
  const { scaled } = scaleToUnitRange(W);
  const s = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    scoresOf(scaled, X, i, d, k, s);
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

/** Mean loss of W over the training set. */
function meanLoss(W: Float64Array, data: Dataset, loss: LossName): number {
  const { n, d, k, X, y } = data;
  const L = getLoss(loss);
  const s = new Float64Array(k);
  let lossSum = 0;
  for (let i = 0; i < n; i++) {
    scoresOf(W, X, i, d, k, s);
    lossSum += L.valueGrad(s, 0, y[i], k);
  }
  return lossSum / n;
}

/**
 * The normalised margin min_i,c (s_y − s_c)/‖W‖_F (NaN at W = 0) and the training accuracy, from W scaled
 * to a largest |entry| in [1, 2): both ignore the scale of W, and the scores then neither under- nor overflow.
 */
function marginAndAccuracy(W: Float64Array, data: Dataset): { margin: number; trainAcc: number } {
  const { n, d, k, X, y } = data;
  const { scaled } = scaleToUnitRange(W);
  const s = new Float64Array(k);
  let minMargin = Infinity;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    scoresOf(scaled, X, i, d, k, s);
    const m = minMarginOf(s, y[i], k);
    if (m > 0) correct++;
    minMargin = Math.min(minMargin, m);
  }
  const normScaled = frobeniusNorm(scaled);
  return { margin: normScaled === 0 ? NaN : minMargin / normScaled, trainAcc: correct / n };
}

export function computeMetrics(W: Float64Array, problem: Problem, loss: LossName): Metrics {
  const normWhat = problem.svm.normF;
  const direction = directionMetrics(W, problem.svm.W, normWhat);
  const { margin, trainAcc } = marginAndAccuracy(W, problem.train);
  const metrics: Metrics = {
    loss: meanLoss(W, problem.train, loss),
    ...direction,
    margin,
    marginRatio: margin * normWhat,
    trainAcc,
  };
  return problem.test ? { ...metrics, testAcc: accuracy(W, problem.test) } : metrics;
}
