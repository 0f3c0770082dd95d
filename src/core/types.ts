// Shared types of the lab: every room (core, gpu, cli, components) speaks these.
// Layout conventions, fixed once here so that no two files disagree:
// - X is row-major N×d (X[i*d + j]); labels y are integers in 0..K-1.
// - W is d×K row-major (W[j*K + k]); column k is class k's weight vector w_k.
// - Scores s_i = Wᵀ x_i, s_ik = Σ_j X[i*d+j] · W[j*K+k].
// - The objective is the mean over examples, R(W) = (1/N) Σ_i L_{y_i}(Wᵀ x_i).
//   (The authors' code divides PairLogLoss by N·K instead; their η = 0.1 is our η = 0.1/K.)
// - t counts updates applied; W(0) is t = 0.

/** The losses (pairlog, ce, …): their names and table live in losses.ts. */
export { LOSS_NAMES, type LossName } from './training/losses.ts';
import type { LossName } from './training/losses.ts';

import type { OptimizerParams } from './training/optimizers.ts';

/** The optimizers (gd, ngd, sign, spectral, …): their table, rules and predicted norms live in optimizers.ts. */
export {
  OPTIMIZER_NAMES,
  type OptimizerName,
  type OptimizerParams,
  type OptimizerSnapshot,
} from './training/optimizers.ts';
import type { OptimizerName, OptimizerSnapshot } from './training/optimizers.ts';

export { SCHEDULE_NAMES, type ScheduleName } from './training/schedules.ts';
import type { ScheduleName } from './training/schedules.ts';

