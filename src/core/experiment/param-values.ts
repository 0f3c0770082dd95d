// Text → value parsers shared by the experiment table (experiment.ts), the URL codec and the command
// line: numbers as written in decimal, seed lists and ranges, step sizes with fractions, choices.
import { LIMITS } from '../sizes/size-limits.ts';
import { excerpt } from './user-text.ts';
import { LabError } from '../types.ts';

const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A value as a message shows it: numbers as written (Infinity, not JSON's null), anything else as JSON
 * (control characters escaped), long text cut to an excerpt.
 */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(excerpt(value));
  return excerpt(JSON.stringify(value) ?? String(value));
}

export function parseNumber(raw: string, field: string, what: string): number {
  const text = raw.trim();
  if (!DECIMAL_NUMBER.test(text)) throw new LabError(`${field}: "${excerpt(raw)}" is not a number; ${what}`, field);
  const value = Number(text);
  if (underflowsToZero(text, value)) throw new LabError(`${field}: "${excerpt(text)}" ${UNDERFLOW}; ${what}`, field);
  return value;
}

/** Why an underflowing literal is refused: read as 0 it would mean something else (ε = 0 is Adam without ε). */
export const UNDERFLOW = 'underflows: float64 has no nonzero number below about 5e-324, so it would be read as 0';

/**
 * A decimal literal with a nonzero digit that float64 rounds to 0 (1e-400, 0.0…01 with 330 zeros):
 * the number the user typed is not the number that would be used. Subnormal results (1e-310) are
 * kept: they are nonzero, and close to what was typed.
 */
export function underflowsToZero(text: string, value: number): boolean {
  return value === 0 && /[1-9]/.test(text.split(/[eE]/)[0]);
}

/**
 * A whole number from text. With bounds, a number too large for float64 to count in ones (1e99, 1e400)
 * is refused by naming the limit it is beyond, since that is the problem: 1e99 is a whole number.
 */
export function parseInteger(
  raw: string,
  field: string,
  what: string,
  bounds?: { readonly min: number; readonly max: number },
): number {
  const value = parseNumber(raw, field, what);
  const huge = !Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value));
  if (huge && bounds) {
    const limit = value > 0 ? `above the maximum ${bounds.max}` : `below the minimum ${bounds.min}`;
    throw new LabError(`${field}: "${excerpt(raw)}" is ${limit}, the lab's limit for ${field}; ${what}`, field);
  }
  if (huge) throw new LabError(`${field}: "${excerpt(raw)}" is far above any size the lab runs; ${what}`, field);
  if (!Number.isSafeInteger(value))
    throw new LabError(`${field}: "${excerpt(raw)}" is not a whole number; ${what}`, field);
  return value;
}

export function splitList(raw: string): string[] {
  const text = raw.trim();
  return text === '' ? [] : text.split(',').map((part) => part.trim());
}

/** "0..9", "0,3,7", "5" or a mix such as "0..3,7"; ranges are bounded before they are expanded. */
export function parseSeeds(raw: string): number[] {
  const what = `use e.g. 0..9, 0,3,7 or 5 (integers from ${LIMITS.seeds.min} to ${LIMITS.seeds.max}, at most ${LIMITS.seeds.count})`;
  const seeds: number[] = [];
  const parts = splitList(raw);
  if (parts.length === 0) throw new LabError(`seeds: none given; ${what}`, 'seeds');
  for (const part of parts) {
    const range = /^(.*?)\.\.(.*)$/.exec(part);
    const first = parseInteger(range ? range[1] : part, 'seeds', what, LIMITS.seeds);
    const last = range ? parseInteger(range[2], 'seeds', what, LIMITS.seeds) : first;
    if (last < first)
      throw new LabError(
        `seeds: the range ${excerpt(part)} ends below its start; write it as ${last}..${first}`,
        'seeds',
      );
    if (seeds.length + (last - first + 1) > LIMITS.seeds.count) {
      throw new LabError(`seeds: "${excerpt(raw)}" names more than ${LIMITS.seeds.count} seeds; ${what}`, 'seeds');
    }
    for (let s = first; s <= last; s++) seeds.push(s);
  }
  return seeds;
}

/** Seeds written back compactly: runs of consecutive seeds (3 or more) as a..b. */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length;) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j] + 1) j++;
    if (j - i >= 2) {
      parts.push(`${seeds[i]}..${seeds[j]}`);
      i = j + 1;
    } else {
      parts.push(String(seeds[i]));
      i++;
    }
  }
  return parts.join(',');
}

/** A step size: a number (0.1, 1e-2) or a fraction a/b ("0.1/3", the paper's η under our normalisation). */
export function parseLr(raw: string): number {
  const what = `use a number above 0 and at most ${LIMITS.lr.max}, e.g. 0.1, 1e-2 or 0.1/3`;
  const slash = raw.indexOf('/');
  if (slash < 0) return parseNumber(raw, 'lrs', what);
  const numerator = parseNumber(raw.slice(0, slash), 'lrs', what);
  const denominator = parseNumber(raw.slice(slash + 1), 'lrs', what);
  if (denominator === 0) throw new LabError(`lrs: "${excerpt(raw)}" divides by zero; ${what}`, 'lrs');
  return numerator / denominator;
}

/**
 * A step size as text that parses back to exactly the same number: a short fraction a/b when one
 * exists (0.1/3 rather than 0.03333333333333333, so links and fields stay readable), else the number.
 */
export function formatLr(lr: number): string {
  const plain = String(lr);
  for (let b = 2; b <= 12; b++) {
    const a = String(Math.round(lr * b * 1e6) / 1e6);
    if (a.length < plain.length - 3 && Number(a) / b === lr) return `${a}/${b}`;
  }
  return plain;
}

export function parseChoiceList<T extends string>(raw: string, field: string, choices: readonly T[]): T[] {
  return splitList(raw).map((name) => checkChoice(name, field, choices));
}

export function checkChoice<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new LabError(`${field}: ${show(value)} is not one of ${choices.join(', ')}`, field);
}
