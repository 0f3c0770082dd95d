// How many runs an experiment may hold, from memory rather than a fixed number: every run's state and
// metric history is counted against one budget, after the data sets' own bytes, and an experiment over
// the cap is refused (or clamped, on the page) by name before anything is allocated. The GPU engine
// checks its own buffers against the adapter's limits when it loads (gpu/limits.ts).
import { checkpointSchedule } from './schedule.ts';

/** Bytes an experiment's runs and data may hold: "a GPU with 1 GB to spare", and the page's heap alike. */
export const RUN_MEMORY_BUDGET = 1024 ** 3;

const F64 = 8;
/** one run's objects that do not scale with its size: its spec, label, status and the engine's bookkeeping */
const RUN_OVERHEAD = 1024;
/** numbers one checkpoint keeps per run (t, loss, ‖W‖, angle, distance, margin, margin ratio, accuracies) */
const HISTORY_NUMBERS = 12;

export interface RunShape {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** data sets: one per seed for generated data, one for an upload */
  readonly problems: number;
  /** steps T, which sets how many checkpoints each run keeps */
  readonly steps: number;
  /** whether any run uses normalised GD, which keeps N×K log pair weights per run on the CPU engine */
  readonly ngd: boolean;
}

/**
 * Bytes one run holds at its largest: W(0), W, the gradient and the checkpoint's kept W (float64), the
 * block scratch, NGD's N×K log weights, and its metric history at 10 checkpoints per decade. The GPU
 * engine's share (W as two f32 parts, parameters, state, metrics) is smaller than the CPU's.
 */
export function bytesPerRun(s: RunShape): number {
  const history = checkpointSchedule(s.steps).length + 1;
  return (4 * s.d * s.k + 8 * s.k + (s.ngd ? s.n * s.k : 0) + history * HISTORY_NUMBERS) * F64 + RUN_OVERHEAD;
}

/** Bytes the data sets hold: train and test X and labels, and the SVM target, per data set. */
export function dataBytes(s: RunShape): number {
  return s.problems * (2 * s.n * s.d * F64 + 2 * s.n * 4 + s.d * s.k * F64);
}

/** The most runs that fit the budget after the data (0 when the data alone do not fit). */
export function maxRuns(s: RunShape): number {
  return Math.max(0, Math.floor((RUN_MEMORY_BUDGET - dataBytes(s)) / bytesPerRun(s)));
}

const MiB = 1024 ** 2;

/** The cap in words, for a message: "at N=100, d=10, K=3 and 10⁴ steps a run holds 3.1 KiB, so 1 GiB holds 300,000 runs". */
export function describeCap(s: RunShape): string {
  const per = bytesPerRun(s);
  return `a run holds ${(per / 1024).toFixed(1)} KiB at N=${s.n}, d=${s.d}, K=${s.k} and ${s.steps} steps, ` +
    `and ${s.problems} data set${s.problems === 1 ? '' : 's'} ${(dataBytes(s) / MiB).toFixed(1)} MiB, ` +
    `so the ${RUN_MEMORY_BUDGET / 1024 ** 3} GiB budget holds ${maxRuns(s)} runs`;
}
