import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { getLoss } from '../../../src/core/training/losses.ts';
import type { LossName, OptimizerName, Problem, RunSpec, ScheduleName } from '../../../src/core/types.ts';
import { centredStart, trianglePoints } from '../helpers/hand-problems.ts';

const problem = trianglePoints();

function spec(
  loss: LossName,
  optimizer: OptimizerName,
  lr: number,
  W0: Float64Array,
  schedule: ScheduleName = 'const',
  p: Problem = problem,
): RunSpec {
  return { label: `${loss} ${optimizer} η=${lr}`, problem: p, loss, optimizer, schedule, lr, seed: 0, W0 };
}

async function runFor(runs: RunSpec[], steps: number): Promise<CpuEngine> {
  const engine = new CpuEngine();
  await engine.load(runs);
  await engine.advance(steps);
  return engine;
}

/** N·∇R by a direct formula, independent of the engine: Σ_i x_i (∂L/∂s)(s_i)ᵀ with c_j written out per loss. */
function referenceGradient(W: Float64Array, loss: 'pairlog' | 'ce'): Float64Array {
  const { n, d, k, X, y } = problem.train;
  const G = new Float64Array(d * k);
  for (let i = 0; i < n; i++) {
    const s = Array.from({ length: k }, (_, c) =>
      Array.from({ length: d }, (_, j) => X[i * d + j] * W[j * k + c]).reduce((a, b) => a + b),
    );
    const c = s.map((sc, j) => {
      if (j === y[i]) return 0;
      if (loss === 'pairlog') return 1 / (1 + Math.exp(s[y[i]] - sc));
      return Math.exp(sc) / s.reduce((a, v) => a + Math.exp(v), 0);
    });
    c[y[i]] = -c.reduce((a, b) => a + b);
    for (let j = 0; j < d; j++) for (let cc = 0; cc < k; cc++) G[j * k + cc] += X[i * d + j] * c[cc];
  }
  return G;
}

