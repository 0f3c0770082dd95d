import { describe, expect, it } from 'vitest';
import { LOSSES, getLoss, softplus } from '../../../src/core/training/losses.ts';
import { LOSS_NAMES, type LossName } from '../../../src/core/types.ts';

/** Small deterministic generator so failures reproduce. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const ET_LOSSES: LossName[] = ['pairlog', 'ce', 'exp'];

function grad(name: LossName, s: Float64Array, y: number): Float64Array {
  const g = new Float64Array(s.length);
  getLoss(name).valueGrad(s, 0, y, s.length, g, 0);
  return g;
}

/** Random scores whose margins u_j are spread over [−scale, scale], kept away from the hinge kinks at u = 1. */
function randomScores(rand: () => number, k: number, scale: number): Float64Array {
  const s = new Float64Array(k);
  for (let j = 0; j < k; j++) s[j] = (2 * rand() - 1) * scale;
  return s;
}

function nearKink(s: Float64Array, y: number, h: number): boolean {
  for (let j = 0; j < s.length; j++) if (j !== y && Math.abs(s[y] - s[j] - 1) < 10 * h) return true;
  return false;
}

/** Spectral norm of a symmetric k×k matrix by power iteration. */
function spectralNorm(H: Float64Array, k: number): number {
  let v = new Float64Array(k).map((_, i) => 1 + 0.37 * i);
  let norm = 0;
  for (let it = 0; it < 300; it++) {
    const w = new Float64Array(k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) w[a] += H[a * k + b] * v[b];
    norm = Math.hypot(...w);
    if (norm === 0) return 0;
    v = w.map((x) => x / norm);
  }
  return norm;
}

/** ‖∇²L_y(s)‖₂ by central differences of the analytic gradient. */
function hessianNorm(name: LossName, s: Float64Array, y: number): number {
  const k = s.length;
  const h = 1e-5;
  const H = new Float64Array(k * k);
  for (let b = 0; b < k; b++) {
    const sp = s.slice();
    const sm = s.slice();
    sp[b] += h;
    sm[b] -= h;
    const gp = grad(name, sp, y);
    const gm = grad(name, sm, y);
    for (let a = 0; a < k; a++) H[a * k + b] = (gp[a] - gm[a]) / (2 * h);
  }
  for (let a = 0; a < k; a++)
    for (let b = 0; b < a; b++) H[a * k + b] = H[b * k + a] = (H[a * k + b] + H[b * k + a]) / 2;
  return spectralNorm(H, k);
}

