// Tuning constants of the WebGPU engine, in one place. Shader-side sizes reach the WGSL through
// tgpu.const externals at resolve time, so the TypeScript and the WGSL cannot disagree.

/**
 * Most threads per workgroup of the fused kernel (one workgroup per run). Smaller problems get
 * fewer (at least FUSED_MIN_WORKGROUP_SIZE, the SIMD width of llvmpipe on AVX2), since every
 * thread also reads every other thread's partial result twice per step.
 */
export const FUSED_WORKGROUP_SIZE = 64;
export const FUSED_MIN_WORKGROUP_SIZE = 8;
/** Floats of X a fused workgroup keeps in workgroup memory (N·d must fit). */
export const FUSED_X_CAPACITY = 1536;
/** Floats of the score-gradient G (N·K) a fused workgroup keeps in workgroup memory. */
export const FUSED_G_CAPACITY = 1024;
/** Rows (N) whose log-domain shift a fused workgroup keeps. */
export const FUSED_ROW_CAPACITY = 256;
/** Entries of W (d·K) a fused workgroup keeps, twice (high and low part) plus the gradient. */
export const FUSED_W_CAPACITY = 256;
/**
 * Classes a fused-kernel thread holds in registers while it works on one example; problems with
 * more classes take the tiled path, whose kernels keep per-row values in buffers.
 */
export const MAX_CLASSES_PER_ROW = 16;
/** Most classes the GPU engine runs (on the tiled path beyond MAX_CLASSES_PER_ROW). */
export const MAX_CLASSES = 100;
/**
 * Steps one fused dispatch applies. A dispatch must stay far below the ~2 s OS GPU watchdog on a
 * real GPU and short enough that a page stays responsive between submits.
 */
export const FUSED_STEPS_PER_DISPATCH = 1000;
/**
 * Loop iterations one shader invocation may run on Mesa's llvmpipe, which silently ends every loop
 * of an invocation once 65,535 iterations have run in total (nested ones included); half of that,
 * for slack. Fused dispatches there apply only as many steps as fit.
 */
export const SOFTWARE_LOOP_BUDGET = 32_768;
/** Steps of the fused path recorded into one command buffer before it is submitted. */
export const STEPS_PER_SUBMIT = 4000;
/** Command buffers allowed in flight before `advance` waits for the oldest to finish. */
export const MAX_SUBMITS_IN_FLIGHT = 2;
/** Mapped staging buffers that checkpoints rotate through. */
export const STAGING_RING_SIZE = 3;

/** Side of the square output tile of the tiled score product S = X·W (threads TILE×TILE). */
export const TILE = 16;
/** Threads of the one-dimensional tiled kernels (per-row gradient weights, reductions, update). */
export const LINEAR_WORKGROUP_SIZE = 64;
/**
 * Steps of the tiled path recorded into its first command buffer (each step is several
 * dispatches); later ones are sized from measured submit times toward TARGET_SUBMIT_MS, within
 * MIN_TILED_STEPS_PER_SUBMIT..MAX_TILED_STEPS_PER_SUBMIT.
 */
export const TILED_STEPS_PER_SUBMIT = 16;
export const MIN_TILED_STEPS_PER_SUBMIT = 1;
export const MAX_TILED_STEPS_PER_SUBMIT = 256;
/** Wall time one submitted command buffer should take: short enough that a page never stutters. */
export const TARGET_SUBMIT_MS = 4;
/** Partial sums of the split-K product Xᵀ·G: the N rows are cut into this many slices. */
export const SPLIT_K_PARTS = 32;

/**
 * Sweeps of cyclic one-sided Jacobi at most per spectral step (shaders/spectral.wgsl); convergence is
 * quadratic, about 5 sweeps for K ≤ 100, so this bound is only reached by rounding noise. The fused
 * path's loop budget counts it in full.
 */
export const POLAR_SWEEPS = 12;

/**
 * f32 "minus infinity" of log scales and log weights (pairs that carry no gradient, optimizer state with
 * nothing accumulated): finite, so that differences of log scales stay defined. Injected into the WGSL.
 */
export const LOG_ZERO = -3.0e38;
