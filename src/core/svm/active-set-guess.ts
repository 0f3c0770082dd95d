// A guess of the active set of min ½‖w‖² s.t. a_cᵀw ≥ 1 by a few epochs of dual coordinate ascent
// (Hildreth's method; Hsieh et al., ICML 2008, for the SVM dual): each step moves one multiplier α_c ≥ 0 to
// make its constraint hold with equality, at O(nnz of a_c). It does not converge to the exact answer in
// float64 worth of digits, but after a few hundred epochs the constraints with α > 0 are nearly the active
// set, which saves the exact Goldfarb–Idnani iteration (min-norm-qp.ts) most of its O(|S|²) steps.
import type { ConstraintFamily, MinNormProgress } from './constraint-family.ts';

/** Every this many epochs the ascent sweeps all constraints; in between only the unshrunk ones. */
const FULL_SWEEP_EVERY = 10;
/** A constraint with α = 0 and margin above this at a full sweep is skipped until the next one. */
const SHRINK_MARGIN = 1.5;

/** The constraints with α > 0 after `epochs` epochs of dual coordinate ascent from α = 0, largest α first. */
export function guessActiveSet(
  family: ConstraintFamily,
  epochs: number,
  onProgress?: (progress: MinNormProgress) => void,
): number[] {
  const m = new Float64Array(family.count);
  family.products(new Float64Array(family.dimension), m);
  const alpha = new Float64Array(family.count);
  const w = new Float64Array(family.dimension);
  const all: number[] = [];
  for (let c = 0; c < family.count; c++) if (m[c] !== Infinity) all.push(c);
  // Shrinking: between full sweeps, skip constraints with α = 0 whose margin is well above 1.
  let working = all;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const full = epoch % FULL_SWEEP_EVERY === 0;
    const kept: number[] = [];
    for (const c of full ? all : working) {
      const norm = family.norm(c);
      const margin = family.dot(c, w);
      const delta = Math.max(-alpha[c], (1 - margin) / (norm * norm));
      if (delta !== 0) {
        alpha[c] += delta;
        family.addScaled(w, c, delta);
      }
      if (full && (alpha[c] > 0 || margin < SHRINK_MARGIN)) kept.push(c);
    }
    if (full) working = kept;
    onProgress?.({ phase: 'warm start', done: epoch + 1, total: epochs, active: 0 });
  }
  const guess: number[] = [];
  for (let c = 0; c < family.count; c++) if (alpha[c] > 0) guess.push(c);
  guess.sort((a, b) => alpha[b] - alpha[a]);
  return guess;
}
