// What an experiment asks preparation (experiment-preparation.ts) to build, in the sizes the limits table
// (size-limits.ts) checks. Apart from the preparation itself, so that the experiment table and the page's
// main thread can check sizes without loading the data generators and the SVM solver.
import type { PreparationShape } from './size-limits.ts';
import { runsPerSetting } from '../experiment/optimizer-params.ts';
import { OPTIMIZERS } from '../training/optimizers.ts';
import type { Dataset, Experiment } from '../types.ts';

export interface PrepareUpload {
  readonly train: Dataset;
  readonly test?: Dataset;
  readonly name: string;
}

/** What an experiment asks preparation to build, for the limits table. */
export function preparationShape(exp: Experiment, upload?: PrepareUpload): PreparationShape {
  const perSetting = exp.seeds.length * exp.losses.length * exp.lrs.length;
  const runs = perSetting * runsPerSetting(exp.optimizers, exp);
  // runs whose step works from the log-domain direction, as ngd does (optimizers.ts: gradient 'scaled')
  const ngdRuns =
    perSetting *
    runsPerSetting(
      exp.optimizers.filter((o) => OPTIMIZERS[o].gradient === 'scaled'),
      exp,
    );
  if (exp.data === 'upload' && upload) {
    const { n, d, k } = upload.train;
    return { n, d, k, problems: 1, generated: false, runs, ngdRuns };
  }
  return {
    n: exp.n,
    d: exp.d,
    k: exp.k,
    problems: exp.data === 'upload' ? 1 : exp.seeds.length,
    generated: exp.data !== 'upload',
    runs,
    ngdRuns,
  };
}
