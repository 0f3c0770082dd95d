// The limits table: one set of bounds for the page, `run`, `svm` and `data`, derived from a memory and
// a preparation-time budget and checked before anything is allocated.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/app/state/presets.ts';
import {
  DEFAULT_EXPERIMENT,
  parseSeeds,
  runShape,
  validateExperiment,
} from '../../../src/core/experiment/experiment.ts';
import {
  BUDGET,
  bytesPerRun,
  dataBytes,
  fitPreparation,
  fitsPreparation,
  largestFitting,
  LIMITS,
  maxRuns,
  preparationCost,
  preparationIssue,
  RUN_BYTES,
  RUN_MEMORY_BUDGET,
  svmFactorCapacity,
  type PreparationShape,
} from '../../../src/core/sizes/size-limits.ts';
import { preparationShape } from '../../../src/core/sizes/preparation-shape.ts';

const shape = (s: Partial<PreparationShape>): PreparationShape => ({
  n: 100,
  d: 10,
  k: 3,
  problems: 1,
  generated: true,
  runs: 1,
  ...s,
});

describe('limits table', () => {
  it('sizes the SVM factor as the solver allocates it: K = 100, d = 1000 is the 9801000000-number array that crashed', () => {
    // linalg/triangular-factor.ts allocates capacity², capacity = min(d·(K−1), N·K) (rank and count of the constraints)
    expect(svmFactorCapacity(20000, 1000, 100) ** 2).toBe(9_801_000_000);
    expect(svmFactorCapacity(10, 1000, 3)).toBe(30);
    const cost = preparationCost(shape({ n: 20000, d: 1000, k: 100 }));
    expect(cost.largest.bytes).toBe(9_801_000_000 * 8);
    expect(cost.bytes).toBeGreaterThan(BUDGET.prepareBytes);
  });

  it('counts X of train and test per generated data set (and the draw they are cut from), one X for an upload', () => {
    const generated = preparationCost(shape({ n: 1000, d: 100, k: 2, problems: 4, runs: 0, svm: false }));
    expect(generated.bytes).toBe((4 + 1) * 2 * 1000 * 100 * 8);
    const upload = preparationCost(
      shape({ n: 1000, d: 100, k: 2, problems: 1, generated: false, runs: 0, svm: false }),
    );
    expect(upload.bytes).toBe(1000 * 100 * 8);
    expect(upload.parts.data).toBe(0);
  });

  it("lets the paper's experiments through untouched: every preset and Figure B's ten seeds", () => {
    for (const preset of PRESETS) expect(validateExperiment(preset.experiment).errors).toEqual([]);
    expect(fitsPreparation(preparationShape({ ...DEFAULT_EXPERIMENT, seeds: parseSeeds('0..9') }))).toBe(true);
  });

  it("refuses the issue's reproductions by name, with what fits", () => {
    const slow = preparationIssue(shape({ n: 20000, d: 1000, k: 3 }))!;
    expect(slow.field).toBe('n');
    expect(slow.message).toMatch(
      /^preparing N=20000 d=1000 K=3 would take about .* beyond the lab's preparation budget of 10 s; it fits with n ≤ \d+, or d ≤ \d+$/,
    );
    const huge = preparationIssue(shape({ n: 20000, d: 1000, k: 100 }))!;
    expect(huge.message).toMatch(
      /needs about 73\.7 GiB .*beyond the lab's memory budget of 1\.00 GiB; it fits with d ≤ 2$/,
    );
    const cells = preparationIssue(shape({ n: 100000, d: 1000, runs: 0, svm: false }))!;
    expect(cells).toEqual({
      field: 'n',
      message:
        "N·d = 100000000 feature values exceed the lab's 20000000 (X of train and test would take 1.49 GiB); it fits with n ≤ 20000, or d ≤ 200",
    });
    expect(preparationIssue(shape({}))).toBeUndefined();
  });

  it('finds the largest fitting size exactly (the next one up does not fit)', () => {
    for (const s of [
      shape({ n: 20000, d: 1000, k: 3 }),
      shape({ n: 5000, d: 100, k: 10 }),
      shape({ n: 1000, d: 100, k: 10, problems: 10, runs: 10 }),
    ]) {
      for (const which of ['n', 'd'] as const) {
        const best = largestFitting(s, which);
        if (best === undefined) continue;
        expect(fitsPreparation({ ...s, [which]: best })).toBe(true);
        expect(fitsPreparation({ ...s, [which]: best + 1 })).toBe(false);
      }
    }
    expect(largestFitting(shape({ n: 20000, d: 1000, k: 100 }), 'n')).toBeUndefined();
  });

  it('clamps n first, then d, each only as far as needed, never below one point per class', () => {
    const { shape: fitted, clamped } = fitPreparation(shape({ n: 20000, d: 1000, k: 100 }));
    expect(clamped.map((c) => c.field)).toEqual(['n', 'd']);
    expect(fitted.n).toBe(100);
    expect(fitsPreparation(fitted)).toBe(true);
    expect(fitsPreparation({ ...fitted, d: fitted.d + 1 })).toBe(false);
    expect(clamped[0].reason).toMatch(/memory budget/);
  });

  it("counts every seed's data set: ten that each fit alone can be too many together", () => {
    const one = { n: 300, d: 1000, k: 2 };
    expect(validateExperiment(one).errors).toEqual([]);
    const { experiment, errors } = validateExperiment({ ...one, seeds: parseSeeds('0..9') });
    // the page clamps n first and keeps the seeds
    expect(errors.map((e) => e.field)).toEqual(['n']);
    expect(experiment.seeds).toHaveLength(10);
    expect(fitsPreparation(preparationShape(experiment))).toBe(true);
    // the command line refuses instead, leaving the sizes as given and naming what fits, fewer seeds included
    const refused = validateExperiment({ ...one, seeds: parseSeeds('0..9') }, { sizes: 'refuse' });
    expect(refused.experiment.n).toBe(300);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0].message).toMatch(
      /^preparing N=300 d=1000 K=2 × 10 data sets would take .*; it fits with n ≤ \d+, or d ≤ \d+, or \d seeds$/,
    );
  });

  it('keeps the blobs margin one bound for every reader', () => {
    expect(validateExperiment({ data: 'blobs', margin: 1e300 }).errors).toEqual([
      {
        field: 'margin',
        message: `1e+300 is above the maximum ${LIMITS.margin.max}`,
        using: `using ${LIMITS.margin.max}`,
      },
    ]);
  });

  it("counts a run's bytes once for both its consumers: the run cap and the preparation budget agree run for run", () => {
    // experiments with and without optimizers that keep N×K log weights (ngd), generated and at several sizes
    const cases = [
      { n: 100, d: 10, k: 3, steps: 1e4, optimizers: ['gd'] as const },
      { n: 500, d: 50, k: 10, steps: 1e6, optimizers: ['ngd', 'sign'] as const },
      { n: 2000, d: 7, k: 4, steps: 300, optimizers: ['adam'] as const },
    ];
    for (const c of cases) {
      const exp = validateExperiment({ ...c, optimizers: [...c.optimizers], seeds: parseSeeds('0..2') }).experiment;
      const prep = preparationShape(exp);
      const cap = runShape(exp);
      // every run here uses the same gradient, so the cap's ngd flag and preparation's ngdRuns describe the same runs
      expect(prep.ngdRuns === 0 || prep.ngdRuns === prep.runs).toBe(true);
      expect(cap.ngd).toBe(prep.ngdRuns === prep.runs && prep.runs > 0);
      const perRunInPreparation =
        (preparationCost(prep).bytes - preparationCost({ ...prep, runs: 0, ngdRuns: 0 }).bytes) / prep.runs;
      // by hand: W(0), W, gradient and the kept W (d×K each), plus N×K log weights with ngd, in float64
      const weights = (4 * exp.d * exp.k + (cap.ngd ? exp.n * exp.k : 0)) * 8;
      expect(perRunInPreparation).toBe(weights);
      // the cap adds only what running adds: the scratch, the metric history and the bookkeeping
      const history = bytesPerRun(cap) - weights - RUN_BYTES.overheadBytes - RUN_BYTES.scratchPerClass * exp.k * 8;
      expect(history % (RUN_BYTES.historyNumbers * 8)).toBe(0);
      expect(history / (RUN_BYTES.historyNumbers * 8)).toBeGreaterThan(Math.log10(exp.steps));
      // both draw on the one 1 GiB budget, and the cap is what fits it after the data
      expect(RUN_MEMORY_BUDGET).toBe(BUDGET.prepareBytes);
      const most = maxRuns(cap);
      expect(dataBytes(cap) + most * bytesPerRun(cap)).toBeLessThanOrEqual(RUN_MEMORY_BUDGET);
      expect(dataBytes(cap) + (most + 1) * bytesPerRun(cap)).toBeGreaterThan(RUN_MEMORY_BUDGET);
    }
  });
});

