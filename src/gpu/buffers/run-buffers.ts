// The GPU state every execution path shares: the run table's buffers (run parameters, X, labels,
// W as high and low f32 parts, per-run state and metrics) and the checkpoint reduction over them.
// Fused and tiled paths differ only in how they record steps.
import { d, type TgpuRoot } from 'typegpu';
import { metricsLayout, metricsPipeline, metricsWorkgroups } from '../kernels/metrics.ts';
import type { RunTable } from './run-table.ts';
import { RunMetricsArray, RunParams, RunProgressArray } from './schemas.ts';
import type { CopySource } from '../paths/staging-ring.ts';

export class RunBuffers {
  readonly runs;
  readonly X;
  readonly labels;
  readonly Whi;
  readonly Wlo;
  /** optimizer state (optim.wgsl), per run at RunParams.optOffset; read back at checkpoints so that a resumed run continues it */
  readonly opt;
  readonly state;
  readonly metrics;
  readonly #root: TgpuRoot;
  readonly #count: number;
  readonly #wBytes: number;
  readonly #optBytes: number;
  readonly #owned: { destroy(): void }[] = [];
  readonly #metricsPipeline: GPUComputePipeline;
  readonly #metricsBindGroup: GPUBindGroup;

  /** workgroups per grid dimension (the device's maxComputeWorkgroupsPerDimension unless a test lowers it) */
  readonly gridLimit: number;

  /** Uploads the table; every run's counter starts at t0. */
  constructor(root: TgpuRoot, table: RunTable, count: number, t0: number, gridLimit?: number) {
    this.#root = root;
    this.#count = count;
    this.gridLimit = gridLimit ?? root.device.limits.maxComputeWorkgroupsPerDimension;
    const f32 = (values: Float32Array) => {
      const buffer = this.track(root.createBuffer(d.arrayOf(d.f32, Math.max(values.length, 1))).$usage('storage'));
      buffer.write(values);
      return buffer;
    };
    this.runs = this.track(root.createBuffer(d.arrayOf(RunParams, count)).$usage('storage'));
    this.runs.write([...table.params]);
    this.X = f32(table.X);
    this.labels = this.track(root.createBuffer(d.arrayOf(d.u32, table.labels.length)).$usage('storage'));
    this.labels.write(table.labels);
    this.Whi = f32(table.Whi);
    this.Wlo = f32(table.Wlo);
    this.opt = f32(table.opt);
    this.#optBytes = table.opt.byteLength;
    this.#wBytes = table.Whi.byteLength;
    this.state = this.track(root.createBuffer(RunProgressArray(count)).$usage('storage'));
    this.state.write(Array.from({ length: count }, () => ({ t: t0, diverged: 0 })));
    this.metrics = this.track(root.createBuffer(RunMetricsArray(count)).$usage('storage'));
    this.#metricsPipeline = metricsPipeline(root);
    this.#metricsBindGroup = root.unwrap(
      root.createBindGroup(metricsLayout, {
        runs: this.runs,
        X: this.X,
        labels: this.labels,
        W_hi: this.Whi,
        W_lo: this.Wlo,
        metrics: this.metrics,
      }),
    );
  }

  /** Destroyed with the rest by dispose(). */
  track<T extends { destroy(): void }>(buffer: T): T {
    this.#owned.push(buffer);
    return buffer;
  }

  /** Records the metrics reduction; returns the buffers a checkpoint reads back. */
  encodeCheckpoint(encoder: GPUCommandEncoder): {
    Whi: CopySource;
    Wlo: CopySource;
    metrics: CopySource;
    state: CopySource;
    opt: CopySource;
  } {
    const pass = encoder.beginComputePass({ label: 'metrics' });
    pass.setPipeline(this.#metricsPipeline);
    pass.setBindGroup(0, this.#metricsBindGroup);
    pass.dispatchWorkgroups(...metricsWorkgroups(this.#count, this.gridLimit));
    pass.end();
    const root = this.#root;
    return {
      Whi: { buffer: root.unwrap(this.Whi), bytes: this.#wBytes },
      Wlo: { buffer: root.unwrap(this.Wlo), bytes: this.#wBytes },
      metrics: { buffer: root.unwrap(this.metrics), bytes: d.sizeOf(RunMetricsArray(this.#count)) },
      state: { buffer: root.unwrap(this.state), bytes: d.sizeOf(RunProgressArray(this.#count)) },
      opt: { buffer: root.unwrap(this.opt), bytes: this.#optBytes },
    };
  }

  /** Sets a run's diverged word: the step kernels then leave its W and t alone, as for a divergence they detect. */
  halt(run: number): void {
    this.state.writePartial([{ idx: run, value: { diverged: 1 } }]);
  }

  dispose(): void {
    for (const b of this.#owned) b.destroy();
  }
}
