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
  /** before a run: what the bound guarantees for this η, and that a run above it may diverge (never that it will) */
  readonly message: string;
  /** after a run diverged: the same known facts, then "lower η" (divergence.ts appends it to the cause) */
  readonly afterDivergence: string;
}

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

/**
 * What the smoothness bound says about η, and nothing more: η < 2/β = 2N/(β_v σ_max(X)²) is a sufficient
 * condition for monotone descent (the descent lemma; Theorem 3.4 of arXiv 2411.01350), not a divergence
 * threshold. Above it descent is not guaranteed and a run may diverge or, for logistic-type losses, still
 * converge after an oscillating phase (Wu, Bartlett, Telgarsky, Yu, arXiv 2402.15926); no divergence is
 * claimed that was not measured.
 */
export function stepAdvice(loss: LossName, problem: Problem, lr: number): StepAdvice {
  const { label } = getLoss(loss);
  const bound = safeStepBound(loss, problem);
  const eta = `η = ${fmt(lr)}`;
  if (!Number.isFinite(bound)) {
    // A loss with a bound only while every margin u_j ≥ 0 (betaVClassified) gets that bound, which holds
    // once the data are classified (and from W = 0).
    const classified = getLoss(loss).betaVClassified?.(problem.train.k);
    const local =
      classified !== undefined
        ? `; while every margin is ≥ 0 (e.g. from W = 0) β_v ≤ K, and η < 2N/(β_v σ_max(X)²) = ${fmt(boundFor(classified, problem))} guarantees descent there`
        : '';
    const known = `${label} has no global smoothness bound, so no η guarantees descent${local}`;
    return {
      ok: true,
      bound,
      message: `${known}; ${eta} may diverge (lower η if it does)`,
      afterDivergence: `${known}; lower η`,
    };
  }
  const rule = `2/β = 2N/(β_v σ_max(X)²) = ${fmt(bound)} for ${label}`;
  if (lr < bound) {
    const known = `${eta} is below the safe bound ${rule}, so every step decreases the loss in exact arithmetic`;
    return { ok: true, bound, message: known, afterDivergence: `${known}; lower η` };
  }
  const known = `${eta} is at or above the safe bound ${rule}: descent is not guaranteed`;
  return {
    ok: false,
    bound,
    message: `${known}; this run may diverge (lower η below ${fmt(bound)} for guaranteed descent)`,
    afterDivergence: `${known}; lower η below ${fmt(bound)} for guaranteed descent`,
  };
}
