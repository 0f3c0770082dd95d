// Max-margin solutions in the spectral and nuclear norms, semidefinite programs, by a primal barrier
// (path-following) interior-point method: minimise τ·cᵀu + F_cone(u) − Σ log(z_ic − 1) by damped Newton
// steps for τ growing geometrically (Nesterov & Nemirovskii 1994; Boyd & Vandenberghe, Convex
// Optimization, §11.3). Why this and not a primal–dual SDP method: the LMIs here reduce (cones.ts) to
// r×r Schur complements, so every Newton step is one dense (d·r + O(r²))-square Cholesky, and the barrier
// hands out the dual weights for free, λ_ic ∝ 1/(z_ic − 1) on the central path; the certificate is then
// computed from (W, λ) directly (matrix-norms.ts), so it does not rely on the method's own gap estimate.
//
// Both norms are unitarily invariant, so W can be taken with W·1 = 0 (projecting onto that subspace keeps
// every margin and does not raise the norm): W = V Qᵀ with Q a K×(K−1) orthonormal basis of 1⊥, and
// ‖W‖ = ‖V‖. This removes the constraints' null direction W + v1ᵀ, which would leave the Newton system
// singular in the limit.
import type { Dataset } from '../types.ts';
import { BELOW_FLOAT64, SvmNotCertifiedError } from '../svm/svm-verdicts.ts';
import { marginCertificate, type MarginCertificate } from './matrix-norms.ts';
import { nuclearCone, onTranspose, spectralCone, type Cone } from './cones.ts';
import { centredBasis } from '../linalg/sym-eigen.ts';
import { choleskyInPlace, choleskySolve } from '../linalg/dense-factor.ts';
import { polishDual } from './dual-polish.ts';
import { NEGLIGIBLE_CURVATURE, PairConstraints } from './pair-barrier.ts';

interface SdpAnswer {
  /** d×K with W·1 = 0, not yet normalised */
  readonly W: Float64Array;
  /** dual weights on the pair constraints, indexed i·K + c */
  readonly lambda: Float64Array;
  readonly certificate: MarginCertificate;
}

/** τ grows by this factor between centerings (a "long-step" method; 5–20 are usual). */
const TAU_FACTOR = 8;
/**
 * The first τ is this many times ν/(objective at the start): the start (twice the Frobenius SVM, projected)
 * is within a small factor of the optimum, so the path's first, far-off centerings are skipped (measured at
 * N = 1000, d = 100, K = 10: 89 → 67 Newton steps for spectral; the tests' problems and the paper's seeds
 * 0–9 keep their certificates, worst gap 1.3e-8).
 */
const FIRST_TAU_SCALE = 30;
/** A centering ends when the Newton decrement² / 2 falls below this. */
const CENTERED = 1e-9;
const MAX_NEWTON_PER_CENTERING = 40;
/** The first centering may take this many times MAX_NEWTON_PER_CENTERING steps. */
const FIRST_CENTERING_ROUNDS = 5;
/** τ's growth is square-rooted after a centering that fails far from the optimum, down to this. */
const MIN_GROWTH = 1.2;
const MAX_CENTERINGS = 100;
/** Stop once the certificate's relative gap is this small (1e-7 is promised; this leaves room). */
const TARGET_GAP = 1e-8;
/** Stop when the best certificate has not improved over this many centerings (rounding has taken over). */
const PATIENCE = 2;
/** Once the barrier's own certificate is this close, each centering also tries the dual polish. */
const TRY_POLISH = 1e-4;

/**
 * The spectral- or nuclear-norm max-margin solution. `start` is any d×K W with every margin ≥ 1 (the
 * Frobenius SVM's Ŵ); it is projected onto W·1 = 0 and doubled to be strictly feasible.
 */
export function solveMarginSdp(data: Dataset, norm: 'spectral' | 'nuclear', start: Float64Array): SdpAnswer {
  const fast = solveBarrier(data, norm, start, NEGLIGIBLE_CURVATURE);
  if (fast.certificate.gap <= TARGET_GAP) return fast;
  // the certificate missed: solve again with the whole Hessian, and keep the better answer
  const exact = solveBarrier(data, norm, start, 0);
  return exact.certificate.gap < fast.certificate.gap ? exact : fast;
}

/** One barrier evaluation at (u, τ): value, gradient, Hessian (when asked) and the pair slacks. */
interface BarrierPoint {
  readonly value: number;
  readonly g: Float64Array;
  readonly H: Float64Array | undefined;
  readonly slack: Float64Array;
}

