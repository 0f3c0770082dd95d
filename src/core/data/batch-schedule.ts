// Which training rows a mini-batch step reads (issue 17; SGD as in Nacson, Srebro, Soudry, arXiv 1806.01796):
// one numpy RandomState(bseed) stream, epoch e's order its e-th permutation(N) (numpy's legacy shuffle,
// numpy-rng.ts), and the epoch's ceil(N/B) steps consecutive slices of B rows of that order, the last one
// shorter when B does not divide N. The rows of step t are a pure function of (bseed, N, B, t), so a run
// resumed at t (a split or recovered engine) reads the same rows as one that never stopped.
import { NumpyRandomState } from './numpy-rng.ts';
import { LabError } from '../types.ts';

export class BatchSchedule {
  /** steps per epoch, ceil(N/B) */
  readonly stepsPerEpoch: number;
  private rng: NumpyRandomState;
  private epoch = -1;
  private order: Uint32Array = new Uint32Array(0);

  constructor(
    readonly n: number,
    readonly batch: number,
    readonly seed: number,
  ) {
    if (!Number.isSafeInteger(batch) || batch < 1 || batch > n) {
      throw new LabError(
        `batch: ${batch} is not a batch size for N = ${n}; use a whole number from 1 to ${n}`,
        'batch',
      );
    }
    this.rng = new NumpyRandomState(seed);
    this.stepsPerEpoch = Math.ceil(n / batch);
  }

  /** The rows of update t (0-based), in the order of the epoch's permutation; a view valid until the next call. */
  rows(t: number): Uint32Array {
    const epoch = Math.floor(t / this.stepsPerEpoch);
    this.seek(epoch);
    const start = (t - epoch * this.stepsPerEpoch) * this.batch;
    return this.order.subarray(start, Math.min(start + this.batch, this.n));
  }

  /** Draws the stream forward to `epoch`'s permutation, from the seed again when it is behind. */
  private seek(epoch: number): void {
    if (epoch < this.epoch) {
      this.rng = new NumpyRandomState(this.seed);
      this.epoch = -1;
    }
    while (this.epoch < epoch) {
      this.order = this.rng.permutation(this.n);
      this.epoch++;
    }
  }
}

/** The run's schedule, or undefined for full batch (no batch, or B ≥ N: every row every step, as plain GD). */
export function batchScheduleOf(spec: {
  readonly batch?: number;
  readonly bseed?: number;
  readonly problem: { readonly train: { readonly n: number } };
}): BatchSchedule | undefined {
  const n = spec.problem.train.n;
  if (spec.batch === undefined || spec.batch >= n) return undefined;
  return new BatchSchedule(n, spec.batch, spec.bseed ?? 0);
}
