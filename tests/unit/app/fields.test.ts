import { describe, expect, it } from 'vitest';
import { BETA_MEANING, stepHint, stepWarning } from '../../../src/app/state/fields.ts';
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

  it('a sweep counts the step sizes over each bound in one line, and says what β is (issue 21)', () => {
    // 50 step sizes, 1e-3 to 1e3 on a log grid; the bound by hand: 2N/(β_v σ_max(X)²) with β_v = K/4 = 0.75
    const lrs = Array.from({ length: 50 }, (_, i) => 10 ** (-3 + (6 * i) / 49));
    const bound = 200 / (0.75 * problem.sigmaMax2);
    const over = lrs.filter((lr) => lr >= bound);
    // 10^(-3 + 6i/49) ≥ 1.83 from i = 27 on: i = 27..49
    expect(over.length).toBe(23);
    const warning = stepWarning({ ...exp, lrs }, problem);
    expect(warning).toBe(
      `23 of 50 step sizes (η ≥ ${Number(over[0].toPrecision(3))}) are above the safe bound 2N/(β σ_max(X)²) = 1.83 for PairLogLoss: ` +
        `those runs may diverge (they still run; lower η for the paper's regime). ${BETA_MEANING}.`,
    );
    expect(warning.split('above the safe bound')).toHaveLength(2);
    // two losses: one clause each (squared's bound 0.229 by hand: β_v = 2K = 6)
    const two = stepWarning({ ...exp, losses: ['pairlog', 'squared'], lrs }, problem);
    expect(two.split('; ')[0]).toMatch(/^23 of 50 step sizes/);
    expect(two).toContain(`${lrs.filter((lr) => lr >= 200 / (6 * problem.sigmaMax2)).length} of 50 step sizes`);
    expect(two).toContain('= 0.229 for Squared (relative margin)');
    expect(BETA_MEANING).toMatch(/^β: the smoothness constant of the loss/);
  });
});