/** The barrier problem of one (data, norm): sizes, the objective's cost vector and the barrier's evaluation. */
interface BarrierProblem {
  readonly data: Dataset;
  readonly norm: 'spectral' | 'nuclear';
  readonly Q: Float64Array;
  readonly pairs: PairConstraints;
  readonly dr: number;
  readonly nTotal: number;
  readonly cost: Float64Array;
  /** the number of pair constraints, n·(K − 1) */
  readonly m: number;
  objective(x: Float64Array): number;
  /** undefined outside the barrier's domain */
  evaluate(x: Float64Array, tau: number, withHessian: boolean): BarrierPoint | undefined;
}

/** A centering's outcome: whether the decrement fell below CENTERED, and H's factor from its last Newton step. */
interface Centering {
  readonly centered: boolean;
  readonly factor: Float64Array | undefined;
}

function solveBarrier(data: Dataset, norm: 'spectral' | 'nuclear', start: Float64Array, negligible: number): SdpAnswer {
  const { d, k: K } = data;
  const { problem, u } = barrierProblem(data, norm, start, negligible);
  const { nTotal, m, evaluate, objective } = problem;
  if (!evaluate(u, 1, false)) {
    // 2·Ŵ has every margin ≥ 2 in exact arithmetic; a start outside the barrier's domain means rounding
    // has moved a margin by more than its size
    throw new SvmNotCertifiedError(
      `${BELOW_FLOAT64} in the ${norm} norm: its barrier cannot start from twice the SVM's Ŵ`,
      'margin too small',
    );
  }
  let tau = (FIRST_TAU_SCALE * (m + d + K)) / Math.max(objective(u), 1e-300);
  const factorBuffer = new Float64Array(nTotal * nTotal);
  let best: SdpAnswer | undefined;
  let latest: SdpAnswer | undefined;
  let stale = 0;
  let growth = TAU_FACTOR;
  // the last centred point, to return to when a long step in τ leaves Newton's method creeping
  let anchor: { u: Float64Array; tau: number; gap: number } | undefined;
  for (let outer = 0; outer < MAX_CENTERINGS; outer++) {
    const { centered, factor } = center(problem, u, tau, factorBuffer);
    // Far from the optimum, a centering that does not converge took too long a step in τ (a long-step
    // method may need O(ν) Newton steps per centering: seen with K = 10, where the nuclear cone's
    // d·(K − 1) + 1 log-det terms creep at a constant decrement): go back and take a shorter one.
    // The first centering has no centred point to return to, and starts far from its centre: it keeps going.
    if (!centered && !anchor && outer < FIRST_CENTERING_ROUNDS) continue;
    if (!centered && anchor && anchor.gap > TRY_POLISH && growth > MIN_GROWTH) {
      u.set(anchor.u);
      growth = Math.sqrt(growth);
      tau = anchor.tau * growth;
      continue;
    }
    const here = answerAt(problem, u, tau);
    const { certificate } = here;
    const before = best?.certificate.gap ?? Infinity;
    if (!best || certificate.gap < best.certificate.gap) best = here;
    // the primal keeps improving after the barrier's λ stop doing so: polish the latest centred W too
    if (centered) latest = here;
    if (certificate.gap < TRY_POLISH) {
      const polished = polishDual(data, here.W, here.lambda, norm);
      if (polished) {
        if (polished.certificate.gap < best.certificate.gap) best = { W: here.W, ...polished };
        if (polished.certificate.gap <= TARGET_GAP) return best;
      }
    }
    stale = best.certificate.gap < before ? 0 : stale + 1;
    if (stale >= PATIENCE) break;
    // a centering that does not converge means rounding has taken over: the best answer so far stands
    if (certificate.gap <= TARGET_GAP || !centered) break;
    anchor = { u: Float64Array.from(u), tau, gap: certificate.gap };
    const next = tau * growth;
    if (centered && factor) predictorStep(problem, u, tau, next, factor);
    tau = next;
    growth = Math.min(TAU_FACTOR, growth ** 1.5);
  }
  return polishFinal(data, norm, best!, latest ?? best!);
}

