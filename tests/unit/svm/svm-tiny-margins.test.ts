// Issue 11, item 2: separable data with tiny margins (two points a tiny distance apart with different
// labels, two classes nearly touching) must never be "proved" non-separable, and Ŵ must never be given
// without a certificate that holds: either Ŵ with every margin ≥ 1 − 1e-9 in exact arithmetic and KKT
// residuals ≤ 1e-9, or a refusal that says the margin is below what float64 can certify, with numbers.
import { describe, expect, it } from 'vitest';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { SvmNotCertifiedError, solveSvm } from '../../../src/core/svm/svm-solver.ts';
import type { Dataset } from '../../../src/core/types.ts';
import { exactShortfall } from '../helpers/exact-margins.ts';

function dataset(k: number, rows: number[][], labels: number[]): Dataset {
  return { n: rows.length, d: rows[0].length, k, X: Float64Array.from(rows.flat()), y: Int32Array.from(labels) };
}

/** Rows 0 and 1 are δ apart with labels 0 and 1; class 2 sits elsewhere. Separable: w_1 − w_0 ∝ (0, 1/δ). */
const nearDuplicates = (delta: number) =>
  dataset(
    3,
    [
      [1, 0],
      [1, delta],
      [-1, 1],
      [0, -1],
    ],
    [0, 1, 2, 2],
  );
/** Classes 0 and 1 on either side of the x₁ axis, 2δ apart at x₁ = 1: separable by w_0 − w_1 = (0, 1/δ). */
const touching = (delta: number) =>
  dataset(
    2,
    [
      [1, delta],
      [1, -delta],
      [-1, 1],
      [-1, -1],
    ],
    [0, 1, 0, 1],
  );

type Answer = { kind: 'certified'; shortfall: number } | { kind: 'refused'; message: string; reason: string };

/** The only two honest answers for separable data; a non-separable verdict fails the test. */
function honestAnswer(data: Dataset): Answer {
  let outcome;
  try {
    outcome = solveSvm(data);
  } catch (e) {
    if (!(e instanceof SvmNotCertifiedError)) throw e;
    expect(e.message).toMatch(/^the margin is below what float64 can certify/);
    expect(e.message).toMatch(/\d\.?\d*e-\d+/); // with the numbers
    expect(e.message).not.toMatch(/maxIterations/);
    return { kind: 'refused', message: e.message, reason: e.reason };
  }
  if (!outcome.separable) throw new Error(`separable data declared non-separable: ${outcome.message}`);
  const s = outcome.solution;
  const shortfall = exactShortfall(data, s.W);
  expect(s.kkt.max).toBeLessThanOrEqual(1e-9);
  expect(shortfall).toBeLessThanOrEqual(1e-9);
  expect(s.minMargin).toBeGreaterThanOrEqual(1 - 1e-9);
  return { kind: 'certified', shortfall };
}

describe('solveSvm on separable data with tiny margins', () => {
  it.each([1e-10, 1e-11, 1e-12])('refuses, rather than "proves" non-separable, two points %s apart', (delta) => {
    const answer = honestAnswer(nearDuplicates(delta));
    expect(answer.kind).toBe('refused');
  });

  it.each([1e-6, 1e-10, 1e-11, 1e-12])(
    'solves, rather than "proves" non-separable, two classes %s from touching',
    (delta) => {
      // hand-solved: w_0 − w_1 = v = (0, 1/δ) meets all four margins (two with equality), W = [v/2, −v/2]
      const data = touching(delta);
      expect(honestAnswer(data).kind).toBe('certified');
      const outcome = solveSvm(data);
      if (!outcome.separable) throw new Error('unreachable');
      expect(outcome.solution.normF * delta * Math.SQRT2).toBeCloseTo(1, 12);
    },
  );

  it.each([1e-8, 1e-9])('gives no uncertified Ŵ for two points %s apart (float64 cannot certify it)', (delta) => {
    // before the fix: exit 0 with a margin 1.5e-8 short and a complementarity residual of 4e8
    expect(honestAnswer(nearDuplicates(delta)).kind).toBe('refused');
  });

  it.each([1e-4, 1e-6])('certifies Ŵ, margins exact to 1e-9, for two points %s apart', (delta) => {
    expect(honestAnswer(nearDuplicates(delta)).kind).toBe('certified');
  });

  it('names the rows and the relative margin when it refuses', () => {
    const answer = honestAnswer(nearDuplicates(1e-8));
    if (answer.kind !== 'refused') throw new Error('expected a refusal');
    expect(answer.message).toMatch(/largest margin of these data is about [\d.e-]+ of their scale/);
    expect(answer.message).toMatch(/rows with the largest multipliers are [0-9, ]*\b1\b/);
    expect(answer.message).toMatch(/remove or relabel/);
  });

  it('certifies the generated N = 100000, d = 3, K = 3 set (margin about 4e-6 of its scale) to 1e-9', () => {
    const { train } = makePaperData({ n: 100_000, d: 3, k: 3, seed: 0 });
    expect(honestAnswer(train).kind).toBe('certified');
  });
});

describe('solveSvm keeps its exact non-separability proofs', () => {
  it('still proves conflicting duplicates and exact multiples non-separable', () => {
    for (const data of [
      dataset(
        2,
        [
          [1, 1e-12],
          [1, 1e-12],
          [-1, 0],
        ],
        [0, 1, 1],
      ),
      dataset(
        2,
        [
          [3, 1e-12],
          [6, 2e-12],
          [-1, 0],
        ],
        [0, 1, 1],
      ),
    ]) {
      const outcome = solveSvm(data);
      expect(outcome.separable).toBe(false);
    }
  });

  it('does not call rows on nearly (not exactly) one ray "the same direction"', () => {
    // (1, 1e-14) and (1, 0) differ in direction by 1e-14 < the 1e-13 screening tolerance
    const data = dataset(
      2,
      [
        [1, 0],
        [1, 1e-14],
        [-1, 0.5],
      ],
      [0, 1, 1],
    );
    const answer = honestAnswer(data);
    expect(answer.kind).toBe('refused');
  });
});
