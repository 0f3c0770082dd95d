// The mini-batch parameters of the experiment table (issue 17): `batch=B` / --batch B, the rows per step
// (1 ≤ B ≤ N; `full`, the default, is full-batch GD), and `bseed=S` / --batch-seed S, the seed of the one
// numpy RandomState(S) stream whose e-th permutation(N) orders epoch e (data/batch-schedule.ts).
// Both are written into a link only when they differ from their defaults, so older links read the same.
import { LIMITS } from '../sizes/size-limits.ts';
import type { ParamSpec } from './param-spec.ts';
import { parseInteger, show } from './param-values.ts';
import { excerpt } from './user-text.ts';
import { LabError, type EngineChoice, type Experiment } from '../types.ts';

/** Experiment.batch's value for full batch (every row every step); `batch=full` in a link. */
export const FULL_BATCH = 0;
const BATCH_USE = 'use a whole number of rows from 1 to N (the training points), or full';
const BSEED_USE = `use a whole number from 0 to ${LIMITS.seeds.max}, e.g. 0`;

function checkBatch(value: unknown): { value: number } {
  if (value === FULL_BATCH) return { value };
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new LabError(`batch: ${show(value)} is not a batch size; ${BATCH_USE}`, 'batch');
  }
  return { value };
}

function checkBseed(value: unknown): { value: number } {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > LIMITS.seeds.max) {
    throw new LabError(`bseed: ${show(value)} is not a batch seed; ${BSEED_USE}`, 'bseed');
  }
  return { value };
}

export const BATCH_PARAM_TABLE: { readonly batch: ParamSpec<number>; readonly bseed: ParamSpec<number> } = {
  batch: {
    key: 'batch',
    type: 'integer',
    default: FULL_BATCH,
    bounds: '1..N, or full',
    help: "rows per step: mini-batch SGD over consecutive slices of each epoch's numpy permutation (the last one shorter); full = every row",
    omitWhenDefault: true,
    parse: (raw) => {
      if (raw.trim() === 'full') return FULL_BATCH;
      const value = parseInteger(raw, 'batch', BATCH_USE);
      if (value < 1) throw new LabError(`batch: "${excerpt(raw)}" is not a batch size; ${BATCH_USE}`, 'batch');
      return value;
    },
    format: (value) => (value === FULL_BATCH ? 'full' : String(value)),
    check: checkBatch,
  },
  bseed: {
    key: 'bseed',
    type: 'integer',
    default: 0,
    bounds: `0..${LIMITS.seeds.max}`,
    help: 'seed of the mini-batch order: epoch e is the e-th numpy RandomState(bseed).permutation(N)',
    omitWhenDefault: true,
    parse: (raw) => parseInteger(raw, 'bseed', BSEED_USE),
    format: String,
    check: checkBseed,
  },
};

/** A batch larger than the training set, refused by field with the fix (null when it fits or is full). */
export function batchSizeError(batch: number, n: number): string | null {
  if (batch === FULL_BATCH || batch <= n) return null;
  return `${batch} rows is more than the N = ${n} training points; use a batch from 1 to ${n}, or full`;
}

/** Why the GPU engine does not take a mini-batch run (yet): the message names the field and the fix. */
export const BATCH_ON_GPU = 'mini-batches run on the CPU engine for now; use engine=cpu';

/** Whether the runs step on mini-batches (batch < N): the GPU engine refuses them and `auto` picks the CPU. */
export function isMiniBatch(exp: { readonly batch: number; readonly n: number }): boolean {
  return exp.batch !== FULL_BATCH && exp.batch < exp.n;
}

/** The engine an experiment runs on: `auto` with mini-batches is the CPU engine, which has them. */
export function engineChoiceOf(exp: Pick<Experiment, 'engine' | 'batch' | 'n'>): EngineChoice {
  return exp.engine === 'auto' && isMiniBatch(exp) ? 'cpu' : exp.engine;
}
