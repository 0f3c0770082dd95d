import { describe, expect, it } from 'vitest';
import { makeBlobs, type BlobsOptions } from '../../../src/core/data/blobs.ts';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { LabError } from '../../../src/core/types.ts';

/** 2-D sets that read well in a decision-region plot; the first matches the paper's Figure A size. */
const BLOBS_2D_PRESETS: readonly { readonly name: string; readonly options: BlobsOptions }[] = [
  { name: 'three classes, 10 points', options: { n: 10, d: 2, k: 3, seed: 0, margin: 0.5 } },
  { name: 'four classes, 40 points', options: { n: 40, d: 2, k: 4, seed: 0, margin: 0.3 } },
  { name: 'five classes, 60 points', options: { n: 60, d: 2, k: 5, seed: 0, margin: 0.2 } },
];

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
      0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254, -0.23415337472333597,
      -0.23413695694918055, 1.5792128155073915, 0.7674347291529088,
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

/** min over points of (s_{i,y_i} − max_{k≠y_i} s_ik) with s = Wᵀx_i, W d×K row-major. */
function minRelativeMargin(
  data: { n: number; d: number; k: number; X: Float64Array; y: Int32Array },
  W: Float64Array,
): number {
  let min = Infinity;
  for (let i = 0; i < data.n; i++) {
    const s = new Array<number>(data.k).fill(0);
    for (let j = 0; j < data.d; j++)
      for (let c = 0; c < data.k; c++) s[c] += data.X[i * data.d + j] * W[j * data.k + c];
    for (let c = 0; c < data.k; c++) if (c !== data.y[i]) min = Math.min(min, s[data.y[i]] - s[c]);
  }
  return min;
}

describe('makeBlobs', () => {
  const shapes = [
    { n: 10, d: 2, k: 3, margin: 0.5 },
    { n: 50, d: 1, k: 2, margin: 1 },
    { n: 60, d: 3, k: 7, margin: 0.2 },
    { n: 80, d: 10, k: 4, margin: 2 },
    { n: 40, d: 5, k: 5, margin: 0 },
  ];
  for (const shape of shapes) {
    it(`plants W that separates every point with margin ≥ ${shape.margin} (N=${shape.n} d=${shape.d} K=${shape.k})`, () => {
      const { train, test, planted } = makeBlobs({ ...shape, seed: 3 });
      for (let c = 0; c < shape.k; c++) {
        let norm2 = 0;
        for (let j = 0; j < shape.d; j++) norm2 += planted[j * shape.k + c] ** 2;
        expect(norm2).toBeCloseTo(1, 12);
      }
      expect(minRelativeMargin(train, planted)).toBeGreaterThanOrEqual(shape.margin);
      expect(minRelativeMargin(test, planted)).toBeGreaterThanOrEqual(shape.margin);
      expect(counts(train.y, shape.k).every((c) => c >= Math.floor(shape.n / shape.k))).toBe(true);
      for (const v of train.X) expect(Number.isFinite(v)).toBe(true);
    });
  }

  it('spreads 2-D class directions evenly and regular-simplex directions when d ≥ K', () => {
    const flat = makeBlobs({ n: 3, d: 2, k: 3, seed: 0, margin: 0.5 }).planted;
    for (let c = 0; c < 3; c++) {
      const angle = Math.PI / 2 + (2 * Math.PI * c) / 3;
      expect(flat[c]).toBeCloseTo(Math.cos(angle), 12);
      expect(flat[3 + c]).toBeCloseTo(Math.sin(angle), 12);
    }
    const k = 4,
      d = 6;
    const W = makeBlobs({ n: 4, d, k, seed: 9, margin: 0.5 }).planted;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        let cos = 0;
        for (let j = 0; j < d; j++) cos += W[j * k + a] * W[j * k + b];
        expect(cos).toBeCloseTo(-1 / (k - 1), 12);
      }
    }
  });

  it('is deterministic from the seed', () => {
    const a = makeBlobs({ n: 30, d: 4, k: 6, seed: 11, margin: 0.3 });
    const b = makeBlobs({ n: 30, d: 4, k: 6, seed: 11, margin: 0.3 });
    const c = makeBlobs({ n: 30, d: 4, k: 6, seed: 12, margin: 0.3 });
    expect(b.train.X).toEqual(a.train.X);
    expect(b.test.X).toEqual(a.test.X);
    expect(c.train.X).not.toEqual(a.train.X);
  });

  it('offers 2-D presets that are valid blobs', () => {
    expect(BLOBS_2D_PRESETS[0].options).toMatchObject({ n: 10, d: 2, k: 3 });
    for (const preset of BLOBS_2D_PRESETS) {
      const { train, planted } = makeBlobs(preset.options);
      expect(preset.options.d).toBe(2);
      expect(minRelativeMargin(train, planted)).toBeGreaterThanOrEqual(preset.options.margin);
    }
  });

  it('refuses shapes that cannot hold every class', () => {
    expect(() => makeBlobs({ n: 2, d: 2, k: 3, seed: 0, margin: 0.5 })).toThrow(/N=2 < K=3/);
    expect(() => makeBlobs({ n: 9, d: 1, k: 3, seed: 0, margin: 0.5 })).toThrow(LabError);
    expect(() => makeBlobs({ n: 9, d: 2, k: 3, seed: 0, margin: -1 })).toThrow(/margin/);
  });
});