/** The problem's cone, pair constraints and weighted barrier, and its strictly feasible start u (from 2·start). */
function barrierProblem(
  data: Dataset,
  norm: 'spectral' | 'nuclear',
  start: Float64Array,
  negligible: number,
): { problem: BarrierProblem; u: Float64Array } {
  const { d, k: K } = data;
  const r = K - 1;
  const dr = d * r;
  const Q = centredBasis(K);
  const pairs = new PairConstraints(data, Q);
  // the nuclear cone's r×r block has the rank of W at the optimum, at most d: for d < r it is written on Vᵀ
  const cone: Cone =
    norm === 'spectral' ? spectralCone(d, r) : d < r ? onTranspose(nuclearCone(r, d), d, r) : nuclearCone(d, r);
  const nTotal = dr + cone.extra;
  const V0 = mulBasis(start, Q, d, K, r).map((v) => 2 * v);
  const u = new Float64Array(nTotal);
  u.set(V0);
  u.set(cone.start(V0), dr);
  const cost = new Float64Array(nTotal);
  cost.set(cone.cost, dr);

  const m = data.n * (K - 1);
  // The cone's barrier is weighted so that it counts as much as the m pair constraints (ν_cone·w = m):
  // unweighted, the cone's slack shrinks like ν_cone/τ while the margins' like m/τ, and with m ≫ ν_cone
  // Newton's steps are held to the cone's thin neighbourhood and creep (hundreds of steps per centering).
  const coneWeight = Math.max(1, m / cone.nu);
  const objective = (x: Float64Array) => dotFrom(cost, x, dr);
  const evaluate = (x: Float64Array, tau: number, withHessian: boolean) => {
    const slack = pairs.slacks(x.subarray(0, dr));
    for (const s of slack) if (!(s > 0)) return undefined;
    const c = cone.evaluate(x, withHessian);
    if (!c) return undefined;
    const g = c.grad.map((v) => coneWeight * v);
    for (let e = dr; e < nTotal; e++) g[e] += tau * cost[e];
    // the cone's arrays are fresh on every call, so they are scaled in place (the Hessian is ~7 MB at d·r = 900)
    const H = withHessian ? c.hess : undefined;
    if (H) for (let e = 0; e < H.length; e++) H[e] *= coneWeight;
    const value = tau * objective(x) + coneWeight * c.value + pairs.barrier(slack, g, H, nTotal, negligible);
    return { value, g, H, slack };
  };
  const problem = { data, norm, Q, pairs, dr, nTotal, cost, m, objective, evaluate };
  return { problem, u };
}

/** Damped Newton steps on the barrier at τ from u (updated in place) until centred or stuck. */
function center(problem: BarrierProblem, u: Float64Array, tau: number, factorBuffer: Float64Array): Centering {
  let centered = false;
  let factor: Float64Array | undefined;
  for (let it = 0; it < MAX_NEWTON_PER_CENTERING && !centered; it++) {
    const e = problem.evaluate(u, tau, true)!;
    const newton = newtonDirection(e, problem.nTotal, factorBuffer);
    factor = newton?.factor;
    if (!newton) break;
    const { step } = newton;
    const decrement2 = -dotFrom(e.g, step, 0);
    if (!(decrement2 / 2 > CENTERED)) {
      centered = true;
      break;
    }
    const accepted = lineSearch(problem, u, tau, step, e.value, decrement2);
    if (!accepted) break;
    u.set(accepted);
  }
  return { centered, factor };
}

/**
 * The Newton step −H⁻¹g by Cholesky of H (into factorBuffer), with a growing ridge on the diagonal when H is
 * numerically indefinite; undefined when every ridge fails.
 */
function newtonDirection(
  e: BarrierPoint,
  nTotal: number,
  factorBuffer: Float64Array,
): { step: Float64Array; factor: Float64Array } | undefined {
  const H = e.H!;
  for (let ridge = 0; ridge < 8; ridge++) {
    const A = factorBuffer;
    A.set(H);
    if (ridge > 0) for (let i = 0; i < nTotal; i++) A[i * nTotal + i] *= 1 + 1e-12 * 100 ** ridge;
    if (choleskyInPlace(A, nTotal)) return { step: choleskySolve(A, nTotal, e.g).map((v) => -v), factor: A };
  }
  return undefined;
}

/**
 * The point accepted along the Newton step from u: the full step once inside the quadratic region, else
 * backtracking (Armijo); undefined when no step length is accepted.
 */
