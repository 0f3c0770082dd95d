// The URL codec: an Experiment as a versioned query string (`v=1&data=paper&n=100&…`), and back.
// Decoding never throws: a link without v=1 is refused with one error on v; in a v=1 link each bad or
// unknown key is reported under its URL key and the default is used (many unknown keys: one note).
import { DEFAULT_EXPERIMENT, PARAMS, paramOfKey, show, validateExperiment, type FieldError } from './experiment.ts';
import type { Experiment } from '../types.ts';

const URL_VERSION = 1;

/**
 * Every field under its URL key, lists comma-joined; keys added after links were shared (the optimizer
 * parameters beta, beta2, eps, ns) only when they differ from their defaults. An empty value is left out when it is also the
 * default (hide, upload); otherwise it is written as `key=` so that it does not decode to the default.
 * Values are percent-encoded except commas, slashes (0.1/3) and colons (gaussian:0), which query strings allow, so that links stay readable.
 */
export function encodeExperiment(exp: Experiment): string {
  const pairs: string[] = [];
  for (const param of PARAMS) {
    const text = (param.format as (value: unknown) => string)(exp[param.field]);
    const defaultText = (param.format as (value: unknown) => string)(param.default);
    if (text === '' && defaultText === '') continue;
    if (param.omitWhenDefault && text === defaultText) continue;
    pairs.push(
      `${param.key}=${encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%2F/gi, '/').replace(/%3A/gi, ':')}`,
    );
  }
  return pairs.join('&');
}

/**
 * A query string (with or without a leading '?' or '#') → an experiment. The link rule, the same for
 * the page and the command line: a link is an experiment only when it says `v=1`, the one link
 * version. A link with no `v`, or any other `v` (v=0, v=2, v=abc, an empty v, a word that is not a
 * link at all), is refused as a whole: `readable` is false, `errors` holds one error on `v` saying
 * how to fix it, and `experiment` is the default, which no reader runs. In a v=1 link each bad value
 * is an error under its URL key ('lr', 'loss', 'n', …) and replaced by its default (sizes clamped:
 * FieldError.using); unknown keys are one warning, naming the key or, for several, the first few and
 * their count. Linear in the length of the link, however many keys it has.
 */
export function decodeExperiment(query: string): { experiment: Experiment; errors: FieldError[]; readable: boolean } {
  const params = new URLSearchParams(query.replace(/^[?#]/, ''));
  // one pass: each key's last value, keys in the order they first appear (getAll per key was quadratic)
  const lastValues = new Map<string, string>();
  for (const [key, value] of params) lastValues.set(key, value);
  const versionError = checkVersion(lastValues.get('v'));
  if (versionError) return { experiment: DEFAULT_EXPERIMENT, errors: [versionError], readable: false };
  const errors: FieldError[] = [];
  const input: Partial<Record<keyof Experiment, unknown>> = {};
  const keyOfField = new Map<string, string>();
  const unknown: string[] = [];
  for (const [key, raw] of lastValues) {
    if (key === 'v') continue;
    const param = paramOfKey(key);
    if (!param) {
      unknown.push(key);
      continue;
    }
    input[param.field] = raw;
    keyOfField.set(param.field, key);
  }
  if (unknown.length > 0) errors.push(unknownKeysNote(unknown));
  const { experiment, errors: fieldErrors } = validateExperiment(input);
  for (const e of fieldErrors) {
    const key = keyOfField.get(e.field) ?? PARAMS.find((p) => p.field === e.field)?.key ?? e.field;
    errors.push({ field: key, message: e.message, ...(e.using ? { using: e.using } : {}) });
  }
  return { experiment, errors, readable: true };
}

/** Unknown keys named in one note, however many: the note lists this many of them. */
const UNKNOWN_KEYS_NAMED = 3;

/** One warning for the link's unknown keys: the key itself when alone, else the first few and their count. */
function unknownKeysNote(keys: readonly string[]): FieldError {
  if (keys.length === 1)
    return { field: keys[0], message: `unknown key ${show(keys[0])} in the link, ignored`, warning: true };
  const named = keys.slice(0, UNKNOWN_KEYS_NAMED).join(', ') + (keys.length > UNKNOWN_KEYS_NAMED ? ', …' : '');
  return { field: named, message: `${keys.length} unknown keys in the link, ignored`, warning: true };
}

/** The experiment in a full URL, read from its query string or, when that has none, its hash. */
export function experimentFromUrl(url: string): ReturnType<typeof decodeExperiment> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return decodeExperiment(url.includes('?') ? url.slice(url.indexOf('?')) : url);
  }
  const query = parsed.search.length > 1 ? parsed.search : parsed.hash;
  return decodeExperiment(query);
}

/** The link rule's error for a `v` other than exactly 1 (undefined: the link is a v=1 link). */
function checkVersion(raw: string | undefined): FieldError | undefined {
  const example = `links of this lab start with v=${URL_VERSION}, e.g. ?v=${URL_VERSION}&data=paper&loss=pairlog`;
  if (raw === undefined)
    return { field: 'v', message: `the link has no version, so it is not read as an experiment; ${example}` };
  if (raw === String(URL_VERSION)) return undefined;
  const version = Number(raw);
  if (/^\d+$/.test(raw.trim()) && version > URL_VERSION) {
    return {
      field: 'v',
      message: `v=${version} is a newer link format than this lab reads (only v=${URL_VERSION}); open it in the lab that made it`,
    };
  }
  return { field: 'v', message: `${show(`v=${raw}`)} is not a link version this lab reads; ${example}` };
}
