// The pair constraints z_ic(W) ≥ 1 of the spectral and nuclear max-margin problems in the coordinates of
// sdp.ts (W = V Qᵀ with W·1 = 0, Q the centred basis), and their log barrier −Σ log(z_ic − 1): the slacks in
// twice float64's precision, the value, the gradient and the Hessian over vec V.
import type { Dataset } from '../types.ts';
import { twoProductError } from '../linalg/compensated.ts';
import { addGramUpper } from '../linalg/dense-factor.ts';

/** Pairs whose barrier curvature 1/s² is below this fraction of the largest are left out of the Hessian
 * (1e-12 measured too coarse: one test problem's certificate stalled at 6e-6). */
export const NEGLIGIBLE_CURVATURE = 1e-14;

/** The pair constraints in V coordinates: z_ic = x_iᵀ V q_ic, q_ic = Qᵀ(e_{y_i} − e_c). */
export class PairConstraints {
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly r: number;
  /** q_ic at (i·K + c)·r */
  readonly q: Float64Array;
  #gram?: Float64Array;
  constructor(
    readonly data: Dataset,
    private readonly basis: Float64Array,
  ) {
    const Q = basis;
    const { n, d, k: K, y } = data;
    this.n = n;
    this.d = d;
    this.K = K;
    this.r = K - 1;
    const r = this.r;
    this.q = new Float64Array(n * K * r);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < K; c++) {
        if (c === y[i]) continue;
        for (let a = 0; a < r; a++) this.q[(i * K + c) * r + a] = Q[y[i] * r + a] - Q[c * r + a];
      }
  }

  /**
   * z_ic − 1 for every pair (own class: Infinity), in double-double: near the optimum an active slack is
   * ~1e-10 while the dot product's terms are ~1, so plain rounding would leave it with a few digits and
   * the barrier's gradient (Σ a/s) with errors that stop Newton's method from centering at large τ.
   */
  slacks(V: Float64Array): Float64Array {
    const { n, d, K, r, data } = this;
    const out = new Float64Array(n * K);
    const uHi = new Float64Array(r);
    const uLo = new Float64Array(r);
    for (let i = 0; i < n; i++) {
      uHi.fill(0);
      uLo.fill(0);
      for (let j = 0; j < d; j++) {
        const x = data.X[i * d + j];
        if (x === 0) continue;
        for (let a = 0; a < r; a++) {
          const v = V[j * r + a];
          const p = x * v;
          const pe = twoProductError(x, v, p);
          const s = uHi[a] + p;
          const bb = s - uHi[a];
          uLo[a] += uHi[a] - (s - bb) + (p - bb) + pe;
          uHi[a] = s;
        }
      }
      for (let c = 0; c < K; c++) {
        if (c === data.y[i]) {
          out[i * K + c] = Infinity;
          continue;
        }
        let hi = -1;
        let lo = 0;
        const base = (i * K + c) * r;
        for (let a = 0; a < r; a++) {
          const q = this.q[base + a];
          const p = uHi[a] * q;
          const pe = twoProductError(uHi[a], q, p) + uLo[a] * q;
          const s = hi + p;
          const bb = s - hi;
          lo += hi - (s - bb) + (p - bb) + pe;
          hi = s;
        }
        out[i * K + c] = hi + lo;
      }
    }
    return out;
  }

  /** adds −Σ log(slack) to value, its gradient and (optionally) Hessian over vec V into g and H (n×n) */
  barrier(
    slack: Float64Array,
    g: Float64Array,
    H: Float64Array | undefined,
    nTotal: number,
    negligible = NEGLIGIBLE_CURVATURE,
  ): number {
    const { n, d, K, r, data } = this;
    let value = 0;
    const h = new Float64Array(r);
    for (let i = 0; i < n; i++) {
      h.fill(0);
      for (let c = 0; c < K; c++) {
        if (c === data.y[i]) continue;
        const s = slack[i * K + c];
        value -= Math.log(s);
        const base = (i * K + c) * r;
        for (let a = 0; a < r; a++) h[a] -= this.q[base + a] / s;
      }
      for (let j = 0; j < d; j++) {
        const x = data.X[i * d + j];
        for (let a = 0; a < r; a++) g[j * r + a] += x * h[a];
      }
    }
    if (H) this.addHessian(slack, H, nTotal, negligible);
    return value;
  }

  /**
   * H += Σ_ic (x_i x_iᵀ) ⊗ (q_ic q_icᵀ)/s_ic², built in the class basis first: there the pair's K×K factor
   * (e_y − e_c)(e_y − e_c)ᵀ touches only the blocks (y, y), (c, c) and (y, c), so each pair adds to two d×d
   * Gram matrices (the (y, y) one is shared by the example's pairs) instead of to one per entry of a dense
   * (K−1)×(K−1) factor; one Qᵀ·Qᵀ change of basis per (j, k) entry then gives the V-coordinates Hessian
   * (measured at N = 1000, d = 100, K = 10: 3× less work, and the Hessian's share of a Newton step fell from ~60% to
   * about a third).
   */
  private addHessian(slack: Float64Array, H: Float64Array, nTotal: number, negligible: number): void {
    const { d, K } = this;
    // An implicit working set: past the first centerings most pairs are far from active, their Hessian weight
    // 1/s² is below `negligible` of the largest, and together they move H by ~1e-14 of its scale, so
    // leaving them out of H (not out of the value or gradient, which stay exact) keeps Newton's convergence
    // and saves most of the Gram work (measured: same steps, same gaps, ~1.5× faster at N = 300, d = 30,
    // K = 6). Unlike an explicit working set it needs no restarts (an explicit one over examples was tried:
    // the SVM's support already spans 60% of the examples at N = 1000, K = 10, and each added example
    // restarts the barrier).
    let smallest = Infinity;
    for (const s of slack) smallest = Math.min(smallest, s);
    const curvatureFloor = negligible / (smallest * smallest);
    // G[(k, l)] = Σ_i m_i[k, l] x_i x_iᵀ for k ≤ l (upper triangle in j ≤ j' only), m_i the example's K×K factor
    const blocks = (K * (K + 1)) / 2;
    // kept between Newton steps: a fresh 4 MB array per step (at d = 100, K = 10) is garbage the collector pays for
    this.#gram ??= new Float64Array(blocks * d * d);
    const G = this.#gram;
    G.fill(0);
    const { members, weights } = this.blockMembers(slack, curvatureFloor, blocks);
    this.addBlockGrams(members, weights, G);
    this.addInVCoordinates(G, H, nTotal);
  }

  /** Each class block's examples and their weights (k ≤ l blocks, see blockIndex), pairs below the floor left out. */
  private blockMembers(
    slack: Float64Array,
    curvatureFloor: number,
    blocks: number,
  ): { members: number[][]; weights: number[][] } {
    const { n, K } = this;
    const { y } = this.data;
    const members: number[][] = Array.from({ length: blocks }, () => []);
    const weights: number[][] = Array.from({ length: blocks }, () => []);
    const add = (block: number, i: number, w: number) => {
      members[block].push(i);
      weights[block].push(w);
    };
    for (let i = 0; i < n; i++) {
      const yi = y[i];
      let own = 0;
      for (let c = 0; c < K; c++) {
        if (c === yi) continue;
        const s = slack[i * K + c];
        const w = 1 / (s * s);
        if (!(w >= curvatureFloor)) continue;
        own += w;
        add(blockIndex(c, c, K), i, w);
        add(blockIndex(yi, c, K), i, -w);
      }
      if (own > 0) add(blockIndex(yi, yi, K), i, own);
    }
    return { members, weights };
  }

  /** G's block += Σ w x_i x_iᵀ (upper triangle): one Gram product per block on its gathered columns. */
  private addBlockGrams(members: number[][], weights: number[][], G: Float64Array): void {
    const { d } = this;
    const { X } = this.data;
    for (let block = 0; block < members.length; block++) {
      const rows = members[block];
      const m = rows.length;
      if (m === 0) continue;
      const U = new Float64Array(d * m);
      const Xt = new Float64Array(d * m);
      for (let s = 0; s < m; s++) {
        const xi = rows[s] * d;
        const w = weights[block][s];
        for (let j = 0; j < d; j++) {
          const x = X[xi + j];
          Xt[j * m + s] = x;
          U[j * m + s] = w * x;
        }
      }
      addGramUpper(U, Xt, d, m, G, block * d * d);
    }
  }

  /** H[(j, a), (j', b)] += Σ_{k,l} Q[k, a] G_kl[j, j'] Q[l, b], Q the basis behind q_ic (rows of the K×r basis) */
  private addInVCoordinates(G: Float64Array, H: Float64Array, nTotal: number): void {
    const { d, K, r } = this;
    const Q = this.basis;
    const offset = new Int32Array(K * K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) offset[k * K + l] = blockIndex(k, l, K) * d * d;
    const T = new Float64Array(K * K);
    const TQ = new Float64Array(K * r);
    for (let j = 0; j < d; j++)
      for (let jp = j; jp < d; jp++) {
        const at = j * d + jp;
        let any = false;
        for (let e = 0; e < K * K; e++) {
          const v = G[offset[e] + at];
          T[e] = v;
          if (v !== 0) any = true;
        }
        if (!any) continue;
        TQ.fill(0);
        for (let k = 0; k < K; k++)
          for (let l = 0; l < K; l++) {
            const v = T[k * K + l];
            if (v === 0) continue;
            for (let b = 0; b < r; b++) TQ[k * r + b] += v * Q[l * r + b];
          }
        for (let a = 0; a < r; a++)
          for (let b = 0; b < r; b++) {
            let v = 0;
            for (let k = 0; k < K; k++) v += Q[k * r + a] * TQ[k * r + b];
            const p1 = j * r + a;
            const p2 = jp * r + b;
            if (j === jp) H[p1 * nTotal + p2] += v;
            else {
              H[p1 * nTotal + p2] += v;
              H[p2 * nTotal + p1] += v;
            }
          }
      }
  }
}

/** The index of the class block (k, l) = (l, k) among the K(K + 1)/2 blocks with k ≤ l, row by row. */
function blockIndex(k: number, l: number, K: number): number {
  return k <= l ? k * K - (k * (k - 1)) / 2 + (l - k) : l * K - (l * (l - 1)) / 2 + (k - l);
}
