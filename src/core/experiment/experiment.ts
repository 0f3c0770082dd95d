// One typed table of experiment parameters. The URL codec, the command line and the page all read
// and write experiments through it, so a parameter's name, default, bounds and syntax live in one place.
import { parseInit } from '../training/init.ts';
import { checkSizes } from '../sizes/experiment-sizes.ts';
import { LIMITS } from '../sizes/size-limits.ts';
import { BATCH_ON_GPU, BATCH_PARAM_TABLE, batchSizeError, isMiniBatch } from './batch-params.ts';
import { OPTIMIZER_PARAM_TABLE, weightDecayError } from './optimizer-params.ts';
import type { Checked, FieldError, ParamSpec } from './param-spec.ts';
import { formatLrList, parseLrList } from './sweep.ts';
import {
  checkChoice,
  formatLr,
  formatSeeds,
  parseChoiceList,
  parseInteger,
  parseLr,
  parseNumber,
  parseSeeds,
  show,
  splitList,
} from './param-values.ts';
import {
  DATASET_NAMES,
  ENGINE_NAMES,
  LabError,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  SCALE_NAMES,
  SCHEDULE_NAMES,
  type Experiment,
} from '../types.ts';

export { LIMITS } from '../sizes/size-limits.ts';
export type { FieldError } from './param-spec.ts';
export { runShape } from '../sizes/experiment-sizes.ts';
export { formatLr, formatSeeds, parseLr, parseSeeds, show } from './param-values.ts';

type ParamTable = { readonly [F in keyof Experiment]: ParamSpec<Experiment[F]> };
type MutableExperiment = { -readonly [F in keyof Experiment]: Experiment[F] };

/** Longer lists are cut to this length (and reported); they bound what a link can make the page allocate. */
const MAX_HIDE_ENTRIES = 32;
/** step sizes per experiment: a 4-decade sweep at 1,000 values per decade; memory bounds the runs they make (size-limits.ts: maxRuns) */
const MAX_LRS = 4096;
const UPLOAD_HASH = /^[A-Za-z0-9_-]{0,128}$/;
const CONTROL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

// ---- value checkers ------------------------------------------------------------------------------

function checkInteger(field: string, min: number, max: number): (value: unknown) => Checked<number> {
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
      throw new LabError(`${field}: ${show(value)} is not a whole number; use ${min} to ${max}`, field);
    }
    return clampNumber(value, field, min, max);
  };
}

function clampNumber(value: number, field: string, min: number, max: number): Checked<number> {
  if (value < min)
    return { value: min, clamped: `${field}: ${show(value)} is below the minimum ${min}`, using: `using ${min}` };
  if (value > max)
    return { value: max, clamped: `${field}: ${show(value)} is above the maximum ${max}`, using: `using ${max}` };
  return { value };
}

function checkList<T>(
  field: string,
  value: unknown,
  item: (entry: unknown) => T,
  minCount: number,
  maxCount: number,
): Checked<T[]> {
  if (!Array.isArray(value)) throw new LabError(`${field}: expected a list, got ${show(value)}`, field);
  if (value.length < minCount)
    throw new LabError(`${field}: give at least ${minCount} value${minCount === 1 ? '' : 's'}`, field);
  const items = value.slice(0, maxCount).map(item);
  const duplicate = items.find((entry, i) => items.indexOf(entry) !== i);
  if (duplicate !== undefined)
    throw new LabError(`${field}: ${show(duplicate)} is listed twice; list each value once`, field);
  if (value.length > maxCount) {
    return {
      value: items,
      clamped: `${field}: ${value.length} values, at most ${maxCount} allowed`,
      using: `keeping the first ${maxCount}`,
    };
  }
  return { value: items };
}

function checkSeed(entry: unknown): number {
  if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < LIMITS.seeds.min || entry > LIMITS.seeds.max) {
    throw new LabError(
      `seeds: ${show(entry)} is not a seed; seeds are integers from ${LIMITS.seeds.min} to ${LIMITS.seeds.max}`,
      'seeds',
    );
  }
  return entry;
}

