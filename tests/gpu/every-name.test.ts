// Every name of every table (each loss × each optimizer × each step-size schedule) on both engines: the
// GPU engine (Dawn) on both of its paths against the float64 CPU engine, on a tiny problem for a few
// steps; and every WGSL switch over loss or optimizer codes has a case per name and a NaN default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOSS_NAMES, OPTIMIZER_NAMES, SCHEDULE_NAMES, type RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { shaderSource } from '../../src/gpu/shader-source.ts';
import { maxRelDiff, paperProblem, runSpec, stepBeside } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

const problem = paperProblem(20, 3, 3, 1);
const runs: RunSpec[] = LOSS_NAMES.flatMap((loss) =>
  OPTIMIZER_NAMES.flatMap((optimizer) =>
    SCHEDULE_NAMES.map((schedule, s) =>
      runSpec(problem, loss, optimizer, 0.05, { schedule, seed: s + 1, init: 'zero' }),
    ),
  ),
);

describe('every loss × optimizer × schedule on both engines', () => {
  it('covers the whole product', () => {
    expect(runs.length).toBe(LOSS_NAMES.length * OPTIMIZER_NAMES.length * SCHEDULE_NAMES.length);
  });
  for (const path of ['fused', 'tiled'] as const) {
    it(`the GPU ${path} path agrees with float64 after 2 and 8 steps, no run diverging`, async () => {
      const { gpu, cpu } = await stepBeside(handle, runs, { path }, [2, 6], async (gpu, cpu, r) => {
        const what = `${runs[r].loss} ${runs[r].optimizer} ${runs[r].schedule} t=${gpu.t}`;
        const [a, b] = [await gpu.weights(r), await cpu.weights(r)];
        expect(a.every(Number.isFinite), what).toBe(true);
        // f32 against float64 over a few steps from W(0) = 0 (where even the exponential loss is tame); a wrong
        // or missing rule moves W by O(η)
        expect(maxRelDiff(a, b), what).toBeLessThan(1e-4);
      });
      const [gpuPoints, cpuPoints] = [await gpu.checkpoint(), await cpu.checkpoint()];
      expect(gpuPoints.length).toBe(runs.length);
      gpuPoints.forEach((point, r) => {
        const what = `${runs[r].loss} ${runs[r].optimizer} ${runs[r].schedule}`;
        expect(point.t, what).toBe(8);
        expect(point.status, what).toBe('running');
        expect(cpuPoints[r].status, what).toBe('running');
        expect(Math.abs(point.loss - cpuPoints[r].loss) / cpuPoints[r].loss, `${what} loss`).toBeLessThan(1e-4);
      });
      gpu.dispose();
    });
  }
});

/** The body of each `switch <subject> { … }` in a WGSL text. */
function switches(wgsl: string, subject: string): string[] {
  const bodies: string[] = [];
  for (let at = wgsl.indexOf(`switch ${subject} {`); at >= 0; at = wgsl.indexOf(`switch ${subject} {`, at + 1)) {
    let depth = 0;
    let end = at;
    for (let q = wgsl.indexOf('{', at); q < wgsl.length; q++) {
      if (wgsl[q] === '{') depth++;
      if (wgsl[q] === '}' && --depth === 0) {
        end = q;
        break;
      }
    }
    bodies.push(wgsl.slice(at, end + 1));
  }
  return bodies;
}

describe('no silent fallthrough in the WGSL', () => {
  const cases = [
    { file: 'perm-loss.wgsl', subject: 'loss', prefix: 'LOSS', names: LOSS_NAMES, nan: 'loss_nan(' },
    { file: 'optim.wgsl', subject: 'optimizer', prefix: 'OPTIMIZER', names: OPTIMIZER_NAMES, nan: 'optim_nan(' },
    { file: 'optim.wgsl', subject: 'schedule', prefix: 'SCHEDULE', names: SCHEDULE_NAMES, nan: 'optim_nan(' },
  ];
  for (const { file, subject, prefix, names, nan } of cases) {
    it(`every switch over ${subject} codes in ${file} has a case per name and a default yielding NaN`, () => {
      const bodies = switches(shaderSource(file), subject);
      expect(bodies.length).toBeGreaterThan(0);
      for (const body of bodies) {
        const listed = [...body.matchAll(/case ([^:]+):/g)].flatMap((m) => m[1].split(',').map((c) => c.trim()));
        expect(new Set(listed)).toEqual(new Set(names.map((n) => `${prefix}_${n.toUpperCase()}`)));
        expect(listed.length, 'each code once').toBe(names.length);
        expect(body.slice(body.indexOf('default:'))).toContain(nan);
      }
    });
  }
});