/** How the page draws its charts: log-log or linear axes (a view setting; the numbers do not change). */
export const SCALE_NAMES = ['log', 'lin'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export const NORM_NAMES = ['fro', 'max', 'l1', 'spectral', 'nuclear'] as const;
/**
 * Norms of the d×K matrix W an optimizer can be implicitly biased toward: Frobenius, entrywise max,
 * entrywise ℓ1, spectral (largest singular value), nuclear (sum of singular values).
 */
export type NormName = (typeof NORM_NAMES)[number];

/** One value per norm. */
export type PerNorm<T> = { readonly [P in NormName]: T };

/** γ_p = max over ‖W‖_p ≤ 1 of the smallest pair margin, for every norm, with its certificate's gap. */
export interface NormReferences {
  /** the margin attained by the certified solution (γ_p to within the gap); NaN where the gap missed its target */
  readonly gamma: PerNorm<number>;
  /** relative duality gap of each γ_p's certificate */
  readonly gap: PerNorm<number>;
}

export const ENGINE_NAMES = ['auto', 'gpu', 'cpu'] as const;
export type EngineChoice = (typeof ENGINE_NAMES)[number];

/** A labelled data set held in float64. */
export interface Dataset {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** row-major n×d */
  readonly X: Float64Array;
  /** labels in 0..k-1, length n */
  readonly y: Int32Array;
}

/**
 * KKT residuals of the hard-margin SVM solution; all are ≥ 0 and ≈ 0 at the optimum, and all are relative,
 * so they do not change when X is rescaled (margins and Σ α a computed in twice float64's precision).
 */
export interface KktCertificate {
  /** max over constraints of max(0, 1 − margin_ik): primal feasibility */
  readonly primal: number;
  /** max over dual variables of max(0, −α_ik) / max |α|: dual feasibility */
  readonly dual: number;
  /** max |α_ik · (margin_ik − 1)| / Σ|α|: complementary slackness */
  readonly complementarity: number;
  /** ‖W − Σ α_ik x_i (e_{y_i} − e_k)ᵀ‖_max / ‖W‖_max: stationarity of the Lagrangian */
  readonly stationarity: number;
  /** |primal objective − dual objective| / primal objective, with ½‖W‖² and Σα − ½‖Σ α a‖² */
  readonly gap: number;
  /** the largest of the above */
  readonly max: number;
}

/** One active constraint (w_{y_i} − w_k)ᵀ x_i = 1 with its dual weight. */
export interface SupportConstraint {
  readonly i: number;
  readonly k: number;
  readonly alpha: number;
}

/** The hard-margin multiclass SVM Ŵ = argmin ‖W‖_F² s.t. (w_{y_i} − w_k)ᵀ x_i ≥ 1. */
export interface SvmSolution {
  /** d×K row-major */
  readonly W: Float64Array;
  readonly normF: number;
  /** min_i min_{k≠y_i} (w_{y_i} − w_k)ᵀ x_i, which is 1 at the optimum */
  readonly minMargin: number;
  readonly kkt: KktCertificate;
  readonly support: readonly SupportConstraint[];
  /**
   * 0, unless the multipliers of the data as given overflow or underflow float64 (entries beyond about
   * 1e±150): then each support alpha times 2^alphaExponent is the multiplier.
   */
  readonly alphaExponent?: number;
}

/** A training problem: data, its SVM target and the constants the step-size bound needs. */
export interface Problem {
  /** human-readable name, e.g. "paper N=100 d=10 K=3 seed=0" */
  readonly name: string;
  readonly train: Dataset;
  readonly test?: Dataset;
  readonly svm: SvmSolution;
  /** σ_max(X_train)², the squared largest singular value */
  readonly sigmaMax2: number;
  /** the max-margin γ_p in every norm, once computed (see core/max-margin.ts, normReferences) */
  readonly norms?: NormReferences;
}

/** One gradient-descent run: a problem, a loss, an optimizer and a starting point. */
export interface RunSpec {
  /** legend text, e.g. "seed 3 · pairlog · gd η=0.0333" */
  readonly label: string;
  readonly problem: Problem;
  readonly loss: LossName;
  readonly optimizer: OptimizerName;
  readonly schedule: ScheduleName;
  readonly lr: number;
  /** β, β₂, ε, ns of the optimizers that read them; left out: the defaults (0.9, 0.999, 1e-8, 0) */
  readonly optim?: OptimizerParams;
  /**
   * mini-batch SGD (issue 17): `batch` rows a step, epoch e's order numpy RandomState(`bseed`)'s e-th
   * permutation(N) (data/batch-schedule.ts); absent, or batch ≥ N: full batch
   */
  readonly batch?: number;
  readonly bseed?: number;
  /** the run's seed (data seed for generated data; init seed for `gaussian`) */
  readonly seed: number;
  /** W(0), d×K row-major; each row sums to 0 for gaussian init */
  readonly W0: Float64Array;
}

export type RunStatus = 'running' | 'diverged';

/** Metrics of one run at one step t. JSON-safe: undefined values are left out. */
export interface Checkpoint {
  /** index of the run in the array given to Engine.load */
  readonly run: number;
  readonly t: number;
  /** R(W) = (1/N) Σ L_{y_i}(Wᵀ x_i) */
  readonly loss: number;
  /** ‖W‖_F / ‖Ŵ‖_F */
  readonly normRatio: number;
  /** angle between vec W and vec Ŵ, radians */
  readonly angle: number;
  /** ‖W/‖W‖ − Ŵ/‖Ŵ‖‖_F (the paper's Figure B axis) */
  readonly distance: number;
  /** min_i min_{k≠y_i} (w_{y_i} − w_k)ᵀ x_i / ‖W‖_F */
  readonly margin: number;
  /** margin · ‖Ŵ‖_F, which tends to 1 */
  readonly marginRatio: number;
  readonly trainAcc: number;
  readonly testAcc?: number;
  /**
   * ρ_p(W) = m(W)/(‖W‖_p γ_p) for every norm: ≤ 1, and → 1 exactly when W turns toward the p-norm
   * max-margin set; null where ‖W‖_p = 0 or γ_p is unknown. Added by the driver in float64 from W.
   */
  readonly rho?: PerNorm<number | null>;
  readonly status: RunStatus;
  /** why a run stopped (diverged), with the safe step-size bound */
  readonly message?: string;
}

/** State to resume runs from, e.g. after a lost GPU device. */
export interface ResumeState {
  readonly t: number;
  /** one W per run, d×K row-major */
  readonly W: readonly Float64Array[];
  /**
   * per run, its optimizer's state at t (momentum average, Adam's moments, heavy-ball velocity), so
   * that a resumed run continues its optimizer exactly; absent (or undefined for a run): the state
   * starts afresh, as at t = 0
   */
  readonly optim?: readonly (OptimizerSnapshot | undefined)[];
}

/**
 * One interface for the float64 CPU engine and the WebGPU engine.
 * All live runs advance together, so they share t.
 */
export interface Engine {
  readonly kind: 'cpu' | 'gpu';
  /** "CPU float64" or the GPU adapter's description */
  readonly device: string;
  /** updates applied so far (shared by all runs) */
  readonly t: number;
  /** Upload data and starting points. Replaces whatever was loaded. */
  load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void>;
  /** Every live run applies `steps` more updates. Diverged runs stay frozen. */
  advance(steps: number): Promise<void>;
  /** Metrics of every run at the current t, in run order. */
  checkpoint(): Promise<Checkpoint[]>;
  /** W(t) of one run, d×K row-major, in float64. */
  weights(run: number): Promise<Float64Array>;
  /** W(t) of every run, in run order: one read (one message from a worker) for all, not one per run. */
  allWeights(): Promise<Float64Array[]>;
  dispose(): void;
}

/** A user-facing error: the message names the field and the fix. Never shown with a stack trace. */
export class LabError extends Error {
  constructor(
    message: string,
    /** the setting, flag, file row/column or URL field at fault, when there is one */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** What the SVM solver says: the solution with its certificate, or why there is none. */
export type SvmOutcome =
  | { readonly separable: true; readonly solution: SvmSolution }
  | {
      readonly separable: false;
      /** "not linearly separable: …" in words a user understands */
      readonly message: string;
      /** the evidence, e.g. a dual ray (weights on constraints whose combination is 0) or duplicate points with different labels */
      readonly evidence: {
        readonly kind: string;
        readonly detail: string;
        readonly constraints?: readonly SupportConstraint[];
      };
    };

export const DATASET_NAMES = ['paper', 'blobs', 'upload'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * One experiment, exactly as the URL and the command line state it.
 * Runs are the cartesian product seeds × losses × optimizers × lrs, in that nesting order
 * (seed outermost), each optimizer once per combination of its parameters' values (between
 * optimizer and lr). For generated data each seed makes its own data set (data seed = run seed,
 * as in the authors' Figure B); for uploaded data the seeds only vary the init.
 */
export interface Experiment {
  /** schema version of the URL codec */
  readonly v: 1;
  readonly data: DatasetName;
  /** content hash naming an upload kept in the browser (data = upload only) */
  readonly upload: string;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** planted margin of the blobs data set */
  readonly margin: number;
  readonly seeds: readonly number[];
  readonly losses: readonly LossName[];
  readonly optimizers: readonly OptimizerName[];
  readonly schedule: ScheduleName;
  readonly lrs: readonly number[];
  /**
   * Optimizer parameters, each a list (momentum / Adam β₁, Adam β₂ and ε, Muon's Newton–Schulz
   * iterations with 0 = exact): an optimizer runs once per combination of the values of the
   * parameters it reads, so `opt=gd,adam&eps=0,1e-8` is three runs per seed, loss and step size.
   */
  readonly beta: readonly number[];
  readonly beta2: readonly number[];
  readonly eps: readonly number[];
  readonly ns: readonly number[];
  /** decoupled weight decay λ, read by every optimizer (W ← (1 − η_t λ) W before its step); [0] = none */
  readonly wd: readonly number[];
  /** rows per mini-batch step, 1..N; 0 = full batch (`batch=full`, the default) */
  readonly batch: number;
  /** seed of the mini-batch order: epoch e is numpy RandomState(bseed)'s e-th permutation(N) */
  readonly bseed: number;
  readonly steps: number;
  /** 'zero' | 'gaussian' (seeded by the run's seed) | 'gaussian:S' (fixed seed S); rows centred */
  readonly init: string;
  readonly engine: EngineChoice;
  /** view only: t values of the decision-region snapshots */
  readonly snapshots: readonly number[];
  /** view only: chart axes, log-log or linear */
  readonly scale: ScaleName;
  /** view only: controls hidden in a classroom link */
  readonly hide: readonly string[];
}

/**
 * Thrown by an engine whose device went away (a lost GPU device). The caller may load the same
 * runs into a fresh engine and resume from the last checkpoint's weights.
 */
export class EngineLostError extends Error {
  constructor(
    message: string,
    /** what went wrong, in a few words (e.g. the device's own loss message) */
    readonly reason: string = message,
  ) {
    super(message);
    this.name = 'EngineLostError';
  }
}
