// The tiled path for problems too large for one workgroup: per step and run, five dispatches
// (scores, PERM gradient, split-K Xᵀ·G, combine and decide, update), six for the spectral family
// (the direction U Vᵀ, u₁v₁ᵀ or Newton–Schulz between deciding and updating), as many steps per command
// buffer as the engine's pacer asks for (a few milliseconds of work). Intermediate buffers are
// sized for the largest run and shared by all runs, which is safe because dispatches in one pass
// run in order.
import { d, type TgpuRoot } from 'typegpu';
import type { RunSpec } from '../../core/types.ts';
import { usesSpectralStage } from '../../core/training/optimizers.ts';
import {
  gradNormLayout,
  permGradLayout,
  polarLayout,
  scoresLayout,
  tiledPipeline,
  tiledWorkgroups,
  updateLayout,
  xtGLayout,
  type TiledKernel,
} from '../kernels/tiled.ts';
import {
  MAX_TILED_STEPS_PER_SUBMIT,
  MIN_TILED_STEPS_PER_SUBMIT,
  SPLIT_K_PARTS,
  TILED_STEPS_PER_SUBMIT,
} from '../buffers/run-params.ts';
import { BufferedPath } from './buffered-path.ts';
import { RunBuffers } from '../buffers/run-buffers.ts';
import type { RunTable } from '../buffers/run-table.ts';
import { OptimStep, RunParams } from '../buffers/schemas.ts';

const KERNEL_ORDER: TiledKernel[] = ['scores', 'permGrad', 'xtG', 'gradNorm', 'polar', 'update'];

/** f32 words of spectral.wgsl's scratch for one run: the rotations' B, Z and weights, or Newton–Schulz's two K×K products and next X. */
export function polarScratchWords(dim: number, classes: number): number {
  const m = classes - 1;
  return Math.max(dim * m + m * m + m, 2 * classes * classes + dim * classes);
}

export class TiledPath extends BufferedPath {
  readonly name = 'tiled';
  readonly submitRange = {
    initial: TILED_STEPS_PER_SUBMIT,
    min: MIN_TILED_STEPS_PER_SUBMIT,
    max: MAX_TILED_STEPS_PER_SUBMIT,
  };
  readonly dispatchesPerStep: number;
  readonly #pipelines: Record<TiledKernel, GPUComputePipeline>;
  /** per run: its kernels in KERNEL_ORDER, each with its bind group and workgroup count */
  readonly #perRun: { kernel: TiledKernel; group: GPUBindGroup; size: [number, number, number] }[][];

  constructor(root: TgpuRoot, runs: readonly RunSpec[], table: RunTable, t0: number, gridLimit?: number) {
    super(new RunBuffers(root, table, runs.length, t0, gridLimit));
    const b = this.buffers;
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
    // the step's factor, optimizer coefficients and live flag, written by gradNorm, read by polar and update
    const step = track(root.createBuffer(OptimStep).$usage('storage'));
    const spectral = runs.filter((r) => usesSpectralStage(r.optimizer));
    const scratch = f32(Math.max(0, ...spectral.map((r) => polarScratchWords(r.problem.train.d, r.problem.train.k))));

    // the spectral kernel is compiled only when a run needs it
    const needed = KERNEL_ORDER.filter((kernel) => kernel !== 'polar' || spectral.length > 0);
    this.#pipelines = Object.fromEntries(needed.map((kernel) => [kernel, tiledPipeline(root, kernel)])) as Record<
      TiledKernel,
      GPUComputePipeline
    >;
    this.#perRun = runs.map((spec, r) => {
      const run = track(root.createBuffer(RunParams).$usage('uniform'));
      run.write(table.params[r]);
      // one typed bind group per kernel: the layout checks every buffer's schema and usage
      const group: Record<TiledKernel, () => GPUBindGroup> = {
        scores: () => root.unwrap(root.createBindGroup(scoresLayout, { run, X, W_hi: b.Whi, G })),
        permGrad: () => root.unwrap(root.createBindGroup(permGradLayout, { run, labels, G, rowShift })),
        xtG: () => root.unwrap(root.createBindGroup(xtGLayout, { run, X, G, rowShift, partial, sliceShift })),
        gradNorm: () =>
          root.unwrap(
            root.createBindGroup(gradNormLayout, { run, partial, sliceShift, grad, state: b.state, step, opt: b.opt }),
          ),
        polar: () => root.unwrap(root.createBindGroup(polarLayout, { run, grad, step, opt: b.opt, scratch })),
        update: () =>
          root.unwrap(root.createBindGroup(updateLayout, { run, grad, step, W_hi: b.Whi, W_lo: b.Wlo, opt: b.opt })),
      };
      const sizes = tiledWorkgroups(spec.problem.train.n, spec.problem.train.d, spec.problem.train.k);
      const kernels = KERNEL_ORDER.filter((kernel) => kernel !== 'polar' || usesSpectralStage(spec.optimizer));
      return kernels.map((kernel) => ({
        kernel,
        group: group[kernel](),
        size: sizes[kernel],
      }));
    });
    this.dispatchesPerStep = this.#perRun.reduce((sum, kernels) => sum + kernels.length, 0);
  }

  encodeSteps(encoder: GPUCommandEncoder, steps: number): void {
    const pass = encoder.beginComputePass({ label: 'tiled gd' });
    for (let s = 0; s < steps; s++) {
      for (const kernels of this.#perRun) {
        kernels.forEach(({ kernel, group, size }) => {
          pass.setPipeline(this.#pipelines[kernel]);
          pass.setBindGroup(0, group);
          pass.dispatchWorkgroups(...size);
        });
      }
    }
    pass.end();
  }
}
