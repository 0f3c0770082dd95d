// The optimizer as one unit, like PermLoss for losses: its name, the norm whose max-margin solution it
// is predicted to approach, its parameters, its state and its float64 step. The CPU engine, the
// experiment table, the page's chips and the run limits all read this table.
//
// Predicted biases: GD and normalised GD → Frobenius (Ravi, Scott, Soudry, Wang, arXiv 2411.01350);
// steepest descent in a norm, SignGD, Signum, spectral descent and Muon (exact U Vᵀ), Adam without ε →
// that norm / max-norm / spectral (Fan, Schmidt, Thrampoulidis, arXiv 2502.04664; Zhang, Zou, Cao,
// arXiv 2406.10650); momentum GD and Adam with ε once gradients are far below ε → Frobenius (Wang et al.,
// arXiv 2110.03891); nuclear-norm steepest descent u₁v₁ᵀ → nuclear.
import * as pm from '../linalg/portable-math.ts';
import { centredBasis } from '../linalg/sym-eigen.ts';
import { accumulateMomentum, newtonSchulzStep, polarStep, scaleInto, signInto } from './optimizer-math.ts';

import { OPTIMIZER_NAMES } from './optimizer-types.ts';
import type {
  Optimizer,
  OptimizerDirection,
  OptimizerName,
  OptimizerParamName,
  OptimizerParams,
  OptimizerParamTraits,
  OptimizerSnapshot,
  OptimizerState,
} from './optimizer-types.ts';

export { NS_COEFFICIENTS } from './optimizer-math.ts';
export { OPTIMIZER_NAMES } from './optimizer-types.ts';
export type {
  BiasNorm,
  Optimizer,
  OptimizerDirection,
  OptimizerName,
  OptimizerParamName,
  OptimizerParams,
  OptimizerParamTraits,
  OptimizerSnapshot,
  OptimizerState,
  OptimizerStateKind,
  ScaledGradient,
  StepContext,
} from './optimizer-types.ts';

/** The directions computed by the GPU's workgroup-wide spectral stage (shaders/spectral.wgsl). */
const SPECTRAL_DIRECTIONS: ReadonlySet<OptimizerDirection> = new Set<OptimizerDirection>(['polar', 'top-pair']);

/** The hyper-parameters, once; their parsing and bounds are optimizer-params.ts. */
export const OPTIMIZER_PARAM_TRAITS: { readonly [P in OptimizerParamName]: OptimizerParamTraits } = {
  beta: { symbol: 'β', label: 'β (momentum; Adam β₁)', default: 0.9 },
  beta2: { symbol: 'β₂', label: 'β₂ (Adam)', default: 0.999 },
  eps: { symbol: 'ε', label: 'ε (Adam; 0 allowed)', default: 1e-8 },
  ns: { symbol: 'ns', label: 'ns (Muon: 0 exact, 5 Newton–Schulz)', default: 0 },
  wd: { symbol: 'λ', label: 'λ (decoupled weight decay, every optimizer)', default: 0, shared: true },
};

export const OPTIMIZER_PARAM_NAMES = Object.keys(OPTIMIZER_PARAM_TRAITS) as readonly OptimizerParamName[];

export const DEFAULT_OPTIMIZER_PARAMS: OptimizerParams = Object.freeze({
  beta: OPTIMIZER_PARAM_TRAITS.beta.default,
  beta2: OPTIMIZER_PARAM_TRAITS.beta2.default,
  eps: OPTIMIZER_PARAM_TRAITS.eps.default,
  ns: OPTIMIZER_PARAM_TRAITS.ns.default,
  wd: OPTIMIZER_PARAM_TRAITS.wd.default,
});

/** The hyper-parameters an optimizer reads: its entry's own, then those every optimizer reads (weight decay). */
export function paramsOf(name: OptimizerName): readonly OptimizerParamName[] {
  return [...OPTIMIZERS[name].params, ...OPTIMIZER_PARAM_NAMES.filter((p) => OPTIMIZER_PARAM_TRAITS[p].shared)];
}

/** The optimizers that read a hyper-parameter, in table order (help texts list them). */
export function readersOf(param: OptimizerParamName): OptimizerName[] {
  return OPTIMIZER_NAMES.filter((name) => paramsOf(name).includes(param));
}

