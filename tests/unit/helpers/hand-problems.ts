// Hand-made problems whose hard-margin SVM is known in closed form, for the core tests that must not
// depend on the SVM solver.
import type { Dataset, Problem, SvmSolution } from '../../../src/core/types.ts';

function svmOf(W: Float64Array, minMargin = 1): SvmSolution {
  const normF = Math.hypot(...W);
  const zero = { primal: 0, dual: 0, complementarity: 0, stationarity: 0, gap: 0, max: 0 };
  return { W, normF, minMargin, kkt: zero, support: [] };
}

/** σ_max(X)² by power iteration on XᵀX (independent of src/core/data/problem.ts). */
function sigmaMax2(data: Dataset): number {
  const { n, d, X } = data;
  let v = new Float64Array(d).map((_, j) => 1 + 0.1 * j);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let xv = 0;
      for (let j = 0; j < d; j++) xv += X[i * d + j] * v[j];
      for (let j = 0; j < d; j++) w[j] += X[i * d + j] * xv;
    }
    lambda = Math.hypot(...w);
    v = w.map((x) => x / lambda);
  }
  return lambda;
}

/**
 * Three classes at 120° in the plane, each with a support point x_k on the unit circle and a farther point
 * 2.5·R x_k (R a small rotation). By the 3-fold symmetry of the support points Ŵ has columns (2/3)·x_k:
 * margins (w_y − w_k)ᵀx_y = (2/3)(1 + 1/2) = 1 on the unit points and larger on the far ones.
 */
export function trianglePoints(): Problem {
  const angles = [0, (2 * Math.PI) / 3, (4 * Math.PI) / 3];
  const X: number[] = [];
  const y: number[] = [];
  angles.forEach((a, k) => {
    X.push(Math.cos(a), Math.sin(a));
    y.push(k);
    X.push(2.5 * Math.cos(a + 0.2), 2.5 * Math.sin(a + 0.2));
    y.push(k);
  });
  const train: Dataset = { n: 6, d: 2, k: 3, X: Float64Array.from(X), y: Int32Array.from(y) };
  const W = new Float64Array(6);
  angles.forEach((a, k) => {
    W[0 * 3 + k] = (2 / 3) * Math.cos(a);
    W[1 * 3 + k] = (2 / 3) * Math.sin(a);
  });
  const test: Dataset = { n: 3, d: 2, k: 3, X: Float64Array.of(2, 0.1, -1, 1.5, -0.2, 2), y: Int32Array.of(0, 1, 0) };
  return { name: 'triangle', train, test, svm: svmOf(W), sigmaMax2: sigmaMax2(train) };
}

/** A centred d×K start with entries from a fixed formula (rows sum to 0). */
export function centredStart(d: number, k: number, seed = 1): Float64Array {
  const W = new Float64Array(d * k);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let c = 0; c < k; c++) mean += W[j * k + c] = Math.sin(seed * 7.3 + j * 3.1 + c * 1.7) * 2;
    mean /= k;
    for (let c = 0; c < k; c++) W[j * k + c] -= mean;
  }
  return W;
}
