// Shared set-up of the GPU tests: one Dawn device per test file, paper problems and run specs.
import { makePaperData } from '../../src/core/data/paper.ts';
import { initialWeights } from '../../src/core/training/init.ts';
import { buildProblem } from '../../src/core/data/problem.ts';
import { NumpyRandomState } from '../../src/core/data/numpy-rng.ts';
import type { LossName, OptimizerName, Problem, RunSpec, ScheduleName } from '../../src/core/types.ts';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine, type GpuEngineOptions } from '../../src/gpu/engine.ts';

export function paperProblem(n: number, d: number, k: number, seed: number): Problem {
  const { train, test } = makePaperData({ n, d, k, seed });
  return buildProblem(`paper N=${n} d=${d} K=${k} seed=${seed}`, train, test);
}

/**
 * Separable data with every one of K classes present, for K too large for the paper's generator at
 * small N (its argmax teacher leaves classes empty): row i sits near the unit teacher column of
 * class i mod K and is kept only if that teacher column scores it highest, so the teacher separates
 * the data by construction.
 */
export function centredProblem(n: number, d: number, k: number, seed: number): Problem {
  const rng = new NumpyRandomState(seed);
  const teacher = rng.randnArray(d * k);
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += teacher[j * k + c] ** 2;
    for (let j = 0; j < d; j++) teacher[j * k + c] /= Math.sqrt(norm);
  }
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n;) {
    const c = i % k;
    const noise = rng.randnArray(d);
    const x = noise.map((z, j) => 2 * teacher[j * k + c] + 0.3 * z);
    const score = (q: number) => x.reduce((s, v, j) => s + v * teacher[j * k + q], 0);
    let best = 0;
    for (let q = 1; q < k; q++) if (score(q) > score(best)) best = q;
    if (best !== c) continue;
    X.set(x, i * d);
    y[i++] = c;
  }
  return buildProblem(`centred N=${n} d=${d} K=${k} seed=${seed}`, { n, d, k, X, y });
}

export function runSpec(
  problem: Problem,
  loss: LossName,
  optimizer: OptimizerName,
  lr: number,
  opts: { schedule?: ScheduleName; seed?: number; init?: string } = {},
): RunSpec {
  const { d, k } = problem.train;
  const seed = opts.seed ?? 0;
  return {
    label: `${problem.name} · ${loss} · ${optimizer} η=${lr}`,
    problem,
    loss,
    optimizer,
    lr,
    seed,
    schedule: opts.schedule ?? 'const',
    W0: initialWeights(opts.init ?? 'gaussian', d, k, seed),
  };
}

/** max |a − b| / max |b|: how far a GPU result is from its float64 reference, relative to the reference's scale. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let q = 0; q < a.length; q++) {
    scale = Math.max(scale, Math.abs(b[q]));
    diff = Math.max(diff, Math.abs(a[q] - b[q]));
  }
  return diff / scale;
}

/**
 * Loads `runs` on a GPU engine and on the float64 engine, advances both by each of `chunks` in turn and,
 * after each, hands both engines and every run's index to `check`; returns both engines where they ended.
 */
export async function stepBeside(
  handle: GpuHandle,
  runs: RunSpec[],
  options: GpuEngineOptions,
  chunks: readonly number[],
  check: (gpu: GpuEngine, cpu: CpuEngine, r: number) => Promise<void> | void,
): Promise<{ gpu: GpuEngine; cpu: CpuEngine }> {
  const gpu = new GpuEngine(handle, options);
  const cpu = new CpuEngine();
  await gpu.load(runs);
  await cpu.load(runs);
  for (const steps of chunks) {
    await gpu.advance(steps);
    await cpu.advance(steps);
    for (let r = 0; r < runs.length; r++) await check(gpu, cpu, r);
  }
  return { gpu, cpu };
}
