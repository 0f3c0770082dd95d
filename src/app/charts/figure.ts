// The exported figure: every chart of the page in one SVG, drawn from the numbers themselves (uPlot
// draws to a canvas only), with a title, the link, one legend, axis labels and ticks on a white
// background. The PNG export rasterises this same SVG at twice its size. Pure: text in, text out.
import type { ChartFigure } from '../../../components/charts/metric-chart.ts';
import { clampForLog, logRange, logSplits, positiveExtent, tickText } from '../../../components/charts/log-axis.ts';
import { legendText } from './legend.ts';

interface FigureInput {
  readonly title: string;
  /** the experiment's link, printed small under the title */
  readonly url: string;
  readonly charts: readonly ChartFigure[];
  readonly columns?: number;
}

export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

const PANEL_W = 440;
const PANEL_H = 290;
/** inside a panel: room for the title above, y ticks to the left, x ticks and label below */
const PAD = { top: 34, right: 14, bottom: 44, left: 66 } as const;
const MARGIN = 16;
const HEADER_H = 50;
const LEGEND_ROW_H = 18;
const LEGEND_CHAR_W = 6.4;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

interface LegendEntry {
  /** what the legend writes: the part of a run's label that sets it apart */
  readonly label: string;
  readonly color: string;
  readonly dashed: boolean;
}

