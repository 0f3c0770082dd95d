// Solve times and certificate gaps of the max-margin solutions in every norm (src/core/max-margin/max-margin-solver.ts),
// at the paper's size and a middle one; `--large` adds the largest size the lab targets (N = 1000,
// d = 100, K = 10), about 45 s for the five (the SDPs most).
import { makePaperData } from '../src/core/data/paper.ts';
import { maxMargin } from '../src/core/max-margin/max-margin-solver.ts';
import { solveSvm } from '../src/core/svm/svm-solver.ts';
import { NORM_NAMES } from '../src/core/types.ts';

const SIZES = [
  [100, 10, 3],
  [300, 30, 6],
];
const LARGE = [1000, 100, 10];

export async function benchMaxMargin(
  sizes = process.argv.includes('--large') ? [...SIZES, LARGE] : SIZES,
): Promise<unknown> {
  const out: Record<string, unknown> = {};
  await maxMargin({ train: makePaperData({ n: 20, d: 3, k: 3, seed: 0 }).train }, 'max'); // load HiGHS's WASM once
  for (const [n, d, k] of sizes) {
    const { train } = makePaperData({ n, d, k, seed: 0 });
    const row: Record<string, unknown> = {};
    let started = performance.now();
    const outcome = solveSvm(train);
    if (!outcome.separable) throw new Error('paper data not separable');
    const svmSeconds = (performance.now() - started) / 1000;
    for (const norm of NORM_NAMES) {
      started = performance.now();
      const s = await maxMargin({ train, svm: outcome.solution }, norm);
      const seconds = (performance.now() - started) / 1000 + (norm === 'fro' ? svmSeconds : 0);
      row[norm] = {
        seconds: Number(seconds.toFixed(3)),
        gamma: s.gamma,
        gap: s.certificate.gap,
        support: s.certificate.support,
      };
    }
    out[`${n}x${d}x${k}`] = row;
  }
  return out;
}

if (process.argv[1]?.endsWith('max-margin-bench.ts')) {
  process.stdout.write(JSON.stringify({ maxMargin: await benchMaxMargin() }, null, 2) + '\n');
}
