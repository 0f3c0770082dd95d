// The sweep grammar of step sizes (lo..hi:log:N, lo..hi:lin:N), held to values computed here by
// independent formulas, and the run subsets (shards) expandRuns builds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, parseField, parseLr } from '../../../src/core/experiment/experiment.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { formatLrList, parseLrList, rangeOf } from '../../../src/core/experiment/sweep.ts';
import { decodeExperiment, encodeExperiment } from '../../../src/core/experiment/url.ts';
import { errorOf } from '../helpers/lab-error.ts';

const lrs = (raw: string) => parseField('lrs', raw) as number[];
/** The step sizes as a link writes them (its lr=, the syntax the CLI's --lr reads) */
const formatLrs = (values: number[]) =>
  new URLSearchParams(encodeExperiment({ ...DEFAULT_EXPERIMENT, lrs: values })).get('lr');

describe('step-size ranges', () => {
  it('lo..hi:log:N is N values with a constant ratio, ends exact', () => {
    const values = lrs('1e-3..10:log:64');
    expect(values).toHaveLength(64);
    expect(values[0]).toBe(1e-3);
    expect(values[63]).toBe(10);
    const ratio = 10 ** (4 / 63);
    // each value is rounded to 12 significant digits (next test): ratios hold to ~1e-11
    for (let i = 1; i < 64; i++) expect(values[i] / values[i - 1]).toBeCloseTo(ratio, 10);
    expect(values[21]).toBeCloseTo(1e-3 * 10 ** ((4 * 21) / 63), 13);
  });

  it('log ranges are 12-significant-digit decimals, the same doubles in every JavaScript engine', () => {
    // 10^x is not correctly rounded (Chromium and Node gave 42.45055079203452 and …453 for one η of the
    // same link): the values are the decimals 10^(−3 + i·log10(2e5)/63) to 12 digits, here from a
    // 40-digit decimal calculation
    const phase = lrs('1e-3..200:log:64');
    expect(phase[0]).toBe(0.001);
    expect(phase[21]).toBe(0.0584803547643);
    expect(phase[42]).toBe(3.41995189335);
    expect(phase[56]).toBe(51.5260277188);
    expect(phase[63]).toBe(200);
    expect(lrs('1e-3..10:log:5')).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(lrs('1..2:log:3')).toEqual([1, 1.41421356237, 2]);
    for (const v of lrs('1e-3..10:log:625')) expect(Number(v.toPrecision(12))).toBe(v);
  });

  it('lo..hi:lin:N is N equally spaced values; ranges mix with single values and fractions', () => {
    const values = lrs('0.01..0.5:lin:50');
    expect(values).toHaveLength(50);
    for (let i = 0; i < 50; i++) expect(values[i]).toBeCloseTo(0.01 + 0.01 * i, 14);
    expect(lrs('0.1/3,1..2:lin:3')).toEqual([0.1 / 3, 1, 1.5, 2]);
  });

  it('keeps every value of a narrow range inside it: 12-digit rounding once put one above the upper end', () => {
    const [lo, mid, hi] = lrs('1.000000000004..1.000000000009:log:3');
    expect([lo, hi]).toEqual([1.000000000004, 1.000000000009]);
    expect(mid).toBeGreaterThan(lo);
    expect(mid).toBeLessThan(hi);
    expect(Math.abs(mid - Math.sqrt(lo * hi))).toBeLessThan(4 * 2 ** -52); // the geometric mean, to a few ulps
    // two doubles apart: the middle value can only be the one between them
    const next = 1 + 2 ** -52;
    expect(lrs(`1..${1 + 2 ** -51}:log:3`)).toEqual([1, next, 1 + 2 ** -51]);
    expect(lrs(`1..${1 + 2 ** -51}:lin:3`)).toEqual([1, next, 1 + 2 ** -51]);
  });

  it('expands any range to values within [lo, hi], ends exact, increasing (strictly where the doubles allow)', () => {
    const ulp = (x: number) => x * 2 ** -52;
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1e5, noNaN: true }),
        fc.double({ min: -50, max: 20, noNaN: true }),
        fc.integer({ min: 2, max: 300 }),
        fc.constantFrom('log' as const, 'lin' as const),
        (lo, log2Span, count, scale) => {
          const hi = Math.min(1e6, lo * (1 + 2 ** log2Span));
          fc.pre(hi > lo);
          const values = parseLrList(`${lo}..${hi}:${scale}:${count}`, parseLr, 4096, '');
          expect(values).toHaveLength(count);
          expect(values[0]).toBe(lo);
          expect(values[count - 1]).toBe(hi);
          const strict = (hi - lo) / (count - 1) >= 16 * ulp(hi);
          for (let i = 1; i < count; i++) {
            expect(values[i]).toBeLessThanOrEqual(hi);
            if (strict) expect(values[i]).toBeGreaterThan(values[i - 1]);
            else expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses bad ranges by name before expanding them', () => {
    expect(errorOf(() => parseField('lrs', '1e-3..10:log:1000000000')).message).toMatch(
      /^lrs: .* names more than 4096 step sizes/,
    );
    expect(errorOf(() => parseField('lrs', '1..0.1:log:5')).message).toBe(
      'lrs: the range 1..0.1:log:5 must end above its start; write it as 0.1..1:log:5',
    );
    expect(errorOf(() => parseField('lrs', '1..2:lin:x')).message).toMatch(
      /needs a whole number of values after :lin:/,
    );
    expect(errorOf(() => parseField('lrs', '1..2:lin:1')).message).toMatch(/give at least 2/);
    expect(errorOf(() => parseField('lrs', '1..2:cos:5')).field).toBe('lrs');
    expect(errorOf(() => parseField('lrs', '0.1..1e7:log:3')).message).toMatch(/not a usable step size/);
  });

  it('a list that is exactly a range is written as one; anything else as values; both read back bit for bit', () => {
    expect(formatLrs(lrs('1e-3..10:log:64'))).toBe('0.001..10:log:64');
    expect(formatLrs(lrs('0.01..0.5:lin:50'))).toBe('0.01..0.5:lin:50');
    expect(formatLrs([0.1 / 3, 0.01])).toBe('0.1/3,0.01');
    const moved = lrs('1e-3..10:log:64');
    moved[5] *= 1 + 2 ** -52;
    expect(rangeOf(moved)).toBeUndefined();
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 1e-12, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (values) => {
          expect(parseLrList(formatLrList(values, String), parseLr, 4096, '')).toEqual(values);
        },
      ),
    );
  });

  it('keeps v=1 links without ranges exactly as before', () => {
    const old =
      'v=1&data=paper&n=100&d=10&k=3&margin=0.5&seeds=0..9&loss=pairlog,ce&opt=gd&schedule=const&lr=0.1/3,0.01' +
      '&steps=100000&init=gaussian&engine=auto&snapshots=100,1000,100000';
    const { experiment, errors } = decodeExperiment(old);
    expect(errors).toEqual([]);
    expect(experiment.lrs).toEqual([0.1 / 3, 0.01]);
    expect(encodeExperiment(experiment)).toBe(`${old}&scale=log`);
  });
});

