import { describe, expect, it } from 'vitest';
import { makePaperData } from '../../../src/core/data/paper.ts';
import {
  DEFAULT_EXPERIMENT,
  runShape,
  formatSeeds,
  LIMITS,
  PARAMS,
  parseField,
  parseLr,
  parseSeeds,
  validateExperiment,
} from '../../../src/core/experiment/experiment.ts';
import { initialWeights, parseInit } from '../../../src/core/training/init.ts';
import { checkpointSchedule } from '../../../src/core/engine/checkpoint-times.ts';
import { excerpt } from '../../../src/core/experiment/user-text.ts';
import { fitsPreparation } from '../../../src/core/sizes/size-limits.ts';
import { runsPerSetting } from '../../../src/core/experiment/optimizer-params.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { maxRuns } from '../../../src/core/sizes/size-limits.ts';
import { LOSS_NAMES, OPTIMIZER_NAMES, type Experiment } from '../../../src/core/types.ts';
import { errorOf } from '../helpers/lab-error.ts';

describe('initialWeights', () => {
  it('zero is all zeros', () => {
    expect(Array.from(initialWeights('zero', 2, 3, 7))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('gaussian is numpy randn(d, K) of the run seed with row means removed', () => {
    // numpy: r = RandomState(0); W = r.randn(2, 3); W -= W.mean(axis=1, keepdims=True)
    const expected = [
      0.7164031664874551, -0.6474919711129856, -0.06891119537446977, 1.1971687627097862, 0.8238335536582959,
      -2.0210023163680826,
    ];
    const W = initialWeights('gaussian', 2, 3, 0);
    expected.forEach((value, i) => expect(W[i]).toBeCloseTo(value, 14));
    for (let j = 0; j < 2; j++) expect(Math.abs(W[j * 3] + W[j * 3 + 1] + W[j * 3 + 2])).toBeLessThan(1e-15);
  });

  it('gaussian:S uses the fixed seed S whatever the run seed', () => {
    // numpy: RandomState(5).randn(3, 2), rows centred
    const expected = [
      0.38604881938956453, -0.38604881938956453, 1.3414316583054284, -1.3414316583054284, -0.7364356377416903,
      0.7364356377416903,
    ];
    for (const runSeed of [0, 9]) {
      const W = initialWeights('gaussian:5', 3, 2, runSeed);
      expected.forEach((value, i) => expect(W[i]).toBeCloseTo(value, 14));
    }
  });

  it('parses the accepted forms and names init on anything else', () => {
    expect(parseInit('zero')).toEqual({ kind: 'zero' });
    expect(parseInit('gaussian')).toEqual({ kind: 'gaussian' });
    expect(parseInit('gaussian:4294967295')).toEqual({ kind: 'gaussian', seed: 4294967295 });
    for (const bad of ['gauss', 'gaussian:', 'gaussian:-1', 'gaussian:1.5', 'gaussian:4294967296', '']) {
      const err = errorOf(() => parseInit(bad));
      expect(err.field).toBe('init');
      expect(err.message).toMatch(/'zero', 'gaussian'/);
    }
  });
});

describe('the parameter table', () => {
  it("has docs/url.md's defaults, one entry per Experiment field", () => {
    expect(DEFAULT_EXPERIMENT).toEqual({
      v: 1,
      data: 'paper',
      upload: '',
      n: 100,
      d: 10,
      k: 3,
      margin: 0.5,
      seeds: [0],
      losses: ['pairlog'],
      optimizers: ['gd'],
      schedule: 'const',
      lrs: [0.1 / 3],
      beta: [0.9],
      beta2: [0.999],
      eps: [1e-8],
      ns: [0],
      wd: [0],
      batch: 0,
      bseed: 0,
      steps: 100000,
      init: 'zero',
      engine: 'auto',
      snapshots: [100, 1000, 100000],
      scale: 'log',
      hide: [],
    });
    expect(PARAMS.map((p) => p.field).sort()).toEqual(Object.keys(DEFAULT_EXPERIMENT).sort());
    expect(new Set(PARAMS.map((p) => p.key)).size).toBe(PARAMS.length);
    for (const p of PARAMS) expect(p.help.length).toBeGreaterThan(5);
    expect(LIMITS.cells).toBe(2e7);
  });

  it('formats every default so that parseField reads it back', () => {
    for (const p of PARAMS) {
      const text = (p.format as (value: unknown) => string)(p.default);
      expect(parseField(p.field, text === '' && p.field !== 'upload' ? '' : text), p.field).toEqual(p.default);
    }
  });
});

describe('list parsers', () => {
  it('reads seeds as ranges, lists and single values', () => {
    expect(parseSeeds('0..9')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(parseSeeds('0,3,7')).toEqual([0, 3, 7]);
    expect(parseSeeds(' 5 ')).toEqual([5]);
    expect(parseSeeds('0..2,7')).toEqual([0, 1, 2, 7]);
    expect(formatSeeds([0, 1, 2, 7, 8, 10, 11, 12, 13])).toBe('0..2,7,8,10..13');
  });

  it('refuses bad seeds, naming the field', () => {
    expect(errorOf(() => parseSeeds('5..2')).message).toMatch(/ends below its start; write it as 2..5/);
    expect(errorOf(() => parseSeeds('0..4294967295')).message).toMatch(/more than 1024 seeds/);
    expect(errorOf(() => parseSeeds('a')).field).toBe('seeds');
    expect(errorOf(() => parseSeeds('')).field).toBe('seeds');
    expect(errorOf(() => parseField('seeds', '-1')).message).toMatch(/integers from 0 to 4294967295/);
    expect(errorOf(() => parseField('seeds', '4294967296')).field).toBe('seeds');
    expect(errorOf(() => parseField('seeds', '1,1')).message).toMatch(/listed twice/);
  });

  it('reads step sizes as numbers and fractions', () => {
    expect(parseLr('0.1')).toBe(0.1);
    expect(parseLr('1e-2')).toBe(0.01);
    expect(parseLr('0.1/3')).toBe(0.1 / 3);
    expect(parseField('lrs', '0.1/3, 0.5')).toEqual([0.1 / 3, 0.5]);
    expect(errorOf(() => parseField('lrs', '-1')).field).toBe('lrs');
    expect(errorOf(() => parseField('lrs', '0')).message).toMatch(/above 0/);
    expect(errorOf(() => parseField('lrs', '1/0')).message).toMatch(/divides by zero/);
    expect(errorOf(() => parseField('lrs', '2e6')).field).toBe('lrs');
    expect(errorOf(() => parseField('lrs', 'fast')).field).toBe('lrs');
  });

  it('reads loss, optimizer and hide lists and refuses unknown names', () => {
    expect(parseField('losses', 'pairlog,ce')).toEqual(['pairlog', 'ce']);
    expect(parseField('optimizers', 'gd, ngd')).toEqual(['gd', 'ngd']);
    expect(parseField('hide', 'loss,lr')).toEqual(['loss', 'lr']);
    expect(parseField('hide', '')).toEqual([]);
    const err = errorOf(() => parseField('losses', 'pairlog,foo'));
    expect([err.field, err.message]).toEqual([
      'losses',
      'losses: "foo" is not one of pairlog, ce, exp, hinge, squared, poly',
    ]);
    expect(errorOf(() => parseField('optimizers', 'lion')).field).toBe('optimizers');
    expect(errorOf(() => parseField('losses', '')).message).toMatch(/at least 1 value/);
  });

  it('refuses out-of-range numbers in parseField rather than clamping them', () => {
    expect(parseField('n', '1e3')).toBe(1000);
    // a refused value does not claim to use anything (issue 11, item 7)
    expect(errorOf(() => parseField('n', '200000')).message).toBe('n: 200000 is above the maximum 100000');
    expect(errorOf(() => parseField('n', '2.5')).field).toBe('n');
    expect(errorOf(() => parseField('steps', '0')).field).toBe('steps');
    expect(errorOf(() => parseField('engine', 'tpu')).field).toBe('engine');
    expect(errorOf(() => parseField('init', 'ones')).field).toBe('init');
    expect(errorOf(() => parseField('snapshots', '1,2,3,4,5,6,7,8,9')).field).toBe('snapshots');
  });
});

describe('validateExperiment', () => {
  it('passes a valid experiment through unchanged', () => {
    const exp: Experiment = {
      ...DEFAULT_EXPERIMENT,
      data: 'blobs',
      seeds: [3, 1],
      losses: ['ce', 'exp'],
      lrs: [0.5, 2],
      init: 'gaussian:4',
    };
    expect(validateExperiment(exp)).toEqual({ experiment: exp, errors: [] });
  });

  it('reads text values (flags, URL values) through the same parsers', () => {
    const { experiment, errors } = validateExperiment({
      n: '50',
      losses: 'ce, exp',
      data: ' blobs',
      seeds: '2..4',
      lrs: '0.1/3',
      init: ' gaussian:3',
      hide: '',
    });
    expect(errors).toEqual([]);
    expect(experiment).toEqual({
      ...DEFAULT_EXPERIMENT,
      n: 50,
      losses: ['ce', 'exp'],
      data: 'blobs',
      seeds: [2, 3, 4],
      lrs: [0.1 / 3],
      init: 'gaussian:3',
    });
  });

  it('reports every invalid field by name and uses its default, never throwing', () => {
    const { experiment, errors } = validateExperiment({
      n: 'abc',
      losses: ['foo'],
      lrs: [-1],
      seeds: 'x',
      engine: 3,
      init: 'ones',
      v: 2,
      data: 'paper',
      steps: 500,
      hide: ['ok', '<script>'],
    });
    expect(errors.map((e) => e.field)).toEqual(['v', 'n', 'seeds', 'losses', 'lrs', 'init', 'engine', 'hide']);
    expect(experiment).toEqual({ ...DEFAULT_EXPERIMENT, steps: 500 });
    expect(validateExperiment({ snapshots: null, margin: Number.NaN }).errors.map((e) => e.field)).toEqual([
      'margin',
      'snapshots',
    ]);
  });

  it('clamps sizes and reports the clamp', () => {
    const { experiment, errors } = validateExperiment({ n: 10 ** 9, k: 1, d: 5000, steps: 1e12, margin: 50 });
    expect(experiment.d).toBe(1000);
    expect(experiment.k).toBe(2);
    expect(experiment.steps).toBe(1e8);
    expect(experiment.margin).toBe(10);
    // n is first clamped to 100000, then to what fits N·d ≤ 2e7 and the preparation budget (size-limits.ts)
    // (K = 2 here: the largest N at d = 1000 that fits, no more)
    expect(experiment.n).toBeLessThan(20000);
    expect(fitsPreparation({ n: experiment.n, d: 1000, k: 2, problems: 1, generated: true, runs: 1 })).toBe(true);
    expect(fitsPreparation({ n: experiment.n + 1, d: 1000, k: 2, problems: 1, generated: true, runs: 1 })).toBe(false);
    expect(errors.map((e) => e.field)).toEqual(['n', 'd', 'k', 'margin', 'steps', 'n']);
  });

  it('keeps the first 1024 seeds of a longer list', () => {
    const many = Array.from({ length: 1100 }, (_, i) => i);
    const seedsOnly = validateExperiment({ seeds: many, steps: 100 });
    expect(seedsOnly.experiment.seeds).toEqual(many.slice(0, 1024));
    expect(seedsOnly.errors).toEqual([
      { field: 'seeds', message: '1100 values, at most 1024 allowed', using: 'keeping the first 1024' },
    ]);
  });

  it("caps runs by memory, not a fixed count: 16,384 runs at the paper's size fit, a sweep on large data is trimmed by name", () => {
    // the issue's aim: ≥ 16,384 runs at the paper's size (N=100, d=10, K=3, 10⁴ steps) within 1 GiB
    const paper = validateExperiment({ seeds: '0..255', lrs: '1e-3..10:log:64', steps: 10_000 });
    expect(paper.errors).toEqual([]);
    expect(paper.experiment.seeds.length * paper.experiment.lrs.length).toBe(16_384);
    // the cap re-derived by hand: per run 4·d·K + 8K float64, N·K more for NGD, 12 per checkpoint (1 + 78 to t = 10⁸)
    // and 1 KiB; per data set 2·N·d float64 + 2N int32 labels + d·K float64
    const checkpoints = 1 + checkpointSchedule(1e8).length;
    expect(checkpoints).toBe(79);
    const perRun = (4 * 30 + 8 * 3 + 100 * 3 + checkpoints * 12) * 8 + 1024;
    const cap = Math.floor((1024 ** 3 - 3 * (2 * 100 * 10 * 8 + 2 * 100 * 4 + 30 * 8)) / perRun);
    expect(cap).toBe(88_296);
    const all = {
      losses: ['pairlog', 'ce', 'exp', 'hinge', 'squared', 'poly'],
      optimizers: ['gd', 'ngd'],
      lrs: '1e-3..10:log:4096',
      steps: 1e8,
      seeds: '0..2',
    };
    for (const sizes of ['clamp', 'refuse'] as const) {
      const big = validateExperiment(all, { sizes });
      expect(big.errors).toEqual([
        {
          field: 'seeds',
          message:
            '3 seeds × 49152 runs each are 147456 runs, above the 88296 that fit in memory (a run holds 11.9 KiB at N=100, d=10, K=3 ' +
            'and 100000000 steps, and 3 data sets 0.0 MiB, so the 1 GiB budget holds 88296 runs); give at most 1 seed',
          using: 'keeping seed 0',
        },
      ]);
      expect(big.experiment.seeds).toEqual([0]);
    }
  });

  it('runs the whole optimizer table: no two-optimizer assumption trims seeds or step sizes', () => {
    const all = validateExperiment({
      losses: [...LOSS_NAMES],
      optimizers: [...OPTIMIZER_NAMES],
      lrs: Array.from({ length: 16 }, (_, i) => i + 1),
      seeds: [0, 1],
    });
    // 2 seeds × 6 losses × 9 optimizers × 16 step sizes = 1728 runs, far below the memory cap at the paper's size
    expect(all.errors).toEqual([]);
    expect(all.experiment.seeds).toEqual([0, 1]);
    expect(all.experiment.lrs).toHaveLength(16);
  });

  it('reads and refuses the optimizer parameters by name', () => {
    expect(parseField('beta', '0.5')).toEqual([0.5]);
    expect(parseField('eps', '0, 1e-8')).toEqual([0, 1e-8]);
    expect(parseField('ns', '5')).toEqual([5]);
    expect(errorOf(() => parseField('eps', '0,1e-8,1e-6,1e-4,1e-2')).message).toMatch(
      /eps: 5 values, at most 4 allowed/,
    );
    expect(errorOf(() => parseField('beta', '1')).message).toMatch(
      /^beta: 1 is out of range; use numbers from 0 to below 1/,
    );
    expect(errorOf(() => parseField('beta2', '-0.5')).field).toBe('beta2');
    expect(errorOf(() => parseField('eps', '2')).message).toMatch(/eps: 2 is out of range/);
    expect(errorOf(() => parseField('ns', '21')).message).toMatch(/ns: 21 is not an iteration count/);
  });

  it("gives each run the experiment's optimizer parameters and names non-default ones in the label", () => {
    const exp: Experiment = {
      ...DEFAULT_EXPERIMENT,
      n: 10,
      d: 2,
      k: 3,
      optimizers: ['gd', 'adam'],
      eps: [0, 1e-8],
      beta: [0.5],
    };
    const { runs } = expandRuns(exp);
    // gd reads no parameter: one run; adam reads β, β₂, ε: one run per ε
    expect(runs.map((r) => r.label)).toEqual([
      'seed 0 · pairlog · gd η=0.0333',
      'seed 0 · pairlog · adam β=0.5 ε=0 η=0.0333',
      'seed 0 · pairlog · adam β=0.5 ε=1e-8 η=0.0333',
    ]);
    expect(runs[1].optim).toEqual({ beta: 0.5, beta2: 0.999, eps: 0, ns: 0, wd: 0 });
    expect(runs[2].optim).toEqual({ beta: 0.5, beta2: 0.999, eps: 1e-8, ns: 0, wd: 0 });
  });

  it('counts each optimizer once per combination of its parameters, and trims the longest list first to fit the memory cap', () => {
    const lists = {
      beta: [0.1, 0.5, 0.9, 0.99],
      beta2: [0.9, 0.99, 0.999, 0.9999],
      eps: [0, 1e-8, 1e-6, 1e-4],
      ns: [0],
    };
    // an upload's sizes are the file's (not clamped); d·K = 10⁵ weights per run: the cap is 333 runs (size-limits.ts: maxRuns)
    const big = { data: 'upload' as const, n: 10, d: 1000, k: 100, steps: 1e8 };
    const cap = maxRuns(runShape({ ...DEFAULT_EXPERIMENT, ...big }));
    expect(cap).toBe(333);
    const all = validateExperiment({ ...big, losses: [...LOSS_NAMES], optimizers: [...OPTIMIZER_NAMES], ...lists });
    // 6 losses × (5 plain + signum 4 + muon 4 + momentum 4 + nesterov 4 + adam 64) = 510 > 333: the longest lists lose values until it fits
    const perLr = all.experiment.losses.length * runsPerSetting(all.experiment.optimizers, all.experiment);
    expect(perLr).toBe(
      6 *
        (5 +
          4 * all.experiment.beta.length +
          all.experiment.beta.length * all.experiment.beta2.length * all.experiment.eps.length),
    );
    expect(perLr).toBeLessThanOrEqual(cap);
    expect(all.errors.length).toBeGreaterThan(0);
    expect(all.errors.every((e) => ['beta', 'beta2', 'eps'].includes(e.field) && e.using?.startsWith('keeping '))).toBe(
      true,
    );
  });
});

describe('expandRuns', () => {
  it('refuses an experiment beyond the limits table before building anything, naming the field and the fit', () => {
    const err = errorOf(() => expandRuns({ ...DEFAULT_EXPERIMENT, n: 20000, d: 1000, k: 3 }));
    expect(err.field).toBe('n');
    expect(err.message).toMatch(
      /^n: preparing N=20000 d=1000 K=3 would take about \d+ min .* beyond the lab's preparation budget of 10 s; it fits with n ≤ (\d+), or d ≤ \d+/,
    );
    const fitN = Number(/n ≤ (\d+)/.exec(err.message)![1]);
    const shape = { n: fitN, d: 1000, k: 3, problems: 1, generated: true, runs: 1 };
    expect(fitsPreparation(shape) && !fitsPreparation({ ...shape, n: fitN + 1 })).toBe(true);
  });

  it('reports progress from the first data set to "prepared", never going back', () => {
    const seen: { fraction: number; stage: string }[] = [];
    expandRuns({ ...DEFAULT_EXPERIMENT, n: 300, d: 50, k: 5, seeds: [0, 1] }, undefined, (p) => seen.push(p));
    expect(seen[0]).toEqual({ fraction: 0, stage: 'data set 1/2 (seed 0)' });
    expect(seen.at(-1)).toEqual({ fraction: 1, stage: 'prepared' });
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
  });

  it('builds one problem per seed and the seed-outermost cartesian product of runs', () => {
    const exp: Experiment = {
      ...DEFAULT_EXPERIMENT,
      n: 10,
      d: 2,
      k: 3,
      seeds: [42, 7],
      losses: ['pairlog', 'ce'],
      optimizers: ['gd'],
      lrs: [0.1 / 3, 0.5],
      init: 'gaussian',
    };
    const { problems, runs } = expandRuns(exp);
    expect(problems.map((p) => p.name)).toEqual(['paper N=10 d=2 K=3 seed=42', 'paper N=10 d=2 K=3 seed=7']);
    expect(problems[0].train.X).toEqual(makePaperData({ n: 10, d: 2, k: 3, seed: 42 }).train.X);
    expect(problems[0].svm.normF).toBeCloseTo(6.91602, 4);
    expect(runs.map((r) => r.label)).toEqual([
      'seed 42 · pairlog · gd η=0.0333',
      'seed 42 · pairlog · gd η=0.5',
      'seed 42 · ce · gd η=0.0333',
      'seed 42 · ce · gd η=0.5',
      'seed 7 · pairlog · gd η=0.0333',
      'seed 7 · pairlog · gd η=0.5',
      'seed 7 · ce · gd η=0.0333',
      'seed 7 · ce · gd η=0.5',
    ]);
    expect(runs[5].problem).toBe(problems[1]);
    expect([runs[5].loss, runs[5].optimizer, runs[5].lr, runs[5].seed, runs[5].schedule]).toEqual([
      'pairlog',
      'gd',
      0.5,
      7,
      'const',
    ]);
    expect(runs[5].W0).toEqual(initialWeights('gaussian', 2, 3, 7));
  });

  it("reproduces Figure B: seeds 0..9 of the default experiment all have every class, with the spec's ‖Ŵ‖_F", () => {
    const { problems, runs } = expandRuns({ ...DEFAULT_EXPERIMENT, seeds: parseSeeds('0..9') });
    expect(problems).toHaveLength(10);
    expect(runs.map((r) => r.seed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // docs/protocol.md (Figure B): ‖Ŵ‖_F = 9.277, 11.933, 10.562 for seeds 0, 1, 2
    expect(problems.slice(0, 3).map((p) => Number(p.svm.normF.toFixed(3)))).toEqual([9.277, 11.933, 10.562]);
    expect(runs[0].W0).toEqual(new Float64Array(30));
    expect(runs[0].lr).toBe(0.1 / 3);
  });

  it('names blobs problems with their margin', () => {
    const { problems } = expandRuns({ ...DEFAULT_EXPERIMENT, data: 'blobs', n: 10, d: 2, k: 3, margin: 0.5 });
    expect(problems[0].name).toBe('blobs N=10 d=2 K=3 margin=0.5 seed=0');
    // the planted directions have margin ≥ 0.5 with ‖W‖_F = √3, so the SVM's ‖Ŵ‖_F ≤ √3 / 0.5
    expect(problems[0].svm.normF).toBeLessThanOrEqual(Math.sqrt(3) / 0.5 + 1e-9);
  });

  it('shares one problem across seeds for an upload, and needs the upload', () => {
    const { train } = makePaperData({ n: 10, d: 2, k: 3, seed: 42 });
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, data: 'upload', seeds: [1, 2], init: 'gaussian' };
    const { problems, runs } = expandRuns(exp, { train, name: 'points.csv' });
    expect(problems.map((p) => p.name)).toEqual(['points.csv']);
    expect(runs[0].problem).toBe(runs[1].problem);
    expect(runs[1].W0).toEqual(initialWeights('gaussian', 2, 3, 2));
    const err = errorOf(() => expandRuns(exp));
    expect(err.field).toBe('data');
  });
});

describe('formatLr', () => {
  it('writes the paper η as 0.1/3 and every value so that it parses back bit for bit', async () => {
    const { formatLr, parseLr } = await import('../../../src/core/experiment/experiment.ts');
    expect(formatLr(0.1 / 3)).toBe('0.1/3');
    expect(formatLr(0.1)).toBe('0.1');
    expect(formatLr(0.01)).toBe('0.01');
    expect(formatLr(1 / 7)).toBe('1/7');
    for (const x of [0.1 / 3, 0.2 / 7, 1e-5, 123.456, Math.PI, 2 / 3, 0.05 / 11, 1e6])
      expect(parseLr(formatLr(x))).toBe(x);
  });
});

describe('echoed input (issue 20, section 4)', () => {
  it('excerpt keeps short text and cuts long text to 80 characters ending in …, never halving a surrogate pair', () => {
    expect(excerpt('x'.repeat(80))).toBe('x'.repeat(80));
    expect(excerpt('x'.repeat(81))).toBe(`${'x'.repeat(79)}…`);
    const emoji = `${'x'.repeat(78)}😀tail`;
    expect(excerpt(emoji)).toBe(`${'x'.repeat(78)}…`);
  });

  it("a field's message quotes at most 80 characters of what was typed, naming the field", () => {
    const long = 'a'.repeat(100_000);
    for (const field of ['losses', 'eps', 'init', 'seeds', 'margin'] as const) {
      const err = errorOf(() => parseField(field, long));
      expect(err.message.length, field).toBeLessThan(300);
      expect(err.message, field).toContain(`${'a'.repeat(79)}…`);
      expect(err.field, field).toBe(field);
    }
  });
});

describe('weight decay λ (wd, issue 17)', () => {
  it('refuses a negative λ by field and keeps the rest of the experiment', () => {
    const { experiment, errors } = validateExperiment({ wd: '-1', lrs: '0.5', steps: '300' });
    expect(errors).toEqual([
      { field: 'wd', message: '-1 is not a decay; use a number ≥ 0 such as 0, 1e-3 or a list 0,1e-4,1e-3' },
    ]);
    expect(experiment.wd).toEqual([0]);
    expect(experiment.lrs).toEqual([0.5]);
    expect(experiment.steps).toBe(300);
  });
  it('refuses λ·η ≥ 1, naming the largest λ the step sizes allow', () => {
    const { experiment, errors } = validateExperiment({ wd: '0,0.5', lrs: '0.1,4' });
    expect(errors).toEqual([
      {
        field: 'wd',
        message: 'λ·η = 2 ≥ 1 at λ = 0.5, η = 4: each step would flip or zero W; use λ below 1/η = 0.25',
      },
    ]);
    expect(experiment.wd).toEqual([0]);
    expect(experiment.lrs).toEqual([0.1, 4]);
  });
  it('runs every optimizer once per λ, each run carrying its λ and naming it in its label', () => {
    const { experiment, errors } = validateExperiment({ wd: '0,1e-3', optimizers: ['gd', 'adam'], n: 10, d: 2 });
    expect(errors).toEqual([]);
    const { runs } = expandRuns(experiment);
    expect(runs.map((r) => [r.optimizer, r.optim?.wd])).toEqual([
      ['gd', 0],
      ['gd', 1e-3],
      ['adam', 0],
      ['adam', 1e-3],
    ]);
    expect(runs[1].label).toMatch(/gd λ=0\.001/);
  });
});
