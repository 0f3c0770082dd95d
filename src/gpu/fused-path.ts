// The fused path: all runs in one dispatch, one workgroup each, up to FUSED_STEPS_PER_DISPATCH
// steps looped inside the shader, so the per-dispatch cost is paid once per thousand steps.
import { d, type TgpuRoot } from 'typegpu';
import type { RunSpec } from '../core/types.ts';
import { fusedGdLayout, fusedGdPipeline, fusedGdWorkgroups, fusedIterationsPerStep, fusedWorkgroupSize } from './kernels/fused-gd.ts';
import { METRICS_FLOATS, metricsLayout, metricsPipeline, metricsWorkgroups } from './kernels/metrics.ts';
import { FUSED_STEPS_PER_DISPATCH, SOFTWARE_LOOP_BUDGET, STEPS_PER_SUBMIT } from './params.ts';
import type { GpuPath } from './path.ts';
import type { RunTable } from './run-table.ts';
import { Chunk, RunParams, RunState, RUN_STATE_WORDS } from './schemas.ts';

export class FusedPath implements GpuPath {
  readonly name = 'fused';
  /** fixed: one dispatch already holds up to FUSED_STEPS_PER_DISPATCH steps, so there is nothing to pace */
  readonly submitRange = { initial: STEPS_PER_SUBMIT, min: STEPS_PER_SUBMIT, max: STEPS_PER_SUBMIT };
  readonly dispatchesPerStep: number;
  /** steps per dispatch: FUSED_STEPS_PER_DISPATCH, or fewer where the adapter caps shader loops */
  readonly #stepsPerDispatch: number;
  readonly #root: TgpuRoot;
  readonly #runs: number;
  readonly #pipeline: GPUComputePipeline;
  readonly #metricsPipeline: GPUComputePipeline;
  readonly #metricsBindGroup: GPUBindGroup;
  readonly #buffers: { destroy(): void }[] = [];
  readonly #chunks = new Map<number, GPUBindGroup>();
  readonly #whi;
  readonly #wlo;
  readonly #state;
  readonly #metrics;
  readonly #shared;
  readonly #wBytes: number;

  /** `loopCapped`: the adapter ends long shader loops early (Mesa llvmpipe), so dispatches stay short */
  constructor(root: TgpuRoot, runs: readonly RunSpec[], table: RunTable, t0: number, loopCapped: boolean) {
    this.#root = root;
    const workgroupSize = Math.max(...runs.map((r) => fusedWorkgroupSize(r.problem.train.n, r.problem.train.d, r.problem.train.k)));
    const perStep = Math.max(...runs.map((r) => fusedIterationsPerStep(r.problem.train.n, r.problem.train.d, r.problem.train.k, workgroupSize)));
    this.#stepsPerDispatch = loopCapped
      ? Math.max(1, Math.min(FUSED_STEPS_PER_DISPATCH, Math.floor(SOFTWARE_LOOP_BUDGET / perStep)))
      : FUSED_STEPS_PER_DISPATCH;
    this.dispatchesPerStep = 1 / this.#stepsPerDispatch;
    this.#runs = runs.length;
    const track = <T extends { destroy(): void }>(b: T): T => (this.#buffers.push(b), b);
    const runsBuffer = track(root.createBuffer(d.arrayOf(RunParams, runs.length)).$usage('storage'));
    runsBuffer.write(table.params);
    const X = track(root.createBuffer(d.arrayOf(d.f32, table.X.length)).$usage('storage'));
    X.write(table.X);
    const labels = track(root.createBuffer(d.arrayOf(d.u32, table.labels.length)).$usage('storage'));
    labels.write(table.labels);
    this.#whi = track(root.createBuffer(d.arrayOf(d.f32, table.Whi.length)).$usage('storage'));
    this.#whi.write(table.Whi);
    this.#wlo = track(root.createBuffer(d.arrayOf(d.f32, table.Wlo.length)).$usage('storage'));
    this.#wlo.write(table.Wlo);
    this.#wBytes = table.Whi.byteLength;
    this.#state = track(root.createBuffer(d.arrayOf(RunState, runs.length)).$usage('storage'));
    const state = new Uint32Array(runs.length * RUN_STATE_WORDS);
    for (let r = 0; r < runs.length; r++) state[r * RUN_STATE_WORDS] = t0;
    this.#state.write(state.buffer);
    this.#metrics = track(root.createBuffer(d.arrayOf(d.vec4f, runs.length)).$usage('storage'));
    this.#shared = { runs: runsBuffer, X, labels, W_hi: this.#whi, W_lo: this.#wlo, state: this.#state };
    this.#pipeline = fusedGdPipeline(root, workgroupSize);
    this.#metricsPipeline = metricsPipeline(root);
    this.#metricsBindGroup = root.unwrap(root.createBindGroup(metricsLayout, {
      runs: runsBuffer, X, labels, W_hi: this.#whi, W_lo: this.#wlo, metrics: this.#metrics,
    }));
  }

  /** A bind group whose chunk uniform says `steps`; one per distinct chunk length, made once. */
  #bindGroupFor(steps: number): GPUBindGroup {
    let group = this.#chunks.get(steps);
    if (!group) {
      const chunk = this.#root.createBuffer(Chunk, { steps, one: 1 }).$usage('uniform');
      this.#buffers.push(chunk);
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
      pass.dispatchWorkgroups(fusedGdWorkgroups(this.#runs));
    }
    pass.end();
  }

  encodeCheckpoint(encoder: GPUCommandEncoder) {
    const pass = encoder.beginComputePass({ label: 'metrics' });
    pass.setPipeline(this.#metricsPipeline);
    pass.setBindGroup(0, this.#metricsBindGroup);
    pass.dispatchWorkgroups(metricsWorkgroups(this.#runs));
    pass.end();
    const root = this.#root;
    return {
      Whi: { buffer: root.unwrap(this.#whi), bytes: this.#wBytes },
      Wlo: { buffer: root.unwrap(this.#wlo), bytes: this.#wBytes },
      metrics: { buffer: root.unwrap(this.#metrics), bytes: this.#runs * METRICS_FLOATS * 4 },
      state: { buffer: root.unwrap(this.#state), bytes: this.#runs * RUN_STATE_WORDS * 4 },
    };
  }

  dispose(): void {
    for (const b of this.#buffers) b.destroy();
  }
}
