// An experiment's sizes against the limits table (size-limits.ts), for validateExperiment: its data sets
// (N, d, K, one per seed) must fit preparation's budgets, and its runs (seeds × losses × optimizer
// settings × step sizes) those budgets and the memory cap on runs. The page clamps what does not fit,
// the command line refuses it. When the data sets alone fit, the run count is what is too large: it is
// reported on seeds (or step sizes), never as a data size, and the count advised is the largest the
// same check accepts; so is every size a refusal suggests. First of all, N, d and K must be sizes the
// generator can draw from at all (generator-rules.ts), the rule the generators themselves refuse by.
import { generatorIssues } from './generator-rules.ts';
import type { FieldError } from '../experiment/param-spec.ts';
import {
  describeCap,
  fitPreparation,
  fitsPreparation,
  limitBroken,
  maxRuns,
  preparationIssue,
  type PreparationShape,
  type RunShape,
} from './size-limits.ts';
import { runsPerSetting } from '../experiment/optimizer-params.ts';
import { OPTIMIZERS, paramsOf, type OptimizerParamName } from '../training/optimizers.ts';
import { preparationShape } from './preparation-shape.ts';
import type { Experiment } from '../types.ts';

type MutableExperiment = { -readonly [F in keyof Experiment]: Experiment[F] };

/** The shape the run cap (size-limits.ts: maxRuns) is computed for. */
export function runShape(exp: Experiment): RunShape {
  return {
    n: exp.n,
    d: exp.d,
    k: exp.k,
    steps: exp.steps,
    problems: exp.data === 'upload' ? 1 : exp.seeds.length,
    // optimizers that work from the log-domain direction keep N×K log weights, as ngd does
    ngd: exp.optimizers.some((o) => OPTIMIZERS[o].gradient === 'scaled'),
  };
}

/** Runs of one seed: losses × optimizer settings × step sizes. */
function runsPerSeed(exp: Experiment): number {
  return exp.losses.length * runsPerSetting(exp.optimizers, exp) * exp.lrs.length;
}

/** Preparation's bounds and the run cap together, for the shapes of this experiment (its steps and optimizers). */
function fitsWithRuns(exp: Experiment): (s: PreparationShape) => boolean {
  const { steps, ngd } = runShape(exp);
  return (s) => fitsPreparation(s) && s.runs <= maxRuns({ n: s.n, d: s.d, k: s.k, problems: s.problems, steps, ngd });
}

/** Whether the whole experiment is accepted: its runs under the cap and, for generated data, everything within preparation. */
export function experimentFits(exp: Experiment): boolean {
  if (exp.seeds.length * runsPerSeed(exp) > maxRuns(runShape(exp))) return false;
  return exp.data === 'upload' || fitsPreparation(preparationShape(exp));
}

/** The data sets alone (no runs) fit preparation: then only the number of runs can be too large. */
function dataFits(exp: Experiment): boolean {
  return exp.data === 'upload' || fitsPreparation({ ...preparationShape(exp), runs: 0, ngdRuns: 0 });
}

