import { afterAll, beforeAll, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/cpu-engine.ts';
import type { RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { centredProblem, paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => { handle = await acquireNodeGpu(); });
afterAll(() => handle?.device.destroy());

it('smoke', async () => {
  const p3 = paperProblem(30, 4, 3, 2);
  const p10 = centredProblem(20, 6, 10, 1);
  const o = (ns = 0) => ({ beta: 0.9, beta2: 0.999, eps: 1e-8, ns });
  const runs: RunSpec[] = [
    { ...runSpec(p3, 'ce', 'spectral', 0.05, { schedule: 'sqrt', seed: 1 }), optim: o() },
    { ...runSpec(p3, 'ce', 'nuclear', 0.05, { schedule: 'sqrt', seed: 1 }), optim: o() },
    { ...runSpec(p3, 'ce', 'muon', 0.05, { schedule: 'sqrt', seed: 1 }), optim: o() },
    { ...runSpec(p3, 'ce', 'muon', 0.05, { schedule: 'sqrt', seed: 1 }), optim: o(5) },
  ];
  const runs10: RunSpec[] = [
    { ...runSpec(p10, 'ce', 'spectral', 0.05, { schedule: 'sqrt', seed: 1 }), optim: o() },
    { ...runSpec(p10, 'ce', 'muon', 0.05, { schedule: 'sqrt', seed: 1 }), optim: o(5) },
  ];
  for (const path of ['fused', 'tiled'] as const) for (const set of [runs, runs10]) {
    const gpu = new GpuEngine(handle, { path });
    const cpu = new CpuEngine();
    await gpu.load(set); await cpu.load(set);
    for (const steps of [1, 99, 900]) {
      const t0 = performance.now();
      await gpu.advance(steps); await cpu.advance(steps);
      const g = await gpu.checkpoint(); const c = await cpu.checkpoint();
      const ms = performance.now() - t0;
      for (let r = 0; r < set.length; r++) {
        const a = await gpu.weights(r); const b = await cpu.weights(r);
        const scale = Math.max(...b.map(Math.abs));
        const rel = Math.max(...a.map((x, q) => Math.abs(x - b[q]) / scale));
        console.log(path, set[r].problem.train.k, set[r].optimizer, set[r].optim?.ns, 't', gpu.t, 'rel', rel.toExponential(2), 'dist', Math.abs(g[r].distance - c[r].distance).toExponential(2), g[r].status, Math.round(ms));
      }
    }
    gpu.dispose();
  }
  expect(1).toBe(1);
});
