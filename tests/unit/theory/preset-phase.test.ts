// The Step-size phase diagram's sentence, on a sample of its own runs: seed 0 of the preset at three of
// its 64 step sizes (η = 1.298, 3.42 and 200), through `lab run --url` as a reader would check it. The
// whole sweep (3,072 runs) is minutes of CPU; the sentence's medians over 16 seeds were read from it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import CLAIMS from '../../../src/app/state/claims.json';
import { findPreset } from '../../../src/app/state/presets.ts';
import { encodeExperiment } from '../../../src/core/experiment/url.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

it('PairLogLoss and CE converge at η = 200; the exponential loss runs at η = 1.3 and diverges at 3.42 and 200', () => {
  const preset = findPreset('phase-diagram')!.experiment;
  expect(preset.lrs).toHaveLength(64);
  const lrs = [37, 42, 63].map((j) => preset.lrs[j]);
  // the exponential loss's last stable η and the η from which it diverges on every seed, as the sentence names them
  const { lastStableLr, allDivergeFromLr } = CLAIMS['phase-diagram'].exp;
  expect(lrs.map((lr) => Number(lr.toPrecision(4)))).toEqual([lastStableLr, allDivergeFromLr, 200]);
  const url = `http://localhost/?${encodeExperiment({ ...preset, seeds: [0], lrs, engine: 'cpu' })}`;
  const r = spawnSync(TSX, ['src/cli/main.ts', 'run', '--url', url, '--final-only', '--quiet'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const runs = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).summary);
  expect(runs).toHaveLength(9);
  const at = (loss: string, lr: number) => runs.find((s) => s.lossName === loss && s.lr === lr)!;
  for (const loss of ['pairlog', 'ce']) {
    for (const lr of lrs) {
      expect(at(loss, lr).status, `${loss} η=${lr}`).not.toBe('diverged');
      expect(at(loss, lr).t).toBe(10_000);
      expect(at(loss, lr).trainAcc).toBe(1);
    }
    // a larger step: a smaller loss at t = 10⁴, below 1e-5 at η = 200 (the sentence: medians 6–8e-7)
    expect(at(loss, lrs[2]).loss).toBeLessThan(at(loss, lrs[0]).loss);
    expect(at(loss, lrs[2]).loss).toBeLessThan(1e-5);
  }
  expect(at('exp', lrs[0]).status).not.toBe('diverged');
  expect(at('exp', lrs[0]).trainAcc).toBe(1);
  expect(at('exp', lrs[1]).status).toBe('diverged');
  expect(at('exp', lrs[2]).status).toBe('diverged');
});
