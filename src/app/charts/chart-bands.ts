// Bands in the line charts, for experiments of many runs (issue 10): instead of one line per run, each
// group of runs — one η and loss · optimizer across seeds, or one loss · optimizer across seeds and η —
// is drawn as its median line over its 10–90 % range (core/sweep-stats.ts: bandMembers, quantile) at every
// checkpoint, as it streams. At most MAX_BANDS groups are drawn: by η, a few η spread over the sweep
// (the ends included) or the η a preset's sentence names, and the charts say which. A run that
// diverges is left out of its band from t = 1 on, not just from its divergence (its last finite
// values, 1e50 and more, would set the axes): the page draws the bands again without it, and the
// legend counts it. A run picked on the sweep map is drawn as its own line over the bands.
import type { ChartSeries } from '../../../components/charts/metric-chart.ts';
import type { LegendEntry } from '../../../components/controls/run-legend.ts';
import { bandLr, bandMembers, bandName, quantile, seriesOf, type BandsBy } from '../../core/theory/sweep-stats.ts';
import type { Checkpoint, RunSpec } from '../../core/types.ts';
import { CHARTS, plotValue, type ChartSpec } from './chart-specs.ts';

/** The most bands one chart draws (each is a median line and a shaded range). */
export const MAX_BANDS = 12;

/** Band colours: matplotlib's tab10 and two more, so that MAX_BANDS bands are told apart. */
const BAND_COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#393b79',
  '#637939',
];

/** The colour of a run picked on the sweep map, drawn over the bands. */
const PICKED_RUN_COLOR = '#000000';

export const BANDS_BY: readonly { readonly id: BandsBy; readonly label: string }[] = [
  { id: 'lr', label: 'per η (and loss · optimizer)' },
  { id: 'series', label: 'per loss · optimizer (all η)' },
];

interface BandGroup {
  /** sweepBands' name of the group */
  readonly key: string;
  readonly color: string;
  /** the runs in it */
  readonly size: number;
  /** their indices in the run list (so that a checkpoint's bands visit these runs alone, not all 10⁴) */
  readonly members: readonly number[];
}

export interface BandPlan {
  readonly by: BandsBy;
  /** the groups drawn, in order */
  readonly groups: readonly BandGroup[];
  /** how many groups there are in all */
  readonly total: number;
  /** what a band is and which ones are drawn, said once above the charts */
  readonly note: string;
  /** the same, short, under each chart's heading */
  readonly chartNote: string;
}

/** `count` indices spread evenly over 0..n−1, both ends included (the middle one for a count of 1). */
export function spread(n: number, count: number): number[] {
  if (count >= n) return [...Array(n).keys()];
  if (count === 1) return [Math.floor((n - 1) / 2)];
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1))))];
}

/** The index of the η in `lrs` (sorted) nearest to each wanted η, on a log scale, without repeats. */
export function nearestLrs(lrs: readonly number[], wanted: readonly number[]): number[] {
  const picked = wanted.map((w) =>
    lrs.reduce((best, lr, j) => (Math.abs(Math.log(lr / w)) < Math.abs(Math.log(lrs[best] / w)) ? j : best), 0),
  );
  return [...new Set(picked)].sort((a, b) => a - b);
}

/**
 * Which groups the charts draw for these runs, grouped `by` η or by loss · optimizer. Per η, the η
 * nearest to `focusLrs` where given (a preset's sentence), else η spread over the sweep, ends included.
 */
export function bandPlan(runs: readonly RunSpec[], by: BandsBy, focusLrs: readonly number[] = []): BandPlan {
  const series = [...new Set(runs.map(seriesOf))];
  const lrs = [...new Set(runs.map((r) => r.lr))].sort((a, b) => a - b);
  const seeds = new Set(runs.map((r) => r.seed)).size;
  const members = bandMembers(runs, by);
  const sizes = new Map([...members].map(([key, list]) => [key, list.length]));
  const shownSeries = series.slice(0, MAX_BANDS);
  const room = Math.max(1, Math.floor(MAX_BANDS / shownSeries.length));
  const lrIndices = focusLrs.length ? nearestLrs(lrs, focusLrs).slice(0, room) : spread(lrs.length, room);
  const shownLrs = by === 'lr' ? lrIndices.map((j) => lrs[j]) : [];
  const keys =
    by === 'lr'
      ? shownLrs.flatMap((lr) => shownSeries.map((s) => bandName(lr, s))).filter((k) => sizes.has(k))
      : shownSeries;
  const groups = keys.map((key, i) => ({
    key,
    color: BAND_COLORS[i % BAND_COLORS.length],
    size: sizes.get(key) ?? 0,
    members: members.get(key) ?? [],
  }));
  const what = `bands: median line and 10–90 % range across ${seeds > 1 ? `${seeds} seeds` : 'the runs'}${by === 'series' && lrs.length > 1 ? ` and ${lrs.length} η` : ''}, a run that diverges left out of its band from the start`;
  const cut =
    groups.length < sizes.size
      ? by === 'lr' && shownLrs.length < lrs.length
        ? `; ${groups.length} of ${sizes.size} bands drawn: ${shownLrs.length} of ${lrs.length} η (${shownLrs.map(bandLr).join(', ')})${shownSeries.length < series.length ? `, ${shownSeries.length} of ${series.length} loss · optimizer` : ''}`
        : `; ${groups.length} of ${sizes.size} bands drawn`
      : '';
  const lrCut = by === 'lr' && shownLrs.length < lrs.length ? ` (${shownLrs.length} of ${lrs.length} η)` : '';
  const chartNote = `median and 10–90 % across ${seeds > 1 ? 'seeds' : 'runs'}${groups.length < sizes.size ? ` · ${groups.length} of ${sizes.size} bands${lrCut}` : ''}`;
  return { by, groups, total: sizes.size, note: what + cut, chartNote };
}

