// numpy's legacy RandomState stream (MT19937 + polar Gaussian), bit for bit, so that the `paper`
// data sets are exactly the authors' `np.random.seed(s); np.random.randn(...)` arrays.
import * as pm from '../linalg/portable-math.ts';
import { LabError } from '../types.ts';

const STATE_SIZE = 624;
const SHIFT_SIZE = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const SEED_MULTIPLIER = 1812433253;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

export class NumpyRandomState {
  private readonly mt = new Uint32Array(STATE_SIZE);
  private index = STATE_SIZE;
  private cachedGauss: number | undefined = undefined;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
      throw new LabError(`seed must be an integer from 0 to 4294967295, got ${seed}`, 'seed');
    }
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < STATE_SIZE; i++) {
      const prev = this.mt[i - 1];
      this.mt[i] = (Math.imul(SEED_MULTIPLIER, prev ^ (prev >>> 30)) + i) >>> 0;
    }
  }

  /** One tempered 32-bit output, as an unsigned integer. */
  genrandInt32(): number {
    if (this.index >= STATE_SIZE) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits (numpy's random_sample). */
  randomSample(): number {
    const a = this.genrandInt32() >>> 5;
    const b = this.genrandInt32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** A standard normal draw (numpy's legacy polar method, which caches every second value). */
  randn(): number {
    if (this.cachedGauss !== undefined) {
      const cached = this.cachedGauss;
      this.cachedGauss = undefined;
      return cached;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * pm.log(r2)) / r2);
    this.cachedGauss = f * x1;
    return f * x2;
  }

  /** `count` standard normals in stream order (numpy's randn(m, n) fills C order). */
  randnArray(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.randn();
    return out;
  }

  /**
   * numpy's legacy `RandomState.permutation(n)`: `arange(n)` shuffled in place by Fisher–Yates from the end,
   * `j = random_interval(i)` drawn by masked rejection on 32-bit outputs (numpy's `_legacy.pyx` shuffle and
   * `random_interval` in `distributions.c`; every `i < 2^32` takes the 32-bit branch).
   */
  permutation(n: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) {
      throw new LabError(`permutation size must be an integer from 0 to 4294967295, got ${n}`, 'batch');
    }
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.randomInterval(i);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** A uniform integer in [0, max] for 0 < max < 2^32: the smallest all-ones mask covering max, redrawn while above. */
  private randomInterval(max: number): number {
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.genrandInt32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < STATE_SIZE; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % STATE_SIZE] & LOWER_MASK);
      mt[i] = mt[(i + SHIFT_SIZE) % STATE_SIZE] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }
}
