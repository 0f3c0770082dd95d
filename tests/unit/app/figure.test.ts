import { describe, expect, it } from 'vitest';
import type { ChartFigure } from '../../../components/charts/metric-chart.ts';
import { drawnSummary, figureSvg, linearTicks, titleLines, titleWidth } from '../../../src/app/charts/figure.ts';
import { RATIO_WINDOW } from '../../../components/charts/log-axis.ts';
import { legendText } from '../../../src/app/charts/legend.ts';
import { metricsCsv } from '../../../src/app/state/export.ts';
import type { Checkpoint } from '../../../src/core/types.ts';

const chart = (over: Partial<ChartFigure> = {}): ChartFigure => ({
  title: 'loss R(W(t))',
  xLabel: 't (steps)',
  yLabel: 'R(W(t))',
  logX: true,
  logY: true,
  t: [1, 10, 100],
  series: [
    { label: 'seed 0 · exp', color: '#1f77b4', values: [1, 0.1, 0.01], visible: true },
    { label: 'seed 1 · exp', color: '#d62728', values: [1, 1e-300, 0], visible: false },
    { label: 'ln t', color: '#555', dashed: true, values: [null, 2.3, 4.6], visible: true },
  ],
  ...over,
});

/** Every y tick label: [text, y] in SVG units. */
function yTickLabels(svg: string): [string, number][] {
  return [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="10" text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => [m[2], Number(m[1])],
  );
}

describe('exported figure (SVG)', () => {
  it('has a white background, the title, the link, axis labels and one legend of the visible series', () => {
    const { svg, width, height } = figureSvg({
      title: 'Lab <&> test',
      url: 'http://x/?v=1&loss=exp',
      charts: [chart(), chart({ title: 'distance' })],
    });
    expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"`)).toBe(true);
    expect(svg).toContain(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
    expect(svg).toContain('Lab &lt;&amp;&gt; test');
    expect(svg).toContain('http://x/?v=1&amp;loss=exp');
    expect(svg).toContain('>t (steps) (log)</text>');
    expect(svg).toContain('>R(W(t)) (log)</text>');
    // the legend says each visible series once, however many charts draw it; hidden ones not at all
    expect(svg.split('>seed 0 · exp</text>').length - 1).toBe(1);
    expect(svg).not.toContain('seed 1');
    expect(svg.split('>ln t</text>').length - 1).toBe(1);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(width).toBe(2 * 16 + 2 * 440);
  });

  it('puts a curve of decades on a straight line from corner to corner, and ticks from top to bottom in order', () => {
    const { svg } = figureSvg({
      title: 't',
      url: 'u',
      charts: [chart({ series: [{ label: 'a', color: '#000', values: [1, 0.1, 0.01], visible: true }] })],
    });
    const path = /<path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    // panel interior: x from 16+66 to 16+440-14, y from top+34 to top+290-44
    expect(path[0]).toBe(82);
    expect(path[4]).toBe(442);
    expect(path[2]).toBeCloseTo((82 + 442) / 2, 0);
    expect(path[1] - path[3]).toBeCloseTo(path[3] - path[5], 0);
    const ticks = yTickLabels(svg);
    expect(ticks.map(([text]) => text)).toEqual(['0.01', '0.1', '1']);
    expect(ticks[0][1]).toBeGreaterThan(ticks[2][1]);
    // the lowest value sits on the lowest tick, the highest on the highest
    expect(path[5]).toBeCloseTo(ticks[0][1] - 3.5, 0);
    expect(path[1]).toBeCloseTo(ticks[2][1] - 3.5, 0);
  });

  it('draws 1e-300 and exact zeros on the axis floor, with at most 8 decade ticks, and skips NaN and infinities', () => {
    const values = [1, 1e-300, 0, NaN, Infinity, 0.5];
    const { svg } = figureSvg({
      title: 't',
      url: 'u',
      charts: [chart({ t: [1, 2, 3, 4, 5, 6], series: [{ label: 'a', color: '#000', values, visible: true }] })],
    });
    const ticks = yTickLabels(svg);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.map(([text]) => text)).toContain('1e-300');
    expect(svg).not.toMatch(/NaN|Infinity/);
    const d = /<path d="([^"]+)"/.exec(svg)![1];
    // NaN breaks the line (a second M); Infinity is clamped to the top
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('writes round linear ticks', () => {
    expect(linearTicks(-10.3, 0.4)).toEqual([-10, -8, -6, -4, -2, 0]);
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(1, 1)).toEqual([]);
  });
});

describe('figure legend', () => {
  it('says what all visible runs share once and names each by what sets it apart', () => {
    const series = ['seed 0 · ce · gd', 'seed 1 · ce · gd', 'seed 2 · ce · gd'].map((label, i) => ({
      label,
      color: '#000',
      values: [1, 1, 1],
      visible: i !== 1,
    }));
    const { svg } = figureSvg({ title: 't', url: 'u', charts: [chart({ series })] });
    expect(svg).toContain('>All runs: ce · gd</text>');
    expect(svg).toContain('>seed 0</text>');
    expect(svg).toContain('>seed 2</text>');
    expect(svg).not.toContain('seed 1');
  });
});

