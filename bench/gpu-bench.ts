// GPU section of `npm run bench`: the WebGPU engine against the float64 CPU engine in the same
// process. On a machine without a GPU the adapter is a CPU emulation (Dawn's GL path over Mesa
// llvmpipe), so the absolute numbers say little and the ratios are what to read; steps are scaled
// down from the paper's 1e5 so the section finishes in about a minute here.
import { timeEngine } from './engine-timing.ts';
import { CpuEngine } from '../src/core/engine/cpu-engine.ts';
import type { RunSpec } from '../src/core/types.ts';
import type { GpuHandle } from '../src/gpu/device.ts';
import { GpuEngine } from '../src/gpu/engine.ts';
import { timingProblem } from './synthetic.ts';
import { makePaperData } from '../src/core/data/paper.ts';
import { buildProblem } from '../src/core/data/problem.ts';
import { initialWeights } from '../src/core/training/init.ts';

/** Figure B: 10 seeds of N=100, d=10, K=3, PairLogLoss, η = 0.1/K. */
const FIGURE_B_RUNS = 10;
const FIGURE_B_PAPER_STEPS = 1e5;
/** Steps timed on an emulated adapter (the paper runs 1e5). */
const FIGURE_B_EMULATED_STEPS = 1e4;
const FIGURE_B_HARDWARE_STEPS = 1e5;
/** The large sizes (N, d, K), timed for a few steps each. */
const LARGE_SIZES = [
  [1e4, 100, 10],
  [1e5, 1000, 10],
] as const;
/** steps timed at the large sizes: few on an emulator, enough on hardware that the steps outweigh launch costs */
const LARGE_STEPS_EMULATED = 3;
const LARGE_STEPS_HARDWARE = [200, 20] as const;

function figureBRuns(): RunSpec[] {
  return Array.from({ length: FIGURE_B_RUNS }, (_, seed) => {
    const { train, test } = makePaperData({ n: 100, d: 10, k: 3, seed });
    const problem = buildProblem(`paper seed ${seed}`, train, test);
    return {
      label: `seed ${seed}`,
      problem,
      loss: 'pairlog' as const,
      optimizer: 'gd' as const,
      schedule: 'const' as const,
      lr: 0.1 / 3,
      seed,
      W0: initialWeights('gaussian', 10, 3, seed),
    };
  });
}

const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

export async function benchGpu(handle: GpuHandle): Promise<Record<string, unknown>> {
  const emulated = handle.isFallback || /llvmpipe|lavapipe|swiftshader|software/i.test(handle.adapterName);
  const steps = emulated ? FIGURE_B_EMULATED_STEPS : FIGURE_B_HARDWARE_STEPS;
  const runs = figureBRuns();
  const gpu = new GpuEngine(handle);
  const submitsBefore = gpu.submits;
  const gpuSeconds = (await timeEngine(gpu, runs, steps)).stepSeconds;
  const submitsPer1000 = ((gpu.submits - submitsBefore - 3) / steps) * 1000; // minus the warm-up's submits
  const dispatchesPer1000 = gpu.dispatchesPerStep * 1000;
  gpu.dispose();
  const cpuSeconds = (await timeEngine(new CpuEngine(), runs, steps)).stepSeconds;

  const large: Record<string, unknown> = {};
  for (const [index, [n, d, k]] of LARGE_SIZES.entries()) {
    const largeSteps = emulated ? LARGE_STEPS_EMULATED : LARGE_STEPS_HARDWARE[index];
    const run = timingRun(n, d, k);
    // the tiled step reads X twice (scores, then Xᵀ·G): the memory-bandwidth floor of one step
    const entry: Record<string, unknown> = { xBytesReadPerStep: 2 * n * d * 4 };
    const engine = new GpuEngine(handle);
    try {
      const timing = await timeEngine(engine, [run], largeSteps);
      entry.gpuMsPerStep = round((timing.stepSeconds / largeSteps) * 1000);
      entry.gpuCheckpointMs = round(timing.checkpointSeconds * 1000);
      entry.stepsTimed = largeSteps;
      entry.path = engine.pathName;
    } catch (err) {
      entry.gpuError = (err as Error).message;
    } finally {
      engine.dispose();
    }
    entry.cpuMsPerStep = round((await timeEngine(new CpuEngine(), [run], 1)).stepSeconds * 1000);
    if (typeof entry.gpuMsPerStep === 'number')
      entry.gpuOverCpuSpeed = round((entry.cpuMsPerStep as number) / entry.gpuMsPerStep);
    large[`${n}x${d}x${k}`] = entry;
  }

  return {
    adapter: handle.adapterName,
    backend: handle.backend,
    emulated,
    note: emulated
      ? `CPU emulation of a GPU: read the ratios, not the absolute speeds; Figure B timed for ${steps} of its ${FIGURE_B_PAPER_STEPS} steps`
      : `hardware adapter: Figure B timed for all ${steps} steps`,
    figureB: {
      runs: FIGURE_B_RUNS,
      steps,
      gpuSeconds: round(gpuSeconds),
      cpuSeconds: round(cpuSeconds),
      gpuStepsPerSecondPerRun: round(steps / gpuSeconds),
      cpuStepsPerSecondPerRun: round(steps / cpuSeconds),
      gpuOverCpuSpeed: round(cpuSeconds / gpuSeconds),
      gpuSecondsFor1e5Steps: round((gpuSeconds * FIGURE_B_PAPER_STEPS) / steps),
    },
    per1000Steps: { dispatches: round(dispatchesPer1000), submits: round(submitsPer1000) },
    largeSteps: large,
  };
}

function timingRun(n: number, d: number, k: number): RunSpec {
  const problem = timingProblem(n, d, k);
  return {
    label: `timing ${n}x${d}x${k}`,
    problem,
    loss: 'pairlog',
    optimizer: 'gd',
    schedule: 'const',
    lr: 0.01,
    seed: 0,
    W0: new Float64Array(d * k),
  };
}