describe('PERM losses', () => {
  it('registers every loss name with its own entry', () => {
    for (const name of LOSS_NAMES) expect(getLoss(name).name).toBe(name);
    expect(Object.keys(LOSSES).sort()).toEqual([...LOSS_NAMES].sort());
    expect(ET_LOSSES.every((n) => LOSSES[n].et)).toBe(true);
    expect(['hinge', 'squared', 'poly'].some((n) => LOSSES[n as LossName].et)).toBe(false);
  });

  it('matches hand-computed values at a known point', () => {
    const s = Float64Array.of(1, -0.5, 2); // y = 0: u = (1.5, −1)
    const y = 0;
    const sp = (x: number) => Math.log(1 + Math.exp(x));
    expect(getLoss('pairlog').valueGrad(s, 0, y, 3)).toBeCloseTo(sp(-1.5) + sp(1), 14);
    expect(getLoss('ce').valueGrad(s, 0, y, 3)).toBeCloseTo(
      -1 + Math.log(Math.exp(1) + Math.exp(-0.5) + Math.exp(2)),
      14,
    );
    expect(getLoss('exp').valueGrad(s, 0, y, 3)).toBeCloseTo(Math.exp(-1.5) + Math.exp(1), 14);
    expect(getLoss('hinge').valueGrad(s, 0, y, 3)).toBeCloseTo(0 + 2, 14);
    expect(getLoss('squared').valueGrad(s, 0, y, 3)).toBeCloseTo(0.25 + 4, 14);
    expect(getLoss('poly').valueGrad(s, 0, y, 3)).toBeCloseTo(1 / (1 + sp(1.5)) + 1 / (1 + sp(-1)), 14);
  });

  it('has gradients that match central differences, including margins of ±30', () => {
    const rand = lcg(1);
    const h = 1e-5;
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      for (const k of [2, 3, 5]) {
        for (const scale of [0.5, 3, 30]) {
          for (let trial = 0; trial < 20; trial++) {
            const s = randomScores(rand, k, scale);
            const y = Math.floor(rand() * k);
            if (name === 'hinge' && nearKink(s, y, h)) continue;
            const g = grad(name, s, y);
            const fd = new Float64Array(k);
            for (let j = 0; j < k; j++) {
              const p = s.slice();
              const m = s.slice();
              p[j] += h;
              m[j] -= h;
              fd[j] = (loss.valueGrad(p, 0, y, k) - loss.valueGrad(m, 0, y, k)) / (2 * h);
            }
            const gMax = Math.max(...g.map(Math.abs));
            // rounding floor of a central difference: ε|L|/h (matters where L ≈ 1 but ∂L ≈ e^{−20}, poly's flat side)
            const floor = (10 * Number.EPSILON * Math.abs(loss.valueGrad(s, 0, y, k))) / h;
            if (gMax === 0) {
              expect(Math.max(...fd.map(Math.abs))).toBe(0); // hinge with every margin ≥ 1
              continue;
            }
            const err = Math.max(...fd.map((x, j) => Math.abs(x - g[j])));
            expect(err, `${name} k=${k} s=${s} y=${y}`).toBeLessThan(1e-6 * gMax + floor);
          }
        }
      }
    }
  });

  it('checks gradients in the far tail where they are ~e^{-30} (all margins +30)', () => {
    const h = 1e-3;
    for (const name of ET_LOSSES) {
      const s = Float64Array.of(30, 0, -1); // u = (30, 31)
      const g = grad(name, s, 0);
      expect(g[1]).toBeGreaterThan(1e-14);
      for (const j of [1, 2]) {
        const p = s.slice();
        const m = s.slice();
        p[j] += h;
        m[j] -= h;
        const fd = (getLoss(name).valueGrad(p, 0, 0, 3) - getLoss(name).valueGrad(m, 0, 0, 3)) / (2 * h);
        expect(Math.abs(fd - g[j]) / g[j], `${name} j=${j}`).toBeLessThan(1e-6);
      }
    }
  });

  it('is permutation equivariant: L_{P(y)}(Ps) = L_y(s) and gradients permute', () => {
    const rand = lcg(2);
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      for (let trial = 0; trial < 30; trial++) {
        const k = 4;
        const s = randomScores(rand, k, 5);
        const y = Math.floor(rand() * k);
        const perm = [0, 1, 2, 3].sort(() => rand() - 0.5);
        const ps = new Float64Array(k);
        for (let j = 0; j < k; j++) ps[perm[j]] = s[j];
        const g = grad(name, s, y);
        const pg = grad(name, ps, perm[y]);
        expect(loss.valueGrad(ps, 0, perm[y], k)).toBeCloseTo(loss.valueGrad(s, 0, y, k), 12);
        for (let j = 0; j < k; j++) expect(pg[perm[j]]).toBeCloseTo(g[j], 12);
      }
    }
  });

  it('gives the same gradient from grad() as from valueGrad(), bit for bit', () => {
    const rand = lcg(8);
    for (const name of LOSS_NAMES) {
      for (let trial = 0; trial < 20; trial++) {
        const s = randomScores(rand, 8, 20);
        const g1 = new Float64Array(5).fill(7);
        const g2 = new Float64Array(5).fill(7);
        getLoss(name).valueGrad(s, 4, 2, 4, g1, 1);
        getLoss(name).grad(s, 4, 2, 4, g2, 1);
        expect(g2).toEqual(g1);
      }
    }
  });

  it('has score gradients that sum to zero and respects the offsets', () => {
    const rand = lcg(3);
    for (const name of LOSS_NAMES) {
      const k = 3;
      const s = randomScores(rand, 2 * k, 4);
      const g = new Float64Array(2 * k + 1).fill(99);
      const v = getLoss(name).valueGrad(s, k, 1, k, g, 1);
      expect(v).toBe(getLoss(name).valueGrad(s.slice(k), 0, 1, k));
      expect(g[0]).toBe(99);
      expect(Math.abs(g[1] + g[2] + g[3])).toBeLessThan(1e-13 * (1 + Math.abs(g[2])));
    }
  });

  it('agrees with its template ψ(u) and template weights −∂ψ/∂u_j', () => {
    const rand = lcg(4);
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      for (let trial = 0; trial < 20; trial++) {
        const k = 4;
        const s = randomScores(rand, k, 6);
        const y = Math.floor(rand() * k);
        const others = [0, 1, 2, 3].filter((j) => j !== y);
        const u = others.map((j) => s[y] - s[j]);
        const g = grad(name, s, y);
        expect(loss.template(u)).toBeCloseTo(loss.valueGrad(s, 0, y, k), 11);
        others.forEach((j, idx) => expect(loss.templateWeight(u, idx)).toBeCloseTo(g[j], 12));
        // symmetric template: reversing u changes nothing
        expect(loss.template([...u].reverse())).toBeCloseTo(loss.template(u), 12);
      }
    }
  });

  it('gives log weights equal to log c_j, still finite where c_j underflows (u = 800)', () => {
    const rand = lcg(5);
    const out = new Float64Array(4);
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      for (let trial = 0; trial < 20; trial++) {
        const s = randomScores(rand, 4, 8);
        const y = Math.floor(rand() * 4);
        const g = grad(name, s, y);
        const ok = loss.logWeights(s, 0, y, 4, out, 0);
        expect(ok).toBe(name !== 'squared');
        if (!ok) continue;
        expect(out[y]).toBe(-Infinity);
        for (let j = 0; j < 4; j++) {
          if (j === y) continue;
          if (g[j] === 0) expect(out[j]).toBe(-Infinity);
          else expect(out[j]).toBeCloseTo(Math.log(g[j]), 11);
        }
      }
    }
    for (const name of ET_LOSSES) {
      const s = Float64Array.of(800, 0, 0.5); // u = (800, 799.5)
      expect(grad(name, s, 0)[1]).toBe(0); // the weight itself underflows …
      getLoss(name).logWeights(s, 0, 0, 3, out, 0);
      expect(out[1]).toBeCloseTo(-800, 9); // … its log does not
      expect(out[2]).toBeCloseTo(-799.5, 9);
    }
    getLoss('poly').logWeights(Float64Array.of(800, 0), 0, 0, 2, out, 0);
    expect(out[1]).toBeCloseTo(-2 * Math.log(801), 9);
  });

  it('keeps values finite and accurate far in both tails', () => {
    expect(getLoss('ce').valueGrad(Float64Array.of(40, 0), 0, 0, 2)).toBeCloseTo(Math.exp(-40), 30);
    expect(getLoss('ce').valueGrad(Float64Array.of(40, 0), 0, 0, 2) / Math.exp(-40)).toBeCloseTo(1, 12);
    expect(getLoss('ce').valueGrad(Float64Array.of(-800, 0), 0, 0, 2)).toBeCloseTo(800, 12);
    expect(getLoss('pairlog').valueGrad(Float64Array.of(-800, 0), 0, 0, 2)).toBeCloseTo(800, 12);
    expect(getLoss('pairlog').valueGrad(Float64Array.of(40, 0), 0, 0, 2) / Math.exp(-40)).toBeCloseTo(1, 12);
    const g = grad('ce', Float64Array.of(40, 0, 0), 0);
    expect(g[0] / (-2 * Math.exp(-40))).toBeCloseTo(1, 12); // no 1 − p_y cancellation
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
  });

  it('satisfies the ET bounds e^{−u_j}(1 − Σ e^{−u_l}) ≤ c_j ≤ e^{−u_j} in the positive orthant', () => {
    const rand = lcg(6);
    for (const name of ET_LOSSES) {
      const loss = getLoss(name);
      for (let trial = 0; trial < 200; trial++) {
        const u = [rand() * 20, rand() * 20, rand() * 5];
        const S = u.reduce((acc, x) => acc + Math.exp(-x), 0);
        for (let j = 0; j < 3; j++) {
          const c = loss.templateWeight(u, j);
          const e = Math.exp(-u[j]);
          expect(c).toBeLessThanOrEqual(e * (1 + 1e-14));
          expect(c).toBeGreaterThanOrEqual(e * (1 - S) * (1 - 1e-14));
        }
      }
    }
  });

  it('bounds the score Hessian: betaV ≥ the observed maximum, within 10% for pairlog, ce and squared', () => {
    const rand = lcg(7);
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      for (const k of [2, 3, 4]) {
        let best = 0;
        let bestS: Float64Array = new Float64Array(k);
        let bestY = 0;
        for (const scale of [0.01, 1, 3, 10]) {
          for (let trial = 0; trial < 150; trial++) {
            const s = randomScores(rand, k, scale);
            const y = Math.floor(rand() * k);
            if (name === 'hinge' && nearKink(s, y, 1e-3)) continue;
            const n = hessianNorm(name, s, y);
            if (n > best) [best, bestS, bestY] = [n, s, y];
          }
        }
        // local refinement of the best sample: random moves with a shrinking radius
        for (let radius = 1; radius > 1e-3; radius /= 2) {
          for (let trial = 0; trial < 30; trial++) {
            const s = bestS.map((x) => x + (2 * rand() - 1) * radius);
            const n = hessianNorm(name, s, bestY);
            if (n > best) [best, bestS] = [n, s];
          }
        }
        const beta = loss.betaV(k);
        if (name === 'exp') {
          expect(beta).toBe(Infinity);
          expect(best).toBeGreaterThan(1e3); // the curvature really is unbounded
          continue;
        }
        if (name === 'hinge') {
          expect(beta).toBe(Infinity); // piecewise linear: zero curvature off the kinks, a kink on them
          continue;
        }
        expect(best, `${name} k=${k}`).toBeLessThanOrEqual(beta * (1 + 1e-6));
        if (name === 'pairlog' || name === 'ce' || name === 'squared') {
          expect(best, `${name} k=${k} tight`).toBeGreaterThanOrEqual(0.9 * beta);
        }
      }
    }
  });

  it('uses a polynomial-tail curvature constant that covers an independent scan of f″', () => {
    // f(u) = 1/(1 + softplus(u)); f″ by second differences of f on a dense grid
    const f = (u: number) => 1 / (1 + Math.log1p(Math.exp(u)));
    let sup = 0;
    const h = 1e-4;
    for (let u = -40; u <= 40; u += 1e-3) sup = Math.max(sup, Math.abs((f(u + h) - 2 * f(u) + f(u - h)) / (h * h)));
    expect(sup).toBeGreaterThan(0.065);
    expect(getLoss('poly').betaV(1)).toBeGreaterThanOrEqual(sup);
    expect(getLoss('poly').betaV(3)).toBeCloseTo(3 * getLoss('poly').betaV(1), 14);
  });
});
