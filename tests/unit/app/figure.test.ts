import { describe, expect, it } from 'vitest';
import type { ChartFigure } from '../../../components/charts/metric-chart.ts';
import { figureSvg, linearTicks } from '../../../src/app/charts/figure.ts';
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
