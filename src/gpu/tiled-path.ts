// The tiled path for problems too large for one workgroup: per step and run, five dispatches
// (scores, PERM gradient, split-K Xᵀ·G, combine and decide, update), as many steps per command
// buffer as the engine's pacer asks for (a few milliseconds of work). Intermediate buffers are
// sized for the largest run and shared by all runs, which is safe because dispatches in one pass
// run in order.
import { d, type TgpuRoot } from 'typegpu';
import type { RunSpec } from '../core/types.ts';
import { TILED_KERNELS, tiledPipeline, tiledWorkgroups, type TiledKernel } from './kernels/tiled.ts';
import { MAX_TILED_STEPS_PER_SUBMIT, MIN_TILED_STEPS_PER_SUBMIT, SPLIT_K_PARTS, TILED_STEPS_PER_SUBMIT } from './params.ts';
import type { GpuPath } from './path.ts';
import { RunBuffers } from './run-buffers.ts';
import type { RunTable } from './run-table.ts';
import { OPTIM_STEP_WORDS, RunParams } from './schemas.ts';

const KERNEL_ORDER: TiledKernel[] = ['scores', 'permGrad', 'xtG', 'gradNorm', 'update'];

export class TiledPath implements GpuPath {
  readonly name = 'tiled';
  readonly submitRange = { initial: TILED_STEPS_PER_SUBMIT, min: MIN_TILED_STEPS_PER_SUBMIT, max: MAX_TILED_STEPS_PER_SUBMIT };
  readonly dispatchesPerStep: number;
  readonly #buffers: RunBuffers;
  readonly #pipelines: Record<TiledKernel, GPUComputePipeline>;
  /** per run: one bind group and workgroup count per kernel, in KERNEL_ORDER */
  readonly #perRun: { group: GPUBindGroup; size: [number, number, number] }[][];

  constructor(root: TgpuRoot, runs: readonly RunSpec[], table: RunTable, t0: number, gridLimit?: number) {
    const b = (this.#buffers = new RunBuffers(root, table, runs.length, t0, gridLimit));
    const track = <T extends { destroy(): void }>(buffer: T): T => b.track(buffer);
    const f32 = (length: number) => track(root.createBuffer(d.arrayOf(d.f32, Math.max(length, 1))).$usage('storage'));
    const maxOf = (f: (r: RunSpec) => number) => Math.max(...runs.map(f));
    const { X, labels } = b;

    const G = f32(maxOf((r) => r.problem.train.n * r.problem.train.k));
    const rowShift = f32(maxOf((r) => r.problem.train.n));
    const dkMax = maxOf((r) => r.problem.train.d * r.problem.train.k);
    const partial = f32(SPLIT_K_PARTS * dkMax);
    const sliceShift = f32(SPLIT_K_PARTS);
    const grad = f32(dkMax);
    // the step's factor and optimizer coefficients (OptimStep in optim.wgsl), written by gradNorm, read by update
    const step = f32(OPTIM_STEP_WORDS);

    this.#pipelines = Object.fromEntries(KERNEL_ORDER.map((kernel) => [kernel, tiledPipeline(root, kernel)])) as Record<TiledKernel, GPUComputePipeline>;
    this.#perRun = runs.map((spec, r) => {
      const run = track(root.createBuffer(RunParams).$usage('uniform'));
      run.write(table.params[r]);
      const entries: Record<TiledKernel, Record<string, unknown>> = {
        scores: { run, X, W_hi: b.Whi, G },
        permGrad: { run, labels, G, rowShift },
        xtG: { run, X, G, rowShift, partial, sliceShift },
        gradNorm: { run, partial, sliceShift, grad, state: b.state, step, opt: b.opt },
        update: { run, grad, step, W_hi: b.Whi, W_lo: b.Wlo, opt: b.opt },
      };
      const sizes = tiledWorkgroups(spec.problem.train.n, spec.problem.train.d, spec.problem.train.k);
      return KERNEL_ORDER.map((kernel) => ({
        group: root.unwrap(root.createBindGroup(TILED_KERNELS[kernel].layout as never, entries[kernel] as never)),
        size: sizes[kernel],
      }));
    });
    this.dispatchesPerStep = KERNEL_ORDER.length * runs.length;
  }

  encodeSteps(encoder: GPUCommandEncoder, steps: number): void {
    const pass = encoder.beginComputePass({ label: 'tiled gd' });
    for (let s = 0; s < steps; s++) {
      for (const kernels of this.#perRun) {
        kernels.forEach(({ group, size }, q) => {
          pass.setPipeline(this.#pipelines[KERNEL_ORDER[q]]);
          pass.setBindGroup(0, group);
          pass.dispatchWorkgroups(...size);
        });
      }
    }
    pass.end();
  }

  encodeCheckpoint(encoder: GPUCommandEncoder) {
    return this.#buffers.encodeCheckpoint(encoder);
  }

  halt(run: number): void {
    this.#buffers.halt(run);
  }

  dispose(): void {
    this.#buffers.dispose();
  }
}
