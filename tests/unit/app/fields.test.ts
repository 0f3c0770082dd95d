import { describe, expect, it } from 'vitest';
import { stepHint, stepWarning } from '../../../src/app/state/fields.ts';
import { findPreset } from '../../../src/app/state/presets.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';

describe('the η field', () => {
  const exp = { ...findPreset('figureB')!.experiment, seeds: [0] };
  const problem = expandRuns(exp).problems[0];

  it('warns, naming the bound, when η is above the safe bound of the data (2N/(β_v σ_max(X)²) = 1.83 on seed 0)', () => {
    // by hand: N = 100, β_v = K/4 = 0.75 for PairLogLoss, σ_max(X)² of the seed-0 training set
    expect(200 / (0.75 * problem.sigmaMax2)).toBeCloseTo(1.83, 2);
    const warning = stepWarning({ ...exp, lrs: [50] }, problem);
    expect(warning).toBe(
      "η = 50 is above the safe bound 1.83 for PairLogLoss: the run may diverge (it will still run; lower η for the paper's regime).",
    );
    expect(stepWarning({ ...exp, lrs: [1.8] }, problem)).toBe('');
    expect(stepWarning({ ...exp, lrs: [0.1 / 3] }, problem)).toBe('');
  });

  it('names every loss and η that is over, and says nothing before the data are built', () => {
    // squared loss: β_v = 2K = 6, bound 200/(6 σ²) = 0.229; η = 0.1 is inside both bounds, η = 1 only inside PairLogLoss's
    expect(stepWarning({ ...exp, losses: ['pairlog', 'squared'], lrs: [0.1, 1] }, problem)).toBe(
      "η = 1 is above the safe bound 0.229 for Squared (relative margin): the run may diverge (it will still run; lower η for the paper's regime).",
    );
    expect(stepWarning({ ...exp, lrs: [50] }, undefined)).toBe('');
    // the hint keeps to the bounds; the warning is what speaks up
    expect(stepHint({ ...exp, lrs: [50] }, problem)).toBe('safe η (2N/(β σ_max(X)²)): pairlog < 1.83');
  });
});