describe('expandRuns with a subset of runs', () => {
  const exp = {
    ...DEFAULT_EXPERIMENT,
    n: 12,
    d: 2,
    k: 3,
    seeds: [4, 5, 6],
    losses: ['pairlog' as const, 'exp' as const],
    lrs: [0.1, 0.2],
    init: 'gaussian',
  };

  it('keeps the runs by their index in the full product and builds only the data sets they use', () => {
    const all = expandRuns(exp);
    expect(all.indices).toEqual([...Array(12).keys()]);
    const shard = expandRuns(exp, undefined, undefined, (r) => r % 5 === 1);
    expect(shard.indices).toEqual([1, 6, 11]);
    expect(shard.runs.map((r) => r.label)).toEqual([1, 6, 11].map((i) => all.runs[i].label));
    expect(shard.runs.map((r) => r.W0)).toEqual([1, 6, 11].map((i) => all.runs[i].W0));
    // runs 1 (seed 4), 6 (seed 5) and 11 (seed 6): all three data sets; runs 0..3 only: one
    expect(shard.problems.map((p) => p.name)).toEqual(all.problems.map((p) => p.name));
    expect(expandRuns(exp, undefined, undefined, (r) => r < 4).problems.map((p) => p.name)).toEqual([
      all.problems[0].name,
    ]);
    // runs of one seed share one Problem, so both engines hold one copy of its X
    expect(all.runs[0].problem).toBe(all.runs[3].problem);
  });
});

describe('decade points', () => {
  it('a log range through whole decades hits them exactly', () => {
    expect(lrs('1e-3..10:log:5')).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(lrs('0.01..1:log:3')).toEqual([0.01, 0.1, 1]);
  });
});
