// The data layouts shared by the TypeScript side and the WGSL (through tgpu.resolve externals),
// and the named constants the shaders use. One source of truth for every struct and size.
import { tgpu, d } from 'typegpu';
import type { Infer } from 'typegpu/data';
import {
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  SCHEDULE_NAMES,
  type LossName,
  type OptimizerName,
  type ScheduleName,
} from '../../core/types.ts';
import * as P from './run-params.ts';
import { keepsState, NS_COEFFICIENTS, OPTIMIZERS, usesSpectralStage } from '../../core/training/optimizers.ts';

/** One run's problem offsets, sizes and settings, as the kernels read them. */
export const RunParams = d
  .struct({
    n: d.u32,
    dim: d.u32,
    classes: d.u32,
    xOffset: d.u32,
    yOffset: d.u32,
    wOffset: d.u32,
    loss: d.u32,
    optimizer: d.u32,
    schedule: d.u32,
    lr: d.f32,
    power: d.f32,
    compensated: d.u32,
    /** the run's index (its RunProgress) */
    index: d.u32,
    /** 1.0 as run-time data, see compensated_add in perm-loss.wgsl */
    one: d.f32,
    /** optimizer parameters (optim.wgsl): momentum / Adam β₁, Adam β₂ and ε */
    beta: d.f32,
    beta2: d.f32,
    eps: d.f32,
    /** start of this run's optimizer state in the opt buffer: [log scale of M, log scale of v, M (d·K), v (d·K)] */
    optOffset: d.u32,
    /** Muon: 0 = exact U Vᵀ, n > 0 = n Newton–Schulz iterations (spectral.wgsl) */
    ns: d.u32,
    /** decoupled weight decay λ: W ← (1 − η_t λ) W before the optimizer's step (optim.wgsl) */
    wd: d.f32,
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

/**
 * One step's coefficients, the same for every entry of W (optim_step in optim.wgsl decides them): the
 * tiled path's step buffer, written by grad-norm.wgsl and read by polar.wgsl and update.wgsl.
 */
export const OptimStep = d
  .struct({
    /** GD, momentum, Nesterov: η_t·exp(shift)/N; NGD: η_t/‖grad‖ (0 when grad = 0); sign, signum, Adam, spectral family: η_t */
    factor: d.f32,
    /** M ← fa·M + fb·grad (signum, Muon, Adam, Nesterov; M in units of e^{mLog}) */
    fa: d.f32,
    fb: d.f32,
    /** v ← ga·v + gb·grad² (Adam; v in units of e^{vLog}) */
    ga: d.f32,
    gb: d.f32,
    /** Adam: e^{mLog − vLog/2} (Nesterov: η_t·β/(1 − β)·e^{mLog}, the factor on M), ε·e^{−vLog/2}, and the bias corrections 1 − β^{t+1}, 1 − β₂^{t+1} */
    ratio: d.f32,
    epsScaled: d.f32,
    bc1: d.f32,
    bc2: d.f32,
    /** the log scales after this step */
    mLog: d.f32,
    vLog: d.f32,
    /** η_t·λ: the update adds −decay·W to the optimizer's change (decoupled weight decay) */
    decay: d.f32,
    /** 1 when the step moves W, 0 for a frozen (diverged) run */
    live: d.u32,
  })
  .$name('OptimStep');

/** Steps applied by one fused dispatch, and the number 1 as run-time data (see compensated_add in perm-loss.wgsl). */
export const Chunk = d.struct({ steps: d.u32, one: d.f32 }).$name('Chunk');

export const lossCode = (loss: LossName): number => LOSS_NAMES.indexOf(loss);
export const optimizerCode = (optimizer: OptimizerName): number => OPTIMIZER_NAMES.indexOf(optimizer);
export const scheduleCode = (schedule: ScheduleName): number => SCHEDULE_NAMES.indexOf(schedule);

const u32Const = (name: string, value: number) => tgpu.const(d.u32, value).$name(name);

/** One constant per name of a table, `<PREFIX>_<NAME>` = its index (the WGSL `switch` cases). */
function codeConstants(prefix: string, names: readonly string[]): Record<string, ReturnType<typeof u32Const>> {
  return Object.fromEntries(
    names.map((name, code) => {
      const id = `${prefix}_${name.toUpperCase()}`;
      return [id, u32Const(id, code)];
    }),
  );
}

/** A bit per optimizer code (bit c set when optimizer c has the trait), tested by optim_has in optim.wgsl. */
export function optimizerMask(has: (name: OptimizerName) => boolean): number {
  if (OPTIMIZER_NAMES.length > 32) throw new Error('optimizer trait masks are u32: at most 32 optimizers');
  return OPTIMIZER_NAMES.reduce((mask, name, code) => (has(name) ? (mask | (1 << code)) >>> 0 : mask), 0);
}

/** The optimizer traits of the table (src/core/training/optimizers.ts) as u32 masks over the codes. */
export const OPTIMIZER_TRAIT_MASKS = {
  /** the direction comes from spectral.wgsl's stage (U Vᵀ, u₁v₁ᵀ, Newton–Schulz) */
  OPTIM_POLAR_MASK: optimizerMask(usesSpectralStage),
  /** the top singular pair u₁v₁ᵀ rather than the whole polar factor */
  OPTIM_TOP_PAIR_MASK: optimizerMask((o) => OPTIMIZERS[o].direction === 'top-pair'),
  /** keeps a momentum average M (or Adam's first moment) in units of e^{mLog} */
  OPTIM_MOMENT_MASK: optimizerMask((o) => OPTIMIZERS[o].state === 'moment' || OPTIMIZERS[o].state === 'moments'),
  /** keeps per-entry state that optim_entry updates (the spectral stage keeps Muon's M itself) */
  OPTIM_ENTRY_STATE_MASK: optimizerMask((o) => keepsState(o) && !usesSpectralStage(o)),
  /** the step scales with ∇R itself (η_t·exp(shift)/N), not only with its direction */
  OPTIM_PLAIN_SCALE_MASK: optimizerMask((o) => OPTIMIZERS[o].gradient === 'plain'),
};

/** Constants every kernel may use: loss, optimizer and schedule codes, trait masks and shared sizes. */
export const sharedExternals = {
  RunParams,
  RunProgress,
  RunMetrics,
  Chunk,
  OptimStep,
  ...codeConstants('LOSS', LOSS_NAMES),
  ...codeConstants('OPTIMIZER', OPTIMIZER_NAMES),
  ...codeConstants('SCHEDULE', SCHEDULE_NAMES),
  ...Object.fromEntries(Object.entries(OPTIMIZER_TRAIT_MASKS).map(([id, mask]) => [id, u32Const(id, mask)])),
  // Muon's Newton–Schulz quintic coefficients, the float64 side's NS_COEFFICIENTS
  NS_A: tgpu.const(d.f32, NS_COEFFICIENTS[0]).$name('NS_A'),
  NS_B: tgpu.const(d.f32, NS_COEFFICIENTS[1]).$name('NS_B'),
  NS_C: tgpu.const(d.f32, NS_COEFFICIENTS[2]).$name('NS_C'),
  LOG_ZERO: tgpu.const(d.f32, P.LOG_ZERO).$name('LOG_ZERO'),
  POLAR_SWEEPS: u32Const('POLAR_SWEEPS', P.POLAR_SWEEPS),
  MAX_CLASSES_PER_ROW: u32Const('MAX_CLASSES_PER_ROW', P.MAX_CLASSES_PER_ROW),
  TILE: u32Const('TILE', P.TILE),
  TILE_AREA: u32Const('TILE_AREA', P.TILE * P.TILE),
  SPLIT_K_PARTS: u32Const('SPLIT_K_PARTS', P.SPLIT_K_PARTS),
  LINEAR_WORKGROUP_SIZE: u32Const('LINEAR_WORKGROUP_SIZE', P.LINEAR_WORKGROUP_SIZE),
};

export { u32Const };
