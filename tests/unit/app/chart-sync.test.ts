// The run charts share one crosshair: every chart slot carries the same sync key, and a keyed
// cursor syncs uPlot's x scale by value and nothing else.
import { describe, expect, it } from 'vitest';
import { cursorOptions } from '../../../components/charts/cursor-sync.ts';
import { CHARTS, chartSlots, RUN_CHARTS_SYNC_KEY } from '../../../src/app/charts/chart-specs.ts';

describe('run chart cursor sync', () => {
  it('gives every run chart the one sync key', () => {
    const slots = chartSlots();
    expect(slots.map((s) => s.id)).toEqual(CHARTS.map((c) => c.id));
    expect(RUN_CHARTS_SYNC_KEY).not.toBe('');
    for (const slot of slots) expect(slot.syncKey).toBe(RUN_CHARTS_SYNC_KEY);
  });

  it('builds a uPlot cursor that syncs x by value and y by position', () => {
    expect(cursorOptions(RUN_CHARTS_SYNC_KEY)).toEqual({
      drag: { x: true, y: false },
      sync: { key: RUN_CHARTS_SYNC_KEY, scales: ['x', null] },
    });
  });

  it('leaves a chart without a key out of every sync group', () => {
    expect(cursorOptions('')).toEqual({ drag: { x: true, y: false } });
  });
});
