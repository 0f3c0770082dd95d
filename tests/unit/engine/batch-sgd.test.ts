// Mini-batch SGD on the CPU engine (issue 17): batch = N is full batch to the bit; gd, heavy-ball momentum
// and ngd (the log-domain path) with B not dividing N follow an independent float64 reimplementation of
// the rule written here (softmax cross-entropy by its formula, epoch e's order numpy's e-th permutation,
// slices of B rows, the last one shorter) to 1e-12 over 1,000 steps; a run resumed mid-epoch reads the
// same rows; checkpoints measure the whole training set.
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { NumpyRandomState } from '../../../src/core/data/numpy-rng.ts';
import { validateExperiment } from '../../../src/core/experiment/experiment.ts';
import type { Dataset, RunSpec } from '../../../src/core/types.ts';

const N = 23;
const B = 5; // 23 = 4·5 + 3: five steps an epoch, the last of 3 rows
const STEPS = 1000;
const ETA = 0.5;
// ngd's steps have length η whatever the batch's gradient: at η = 0.5 a batch it already fits turns the step
// hard and rounding grows ~1e-16 → 1e-2 over 1,000 steps in any float64 code; at 0.02 it stays near 1e-15
const NGD_ETA = 0.02;
const BETA = 0.9;

function experimentRuns(batch: number | 'full', optimizers: string, lr = ETA): RunSpec[] {
  const { experiment, errors } = validateExperiment({
    n: N,
    d: 4,
    k: 3,
    losses: 'ce',
    optimizers,
    lrs: String(lr),
    beta: String(BETA),
    batch: String(batch),
    bseed: '7',
    steps: String(STEPS),
  });
  expect(errors).toEqual([]);
  return expandRuns(experiment).runs;
}

async function trained(runs: RunSpec[], steps: number): Promise<Float64Array[]> {
  const engine = new CpuEngine();
  await engine.load(runs);
  await engine.advance(steps);
  return engine.allWeights();
}

/** The batch gradient ∇R_B(W) = (1/|B|) Σ_{i∈B} x_i (softmax(Wᵀx_i) − e_{y_i})ᵀ, d×K row-major, by its formula. */
function ceBatchGradient(W: Float64Array, data: Dataset, rows: readonly number[]): Float64Array {
  const { d, k, X, y } = data;
  const G = new Float64Array(d * k);
  for (const i of rows) {
    const s: number[] = [];
    for (let c = 0; c < k; c++) {
      let a = 0;
      for (let j = 0; j < d; j++) a += X[i * d + j] * W[j * k + c];
      s.push(a);
    }
    const top = Math.max(...s);
    const e = s.map((v) => Math.exp(v - top));
    const z = e.reduce((a, v) => a + v, 0);
    for (let c = 0; c < k; c++) {
      const g = e[c] / z - (c === y[i] ? 1 : 0);
      for (let j = 0; j < d; j++) G[j * k + c] += (X[i * d + j] * g) / rows.length;
    }
  }
  return G;
}

/** Independent SGD: epoch after epoch, numpy's permutation cut into slices of B rows, one update per slice. */
function referenceSgd(rule: 'gd' | 'momentum' | 'ngd', data: Dataset, steps: number): Float64Array {
  const rng = new NumpyRandomState(7);
  const W = new Float64Array(data.d * data.k);
  const previous = new Float64Array(W.length);
  let order: number[] = [];
  for (let t = 0, at = data.n; t < steps; t++) {
    if (at >= data.n) {
      order = Array.from(rng.permutation(data.n));
      at = 0;
    }
    const rows = order.slice(at, at + B);
    at += B;
    const G = ceBatchGradient(W, data, rows);
    const norm = Math.sqrt(G.reduce((a, v) => a + v * v, 0));
    for (let q = 0; q < W.length; q++) {
      const w = W[q];
      if (rule === 'gd') W[q] = w - ETA * G[q];
      if (rule === 'ngd') W[q] = w - (NGD_ETA * G[q]) / norm;
      // heavy ball: W_{t+1} = W_t − η G + β (W_t − W_{t−1}), W_{−1} = W_0
      if (rule === 'momentum') W[q] = w - ETA * G[q] + BETA * (w - previous[q]);
      previous[q] = w;
    }
  }
  return W;
}

function maxRelative(a: Float64Array, b: Float64Array): number {
  const scale = Math.max(...Array.from(b, Math.abs));
  return Math.max(...Array.from(a, (v, q) => Math.abs(v - b[q]) / scale));
}

describe('mini-batch SGD on the CPU engine (issue 17)', () => {
  it('batch = N is full batch, bit for bit, on the plain and the log-domain path', async () => {
    const atN = experimentRuns(N, 'gd,ngd,adam');
    expect(atN.map((r) => r.batch)).toEqual([N, N, N]);
    const full = await trained(experimentRuns('full', 'gd,ngd,adam'), 300);
    const same = await trained(atN, 300);
    for (let r = 0; r < 3; r++) expect(Buffer.from(same[r].buffer)).toEqual(Buffer.from(full[r].buffer));
    // and a real mini-batch moves elsewhere
    const mini = await trained(experimentRuns(B, 'gd'), 300);
    expect(maxRelative(mini[0], full[0])).toBeGreaterThan(1e-3);
  });

  it('gd, momentum and ngd with B ∤ N match the independent rule to 1e-12 over 1,000 steps', async () => {
    const runs = [...experimentRuns(B, 'gd,momentum'), ...experimentRuns(B, 'ngd', NGD_ETA)];
    expect(runs.map((r) => [r.optimizer, r.lr, r.batch, r.bseed])).toEqual([
      ['gd', ETA, B, 7],
      ['momentum', ETA, B, 7],
      ['ngd', NGD_ETA, B, 7],
    ]);
    const got = await trained(runs, STEPS);
    const data = runs[0].problem.train;
    (['gd', 'momentum', 'ngd'] as const).forEach((rule, r) => {
      const want = referenceSgd(rule, data, STEPS);
      expect(Math.max(...Array.from(want, Math.abs)), rule).toBeGreaterThan(1);
      expect(maxRelative(got[r], want), rule).toBeLessThan(1e-12);
    });
  });

  it('a run resumed mid-epoch reads the rows the uninterrupted run reads, to the bit', async () => {
    const runs = experimentRuns(B, 'gd');
    const whole = await trained(runs, STEPS);
    const first = new CpuEngine();
    await first.load(runs);
    await first.advance(437); // epoch 87, step 2 of 5
    const resumed = new CpuEngine();
    await resumed.load(runs, { t: 437, W: await first.allWeights() });
    await resumed.advance(STEPS - 437);
    expect(Buffer.from((await resumed.allWeights())[0].buffer)).toEqual(Buffer.from(whole[0].buffer));
  });

  it('checkpoints measure the whole training set, not the last batch', async () => {
    const runs = experimentRuns(B, 'gd');
    const engine = new CpuEngine();
    await engine.load(runs);
    await engine.advance(50);
    const [cp] = await engine.checkpoint();
    const W = (await engine.allWeights())[0];
    const { n, d, k, X, y } = runs[0].problem.train;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const s = Array.from({ length: k }, (_, c) =>
        Array.from({ length: d }, (_, j) => X[i * d + j] * W[j * k + c]).reduce((a, v) => a + v, 0),
      );
      const top = Math.max(...s);
      loss += top + Math.log(s.reduce((a, v) => a + Math.exp(v - top), 0)) - s[y[i]];
    }
    expect(cp.loss).toBeCloseTo(loss / n, 12);
  });
});
