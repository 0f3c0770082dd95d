// Every optimizer of the table against a direct, naive implementation of its update rule: W is d×K,
// the gradient is the mean over examples from loss.grad in the plain domain, the SVD is a one-sided
// (Hestenes) Jacobi SVD of G itself, Newton–Schulz works with d×d products, heavy ball keeps W_{t−1},
// Adam keeps m and v unscaled. The engine instead works on Wᵀ, in the log domain, with the spectral
// factors from the K×K Gram matrix on 1^⊥: the two must agree to rounding.
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { initialWeights } from '../../../src/core/training/init.ts';
import { centredBasis, symmetricEigen } from '../../../src/core/linalg/sym-eigen.ts';
import { getLoss } from '../../../src/core/training/losses.ts';
import {
  DEFAULT_OPTIMIZER_PARAMS,
  NS_COEFFICIENTS,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  type OptimizerName,
  type OptimizerParams,
} from '../../../src/core/training/optimizers.ts';
import { buildProblem } from '../../../src/core/data/problem.ts';
import type { LossName, Problem, RunSpec, ScheduleName } from '../../../src/core/types.ts';

type Mat = number[][]; // d×K

function paperProblem(n: number, d: number, k: number, seed: number): Problem {
  const data = makePaperData({ n, d, k, seed });
  return buildProblem(`paper ${n}×${d}×${k}`, data.train, data.test);
}

function meanGradient(p: Problem, lossName: LossName, W: Mat): Mat {
  const { n, d, k, X, y } = p.train;
  const loss = getLoss(lossName);
  const G: Mat = Array.from({ length: d }, () => new Array<number>(k).fill(0));
  const g = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const s = Array.from({ length: k }, (_, c) => W.reduce((acc, row, j) => acc + X[i * d + j] * row[c], 0));
    loss.grad(s, 0, y[i], k, g, 0);
    for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) G[j][c] += (X[i * d + j] * g[c]) / n;
  }
  return G;
}

/** One-sided Jacobi SVD of A (d×K): columns u_i σ_i and v_i, singular values descending. */
function naiveSvd(A: Mat): { U: Mat; sigma: number[]; V: Mat } {
  const d = A.length;
  const k = A[0].length;
  const B = A.map((row) => [...row]);
  const V: Mat = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++)
      for (let q = p + 1; q < k; q++) {
        let alpha = 0, beta = 0, gamma = 0; // prettier-ignore
        for (let i = 0; i < d; i++) {
          alpha += B[i][p] ** 2;
          beta += B[i][q] ** 2;
          gamma += B[i][p] * B[i][q];
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const M of [B, V])
          for (const row of M) {
            const x = row[p];
            const y = row[q];
            row[p] = c * x - s * y;
            row[q] = s * x + c * y;
          }
      }
    if (!rotated) break;
  }
  const sigma = Array.from({ length: k }, (_, c) => Math.hypot(...B.map((row) => row[c])));
  const order = sigma.map((_, i) => i).sort((a, b) => sigma[b] - sigma[a]);
  return {
    U: B.map((row) => order.map((c) => (sigma[c] > 0 ? row[c] / sigma[c] : 0))),
    sigma: order.map((c) => sigma[c]),
    V: V.map((row) => order.map((c) => row[c])),
  };
}

/** U Vᵀ over singular values > 1e-10 σ₁ (count = 1: u₁ v₁ᵀ), as the table states it. */
function naivePolar(A: Mat, count = Infinity): Mat {
  const { U, sigma, V } = naiveSvd(A);
  const d = A.length;
  const k = A[0].length;
  const out: Mat = Array.from({ length: d }, () => new Array<number>(k).fill(0));
  sigma.forEach((s, i) => {
    if (i >= count || !(s > 1e-10 * sigma[0])) return;
    for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) out[j][c] += U[j][i] * V[c][i];
  });
  return out;
}

function matmul(A: Mat, B: Mat): Mat {
  return A.map((row) => B[0].map((_, c) => row.reduce((acc, a, j) => acc + a * B[j][c], 0)));
}

function transposed(A: Mat): Mat {
  return A[0].map((_, c) => A.map((row) => row[c]));
}

