// When a run has diverged, one rule for every engine. A checkpoint whose numbers should be finite
// and are not IS the divergence point: the run is reported as diverged on that very checkpoint and
// stops there (its W is kept), so no later checkpoint of it reads as a healthy run.
import type { Metrics } from './metrics.ts';
import { stepAdvice } from './step-size.ts';
import type { RunSpec } from '../types.ts';

/** Metrics that are finite at every checkpoint of a healthy run. */
const ALWAYS_FINITE = ['loss', 'normRatio', 'trainAcc', 'testAcc'] as const;
/** Metrics of W's direction: undefined (NaN) at W = 0, where there is no direction; finite otherwise. */
const FINITE_WHEN_W_NONZERO = ['angle', 'distance', 'margin', 'marginRatio'] as const;

/**
 * The first metric that is not finite although it should be, or undefined. NaN is legitimate only
 * for a quantity that is undefined: the direction metrics (angle, distance, margin, marginRatio) at
 * W = 0 (normRatio exactly 0, e.g. t = 0 from a zero start). A loss, a norm or an accuracy that is
 * NaN or ±Infinity, or a direction metric that is once W ≠ 0, means the arithmetic overflowed.
 */
export function nonFiniteMetric(m: Metrics): { name: string; value: number } | undefined {
  for (const name of ALWAYS_FINITE) {
    const value = m[name];
    if (value !== undefined && !Number.isFinite(value)) return { name, value };
  }
  if (m.normRatio === 0) return undefined;
  for (const name of FINITE_WHEN_W_NONZERO) {
    if (!Number.isFinite(m[name])) return { name, value: m[name] };
  }
  return undefined;
}

/** The message of a run that diverged at update t: what went non-finite, then what the safe step-size bound says of its η. */
export function divergenceMessage(t: number, cause: string, spec: Pick<RunSpec, 'loss' | 'problem' | 'lr'>): string {
  return `diverged at t = ${t}: ${cause} (W is kept at t = ${t}). ${stepAdvice(spec.loss, spec.problem, spec.lr).afterDivergence}`;
}

/** The cause written for a checkpoint that nonFiniteMetric refused ("the loss is Infinity"). */
export function nonFiniteCause(bad: { name: string; value: number }): string {
  return `${bad.name} is ${String(bad.value)}, not a finite number`;
}

/** The cause an engine writes when an update itself produced a non-finite gradient or W. */
export const NON_FINITE_UPDATE = 'the loss or W became non-finite';
