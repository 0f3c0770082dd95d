// The optimizer × norm view: for every run, ρ_p at its latest checkpoint in each of the five norms, with
// the norm the run's optimizer is predicted to approach there (core/predicted-bias.ts, which the theory
// panel's checks read too).
import { predictedBias, type BiasRun } from '../../core/theory/predicted-bias.ts';
import { NORM_NAMES, type Checkpoint, type NormName, type RunSpec } from '../../core/types.ts';

interface NormHeatCell {
  readonly norm: NormName;
  /** ρ_p at the row's latest checkpoint; null where unavailable (no γ_p, not finite) */
  readonly value: number | null;
  /** the colour scale's position: value clamped to [0, 1]; null with value */
  readonly level: number | null;
  /** the norm the row's optimizer is predicted to approach at this t */
  readonly predicted: boolean;
  /** no norm is predicted at this t, and this is one of the two it heads for (Adam with ε > 0: max-norm early, Frobenius eventually) */
  readonly tentative: boolean;
}

interface NormHeatRow {
  readonly label: string;
  /** the predicted norm at this t; null while there is none (Adam with ε > 0 before ε dominates its step) */
  readonly predicted: NormName | null;
  /** the prediction in words (the cells' tooltip) */
  readonly why: string;
  /** t of the row's latest checkpoint (0 before the first) */
  readonly t: number;
  /** one per norm, in NORM_NAMES order */
  readonly cells: readonly NormHeatCell[];
}

/** One row per run, from the latest checkpoint of each run's series (checkpoints[i] belongs to runs[i]). */
export function normHeatRows(
  runs: readonly (Pick<RunSpec, 'label' | 'optimizer' | 'optim'> & BiasRun)[],
  checkpoints: readonly (readonly Checkpoint[] | undefined)[],
): NormHeatRow[] {
  return runs.map((run, i) => {
    const latest = checkpoints[i]?.at(-1);
    const prediction = predictedBias(run, latest?.loss);
    const tentative: readonly NormName[] =
      prediction.norm === null ? [prediction.early ?? prediction.eventual, prediction.eventual] : [];
    return {
      label: run.label,
      predicted: prediction.norm,
      why: prediction.why,
      t: latest?.t ?? 0,
      cells: NORM_NAMES.map((norm) => {
        const raw = latest?.rho?.[norm];
        const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
        return {
          norm,
          value,
          level: value === null ? null : Math.min(1, Math.max(0, value)),
          predicted: norm === prediction.norm,
          tentative: tentative.includes(norm),
        };
      }),
    };
  });
}