/** The largest count in [1, most] for which `fits` holds (it holds for every smaller one), or 0. */
function largestCount(most: number, fits: (count: number) => boolean): number {
  if (!fits(1)) return 0;
  let lo = 1;
  let hi = most;
  if (fits(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Checks (mode 'refuse') or clamps (mode 'clamp') the sizes of a valid experiment, adding one error per
 * change or refusal. Data sets that do not fit even without runs are a data size's to fix (n first, as
 * size-limits.ts orders them); a run count that does not fit is cut on seeds, then step sizes.
 */
export function checkSizes(exp: MutableExperiment, errors: FieldError[], mode: 'clamp' | 'refuse'): void {
  checkGenerator(exp, errors);
  if (!dataFits(exp)) {
    const shape = preparationShape(exp);
    if (mode === 'refuse') {
      const issue = preparationIssue(shape, fitsWithRuns(exp));
      if (issue) errors.push({ field: issue.field, message: issue.message });
      return;
    }
    clampDataSizes(exp, errors, shape);
  }
  trimOptimizerParams(exp, errors);
  fitRunCount(exp, errors);
}

/** Sizes the generator cannot draw from are moved to the nearest that it can (the page says so; `run` refuses them). */
function checkGenerator(exp: MutableExperiment, errors: FieldError[]): void {
  for (const { field, message, fix } of generatorIssues(exp.data, exp.n, exp.d, exp.k)) {
    errors.push({ field, message, using: `using ${field}=${fix}` });
    exp[field] = fix;
  }
}

/** The page's clamp of data sizes: n first, then d, k and the number of seeds, each only as far as needed. */
function clampDataSizes(exp: MutableExperiment, errors: FieldError[], shape: PreparationShape): void {
  for (const { field, to, reason } of fitPreparation(shape).clamped) {
    if (field === 'seeds') {
      errors.push({ field, message: reason, using: `keeping the first ${to} seeds` });
      exp.seeds = exp.seeds.slice(0, to);
    } else {
      errors.push({ field, message: reason, using: `using ${field}=${to}` });
      exp[field] = to;
    }
  }
}

/**
 * Optimizer parameter lists are shortened first when one seed's runs at one step size are already over
 * the run cap (size-limits.ts: maxRuns).
 */
function trimOptimizerParams(exp: MutableExperiment, errors: FieldError[]): void {
  const cap = maxRuns(runShape(exp));
  const trimmed = new Set<OptimizerParamName>();
  while (exp.losses.length * runsPerSetting(exp.optimizers, exp) > cap) {
    const read = [...new Set(exp.optimizers.flatMap((o) => paramsOf(o)))].filter((p) => exp[p].length > 1);
    if (read.length === 0) break;
    const longest = read.sort((a, b) => exp[b].length - exp[a].length)[0];
    exp[longest] = exp[longest].slice(0, -1);
    trimmed.add(longest);
  }
  for (const p of trimmed) {
    errors.push({
      field: p,
      message: `too many combinations of optimizer parameters for the ${cap} runs that fit in memory`,
      using: `keeping ${exp[p].map(String).join(',')}`,
    });
  }
}

/**
 * Why the runs do not fit, counted by seeds or (for one seed) by step sizes: over the run cap, or with
 * the data over preparation's budget.
 */
function runCountLimit(exp: Experiment, by: 'seeds' | 'lrs'): string {
  const cap = maxRuns(runShape(exp));
  const perSeed = runsPerSeed(exp);
  const perLr = perSeed / exp.lrs.length;
  const [count, total] =
    by === 'seeds'
      ? [`${exp.seeds.length} seeds × ${perSeed} runs each`, exp.seeds.length * perSeed]
      : [`${exp.lrs.length} step sizes × ${perLr} runs each`, perSeed];
  if (total > cap)
    return `${count} are ${total} runs, above the ${cap} that fit in memory (${describeCap(runShape(exp))})`;
  return `${count} are ${total} runs; with their data, ${limitBroken(preparationShape(exp)) ?? "beyond the lab's budgets"}`;
}

/**
 * Seeds (the outermost loop) are cut to the most that fit; when not even one seed's runs fit, the step
 * sizes are cut too, keeping one seed. Either count is the largest the whole check accepts.
 */
function fitRunCount(exp: MutableExperiment, errors: FieldError[]): void {
  if (experimentFits(exp)) return;
  const seeds = largestCount(exp.seeds.length, (count) => experimentFits({ ...exp, seeds: exp.seeds.slice(0, count) }));
  if (seeds >= 1) {
    errors.push({
      field: 'seeds',
      message: `${runCountLimit(exp, 'seeds')}; give at most ${seeds} seed${seeds === 1 ? '' : 's'}`,
      using: seeds === 1 ? `keeping seed ${exp.seeds[0]}` : `keeping the first ${seeds} seeds`,
    });
    exp.seeds = exp.seeds.slice(0, seeds);
    return;
  }
  const oneSeed = exp.seeds.slice(0, 1);
  const lrs = largestCount(exp.lrs.length, (count) =>
    experimentFits({ ...exp, seeds: oneSeed, lrs: exp.lrs.slice(0, count) }),
  );
  // not even one run fits: the data sizes are what is too large (size-limits.ts refuses them when preparing)
  if (lrs === 0) return;
  errors.push({
    field: 'lrs',
    message: `${runCountLimit(exp, 'lrs')}; give at most ${lrs} step size${lrs === 1 ? '' : 's'} and one seed`,
    using: `keeping the first ${lrs} step size${lrs === 1 ? '' : 's'} and seed ${exp.seeds[0]}`,
  });
  exp.lrs = exp.lrs.slice(0, lrs);
  exp.seeds = oneSeed;
}
