// min ½‖w‖² s.t. a_cᵀw ≥ 1 for every constraint c, solved exactly by the Goldfarb–Idnani dual active-set
// method (Math. Programming 27, 1983) specialised to the identity Hessian. It starts at w = 0, adds a
// violated constraint, and keeps w the minimum-norm point of its active set with nonnegative multipliers,
// dropping a constraint whenever a multiplier would turn negative. Every full step raises the dual
// objective, so it cannot cycle. It ends at the optimum, or, when a violated constraint's normal is a
// nonnegative combination of the active normals, with a Gordan ray: weights β ≥ 0 whose combination
// Σ β_c a_c is 0, proving the constraints infeasible.
//
// Only w (the primal, dimension n) and the triangular factor R of the active normals' Gram matrix are
// kept; the caller's constraint family supplies products with the normals, so structured normals (the
// SVM's have 2d nonzeros) make a step O(|S|² + |S|·nnz) and the full Gram matrix is never formed.
// On large problems most exact steps would only rediscover the support, so a cheap dual coordinate
// ascent (active-set-guess.ts) guesses it first and the exact iteration starts from that guess (made dual
// feasible) instead.
import { guessActiveSet } from './active-set-guess.ts';
import type { ConstraintFamily, MinNormProgress } from './constraint-family.ts';
import { polishActiveSet } from './dense-polish.ts';
import { TriangularFactor } from '../linalg/triangular-factor.ts';

interface MinNormOptions {
  /** a constraint counts as violated when a_cᵀw < 1 − tolerance */
  readonly tolerance: number;
  /** the most active-set steps (additions and removals) */
  readonly maxSteps: number;
  /** epochs of dual coordinate ascent guessing the active set; 0 starts the exact iteration from w = 0 */
  readonly warmStartEpochs?: number;
  /** ‖z‖/‖a_p‖ below which a new normal counts as in the span of the active ones (default SPAN_TOLERANCE) */
  readonly spanTolerance?: number;
  /** called after each warm-start epoch and each exact step, for progress reports (must not throw) */
  readonly onProgress?: (progress: MinNormProgress) => void;
}

type MinNormResult =
  /** w = Σ alpha_j a_{active_j}, every alpha_j > 0, every constraint met to the tolerance */
  | {
      readonly kind: 'optimal';
      readonly w: Float64Array;
      readonly active: readonly number[];
      readonly alpha: Float64Array;
    }
  /** β ≥ 0 (not normalised) on constraint ids whose normals combine to ≈ 0: no w meets them all */
  | { readonly kind: 'infeasible'; readonly weights: ReadonlyMap<number, number> }
  | { readonly kind: 'out of steps'; readonly steps: number }
  /** a step came out NaN or infinite: the normals are too close to dependent for float64 */
  | { readonly kind: 'numerical breakdown'; readonly steps: number };

/** ‖z‖/‖a_p‖ below which a new normal lies in the span of the active normals (z: its orthogonal part). */
const SPAN_TOLERANCE = 1e-9;
/** z is accepted without a refinement solve when |a_jᵀz| ≤ this · ‖a_j‖‖z‖ for every active j. */
const ORTHOGONALITY_TOLERANCE = 1e-12;
/** Violated constraints taken from one pass over all products; each is re-checked before it is added. */
const CANDIDATES_PER_PASS = 8;
/** Epochs of dual coordinate ascent that guess the active set before the exact iteration. */
const WARM_START_EPOCHS = 200;
/** A guessed normal joins the warm start only if this fraction of its squared norm is new (independent). */
const WARM_START_INDEPENDENCE = 1e-6;
/** Most rounds of iterative refinement for the final active-set solve (the Gram system squares the condition). */
const REFINEMENT_ROUNDS = 8;
/** Multipliers below this fraction of the largest one are rounding noise and leave the active set. */
const ALPHA_NEGLIGIBLE = 1e-13;
/** Active margins further than this from 1 after refinement call for a fresh QR solve (dense-polish.ts). */
const POLISH_ABOVE = 1e-13;