function checkLr(entry: unknown): number {
  if (typeof entry !== 'number' || !(entry > LIMITS.lr.min && entry <= LIMITS.lr.max)) {
    throw new LabError(
      `lrs: ${show(entry)} is not a usable step size; use a number above 0 and at most ${LIMITS.lr.max}, e.g. 0.1 or 0.1/3`,
      'lrs',
    );
  }
  return entry;
}

function checkSnapshot(entry: unknown): number {
  if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < 0 || entry > LIMITS.steps.max) {
    throw new LabError(
      `snapshots: ${show(entry)} is not a step count; use whole numbers from 0 to ${LIMITS.steps.max}`,
      'snapshots',
    );
  }
  return entry;
}

function checkControlName(entry: unknown): string {
  if (typeof entry !== 'string' || !CONTROL_NAME.test(entry)) {
    throw new LabError(`hide: ${show(entry)} is not a control name; use names such as loss,lr`, 'hide');
  }
  return entry;
}

function choiceParam<T extends string>(
  key: string,
  field: string,
  choices: readonly T[],
  fallback: T,
  help: string,
): ParamSpec<T> {
  return {
    key,
    type: 'choice',
    default: fallback,
    bounds: choices.join(' | '),
    help,
    parse: (raw) => checkChoice(raw.trim(), field, choices),
    format: (value) => value,
    check: (value) => ({ value: checkChoice(value, field, choices) }),
  };
}

function integerParam(
  key: keyof Experiment & string,
  fallback: number,
  min: number,
  max: number,
  help: string,
): ParamSpec<number> {
  return {
    key,
    type: 'integer',
    default: fallback,
    bounds: `${min}..${max}`,
    help,
    parse: (raw) => parseInteger(raw, key, `use a whole number from ${min} to ${max}`, { min, max }),
    format: String,
    check: checkInteger(key, min, max),
  };
}

// ---- the table -------------------------------------------------------------------------------------

