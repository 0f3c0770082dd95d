// The optimizer × norm view: for every run, ρ_p at its latest checkpoint in each of the five norms, with
// the norm the run's optimizer is predicted to approach (the optimizer table, src/core/optimizers.ts).
import { DEFAULT_OPTIMIZER_PARAMS, OPTIMIZERS } from '../core/optimizers.ts';
import { NORM_NAMES, type Checkpoint, type NormName, type RunSpec } from '../core/types.ts';

export interface NormHeatCell {
  readonly norm: NormName;
  /** ρ_p at the row's latest checkpoint; null where unavailable (no γ_p, not finite) */
  readonly value: number | null;
  /** the colour scale's position: value clamped to [0, 1]; null with value */
  readonly level: number | null;
  /** the norm the row's optimizer is predicted to approach */
  readonly predicted: boolean;
}

export interface NormHeatRow {
  readonly label: string;
  readonly predicted: NormName;
  /** t of the row's latest checkpoint (0 before the first) */
  readonly t: number;
  /** one per norm, in NORM_NAMES order */
  readonly cells: readonly NormHeatCell[];
}

/**
 * The predicted norm of a run: its optimizer's bias, except that Adam with ε > 0 turns to GD's Frobenius
 * bias once its gradients fall far below ε (Wang et al., arXiv 2110.03891); Adam with ε = 0 keeps max-norm.
 */
export function predictedNorm(run: Pick<RunSpec, 'optimizer' | 'optim'>): NormName {
  if (run.optimizer === 'adam' && (run.optim ?? DEFAULT_OPTIMIZER_PARAMS).eps > 0) return 'fro';
  return OPTIMIZERS[run.optimizer].bias;
}

/** One row per run, from the latest checkpoint of each run's series (checkpoints[i] belongs to runs[i]). */
export function normHeatRows(
  runs: readonly Pick<RunSpec, 'label' | 'optimizer' | 'optim'>[],
  checkpoints: readonly (readonly Checkpoint[] | undefined)[],
): NormHeatRow[] {
  return runs.map((run, i) => {
    const latest = checkpoints[i]?.at(-1);
    const predicted = predictedNorm(run);
    return {
      label: run.label,
      predicted,
      t: latest?.t ?? 0,
      cells: NORM_NAMES.map((norm) => {
        const raw = latest?.rho?.[norm];
        const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
        return { norm, value, level: value === null ? null : Math.min(1, Math.max(0, value)), predicted: norm === predicted };
      }),
    };
  });
}