export function solveMinNormQp(family: ConstraintFamily, options: MinNormOptions): MinNormResult {
  return new GoldfarbIdnani(family, options).run();
}

class GoldfarbIdnani {
  private readonly w: Float64Array;
  private readonly factor: TriangularFactor;
  private readonly isActive: Uint8Array;
  private readonly products: Float64Array;
  private active: number[] = [];
  private multipliers: number[] = [];
  private steps = 0;

  constructor(
    private readonly family: ConstraintFamily,
    private readonly options: MinNormOptions,
  ) {
    this.w = new Float64Array(family.dimension);
    // Active normals stay linearly independent, so there are never more of them than dimensions.
    this.factor = new TriangularFactor(Math.min(family.rank, family.count));
    this.isActive = new Uint8Array(family.count);
    this.products = new Float64Array(family.count);
  }

  run(): MinNormResult {
    try {
      this.warmStart();
      for (;;) {
        const candidates = this.mostViolated();
        if (candidates.length === 0) {
          if (this.settle())
            return { kind: 'optimal', w: this.w, active: this.active, alpha: Float64Array.from(this.multipliers) };
          continue;
        }
        // The first candidate is violated at the current w by construction; later ones are re-checked
        // because each addition moves w.
        let moved = false;
        for (const p of candidates) {
          if (moved && this.family.dot(p, this.w) - 1 >= -this.options.tolerance) continue;
          const ray = this.add(p);
          if (ray) return { kind: 'infeasible', weights: ray };
          moved = true;
        }
      }
    } catch (e) {
      if (e instanceof OutOfSteps) return { kind: 'out of steps', steps: this.steps };
      if (e instanceof Breakdown) return { kind: 'numerical breakdown', steps: this.steps };
      throw e;
    }
  }

  /**
   * Guesses the active set with a few epochs of dual coordinate ascent (O(nnz) per constraint), factors
   * its Gram matrix column by column (skipping dependent normals), and drops negative multipliers until
   * the start is dual feasible, as Goldfarb–Idnani requires. The exact iteration then only fixes the guess,
   * which saves most of its O(|S|²) steps on large problems; the result does not depend on the guess.
   */
  private warmStart(): void {
    const epochs = this.options.warmStartEpochs ?? WARM_START_EPOCHS;
    if (epochs === 0) return;
    const { family } = this;
    const guess = guessActiveSet(family, epochs, this.options.onProgress);
    for (const c of guess) {
      if (this.active.length === this.factor.capacity) break;
      const g = Float64Array.from(this.active, (e) => family.pairDot(e, c));
      const above = this.factor.solveTransposed(g);
      const norm = family.norm(c);
      const diagonal2 = norm * norm - dot(above, above);
      if (!(diagonal2 > WARM_START_INDEPENDENCE * norm * norm)) continue;
      this.factor.append(above, Math.sqrt(diagonal2));
      this.active.push(c);
      this.isActive[c] = 1;
    }
    // Dropping every nonpositive multiplier at once, round after round, ends dual feasible in a few rounds.
    for (;;) {
      const start = this.factor.solve(this.factor.solveTransposed(new Float64Array(this.active.length).fill(1)));
      let dropped = false;
      for (let j = start.length - 1; j >= 0; j--) {
        if (start[j] > 0) continue;
        this.drop(j);
        dropped = true;
      }
      if (!dropped) break;
    }
    const start = this.refinedMultipliers().alpha;
    this.multipliers = Array.from(start, (a) => Math.max(0, a));
    this.w.set(this.combination(start));
  }

  /**
   * Up to CANDIDATES_PER_PASS violated inactive constraints, most violated first. Active constraints are
   * equalities, held at 1 by construction (and by the refinement in settle).
   */
  private mostViolated(): number[] {
    const m = this.products;
    this.family.products(this.w, m);
    const threshold = 1 - this.options.tolerance;
    const best: number[] = [];
    for (let c = 0; c < m.length; c++) {
      if (!(m[c] < threshold) || this.isActive[c]) continue;
      if (best.length === CANDIDATES_PER_PASS && m[c] >= m[best[best.length - 1]]) continue;
      let at = best.length;
      while (at > 0 && m[best[at - 1]] > m[c]) at--;
      best.splice(at, 0, c);
      if (best.length > CANDIDATES_PER_PASS) best.pop();
    }
    return best;
  }

