// Issue 11, item 1: margins are linear in X, so Ŵ(sX) = Ŵ(X)/s and α(sX) = α(X)/s² for every s > 0.
// Data with huge or tiny entries must get the answer of their rescaled copy, not a crash or a false
// "not separable".
import { describe, expect, it } from 'vitest';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { solveSvm } from '../../../src/core/svm/svm-solver.ts';
import type { Dataset, SvmSolution } from '../../../src/core/types.ts';
import { exactShortfall } from '../helpers/exact-margins.ts';

function dataset(k: number, rows: number[][], labels: number[]): Dataset {
  return { n: rows.length, d: rows[0].length, k, X: Float64Array.from(rows.flat()), y: Int32Array.from(labels) };
}

function solved(data: Dataset): SvmSolution {
  const outcome = solveSvm(data);
  if (!outcome.separable) throw new Error(`expected separable data, got: ${outcome.message}`);
  return outcome.solution;
}

const scaled = (data: Dataset, s: number): Dataset => ({ ...data, X: data.X.map((v) => v * s) });

/** every margin of W at least 1 − 1e-9 in exact arithmetic, and the certificate at 1e-9 */
function expectCertified(data: Dataset, s: SvmSolution): void {
  expect(s.kkt.max).toBeLessThan(1e-9);
  expect(exactShortfall(data, s.W)).toBeLessThan(1e-9);
  expect(Math.abs(s.minMargin - 1)).toBeLessThan(1e-9);
}

// The reproductions: three points, one per class, and the four points of its third example.
const TRIANGLE = dataset(
  3,
  [
    [1, 0],
    [0, 1],
    [-1, -1],
  ],
  [0, 1, 2],
);
const FOUR = dataset(
  3,
  [
    [1, 0],
    [0, 1],
    [-1, -1],
    [1, 1],
  ],
  [0, 1, 2, 0],
);

describe('solveSvm on rescaled data', () => {
  it.each([
    ['1e300', TRIANGLE, 1e300],
    ['1e-200', TRIANGLE, 1e-200],
    ['1e-160', FOUR, 1e-160],
    ['1e-300', FOUR, 1e-300],
    ['1e307', FOUR, 1e307],
  ])('gives the rescaled answer for entries of size %s: Ŵ(sX) = Ŵ(X)/s', (_, base, s) => {
    const reference = solved(base);
    const data = scaled(base, s);
    const answer = solved(data);
    expectCertified(data, answer);
    answer.W.forEach((v, e) => expect(Math.abs(v * s - reference.W[e])).toBeLessThan(1e-12 * reference.normF));
    expect(answer.normF * s).toBeCloseTo(reference.normF, 12);
    // the multipliers scale as 1/s²; beyond float64's range they come with alphaExponent
    expect(answer.support.map(({ i, k }) => [i, k])).toEqual(reference.support.map(({ i, k }) => [i, k]));
    answer.support.forEach((c, j) => {
      const log2Alpha = Math.log2(c.alpha) + (answer.alphaExponent ?? 0);
      expect(log2Alpha).toBeCloseTo(Math.log2(reference.support[j].alpha) - 2 * Math.log2(s), 9);
    });
  });

  it('gives bit-for-bit the same Ŵ, scaled, for power-of-two rescalings of the paper data', () => {
    const { train } = makePaperData({ n: 60, d: 5, k: 3, seed: 7 });
    const reference = solved(train);
    for (const e of [-1000, -600, -1, 1, 300, 1000]) {
      const answer = solved(scaled(train, 2 ** e));
      expect(Array.from(answer.W, (v) => v * 2 ** e)).toEqual(Array.from(reference.W));
      expect(answer.kkt.max).toBeLessThan(1e-9);
    }
  });

  it("reports α in the data's own units, alphaExponent 0, whenever they fit in float64", () => {
    const data = dataset(
      2,
      [
        [1, 2],
        [-2, -1],
      ],
      [0, 1],
    );
    const s = solved(data);
    expect(s.alphaExponent).toBe(0);
    // hand-solved: Ŵ = (1/18)(a_01 + a_10)
    s.support.forEach((c) => expect(c.alpha).toBeCloseTo(1 / 18, 15));
  });
});
