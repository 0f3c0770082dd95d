// The authors' data generator (`make_dataset` in their figure notebook): Gaussian features labelled
// by a random linear teacher through the origin, so the data are separable by construction.
import { NumpyRandomState } from './numpy-rng.ts';
import { LabError, type Dataset } from '../types.ts';
import { generatorIssues } from '../sizes/generator-rules.ts';

/** How many later seeds to try when suggesting a replacement for a seed that misses a class. */
const SEED_SUGGESTION_TRIES = 20;
/** Above this many multiply-adds per seed (2N·d·K) we only suggest a seed without checking it. */
const SEED_SUGGESTION_WORK_LIMIT = 2e7;

interface PaperDataOptions {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly seed: number;
}

/** X_all = randn(2N×d), W* = randn(d×K), y = argmax(X_all W*): train = first N rows, test = last N. */
export function makePaperData(o: PaperDataOptions): { train: Dataset; test: Dataset } {
  // sizes no seed can serve are refused before drawing (and before trying 20 more seeds)
  const [issue] = generatorIssues('paper', o.n, o.d, o.k);
  if (issue) throw new LabError(issue.message, issue.field);
  const { X, y } = generate(o);
  const missing = missingClasses(y, o.k);
  if (missing.length > 0) {
    const which = missing.length === 1 ? `class ${missing[0]} is` : `classes ${missing.join(', ')} are`;
    throw new LabError(
      `seed ${o.seed}: ${which} missing from the ${2 * o.n} generated points (N=${o.n} d=${o.d} K=${o.k}); ${suggestSeed(o)}`,
      'seeds',
    );
  }
  const half = o.n * o.d;
  return {
    train: { n: o.n, d: o.d, k: o.k, X: X.slice(0, half), y: y.slice(0, o.n) },
    test: { n: o.n, d: o.d, k: o.k, X: X.slice(half), y: y.slice(o.n) },
  };
}

function generate({ n, d, k, seed }: PaperDataOptions): { X: Float64Array; y: Int32Array } {
  const rng = new NumpyRandomState(seed);
  const rows = 2 * n;
  const X = rng.randnArray(rows * d);
  const teacher = rng.randnArray(d * k);
  const y = new Int32Array(rows);
  const scores = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    scores.fill(0);
    for (let j = 0; j < d; j++) {
      const xij = X[i * d + j];
      for (let c = 0; c < k; c++) scores[c] += xij * teacher[j * k + c];
    }
    let best = 0;
    // strict > keeps the first index on a tie, like numpy's argmax
    for (let c = 1; c < k; c++) if (scores[c] > scores[best]) best = c;
    y[i] = best;
  }
  return { X, y };
}

function missingClasses(y: Int32Array, k: number): number[] {
  const seen = new Uint8Array(k);
  for (const label of y) seen[label] = 1;
  const missing: number[] = [];
  for (let c = 0; c < k; c++) if (!seen[c]) missing.push(c);
  return missing;
}

function suggestSeed(o: PaperDataOptions): string {
  const next = (s: number) => (s + 1) % 2 ** 32;
  if (2 * o.n * o.d * o.k <= SEED_SUGGESTION_WORK_LIMIT) {
    let seed = o.seed;
    for (let tries = 0; tries < SEED_SUGGESTION_TRIES; tries++) {
      seed = next(seed);
      if (missingClasses(generate({ ...o, seed }).y, o.k).length === 0) return `seed ${seed} has every class`;
    }
    return `none of the next ${SEED_SUGGESTION_TRIES} seeds has every class either; use more points (N) or dimensions (d), or fewer classes (K)`;
  }
  return `try another seed, e.g. ${next(o.seed)}`;
}
