// The safe fixed step (the step condition of Theorem 3.4, arXiv 2411.01350; docs/theory.md, section 5):
// R = (1/N) Σ L_{y_i}(Wᵀx_i) is (β_v σ_max(X)²/N)-smooth, so any η < 2N/(β_v σ_max(X)²) decreases it. Losses without a global curvature bound get no guarantee.
import { getLoss } from './losses.ts';
import type { LossName, Problem } from '../types.ts';

export { SCHEDULES, type StepSchedule } from './schedules.ts';

/** 2N/(β_v σ_max(X)²); Infinity when the loss has no global smoothness bound (β_v = Infinity). */
export function safeStepBound(loss: LossName, problem: Problem): number {
  return boundFor(getLoss(loss).betaV(problem.train.k), problem);
}

function boundFor(betaV: number, problem: Problem): number {
  if (!Number.isFinite(betaV)) return Infinity;
  return (2 * problem.train.n) / (betaV * problem.sigmaMax2);
}

export interface StepAdvice {
  /** false when η is at or above a finite safe bound; a loss without a global bound has nothing to exceed */
  readonly ok: boolean;
  readonly bound: number;
  readonly message: string;
}

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

export function stepAdvice(loss: LossName, problem: Problem, lr: number): StepAdvice {
  const { label } = getLoss(loss);
  const bound = safeStepBound(loss, problem);
  if (!Number.isFinite(bound)) {
    // A loss with a bound only while every margin u_j ≥ 0 (betaVClassified) gets that bound, which holds
    // once the data are classified (and from W = 0).
    const classified = getLoss(loss).betaVClassified?.(problem.train.k);
    const local =
      classified !== undefined
        ? `; while every margin is ≥ 0 (e.g. from W = 0) β_v ≤ K, so η < 2N/(β_v σ_max(X)²) = ${fmt(boundFor(classified, problem))} is safe there`
        : '';
    return {
      ok: true,
      bound,
      message:
        `${label} has no global smoothness bound, so no η is guaranteed safe and η = ${fmt(lr)} may diverge ` +
        `(the multiclass exponential loss diverges at η = 0.1 on the paper data)${local}; lower η if it does`,
    };
  }
  const rule = `η < 2N/(β_v σ_max(X)²) = ${fmt(bound)} for ${label}`;
  if (lr < bound) return { ok: true, bound, message: `η = ${fmt(lr)} is within the safe bound ${rule}` };
  return { ok: false, bound, message: `η = ${fmt(lr)} exceeds the safe bound ${rule}; lower η` };
}
