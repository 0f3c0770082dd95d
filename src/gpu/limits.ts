// Sizes against the adapter's limits, checked before anything is allocated.
import { LabError } from '../core/types.ts';
import { MAX_CLASSES, SPLIT_K_PARTS } from './params.ts';

const MiB = 1024 * 1024;
const fmtMiB = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 2 : 0)} MiB`;

/** The buffers one problem needs, each in bytes, with the setting to lower when it is too big. */
function bufferNeeds(n: number, d: number, k: number, runs: number): { what: string; bytes: number; field: string }[] {
  return [
    { what: `X (N×d = ${n}×${d} f32)`, bytes: n * d * 4, field: n >= d ? 'n' : 'd' },
    { what: `the scores and gradient weights (N×K = ${n}×${k} f32 per run)`, bytes: n * k * 4, field: n >= k ? 'n' : 'k' },
    { what: `the split-K partial sums (${SPLIT_K_PARTS}×d×K = ${SPLIT_K_PARTS}×${d}×${k} f32)`, bytes: SPLIT_K_PARTS * d * k * 4, field: d >= k ? 'd' : 'k' },
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

function sizeProblem(n: number, d: number, k: number, runs: number, limits: GPUSupportedLimits): { message: string; field: string } | null {
  if (k > MAX_CLASSES) {
    return { field: 'k', message: `K = ${k} classes: the GPU engine handles at most ${MAX_CLASSES} (the range its kernels are built and tested for); lower k or use the CPU engine` };
  }
  const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const capName = limits.maxStorageBufferBindingSize <= limits.maxBufferSize ? 'maxStorageBufferBindingSize' : 'maxBufferSize';
  for (const need of bufferNeeds(n, d, k, runs)) {
    if (need.bytes > cap) {
      return {
        field: need.field,
        message: `${need.what} needs ${fmtMiB(need.bytes)}, beyond this GPU's ${capName} of ${fmtMiB(cap)}; ` +
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