describe('CpuEngine', () => {
  it('identifies itself', () => {
    const engine = new CpuEngine();
    expect(engine.kind).toBe('cpu');
    expect(engine.device).toBe('CPU float64');
    expect(engine.t).toBe(0);
  });

  it('applies one GD step exactly as a hand-computed step', async () => {
    const W0 = centredStart(2, 3);
    for (const loss of ['pairlog', 'ce'] as const) {
      const engine = await runFor([spec(loss, 'gd', 0.3, W0)], 1);
      const G = referenceGradient(W0, loss);
      const expected = W0.map((w, q) => w - (0.3 / problem.train.n) * G[q]);
      const W1 = await engine.weights(0);
      for (let q = 0; q < 6; q++) expect(W1[q]).toBeCloseTo(expected[q], 14);
      expect(engine.t).toBe(1);
    }
  });

  it('applies one NGD step as a unit-norm step, and the sqrt schedule as η/√(t+1)', async () => {
    const W0 = centredStart(2, 3, 2);
    const G = referenceGradient(W0, 'pairlog');
    const norm = Math.hypot(...G);
    const ngd = await runFor([spec('pairlog', 'ngd', 0.5, W0)], 1);
    const W1 = await ngd.weights(0);
    for (let q = 0; q < 6; q++) expect(W1[q]).toBeCloseTo(W0[q] - (0.5 * G[q]) / norm, 14);
    const sqrt = await runFor([spec('pairlog', 'gd', 0.5, W0, 'sqrt')], 2);
    const W2 = await sqrt.weights(0);
    const Wa = W0.map((w, q) => w - (0.5 / 6) * G[q]);
    const Ga = referenceGradient(Wa, 'pairlog');
    for (let q = 0; q < 6; q++) expect(W2[q]).toBeCloseTo(Wa[q] - (0.5 / Math.SQRT2 / 6) * Ga[q], 14);
  });

  it('keeps W(t)·1_K = W(0)·1_K to 1e-12 for every loss and optimizer', async () => {
    const W0 = Float64Array.of(0.7, -0.2, 1.1, 0.3, 0.9, -1.4); // rows not centred
    const runs: RunSpec[] = [];
    for (const loss of ['pairlog', 'ce', 'exp', 'hinge', 'squared', 'poly'] as const) {
      runs.push(spec(loss, 'gd', 0.05, W0), spec(loss, 'ngd', 0.05, W0, 'sqrt'));
    }
    const engine = await runFor(runs, 3000);
    const cps = await engine.checkpoint();
    for (let r = 0; r < runs.length; r++) {
      expect(cps[r].status, runs[r].label).toBe('running');
      const W = await engine.weights(r);
      for (let j = 0; j < 2; j++) {
        const before = W0[j * 3] + W0[j * 3 + 1] + W0[j * 3 + 2];
        expect(Math.abs(W[j * 3] + W[j * 3 + 1] + W[j * 3 + 2] - before), runs[r].label).toBeLessThan(1e-12);
      }
    }
  });

  it('decreases the loss and the distance to Ŵ under GD with a safe step', async () => {
    const engine = new CpuEngine();
    await engine.load([spec('pairlog', 'gd', 0.5, centredStart(2, 3))]);
    let previous = (await engine.checkpoint())[0];
    for (const chunk of [10, 90, 900, 9000]) {
      await engine.advance(chunk);
      const cp = (await engine.checkpoint())[0];
      expect(cp.loss).toBeLessThan(previous.loss);
      expect(cp.distance).toBeLessThan(previous.distance);
      previous = cp;
    }
    expect(previous.t).toBe(10_000);
    expect(previous.trainAcc).toBe(1);
    expect(previous.distance).toBeLessThan(0.1);
  });

  it('runs NGD in the log domain for 1e5 steps where the plain pair weights underflow to zero', async () => {
    const engine = await runFor(
      [spec('pairlog', 'ngd', 0.1, centredStart(2, 3)), spec('ce', 'ngd', 0.1, centredStart(2, 3))],
      100_000,
    );
    const cps = await engine.checkpoint();
    for (const cp of cps) {
      expect(cp.status).toBe('running');
      expect(cp.distance).toBeLessThan(1e-3);
      expect(cp.marginRatio).toBeGreaterThan(0.999);
    }
    // a naive NGD would divide a zero gradient by its zero norm here
    const W = await engine.weights(0);
    const g = new Float64Array(3);
    const { X, y } = problem.train;
    let gradNorm = 0;
    for (let i = 0; i < 6; i++) {
      const s = [0, 1, 2].map((c) => X[2 * i] * W[c] + X[2 * i + 1] * W[3 + c]);
      getLoss('pairlog').valueGrad(s, 0, y[i], 3, g, 0);
      gradNorm += Math.hypot(...g);
    }
    expect(gradNorm).toBe(0);
    expect(W.every(Number.isFinite)).toBe(true);
  });

  it('stops a run that turns non-finite, names the safe bound, and lets the other runs go on', async () => {
    const W0 = centredStart(2, 3);
    const runs = [spec('exp', 'gd', 1e4, W0), spec('pairlog', 'gd', 0.5, W0), spec('squared', 'gd', 1e3, W0)];
    const engine = await runFor(runs, 200);
    const cps = await engine.checkpoint();
    expect(cps[0].status).toBe('diverged');
    expect(cps[0].message).toMatch(/^diverged at t = \d+/);
    expect(cps[0].message).toContain('η < 2N/(β_v σ_max(X)²) =');
    expect(cps[0].message).not.toMatch(/may diverge|diverges at/); // it did: the message says what is known
    expect(cps[2].status).toBe('diverged');
    expect(cps[2].message).toContain('is at or above the safe bound 2/β = 2N/(β_v σ_max(X)²) =');
    expect(cps[2].message).toContain('descent is not guaranteed; lower η below');
    const frozen = await engine.weights(0);
    expect(frozen.every(Number.isFinite)).toBe(true); // kept at the last finite W
    await engine.advance(100);
    expect(await engine.weights(0)).toEqual(frozen);
    expect(cps[1].status).toBe('running');
    const alone = await runFor([runs[1]], 300);
    expect(await engine.weights(1)).toEqual(await alone.weights(0));
  });

  it('makes no update when every hinge margin is satisfied (zero gradient), for GD and NGD', async () => {
    const W0 = problem.svm.W.map((x) => 2 * x); // all margins ≥ 2
    const engine = await runFor([spec('hinge', 'gd', 0.5, W0), spec('hinge', 'ngd', 0.5, W0)], 50);
    expect(await engine.weights(0)).toEqual(W0);
    expect(await engine.weights(1)).toEqual(W0);
    expect((await engine.checkpoint())[1].status).toBe('running');
  });

  it('falls back to the plain gradient for NGD on the squared loss', async () => {
    const W0 = centredStart(2, 3);
    const engine = await runFor([spec('squared', 'ngd', 0.01, W0)], 1);
    const W1 = await engine.weights(0);
    const step = Math.hypot(...W1.map((w, q) => w - W0[q]));
    expect(step).toBeCloseTo(0.01, 14);
  });

  it('resumes from (t, W) bitwise equal to an uninterrupted run', async () => {
    const W0 = centredStart(2, 3, 3);
    const runs = [
      spec('pairlog', 'gd', 0.5, W0, 'sqrt'),
      spec('ce', 'ngd', 0.2, W0, 'sqrt'),
      spec('exp', 'gd', 0.05, W0),
    ];
    const straight = await runFor(runs, 700);
    const first = await runFor(runs, 250);
    const W = await Promise.all(runs.map((_, r) => first.weights(r)));
    const resumed = new CpuEngine();
    await resumed.load(runs, { t: 250, W });
    expect(resumed.t).toBe(250);
    await resumed.advance(450);
    expect(resumed.t).toBe(700);
    for (let r = 0; r < runs.length; r++) expect(await resumed.weights(r)).toEqual(await straight.weights(r));
    expect(await resumed.checkpoint()).toEqual(await straight.checkpoint());
  });

  it('matches numpy float64 GD on the paper data (seed 0, PairLogLoss, η = 0.1/3, W(0) = 0) after 1000 steps', async () => {
    // numpy: np.random.seed(0); X = randn(200, 10)[:100]; y = argmax(X_all @ randn(10, 3))[:100];
    // W ← W − η Xᵀ C / N with C = σ(−u) off the label and −Σ on it, 1000 times
    const numpyW = [
      -0.42067555455847305, -0.81894759311841747, 1.2396231476768889, -0.074458954199167468, 0.2058470554256174,
      -0.13138810122644945, -0.25235020535787722, -0.61218756879642133, 0.86453777415429767, 0.95095524732567116,
      0.38689897771401827, -1.3378542250396888, 0.23746935779852962, 0.26844511839521223, -0.50591447619374208,
      -0.88740665076144654, 0.58992303315513861, 0.29748361760630837, -2.078089049536691, 2.4478230528862479,
      -0.36973400334955497, 0.17257489767020959, -0.82171388331006423, 0.64913898563985484, 0.27402065651642449,
      -0.37556043617749574, 0.10153977966107212, 0.83478677909306087, -0.31291491692129547, -0.52187186217176618,
    ];
    const { train } = makePaperData({ n: 100, d: 10, k: 3, seed: 0 });
    const paper: Problem = { ...problem, train, test: undefined };
    const engine = await runFor([spec('pairlog', 'gd', 0.1 / 3, new Float64Array(30), 'const', paper)], 1000);
    const W = await engine.weights(0);
    for (let q = 0; q < 30; q++) expect(Math.abs(W[q] - numpyW[q])).toBeLessThan(1e-13);
  });

  it('rejects a start of the wrong size with a LabError naming W0', async () => {
    const engine = new CpuEngine();
    await expect(engine.load([spec('pairlog', 'gd', 0.1, new Float64Array(5))])).rejects.toMatchObject({
      name: 'LabError',
      field: 'W0',
    });
  });
});