const PARAM_TABLE: ParamTable = {
  v: {
    key: 'v',
    type: 'integer',
    default: 1,
    bounds: '1',
    help: 'version of the link format',
    parse: (raw) => parseInteger(raw, 'v', 'this lab reads v=1') as 1,
    format: String,
    check: (value) => {
      if (value !== 1) throw new LabError(`v: version ${show(value)} is not supported; this lab reads v=1`, 'v');
      return { value: 1 };
    },
  },
  data: choiceParam(
    'data',
    'data',
    DATASET_NAMES,
    'paper',
    "data set: the authors' generator, Gaussian blobs with a planted margin, or an uploaded file",
  ),
  upload: {
    key: 'upload',
    type: 'text',
    default: '',
    bounds: 'letters, digits, - and _, at most 128',
    help: 'content hash naming an uploaded data set kept in this browser',
    parse: (raw) => raw.trim(),
    format: (value) => value,
    check: (value) => {
      if (typeof value !== 'string' || !UPLOAD_HASH.test(value)) {
        throw new LabError(
          `upload: ${show(value)} is not an upload name; it is set by the page when you load a file`,
          'upload',
        );
      }
      return { value };
    },
  },
  n: integerParam('n', 100, LIMITS.n.min, LIMITS.n.max, 'training points N (the test set has N more)'),
  d: integerParam('d', 10, LIMITS.d.min, LIMITS.d.max, 'features d'),
  k: integerParam('k', 3, LIMITS.k.min, LIMITS.k.max, 'classes K'),
  margin: {
    key: 'margin',
    type: 'number',
    default: 0.5,
    bounds: `${LIMITS.margin.min}..${LIMITS.margin.max}`,
    help: 'planted margin of the blobs data set',
    parse: (raw) => parseNumber(raw, 'margin', `use a number from ${LIMITS.margin.min} to ${LIMITS.margin.max}`),
    format: String,
    check: (value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new LabError(
          `margin: ${show(value)} is not a finite number; use ${LIMITS.margin.min} to ${LIMITS.margin.max}`,
          'margin',
        );
      }
      // −0 would not survive the text round trip
      return clampNumber(value === 0 ? 0 : value, 'margin', LIMITS.margin.min, LIMITS.margin.max);
    },
  },
  seeds: {
    key: 'seeds',
    type: 'list',
    default: [0],
    bounds: `1..${LIMITS.seeds.count} integers in ${LIMITS.seeds.min}..${LIMITS.seeds.max}`,
    help: 'seeds: each makes its own data set (generated data) and Gaussian start; e.g. 0..9',
    parse: parseSeeds,
    format: formatSeeds,
    check: (value) => checkList('seeds', value, checkSeed, 1, LIMITS.seeds.count),
  },
  losses: {
    key: 'loss',
    type: 'list',
    default: ['pairlog'],
    bounds: LOSS_NAMES.join(' | '),
    help: 'losses to compare, comma separated',
    parse: (raw) => parseChoiceList(raw, 'losses', LOSS_NAMES),
    format: (value) => value.join(','),
    check: (value) =>
      checkList('losses', value, (entry) => checkChoice(entry, 'losses', LOSS_NAMES), 1, LOSS_NAMES.length),
  },
  optimizers: {
    key: 'opt',
    type: 'list',
    default: ['gd'],
    bounds: OPTIMIZER_NAMES.join(' | '),
    help: 'optimizers to compare, comma separated; each is predicted to approach the max-margin solution of its own norm',
    parse: (raw) => parseChoiceList(raw, 'optimizers', OPTIMIZER_NAMES),
    format: (value) => value.join(','),
    check: (value) =>
      checkList(
        'optimizers',
        value,
        (entry) => checkChoice(entry, 'optimizers', OPTIMIZER_NAMES),
        1,
        OPTIMIZER_NAMES.length,
      ),
  },
  schedule: choiceParam(
    'schedule',
    'schedule',
    SCHEDULE_NAMES,
    'const',
    'step-size schedule: const η, or sqrt η/√(t+1)',
  ),
  lrs: {
    key: 'lr',
    type: 'list',
    default: [0.1 / 3],
    bounds: `1..${MAX_LRS} numbers in (0, ${LIMITS.lr.max}], a/b allowed, ranges lo..hi:log:N or lo..hi:lin:N`,
    help: "step sizes η, comma separated; 0.1/3 is the authors' η = 0.1 for K = 3; 1e-3..10:log:64 sweeps 64 values over four decades",
    parse: (raw) =>
      parseLrList(
        raw,
        parseLr,
        MAX_LRS,
        `use numbers above 0 and at most ${LIMITS.lr.max}, e.g. 0.1, 0.1/3, 1e-3..10:log:64 or 0.01..0.5:lin:50 (at most ${MAX_LRS} values)`,
      ),
    format: (value) => formatLrList(value, formatLr),
    check: (value) => checkList('lrs', value, checkLr, 1, MAX_LRS),
  },
  ...OPTIMIZER_PARAM_TABLE,
  ...BATCH_PARAM_TABLE,
  steps: integerParam('steps', 100_000, LIMITS.steps.min, LIMITS.steps.max, 'gradient steps T'),
  init: {
    key: 'init',
    type: 'text',
    default: 'zero',
    bounds: 'zero | gaussian | gaussian:S',
    help: 'starting point W(0): zeros, or a row-centred Gaussian',
    parse: (raw) => {
      parseInit(raw);
      return raw.trim();
    },
    format: (value) => value,
    check: (value) => {
      if (typeof value !== 'string')
        throw new LabError(`init: ${show(value)} is not an init; use zero, gaussian or gaussian:S`, 'init');
      parseInit(value);
      return { value: value.trim() };
    },
  },
  engine: choiceParam(
    'engine',
    'engine',
    ENGINE_NAMES,
    'auto',
    'where to run: auto (GPU when there is one), gpu or cpu (float64)',
  ),
  snapshots: {
    key: 'snapshots',
    type: 'list',
    default: [100, 1000, 100_000],
    bounds: `0..${LIMITS.snapshots} step counts`,
    help: 'steps t at which to draw decision-region snapshots',
    parse: (raw) =>
      splitList(raw).map((part) =>
        parseInteger(part, 'snapshots', `use whole numbers from 0 to ${LIMITS.steps.max}, e.g. 100,1000`, {
          min: 0,
          max: LIMITS.steps.max,
        }),
      ),
    format: (value) => value.join(','),
    check: (value) => checkList('snapshots', value, checkSnapshot, 0, LIMITS.snapshots),
  },
  scale: choiceParam(
    'scale',
    'scale',
    SCALE_NAMES,
    'log',
    'page only: chart axes log-log (log) or linear (lin); the numbers are the same',
  ),
  hide: {
    key: 'hide',
    type: 'list',
    default: [],
    bounds: `up to ${MAX_HIDE_ENTRIES} control names`,
    help: 'controls to hide, e.g. for a classroom link',
    parse: splitList,
    format: (value) => value.join(','),
    check: (value) => checkList('hide', value, checkControlName, 0, MAX_HIDE_ENTRIES),
  },
};

