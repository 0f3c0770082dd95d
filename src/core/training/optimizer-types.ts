// The shapes of the optimizer table (optimizers.ts): its names, what an entry declares, its per-run state
// and what a step is handed. Kept apart from the table so that the table file holds the rules.

export const OPTIMIZER_NAMES = [
  'gd',
  'ngd',
  'sign',
  'spectral',
  'nuclear',
  'signum',
  'muon',
  'momentum',
  'adam',
  'nesterov',
] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** The norms of the optimizer × norm view; an optimizer's bias is one of them. */
export type BiasNorm = 'fro' | 'max' | 'spectral' | 'nuclear';

/**
 * The per-entry state an optimizer keeps between steps (K×d buffers, read back at every checkpoint):
 * none; the heavy-ball velocity W_t − W_{t−1}; one momentum average M (Nesterov's V is M/(1 − β));
 * Adam's two moments M and v.
 */
export type OptimizerStateKind = 'none' | 'velocity' | 'moment' | 'moments';

/**
 * The direction a step moves along (of ∇R, or of M for the momentum methods): ∇R itself; ∇R/‖∇R‖_F;
 * the entrywise sign; the polar factor U Vᵀ; the top singular pair u₁v₁ᵀ; Adam's entrywise m̂/(√v̂ + ε).
 * Muon's is 'polar' (with ns > 0 the Newton–Schulz iterate approximates it).
 */
export type OptimizerDirection = 'plain' | 'normalized' | 'sign' | 'polar' | 'top-pair' | 'adaptive';

/** Parameters shared by the family; each optimizer reads the ones it lists. */
export interface OptimizerParams {
  /** momentum β (signum, muon, momentum, nesterov) and Adam's β₁ */
  readonly beta: number;
  /** Adam's β₂ */
  readonly beta2: number;
  /** Adam's ε (0 allowed) */
  readonly eps: number;
  /** Muon: 0 = exact U Vᵀ; n > 0 = n Newton–Schulz quintic iterations, as used in practice */
  readonly ns: number;
  /** decoupled weight decay λ, read by every optimizer: W ← (1 − η_t λ) W, then the step (with adam: AdamW) */
  readonly wd: number;
}
export type OptimizerParamName = keyof OptimizerParams;

/** A hyper-parameter's names and default: the URL key and CLI flag (`--key`) are its name; the page labels its field. */
export interface OptimizerParamTraits {
  /** the legend's symbol ("β=0.5") */
  readonly symbol: string;
  /** the page's field label */
  readonly label: string;
  readonly default: number;
  /** read by every optimizer (the engine applies it around the step), not listed in an entry's params */
  readonly shared?: boolean;
}

/**
 * The gradient handed to a step, as Gᵀ (K×d row-major, like the engine's Wᵀ): G = ∇R = e^{logScale}·dir.
 * Normalised methods compute dir in the log domain (largest pair weight 1), so e^{logScale} may be far
 * below the smallest double while dir stays O(1). `plainN` is set when dir = N·∇R exactly (the plain path).
 */
export interface ScaledGradient {
  readonly dir: Float64Array;
  readonly logScale: number;
  readonly plainN?: number;
}

/**
 * An optimizer's state in engine-neutral form, d×K row-major like W: M = e^{mLog}·m (momentum
 * average, Adam's first moment; the heavy-ball velocity W_t − W_{t−1} is m itself, mLog unused) and
 * v = e^{vLog}·v (Adam's second moment); −Infinity for a log scale means nothing accumulated yet.
 */
export interface OptimizerSnapshot {
  readonly m: Float64Array;
  readonly v: Float64Array;
  readonly mLog: number;
  readonly vLog: number;
}

/** Per-run state, allocated at load; which buffers an optimizer uses is its own business. */
export interface OptimizerState {
  /** K×d buffers: momentum / first moment (scaled by e^{mLog}), second moment (scaled by e^{vLog}), heavy-ball velocity */
  readonly m: Float64Array;
  readonly v: Float64Array;
  mLog: number;
  vLog: number;
  /** Helmert basis of 1^⊥ (K×(K−1)) for the spectral steps */
  readonly basis: Float64Array;
  /** scratch K×d */
  readonly work: Float64Array;
}

export interface StepContext {
  readonly g: ScaledGradient;
  /** η_t */
  readonly eta: number;
  /** update number, 0-based */
  readonly t: number;
  readonly p: OptimizerParams;
  readonly state: OptimizerState;
  readonly k: number;
  readonly d: number;
  /** the step D (K×d): W_{t+1}ᵀ = W_tᵀ − D */
  readonly out: Float64Array;
}

export interface Optimizer {
  readonly name: OptimizerName;
  /** chip text */
  readonly label: string;
  /** the update, one line */
  readonly rule: string;
  /** the norm whose max-margin solution the optimizer is predicted to approach */
  readonly bias: BiasNorm;
  /** why, with the paper */
  readonly biasSource: string;
  readonly params: readonly OptimizerParamName[];
  /** what it keeps between steps */
  readonly state: OptimizerStateKind;
  /** what its step moves along */
  readonly direction: OptimizerDirection;
  /** the README's row (docs): the update with G = ∇R, and the predicted bias with its source */
  readonly readme: { readonly update: string; readonly bias: string };
  /** 'plain': the step needs ∇R itself; 'scaled': it works from the log-domain direction and its log scale */
  readonly gradient: 'plain' | 'scaled';
  /** writes D into ctx.out; false when the step is not finite */
  step(ctx: StepContext): boolean;
}
