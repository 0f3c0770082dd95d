// The data layouts shared by the TypeScript side and the WGSL (through tgpu.resolve externals),
// and the named constants the shaders use. One source of truth for every struct and size.
import { tgpu, d } from 'typegpu';
import type { Infer } from 'typegpu/data';
import { LOSS_NAMES, OPTIMIZER_NAMES, SCHEDULE_NAMES, type LossName, type OptimizerName, type ScheduleName } from '../core/types.ts';
import * as P from './params.ts';
import { NS_COEFFICIENTS } from '../core/optimizers.ts';

/** One run's problem offsets, sizes and settings, as the kernels read them. */
export const RunParams = d
  .struct({
    n: d.u32, dim: d.u32, classes: d.u32, xOffset: d.u32, yOffset: d.u32, wOffset: d.u32,
    loss: d.u32, optimizer: d.u32, schedule: d.u32, lr: d.f32, power: d.f32, compensated: d.u32,
    /** the run's index (its RunProgress) */
    index: d.u32,
    /** 1.0 as run-time data, see compensated_add in perm-loss.wgsl */
    one: d.f32,
    /** optimizer parameters (optim.wgsl): momentum / Adam β₁, Adam β₂ and ε */
    beta: d.f32, beta2: d.f32, eps: d.f32,
    /** start of this run's optimizer state in the opt buffer: [log scale of M, log scale of v, M (d·K), v (d·K)] */
    optOffset: d.u32,
    /** Muon: 0 = exact U Vᵀ, n > 0 = n Newton–Schulz iterations (spectral.wgsl) */
    ns: d.u32,
  })
  .$name('RunParams');
export type RunParams = Infer<typeof RunParams>;

/** Per run: updates applied (drives the step-size schedule) and whether the run diverged (0 or 1). */
export const RunProgress = d.struct({ t: d.u32, diverged: d.u32 }).$name('RunProgress');
export type RunProgress = Infer<typeof RunProgress>;
export const RunProgressArray = (runs: number) => d.arrayOf(RunProgress, runs);

/** Per run, what the checkpoint reduction (metrics.wgsl) finds: mean loss, smallest margin, rows classified right. */
export const RunMetrics = d.struct({ loss: d.f32, minMargin: d.f32, correct: d.u32 }).$name('RunMetrics');
export type RunMetrics = Infer<typeof RunMetrics>;
export const RunMetricsArray = (runs: number) => d.arrayOf(RunMetrics, runs);

/** f32 words of the tiled path's step buffer: the factor, the optimizer coefficients (OptimStep in optim.wgsl) and a live flag. */
export const OPTIM_STEP_WORDS = 12;

/** Steps applied by one fused dispatch, and the number 1 as run-time data (see compensated_add in perm-loss.wgsl). */
export const Chunk = d.struct({ steps: d.u32, one: d.f32 }).$name('Chunk');

export const lossCode = (loss: LossName): number => LOSS_NAMES.indexOf(loss);
export const optimizerCode = (optimizer: OptimizerName): number => OPTIMIZER_NAMES.indexOf(optimizer);
export const scheduleCode = (schedule: ScheduleName): number => SCHEDULE_NAMES.indexOf(schedule);

const u32Const = (name: string, value: number) => tgpu.const(d.u32, value).$name(name);

/** Constants every kernel may use: loss, optimizer and schedule codes, and shared sizes. */
export const sharedExternals = {
  RunParams, RunProgress, RunMetrics, Chunk,
  LOSS_PAIRLOG: u32Const('LOSS_PAIRLOG', lossCode('pairlog')),
  LOSS_CE: u32Const('LOSS_CE', lossCode('ce')),
  LOSS_EXP: u32Const('LOSS_EXP', lossCode('exp')),
  LOSS_HINGE: u32Const('LOSS_HINGE', lossCode('hinge')),
  LOSS_SQUARED: u32Const('LOSS_SQUARED', lossCode('squared')),
  LOSS_POLY: u32Const('LOSS_POLY', lossCode('poly')),
  OPTIMIZER_NGD: u32Const('OPTIMIZER_NGD', optimizerCode('ngd')),
  OPTIMIZER_SIGN: u32Const('OPTIMIZER_SIGN', optimizerCode('sign')),
  OPTIMIZER_SIGNUM: u32Const('OPTIMIZER_SIGNUM', optimizerCode('signum')),
  OPTIMIZER_MOMENTUM: u32Const('OPTIMIZER_MOMENTUM', optimizerCode('momentum')),
  OPTIMIZER_ADAM: u32Const('OPTIMIZER_ADAM', optimizerCode('adam')),
  OPTIMIZER_SPECTRAL: u32Const('OPTIMIZER_SPECTRAL', optimizerCode('spectral')),
  OPTIMIZER_NUCLEAR: u32Const('OPTIMIZER_NUCLEAR', optimizerCode('nuclear')),
  OPTIMIZER_MUON: u32Const('OPTIMIZER_MUON', optimizerCode('muon')),
  // Muon's Newton–Schulz quintic coefficients, the float64 side's NS_COEFFICIENTS
  NS_A: tgpu.const(d.f32, NS_COEFFICIENTS[0]).$name('NS_A'),
  NS_B: tgpu.const(d.f32, NS_COEFFICIENTS[1]).$name('NS_B'),
  NS_C: tgpu.const(d.f32, NS_COEFFICIENTS[2]).$name('NS_C'),
  SCHEDULE_SQRT: u32Const('SCHEDULE_SQRT', scheduleCode('sqrt')),
  POLAR_SWEEPS: u32Const('POLAR_SWEEPS', P.POLAR_SWEEPS),
  MAX_CLASSES_PER_ROW: u32Const('MAX_CLASSES_PER_ROW', P.MAX_CLASSES_PER_ROW),
  TILE: u32Const('TILE', P.TILE),
  TILE_AREA: u32Const('TILE_AREA', P.TILE * P.TILE),
  SPLIT_K_PARTS: u32Const('SPLIT_K_PARTS', P.SPLIT_K_PARTS),
  LINEAR_WORKGROUP_SIZE: u32Const('LINEAR_WORKGROUP_SIZE', P.LINEAR_WORKGROUP_SIZE),
};

export { u32Const };
