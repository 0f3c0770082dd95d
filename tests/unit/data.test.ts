import { describe, expect, it } from 'vitest';
import { makePaperData } from '../../src/core/data/paper.ts';
import { LabError } from '../../src/core/types.ts';

function counts(y: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const label of y) c[label]++;
  return c;
}

// Reference values printed by python numpy running the authors' make_dataset.
describe('makePaperData', () => {
  it('reproduces the Figure B data set of seed 0 (N=100, d=10, K=3)', () => {
    const { train, test } = makePaperData({ n: 100, d: 10, k: 3, seed: 0 });
    expect([train.n, train.d, train.k, train.X.length, train.y.length]).toEqual([100, 10, 3, 1000, 100]);
    expect(Array.from(train.X.slice(0, 3))).toEqual([1.764052345967664, 0.4001572083672233, 0.9787379841057392]);
    expect(Array.from(test.X.slice(0, 2))).toEqual([0.555962679709798, 0.8924738873315303]);
    expect(test.X[999]).toBe(-1.3109703704412123);
    expect(counts(train.y, 3)).toEqual([33, 40, 27]);
    expect(counts(test.y, 3)).toEqual([32, 38, 30]);
    expect(Array.from(train.y.slice(0, 20))).toEqual([1, 1, 0, 2, 0, 1, 0, 2, 1, 0, 0, 1, 0, 1, 0, 1, 0, 2, 0, 1]);
    expect(Array.from(test.y.slice(0, 10))).toEqual([1, 1, 2, 1, 1, 0, 2, 1, 0, 1]);
  });

  it('reproduces the Figure A data set (N=10, d=2, K=3, seed 42)', () => {
    const { train, test } = makePaperData({ n: 10, d: 2, k: 3, seed: 42 });
    expect(Array.from(train.y)).toEqual([0, 0, 1, 0, 2, 1, 1, 2, 2, 1]);
    expect(Array.from(test.y)).toEqual([0, 1, 2, 2, 1, 0, 1, 1, 1, 2]);
    expect(Array.from(train.X.slice(0, 8))).toEqual([
      0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254,
      -0.23415337472333597, -0.23413695694918055, 1.5792128155073915, 0.7674347291529088,
    ]);
    expect(Array.from(train.X.slice(14, 16))).toEqual([-1.7249178325130328, -0.5622875292409727]);
  });

  it('refuses a seed whose labels miss a class, naming the classes and a seed that works', () => {
    // numpy: N=4, d=2, K=4: seed 0 has labels {0, 2}; seeds 1, 2, 3 miss a class; seed 4 has all four.
    let error: unknown;
    try {
      makePaperData({ n: 4, d: 2, k: 4, seed: 0 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).field).toBe('seeds');
    expect((error as LabError).message).toContain('classes 1, 3 are missing');
    expect((error as LabError).message).toContain('seed 4 has every class');
    expect(counts(makePaperData({ n: 4, d: 2, k: 4, seed: 4 }).train.y, 4).reduce((a, b) => a + b)).toBe(4);
  });

  it('is deterministic and independent between seeds', () => {
    const a = makePaperData({ n: 20, d: 3, k: 3, seed: 5 });
    const b = makePaperData({ n: 20, d: 3, k: 3, seed: 5 });
    const c = makePaperData({ n: 20, d: 3, k: 3, seed: 6 });
    expect(b.train.X).toEqual(a.train.X);
    expect(b.test.y).toEqual(a.test.y);
    expect(c.train.X[0]).not.toBe(a.train.X[0]);
  });
});
