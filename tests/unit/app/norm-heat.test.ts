import { describe, expect, it } from 'vitest';
import { normHeatRows } from '../../../src/app/charts/norm-heat.ts';
import { DEFAULT_OPTIMIZER_PARAMS, OPTIMIZER_NAMES } from '../../../src/core/training/optimizers.ts';
import { predictedBias, type BiasRun } from '../../../src/core/theory/predicted-bias.ts';
import type { Checkpoint, NormName } from '../../../src/core/types.ts';

/** The predicted norm of a run at its latest checkpoint (none: before the first); see core/predicted-bias.ts. */
function predictedNorm(run: BiasRun, latest?: Pick<Checkpoint, 'loss'>): NormName | null {
  return predictedBias(run, latest?.loss).norm;
}

const point = (run: number, t: number, rho?: Checkpoint['rho']): Checkpoint => ({
  run,
  t,
  loss: 1,
  normRatio: 1,
  angle: 0,
  distance: 0,
  margin: 0,
  marginRatio: 0,
  trainAcc: 1,
  status: 'running',
  ...(rho ? { rho } : {}),
});
const rho = (
  fro: number | null,
  max: number | null,
  l1: number | null,
  spectral: number | null,
  nuclear: number | null,
) => ({ fro, max, l1, spectral, nuclear });

describe('optimizer × norm heat map rows', () => {
  const runs = [
    { label: 'seed 0 · ce · ngd η=0.1', optimizer: 'ngd' as const },
    { label: 'seed 0 · ce · sign η=0.1', optimizer: 'sign' as const },
    { label: 'seed 0 · ce · spectral η=0.1', optimizer: 'spectral' as const },
    {
      label: 'seed 0 · ce · adam η=0.1 ε=0',
      optimizer: 'adam' as const,
      optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 0 },
    },
  ];
  const checkpoints = [
    [point(0, 10, rho(0.1, 0.1, 0.1, 0.1, 0.1)), point(0, 100, rho(0.95, 0.5, 0.25, 0.75, 0.6))],
    [point(1, 100, rho(-0.2, 1.0000000000000002, null, 0.3, Number.NaN))],
    [],
    [point(3, 100)],
  ];
  const rows = normHeatRows(runs, checkpoints);

  it('has one row per run, five cells in NORM_NAMES order, the values of the latest checkpoint', () => {
    expect(rows.map((r) => r.label)).toEqual(runs.map((r) => r.label));
    expect(rows.map((r) => r.t)).toEqual([100, 100, 0, 100]);
    for (const row of rows) expect(row.cells.map((c) => c.norm)).toEqual(['fro', 'max', 'l1', 'spectral', 'nuclear']);
    expect(rows[0].cells.map((c) => c.value)).toEqual([0.95, 0.5, 0.25, 0.75, 0.6]);
    expect(rows[0].cells.map((c) => c.level)).toEqual([0.95, 0.5, 0.25, 0.75, 0.6]);
  });

  it('clamps the colour level to [0, 1] but keeps the value; null and NaN are unavailable', () => {
    expect(rows[1].cells.map((c) => c.value)).toEqual([-0.2, 1.0000000000000002, null, 0.3, null]);
    expect(rows[1].cells.map((c) => c.level)).toEqual([0, 1, null, 0.3, null]);
    // no checkpoint yet, or a checkpoint without rho: every cell unavailable
    for (const row of [rows[2], rows[3]]) {
      expect(row.cells.map((c) => c.value)).toEqual([null, null, null, null, null]);
      expect(row.cells.map((c) => c.level)).toEqual([null, null, null, null, null]);
    }
  });

  it("flags exactly one cell per row: the optimizer's predicted norm", () => {
    expect(rows.map((r) => r.predicted)).toEqual(['fro', 'max', 'spectral', 'max']);
    for (const row of rows) {
      const flagged = row.cells.filter((c) => c.predicted).map((c) => c.norm);
      expect(flagged).toEqual([row.predicted]);
    }
  });

  it("predicts every optimizer's norm; Adam with ε > 0 none until its gradients are known to be far below ε", () => {
    const expected: Record<string, NormName> = {
      gd: 'fro',
      ngd: 'fro',
      sign: 'max',
      spectral: 'spectral',
      nuclear: 'nuclear',
      signum: 'max',
      muon: 'spectral',
      momentum: 'fro',
      adam: 'max',
      nesterov: 'fro',
    };
    for (const optimizer of OPTIMIZER_NAMES) {
      expect(predictedNorm({ optimizer, optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 0 } })).toBe(expected[optimizer]);
    }
    expect(predictedNorm({ optimizer: 'adam', optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 1e-8 } })).toBeNull();
    expect(predictedNorm({ optimizer: 'adam' })).toBeNull(); // no optim: the defaults, ε = 1e-8
    // CE with max|x| = 1 at mean loss 1e-11: every gradient entry ≤ 1e-11 ≤ 0.01·ε, so ε dominates: Frobenius
    const problem = { train: { X: new Float64Array([1, -0.5]) } };
    expect(predictedNorm({ optimizer: 'adam', loss: 'ce', problem }, { loss: 1e-11 })).toBe('fro');
    expect(predictedNorm({ optimizer: 'adam', loss: 'ce', problem }, { loss: 1e-9 })).toBeNull();
  });
});