/** The quintic X ← aX + b(XXᵀ)X + c(XXᵀ)²X from X = M/‖M‖_F, with d×d products. */
function naiveNewtonSchulz(M: Mat, iterations: number): Mat {
  const [a, b, c] = NS_COEFFICIENTS;
  const norm = Math.hypot(...M.flat());
  let X = M.map((row) => row.map((x) => x / norm));
  for (let it = 0; it < iterations; it++) {
    const A = matmul(X, transposed(X));
    const AX = matmul(A, X);
    const AAX = matmul(A, AX);
    X = X.map((row, j) => row.map((x, q) => a * x + b * AX[j][q] + c * AAX[j][q]));
  }
  return X;
}

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** T steps of the table's rule, literally. */
function naiveRun(
  p: Problem,
  loss: LossName,
  name: OptimizerName,
  lr: number,
  schedule: ScheduleName,
  W0: Float64Array,
  o: OptimizerParams,
  T: number,
): Mat {
  const { d, k } = p.train;
  let W: Mat = Array.from({ length: d }, (_, j) => Array.from({ length: k }, (_, c) => W0[j * k + c]));
  // the previous update's step D (W_{t+1} = (1 − ηλ)W_t − D_t): heavy ball's velocity, as in SGDW
  let Dprev: Mat = W.map((row) => row.map(() => 0));
  const zeros = (): Mat => Array.from({ length: d }, () => new Array<number>(k).fill(0));
  let M = zeros();
  let Vs = zeros();
  let V = zeros();
  for (let t = 0; t < T; t++) {
    const eta = schedule === 'sqrt' ? lr / Math.sqrt(t + 1) : lr;
    const G = meanGradient(p, loss, W);
    if (name === 'signum' || name === 'muon' || name === 'adam')
      M = M.map((row, j) => row.map((m, c) => o.beta * m + (1 - o.beta) * G[j][c]));
    let step: Mat;
    switch (name) {
      case 'gd':
        step = G;
        break;
      case 'ngd': {
        const norm = Math.hypot(...G.flat());
        step = G.map((row) => row.map((g) => g / norm));
        break;
      }
      case 'sign':
        step = G.map((row) => row.map(sign));
        break;
      case 'spectral':
        step = naivePolar(G);
        break;
      case 'nuclear':
        step = naivePolar(G, 1);
        break;
      case 'signum':
        step = M.map((row) => row.map(sign));
        break;
      case 'muon':
        step = o.ns > 0 ? naiveNewtonSchulz(M, o.ns) : naivePolar(M);
        break;
      case 'momentum':
        step = G.map((row, j) => row.map((g, c) => g + (o.beta / eta) * Dprev[j][c]));
        break;
      case 'nesterov':
        // PyTorch's SGD with nesterov=True, dampening 0: V ← βV + G, step G + βV
        V = V.map((row, j) => row.map((v, c) => o.beta * v + G[j][c]));
        step = G.map((row, j) => row.map((g, c) => g + o.beta * V[j][c]));
        break;
      case 'adam': {
        Vs = Vs.map((row, j) => row.map((v, c) => o.beta2 * v + (1 - o.beta2) * G[j][c] ** 2));
        const b1 = 1 - o.beta ** (t + 1);
        const b2 = 1 - o.beta2 ** (t + 1);
        step = M.map((row, j) => row.map((m, c) => (m === 0 ? 0 : m / b1 / (Math.sqrt(Vs[j][c] / b2) + o.eps))));
        break;
      }
    }
    Dprev = step.map((row) => row.map((s) => eta * s));
    W = W.map((row, j) => row.map((w, c) => (1 - eta * o.wd) * w - eta * step[j][c]));
  }
  return W;
}

async function engineRun(
  p: Problem,
  loss: LossName,
  name: OptimizerName,
  lr: number,
  schedule: ScheduleName,
  W0: Float64Array,
  o: OptimizerParams,
  T: number,
): Promise<Float64Array> {
  const spec: RunSpec = { label: name, problem: p, loss, optimizer: name, schedule, lr, seed: 0, W0, optim: o };
  const engine = new CpuEngine();
  await engine.load([spec]);
  await engine.advance(T);
  return engine.weights(0);
}

function relDiff(W: Float64Array, ref: Mat): number {
  const flat = ref.flat();
  let num = 0;
  let den = 0;
  flat.forEach((r, q) => {
    num += (W[q] - r) ** 2;
    den += r * r;
  });
  return Math.sqrt(num / den);
}

const small = paperProblem(12, 4, 3, 1);
const wide = paperProblem(16, 5, 4, 2);
/** d = 2 < K − 1 = 3: G has rank 2, so the spectral steps must drop the missing direction */
const thin = paperProblem(16, 2, 4, 4);

