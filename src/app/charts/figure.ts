// The exported figure: every chart of the page in one SVG, drawn from the numbers themselves (uPlot
// draws to a canvas only), with a title, the link, one legend, axis labels and ticks on a white
// background. The PNG export rasterises this same SVG at twice its size. Pure: text in, text out.
import type { ChartFigure } from '../../../components/charts/metric-chart.ts';
import {
  clampForLog,
  clampToWindow,
  logRange,
  logSplits,
  offScaleNote,
  positiveExtent,
  tickLabels,
} from '../../../components/charts/log-axis.ts';
import { heatSvg, type FigureHeat } from './figure-heat.ts';
import { legendText } from './legend.ts';

interface FigureInput {
  readonly title: string;
  /** the experiment's link, printed small under the title */
  readonly url: string;
  readonly charts: readonly FigureChart[];
  /** the optimizer × norm heat map of ρ_p, drawn under the charts where the page shows one */
  readonly heat?: FigureHeat;
  readonly columns?: number;
}

/** A chart of the figure; one with its own legend (ρ_p: a colour per norm) keeps it in its panel. */
export type FigureChart = ChartFigure & { readonly ownLegend?: boolean };

/** A box in SVG units: where a panel title's text lies (estimated from its characters, see titleLines). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** the panel titles' boxes, one per chart (a title wraps within its panel, so none overlaps another) */
  readonly titleBoxes: readonly Box[];
}

const PANEL_W = 440;
/** the plot's own height inside a panel, below its title */
const PLOT_H = 256;
/** inside a panel: y ticks to the left, x ticks, label and off-scale note below; the title's rows above */
const PAD = { right: 14, bottom: 54, left: 66 } as const;
const TITLE_FONT = 12;
const TITLE_LINE_H = 15;
/**
 * Width of a character of the bold title font, in ems: a generous average for Helvetica/Arial bold
 * (lower case ≈ 0.55, capitals and ‖ wider), so that an estimated line is never narrower than drawn.
 */
const TITLE_EM = 0.62;
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
  const titles = input.charts.map((c) => titleLines(c.title, PANEL_W - 2 * TITLE_INSET));
  const titleH = 10 + Math.max(1, ...titles.map((l) => l.length)) * TITLE_LINE_H;
  const panelH = titleH + PLOT_H;
  const { common, entries: legend } = legendEntries(input.charts);
  const legendRows = layoutLegend(legend, width - 2 * MARGIN);
  const commonH = common ? LEGEND_ROW_H : 0;
  const legendH = commonH + legendRows.length * LEGEND_ROW_H + (legendRows.length ? 8 : 0);
  const top = MARGIN + HEADER_H + legendH;
  const heat =
    input.heat && input.heat.rows.length
      ? heatSvg(input.heat, MARGIN, top + rows * panelH, width - 2 * MARGIN)
      : undefined;
  const height = top + rows * panelH + (heat?.height ?? 0) + MARGIN;
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
  const titleBoxes: Box[] = [];
  input.charts.forEach((chart, i) => {
    const x = MARGIN + (i % columns) * PANEL_W;
    const y = top + Math.floor(i / columns) * panelH;
    parts.push(panelTitle(titles[i], x, y, i), panel(chart, x, y + titleH, panelH - titleH));
    titleBoxes.push(titleBox(titles[i], x, y));
  });
  if (heat) parts.push(heat.svg);
  parts.push('</svg>');
  return { svg: parts.join('\n'), width, height, titleBoxes };
}

/** Space between a panel's edge and its title's text, on either side. */
const TITLE_INSET = 8;

/** The estimated width of a line of title text (see TITLE_EM). */
export function titleWidth(text: string): number {
  return [...text].length * TITLE_FONT * TITLE_EM;
}

