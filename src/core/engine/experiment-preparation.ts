// Preparing an experiment: its data sets, their SVM targets and σ_max(X)², and its runs. The sizes are
// checked against the limits table (size-limits.ts) before anything is allocated, and long preparations
// report progress: the page runs this in a Web Worker and shows a progress bar with Cancel, the CLI
// prints it on stderr.
import { makeBlobs } from '../data/blobs.ts';
import { makePaperData } from '../data/paper.ts';
import { initialWeights } from '../training/init.ts';
import {
  assertPreparation,
  COST,
  preparationCost,
  svmSupportEstimate,
  type PreparationShape,
} from '../sizes/size-limits.ts';
import { batchSizeError, FULL_BATCH } from '../experiment/batch-params.ts';
import { optimizerSettings, runsPerSetting, settingsLabel } from '../experiment/optimizer-params.ts';
import { preparationShape, type PrepareUpload } from '../sizes/preparation-shape.ts';
import { buildProblem } from '../data/problem.ts';
import type { SvmProgress } from '../svm/svm-solver.ts';
import { LabError, type Dataset, type Experiment, type Problem, type RunSpec } from '../types.ts';

/** Where preparation is: a fraction of the estimated work done, and what it is doing, in words. */
export interface PrepareProgress {
  readonly fraction: number;
  readonly stage: string;
}

/** Progress reports closer together than this are dropped (the first and the last always go out). */
const PROGRESS_INTERVAL_MS = 100;
/** The exact SVM phase has no known length; its share of the bar fills as steps approach this many per support bound. */
const EXACT_STEPS_PER_SUPPORT = 2.5;

/**
 * The experiment's problems (one per seed for generated data, one shared for an upload) and its runs,
 * the cartesian product seeds × losses × optimizers (once per combination of the parameters each reads)
 * × lrs with the seed outermost. Sizes beyond the
 * limits table are refused (LabError naming the field) before anything is allocated. Runs of one seed
 * share one Problem object, so both engines hold one copy of its X. `only` keeps a subset of the runs
 * by their index in the product (a shard of a sweep); `indices` are the kept runs' indices.
 */
export function expandRuns(
  exp: Experiment,
  upload?: PrepareUpload,
  onProgress?: (progress: PrepareProgress) => void,
  only?: (run: number) => boolean,
): { problems: Problem[]; runs: RunSpec[]; indices: number[] } {
  if (exp.data === 'upload' && !upload) {
    throw new LabError(
      'data: the experiment uses an uploaded data set, but none is loaded; load the file again or pick data=paper',
      'data',
    );
  }
  const batch = batchSizeError(exp.batch, upload ? upload.train.n : exp.n);
  if (batch) throw new LabError(`batch: ${batch}`, 'batch');
  const shape = preparationShape(exp, upload);
  // an upload's sizes are the file's, so its refusal names the data
  assertPreparation(shape, shape.generated ? undefined : () => 'data');
  const report = progressReporter(shape, onProgress);
  // a shard (`only`) keeps some runs by their index in the whole product; data sets none of them uses are not built
  const perSeed = exp.losses.length * runsPerSetting(exp.optimizers, exp) * exp.lrs.length;
  const seedUsed = exp.seeds.map((_, s) => {
    if (!only) return true;
    for (let r = s * perSeed; r < (s + 1) * perSeed; r++) if (only(r)) return true;
    return false;
  });
  const problems: Problem[] = [];
  const problemOfSeed: (Problem | undefined)[] = [];
  if (exp.data === 'upload' && upload) {
    const shared = buildReported(upload.name, upload.train, upload.test, 0, report);
    problems.push(shared);
    for (let s = 0; s < exp.seeds.length; s++) problemOfSeed.push(shared);
  } else {
    exp.seeds.forEach((seed, s) => {
      if (!seedUsed[s]) {
        problemOfSeed.push(undefined);
        return;
      }
      const shapeOfSeed = { n: exp.n, d: exp.d, k: exp.k, seed };
      report.data(s, `data set ${s + 1}/${exp.seeds.length} (seed ${seed})`);
      const data =
        exp.data === 'paper' ? makePaperData(shapeOfSeed) : makeBlobs({ ...shapeOfSeed, margin: exp.margin });
      const name =
        exp.data === 'paper'
          ? `paper N=${exp.n} d=${exp.d} K=${exp.k} seed=${seed}`
          : `blobs N=${exp.n} d=${exp.d} K=${exp.k} margin=${exp.margin} seed=${seed}`;
      const problem = buildReported(name, data.train, data.test, s, report);
      problems.push(problem);
      problemOfSeed.push(problem);
    });
  }
  const runs: RunSpec[] = [];
  const indices: number[] = [];
  let index = 0;
  exp.seeds.forEach((seed, s) => {
    const problem = problemOfSeed[s];
    for (const loss of exp.losses) {
      for (const optimizer of exp.optimizers) {
        for (const optim of optimizerSettings(optimizer, exp)) {
          for (const lr of exp.lrs) {
            const r = index++;
            if (!problem || (only && !only(r))) continue;
            indices.push(r);
            runs.push({
              label: `seed ${seed} · ${loss} · ${optimizer}${settingsLabel(optimizer, optim, exp)} η=${formatLrShort(lr)}`,
              problem,
              loss,
              optimizer,
              schedule: exp.schedule,
              lr,
              seed,
              optim,
              ...(exp.batch === FULL_BATCH ? {} : { batch: exp.batch, bseed: exp.bseed }),
              W0: initialWeights(exp.init, problem.train.d, problem.train.k, seed),
            });
          }
        }
      }
    }
  });
  report.done();
  return { problems, runs, indices };
}