describe('the optimizer table', () => {
  it('names each entry by its key, with a predicted norm, parameters it can read and a rule', () => {
    expect(Object.keys(OPTIMIZERS)).toEqual([...OPTIMIZER_NAMES]);
    for (const name of OPTIMIZER_NAMES) {
      const o = OPTIMIZERS[name];
      expect(o.name).toBe(name);
      expect(['fro', 'max', 'spectral', 'nuclear']).toContain(o.bias);
      for (const p of o.params) expect(Object.keys(DEFAULT_OPTIMIZER_PARAMS)).toContain(p);
      expect(o.rule).toMatch(/W ←/);
      expect(o.biasSource).toMatch(/arXiv \d{4}\.\d{5}/);
    }
    expect(OPTIMIZER_NAMES.map((n) => OPTIMIZERS[n].bias)).toEqual([
      'fro',
      'fro',
      'max',
      'spectral',
      'nuclear',
      'max',
      'spectral',
      'fro',
      'max',
      'fro',
    ]);
  });
});

describe('each optimizer follows a naive implementation of its rule', () => {
  const cases: [OptimizerName, Partial<OptimizerParams>, LossName, number, ScheduleName][] = [
    ['gd', {}, 'ce', 0.5, 'const'],
    ['ngd', {}, 'pairlog', 0.1, 'sqrt'],
    ['sign', {}, 'ce', 0.05, 'sqrt'],
    ['spectral', {}, 'ce', 0.1, 'sqrt'],
    ['nuclear', {}, 'pairlog', 0.1, 'const'],
    ['signum', { beta: 0.8 }, 'exp', 0.05, 'sqrt'],
    ['muon', {}, 'ce', 0.1, 'sqrt'],
    ['muon', { ns: 5, beta: 0.5 }, 'ce', 0.1, 'const'],
    ['momentum', { beta: 0.7 }, 'pairlog', 0.3, 'const'],
    ['adam', {}, 'ce', 0.05, 'const'],
    ['nesterov', { beta: 0.9 }, 'ce', 0.5, 'const'],
    ['nesterov', { beta: 0.6 }, 'ce', 0.3, 'sqrt'],
    ['nesterov', { beta: 0 }, 'pairlog', 0.3, 'const'],
    ['adam', { eps: 0, beta2: 0.99 }, 'pairlog', 0.02, 'sqrt'],
    ['adam', { eps: 0.1 }, 'squared', 0.02, 'const'],
  ];
  for (const [name, params, loss, lr, schedule] of cases) {
    for (const [label, p] of [
      ['d=4 K=3', small],
      ['d=5 K=4', wide],
      ['d=2 K=4 (rank 2)', thin],
    ] as const) {
      it(`${name} ${JSON.stringify(params)} on ${loss}, ${label}: 40 steps agree to 1e-11`, async () => {
        const o = { ...DEFAULT_OPTIMIZER_PARAMS, ...params };
        const W0 = initialWeights('gaussian', p.train.d, p.train.k, 5);
        const W = await engineRun(p, loss, name, lr, schedule, W0, o, 40);
        const ref = naiveRun(p, loss, name, lr, schedule, W0, o, 40);
        expect(relDiff(W, ref)).toBeLessThan(1e-11);
        // G·1 = 0, so the Frobenius and spectral steps keep W·1 = W(0)·1 = 0; entrywise steps (sign, Adam) do not
        if (OPTIMIZERS[name].bias === 'max') return;
        for (let j = 0; j < p.train.d; j++) {
          let row = 0;
          for (let c = 0; c < p.train.k; c++) row += W[j * p.train.k + c];
          expect(Math.abs(row)).toBeLessThan(1e-12 * (1 + Math.hypot(...W)));
        }
      });
    }
  }
});

describe('Nesterov momentum over 1,000 steps (issue 17)', () => {
  for (const [loss, beta, schedule] of [
    ['ce', 0.9, 'const'],
    ['pairlog', 0.5, 'sqrt'],
  ] as const) {
    it(`${loss}, β = ${beta}, ${schedule}: the engine's W equals PyTorch's V ← βV + G, W ← W − η(G + βV) to 1e-12`, async () => {
      const o = { ...DEFAULT_OPTIMIZER_PARAMS, beta };
      const W0 = initialWeights('zero', small.train.d, small.train.k, 0);
      const W = await engineRun(small, loss, 'nesterov', 0.5, schedule, W0, o, 1000);
      const ref = naiveRun(small, loss, 'nesterov', 0.5, schedule, W0, o, 1000);
      expect(relDiff(W, ref)).toBeLessThan(1e-12);
      // W grows: the run is past its first steps, so the comparison is not of a near-zero W
      expect(Math.hypot(...W)).toBeGreaterThan(3);
    });
  }
});

