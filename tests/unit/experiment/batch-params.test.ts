// batch= and bseed= (issue 17's mini-batches): parsed, checked against N, refused by field with the fix
// while the rest of the experiment is kept, left out of links at their defaults, carried into the runs.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.ts';
import { experimentFromFlags } from '../../../src/cli/experiment-from-flags.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { DEFAULT_EXPERIMENT, validateExperiment } from '../../../src/core/experiment/experiment.ts';
import { decodeExperiment, encodeExperiment } from '../../../src/core/experiment/url.ts';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { LabError } from '../../../src/core/types.ts';

const USE = 'use a whole number of rows from 1 to N (the training points), or full';

describe('batch and bseed (issue 17)', () => {
  it('reads batch=B and bseed=S from a link, and writes them only when not at their defaults', () => {
    const { experiment, errors } = decodeExperiment('v=1&n=40&batch=7&bseed=3');
    expect(errors).toEqual([]);
    expect([experiment.batch, experiment.bseed]).toEqual([7, 3]);
    expect(encodeExperiment(experiment)).toMatch(/&batch=7&bseed=3&/);
    expect(encodeExperiment(DEFAULT_EXPERIMENT)).not.toMatch(/batch|bseed/);
    expect(decodeExperiment('v=1&batch=full').experiment.batch).toBe(0);
  });

  it('refuses batch=0, batch > N and a bad bseed by field, with the fix, keeping the rest', () => {
    const cases: [string, string, string][] = [
      ['batch=0', 'batch', `"0" is not a batch size; ${USE}`],
      ['batch=-3', 'batch', `"-3" is not a batch size; ${USE}`],
      ['batch=2.5', 'batch', `"2.5" is not a whole number; ${USE}`],
      ['batch=41', 'batch', '41 rows is more than the N = 40 training points; use a batch from 1 to 40, or full'],
      ['bseed=-1', 'bseed', '-1 is not a batch seed; use a whole number from 0 to 4294967295, e.g. 0'],
      ['bseed=1.5', 'bseed', '"1.5" is not a whole number; use a whole number from 0 to 4294967295, e.g. 0'],
      ['bseed=4294967296', 'bseed', '4294967296 is not a batch seed; use a whole number from 0 to 4294967295, e.g. 0'],
    ];
    for (const [pair, field, message] of cases) {
      const { experiment, errors } = decodeExperiment(`v=1&n=40&steps=300&lr=0.5&${pair}`);
      expect(errors, pair).toEqual([{ field, message }]);
      expect(experiment, pair).toEqual({ ...DEFAULT_EXPERIMENT, n: 40, steps: 300, lrs: [0.5] });
    }
  });

  it('takes --batch and --batch-seed on the command line, and names the flag when refusing', () => {
    const exp = experimentFromFlags(parseArgs(['run', '--n', '30', '--batch', '4', '--batch-seed', '9']), false);
    expect([exp.batch, exp.bseed]).toEqual([4, 9]);
    expect(() => experimentFromFlags(parseArgs(['run', '--n', '30', '--batch', '31']), false)).toThrow(
      '--batch: 31 rows is more than the N = 30 training points; use a batch from 1 to 30, or full',
    );
    expect(() => experimentFromFlags(parseArgs(['run', '--batch-seed', '-2']), false)).toThrow(
      '--batch-seed: -2 is not a batch seed',
    );
  });

  it('carries batch and bseed into every run (none at full batch); an upload is checked against its own N', () => {
    const { experiment } = validateExperiment({ n: 12, d: 2, batch: 5, bseed: 2, optimizers: ['gd', 'adam'] });
    const { runs } = expandRuns(experiment);
    expect(runs.map((r) => [r.batch, r.bseed])).toEqual([
      [5, 2],
      [5, 2],
    ]);
    const full = expandRuns(validateExperiment({ n: 12, d: 2 }).experiment).runs[0];
    expect('batch' in full || 'bseed' in full).toBe(false);
    const train = makePaperData({ n: 6, d: 2, k: 2, seed: 0 }).train;
    const upload = validateExperiment({ data: 'upload', batch: 7, n: 6, d: 2, k: 2 }).experiment;
    expect(upload.batch).toBe(7);
    expect(() => expandRuns(upload, { train, name: 'six.csv' })).toThrow(LabError);
    expect(() => expandRuns(upload, { train, name: 'six.csv' })).toThrow(/batch: 7 rows is more than the N = 6/);
  });
});
