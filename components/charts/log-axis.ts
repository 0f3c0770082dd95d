// Pure axis arithmetic for the charts: decade ranges and ticks for log axes that may span hundreds
// of decades (a loss of 1e-300 next to 1), tick text, and the clamp that puts zeros and values below
// the axis on its floor. Display only: the numbers a chart holds (and exports) stay exact.

/** The smallest and largest values a log axis places; anything outside sits on these edges. */
const LOG_FLOOR_EXP = -300;
const LOG_CEIL_EXP = 300;
/** At most this many labelled ticks on a log axis, whatever its range. */
export const MAX_LOG_TICKS = 8;
/** Decades between labelled ticks, smallest first: round numbers so labels read 1e-300, 1e-250, … */
const NICE_DECADE_STEPS = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200];
/** Range of an axis with nothing on it: 10^-3 … 10^1. */
const EMPTY_RANGE: readonly [number, number] = [-3, 1];

/** Positive finite extent of some columns, and whether any finite value was ≤ 0 (a zero loss). */
interface Extent {
  readonly min: number;
  readonly max: number;
  readonly nonPositive: boolean;
}

export function positiveExtent(columns: readonly (readonly (number | null)[])[]): Extent {
  let min = Infinity;
  let max = -Infinity;
  let nonPositive = false;
  for (const column of columns) {
    for (const v of column) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v <= 0) nonPositive = true;
      else {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return { min, max, nonPositive };
}

/** The decade 10^e holding v > 0: e = ⌊log10 v⌋, read exactly from the decimal exponent. */
export function decadeOf(v: number): number {
  return Number(v.toExponential().split('e')[1]);
}

/** 10^e as the nearest double (Math.pow(10, -5) is not 1e-5 in every engine). */
function powerOfTen(e: number): number {
  return Number(`1e${e}`);
}

/**
 * Decade exponents [lo, hi] (lo < hi) covering an extent, clamped to [LOG_FLOOR_EXP, LOG_CEIL_EXP].
 * One more decade below when zeros are present, so that they sit visibly on the floor.
 */
export function logRangeExponents(extent: Extent): [number, number] {
  if (!(extent.min <= extent.max)) return [...EMPTY_RANGE];
  let lo = decadeOf(extent.min);
  const top = decadeOf(extent.max);
  let hi = extent.max > powerOfTen(top) ? top + 1 : top;
  if (extent.nonPositive) lo -= 1;
  lo = Math.min(Math.max(lo, LOG_FLOOR_EXP), LOG_CEIL_EXP - 1);
  hi = Math.min(Math.max(hi, LOG_FLOOR_EXP + 1), LOG_CEIL_EXP);
  if (hi <= lo) {
    // a single value on a decade (1, or 1e-300): one decade on either side where there is room
    hi = Math.min(lo + 1, LOG_CEIL_EXP);
    lo = Math.max(hi - 2, LOG_FLOOR_EXP);
  }
  return [lo, hi];
}

/** The axis range [10^lo, 10^hi] for an extent. */
export function logRange(extent: Extent): [number, number] {
  const [lo, hi] = logRangeExponents(extent);
  return [powerOfTen(lo), powerOfTen(hi)];
}

/**
 * Tick values for a log axis from min to max (any positive range; logRange gives powers of ten): every k-th decade,
 * k chosen so that at most `maxTicks` remain and aligned to multiples of k (1e-300, 1e-250, …, 1);
 * within a single decade, 2 and 5 as well.
 */
export function logSplits(min: number, max: number, maxTicks = MAX_LOG_TICKS): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return [];
  const inside = (v: number) => v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12);
  const lo = decadeOf(min);
  const hi = decadeOf(max);
  const span = hi - lo;
  if (span <= 1) return [1, 2, 5, 10, 20, 50].map((m) => m * powerOfTen(lo)).filter(inside);
  const wanted = span / Math.max(1, maxTicks - 1);
  const step = NICE_DECADE_STEPS.find((k) => k >= wanted) ?? Math.ceil(wanted);
  const first = Math.ceil(lo / step) * step;
  const ticks: number[] = [];
  for (let e = first; e <= hi && ticks.length < maxTicks; e += step) ticks.push(powerOfTen(e));
  return ticks.filter(inside);
}

/** A value as a log axis draws it: zeros and anything below the floor sit on the floor; gaps stay gaps. */
export function clampForLog(v: number | null, floor: number, ceil: number): number | null {
  if (v === null || Number.isNaN(v)) return null;
  if (v < floor) return floor;
  if (v > ceil) return ceil;
  return v;
}

/** Tick text that stays readable from 1e-300 to 1e300 (uPlot's default rounds tiny log ticks to 0). */
export function tickText(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (needsExponent(v)) return exponentText(v);
  return Number(v.toPrecision(3)).toLocaleString('en-US');
}

/** Whether tickText writes v in e-notation (1e5, 2.5e-7) rather than as a plain number (10,000, 0.25). */
function needsExponent(v: number): boolean {
  const a = Math.abs(v);
  return Number.isFinite(v) && a !== 0 && (a >= 1e5 || a < 1e-3);
}

/** v in e-notation, at most two significant digits: 1e5, 2.5e-7, −3e2. */
function exponentText(v: number): string {
  const [mantissa, exponent] = v.toExponential(1).split('e');
  return `${mantissa.replace(/\.0$/, '')}e${Number(exponent)}`;
}

