// exp, log and log1p of src/core/linalg/portable-math.ts: within 1 ulp of the engine's Math (an independent
// implementation) everywhere, exact at the points where the true value is a double, and the only
// transcendental functions the float64 trajectory calls, so the page's CPU engine (Chromium, Firefox) and
// `lab run` (Node) compute the same bits (issue 21: seed 14, CE, η = 200 of the phase diagram ended at
// distance 0.1602 in Chromium and 0.1423 in Node before).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exp, log, log1p } from '../../../src/core/linalg/portable-math.ts';

/** Distance in units in the last place (doubles of one sign). */
function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Number(view.getBigInt64(0) - view.getBigInt64(8)) * (a < 0 ? -1 : 1);
}

function* samples(lo: number, hi: number, count: number): Generator<number> {
  let s = 12345;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    yield lo + ((hi - lo) * s) / 2147483648;
  }
}

describe('portable exp, log, log1p', () => {
  const cases: [string, (x: number) => number, (x: number) => number, [number, number][]][] = [
    [
      'exp',
      exp,
      Math.exp,
      [
        [-745, 709.7],
        [-1, 1],
        [-1e-6, 1e-6],
        [-40, 40],
      ],
    ],
    [
      'log',
      (x) => log(Math.exp(x)),
      (x) => Math.log(Math.exp(x)),
      [
        [-740, 709],
        [-1e-4, 1e-4],
        [-3, 3],
      ],
    ],
    [
      'log1p',
      log1p,
      Math.log1p,
      [
        [-0.999, 1],
        [-1e-9, 1e-9],
        [1, 1e6],
        [-0.3, 0.42],
      ],
    ],
  ];
  for (const [name, mine, engine, ranges] of cases) {
    it(`${name} is within 1 ulp of Math.${name} on 40,000 arguments`, () => {
      let worst = 0;
      for (const [lo, hi] of ranges)
        for (const x of samples(lo, hi, 10_000)) worst = Math.max(worst, Math.abs(ulps(mine(x), engine(x))));
      expect(worst).toBeLessThanOrEqual(1);
    });
  }

  it('is exact where the value is a double, and takes the edges as Math does', () => {
    expect(exp(0)).toBe(1);
    expect(exp(1)).toBe(Math.E);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    expect(exp(-745)).toBe(5e-324);
    expect(log(1)).toBe(0);
    expect(log(2)).toBe(Math.LN2);
    expect(log(10)).toBe(Math.LN10);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(5e-324)).toBeCloseTo(-744.4400719213812, 12);
    expect(log(Infinity)).toBe(Infinity);
    expect(log1p(0)).toBe(0);
    expect(log1p(1)).toBe(Math.LN2);
    expect(log1p(-1)).toBe(-Infinity);
    expect(log1p(-2)).toBeNaN();
    expect(log1p(1e-300)).toBe(1e-300);
    for (const f of [exp, log, log1p]) expect(f(NaN)).toBeNaN();
  });

  // The files every float64 update passes through (data, losses, optimizers, the CPU engine): a call of the
  // engine's own Math.exp/log/log1p there lets the page and the CLI part on chaotic runs.
  it('is what the float64 trajectory calls instead of Math.exp, Math.log and Math.log1p', () => {
    const files = [
      'src/core/data/numpy-rng.ts',
      'src/core/training/losses.ts',
      'src/core/training/optimizers.ts',
      'src/core/training/optimizer-math.ts',
      'src/core/engine/cpu-engine.ts',
    ];
    for (const file of files) {
      const source = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
      expect(source.match(/\bMath\.(exp|log|log1p|expm1)\(/g), file).toBeNull();
    }
  });
});
