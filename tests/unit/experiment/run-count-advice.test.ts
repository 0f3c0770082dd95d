// Too many runs is a run count to fix, not a data size: the refusal names seeds (or step sizes), the
// page trims seeds rather than shrinking N and d, and every fix a refusal suggests is accepted in turn.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPageQuery } from '../../../src/app/state/url-state.ts';
import { parseArgs } from '../../../src/cli/args.ts';
import { experimentFromFlags } from '../../../src/cli/experiment-from-flags.ts';
import { DEFAULT_EXPERIMENT, validateExperiment } from '../../../src/core/experiment/experiment.ts';
import { checkpointSchedule } from '../../../src/core/engine/checkpoint-times.ts';
import { expandRange } from '../../../src/core/experiment/sweep.ts';
import { LOSS_NAMES, type Experiment } from '../../../src/core/types.ts';
import { errorOf } from '../helpers/lab-error.ts';

const SWEEP = expandRange({ lo: 1e-3, hi: 10, scale: 'log', count: 4096 });
const seedsUpTo = (count: number) => Array.from({ length: count }, (_, i) => i);
const refused = (input: Partial<Experiment>) => validateExperiment(input, { sizes: 'refuse' }).errors;

/**
 * The most seeds of the paper's N = 100, d = 10, K = 3 data at 10⁵ steps that hold `perSeed` runs each
 * in 1 GiB, re-derived by hand: per run 4·d·K + 8K float64, 12 per checkpoint and 1 KiB; per data set
 * 2·N·d float64, 2N int32 labels and d·K float64.
 */
function seedsByHand(perSeed: number): number {
  const perRun = (4 * 30 + 8 * 3 + (1 + checkpointSchedule(1e5).length) * 12) * 8 + 1024;
  const perDataSet = 2 * 100 * 10 * 8 + 2 * 100 * 4 + 30 * 8;
  let seeds = 0;
  while ((seeds + 1) * perSeed <= Math.floor((1024 ** 3 - (seeds + 1) * perDataSet) / perRun)) seeds++;
  return seeds;
}

describe('the run-count refusal', () => {
  it('names seeds and the count that fits for 1024 seeds × 4096 step sizes (it named --d and 271 seeds, itself refused)', () => {
    const errors = refused({ seeds: seedsUpTo(1024), lrs: SWEEP });
    expect(seedsByHand(4096)).toBe(38);
    expect(errors).toEqual([
      {
        field: 'seeds',
        message:
          '1024 seeds × 4096 runs each are 4194304 runs, above the 153530 that fit in memory (a run holds 6.7 KiB at N=100, ' +
          'd=10, K=3 and 100000 steps, and 1024 data sets 16.6 MiB, so the 1 GiB budget holds 153530 runs); give at most 38 seeds',
        using: 'keeping the first 38 seeds',
      },
    ]);
    expect(refused({ seeds: seedsUpTo(38), lrs: SWEEP })).toEqual([]);
    expect(refused({ seeds: seedsUpTo(39), lrs: SWEEP }).map((e) => e.field)).toEqual(['seeds']);
  });

  it('is a --seeds refusal on the command line', () => {
    const args = parseArgs(['run', '--seeds', '0..1023', '--lr', '1e-3..10:log:4096']);
    const err = errorOf(() => experimentFromFlags(args, false));
    expect(err.field).toBe('--seeds');
    expect(err.message).toMatch(/^--seeds: 1024 seeds × 4096 runs each .*; give at most 38 seeds$/);
    expect(
      experimentFromFlags(parseArgs(['run', '--seeds', '0..37', '--lr', '1e-3..10:log:4096']), false).seeds,
    ).toHaveLength(38);
  });

  it("cuts step sizes, keeping one seed, when one seed's runs are already too many", () => {
    // N = 2000 with normalised GD: each run keeps N×K log weights, so one seed's 6 × 2 × 4096 runs are over the cap
    const heavy: Partial<Experiment> = { n: 2000, losses: [...LOSS_NAMES], optimizers: ['gd', 'ngd'], steps: 1e8 };
    const [error, ...rest] = refused({ ...heavy, seeds: [0, 1], lrs: SWEEP });
    expect(rest).toEqual([]);
    expect(error.field).toBe('lrs');
    expect(error.message).toMatch(
      /^4096 step sizes × 12 runs each are 49152 runs, above the \d+ that fit in memory .*; give at most \d+ step sizes and one seed$/,
    );
    const most = Number(/give at most (\d+) step sizes/.exec(error.message)![1]);
    expect(error.using).toBe(`keeping the first ${most} step sizes and seed 0`);
    expect(refused({ ...heavy, seeds: [0], lrs: SWEEP.slice(0, most) })).toEqual([]);
    expect(refused({ ...heavy, seeds: [0], lrs: SWEEP.slice(0, most + 1) }).map((e) => e.field)).toEqual(['lrs']);
  });
});

