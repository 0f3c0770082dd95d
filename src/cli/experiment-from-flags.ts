import { parseField, validateExperiment } from '../core/experiment/experiment.ts';
import { decodeExperiment, experimentFromUrl } from '../core/experiment/url.ts';
import { excerpt } from '../core/experiment/user-text.ts';
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
  beta: 'beta',
  beta2: 'beta2',
  eps: 'eps',
  ns: 'ns',
  wd: 'wd',
  batch: 'batch',
  'batch-seed': 'bseed',
  steps: 'steps',
  init: 'init',
  engine: 'engine',
};

/** The flag a message names for a field: the one the user gave, else the field's usual flag (--seeds, not --seed). */
function flagOf(args: ParsedArgs, field: string): string {
  const flags = Object.entries(RUN_FLAG_FIELDS)
    .filter(([, f]) => f === field)
    .map(([flag]) => flag);
  return flags.find((flag) => args.flags.has(flag)) ?? flags.at(-1) ?? field;
}

/** A core message without its leading internal field name ("lrs: …" under --lr). */
function withoutPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/**
 * The experiment a `run` command names: the URL's (when --url is given) with any flags on top,
 * or the defaults with the flags on top. Any invalid field is a user error naming the flag; a link
 * that is not a v=1 link is refused by the core's link rule (decodeExperiment).
 */
export function experimentFromFlags(
  args: ParsedArgs,
  hasDataFile: boolean,
  note: (line: string) => void = () => {},
): Experiment {
  const input: Partial<Record<keyof Experiment, unknown>> = {};
  const url = args.flags.get('url');
  if (url !== undefined) {
    const decoded = url.includes('://') ? experimentFromUrl(url) : decodeExperiment(url);
    const errors = decoded.errors.filter((e) => !e.warning);
    if (errors.length > 0) {
      throw new LabError(`--url: ${errors.map((e) => `${excerpt(e.field)}: ${e.message}`).join('; ')}`, '--url');
    }
    // keys only the page reads (autoplay, …) change nothing here: say so and go on
    for (const w of decoded.errors.filter((e) => e.warning)) note(`--url: ${excerpt(w.field)}: ${w.message}`);
    // scale= (log-log or linear chart axes) is a page-only view setting: the numbers are the same
    if (new URLSearchParams(url.slice(url.indexOf('?') + 1)).has('scale')) {
      note(
        `--url: scale=${decoded.experiment.scale} sets how the page draws its charts; ignored here (the numbers are the same)`,
      );
    }
    Object.assign(input, decoded.experiment);
  }
  for (const [flag, field] of Object.entries(RUN_FLAG_FIELDS)) {
    const raw = args.flags.get(flag);
    if (raw === undefined) continue;
    try {
      input[field] = parseField(field, raw);
    } catch (err) {
      if (err instanceof LabError) throw new LabError(`--${flag}: ${withoutPrefix(err.message, field)}`, `--${flag}`);
      throw err;
    }
  }
  if (hasDataFile) input.data = 'upload';
  const { experiment, errors } = validateExperiment(input, { sizes: 'refuse' });
  if (errors.length > 0) {
    // messages without FieldError.using: the command line refuses the value, it does not clamp it
    const named = errors.map((e) => ({ flag: `--${flagOf(args, e.field)}`, message: e.message }));
    throw new LabError(named.map((e) => `${e.flag}: ${e.message}`).join('; '), named[0].flag);
  }
  return experiment;
}