  private countStep(): void {
    if (++this.steps > this.options.maxSteps) throw new OutOfSteps();
    this.options.onProgress?.({ phase: 'active set', done: this.steps, active: this.active.length });
  }

  /** Goldfarb–Idnani steps 2(a)–(c) for the violated constraint p. Returns a Gordan ray if p cannot be met. */
  private add(p: number): Map<number, number> | undefined {
    const pNorm = this.family.norm(p);
    let pMultiplier = 0;
    for (;;) {
      this.countStep();
      const { r, z, zNorm, above } = this.direction(p);
      // Partial step limit: the first active multiplier to reach 0 as weight shifts onto p.
      let partial = Infinity;
      let leaving = -1;
      for (let j = 0; j < r.length; j++) {
        if (r[j] <= 0) continue;
        const limit = this.multipliers[j] / r[j];
        if (limit < partial) {
          partial = limit;
          leaving = j;
        }
      }
      // A full factor means the active normals already span every direction the normals can take.
      if (
        zNorm <= (this.options.spanTolerance ?? SPAN_TOLERANCE) * pNorm ||
        this.active.length === this.factor.capacity
      ) {
        if (leaving < 0) return this.gordanRay(p, r);
        this.shiftMultipliers(r, partial);
        pMultiplier += partial;
        this.drop(leaving);
        continue;
      }
      const slack = this.family.dot(p, this.w) - 1;
      const full = -slack / (zNorm * zNorm);
      // z too short to square, or no multiplier to release: float64 cannot take this step
      if (!Number.isFinite(full) || (!(full <= partial) && leaving < 0)) throw new Breakdown();
      const step = Math.min(partial, full);
      const w = this.w;
      for (let e = 0; e < z.length; e++) w[e] += step * z[e];
      this.shiftMultipliers(r, step);
      pMultiplier += step;
      if (full <= partial) {
        this.factor.append(above, zNorm);
        this.active.push(p);
        this.isActive[p] = 1;
        this.multipliers.push(pMultiplier);
        return undefined;
      }
      this.drop(leaving);
    }
  }

  private shiftMultipliers(r: Float64Array, step: number): void {
    for (let j = 0; j < r.length; j++) this.multipliers[j] = Math.max(0, this.multipliers[j] - step * r[j]);
  }

  private drop(j: number): void {
    this.isActive[this.active[j]] = 0;
    this.active.splice(j, 1);
    this.multipliers.splice(j, 1);
    this.factor.remove(j);
  }

  /**
   * r = (AᵀA)⁻¹Aᵀa_p by the semi-normal equations RᵀR r = Aᵀa_p, z = a_p − A r, and `above` = R r, the new
   * column of R if p joins. When z is not orthogonal to the active normals to ORTHOGONALITY_TOLERANCE, one
   * refinement against the normals themselves (corrected semi-normal equations) brings the Q-less solve
   * up to the accuracy of a QR solve.
   */
  private direction(p: number): { r: Float64Array; z: Float64Array; zNorm: number; above: Float64Array } {
    const { family, active, factor } = this;
    const q = active.length;
    const g = new Float64Array(q);
    for (let j = 0; j < q; j++) g[j] = family.pairDot(active[j], p);
    const above = factor.solveTransposed(g);
    const r = factor.solve(above);
    const z = new Float64Array(family.dimension);
    family.addScaled(z, p, 1);
    for (let j = 0; j < q; j++) family.addScaled(z, active[j], -r[j]);
    let zNorm = norm2(z);
    const h = new Float64Array(q);
    let refine = false;
    for (let j = 0; j < q; j++) {
      h[j] = family.dot(active[j], z);
      if (Math.abs(h[j]) > ORTHOGONALITY_TOLERANCE * family.norm(active[j]) * zNorm) refine = true;
    }
    if (refine) {
      const aboveCorrection = factor.solveTransposed(h);
      const dr = factor.solve(aboveCorrection);
      for (let j = 0; j < q; j++) {
        r[j] += dr[j];
        above[j] += aboveCorrection[j];
        family.addScaled(z, active[j], -dr[j]);
      }
      zNorm = norm2(z);
    }
    return { r, z, zNorm, above };
  }

