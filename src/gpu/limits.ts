// Sizes against the adapter's limits, checked before anything is allocated (nothing here imports TypeGPU).
import { keepsState, OPTIMIZERS, usesSpectralStage } from '../core/training/optimizers.ts';
import { LabError, type OptimizerName, type RunSpec } from '../core/types.ts';
import {
  FUSED_MIN_WORKGROUP_SIZE,
  MAX_CLASSES,
  POLAR_SWEEPS,
  SOFTWARE_LOOP_BUDGET,
  SPLIT_K_PARTS,
} from './buffers/run-params.ts';

const MiB = 1024 * 1024;
const fmtMiB = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 2 : 0)} MiB`;

/** The buffers one problem needs, each in bytes, with the setting to lower when it is too big. */
function bufferNeeds(n: number, d: number, k: number, runs: number): { what: string; bytes: number; field: string }[] {
  return [
    { what: `X (N×d = ${n}×${d} f32)`, bytes: n * d * 4, field: n >= d ? 'n' : 'd' },
    {
      what: `the scores and gradient weights (N×K = ${n}×${k} f32 per run)`,
      bytes: n * k * 4,
      field: n >= k ? 'n' : 'k',
    },
    {
      what: `the split-K partial sums (${SPLIT_K_PARTS}×d×K = ${SPLIT_K_PARTS}×${d}×${k} f32)`,
      bytes: SPLIT_K_PARTS * d * k * 4,
      field: d >= k ? 'd' : 'k',
    },
    { what: `W of all runs (${runs}×d×K f32)`, bytes: runs * d * k * 4, field: 'runs' },
  ];
}

/**
 * Why a problem of this size cannot run on an adapter with these limits, naming the size and the
 * limit, or null when it fits.
 */
export function checkGpuSize(n: number, d: number, k: number, runs: number, limits: GPUSupportedLimits): string | null {
  return sizeProblem(n, d, k, runs, limits)?.message ?? null;
}

function sizeProblem(
  n: number,
  d: number,
  k: number,
  runs: number,
  limits: GPUSupportedLimits,
): { message: string; field: string } | null {
  if (k > MAX_CLASSES) {
    return {
      field: 'k',
      message: `K = ${k} classes: the GPU engine handles at most ${MAX_CLASSES} (the range its kernels are built and tested for); lower k or use the CPU engine`,
    };
  }
  const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const capName =
    limits.maxStorageBufferBindingSize <= limits.maxBufferSize ? 'maxStorageBufferBindingSize' : 'maxBufferSize';
  for (const need of bufferNeeds(n, d, k, runs)) {
    if (need.bytes > cap) {
      return {
        field: need.field,
        message:
          `${need.what} needs ${fmtMiB(need.bytes)}, beyond this GPU's ${capName} of ${fmtMiB(cap)}; ` +
          `lower ${need.field} or use the CPU engine`,
      };
    }
  }
  return null;
}

/** Throws a LabError naming the field when a problem is too big for the adapter. */
export function assertGpuSize(n: number, d: number, k: number, runs: number, limits: GPUSupportedLimits): void {
  const problem = sizeProblem(n, d, k, runs, limits);
  if (problem) throw new LabError(problem.message, problem.field);
}

/** Loop iterations of the spectral stage (shaders/spectral.wgsl) per step, for the thread that runs the Jacobi rotations (upper estimate). */
export function spectralIterationsPerStep(
  dim: number,
  classes: number,
  wg: number,
  optimizer: OptimizerName,
  ns: number,
): number {
  if (!usesSpectralStage(optimizer)) return 0;
  const dk = dim * classes;
  const entries = Math.ceil(dk / wg);
  // a momentum method first folds the gradient into M; `ns` > 0 replaces the rotations by Newton–Schulz
  const fold = keepsState(optimizer) ? entries + 1 : 0;
  if (OPTIMIZERS[optimizer].params.includes('ns') && ns > 0) {
    const kk = Math.ceil((classes * classes) / wg);
    return (
      fold + dk + 2 * entries + 2 + ns * (1 + kk * (dim + 1) + kk * (classes + 1) + entries * (classes + 1) + entries)
    );
  }
  const m = classes - 1;
  const rowLoops = Math.ceil(dim / wg);
  const pairs = (m * (m - 1)) / 2;
  return (
    fold +
    rowLoops * (m + 1) +
    Math.ceil((m * m) / wg) +
    1 +
    POLAR_SWEEPS * (1 + m + pairs * (3 + 2 * dim + m)) +
    2 * m * (dim + 1) +
    2 +
    rowLoops * (m * (m + 1) + 1)
  );
}

/**
 * On an adapter that ends long shader loops (llvmpipe), one thread's Jacobi rotations of a spectral step
 * (shaders/spectral.wgsl, about K²·d per sweep) must fit the loop budget, or the step would be cut short
 * without a sign: such runs are refused by name, with the fix.
 */
export function assertSpectralFitsLoopCap(runs: readonly RunSpec[], adapter: string): void {
  for (const run of runs) {
    const { d, k } = run.problem.train;
    const loops = spectralIterationsPerStep(d, k, FUSED_MIN_WORKGROUP_SIZE, run.optimizer, run.optim?.ns ?? 0);
    if (loops > SOFTWARE_LOOP_BUDGET) {
      throw new LabError(
        `\`${run.optimizer}\` at d = ${d}, K = ${k} needs about ${loops.toLocaleString('en-US')} shader loop iterations per step, more than ` +
          `this adapter (${adapter}) runs in one invocation (${SOFTWARE_LOOP_BUDGET.toLocaleString('en-US')}); use engine=cpu, a hardware GPU, or fewer classes`,
        'engine',
      );
    }
  }
}