function buildReported(
  name: string,
  train: Dataset,
  test: Dataset | undefined,
  index: number,
  report: Reporter,
): Problem {
  const label = report.problems > 1 ? ` of data set ${index + 1}/${report.problems}` : '';
  return buildProblem(name, train, test, { onProgress: (p) => report.svm(index, p, label) });
}

/** Three significant digits, as the legend shows η. */
function formatLrShort(lr: number): string {
  return String(Number(lr.toPrecision(3)));
}

interface Reporter {
  readonly problems: number;
  data(index: number, stage: string): void;
  svm(index: number, p: SvmProgress, label: string): void;
  done(): void;
}

/**
 * Turns stage events into fractions of the estimated work (size-limits.ts's cost model: data, then the
 * SVM's warm start and exact steps, then σ_max, per data set), throttled.
 */
function progressReporter(shape: PreparationShape, onProgress?: (progress: PrepareProgress) => void): Reporter {
  const problems = shape.problems;
  const perProblem = preparationCost({ ...shape, problems: 1, runs: 0, ngdRuns: 0 });
  const { data, svm, sigma } = perProblem.parts;
  const total = Math.max(data + svm + sigma, Number.MIN_VALUE);
  const support = Math.max(1, svmSupportEstimate(shape.n, shape.d, shape.k));
  // the SVM's warm start (its first cost term) against its exact steps (the rest)
  const warmShare = svm > 0 ? Math.min(1, (COST.svmPerNdk * shape.n * shape.d * shape.k) / svm) : 0;
  let last = -Infinity;
  let lastFraction = 0;
  const emit = (fraction: number, stage: string, force = false) => {
    const now = performance.now();
    if (!onProgress || (!force && now - last < PROGRESS_INTERVAL_MS)) return;
    last = now;
    lastFraction = Math.max(lastFraction, Math.min(1, fraction));
    onProgress({ fraction: lastFraction, stage });
  };
  const at = (index: number, within: number) => (index * total + within) / (problems * total);
  return {
    problems,
    data: (index, stage) => emit(at(index, 0), stage, index === 0),
    svm: (index, p, label) => {
      if (p.phase === 'warm start') {
        const f = p.total ? p.done / p.total : 0;
        emit(at(index, data + svm * warmShare * f), `SVM target${label}: warm start, epoch ${p.done}/${p.total}`);
      } else {
        const f = Math.min(0.99, p.done / (EXACT_STEPS_PER_SUPPORT * support));
        emit(
          at(index, data + svm * (warmShare + (1 - warmShare) * f)),
          `SVM target${label}: active set of ${p.active} constraints, step ${p.done}`,
        );
      }
    },
    done: () => emit(1, 'prepared', true),
  };
}