  private gordanRay(p: number, r: Float64Array): Map<number, number> {
    const weights = new Map<number, number>([[p, 1]]);
    const largest = r.reduce((m, v) => Math.max(m, -v), 1);
    for (let j = 0; j < r.length; j++) if (-r[j] > ALPHA_NEGLIGIBLE * largest) weights.set(this.active[j], -r[j]);
    return weights;
  }

  /**
   * Re-solves the active-set equations a_cᵀw = 1 with refinement, rebuilds w = Σ α a, and lets negligible
   * or negative multipliers leave. True if every constraint then holds; otherwise the iteration goes on
   * from the refined point.
   */
  private settle(): boolean {
    for (;;) {
      const refined = this.refinedMultipliers();
      const { residual } = refined;
      let { alpha } = refined;
      let w: Float64Array | undefined;
      if (residual > POLISH_ABOVE) {
        const polished = polishActiveSet(this.family, this.active);
        if (polished && polished.residual < residual) ({ alpha, w } = polished);
      }
      const largest = alpha.reduce((m, a) => Math.max(m, a), 0);
      let worst = -1;
      for (let j = 0; j < alpha.length; j++) {
        if (alpha[j] <= ALPHA_NEGLIGIBLE * largest && (worst < 0 || alpha[j] < alpha[worst])) worst = j;
      }
      if (worst >= 0) {
        this.countStep();
        this.drop(worst);
        continue;
      }
      this.multipliers = Array.from(alpha);
      this.w.set(w ?? this.combination(alpha));
      return this.mostViolated().length === 0;
    }
  }

  /**
   * Σ α_j a_j in twice the precision, then rounded: on small margins the terms are far larger than the
   * sum (Σ α‖a‖ ≈ ‖w‖²·max‖a‖), and a plain sum would lose the margins to cancellation.
   */
  private combination(alpha: Float64Array): Float64Array {
    const hi = new Float64Array(this.family.dimension);
    const lo = new Float64Array(this.family.dimension);
    for (let j = 0; j < alpha.length; j++) this.family.addScaledCompensated(hi, lo, this.active[j], alpha[j]);
    for (let e = 0; e < hi.length; e++) hi[e] += lo[e];
    return hi;
  }

  /** the active-set multipliers, refined, with max |1 − a_cᵀw| over the active set for w = Σ α a */
  private refinedMultipliers(): { alpha: Float64Array; residual: number } {
    const { family, active, factor } = this;
    const alpha = factor.solve(factor.solveTransposed(new Float64Array(active.length).fill(1)));
    // Refine while the active margins' residual keeps shrinking (it stalls at rounding level); keep the best.
    let best = Float64Array.from(alpha);
    let bestSize = Infinity;
    for (let round = 0; round <= REFINEMENT_ROUNDS; round++) {
      const w = this.combination(alpha);
      const residual = Float64Array.from(active, (c) => 1 - family.dot(c, w));
      const size = residual.reduce((m, r) => Math.max(m, Math.abs(r)), 0);
      if (!(size < bestSize)) break;
      best = Float64Array.from(alpha);
      const halved = size < bestSize / 2;
      bestSize = size;
      if (!halved || round === REFINEMENT_ROUNDS) break;
      const delta = factor.solve(factor.solveTransposed(residual));
      for (let j = 0; j < alpha.length; j++) alpha[j] += delta[j];
    }
    alpha.set(best);
    if (!alpha.every(Number.isFinite)) throw new Breakdown();
    return { alpha, residual: bestSize };
  }
}

class OutOfSteps extends Error {}
class Breakdown extends Error {}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let e = 0; e < a.length; e++) sum += a[e] * b[e];
  return sum;
}

function norm2(v: Float64Array): number {
  let sum = 0;
  for (let e = 0; e < v.length; e++) sum += v[e] * v[e];
  return Math.sqrt(sum);
}