function lineSearch(
  problem: BarrierProblem,
  u: Float64Array,
  tau: number,
  step: Float64Array,
  value0: number,
  decrement2: number,
): Float64Array | undefined {
  const { evaluate } = problem;
  let accepted: Float64Array | undefined;
  for (let bt = 0, alpha = 1; bt < 60 && !accepted; bt++, alpha /= 2) {
    const trial = u.map((v, i) => v + alpha * step[i]);
    const t = evaluate(trial, tau, false);
    if (t && (decrement2 < 0.1 || t.value <= value0 - 0.25 * alpha * decrement2)) accepted = trial;
  }
  if (!accepted) return undefined;
  // far from the central point the barrier can be nearly linear along the Newton direction (full steps
  // accepted with an unchanged decrement): go further while the value keeps falling
  if (decrement2 > 1) {
    let value = evaluate(accepted, tau, false)!.value;
    for (let alpha = 2; alpha <= 2 ** 30; alpha *= 2) {
      const trial = u.map((v, i) => v + alpha * step[i]);
      const t = evaluate(trial, tau, false);
      if (!t || !(t.value < value)) break;
      value = t.value;
      accepted = trial;
    }
  }
  return accepted;
}

/** W, the barrier's dual weights λ_ic = 1/(τ·s_ic) and their certificate at the point u. */
function answerAt(problem: BarrierProblem, u: Float64Array, tau: number): SdpAnswer {
  const { data, norm, Q, pairs, dr } = problem;
  const { d, k: K } = data;
  const W = mulBasisT(u.subarray(0, dr), Q, d, K, K - 1);
  const slack = pairs.slacks(u.subarray(0, dr));
  const lambda = slack.map((s) => (Number.isFinite(s) && s > 0 ? 1 / (tau * s) : 0));
  const certificate = marginCertificate(data, W, lambda, norm);
  return { W, lambda, certificate };
}

/**
 * Predictor: the central path u(τ) has tangent du/dτ = −H⁻¹c (differentiate τc + ∇F(u) = 0), and H's
 * factor from the last Newton step is at hand; stepping along it to the next τ (shortened until the
 * barrier value at the next τ falls) starts the next centering close to its centre, saving most of its
 * Newton steps (the extrapolation of Fiacco & McCormick 1968; measured: 10% fewer Newton steps at
 * N = 300, d = 30, K = 6, the cone's curvature keeps the step to 1/16–1/8 of the way). Updates u in place.
 */
function predictorStep(problem: BarrierProblem, u: Float64Array, tau: number, next: number, factor: Float64Array) {
  const { evaluate, nTotal, cost } = problem;
  const tangent = choleskySolve(factor, nTotal, cost);
  const here = evaluate(u, next, false)!.value;
  for (let alpha = next - tau, bt = 0; bt < 30; bt++, alpha /= 2) {
    const trial = u.map((v, i) => v - alpha * tangent[i]);
    const t = evaluate(trial, next, false);
    if (t && t.value < here) {
      u.set(trial);
      break;
    }
  }
}

/** The best of the answers and of their dual polish (best first: on equal gaps it stands). */
function polishFinal(data: Dataset, norm: 'spectral' | 'nuclear', best: SdpAnswer, latest: SdpAnswer): SdpAnswer {
  let answer = best;
  for (const candidate of [best, latest]) {
    const polished = polishDual(data, candidate.W, candidate.lambda, norm);
    if (polished && polished.certificate.gap < answer.certificate.gap) answer = { W: candidate.W, ...polished };
  }
  return answer;
}

/** V = W Q (d×r) */
function mulBasis(W: Float64Array, Q: Float64Array, d: number, K: number, r: number): Float64Array {
  const V = new Float64Array(d * r);
  for (let j = 0; j < d; j++)
    for (let k = 0; k < K; k++) for (let a = 0; a < r; a++) V[j * r + a] += W[j * K + k] * Q[k * r + a];
  return V;
}

/** W = V Qᵀ (d×K) */
function mulBasisT(V: Float64Array, Q: Float64Array, d: number, K: number, r: number): Float64Array {
  const W = new Float64Array(d * K);
  for (let j = 0; j < d; j++)
    for (let k = 0; k < K; k++) for (let a = 0; a < r; a++) W[j * K + k] += V[j * r + a] * Q[k * r + a];
  return W;
}

function dotFrom(a: Float64Array, b: Float64Array, from: number): number {
  let s = 0;
  for (let i = from; i < a.length; i++) s += a[i] * b[i];
  return s;
}
