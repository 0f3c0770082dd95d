// Sweep section of `npm run bench`: time per run-step against the number of runs (1 → 10 → … →
// 10,000) on the GPU engine and on the float64 CPU engine with one and with every worker thread, and
// the Step-size phase diagram's sweep (16 seeds × 64 η × 3 losses, steps scaled down here). The runs
// are the paper's size (N=100, d=10, K=3); each size does about the same number of run-steps.
import { availableParallelism } from 'node:os';
import { CpuEngine } from '../src/core/engine/cpu-engine.ts';
import { DEFAULT_EXPERIMENT, parseField } from '../src/core/experiment/experiment.ts';
import { expandRuns } from '../src/core/engine/experiment-preparation.ts';
import type { Engine, Experiment, RunSpec } from '../src/core/types.ts';
import { timeEngine } from './engine-timing.ts';
import { ThreadedCpuEngine } from '../src/cli/threads/thread-engine.ts';
import { findPreset } from '../src/app/state/presets.ts';

/** `BENCH_RUN_COUNTS=1,10,…,100000` widens the ladder on a hardware GPU (the CPU rows stop at 10⁴) */
const RUN_COUNTS = (process.env.BENCH_RUN_COUNTS ?? '1,10,100,1000,10000').split(',').map(Number);
const CPU_MAX_RUNS = 10_000;
/** run-steps timed per size: steps = this / runs, from 2 to MAX_STEPS */
const RUN_STEPS = 100_000;
/** the GPU rows' run-steps per size: raise it on a hardware GPU (`BENCH_GPU_RUN_STEPS=10000000`) */
const GPU_RUN_STEPS = Number(process.env.BENCH_GPU_RUN_STEPS ?? RUN_STEPS);
const MAX_STEPS = 10_000;
/** the phase diagram's sweep, at fewer steps than its 10⁴ */
const PHASE_STEPS = 100;

const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** `runs` runs over 16 seeds' data sets and log-spaced step sizes, PairLogLoss GD. */
function sweepRuns(runs: number): RunSpec[] {
  // 16 seeds, more past 16 × 4,096 runs (the sweep grammar's cap on step sizes)
  const seeds = Math.min(runs, Math.max(16, Math.ceil(runs / 4096)));
  const lrs = Math.ceil(runs / seeds);
  const exp: Experiment = {
    ...DEFAULT_EXPERIMENT,
    seeds: [...Array(seeds).keys()],
    init: 'gaussian',
    lrs: lrs === 1 ? [0.1 / 3] : (parseField('lrs', `1e-3..1:log:${Math.max(lrs, 2)}`) as number[]),
  };
  return expandRuns(exp).runs.slice(0, runs);
}

type Make = () => Promise<Engine>;

/** µs per run-step (the steps alone) and, under `checkpointMs`, one checkpoint's read-back and metrics */
async function perRunStep(
  make: Make,
  maxRuns: number,
  runSteps: number,
): Promise<Record<string, number | Record<string, number>>> {
  const out: Record<string, number | Record<string, number>> = {};
  const checkpointMs: Record<string, number> = {};
  for (const count of RUN_COUNTS.filter((n) => n <= maxRuns)) {
    const runs = sweepRuns(count);
    const steps = Math.min(MAX_STEPS, Math.max(2, Math.round(runSteps / count)));
    const engine = await make();
    try {
      const timing = await timeEngine(engine, runs, steps);
      out[String(count)] = round((timing.stepSeconds / (steps * count)) * 1e6);
      checkpointMs[String(count)] = round(timing.checkpointSeconds * 1000);
    } finally {
      engine.dispose();
    }
  }
  out.checkpointMs = checkpointMs;
  return out;
}

export async function benchSweep(): Promise<Record<string, unknown>> {
  const cores = availableParallelism();
  const gpuMake = await gpuMaker();
  const result: Record<string, unknown> = {
    unit: 'µs per run-step (N=100, d=10, K=3, PairLogLoss GD), by number of runs, the steps alone; checkpointMs: one checkpoint (read-back and float64 metrics of every run)',
    cores,
    cpu1: await perRunStep(async () => new CpuEngine(), CPU_MAX_RUNS, RUN_STEPS),
    [`cpu${cores}`]: await perRunStep(async () => new ThreadedCpuEngine(cores), CPU_MAX_RUNS, RUN_STEPS),
  };
  if (gpuMake) {
    result.gpu = await perRunStep(gpuMake.make, Infinity, GPU_RUN_STEPS);
    result.adapter = gpuMake.adapter;
  }
  // the phase-diagram preset: 16 seeds × 64 η × {PairLogLoss, CE, exp}
  const phase = expandRuns(findPreset('phase-diagram')!.experiment).runs;
  const wall: Record<string, number> = {};
  wall[`cpu${cores}`] = round((await timeEngine(new ThreadedCpuEngine(cores), phase, PHASE_STEPS)).seconds);
  if (gpuMake) {
    const engine = await gpuMake.make();
    wall.gpu = round((await timeEngine(engine, phase, PHASE_STEPS)).seconds);
    engine.dispose();
  }
  result.phaseDiagram = {
    runs: phase.length,
    steps: PHASE_STEPS,
    seconds: wall,
    secondsAt1e4Steps: Object.fromEntries(Object.entries(wall).map(([k, s]) => [k, round((s * 1e4) / PHASE_STEPS)])),
  };
  return result;
}

/** GPU engines on one device (each engine leaves the device alive when disposed), or undefined without an adapter. */
async function gpuMaker(): Promise<{ make: Make; adapter: string } | undefined> {
  try {
    const { acquireNodeGpu } = await import('../src/gpu/node-device.ts');
    const { GpuEngine } = await import('../src/gpu/engine.ts');
    const handle = await acquireNodeGpu();
    return { adapter: handle.adapterName, make: async () => new GpuEngine(handle) };
  } catch {
    return undefined;
  }
}
