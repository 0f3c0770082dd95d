// Submit pacing: the steps per command buffer follow measured submit times toward the target, within
// bounds, and the tiled path's results do not depend on how its steps are cut into submits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { fixedPacer, SubmitPacer } from '../../src/gpu/paths/submit-pacer.ts';
import { paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

describe('SubmitPacer', () => {
  const range = { initial: 16, min: 1, max: 256 };

  it('scales the steps per submit toward the target time, at most 2× per measurement', () => {
    const pacer = new SubmitPacer(range, 4);
    expect(pacer.stepsPerSubmit).toBe(16);
    pacer.record(16, 16); // 1 ms per step: 4 steps would take 4 ms, but halving is the most one measurement moves
    expect(pacer.stepsPerSubmit).toBe(8);
    pacer.record(8, 8);
    expect(pacer.stepsPerSubmit).toBe(4);
    pacer.record(4, 4); // on target: stays
    expect(pacer.stepsPerSubmit).toBe(4);
    pacer.record(4, 2); // 0.5 ms per step: 8 steps take 4 ms
    expect(pacer.stepsPerSubmit).toBe(8);
    pacer.record(3, 1); // a short remainder chunk counts by its rate: 12 steps in 4 ms
    expect(pacer.stepsPerSubmit).toBe(12);
  });

  it('stays within its bounds, also for a measured time of zero', () => {
    const pacer = new SubmitPacer(range, 4);
    for (let i = 0; i < 20; i++) pacer.record(pacer.stepsPerSubmit, 0);
    expect(pacer.stepsPerSubmit).toBe(256);
    for (let i = 0; i < 20; i++) pacer.record(pacer.stepsPerSubmit, 1e4);
    expect(pacer.stepsPerSubmit).toBe(1);
  });

  it('a fixed pacer never moves', () => {
    const pacer = fixedPacer(7);
    pacer.record(7, 1000);
    pacer.record(7, 0);
    expect(pacer.stepsPerSubmit).toBe(7);
  });
});

describe('tiled path chunking', () => {
  it('gives bit-identical checkpoints and weights for 1, 7 and paced steps per submit', async () => {
    const problem = paperProblem(37, 5, 3, 1);
    const runs = [runSpec(problem, 'pairlog', 'gd', 0.05), runSpec(problem, 'ce', 'ngd', 0.05, { schedule: 'sqrt' })];
    const engines = [1, 7, undefined].map((stepsPerSubmit) => new GpuEngine(handle, { path: 'tiled', stepsPerSubmit }));
    const results: { early: Checkpoint[]; late: Checkpoint[]; W: Float64Array[] }[] = [];
    for (const engine of engines) {
      await engine.load(runs);
      await engine.advance(30);
      const early = await engine.checkpoint();
      await engine.advance(15);
      const late = await engine.checkpoint();
      results.push({ early, late, W: [await engine.weights(0), await engine.weights(1)] });
    }
    // 45 steps plus two checkpoints (the weights at t = 45 come from the second one's read-back);
    // the 7-step engine cuts 30 + 15 into 5 + 3 submits
    expect(engines[0].submits).toBe(45 + 2);
    expect(engines[1].submits).toBe(8 + 2);
    const paced = engines[2].stepsPerSubmit;
    expect(paced).toBeGreaterThanOrEqual(1);
    expect(paced).toBeLessThanOrEqual(256);
    expect(results[0].late[0].t).toBe(45);
    expect(results[0].late[0].loss).toBeLessThan(results[0].early[0].loss);
    for (const other of results.slice(1)) {
      expect(other.early).toEqual(results[0].early);
      expect(other.late).toEqual(results[0].late);
      other.W.forEach((W, r) => expect(Array.from(W)).toEqual(Array.from(results[0].W[r])));
    }
    for (const engine of engines) engine.dispose();
  });
});