/** The optimizers whose β is a momentum β (Adam's is its β₁), in table order. */
export function momentumBetaReaders(): OptimizerName[] {
  return readersOf('beta').filter((name) => OPTIMIZERS[name].state !== 'moments');
}

/** Whether the optimizer keeps per-entry state between steps (a checkpoint must carry it). */
export function keepsState(name: OptimizerName): boolean {
  return OPTIMIZERS[name].state !== 'none';
}

/** Whether its direction is a spectral one (U Vᵀ, u₁v₁ᵀ or Newton–Schulz): the GPU's spectral stage, the float64 Helmert basis. */
export function usesSpectralStage(name: OptimizerName): boolean {
  return SPECTRAL_DIRECTIONS.has(OPTIMIZERS[name].direction);
}

/** Whether the step is entrywise (sign, signum, Adam) and so moves W·1, which steps in the row space of ∇R keep. */
export function movesRowSums(name: OptimizerName): boolean {
  const { direction } = OPTIMIZERS[name];
  return direction === 'sign' || direction === 'adaptive';
}

export function createOptimizerState(k: number, d: number, name: OptimizerName): OptimizerState {
  const { state } = OPTIMIZERS[name];
  return {
    m: new Float64Array(state === 'none' ? 0 : k * d),
    v: new Float64Array(state === 'moments' ? k * d : 0),
    mLog: -Infinity,
    vLog: -Infinity,
    basis: usesSpectralStage(name) ? centredBasis(k) : new Float64Array(0),
    work: new Float64Array(k * d),
  };
}

/**
 * Sets a fresh state from a snapshot (d×K, engine-neutral; the float64 state is K×d). The heavy-ball
 * velocity is unscaled on both sides.
 */
export function restoreOptimizerState(
  state: OptimizerState,
  snap: OptimizerSnapshot,
  k: number,
  d: number,
  name: OptimizerName,
): void {
  const velocity = OPTIMIZERS[name].state === 'velocity';
  for (let j = 0; j < d; j++) {
    for (let a = 0; a < k; a++) {
      if (state.m.length > 0) state.m[a * d + j] = snap.m[j * k + a];
      if (state.v.length > 0) state.v[a * d + j] = snap.v[j * k + a];
    }
  }
  state.mLog = velocity ? -Infinity : snap.mLog;
  state.vLog = snap.vLog;
}

const FAN = 'Fan, Schmidt, Thrampoulidis, arXiv 2502.04664';

