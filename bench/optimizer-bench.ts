// Optimizer section of `npm run bench`: steps per second of each optimizer of the table, one run of
// PairLogLoss at the paper's size (N=100, d=10, K=3) and at Fan et al.'s (N=500, d=25, K=10), on the
// float64 CPU engine and the GPU engine (an emulator on machines without a GPU: read the GPU figures as
// ratios between optimizers). Muon is timed twice: exact U Vᵀ (`muon`) and Newton–Schulz (`muon-ns5`).
import { timeEngine } from './engine-timing.ts';
import { CpuEngine } from '../src/core/engine/cpu-engine.ts';
import { DEFAULT_OPTIMIZER_PARAMS } from '../src/core/training/optimizers.ts';
import { OPTIMIZER_NAMES, type Engine, type OptimizerName, type RunSpec } from '../src/core/types.ts';
import type { GpuHandle } from '../src/gpu/device.ts';
import { timingProblem, timingRuns } from './synthetic.ts';

const SIZES = [
  [100, 10, 3, 4000],
  [500, 25, 10, 400],
] as const;
/** GPU steps timed per optimizer and size (an emulated adapter is slow) */
const GPU_STEPS = 400;

/** The timed variants: every optimizer with default parameters, and Muon with five Newton–Schulz iterations. */
const VARIANTS: readonly { name: string; optimizer: OptimizerName; ns: number }[] = [
  ...OPTIMIZER_NAMES.map((optimizer) => ({ name: optimizer, optimizer, ns: 0 })),
  { name: 'muon-ns5', optimizer: 'muon', ns: 5 },
];

function runFor(optimizer: OptimizerName, ns: number, n: number, d: number, k: number): RunSpec[] {
  const [base] = timingRuns(timingProblem(n, d, k), 1, 0.01);
  return [{ ...base, optimizer, schedule: 'sqrt', optim: { ...DEFAULT_OPTIMIZER_PARAMS, ns } }];
}

async function stepsPerSecond(engine: Engine, runs: RunSpec[], steps: number): Promise<number> {
  // 5 warm-up steps: JIT, pipelines, first submit
  const { stepSeconds } = await timeEngine(engine, runs, steps, 5);
  engine.dispose();
  return Number((steps / stepSeconds).toPrecision(3));
}

export async function benchOptimizers(gpu?: GpuHandle): Promise<Record<string, unknown>> {
  const cpu: Record<string, Record<string, number>> = {};
  const onGpu: Record<string, Record<string, number | string>> = {};
  const { GpuEngine } = gpu ? await import('../src/gpu/engine.ts') : { GpuEngine: undefined };
  for (const [n, d, k, steps] of SIZES) {
    const size = `${n}x${d}x${k}`;
    cpu[size] = {};
    onGpu[size] = {};
    for (const { name, optimizer, ns } of VARIANTS) {
      cpu[size][name] = await stepsPerSecond(new CpuEngine(), runFor(optimizer, ns, n, d, k), steps);
      if (!gpu || !GpuEngine) continue;
      onGpu[size][name] = await stepsPerSecond(new GpuEngine(gpu), runFor(optimizer, ns, n, d, k), GPU_STEPS);
    }
  }
  return {
    unit: 'steps per second, one run, PairLogLoss, η/√(t+1)',
    cpuEngine: cpu,
    gpuEngine: gpu ? { adapter: gpu.adapterName, ...onGpu } : 'no adapter',
  };
}
