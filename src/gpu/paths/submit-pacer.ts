// How many steps go into the next command buffer. A path with a range (the tiled path) aims each
// submit at TARGET_SUBMIT_MS of GPU time, from the measured time of earlier submits, so a slow
// adapter gets short submits (the page keeps its frames) and a fast one gets long ones (few
// submits). Chunking never changes results: every step records the same dispatches in the same order.
import { TARGET_SUBMIT_MS } from '../buffers/run-params.ts';

export interface SubmitRange {
  readonly initial: number;
  readonly min: number;
  readonly max: number;
}

/** Largest factor by which one measurement may change the steps per submit (one slow frame is not a trend). */
const MAX_CHANGE_PER_MEASUREMENT = 2;

export class SubmitPacer {
  #steps: number;

  constructor(
    readonly range: SubmitRange,
    readonly targetMs: number = TARGET_SUBMIT_MS,
  ) {
    this.#steps = range.initial;
  }

  get stepsPerSubmit(): number {
    return this.#steps;
  }

  /** A submit of `steps` steps took `ms` from the moment the GPU could start it to its completion. */
  record(steps: number, ms: number): void {
    const { min, max } = this.range;
    if (min === max || steps <= 0) return;
    const ideal = ms > 0 ? (steps * this.targetMs) / ms : max;
    const bounded = Math.min(
      this.#steps * MAX_CHANGE_PER_MEASUREMENT,
      Math.max(this.#steps / MAX_CHANGE_PER_MEASUREMENT, ideal),
    );
    this.#steps = Math.min(max, Math.max(min, Math.round(bounded)));
  }
}

/** A pacer that always records `steps` steps per submit. */
export const fixedPacer = (steps: number): SubmitPacer => new SubmitPacer({ initial: steps, min: steps, max: steps });
