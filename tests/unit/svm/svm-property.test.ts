// Issue 11: for any separable data and any scale s = 10^e (e from −300 to 300), the SVM's answer for sX
// is its answer for X, scaled (Ŵ(sX) = Ŵ(X)/s to 1e-9 relative), or both are the same honest refusal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../../src/core/data/numpy-rng.ts';
import { SvmNotCertifiedError, solveSvm } from '../../../src/core/svm/svm-solver.ts';
import type { Dataset } from '../../../src/core/types.ts';

type Answer =
  | { kind: 'solved'; W: Float64Array; normF: number; minMargin: number; kkt: number }
  | { kind: 'refused'; reason: string; message: string }
  | { kind: 'not separable'; evidence: string };

function answerOf(data: Dataset): Answer {
  try {
    const outcome = solveSvm(data);
    if (!outcome.separable) return { kind: 'not separable', evidence: outcome.evidence.kind };
    const s = outcome.solution;
    return { kind: 'solved', W: s.W, normF: s.normF, minMargin: s.minMargin, kkt: s.kkt.max };
  } catch (e) {
    if (e instanceof SvmNotCertifiedError) return { kind: 'refused', reason: e.reason, message: e.message };
    throw e;
  }
}

/** Gaussian points labelled by a Gaussian linear teacher (argmax of Tᵀx): separable by construction. */
function teacherLabelled(n: number, d: number, k: number, seed: number): Dataset {
  const rng = new NumpyRandomState(seed);
  const T = rng.randnArray(d * k);
  const X = rng.randnArray(n * d);
  const y = Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      let score = 0;
      for (let j = 0; j < d; j++) score += X[i * d + j] * T[j * k + c];
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return best;
  });
  return { n, d, k, X, y };
}

/** the message without its numbers, which may differ in the last digits (10^e is not exact in float64) */
const wording = (message: string) => message.replace(/-?\d[\d.]*(e[+-]?\d+)?/g, '#');

describe('solveSvm under rescaling (property)', () => {
  it('answers sX with the rescaled answer for X, or refuses both alike', () => {
    const cases = fc.record({
      seed: fc.integer({ min: 0, max: 10_000 }),
      n: fc.integer({ min: 2, max: 40 }),
      d: fc.integer({ min: 1, max: 5 }),
      k: fc.integer({ min: 2, max: 4 }),
      e: fc.integer({ min: -300, max: 300 }),
    });
    let solved = 0;
    fc.assert(
      fc.property(cases, ({ seed, n, d, k, e }) => {
        const train = teacherLabelled(n, d, k, seed);
        const s = 10 ** e;
        const base = answerOf(train);
        const scaled = answerOf({ ...train, X: train.X.map((v) => v * s) });
        expect(base.kind).not.toBe('not separable');
        expect(scaled.kind).toBe(base.kind);
        if (base.kind === 'solved' && scaled.kind === 'solved') {
          solved++;
          const largest = base.W.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          base.W.forEach((v, j) => expect(Math.abs(scaled.W[j] * s - v)).toBeLessThanOrEqual(1e-9 * largest));
          expect(Math.abs((scaled.normF * s) / base.normF - 1)).toBeLessThanOrEqual(1e-9);
          expect(scaled.kkt).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(scaled.minMargin - 1)).toBeLessThanOrEqual(1e-9);
        }
        if (base.kind === 'refused' && scaled.kind === 'refused') {
          expect(scaled.reason).toBe(base.reason);
          expect(wording(scaled.message)).toBe(wording(base.message));
        }
      }),
      { seed: 11, numRuns: 150 },
    );
    expect(solved).toBeGreaterThan(100);
  });
});
