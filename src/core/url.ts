// The URL codec: an Experiment as a versioned query string (`v=1&data=paper&n=100&…`), and back.
// Decoding never throws: each bad or unknown key is reported under its URL key and the default is used.
import { PARAMS, paramOfKey, validateExperiment, type FieldError } from './experiment.ts';
import type { Experiment } from './types.ts';

export const URL_VERSION = 1;

/**
 * Every field under its URL key, lists comma-joined. An empty value is left out when it is also the
 * default (hide, upload); otherwise it is written as `key=` so that it does not decode to the default.
 * Values are percent-encoded except commas, slashes (0.1/3) and colons (gaussian:0), which query strings allow, so that links stay readable.
 */
export function encodeExperiment(exp: Experiment): string {
  const pairs: string[] = [];
  for (const param of PARAMS) {
    const text = (param.format as (value: unknown) => string)(exp[param.field]);
    if (text === '' && (param.format as (value: unknown) => string)(param.default) === '') continue;
    pairs.push(`${param.key}=${encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%2F/gi, '/').replace(/%3A/gi, ':')}`);
  }
  return pairs.join('&');
}

/**
 * A query string (with or without a leading '?' or '#') → an experiment. FieldError.field is the URL
 * key at fault ('lr', 'loss', 'n', …, or an unknown key); a missing v is read as v=1 with a note.
 */
export function decodeExperiment(query: string): { experiment: Experiment; errors: FieldError[] } {
  const params = new URLSearchParams(query.replace(/^[?#]/, ''));
  const errors: FieldError[] = [];
  const input: Partial<Record<keyof Experiment, unknown>> = {};
  const keyOfField = new Map<string, string>();
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    const raw = values[values.length - 1];
    if (key === 'v') {
      checkVersion(raw, errors);
      continue;
    }
    const param = paramOfKey(key);
    if (!param) {
      errors.push({ field: key, message: `unknown key "${key}" in the link, ignored`, warning: true });
      continue;
    }
    input[param.field] = raw;
    keyOfField.set(param.field, key);
  }
  if (!params.has('v')) {
    errors.push({ field: 'v', message: `the link has no version (v); read as v=${URL_VERSION}`, warning: true });
  }
  const { experiment, errors: fieldErrors } = validateExperiment(input);
  for (const e of fieldErrors) {
    const key = keyOfField.get(e.field) ?? PARAMS.find((p) => p.field === e.field)?.key ?? e.field;
    errors.push({ field: key, message: e.message });
  }
  return { experiment, errors };
}

/** The experiment in a full URL, read from its query string or, when that has none, its hash. */
export function experimentFromUrl(url: string): { experiment: Experiment; errors: FieldError[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return decodeExperiment(url.includes('?') ? url.slice(url.indexOf('?')) : url);
  }
  const query = parsed.search.length > 1 ? parsed.search : parsed.hash;
  return decodeExperiment(query);
}

function checkVersion(raw: string, errors: FieldError[]): void {
  const version = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(version) || version < 1) {
    errors.push({ field: 'v', message: `"${raw}" is not a link version; this lab writes v=${URL_VERSION}` });
  } else if (version > URL_VERSION) {
    errors.push({
      field: 'v',
      message: `this link was made by a newer version of the lab (v=${version}); this one reads v=${URL_VERSION}, so some settings may be misread`,
    });
  }
}
