// The theory panel's checks are GD's predictions toward the Frobenius SVM Ŵ: for optimizers biased
// toward another norm they are no prediction, and W·1 stays put only for steps in the row space of ∇R.
import { describe, expect, it } from 'vitest';
import { checkRowSums, seriesChecks } from '../../../src/core/theory/prediction-checks.ts';
import type { Checkpoint } from '../../../src/core/types.ts';

/** A run whose distance shrinks like 1/ln t and whose norm grows like ln t (what GD does on ET losses). */
const series: Checkpoint[] = [10, 100, 1000, 10000].map((t) => ({
  run: 0,
  t,
  loss: 1 / t,
  normRatio: Math.log(t),
  angle: 0.5 / Math.log(t),
  distance: 0.5 / Math.log(t),
  margin: 0.1,
  marginRatio: 1 - 1 / Math.log(t),
  trainAcc: 1,
  status: 'running' as const,
}));

describe('theory checks per optimizer', () => {
  it('keeps the predictions for Frobenius-biased optimizers', () => {
    for (const optimizer of ['gd', 'momentum', 'nesterov'] as const) {
      const checks = seriesChecks(series, { loss: 'pairlog', optimizer, schedule: 'const' });
      expect(
        checks.every((c) => c.expected === 'holds'),
        optimizer,
      ).toBe(true);
    }
  });

  it('makes no Ŵ prediction under weight decay λ > 0 (bounded regularised minimiser), and keeps them at λ = 0', () => {
    const optim = { beta: 0.9, beta2: 0.999, eps: 1e-8, ns: 0, wd: 1e-3 };
    const decayed = seriesChecks(series, { loss: 'pairlog', optimizer: 'gd', schedule: 'const', optim });
    expect(decayed.map((c) => [c.expected, c.verdict])).toEqual(decayed.map(() => ['none', 'n/a']));
    expect(decayed[0].label).toMatch(/^not a prediction with weight decay λ = 0\.001: .*Rosset, Zhu, Hastie/);
    const plain = seriesChecks(series, {
      loss: 'pairlog',
      optimizer: 'gd',
      schedule: 'const',
      optim: { ...optim, wd: 0 },
    });
    expect(plain.every((c) => c.expected === 'holds')).toBe(true);
  });

  it('says which norm the others head for instead of a verdict, and keeps W·1 for spectral steps', () => {
    const sign = seriesChecks(series, { loss: 'ce', optimizer: 'sign', schedule: 'sqrt' });
    expect(sign.every((c) => c.expected === 'none' && c.verdict === 'n/a')).toBe(true);
    expect(sign[0].label).toBe('not a prediction for sign: it heads for the max-norm max-margin solution, not Ŵ');
    expect(seriesChecks(series, { loss: 'ce', optimizer: 'muon', schedule: 'sqrt' })[0].label).toMatch(
      /spectral-norm max-margin/,
    );
    const W0 = new Float64Array([1, -1, 0, 0.5, 0.5, -1]);
    const moved = new Float64Array([2, -1, 0, 0.5, 0.5, -1]);
    const adam = checkRowSums(moved, W0, 3, 1e-9, { loss: 'ce', optimizer: 'adam', schedule: 'const' });
    expect([adam.expected, adam.verdict, adam.label]).toEqual([
      'none',
      'n/a',
      'not a prediction for adam: its entrywise steps move W·1 (margins do not see it)',
    ]);
    const spectral = checkRowSums(moved, W0, 3, 1e-9, { loss: 'ce', optimizer: 'spectral', schedule: 'const' });
    expect([spectral.expected, spectral.verdict]).toEqual(['holds', 'contradicted']);
  });
});
