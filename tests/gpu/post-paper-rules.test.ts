// The rules after the paper (issue 17) on the GPU engine against the float64 CPU engine, on both paths:
// ρ_p in every norm and the distance to Ŵ within 1e-4 at t = 10³, and W step by step early on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { marginRatios } from '../../src/core/max-margin/matrix-norms.ts';
import { withNormReferences } from '../../src/core/max-margin/max-margin-solver.ts';
import { NORM_NAMES, type RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { maxRelDiff, paperProblem, runSpec, stepBeside } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

const optim = (beta: number, wd = 0) => ({ beta, beta2: 0.999, eps: 1e-8, ns: 0, wd });
const problem = paperProblem(24, 4, 3, 2);
const nesterovRuns = (): RunSpec[] => [
  { ...runSpec(problem, 'ce', 'nesterov', 1, { schedule: 'sqrt', seed: 1 }), optim: optim(0.9) },
  { ...runSpec(problem, 'pairlog', 'nesterov', 1, { seed: 2 }), optim: optim(0.5) },
  { ...runSpec(problem, 'exp', 'nesterov', 0.05, { seed: 3 }), optim: optim(0.5) },
];

// decoupled weight decay W ← (1 − η_t λ) W, then the step: GD, AdamW and Nesterov
const decayRuns = (): RunSpec[] => [
  { ...runSpec(problem, 'ce', 'gd', 0.5, { seed: 4 }), optim: optim(0.9, 1e-3) },
  { ...runSpec(problem, 'pairlog', 'adam', 0.02, { seed: 5 }), optim: optim(0.9, 1e-2) },
  { ...runSpec(problem, 'ce', 'nesterov', 0.5, { seed: 6 }), optim: optim(0.5, 1e-3) },
];
/**
 * max |ΔW|/max |W| allowed step by step: 1e-5; Adam's m̂/(√v̂ + ε) is g/(|g| + ε)-like where Xᵀ·G cancels an
 * entry to near zero, where f32 rounding moves it (measured 1.7e-5 at t = 30 with and without decay,
 * as in optimizers.test.ts)
 */
const STEP_GAP: Partial<Record<string, number>> = { adam: 5e-5 };
const label = (run: RunSpec) => `${run.optimizer} ${run.loss} λ=${run.optim?.wd ?? 0}`;

async function expectAgreement(path: 'fused' | 'tiled', runs: RunSpec[], steps: number): Promise<void> {
  const gamma = runs[0].problem.norms?.gamma;
  const gpu = new GpuEngine(handle, { path });
  const cpu = new CpuEngine();
  await gpu.load(runs);
  await cpu.load(runs);
  await gpu.advance(steps);
  await cpu.advance(steps);
  expect(gpu.pathName).toBe(path);
  const [got, want] = [await gpu.checkpoint(), await cpu.checkpoint()];
  for (let r = 0; r < runs.length; r++) {
    const what = `${label(runs[r])} (${path}, t=${steps})`;
    expect(got[r].status, what).toBe('running');
    const train = runs[r].problem.train;
    const [rhoGpu, rhoCpu] = [
      marginRatios(await gpu.weights(r), train, gamma),
      marginRatios(await cpu.weights(r), train, gamma),
    ];
    const rhoGap = Math.max(...NORM_NAMES.map((p) => Math.abs(rhoGpu[p]! - rhoCpu[p]!)));
    const distanceGap = Math.abs(got[r].distance - want[r].distance);
    console.log(`${what}: max |Δρ_p| ${rhoGap.toExponential(2)}, |Δdistance| ${distanceGap.toExponential(2)}`);
    // the run has turned toward Ŵ (ρ_fro > 0), so the comparison is not of a run still at its start
    expect(rhoCpu.fro!, what).toBeGreaterThan(0);
    expect(rhoGap, what).toBeLessThan(1e-4);
    expect(distanceGap, what).toBeLessThan(1e-4);
  }
  gpu.dispose();
}

for (const [rule, runs] of [
  ['Nesterov momentum (V ← βV + G, W ← W − η(G + βV))', nesterovRuns],
  ['decoupled weight decay (GD, AdamW, Nesterov)', decayRuns],
] as const) {
  describe(`${rule} on the GPU`, () => {
    for (const path of ['fused', 'tiled'] as const) {
      it(`W follows float64 step by step on the ${path} path (t = 1, 30, 300)`, async () => {
        const specs = runs();
        const { gpu } = await stepBeside(handle, specs, { path }, [1, 29, 270], async (gpu, cpu, r) => {
          const gap = maxRelDiff(await gpu.weights(r), await cpu.weights(r));
          console.log(`${label(specs[r])} (${path}) t=${gpu.t}: max |ΔW|/max |W| ${gap.toExponential(2)}`);
          expect(gap, `${label(specs[r])} t=${gpu.t}`).toBeLessThan(STEP_GAP[specs[r].optimizer] ?? 1e-5);
        });
        gpu.dispose();
      });
      it(`ρ_p in every norm and the distance within 1e-4 of float64 at t = 10³ (${path} path)`, async () => {
        await expectAgreement(path, await withNormReferences(runs()), 1_000);
      });
    }
  });
}