/** The table. Adding an optimizer: an entry here (with its name in OPTIMIZER_NAMES), its WGSL rule and its tests. */
export const OPTIMIZERS: { readonly [N in OptimizerName]: Optimizer & { readonly name: N } } = {
  gd: {
    name: 'gd',
    label: 'gd',
    rule: 'W ← W − η_t ∇R',
    bias: 'fro',
    params: [],
    gradient: 'plain',
    state: 'none',
    direction: 'plain',
    readme: { update: 'W ← W − η_t G', bias: 'Frobenius (Ravi et al., arXiv 2411.01350)' },
    biasSource:
      'GD on an exponential-tail loss approaches the Frobenius max-margin SVM (Ravi et al., arXiv 2411.01350)',
    step({ g, eta, out }) {
      scaleInto(out, g.dir, g.plainN !== undefined ? eta / g.plainN : eta * pm.exp(g.logScale));
      return true;
    },
  },
  ngd: {
    name: 'ngd',
    label: 'ngd (normalized)',
    rule: 'W ← W − η_t ∇R/‖∇R‖_F',
    bias: 'fro',
    params: [],
    gradient: 'scaled',
    state: 'none',
    direction: 'normalized',
    readme: { update: 'W ← W − η_t G/‖G‖_F', bias: 'Frobenius' },
    biasSource: 'normalised GD approaches the Frobenius max-margin SVM, faster (Ravi et al., arXiv 2411.01350)',
    step({ g, eta, out }) {
      let sum = 0;
      for (let q = 0; q < g.dir.length; q++) sum += g.dir[q] * g.dir[q];
      const norm = Math.sqrt(sum);
      if (!Number.isFinite(norm)) return false;
      if (norm === 0) out.fill(0);
      else scaleInto(out, g.dir, eta / norm);
      return true;
    },
  },
  sign: {
    name: 'sign',
    label: 'sign',
    rule: 'W ← W − η_t sign(∇R)',
    bias: 'max',
    params: [],
    gradient: 'scaled',
    state: 'none',
    direction: 'sign',
    readme: {
      update: 'W ← W − η_t sign(G), sign 0 = 0',
      bias: 'max-norm (Fan, Schmidt, Thrampoulidis, arXiv 2502.04664)',
    },
    biasSource: `SignGD is steepest descent in the entrywise max-norm and approaches its max-margin solution (${FAN})`,
    step({ g, eta, out }) {
      signInto(out, g.dir, eta);
      return true;
    },
  },
  spectral: {
    name: 'spectral',
    label: 'spectral',
    rule: 'W ← W − η_t U Vᵀ  (∇R = U Σ Vᵀ)',
    bias: 'spectral',
    params: [],
    gradient: 'scaled',
    state: 'none',
    direction: 'polar',
    readme: { update: 'W ← W − η_t U Vᵀ (G = U Σ Vᵀ)', bias: 'spectral (Fan et al.)' },
    biasSource: `spectral descent is steepest descent in the spectral norm and approaches its max-margin solution (${FAN})`,
    step(ctx) {
      return polarStep(ctx, ctx.g.dir, false);
    },
  },
  nuclear: {
    name: 'nuclear',
    label: 'nuclear',
    rule: 'W ← W − η_t u₁ v₁ᵀ',
    bias: 'nuclear',
    params: [],
    gradient: 'scaled',
    state: 'none',
    direction: 'top-pair',
    readme: { update: 'W ← W − η_t u₁ v₁ᵀ', bias: 'nuclear (Xie et al., arXiv 2603.22824)' },
    biasSource:
      'the top singular pair is steepest descent in the nuclear norm, which approaches its max-margin solution (Xie et al., arXiv 2603.22824)',
    step(ctx) {
      return polarStep(ctx, ctx.g.dir, true);
    },
  },
  signum: {
    name: 'signum',
    label: 'signum',
    rule: 'M ← βM + (1−β)∇R; W ← W − η_t sign(M)',
    bias: 'max',
    params: ['beta'],
    gradient: 'scaled',
    state: 'moment',
    direction: 'sign',
    readme: { update: 'M ← βM + (1−β)G, W ← W − η_t sign(M)', bias: 'max-norm (Fan et al.)' },
    biasSource: `Signum (sign of a momentum average) approaches the max-norm max-margin solution (${FAN})`,
    step(ctx) {
      accumulateMomentum(ctx);
      signInto(ctx.out, ctx.state.m, ctx.eta);
      return true;
    },
  },
  muon: {
    name: 'muon',
    label: 'muon',
    rule: 'M ← βM + (1−β)∇R; W ← W − η_t U Vᵀ of M',
    bias: 'spectral',
    params: ['beta', 'ns'],
    gradient: 'scaled',
    state: 'moment',
    direction: 'polar',
    readme: {
      update: 'same M, W ← W − η_t U Vᵀ of M (exact; `ns=5`: Newton–Schulz quintic)',
      bias: 'spectral (Fan et al., exact U Vᵀ)',
    },
    biasSource: `Muon with an exact U Vᵀ approaches the spectral-norm max-margin solution (${FAN}); with Newton–Schulz it is approximate`,
    step(ctx) {
      accumulateMomentum(ctx);
      return ctx.p.ns > 0 ? newtonSchulzStep(ctx, ctx.state.m, ctx.p.ns) : polarStep(ctx, ctx.state.m, false);
    },
  },
  momentum: {
    name: 'momentum',
    label: 'momentum (heavy ball)',
    rule: 'W ← W − η_t ∇R + β(W_t − W_{t−1})',
    bias: 'fro',
    params: ['beta'],
    gradient: 'plain',
    state: 'velocity',
    direction: 'plain',
    readme: { update: 'W_{t+1} = W_t − η_t G + β(W_t − W_{t−1})', bias: 'Frobenius (Wang et al., arXiv 2110.03891)' },
    biasSource: "heavy-ball momentum keeps GD's Frobenius max-margin bias (Wang et al., arXiv 2110.03891)",
    step({ g, eta, p, state, out }) {
      // state.m holds W_t − W_{t−1} (0 at t = 0, W_{−1} = W_0)
      const scale = g.plainN !== undefined ? eta / g.plainN : eta * pm.exp(g.logScale);
      const V = state.m;
      for (let q = 0; q < out.length; q++) {
        out[q] = scale * g.dir[q] - p.beta * V[q];
        V[q] = -out[q];
      }
      return true;
    },
  },
  adam: {
    name: 'adam',
    label: 'adam',
    rule: 'W ← W − η_t m̂/(√v̂ + ε)',
    bias: 'max',
    params: ['beta', 'beta2', 'eps'],
    gradient: 'scaled',
    state: 'moments',
    direction: 'adaptive',
    readme: {
      update: 'W ← W − η_t m̂/(√v̂ + ε), bias-corrected',
      bias: 'max-norm with ε = 0 (Zhang, Zou, Cao, arXiv 2406.10650); with ε > 0 max-norm while gradients are far above ε, Frobenius once they fall far below ε (Wang et al., arXiv 2110.03891)',
    },
    biasSource:
      'Adam without ε approaches the max-norm max-margin solution (Zhang, Zou, Cao, arXiv 2406.10650); with ε, once gradients fall far below ε, it behaves like GD (Frobenius; Wang et al., arXiv 2110.03891)',
    step(ctx) {
      const { g, p, state, t, eta, out } = ctx;
      accumulateMomentum(ctx);
      // v_t = β₂ v_{t−1} + (1 − β₂) G_t², kept as e^{vLog}·state.v
      const a = state.vLog + pm.log(p.beta2);
      const b = 2 * g.logScale + pm.log(1 - p.beta2);
      const top = Math.max(a, b);
      if (top !== -Infinity) {
        const fa = pm.exp(a - top);
        const fb = pm.exp(b - top);
        for (let q = 0; q < state.v.length; q++) {
          state.v[q] = (fa === 0 ? 0 : fa * state.v[q]) + (fb === 0 ? 0 : fb * g.dir[q] * g.dir[q]);
        }
        state.vLog = top;
      }
      // m̂/(√v̂ + ε) = e^{mLog − vLog/2} (m/bc₁) / (√(v/bc₂) + ε e^{−vLog/2})
      const bc1 = 1 - Math.pow(p.beta, t + 1);
      const bc2 = 1 - Math.pow(p.beta2, t + 1);
      if (state.mLog === -Infinity || state.vLog === -Infinity) {
        out.fill(0);
        return true;
      }
      const ratio = pm.exp(state.mLog - state.vLog / 2);
      const epsScaled = p.eps === 0 ? 0 : p.eps * pm.exp(-state.vLog / 2);
      for (let q = 0; q < out.length; q++) {
        const num = state.m[q] / bc1;
        const den = Math.sqrt(state.v[q] / bc2) + epsScaled;
        // an entry whose gradient has always been 0 (m = v = 0) does not move, also with ε = 0
        out[q] = num === 0 ? 0 : (eta * ratio * num) / den;
      }
      return true;
    },
  },
  nesterov: {
    name: 'nesterov',
    label: 'nesterov',
    rule: 'V ← βV + ∇R; W ← W − η_t (∇R + βV)',
    bias: 'fro',
    params: ['beta'],
    gradient: 'plain',
    state: 'moment',
    direction: 'plain',
    readme: {
      update: 'V_{t+1} = βV_t + G, W_{t+1} = W_t − η_t (G + βV_{t+1}) (PyTorch SGD, nesterov=True)',
      bias: 'Frobenius (Wang et al., arXiv 2110.03891)',
    },
    biasSource:
      "Nesterov momentum, like heavy ball, keeps GD's Frobenius max-margin bias (Wang et al., arXiv 2110.03891)",
    step(ctx) {
      // V = M/(1 − β) for the average M ← βM + (1 − β)G kept as e^{mLog}·m, so a vanishing G keeps its direction
      const { g, eta, p, state, out } = ctx;
      accumulateMomentum(ctx);
      const gScale = eta * pm.exp(g.logScale);
      const mScale = p.beta === 0 ? 0 : ((eta * p.beta) / (1 - p.beta)) * pm.exp(state.mLog);
      for (let q = 0; q < out.length; q++) out[q] = gScale * g.dir[q] + (mScale === 0 ? 0 : mScale * state.m[q]);
      return true;
    },
  },
};

export function getOptimizer(name: OptimizerName): Optimizer {
  return OPTIMIZERS[name];
}