/** One parameter of the table, with its Experiment field. */
type Param = { [F in keyof Experiment]: ParamSpec<Experiment[F]> & { readonly field: F } }[keyof Experiment];

const EXPERIMENT_FIELDS = Object.keys(PARAM_TABLE) as (keyof Experiment)[];

/** The table in field order (v first), each entry naming its field and URL key. */
export const PARAMS: readonly Param[] = EXPERIMENT_FIELDS.map((field) => ({ ...PARAM_TABLE[field], field }) as Param);

/** The parameter a URL key names, if any. */
export function paramOfKey(key: string): Param | undefined {
  return PARAMS.find((p) => p.key === key);
}

export const DEFAULT_EXPERIMENT: Experiment = Object.freeze(
  Object.fromEntries(PARAMS.map((p) => [p.field, p.default])) as unknown as Experiment,
);

/** Parses one field from text (a flag or a URL value); anything invalid, clamped values included, throws LabError(message, field). */
export function parseField(field: keyof Experiment, raw: string): unknown {
  const param = PARAM_TABLE[field] as ParamSpec<unknown> | undefined;
  if (!param)
    throw new LabError(
      `"${String(field)}" is not a setting; settings are ${EXPERIMENT_FIELDS.join(', ')}`,
      String(field),
    );
  const { value, clamped } = param.check(param.parse(raw));
  if (clamped) throw new LabError(clamped, field);
  return value;
}

/**
 * Any partial input (typed values or text) → a valid experiment. Every invalid field is reported by
 * name and replaced by its default; sizes out of bounds are clamped (and reported) before anything
 * is allocated (experiment-sizes.ts: sizes a generator cannot draw from, the data sets, then the run
 * count); with sizes: 'refuse', sizes beyond the limits table's budgets are reported with what fits and
 * left as given (the command line refuses them). Never throws.
 */
export function validateExperiment(
  input: Partial<Record<keyof Experiment, unknown>>,
  options: { readonly sizes?: 'clamp' | 'refuse' } = {},
): { experiment: Experiment; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  for (const field of EXPERIMENT_FIELDS) {
    const param = PARAM_TABLE[field] as ParamSpec<unknown>;
    const raw = input[field];
    if (raw === undefined) {
      out[field] = param.default;
      continue;
    }
    try {
      // text (a flag, a URL value) is parsed first; typed values go straight to the checker
      const { value, clamped, using } = param.check(typeof raw === 'string' ? param.parse(raw) : raw);
      out[field] = value;
      if (clamped) errors.push({ field, message: withoutFieldPrefix(clamped, field), using });
    } catch (err) {
      out[field] = param.default;
      errors.push({ field, message: withoutFieldPrefix(err instanceof LabError ? err.message : String(err), field) });
    }
  }
  const experiment = out as unknown as MutableExperiment;
  const decay = weightDecayError(experiment.wd, experiment.lrs);
  if (decay) {
    errors.push({ field: 'wd', message: decay });
    experiment.wd = PARAM_TABLE.wd.default;
  }
  checkSizes(experiment, errors, options.sizes ?? 'clamp');
  // an upload's N is the file's: expandRuns refuses a batch beyond it
  const batch = experiment.data === 'upload' ? null : batchSizeError(experiment.batch, experiment.n);
  if (batch) {
    errors.push({ field: 'batch', message: batch });
    experiment.batch = PARAM_TABLE.batch.default;
  }
  if (experiment.engine === 'gpu' && isMiniBatch(experiment)) {
    errors.push({ field: 'batch', message: BATCH_ON_GPU });
    experiment.batch = PARAM_TABLE.batch.default;
  }
  return { experiment, errors };
}

/** FieldError carries the field apart, and every reader prints "field: message", so the message need not repeat it. */
function withoutFieldPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
