// Packs runs into the flat arrays the kernels read: the features and labels of every distinct
// problem once (runs that share a Problem object share its data), W per run split into a high and
// a low f32 part, and one RunParams record per run.
import type { OptimizerSnapshot, Problem, ResumeState, RunSpec } from '../../core/types.ts';
import { DEFAULT_OPTIMIZER_PARAMS, keepsState } from '../../core/training/optimizers.ts';
import { POLY_R } from '../../core/training/losses.ts';
import { LOG_ZERO } from './run-params.ts';
import { lossCode, optimizerCode, scheduleCode, type RunParams } from './schemas.ts';

export interface RunTable {
  readonly X: Float32Array;
  readonly labels: Uint32Array;
  /** one RunParams record per run, in run order */
  readonly params: readonly RunParams[];
  readonly Whi: Float32Array;
  readonly Wlo: Float32Array;
  /** optimizer state of every run (momentum averages, Adam's moments), at RunParams.optOffset; from resume.optim when given */
  readonly opt: Float32Array;
  /** per run: where its W starts in Whi/Wlo, and its length d·K */
  readonly wOffsets: readonly number[];
  readonly wLengths: readonly number[];
  /** distinct problems in first-use order, with their offsets into X and labels */
  readonly problems: readonly { problem: Problem; xOffset: number; yOffset: number }[];
}

/** W as an unevaluated sum hi + lo of f32 numbers, the closest such pair to the float64 value. */
export function splitF32(W: Float64Array, hi: Float32Array, lo: Float32Array, offset: number): void {
  for (let i = 0; i < W.length; i++) {
    const h = Math.fround(W[i]);
    hi[offset + i] = h;
    lo[offset + i] = Math.fround(W[i] - h);
  }
}

/**
 * `compensated[r]` false makes run r accumulate W in plain f32: only so that a test can show the
 * stall that compensated accumulation prevents.
 */
export function buildRunTable(
  runs: readonly RunSpec[],
  resume?: ResumeState,
  compensated?: readonly boolean[],
): RunTable {
  const problems: { problem: Problem; xOffset: number; yOffset: number }[] = [];
  const where = new Map<Problem, { xOffset: number; yOffset: number }>();
  let xLength = 0;
  let yLength = 0;
  for (const run of runs) {
    if (where.has(run.problem)) continue;
    const entry = { problem: run.problem, xOffset: xLength, yOffset: yLength };
    where.set(run.problem, entry);
    problems.push(entry);
    xLength += run.problem.train.n * run.problem.train.d;
    yLength += run.problem.train.n;
  }
  const X = new Float32Array(Math.max(xLength, 1));
  const labels = new Uint32Array(Math.max(yLength, 1));
  for (const { problem, xOffset, yOffset } of problems) {
    X.set(problem.train.X, xOffset); // Float64 → f32 rounding by TypedArray.set
    labels.set(problem.train.y, yOffset);
  }

  const wLengths = runs.map((r) => r.problem.train.d * r.problem.train.k);
  const wOffsets: number[] = [];
  let wLength = 0;
  for (const len of wLengths) {
    wOffsets.push(wLength);
    wLength += len;
  }
  const Whi = new Float32Array(Math.max(wLength, 1));
  const Wlo = new Float32Array(Math.max(wLength, 1));
  runs.forEach((run, r) => splitF32(resume ? resume.W[r] : run.W0, Whi, Wlo, wOffsets[r]));

  const params = runs.map((run, r): RunParams => {
    const { n, d, k } = run.problem.train;
    const { xOffset, yOffset } = where.get(run.problem)!;
    const optim = run.optim ?? DEFAULT_OPTIMIZER_PARAMS;
    return {
      n,
      dim: d,
      classes: k,
      xOffset,
      yOffset,
      wOffset: wOffsets[r],
      loss: lossCode(run.loss),
      optimizer: optimizerCode(run.optimizer),
      schedule: scheduleCode(run.schedule),
      lr: run.lr,
      power: POLY_R,
      compensated: compensated?.[r] === false ? 0 : 1,
      index: r,
      one: 1,
      beta: optim.beta,
      beta2: optim.beta2,
      eps: optim.eps,
      optOffset: wOffsets[r] * 2 + 2 * r,
      ns: optim.ns,
      // a spec written before λ existed has none
      wd: optim.wd || 0,
    };
  });
  // per run: [log scale of M, log scale of v, M, v], M = v = 0 with log scales LOG_ZERO (nothing accumulated)
  const opt = new Float32Array(Math.max(2 * wLength + 2 * runs.length, 1));
  params.forEach((p, r) => {
    opt.fill(LOG_ZERO, p.optOffset, p.optOffset + 2);
    const snap = resume?.optim?.[r];
    if (!snap) return;
    // a resumed run continues its optimizer: the snapshot's log scales and entries (f32, as the GPU keeps them)
    const dk = wLengths[r];
    opt[p.optOffset] = snap.mLog === -Infinity ? LOG_ZERO : snap.mLog;
    opt[p.optOffset + 1] = snap.vLog === -Infinity ? LOG_ZERO : snap.vLog;
    opt.set(snap.m.length === dk ? snap.m : new Float64Array(dk), p.optOffset + 2);
    opt.set(snap.v.length === dk ? snap.v : new Float64Array(dk), p.optOffset + 2 + dk);
  });
  return { X, labels, params, Whi, Wlo, opt, wOffsets, wLengths, problems };
}

/** Whether a run's optimizer keeps state (momentum, Adam's moments) that a checkpoint must carry. */
export function keepsOptimizerState(run: RunSpec): boolean {
  return keepsState(run.optimizer);
}

/**
 * Each run's optimizer state from the opt buffer ([mLog, vLog, M, v] per run, as buildRunTable lays it
 * out), for the optimizers that keep one; LOG_ZERO becomes −Infinity.
 */
export function optimizerSnapshots(runs: readonly RunSpec[], opt: Float32Array): (OptimizerSnapshot | undefined)[] {
  let at = 0;
  return runs.map((run) => {
    const dk = run.problem.train.d * run.problem.train.k;
    const start = at;
    at += 2 + 2 * dk;
    if (!keepsOptimizerState(run)) return undefined;
    const log = (x: number) => (x <= LOG_ZERO / 2 ? -Infinity : x);
    return {
      mLog: log(opt[start]),
      vLog: log(opt[start + 1]),
      m: Float64Array.from(opt.subarray(start + 2, start + 2 + dk)),
      v: Float64Array.from(opt.subarray(start + 2 + dk, start + 2 + 2 * dk)),
    };
  });
}