/** A title broken at spaces into lines no wider than `width` (a word longer than a line is cut with "…"). */
export function titleLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (titleWidth(next) <= width) line = next;
    else {
      if (line) lines.push(line);
      line =
        titleWidth(word) <= width
          ? word
          : `${[...word].slice(0, Math.floor(width / (TITLE_FONT * TITLE_EM)) - 1).join('')}…`;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function panelTitle(lines: readonly string[], x: number, y: number, index: number): string {
  return lines
    .map(
      (line, k) =>
        `<text class="panel-title" data-panel="${index}" x="${x + TITLE_INSET}" y="${y + 16 + k * TITLE_LINE_H}" font-size="${TITLE_FONT}" font-weight="bold" fill="#111">${esc(line)}</text>`,
    )
    .join('\n');
}

function titleBox(lines: readonly string[], x: number, y: number): Box {
  const width = Math.max(0, ...lines.map(titleWidth));
  // from the first line's ascent to the last line's descent
  return {
    x: x + TITLE_INSET,
    y: y + 16 - TITLE_FONT,
    width,
    height: (lines.length - 1) * TITLE_LINE_H + TITLE_FONT * 1.25,
  };
}

/**
 * Distinct visible series of all charts, runs first (one legend for the whole figure): what all runs
 * share is said once, each run by what sets it apart ("seed 3").
 */
function legendEntries(charts: readonly FigureChart[]): { common: string; entries: LegendEntry[] } {
  const seen = new Map<string, LegendEntry>();
  for (const chart of charts.filter((c) => !c.ownLegend)) {
    for (const s of chart.series) {
      if (s.visible && !seen.has(s.label)) seen.set(s.label, { label: s.label, color: s.color, dashed: !!s.dashed });
    }
  }
  const runs = [...seen.values()].filter((e) => !e.dashed);
  const references = [...seen.values()].filter((e) => e.dashed);
  const { common, short } = legendText(runs.map((e) => e.label));
  return { common, entries: [...runs.map((e, i) => ({ ...e, label: short[i] })), ...references] };
}

/**
 * What the figure draws, for its title: "9 of 10 runs" when the legend hides one, "12 bands of 3,072
 * runs" in bands mode (a band is its shaded 90 % edge), counted from the visible curves themselves.
 */
export function drawnSummary(charts: readonly FigureChart[], runs: number): string {
  const visible = new Map<string, { band: boolean }>();
  for (const chart of charts.filter((c) => !c.ownLegend))
    for (const s of chart.series) if (s.visible && !s.dashed) visible.set(s.label, { band: !!s.band });
  const bands = [...visible.values()].filter((v) => v.band).length;
  const total = runs.toLocaleString('en-US');
  if (bands) return `${bands} band${bands > 1 ? 's' : ''} of ${total} runs`;
  const drawn = visible.size;
  if (drawn === runs) return `${total} run${runs > 1 ? 's' : ''}`;
  return `${drawn.toLocaleString('en-US')} of ${total} runs`;
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
  window?: readonly [number, number],
): Axis {
  let min: number;
  let max: number;
  if (log) {
    const extent = positiveExtent(values);
    [min, max] = fitDecades || !(extent.min < extent.max) ? logRange(extent) : [extent.min, extent.max];
  } else {
    // a ratio window that holds 1 always reaches it (the line the ratios approach), as on the page
    [min, max] = linearExtent(window && window[0] <= 1 && 1 <= window[1] ? [...values, [1]] : values);
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

/**
 * The visible curves as the panel draws them: in a linear y window (the ratios that → 1) values
 * outside it sit on its edges, and the note says how many.
 */
function shownSeries(chart: ChartFigure): { series: ChartFigure['series']; note: string } {
  const shown = chart.series.filter((s) => s.visible);
  const window = chart.logY ? undefined : chart.yWindow;
  if (!window) return { series: shown, note: '' };
  const clamped = clampToWindow(
    shown.map((s) => s.values),
    window,
  );
  return {
    series: shown.map((s, i) => ({ ...s, values: clamped.columns[i] })),
    note: offScaleNote(clamped, window).replace(/ \(display only; exports keep the numbers\)$/, ''),
  };
}

function panel(chart: FigureChart, x: number, y: number, height: number): string {
  const left = x + PAD.left;
  const right = x + PANEL_W - PAD.right;
  const top = y;
  const bottom = y + height - PAD.bottom;
  const { series: shown, note } = shownSeries(chart);
  const xs = axis([chart.t.filter((t) => !chart.logX || t > 0)], chart.logX, left, right, false);
  const ys = axis(
    shown.map((s) => s.values),
    chart.logY,
    bottom,
    top,
    true,
    chart.logY ? undefined : chart.yWindow,
  );
  const out: string[] = [
    `<g>`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#444" stroke-width="0.8"/>`,
  ];
  const xText = tickLabels(xs.ticks);
  const yText = tickLabels(ys.ticks);
  xs.ticks.forEach((t, k) => {
    const px = num(xs.toPx(t));
    out.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${bottom}" stroke="#e4e4e4" stroke-width="0.6"/>`);
    out.push(
      `<text x="${px}" y="${bottom + 14}" font-size="10" text-anchor="middle" fill="#333">${esc(xText[k])}</text>`,
    );
  });
  ys.ticks.forEach((v, k) => {
    const py = ys.toPx(v);
    out.push(`<line x1="${left}" y1="${num(py)}" x2="${right}" y2="${num(py)}" stroke="#e4e4e4" stroke-width="0.6"/>`);
    out.push(
      `<text x="${left - 5}" y="${num(py + 3.5)}" font-size="10" text-anchor="end" fill="#333">${esc(yText[k])}</text>`,
    );
  });
  if (note)
    out.push(
      `<text class="off-scale" x="${left}" y="${bottom + 46}" font-size="9.5" fill="#8a4b00">${esc(note)}</text>`,
    );
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
  if (chart.ownLegend) out.push(...panelLegend(shown, right, top));
  out.push('</g>');
  return out.join('\n');
}

/** A chart's own legend, one row per visible curve, in the plot's top-right corner on white. */
function panelLegend(shown: FigureChart['series'], right: number, top: number): string[] {
  const w = 12 + 22 + Math.max(0, ...shown.map((s) => [...s.label].length)) * 5.6;
  const x = right - w - 4;
  const out = [
    `<rect x="${num(x)}" y="${top + 4}" width="${num(w)}" height="${shown.length * 13 + 6}" fill="#ffffff" fill-opacity="0.85" stroke="#ccc" stroke-width="0.6"/>`,
  ];
  shown.forEach((s, k) => {
    const y = top + 15 + k * 13;
    out.push(
      `<line x1="${num(x + 5)}" y1="${y - 3}" x2="${num(x + 25)}" y2="${y - 3}" stroke="${esc(s.color)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${num(x + 30)}" y="${y}" font-size="9.5" fill="#222">${esc(s.label)}</text>`,
    );
  });
  return out;
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
