// The sweep map's view: which run each cell shows, its colour on the bar (log for loss and distance),
// the colour bar's ends, and no map for a small experiment.
import { divergedRunsText } from '../../../src/app/state/user-message.ts';
import { describe, expect, it } from 'vitest';
import {
  NO_VALUE_RGB,
  SWEEP_MAP_MIN_RUNS,
  formatValue,
  rampColor,
  rampRgb,
  sweepMapView,
  thinNames,
} from '../../../src/app/charts/sweep-view.ts';
import type { Checkpoint, RunSpec } from '../../../src/core/types.ts';

const problem = {} as RunSpec['problem'];
const LRS = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];
/** 7 η × 3 seeds = 21 runs, listed seed-major like the lab's run list */
const runs: RunSpec[] = [0, 1, 2].flatMap((seed) =>
  LRS.map(
    (lr) =>
      ({
        label: `seed ${seed} · η=${lr}`,
        problem,
        loss: 'ce',
        optimizer: 'gd',
        schedule: 'const',
        lr,
        seed,
        W0: new Float64Array(0),
      }) as RunSpec,
  ),
);
/** run r: distance 10^(−r/4), ρ_fro r/20, diverged for η = 1000 */
/** cell i's colour in the canvas's RGBA array */
const rgbOf = (v: { rgba: Uint8ClampedArray }, i: number) => [...v.rgba.subarray(4 * i, 4 * i + 3)];

const cp = (r: number): Checkpoint => ({
  run: r,
  t: 200,
  loss: 2 ** -r,
  normRatio: 1,
  angle: 0,
  distance: 10 ** (-r / 4),
  margin: 0,
  marginRatio: 0,
  trainAcc: 1,
  rho: { fro: r / 20, max: null, l1: null, spectral: null, nuclear: null },
  status: runs[r].lr === 1000 ? 'diverged' : 'running',
});

describe('sweepMapView', () => {
  it('shows no map for 20 runs or fewer', () => {
    expect(SWEEP_MAP_MIN_RUNS).toBe(21);
    expect(sweepMapView(runs.slice(0, 20), [], 'distance', -1)).toBeUndefined();
  });

  it('puts run (seed s, η j) at row s, column j, coloured on a log scale between the extreme distances', () => {
    const v = sweepMapView(
      runs,
      runs.map((_, r) => cp(r)),
      'distance',
      5,
    )!;
    expect(v.rows).toEqual(['seed 0', 'seed 1', 'seed 2']);
    expect(v.cols).toEqual(['0.001', '0.01', '0.1', '1', '10', '100', '1000']);
    expect(v.xLabel).toContain('log-spaced');
    expect(v.yLabel).toBe('seed');
    expect([...v.runOf]).toEqual(runs.map((_, r) => r));
    expect(v.values[8]).toBe(10 ** -2);
    // log10 distance runs from 0 (run 0) to −5 (run 20): run 0 is the top of the bar, run 20 the bottom,
    // run 10 (log10 = −2.5) the middle
    expect(rgbOf(v, 0)).toEqual(rampRgb(1));
    expect(rgbOf(v, 20)).toEqual(rampRgb(0));
    expect(rgbOf(v, 10)).toEqual(rampRgb(0.5));
    expect(v.high).toBe('1');
    expect(v.low).toBe('0.00001');
    expect(v.selected).toBe(5);
    expect(v.text(8)).toContain('distance ‖W/‖W‖ − Ŵ/‖Ŵ‖‖ = 0.01 at t = 200');
    expect(v.text(6)).toContain('(diverged)');
    expect(v.text(8).split('\n')[0]).toBe('run 8: η = 0.01 · seed 1 · ce · gd');
  });

  it('colours ρ_fro linearly, diverged on 0–1, and greys runs without a checkpoint', () => {
    const latest = runs.map((_, r) => (r === 3 ? undefined : cp(r)));
    const rho = sweepMapView(runs, latest, 'rhoFro', -1)!;
    expect(rho.values[10]).toBe(0.5);
    expect(rgbOf(rho, 10)).toEqual(rampRgb(0.5)); // (0.5 − 0) / (1 − 0)
    expect(rgbOf(rho, 3)).toEqual([...NO_VALUE_RGB]);
    expect(rho.text(3)).toContain('no checkpoint yet');
    expect([rho.low, rho.high]).toEqual(['0', '1']);
    expect(rho.note).toContain('1 without a value');
    const div = sweepMapView(runs, latest, 'diverged', -1)!;
    expect([...div.runOf].filter((_, i) => div.values[i] === 1)).toEqual([6, 13, 20]);
    expect(rgbOf(div, 6)).toEqual(rampRgb(1));
    expect(rgbOf(div, 0)).toEqual(rampRgb(0));
    expect([div.low, div.high]).toEqual(['0 ran', '1 diverged']);
  });

  it('interpolates viridis between its stops and clamps outside [0, 1]', () => {
    expect(rampColor(0)).toBe('rgb(68,1,84)');
    expect(rampRgb(0.125)).toEqual([64, 42, 112]);
    expect(rampColor(1)).toBe('rgb(253,231,37)');
    expect(rampColor(2)).toBe('rgb(253,231,37)');
    expect(rampColor(0.125)).toBe('rgb(64,42,112)'); // halfway between stops 0 and 1: (68+59)/2 → 64 after rounding 63.5
    expect(formatValue(0.000123456)).toBe('0.0001235');
    expect(formatValue(NaN)).toBe('no value');
  });
});

describe('thinNames', () => {
  it('keeps every k-th name so that at most about `most` are written', () => {
    expect(thinNames(['a', 'b', 'c'], 16)).toEqual(['a', 'b', 'c']);
    const names = Array.from({ length: 64 }, (_, i) => `η${i}`);
    const thin = thinNames(names, 16);
    expect(thin.filter(Boolean)).toEqual([
      'η0',
      'η4',
      'η8',
      'η12',
      'η16',
      'η20',
      'η24',
      'η28',
      'η32',
      'η36',
      'η40',
      'η44',
      'η48',
      'η52',
      'η56',
      'η60',
    ]);
    expect(thin).toHaveLength(64);
  });
});

describe("the sweep's diverged-runs banner", () => {
  const first = 'seed 0 · exp · gd η=3.42: diverged at t = 2';
  it('counts "so far" while the sweep runs and gives the final count, without "so far", once it is done', () => {
    expect(divergedRunsText(387, 3072, first, false)).toBe(
      `387 of 3,072 runs diverged so far (colour the sweep map by "diverged" to see which); the first, ${first}`,
    );
    const done = divergedRunsText(387, 3072, first, true);
    expect(done).toBe(
      `387 of 3,072 runs diverged (colour the sweep map by "diverged" to see which); the first, ${first}`,
    );
    expect(done).not.toContain('so far');
  });
});
