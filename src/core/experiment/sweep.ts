// The sweep grammar of swept keys: a list entry may be a range that expands to many values, so that a
// link or a flag can name thousands of runs in a few characters. Step sizes take
//   lo..hi:log:N   N values from lo to hi, equally spaced in log η (both ends included)
//   lo..hi:lin:N   N values from lo to hi, equally spaced in η
// mixed with single values ("1e-3..10:log:64", "0.01..0.5:lin:50,2"); seeds take "a..b" (experiment.ts).
// A count is checked against the caller's bound before anything is expanded, and `formatLrList` writes
// a list back as one range when it is exactly one, so parse(format(x)) is x bit for bit.
import { excerpt } from './user-text.ts';
import { LabError } from '../types.ts';

type RangeScale = 'log' | 'lin';

interface LrRange {
  readonly lo: number;
  readonly hi: number;
  readonly scale: RangeScale;
  readonly count: number;
}

const RANGE = /^(.*?)\.\.(.*?):(log|lin):(.*)$/;

/**
 * The values of a range: the ends are exactly lo and hi, every value lies in [lo, hi], and the values are
 * strictly increasing for lo < hi unless the range holds too few doubles (a span of a few ulps).
 */
export function expandRange({ lo, hi, scale, count }: LrRange): number[] {
  if (count === 1) return [lo];
  const values: number[] = [lo];
  const linearStep = (hi - lo) / (count - 1);
  if (scale === 'log') {
    // in decades, so that the decade points of 1e-3..10:log:5 are exactly 0.01, 0.1 and 1. 10^x is not
    // correctly rounded: JavaScript engines (Chromium's and Node's among them) may return neighbouring
    // doubles, so the page and `lab run --url` would run η 1 ulp apart from one link. Each value is
    // rounded to 12 significant digits (toPrecision and Number() are exact decimal conversions, the same
    // everywhere) unless that leaves (previous value, hi): ranges of ratio < 1e-11, where the rounded
    // value may even pass hi. There 10^x itself or, a few ulps from the ends, the linear point is used.
    const a = Math.log10(lo);
    const step = (Math.log10(hi) - a) / (count - 1);
    for (let i = 1; i < count - 1; i++) {
      const raw = 10 ** (a + i * step);
      values.push(interiorValue([Number(raw.toPrecision(12)), raw, lo + i * linearStep], values[i - 1], hi));
    }
  } else {
    for (let i = 1; i < count - 1; i++) values.push(interiorValue([lo + i * linearStep], values[i - 1], hi));
  }
  values.push(hi);
  return values;
}

/** The first candidate strictly between the previous value and hi; failing all, the last one held to [previous, hi]. */
function interiorValue(candidates: readonly number[], previous: number, hi: number): number {
  for (const v of candidates) if (v > previous && v < hi) return v;
  return Math.min(Math.max(candidates[candidates.length - 1], previous), hi);
}

/**
 * A step-size list: single values (parsed by `parseOne`, e.g. 0.1 or 0.1/3) and ranges, comma
 * separated. `maxCount` bounds the total before any range is expanded; `what` is the hint every
 * error ends with.
 */
export function parseLrList(raw: string, parseOne: (text: string) => number, maxCount: number, what: string): number[] {
  const text = raw.trim();
  const parts = text === '' ? [] : text.split(',').map((part) => part.trim());
  const ranges: (LrRange | number)[] = [];
  let total = 0;
  for (const part of parts) {
    const match = RANGE.exec(part);
    if (!match) {
      ranges.push(parseOne(part));
      total += 1;
      continue;
    }
    const lo = parseOne(match[1]);
    const hi = parseOne(match[2]);
    const scale = match[3] as RangeScale;
    const count = /^\s*\d+\s*$/.test(match[4]) ? Number(match[4]) : NaN;
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new LabError(
        `lrs: the range ${excerpt(part)} needs a whole number of values after :${scale}:, e.g. 1e-3..10:log:64; ${what}`,
        'lrs',
      );
    }
    if (!(hi > lo))
      throw new LabError(
        `lrs: the range ${excerpt(part)} must end above its start; write it as ${excerpt(match[2])}..${excerpt(match[1])}:${scale}:${count}`,
        'lrs',
      );
    if (scale === 'log' && !(lo > 0))
      throw new LabError(`lrs: a log range needs a start above 0, not ${excerpt(match[1])}`, 'lrs');
    if (count < 2)
      throw new LabError(
        `lrs: the range ${excerpt(part)} names ${count} value; give at least 2, or write the value alone`,
        'lrs',
      );
    total += count;
    if (total > maxCount)
      throw new LabError(`lrs: "${excerpt(raw)}" names more than ${maxCount} step sizes; ${what}`, 'lrs');
    ranges.push({ lo, hi, scale, count });
  }
  if (total > maxCount)
    throw new LabError(`lrs: "${excerpt(raw)}" names more than ${maxCount} step sizes; ${what}`, 'lrs');
  return ranges.flatMap((entry) => (typeof entry === 'number' ? [entry] : expandRange(entry)));
}

/** The range a list is, exactly (every value bit for bit), or undefined. Lists of fewer than 3 values are never ranges. */
export function rangeOf(values: readonly number[]): LrRange | undefined {
  const count = values.length;
  if (count < 3) return undefined;
  const lo = values[0];
  const hi = values[count - 1];
  if (!(hi > lo)) return undefined;
  for (const scale of ['log', 'lin'] as const) {
    if (scale === 'log' && !(lo > 0)) continue;
    const range = { lo, hi, scale, count };
    const expanded = expandRange(range);
    if (expanded.every((v, i) => Object.is(v, values[i]))) return range;
  }
  return undefined;
}

/** A step-size list as text `parseLrList` reads back exactly: one range when the list is one, else the values. */
export function formatLrList(values: readonly number[], formatOne: (value: number) => string): string {
  const range = rangeOf(values);
  if (range) return `${formatOne(range.lo)}..${formatOne(range.hi)}:${range.scale}:${range.count}`;
  return values.map(formatOne).join(',');
}
