// Starting points W(0). Gaussian starts are centred row by row (W·1 = 0), as the authors do:
// the gradient never changes W·1, so an uncentred start would leave a constant offset in W/‖W‖.
import { NumpyRandomState } from '../data/numpy-rng.ts';
import { excerpt } from '../experiment/user-text.ts';
import { LabError } from '../types.ts';

type InitSpec = { kind: 'zero' } | { kind: 'gaussian'; seed?: number };

const ACCEPTED = `'zero', 'gaussian' (seeded by the run's seed) or 'gaussian:S' with S an integer from 0 to 4294967295`;

export function parseInit(init: string): InitSpec {
  const text = init.trim();
  if (text === 'zero') return { kind: 'zero' };
  if (text === 'gaussian') return { kind: 'gaussian' };
  const match = /^gaussian:(\d+)$/.exec(text);
  if (match) {
    const seed = Number(match[1]);
    if (seed <= 2 ** 32 - 1) return { kind: 'gaussian', seed };
  }
  throw new LabError(`init "${excerpt(init)}" is not understood; use ${ACCEPTED}`, 'init');
}

/** d×K row-major W(0): zeros, or randn(d×K) (numpy stream) with each row's mean removed. */
export function initialWeights(init: string, d: number, k: number, runSeed: number): Float64Array {
  const spec = parseInit(init);
  if (spec.kind === 'zero') return new Float64Array(d * k);
  const W = new NumpyRandomState(spec.seed ?? runSeed).randnArray(d * k);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let c = 0; c < k; c++) mean += W[j * k + c];
    mean /= k;
    for (let c = 0; c < k; c++) W[j * k + c] -= mean;
  }
  return W;
}
