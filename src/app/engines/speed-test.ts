// The one-click speed test: the same problem timed on the GPU engine and the worker CPU engine at
// three sizes (paper size, 10⁴×100×10, the largest the adapter's buffers allow). Only advance()
// is timed, so the problems carry no SVM target (solving one at 10⁵ points would take minutes):
// their Ŵ is NaN and no metric of these runs is ever shown.
import { makePaperData } from '../../core/data/paper.ts';
import { initialWeights } from '../../core/training/init.ts';
import { LIMITS } from '../../core/sizes/size-limits.ts';
import type { Engine, Experiment, Problem, RunSpec, SvmSolution } from '../../core/types.ts';
import type { SpeedRow } from '../../../components/controls/speed-panel.ts';
import type { GpuHandle } from '../../gpu/device.ts';
import { gpuHandle } from './engine-factory.ts';
import { WorkerEngine } from './worker-engine.ts';

/** Each engine gets about this much wall time per size once warmed up. */
const TIME_BUDGET_MS = 1500;
const WARMUP_STEPS = 2;
const FLOPS_PER_STEP_PER_NDK = 4;
const LARGE = { d: 100, k: 10 } as const;

type GpuSizeCheck = (n: number, d: number, k: number, runs: number, limits: GPUSupportedLimits) => string | null;

interface Size {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly note?: string;
}

export class SpeedTest {
  rows: SpeedRow[] = [];
  testing = false;
  message = '';
  #listeners = new Set<() => void>();

  subscribe(listener: () => void): void {
    this.#listeners.add(listener);
  }

  async run(experiment: Experiment): Promise<void> {
    if (this.testing) return;
    this.testing = true;
    this.rows = [];
    this.message = 'building the problems…';
    this.#notify();
    let gpu: Engine | undefined;
    let handle: GpuHandle | undefined;
    try {
      let gpuProblem = '';
      if (navigator.gpu) {
        handle = await gpuHandle().catch((e: unknown) => {
          gpuProblem = e instanceof Error ? e.message : String(e);
          return undefined;
        });
      } else {
        gpuProblem = 'this browser has no WebGPU';
      }
      // the speed test times whatever adapter there is, software ones included
      const held = handle;
      const { checkGpuSize, createEngine } = await import('../../gpu/select-engine.ts');
      if (held) gpu = (await createEngine('gpu', async () => held)).engine;
      const sizes = this.#sizes(gpu ? handle?.limits : undefined, checkGpuSize);
      for (const size of sizes) {
        this.message = `timing N=${size.n} d=${size.d} K=${size.k}…`;
        this.#notify();
        const runs = [timingRun(size, experiment)];
        let note = size.note;
        const gpuRate = gpu
          ? await stepsPerSecond(gpu, runs).catch((e: unknown) => {
              // one size the GPU engine cannot take does not stop the others
              note = [note, `GPU: ${e instanceof Error ? e.message : String(e)}`].filter(Boolean).join('; ');
              return null;
            })
          : null;
        const cpu = new WorkerEngine();
        const cpuRate = await stepsPerSecond(cpu, runs).finally(() => cpu.dispose());
        const flops = FLOPS_PER_STEP_PER_NDK * size.n * size.d * size.k;
        this.rows = [
          ...this.rows,
          {
            size: `${size.n.toLocaleString('en-US')}×${size.d}×${size.k}`,
            gpuStepsPerSecond: gpuRate,
            cpuStepsPerSecond: cpuRate,
            gpuGflops: gpuRate === null ? null : (gpuRate * flops) / 1e9,
            note,
          },
        ];
        this.#notify();
      }
      this.message = gpu ? `GPU: ${gpu.device}` : `no GPU engine here (${gpuProblem}): only the CPU engine was timed`;
    } catch (e) {
      this.message = `the speed test stopped: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      gpu?.dispose();
      this.testing = false;
      this.#notify();
    }
  }

  /** Paper size, 10⁴×100×10, and the largest N at d = 100, K = 10 that the lab's limits and the adapter's buffers allow. */
  #sizes(limits: GPUSupportedLimits | undefined, checkGpuSize: GpuSizeCheck): Size[] {
    const sizes: Size[] = [
      { n: 100, d: 10, k: 3, note: 'paper size' },
      { n: 10_000, d: LARGE.d, k: LARGE.k },
    ];
    let n = Math.min(LIMITS.n.max, Math.floor(LIMITS.cells / LARGE.d));
    while (limits && n > 10_000 && checkGpuSize(n, LARGE.d, LARGE.k, 1, limits) !== null) n = Math.floor(n / 2);
    sizes.push({ ...LARGE, n, note: limits ? 'largest the adapter and the lab allow' : 'largest the lab allows' });
    return sizes;
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}

function timingSvm(d: number, k: number): SvmSolution {
  const nan = NaN;
  return {
    W: new Float64Array(d * k).fill(nan),
    normF: nan,
    minMargin: nan,
    kkt: { primal: nan, dual: nan, complementarity: nan, stationarity: nan, gap: nan, max: nan },
    support: [],
  };
}

function timingRun(size: Size, experiment: Experiment): RunSpec {
  const { train } = makePaperData({ ...size, seed: 0 });
  const problem: Problem = {
    name: `speed test N=${size.n} d=${size.d} K=${size.k}`,
    train,
    svm: timingSvm(size.d, size.k),
    sigmaMax2: NaN,
  };
  return {
    label: problem.name,
    problem,
    loss: experiment.losses[0] ?? 'pairlog',
    optimizer: 'gd',
    schedule: 'const',
    lr: 1e-3,
    seed: 0,
    W0: initialWeights('gaussian', size.d, size.k, 0),
  };
}

/** Steps per second of advance() after a warm-up, doubling the chunk until the budget is spent. */
async function stepsPerSecond(engine: Engine, runs: readonly RunSpec[]): Promise<number> {
  await engine.load(runs);
  await engine.advance(WARMUP_STEPS);
  // a read-back waits for queued GPU work; not checkpoint(): these runs have no Ŵ (NaN), so their
  // metrics are not finite and the engine would mark them diverged and stop advancing them
  await engine.weights(0);
  let steps = 0;
  let chunk = 1;
  const start = performance.now();
  while (performance.now() - start < TIME_BUDGET_MS) {
    await engine.advance(chunk);
    steps += chunk;
    chunk *= 2;
  }
  await engine.weights(0); // a read-back: all submitted work has finished
  return (steps * 1000) / (performance.now() - start);
}