describe('decoupled weight decay W ← (1 − η_t λ) W − step, for every optimizer (issue 17)', () => {
  for (const [name, lr, wd, schedule] of [
    ['gd', 0.5, 1e-2, 'const'],
    ['adam', 0.02, 1e-2, 'const'],
    ['momentum', 0.3, 1e-3, 'sqrt'],
    ['nesterov', 0.5, 1e-2, 'const'],
    ['ngd', 0.1, 1e-1, 'sqrt'],
    ['sign', 0.01, 1e-1, 'const'],
  ] as const) {
    it(`${name} λ = ${wd}: 1,000 steps equal the naive rule to 1e-12 and differ from the run without decay`, async () => {
      const o = { ...DEFAULT_OPTIMIZER_PARAMS, wd };
      const W0 = initialWeights('zero', small.train.d, small.train.k, 0);
      const W = await engineRun(small, 'ce', name, lr, schedule, W0, o, 1000);
      const ref = naiveRun(small, 'ce', name, lr, schedule, W0, o, 1000);
      expect(relDiff(W, ref)).toBeLessThan(1e-12);
      // the same run without decay differs: λ is applied
      const free = await engineRun(small, 'ce', name, lr, schedule, W0, DEFAULT_OPTIMIZER_PARAMS, 1000);
      expect(relDiff(free, ref)).toBeGreaterThan(1e-3);
    });
  }
  it('λ = 0 is bit-identical to no decay', async () => {
    const W0 = initialWeights('gaussian', wide.train.d, wide.train.k, 3);
    const a = await engineRun(wide, 'pairlog', 'adam', 0.05, 'const', W0, DEFAULT_OPTIMIZER_PARAMS, 200);
    const { wd: _, ...older } = DEFAULT_OPTIMIZER_PARAMS;
    const b = await engineRun(
      wide,
      'pairlog',
      'adam',
      0.05,
      'const',
      W0,
      older as typeof DEFAULT_OPTIMIZER_PARAMS,
      200,
    );
    expect([...a]).toEqual([...b]);
  });
});

describe('spectral algebra', () => {
  it('Jacobi eigen-decomposition reconstructs a symmetric matrix, eigenvalues descending', () => {
    const m = 5;
    const A = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = i; j < m; j++) A[i * m + j] = A[j * m + i] = Math.sin(1 + i * 3 + j * 7);
    const { values, vectors } = symmetricEigen(A, m);
    for (let i = 1; i < m; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let c = 0; c < m; c++) sum += vectors[i * m + c] * values[c] * vectors[j * m + c];
        expect(sum).toBeCloseTo(A[i * m + j], 13);
      }
  });

  it('the centred basis is orthonormal and orthogonal to 1', () => {
    const k = 6;
    const Q = centredBasis(k);
    for (let a = 0; a < k - 1; a++) {
      let ones = 0;
      for (let r = 0; r < k; r++) ones += Q[r * (k - 1) + a];
      expect(Math.abs(ones)).toBeLessThan(1e-15);
      for (let b = 0; b < k - 1; b++) {
        let dot = 0;
        for (let r = 0; r < k; r++) dot += Q[r * (k - 1) + a] * Q[r * (k - 1) + b];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 15);
      }
    }
  });
});

describe('normalised methods run far into the tail', () => {
  it('sign, signum, muon and Adam without ε keep moving where the plain gradient underflows to zero', async () => {
    const p = small;
    // 2000·Ŵ: every margin is at least 2000, so e^{−margin} underflows from the start
    const W0 = p.svm.W.map((w) => 2000 * w);
    for (const name of ['sign', 'signum', 'muon', 'adam'] as const) {
      const engine = new CpuEngine();
      await engine.load([
        {
          label: name,
          problem: p,
          loss: 'exp',
          optimizer: name,
          schedule: 'const',
          lr: 1,
          seed: 0,
          W0,
          optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 0 },
        },
      ]);
      await engine.advance(5);
      const before = await engine.weights(0);
      const [cp] = await engine.checkpoint();
      // the loss and every plain gradient entry are below the smallest double
      expect(cp.loss).toBe(0);
      const G = meanGradient(
        p,
        'exp',
        Array.from({ length: p.train.d }, (_, j) => Array.from(before.slice(j * p.train.k, (j + 1) * p.train.k))),
      );
      expect(G.flat().every((g) => g === 0)).toBe(true);
      await engine.advance(10);
      const after = await engine.weights(0);
      const moved = Math.hypot(...after.map((w, q) => w - before[q]));
      expect(moved, name).toBeGreaterThan(1);
      expect(cp.status).toBe('running');
    }
  });
});