/**
 * The labels of one axis, in one format: when any tick needs e-notation (≥ 1e5 or < 1e-3), every
 * nonzero tick is written in it (1e2, 1e3, 1e4, 1e5, not 100, 1,000, 10,000, 1e5), so that an
 * axis never mixes "10,000" with "1e5"; otherwise all are plain numbers.
 */
export function tickLabels(values: readonly (number | null | undefined)[]): string[] {
  const exponent = values.some((v) => typeof v === 'number' && needsExponent(v));
  return values.map((v) =>
    exponent && typeof v === 'number' && Number.isFinite(v) && v !== 0 ? exponentText(v) : tickText(v),
  );
}

/** At most this many labelled ticks on a linear axis. */
export const MAX_LINEAR_TICKS = 8;
/**
 * A linear span narrower than this fraction of the values' magnitude is treated as one value: below
 * it, tick increments vanish in rounding (v + step === v), and uPlot's own tick loop never ends.
 */
const MIN_RELATIVE_SPAN = 1e-9;

/** The range of a linear axis for finite data [min, max]: padded (5 % by default), never empty, always finite. */
export function linearRange(min: number | null, max: number | null, padFraction = 0.05): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max) || min > max) return [0, 1];
  const scale = Math.max(Math.abs(min), Math.abs(max));
  // so extreme that padding would overflow: keep the data's own ends
  if (scale > 1e300) return min < max ? [min, max] : [min - 1, max + 1];
  if (max - min <= MIN_RELATIVE_SPAN * scale) {
    const half = Math.max(1, scale) * 0.5;
    return [min - half, max + half];
  }
  const pad = (max - min) * padFraction;
  return [min - pad, max + pad];
}

/** Round tick values from min to max (1, 2 or 5 × 10^k apart), at most `maxTicks`; [] when none fit. */
export function linearSplits(min: number, max: number, maxTicks = MAX_LINEAR_TICKS): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) return [];
  const raw = (max - min) / Math.max(1, maxTicks - 1);
  const decade = powerOfTen(decadeOf(raw));
  const step = [1, 2, 5, 10].map((m) => m * decade).find((s) => s >= raw) ?? 10 * decade;
  const first = Math.ceil(min / step);
  const ticks: number[] = [];
  // counted, not stepped by addition: a step below the values' resolution cannot stall the loop
  for (let i = first; ticks.length < maxTicks; i++) {
    // 7 × 0.05 = 0.35000000000000003: write the tick as the decimal it stands for
    const v = Number((i * step).toPrecision(12));
    if (v > max) break;
    ticks.push(v);
  }
  return ticks;
}

/** A display window [lo, hi] of a linear y axis, and how many values of the columns fell outside it. */
export interface ClampedColumns {
  readonly columns: (number | null)[][];
  readonly below: number;
  readonly above: number;
}

/**
 * The columns as a windowed axis draws them: finite values outside [lo, hi] sit on its edge (and are
 * counted, for the chart's off-scale note); gaps stay gaps. Display only: a margin ratio of −50 at
 * t = 1 would otherwise set the range and flatten the approach to 1 that the presets talk about.
 */
export function clampToWindow(
  columns: readonly (readonly (number | null)[])[],
  [lo, hi]: readonly [number, number],
): ClampedColumns {
  let below = 0;
  let above = 0;
  const out = columns.map((col) =>
    col.map((v) => {
      if (v === null || !Number.isFinite(v)) return null;
      if (v < lo) {
        below++;
        return lo;
      }
      if (v > hi) {
        above++;
        return hi;
      }
      return v;
    }),
  );
  return { columns: out, below, above };
}

/** The off-scale note of a windowed axis ("12 values below −1 drawn on the lower edge"), or ''. */
export function offScaleNote({ below, above }: ClampedColumns, [lo, hi]: readonly [number, number]): string {
  const parts = [
    below
      ? `${below.toLocaleString('en-US')} value${below > 1 ? 's' : ''} below ${tickText(lo)} drawn on the lower edge ▼`
      : '',
    above
      ? `${above.toLocaleString('en-US')} value${above > 1 ? 's' : ''} above ${tickText(hi)} drawn on the upper edge ▲`
      : '',
  ].filter(Boolean);
  return parts.length ? `off scale: ${parts.join('; ')} (display only; exports keep the numbers)` : '';
}

/**
 * The display window of the ratios that approach 1 from below (the margin ratio γ(W)·‖Ŵ‖ and ρ_p, both
 * ≤ 1): [−1, 1] and a sliver above, so that the line y = 1 shows and early values of −50 do not flatten it.
 */
export const RATIO_WINDOW: readonly [number, number] = [-1, 1.05];

/**
 * The data range a windowed linear axis spans: the values' own, reaching up to 1 where 1 lies in the
 * window, so that the ratios that approach 1 are always seen against it.
 */
export function windowedExtent(
  min: number | null,
  max: number | null,
  window: readonly [number, number] | undefined,
): [number | null, number | null] {
  if (!window || min === null || max === null || !(window[0] <= 1 && 1 <= window[1])) return [min, max];
  return [Math.min(min, 1), Math.max(max, 1)];
}
