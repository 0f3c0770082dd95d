// The fused path: all runs in one dispatch, one workgroup each, up to FUSED_STEPS_PER_DISPATCH
// steps looped inside the shader, so the per-dispatch cost is paid once per thousand steps.
import type { TgpuRoot } from 'typegpu';
import type { RunSpec } from '../../core/types.ts';
import {
  fusedGdLayout,
  fusedGdPipeline,
  fusedGdWorkgroups,
  fusedIterationsPerStep,
  fusedWorkgroupSize,
} from '../kernels/fused-gd.ts';
import { FUSED_STEPS_PER_DISPATCH, SOFTWARE_LOOP_BUDGET, STEPS_PER_SUBMIT } from '../buffers/run-params.ts';
import { BufferedPath } from './buffered-path.ts';
import { RunBuffers } from '../buffers/run-buffers.ts';
import type { RunTable } from '../buffers/run-table.ts';
import { Chunk } from '../buffers/schemas.ts';

export class FusedPath extends BufferedPath {
  readonly name = 'fused';
  /** fixed: one dispatch already holds up to FUSED_STEPS_PER_DISPATCH steps, so there is nothing to pace */
  readonly submitRange = { initial: STEPS_PER_SUBMIT, min: STEPS_PER_SUBMIT, max: STEPS_PER_SUBMIT };
  readonly dispatchesPerStep: number;
  /** steps per dispatch: FUSED_STEPS_PER_DISPATCH, or fewer where the adapter caps shader loops */
  readonly #stepsPerDispatch: number;
  readonly #root: TgpuRoot;
  readonly #runs: number;
  readonly #pipeline: GPUComputePipeline;
  readonly #chunks = new Map<number, GPUBindGroup>();
  readonly #shared;

  /** `loopCapped`: the adapter ends long shader loops early (Mesa llvmpipe), so dispatches stay short */
  constructor(
    root: TgpuRoot,
    runs: readonly RunSpec[],
    table: RunTable,
    t0: number,
    loopCapped: boolean,
    gridLimit?: number,
  ) {
    super(new RunBuffers(root, table, runs.length, t0, gridLimit));
    this.#root = root;
    const workgroupSize = Math.max(
      ...runs.map((r) => fusedWorkgroupSize(r.problem.train.n, r.problem.train.d, r.problem.train.k)),
    );
    const perStep = Math.max(
      ...runs.map((r) =>
        fusedIterationsPerStep(
          r.problem.train.n,
          r.problem.train.d,
          r.problem.train.k,
          workgroupSize,
          r.optimizer,
          r.optim?.ns ?? 0,
        ),
      ),
    );
    this.#stepsPerDispatch = loopCapped
      ? Math.max(1, Math.min(FUSED_STEPS_PER_DISPATCH, Math.floor(SOFTWARE_LOOP_BUDGET / perStep)))
      : FUSED_STEPS_PER_DISPATCH;
    this.dispatchesPerStep = 1 / this.#stepsPerDispatch;
    this.#runs = runs.length;
    const b = this.buffers;
    this.#shared = { runs: b.runs, X: b.X, labels: b.labels, W_hi: b.Whi, W_lo: b.Wlo, state: b.state, opt: b.opt };
    this.#pipeline = fusedGdPipeline(root, workgroupSize);
  }

  /** A bind group whose chunk uniform says `steps`; one per distinct chunk length, made once. */
  #bindGroupFor(steps: number): GPUBindGroup {
    let group = this.#chunks.get(steps);
    if (!group) {
      const chunk = this.#root.createBuffer(Chunk, { steps, one: 1 }).$usage('uniform');
      this.buffers.track(chunk);
      group = this.#root.unwrap(this.#root.createBindGroup(fusedGdLayout, { chunk, ...this.#shared }));
      this.#chunks.set(steps, group);
    }
    return group;
  }

  encodeSteps(encoder: GPUCommandEncoder, steps: number): void {
    const pass = encoder.beginComputePass({ label: 'fused gd' });
    pass.setPipeline(this.#pipeline);
    for (let done = 0; done < steps; done += this.#stepsPerDispatch) {
      pass.setBindGroup(0, this.#bindGroupFor(Math.min(this.#stepsPerDispatch, steps - done)));
      pass.dispatchWorkgroups(...fusedGdWorkgroups(this.#runs, this.buffers.gridLimit));
    }
    pass.end();
  }
}