describe('a whole number beyond float64 integers names the limit (issue 21)', () => {
  it('1e99 and 1e400 steps, n, d and seeds say the maximum, not "not a whole number"', () => {
    const cases: [string, string, number][] = [
      ['steps', '1e99', LIMITS.steps.max],
      ['steps', '1e400', LIMITS.steps.max],
      ['n', '1e99', LIMITS.n.max],
      ['d', '9007199254740993', LIMITS.d.max],
    ];
    for (const [field, raw, max] of cases) {
      const { errors } = validateExperiment({ [field]: raw });
      expect(errors.map((e) => e.field)).toEqual([field]);
      expect(errors[0].message).toBe(
        `"${raw}" is above the maximum ${max}, the lab's limit for ${field}; use a whole number from ${
          field === 'n' ? LIMITS.n.min : 1
        } to ${max}`,
      );
    }
    expect(() => parseSeeds('0..1e99')).toThrow(`"1e99" is above the maximum ${LIMITS.seeds.max}`);
    expect(validateExperiment({ steps: '-1e99' }).errors[0].message).toMatch(/^"-1e99" is below the minimum 1,/);
    // a fraction is still that, and the value is not used (the default stays)
    const frac = validateExperiment({ steps: '1.5' });
    expect(frac.errors[0].message).toMatch(/^"1\.5" is not a whole number; use a whole number from 1 to /);
    expect(frac.experiment.steps).toBe(DEFAULT_EXPERIMENT.steps);
  });
});
