// The load checks every engine shares (src/core/engine/engine-contract.ts).
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { startingWeights } from '../../../src/core/engine/engine-contract.ts';
import { LabError, type RunSpec } from '../../../src/core/types.ts';
import { centredStart, trianglePoints } from '../helpers/hand-problems.ts';
import { errorOf } from '../helpers/lab-error.ts';

const problem = trianglePoints();
const run: RunSpec = {
  label: 'pairlog gd',
  problem,
  loss: 'pairlog',
  optimizer: 'gd',
  schedule: 'const',
  lr: 0.5,
  seed: 0,
  W0: centredStart(2, 3),
};

describe('startingWeights', () => {
  it('starts from W(0), or from the resume state', () => {
    expect(startingWeights([run])).toEqual([run.W0]);
    const W = new Float64Array(6).fill(0.25);
    expect(startingWeights([run], { t: 7, W: [W] })).toEqual([W]);
  });

  it('names the field and the sizes when the weights do not fit', () => {
    const wrongCount = errorOf(() => startingWeights([run, run], { t: 1, W: [run.W0] }));
    expect([wrongCount.field, wrongCount.message]).toEqual(['resume', 'resume state has 1 weight matrices for 2 runs']);
    const wrongSize = errorOf(() => startingWeights([{ ...run, W0: new Float64Array(5) }]));
    expect([wrongSize.field, wrongSize.message]).toEqual([
      'W0',
      'run "pairlog gd": W(0) has 5 entries, expected d×K = 2×3',
    ]);
  });

  it('is what the CPU engine checks on load', async () => {
    const error = await new CpuEngine().load([{ ...run, W0: new Float64Array(5) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).field).toBe('W0');
  });
});