/** One figure of all charts; hidden series are left out of both the plots and the legend. */
export function figureSvg(input: FigureInput): Figure {
  const columns = Math.max(1, Math.min(input.columns ?? 3, input.charts.length || 1));
  const rows = Math.max(1, Math.ceil(input.charts.length / columns));
  const width = MARGIN * 2 + columns * PANEL_W;
  const { common, entries: legend } = legendEntries(input.charts);
  const legendRows = layoutLegend(legend, width - 2 * MARGIN);
  const commonH = common ? LEGEND_ROW_H : 0;
  const legendH = commonH + legendRows.length * LEGEND_ROW_H + (legendRows.length ? 8 : 0);
  const top = MARGIN + HEADER_H + legendH;
  const height = top + rows * PANEL_H + MARGIN;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 18}" font-size="17" font-weight="bold" fill="#111">${esc(input.title)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 38}" font-size="10" fill="#555">${esc(input.url)}</text>`,
  ];
  if (common)
    parts.push(
      `<text x="${MARGIN}" y="${MARGIN + HEADER_H + 10}" font-size="11" fill="#222">All runs: ${esc(common)}</text>`,
    );
  legendRows.forEach((row, r) => {
    const y = MARGIN + HEADER_H + commonH + r * LEGEND_ROW_H + 10;
    for (const { entry, x } of row) {
      const x0 = MARGIN + x;
      parts.push(
        `<line x1="${x0}" y1="${y - 4}" x2="${x0 + 22}" y2="${y - 4}" stroke="${esc(entry.color)}" stroke-width="2"${entry.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
      parts.push(`<text x="${x0 + 27}" y="${y}" font-size="11" fill="#222">${esc(entry.label)}</text>`);
    }
  });
  input.charts.forEach((chart, i) => {
    const x = MARGIN + (i % columns) * PANEL_W;
    const y = top + Math.floor(i / columns) * PANEL_H;
    parts.push(panel(chart, x, y));
  });
  parts.push('</svg>');
  return { svg: parts.join('\n'), width, height };
}

/**
 * Distinct visible series of all charts, runs first (one legend for the whole figure): what all runs
 * share is said once, each run by what sets it apart ("seed 3").
 */
function legendEntries(charts: readonly ChartFigure[]): { common: string; entries: LegendEntry[] } {
  const seen = new Map<string, LegendEntry>();
  for (const chart of charts) {
    for (const s of chart.series) {
      if (s.visible && !seen.has(s.label)) seen.set(s.label, { label: s.label, color: s.color, dashed: !!s.dashed });
    }
  }
  const runs = [...seen.values()].filter((e) => !e.dashed);
  const references = [...seen.values()].filter((e) => e.dashed);
  const { common, short } = legendText(runs.map((e) => e.label));
  return { common, entries: [...runs.map((e, i) => ({ ...e, label: short[i] })), ...references] };
}

function layoutLegend(entries: readonly LegendEntry[], width: number): { entry: LegendEntry; x: number }[][] {
  const rows: { entry: LegendEntry; x: number }[][] = [];
  let row: { entry: LegendEntry; x: number }[] = [];
  let x = 0;
  for (const entry of entries) {
    const w = 27 + entry.label.length * LEGEND_CHAR_W + 16;
    if (row.length && x + w > width) {
      rows.push(row);
      row = [];
      x = 0;
    }
    row.push({ entry, x });
    x += w;
  }
  if (row.length) rows.push(row);
  return rows;
}

/** The scale of one axis: data → pixels, and its ticks. */
interface Axis {
  readonly toPx: (v: number) => number;
  readonly ticks: readonly number[];
  readonly log: boolean;
  readonly min: number;
  readonly max: number;
}

function axis(
  values: readonly (readonly (number | null)[])[],
  log: boolean,
  from: number,
  to: number,
  fitDecades: boolean,
): Axis {
  let min: number;
  let max: number;
  if (log) {
    const extent = positiveExtent(values);
    [min, max] = fitDecades || !(extent.min < extent.max) ? logRange(extent) : [extent.min, extent.max];
  } else {
    [min, max] = linearExtent(values);
  }
  const ticks = log ? logSplits(min, max) : linearTicks(min, max);
  const f = (v: number) => (log ? Math.log10(v) : v);
  const a = f(min);
  const b = f(max);
  return { toPx: (v) => from + ((f(v) - a) / (b - a)) * (to - from), ticks, log, min, max };
}

function linearExtent(values: readonly (readonly (number | null)[])[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const col of values)
    for (const v of col)
      if (v !== null && Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
  if (!(min <= max)) return [0, 1];
  if (min === max) return [min - Math.max(1, Math.abs(min)) * 0.5, max + Math.max(1, Math.abs(max)) * 0.5];
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}

/** About six round ticks (1, 2 or 5 × 10^k apart) from min to max. */
export function linearTicks(min: number, max: number): number[] {
  if (!(max > min) || !Number.isFinite(max - min)) return [];
  const raw = (max - min) / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9 && ticks.length < 12; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function panel(chart: ChartFigure, x: number, y: number): string {
  const left = x + PAD.left;
  const right = x + PANEL_W - PAD.right;
  const top = y + PAD.top;
  const bottom = y + PANEL_H - PAD.bottom;
  const shown = chart.series.filter((s) => s.visible);
  const xs = axis([chart.t.filter((t) => !chart.logX || t > 0)], chart.logX, left, right, false);
  const ys = axis(
    shown.map((s) => s.values),
    chart.logY,
    bottom,
    top,
    true,
  );
  const out: string[] = [
    `<g>`,
    `<text x="${x + PAD.left}" y="${y + 20}" font-size="12.5" font-weight="bold" fill="#111">${esc(chart.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#444" stroke-width="0.8"/>`,
  ];
  for (const t of xs.ticks) {
    const px = num(xs.toPx(t));
    out.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${bottom}" stroke="#e4e4e4" stroke-width="0.6"/>`);
    out.push(
      `<text x="${px}" y="${bottom + 14}" font-size="10" text-anchor="middle" fill="#333">${esc(tickText(t))}</text>`,
    );
  }
  for (const v of ys.ticks) {
    const py = ys.toPx(v);
    out.push(`<line x1="${left}" y1="${num(py)}" x2="${right}" y2="${num(py)}" stroke="#e4e4e4" stroke-width="0.6"/>`);
    out.push(
      `<text x="${left - 5}" y="${num(py + 3.5)}" font-size="10" text-anchor="end" fill="#333">${esc(tickText(v))}</text>`,
    );
  }
  out.push(
    `<text x="${(left + right) / 2}" y="${bottom + 32}" font-size="11" text-anchor="middle" fill="#222">${esc(chart.xLabel)}${chart.logX ? ' (log)' : ''}</text>`,
  );
  const yLabel = `${chart.yLabel || chart.title}${chart.logY ? ' (log)' : ''}`;
  out.push(
    `<text transform="translate(${x + 13} ${(top + bottom) / 2}) rotate(-90)" font-size="11" text-anchor="middle" fill="#222">${esc(yLabel)}</text>`,
  );
  out.push(
    `<clipPath id="clip-${num(x)}-${num(y)}"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath>`,
  );
  for (const s of shown) {
    const d = pathOf(chart.t, s.values, xs, ys);
    if (!d) continue;
    out.push(
      `<path d="${d}" fill="none" stroke="${esc(s.color)}" stroke-width="${s.dashed ? 1 : 1.4}"${s.dashed ? ' stroke-dasharray="6 4"' : ''} clip-path="url(#clip-${num(x)}-${num(y)})"/>`,
    );
  }
  out.push('</g>');
  return out.join('\n');
}

/** An SVG path through the points; gaps (null, and t ≤ 0 on a log t axis) break it. */
function pathOf(t: readonly number[], values: readonly (number | null)[], xs: Axis, ys: Axis): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < t.length; i++) {
    const raw = values[i] ?? null;
    const v = ys.log ? clampForLog(raw, ys.min, ys.max) : raw !== null && Number.isFinite(raw) ? raw : null;
    if (v === null || (xs.log && !(t[i] > 0))) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(xs.toPx(t[i]))} ${num(ys.toPx(v))}`;
    pen = true;
  }
  return d;
}

function num(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : '0';
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
