// Page URLs for experiments, through the same codec the page and the CLI use.
import { encodeExperiment } from '../../../src/core/experiment/url.ts';
import type { Experiment } from '../../../src/core/types.ts';

/** The query string (with its leading '?') that names this experiment. */
export function experimentQuery(experiment: Experiment): string {
  const query = encodeExperiment(experiment);
  return query.startsWith('?') ? query : `?${query}`;
}
