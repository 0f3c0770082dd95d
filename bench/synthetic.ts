import { NumpyRandomState } from '../src/core/data/numpy-rng.ts';
import type { Problem, RunSpec } from '../src/core/types.ts';

/**
 * A teacher-labelled problem for timing steps only. Its SVM fields are placeholders (solving the
 * SVM at N = 10⁵, d = 10³ is not what a step benchmark measures), so never read metrics from it.
 */
export function timingProblem(n: number, d: number, k: number, seed = 0): Problem {
  const rng = new NumpyRandomState(seed);
  const X = rng.randnArray(n * d);
  const teacher = rng.randnArray(d * k);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * teacher[j * k + c];
      if (s > best) {
        best = s;
        y[i] = c;
      }
    }
  }
  const W = new Float64Array(d * k);
  return {
    name: `timing N=${n} d=${d} K=${k}`,
    train: { n, d, k, X, y },
    svm: {
      W,
      normF: 1,
      minMargin: 1,
      support: [],
      kkt: { primal: 0, dual: 0, complementarity: 0, stationarity: 0, gap: 0, max: 0 },
    },
    sigmaMax2: 1,
  };
}

export function timingRuns(problem: Problem, count: number, lr = 0.1 / 3): RunSpec[] {
  const { d, k } = problem.train;
  return Array.from({ length: count }, (_, i) => ({
    label: `timing ${i}`,
    problem,
    loss: 'pairlog' as const,
    optimizer: 'gd' as const,
    schedule: 'const' as const,
    lr,
    seed: i,
    W0: new Float64Array(d * k),
  }));
}
