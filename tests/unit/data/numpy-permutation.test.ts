// numpy's legacy RandomState(S).permutation(N), drawn epoch after epoch from one stream (issue 17's
// mini-batch order), bit for bit: against stored vectors and against Debian's python3-numpy itself.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../../src/core/data/numpy-rng.ts';
import { LabError } from '../../../src/core/types.ts';

interface VectorCase {
  readonly seed: number;
  readonly n: number;
  readonly epochs: readonly (readonly number[])[];
}

// Produced by numpy 1.24's legacy RandomState: `r = numpy.random.RandomState(seed)`, then
// `r.permutation(n)` once per epoch, all from the one `r`.
const VECTORS = JSON.parse(
  readFileSync(new URL('../../fixtures/numpy-permutation-vectors.json', import.meta.url), 'utf8'),
) as { readonly cases: readonly VectorCase[] };

/** Debian's numpy (scripts/setup.sh installs python3-numpy); the test fails, naming the fix, without it. */
function numpyPermutations(seed: number, n: number, epochs: number): number[][] {
  const program = `import json, numpy\nr = numpy.random.RandomState(${seed})\nprint(json.dumps([r.permutation(${n}).tolist() for _ in range(${epochs})]))`;
  const r = spawnSync('/usr/bin/python3', ['-c', program], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 });
  if (r.status !== 0) {
    throw new Error(`Debian's python3-numpy is needed for this test: run \`npm run setup\`\n${r.stderr ?? ''}`);
  }
  return JSON.parse(r.stdout) as number[][];
}

function labPermutations(seed: number, n: number, epochs: number): number[][] {
  const rng = new NumpyRandomState(seed);
  return Array.from({ length: epochs }, () => Array.from(rng.permutation(n)));
}

describe('NumpyRandomState.permutation (numpy legacy shuffle)', () => {
  it('matches the stored numpy vectors bit for bit, epoch after epoch from one stream', () => {
    expect(VECTORS.cases.length).toBeGreaterThanOrEqual(5);
    for (const c of VECTORS.cases) {
      expect(labPermutations(c.seed, c.n, c.epochs.length)).toEqual(c.epochs);
    }
  });

  it("matches Debian's numpy directly, across seeds, sizes (powers of two and not) and many epochs", () => {
    const cases: [number, number, number][] = [
      [0, 1, 3],
      [3, 64, 5],
      [11, 65, 5],
      [2 ** 32 - 1, 300, 4],
      [424242, 70_001, 2],
    ];
    for (const [seed, n, epochs] of cases) {
      expect(labPermutations(seed, n, epochs)).toEqual(numpyPermutations(seed, n, epochs));
    }
  });

  it('is a permutation of 0..n-1, and n = 0 is empty', () => {
    const p = Array.from(new NumpyRandomState(5).permutation(1000)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(new NumpyRandomState(5).permutation(0).length).toBe(0);
  });

  it('refuses sizes numpy cannot take', () => {
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => new NumpyRandomState(0).permutation(bad)).toThrow(LabError);
  });
});