describe('the page with too many runs', () => {
  it('keeps N = 100 and d = 10 and trims the seeds to the 38 that fit (it clamped n to 3 and d to 2)', () => {
    const q = readPageQuery('?v=1&seeds=0..1023&lr=1e-3..10:log:4096');
    expect(q.experiment).toMatchObject({ n: 100, d: 10, k: 3, seeds: seedsUpTo(38) });
    expect(q.experiment.lrs).toEqual(SWEEP);
    // the clamp, then the note that the repaired link waits for Play (issue 21)
    expect(q.messages).toHaveLength(2);
    expect(q.messages[1]).toMatchObject({ level: 'warning', field: 'link' });
    expect(q.autoplay).toBe(false);
    expect(q.messages[0]).toMatchObject({ level: 'error', field: 'seeds' });
    expect(q.messages[0].text).toMatch(/give at most 38 seeds; keeping the first 38 seeds$/);
  });
});

/** Each fix a refusal suggests, applied alone to the experiment. */
function suggestedFixes(exp: Experiment, message: string): Experiment[] {
  const fixes: Experiment[] = [];
  const advice = message.slice(message.lastIndexOf('; ') + 2);
  for (const m of advice.matchAll(/\b([ndk]) [≤=] (\d+)/g)) fixes.push({ ...exp, [m[1]]: Number(m[2]) });
  for (const m of advice.matchAll(/(?:^|with |or |and |at most )(\d+) seeds?\b/g))
    fixes.push({ ...exp, seeds: exp.seeds.slice(0, Number(m[1])) });
  const lrs = /at most (\d+) step sizes? and one seed/.exec(advice);
  if (lrs) fixes.push({ ...exp, seeds: exp.seeds.slice(0, 1), lrs: exp.lrs.slice(0, Number(lrs[1])) });
  // "n = 40 and d = 3 and 2 seeds" is one fix of several sizes together
  if (/ and /.test(advice) && !lrs) {
    let together = exp;
    for (const f of fixes)
      together = {
        ...together,
        n: Math.min(together.n, f.n),
        d: Math.min(together.d, f.d),
        k: Math.min(together.k, f.k),
        seeds: f.seeds.length < together.seeds.length ? f.seeds : together.seeds,
      };
    return [together];
  }
  return fixes;
}

describe('every fix a size refusal suggests', () => {
  it('is accepted by the same check, for data sizes and run counts alike', () => {
    const experiment = fc
      .record({
        n: fc.integer({ min: 2, max: 100_000 }),
        d: fc.integer({ min: 2, max: 1000 }),
        k: fc.integer({ min: 2, max: 100 }),
        seeds: fc.integer({ min: 1, max: 1024 }).map(seedsUpTo),
        lrs: fc.integer({ min: 1, max: 4096 }).map((count) => SWEEP.slice(0, count)),
        steps: fc.constantFrom(100, 1e4, 1e6, 1e8),
        optimizers: fc.constantFrom<Experiment['optimizers']>(['gd'], ['gd', 'ngd'], ['adam', 'sign']),
      })
      .map((e) => ({
        ...DEFAULT_EXPERIMENT,
        ...e,
        n: Math.max(e.n, e.k),
        d: Math.min(e.d, Math.floor(2e7 / Math.max(e.n, e.k))),
      }));
    let checked = 0;
    fc.assert(
      fc.property(experiment, (exp) => {
        const errors = refused(exp);
        fc.pre(errors.length > 0);
        expect(errors).toHaveLength(1);
        const fixes = suggestedFixes(exp, errors[0].message);
        expect(fixes.length, errors[0].message).toBeGreaterThan(0);
        for (const fix of fixes)
          expect(
            refused(fix),
            `${errors[0].message} → ${JSON.stringify({ ...fix, lrs: fix.lrs.length, seeds: fix.seeds.length })}`,
          ).toEqual([]);
        checked++;
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