/**
 * A chart's curves in bands mode: per group its 10 % edge, its 90 % edge (shaded down to the 10 %
 * edge) and its median; then the chart's reference line, then the picked run, if there is one.
 */
export function bandSeries(plan: BandPlan, spec: ChartSpec, picked?: string): ChartSeries[] {
  const out: ChartSeries[] = plan.groups.flatMap((g, i) => [
    { label: `${g.key} 10 %`, color: g.color, width: 0.5 },
    { label: `${g.key} 90 %`, color: g.color, width: 0.5, band: { lower: 3 * i, fill: translucent(g.color) } },
    { label: `${g.key} median`, color: g.color, width: 2 },
  ]);
  if (spec.reference) out.push({ label: spec.reference.label, color: '#555', dashed: true });
  if (picked !== undefined) out.push({ label: picked, color: PICKED_RUN_COLOR, width: 1.5 });
  return out;
}

/** The index (in bandSeries' list) of the curves of group `g`: its 10 %, 90 % and median. */
export function groupCurves(g: number): [number, number, number] {
  return [3 * g, 3 * g + 1, 3 * g + 2];
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * One row of a chart in bands mode, for one checkpoint of every run (`batch`, all at the same t): the
 * values of bandSeries' curves in its order (null where a group has no finite value).
 */
export function bandRow(
  plan: BandPlan,
  runs: readonly RunSpec[],
  batch: readonly Checkpoint[],
  spec: ChartSpec,
  picked?: number,
  excluded: ReadonlySet<number> = new Set(),
): (number | null)[] {
  const t = batch[0]?.t ?? 0;
  // a batch holds every run's checkpoint in run order; any other order is looked up by run
  const inOrder = batch.length === runs.length && batch.every((c, i) => c.run === i);
  const byRun = inOrder ? undefined : new Map(batch.map((c) => [c.run, c]));
  const row: (number | null)[] = plan.groups.flatMap((g) => {
    const finite: number[] = [];
    for (const r of g.members) {
      const c = inOrder ? batch[r] : byRun!.get(r);
      if (!c || c.status === 'diverged' || excluded.has(r)) continue;
      const v = spec.value(c);
      if (Number.isFinite(v)) finite.push(v);
    }
    finite.sort((a, b) => a - b);
    return [
      finiteOrNull(quantile(finite, 0.1)),
      finiteOrNull(quantile(finite, 0.9)),
      finiteOrNull(quantile(finite, 0.5)),
    ];
  });
  if (spec.reference) row.push(spec.reference.value(t));
  if (picked !== undefined) {
    const c = batch.find((cp) => cp.run === picked);
    row.push(c ? plotValue(spec, c) : null);
  }
  return row;
}

/** "3 of 16 diverged" for a group with diverged runs, '' otherwise. */
function divergedText(g: BandGroup, excluded: ReadonlySet<number>): string {
  const n = g.members.filter((r) => excluded.has(r)).length;
  if (!n) return '';
  return n === g.size ? `all ${n} diverged` : `${n} of ${g.size} diverged`;
}

/** "#1f77b4" → "rgba(31,119,180,0.18)": the shade of a band. */
function translucent(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},0.18)`;
}

/** The shared legend in bands mode: one entry per band (click: hide or show it), the picked run, the references. */
export function bandLegend(
  plan: BandPlan,
  hidden: ReadonlySet<number>,
  pickedRun: number,
  pickedLabel: string | undefined,
  excluded: ReadonlySet<number> = new Set(),
): LegendEntry[] {
  return [
    ...plan.groups.map((g, i) => ({
      text: divergedText(g, excluded) ? `${g.key} (${divergedText(g, excluded)})` : g.key,
      label: `${g.key}: median and 10–90 % of ${g.size - g.members.filter((r) => excluded.has(r)).length} runs${divergedText(g, excluded) ? `; ${divergedText(g, excluded)}, left out` : ''}`,
      color: g.color,
      on: !hidden.has(i),
    })),
    ...(pickedLabel
      ? [
          {
            text: `run ${pickedRun} (picked on the map; click to drop)`,
            label: pickedLabel,
            color: PICKED_RUN_COLOR,
            on: true,
          },
        ]
      : []),
    ...CHARTS.flatMap((c) =>
      c.reference
        ? [
            {
              text: `${c.reference.label} (reference)`,
              label: c.reference.label,
              color: '#555',
              on: true,
              dashed: true,
              fixed: true,
            },
          ]
        : [],
    ),
  ];
}
