import { describe, expect, it } from 'vitest';
import { metricsCsv, metricsJson, weightsJson } from '../../../src/app/state/export.ts';
import { regionBounds, regionCells } from '../../../src/app/charts/region-grid.ts';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { runToEnd } from '../../../src/core/engine/driver.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { validateExperiment } from '../../../src/core/experiment/experiment.ts';
import { withNormReferences } from '../../../src/core/max-margin/max-margin-solver.ts';
import type { Checkpoint, Experiment } from '../../../src/core/types.ts';

const cp = (run: number, t: number, loss: number, extra: Partial<Checkpoint> = {}): Checkpoint => ({
  run,
  t,
  loss,
  normRatio: 0.5,
  angle: 0.25,
  distance: 0.125,
  margin: -1,
  marginRatio: -2,
  trainAcc: 0.75,
  status: 'running',
  ...extra,
});

describe('metrics export', () => {
  it('writes one CSV row per checkpoint, quoting labels with commas and leaving non-finite cells empty', () => {
    const csv = metricsCsv(
      ['seed 0, gd', 'plain'],
      [[cp(0, 1, 0.5)], [cp(1, 10, NaN, { testAcc: 1, status: 'diverged' })]],
    );
    expect(csv.split('\n')).toEqual([
      'run,label,t,loss,normRatio,angle,distance,margin,marginRatio,trainAcc,testAcc,status,rho_fro,rho_max,rho_l1,rho_spectral,rho_nuclear',
      '0,"seed 0, gd",1,0.5,0.5,0.25,0.125,-1,-2,0.75,,running,,,,,',
      '1,plain,10,,0.5,0.25,0.125,-1,-2,0.75,1,diverged,,,,,',
      '',
    ]);
  });

  it('a real CPU run exported at its end: the last row says done, every ρ_p is a column, ρ_fro = marginRatio', async () => {
    const { experiment, errors } = validateExperiment({ data: 'paper', n: 30, d: 5, k: 3, steps: 100, init: 'zero' });
    expect(errors).toEqual([]);
    // γ_p of every norm, as the page's preparation worker attaches them (without them ρ_p is null)
    const runs = await withNormReferences(expandRuns(experiment).runs);
    const engine = new CpuEngine();
    await engine.load(runs);
    const series: Checkpoint[] = [];
    await runToEnd(engine, runs, { steps: experiment.steps }, (cps) => series.push(...cps));
    engine.dispose();
    const [header, ...rows] = metricsCsv(['a'], [series], '', experiment.steps).trim().split('\n');
    const col = (name: string) => header.split(',').indexOf(name);
    const cells = rows.map((r) => r.split(','));
    expect(cells.map((c) => c[col('status')])).toEqual([...series.slice(1).map(() => 'running'), 'done']);
    expect(Number(cells.at(-1)![col('t')])).toBe(100);
    // with W(0) = 0 the first row has ‖W‖ = 0, so no ρ (an empty cell); after it every norm has one
    const last = cells.at(-1)!;
    for (const p of ['fro', 'max', 'l1', 'spectral', 'nuclear']) {
      expect(Number(last[col(`rho_${p}`)]), p).toBe(series.at(-1)!.rho![p as 'fro']);
      expect(Number(last[col(`rho_${p}`)]), p).toBeLessThanOrEqual(1 + 1e-12);
    }
    // ρ_fro = m(W)/(‖W‖_F γ_fro) with γ_fro = 1/‖Ŵ‖_F is the margin ratio, computed another way
    expect(Number(last[col('rho_fro')])).toBeCloseTo(Number(last[col('marginRatio')]), 10);
    // exported before the end (a paused run, steps not reached) the last row still says running
    expect(
      metricsCsv(['a'], [series.slice(0, -1)], '', experiment.steps)
        .trim()
        .split('\n')
        .at(-1),
    ).toMatch(/,running,/);
  });

  it('keeps every float64 digit in JSON and writes NaN as null', () => {
    const third = 1 / 3;
    const json = JSON.parse(
      metricsJson({ v: 1 } as Experiment, 'http://x/?v=1', ['a'], [[cp(0, 7, third, { angle: NaN })]]),
    );
    expect(json.runs[0].checkpoints[0].loss).toBe(third);
    expect(json.runs[0].checkpoints[0].angle).toBeNull();
    const w = JSON.parse(
      weightsJson('u', [
        { label: 'a', t: 3, d: 1, k: 2, W: new Float64Array([third, -third]), svm: new Float64Array([1, -1]) },
      ]),
    );
    expect(w.runs[0].W).toEqual([third, -third]);
  });
});

describe('decision-region raster', () => {
  it('labels every cell with the argmax of x·w_k, checked point by point against a direct evaluation', () => {
    // 2×3 row-major W: columns w_0 = (1, 0), w_1 = (−0.5, 0.9), w_2 = (−0.5, −0.9)
    const W = new Float64Array([1, -0.5, -0.5, 0, 0.9, -0.9]);
    const bounds = [-2, 2, -1, 3] as const;
    const size = 17;
    const cells = regionCells(W, 3, bounds, size);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const x = -2 + ((col + 0.5) / size) * 4;
        const y = -1 + ((row + 0.5) / size) * 4;
        const scores = [x, -0.5 * x + 0.9 * y, -0.5 * x - 0.9 * y];
        expect(cells[row * size + col]).toBe(scores.indexOf(Math.max(...scores)));
      }
    }
  });

  it('frames the points in a square window centred on the origin', () => {
    expect(regionBounds(new Float64Array([0.5, -2, 1, 1]))).toEqual(
      [-2.3, 2.3, -2.3, 2.3].map((v) => expect.closeTo(v, 12)),
    );
  });
});
