import { parseField, validateExperiment } from '../core/experiment.ts';
import { decodeExperiment, experimentFromUrl } from '../core/url.ts';
import { LabError, type Experiment } from '../core/types.ts';
import type { ParsedArgs } from './args.ts';

/** Command-line flag → the Experiment field it sets (the URL codec's table does the parsing). */
export const RUN_FLAG_FIELDS: Readonly<Record<string, keyof Experiment>> = {
  preset: 'data',
  n: 'n',
  d: 'd',
  k: 'k',
  margin: 'margin',
  seed: 'seeds',
  seeds: 'seeds',
  loss: 'losses',
  optimizer: 'optimizers',
  schedule: 'schedule',
  lr: 'lrs',
  steps: 'steps',
  init: 'init',
  engine: 'engine',
};

/**
 * The experiment a `run` command names: the URL's (when --url is given) with any flags on top,
 * or the defaults with the flags on top. Any invalid field is a user error naming the flag.
 */
export function experimentFromFlags(args: ParsedArgs, hasDataFile: boolean, note: (line: string) => void = () => {}): Experiment {
  const input: Partial<Record<keyof Experiment, unknown>> = {};
  const url = args.flags.get('url');
  if (url !== undefined) {
    const decoded = url.includes('://') ? experimentFromUrl(url) : decodeExperiment(url);
    const errors = decoded.errors.filter((e) => !e.warning);
    if (errors.length > 0) {
      throw new LabError(`--url: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, '--url');
    }
    // Keys only the page reads (autoplay, …) and a missing version change nothing here: say so and go on.
    for (const w of decoded.errors.filter((e) => e.warning)) note(`--url: ${w.field}: ${w.message}`);
    const experiment = decoded.experiment;
    Object.assign(input, experiment);
  }
  for (const [flag, field] of Object.entries(RUN_FLAG_FIELDS)) {
    const raw = args.flags.get(flag);
    if (raw === undefined) continue;
    try {
      input[field] = parseField(field, raw);
    } catch (err) {
      if (err instanceof LabError) throw new LabError(`--${flag}: ${err.message}`, `--${flag}`);
      throw err;
    }
  }
  if (hasDataFile) input.data = 'upload';
  const { experiment, errors } = validateExperiment(input);
  if (errors.length > 0) {
    const flagOf = (field: string) => Object.entries(RUN_FLAG_FIELDS).find(([, f]) => f === field)?.[0] ?? field;
    const first = errors[0];
    throw new LabError(
      errors.map((e) => `--${flagOf(e.field)}: ${e.message}`).join('; '),
      `--${flagOf(first.field)}`,
    );
  }
  return experiment;
}
