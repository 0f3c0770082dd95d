import { describe, expect, it } from 'vitest';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { buildProblem, sigmaMax2 } from '../../../src/core/data/problem.ts';
import { NumpyRandomState } from '../../../src/core/data/numpy-rng.ts';
import { LabError } from '../../../src/core/types.ts';

// References: numpy, np.linalg.norm(X, 2)**2 for the same arrays.
describe('sigmaMax2', () => {
  it('matches numpy on the paper seed-0 train set and the Figure A set', () => {
    const paper = makePaperData({ n: 100, d: 10, k: 3, seed: 0 }).train;
    expect(sigmaMax2(paper.X, 100, 10)).toBeCloseTo(145.57385091202974, 10);
    const figureA = makePaperData({ n: 10, d: 2, k: 3, seed: 42 }).train;
    expect(sigmaMax2(figureA.X, 10, 2)).toBeCloseTo(12.702336259986769, 11);
  });

  it('matches numpy on a wide matrix (N=100 < d=1000), where the Gram matrix is rank deficient', () => {
    const X = new NumpyRandomState(1).randnArray(100 * 1000);
    expect(Math.abs(sigmaMax2(X, 100, 1000) / 1753.6817931740015 - 1)).toBeLessThan(1e-12);
  });

  it('is exact on matrices with known singular values', () => {
    // rows (3,0,0), (0,0,0): σ_max² = 9; rows (1,1), (1,−1): XᵀX = 2I, a double top eigenvalue
    expect(sigmaMax2(new Float64Array([3, 0, 0, 0, 0, 0]), 2, 3)).toBeCloseTo(9, 13);
    expect(sigmaMax2(new Float64Array([1, 1, 1, -1]), 2, 2)).toBeCloseTo(2, 13);
    expect(sigmaMax2(new Float64Array(6), 2, 3)).toBe(0);
    expect(sigmaMax2(new Float64Array([-2.5]), 1, 1)).toBeCloseTo(6.25, 13);
  });
});

describe('buildProblem', () => {
  it('attaches the hard-margin SVM and σ_max² of the training set', () => {
    const { train, test } = makePaperData({ n: 10, d: 2, k: 3, seed: 42 });
    const problem = buildProblem('paper N=10 d=2 K=3 seed=42', train, test);
    expect(problem.name).toBe('paper N=10 d=2 K=3 seed=42');
    expect(problem.train).toBe(train);
    expect(problem.test).toBe(test);
    expect(problem.svm.normF).toBeCloseTo(6.91602, 4); // docs/protocol.md (Figure A)
    expect(problem.svm.minMargin).toBeCloseTo(1, 6);
    expect(problem.sigmaMax2).toBeCloseTo(12.702336259986769, 11);
  });

  it('refuses data that are not linearly separable with a LabError on the data field', () => {
    // the same point with two labels cannot be separated
    const X = new Float64Array([1, 0, 1, 0, 0, 1]);
    const y = new Int32Array([0, 1, 1]);
    let error: unknown;
    try {
      buildProblem('clash', { n: 3, d: 2, k: 2, X, y });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).field).toBe('data');
    expect((error as LabError).message).toMatch(/separable/);
  });
});