describe('shared legend text', () => {
  it('says what all runs share once and keeps what sets each apart', () => {
    expect(legendText(['seed 0 · pairlog · gd η=0.0333', 'seed 1 · pairlog · gd η=0.0333'])).toEqual({
      common: 'pairlog · gd η=0.0333',
      short: ['seed 0', 'seed 1'],
    });
    expect(legendText(['seed 0 · exp · gd η=0.1', 'seed 0 · exp · ngd η=0.1'])).toEqual({
      common: 'seed 0 · exp',
      short: ['gd η=0.1', 'ngd η=0.1'],
    });
    expect(legendText(['only run'])).toEqual({ common: '', short: ['only run'] });
    expect(legendText(['a · b', 'c'])).toEqual({ common: '', short: ['a · b', 'c'] });
  });
});

describe('metrics CSV', () => {
  it('starts with the experiment link as a comment', () => {
    const cp: Checkpoint = {
      run: 0,
      t: 1,
      loss: 0.5,
      normRatio: 1,
      angle: 0,
      distance: 0,
      margin: 1,
      marginRatio: 1,
      trainAcc: 1,
      status: 'running',
    };
    const lines = metricsCsv(['a'], [[cp]], 'http://x/?v=1&seeds=0..9').split('\n');
    expect(lines[0]).toBe('# experiment: http://x/?v=1&seeds=0..9');
    expect(lines[1]).toBe(
      'run,label,t,loss,normRatio,angle,distance,margin,marginRatio,trainAcc,testAcc,status,rho_fro,rho_max,rho_l1,rho_spectral,rho_nuclear',
    );
  });
});

describe('figure layout (issue 21)', () => {
  const long = 'distance ‖W/‖W‖ − Ŵ/‖Ŵ‖‖ (the paper’s Figure B), with 1/ln t for reference';
  const titles = [long, '‖W(t)‖ / ‖Ŵ‖, with ln t for reference', 'angle between W(t) and Ŵ (radians)', long, 'x'];

  it('wraps each panel title inside its panel, so that no two titles overlap', () => {
    const { titleBoxes, svg } = figureSvg({ title: 't', url: 'u', charts: titles.map((title) => chart({ title })) });
    expect(titleBoxes).toHaveLength(5);
    titleBoxes.forEach((a, i) => {
      const panelLeft = 16 + (i % 3) * 440;
      expect(a.x).toBeGreaterThanOrEqual(panelLeft);
      expect(a.x + a.width).toBeLessThanOrEqual(panelLeft + 440);
      titleBoxes.forEach((b, j) => {
        if (i === j) return;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `titles ${i} and ${j}`).toBe(true);
      });
    });
    // the long title takes two lines, every word kept
    expect(titleLines(long, 424)).toHaveLength(2);
    expect(titleLines(long, 424).join(' ')).toBe(long);
    expect(svg.split('class="panel-title" data-panel="0"').length - 1).toBe(2);
    // the estimate is generous: 0.62 em a character of 12 px bold
    expect(titleWidth('abcde')).toBeCloseTo(5 * 12 * 0.62, 9);
  });

  it('counts the runs it draws, not the runs there are', () => {
    const runs = (visible: boolean[]) =>
      chart({
        series: visible.map((v, i) => ({ label: `seed ${i}`, color: '#000', values: [1, 1, 1], visible: v })),
      });
    expect(drawnSummary([runs([true, true, true])], 3)).toBe('3 runs');
    expect(drawnSummary([runs([true, false, true]), runs([true, false, true])], 3)).toBe('2 of 3 runs');
    const band = chart({
      series: [
        { label: 'b 10 %', color: '#000', values: [1, 1, 1], visible: true },
        { label: 'b 90 %', color: '#000', values: [1, 1, 1], visible: true, band: { lower: 0, fill: '#eee' } },
        { label: 'b median', color: '#000', values: [1, 1, 1], visible: true },
      ],
    });
    expect(drawnSummary([band], 3072)).toBe('1 band of 3,072 runs');
  });

  it('draws a windowed ratio panel within [−1, 1.05] and says how many values sit on its edge', () => {
    const margin = chart({
      logY: false,
      yWindow: RATIO_WINDOW,
      series: [{ label: 'a', color: '#000', values: [-50, -0.5, 0.9], visible: true }],
    });
    const { svg } = figureSvg({ title: 't', url: 'u', charts: [margin] });
    const ticks = yTickLabels(svg).map(([text]) => Number(text.replace('−', '-')));
    expect(Math.min(...ticks)).toBe(-1);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1.2);
    expect(svg).toContain('>off scale: 1 value below -1 drawn on the lower edge ▼</text>');
  });

  it('draws the heat map of ρ_p under the charts with every number printed', () => {
    const heat = {
      norms: ['fro', 'max'],
      t: 1000,
      rows: [
        {
          label: 'seed 0',
          cells: [
            { value: 0.987, level: 0.987, predicted: true },
            { value: null, level: null, predicted: false },
          ],
        },
      ],
    };
    const withHeat = figureSvg({ title: 't', url: 'u', charts: [chart()], heat });
    const without = figureSvg({ title: 't', url: 'u', charts: [chart()] });
    expect(withHeat.height).toBeGreaterThan(without.height);
    expect(withHeat.svg).toContain('>0.987</text>');
    expect(withHeat.svg).toContain('>n/a</text>');
    expect(withHeat.svg).toContain('ρ_p at t = 1,000');
    expect(withHeat.svg).toContain('stroke="#d62728"');
  });
});
