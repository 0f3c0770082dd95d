// An exact oracle for margins: every float64 is m·2^e with integer m, so Σ x_j (w_{y,j} − w_{k,j}) − 1 is
// an integer times a power of two, computed here with BigInt and rounded once. Independent of the
// solver's compensated arithmetic.
import type { Dataset } from '../../../src/core/types.ts';

interface Exact {
  m: bigint;
  e: number;
}

function exact(x: number): Exact {
  if (x === 0) return { m: 0n, e: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: x < 0 ? -m : m, e };
}

function toNumber({ m, e }: Exact): number {
  if (m === 0n) return 0;
  // keep 64 significant bits, then scale: a correctly rounded result is not needed, a faithful one is
  const bits = m.toString(2).replace('-', '').length;
  const drop = Math.max(0, bits - 64);
  let v = Number(m >> BigInt(drop));
  let exp = e + drop;
  while (exp > 1000) {
    v *= 2 ** 1000;
    exp -= 1000;
  }
  while (exp < -1000) {
    v *= 2 ** -1000;
    exp += 1000;
  }
  return v * 2 ** exp;
}

function sum(terms: Exact[]): Exact {
  const nonzero = terms.filter((t) => t.m !== 0n);
  if (nonzero.length === 0) return { m: 0n, e: 0 };
  const e = Math.min(...nonzero.map((t) => t.e));
  let m = 0n;
  for (const t of nonzero) m += t.m << BigInt(t.e - e);
  return { m, e };
}

const product = (a: Exact, b: Exact): Exact => ({ m: a.m * b.m, e: a.e + b.e });

/** max over constraints (i, k ≠ y_i) of 1 − (w_{y_i} − w_k)ᵀx_i, exactly for the float64 W given. */
export function exactShortfall(data: Dataset, W: ArrayLike<number>): number {
  const { n, d, k: K, X, y } = data;
  const one = exact(1);
  let worst = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      if (k === y[i]) continue;
      const terms: Exact[] = [one];
      for (let j = 0; j < d; j++) {
        const x = exact(X[i * d + j]);
        const own = exact(W[j * K + y[i]]);
        const other = exact(W[j * K + k]);
        terms.push({ ...product(x, own), m: -product(x, own).m }, product(x, other));
      }
      worst = Math.max(worst, toNumber(sum(terms)));
    }
  }
  return worst;
}
