// Gaussian blobs with a planted margin, separable through the origin (the model has no bias).
// Class k sits around r_k·μ_k for a unit direction μ_k; a point x of class y is kept only if
// (μ_y − μ_k)ᵀx ≥ margin for every k ≠ y, so W = [μ_0 … μ_{K−1}] separates all points with that margin.
import { NumpyRandomState } from './numpy-rng.ts';
import { LabError, type Dataset } from '../types.ts';
import { generatorIssues } from '../sizes/generator-rules.ts';

/** Standard deviation of the isotropic noise around each class centre. */
const NOISE_SCALE = 1;
/** The centre sits this many noise standard deviations inside every margin constraint, so few draws are rejected. */
const CENTRE_SLACK_SDS = 2;
/** Repulsion iterations that spread K directions on the sphere when no regular simplex fits (3 ≤ d < K). */
const SPREAD_ITERATIONS = 300;
const SPREAD_STEP = 0.05;
/** A draw outside the margin is redrawn; this many misses for one point means the set-up is broken. */
const MAX_DRAWS_PER_POINT = 100_000;

export interface BlobsOptions {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly seed: number;
  /** planted margin relative to unit class directions: (μ_y − μ_k)ᵀx ≥ margin */
  readonly margin: number;
}

/**
 * N train and N test points, labels cycling 0..K−1 (balanced), deterministic from the seed.
 * `planted` is the d×K row-major W whose columns are the unit class directions.
 */
export function makeBlobs(o: BlobsOptions): { train: Dataset; test: Dataset; planted: Float64Array } {
  const [issue] = generatorIssues('blobs', o.n, o.d, o.k);
  if (issue) throw new LabError(issue.message, issue.field);
  if (!(o.margin >= 0)) throw new LabError(`margin must be ≥ 0, got ${o.margin}`, 'margin');
  const rng = new NumpyRandomState(o.seed);
  const directions = classDirections(o.d, o.k, rng);
  const radii = centreRadii(directions, o.d, o.k, o.margin);
  const train = drawPoints(o, directions, radii, rng);
  const test = drawPoints(o, directions, radii, rng);
  const planted = new Float64Array(o.d * o.k);
  for (let c = 0; c < o.k; c++) for (let j = 0; j < o.d; j++) planted[j * o.k + c] = directions[c * o.d + j];
  return { train, test, planted };
}

/** K unit vectors (row c = μ_c), as far apart as the dimension allows. */
function classDirections(d: number, k: number, rng: NumpyRandomState): Float64Array {
  const dirs = new Float64Array(k * d);
  if (d === 1) {
    dirs[0] = 1;
    dirs[1] = -1;
  } else if (d === 2) {
    for (let c = 0; c < k; c++) {
      const angle = Math.PI / 2 + (2 * Math.PI * c) / k;
      dirs[c * 2] = Math.cos(angle);
      dirs[c * 2 + 1] = Math.sin(angle);
    }
  } else if (d >= k) {
    regularSimplex(dirs, d, k, rng);
  } else {
    spreadOnSphere(dirs, d, k, rng);
  }
  return dirs;
}

/** Random orthonormal vectors, centred and renormalised: pairwise cosine −1/(K−1), the best possible. */
function regularSimplex(dirs: Float64Array, d: number, k: number, rng: NumpyRandomState): void {
  for (let c = 0; c < k; c++) {
    const v = dirs.subarray(c * d, (c + 1) * d);
    do {
      v.set(rng.randnArray(d));
      for (let p = 0; p < c; p++) {
        const u = dirs.subarray(p * d, (p + 1) * d);
        const proj = dot(u, v);
        for (let j = 0; j < d; j++) v[j] -= proj * u[j];
      }
    } while (!normalise(v));
  }
  const mean = new Float64Array(d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) mean[j] += dirs[c * d + j] / k;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) dirs[c * d + j] -= mean[j];
    normalise(dirs.subarray(c * d, (c + 1) * d));
  }
}

/** Random unit vectors pushed apart by inverse-square repulsion (a few hundred steps of the Thomson problem). */
function spreadOnSphere(dirs: Float64Array, d: number, k: number, rng: NumpyRandomState): void {
  for (let c = 0; c < k; c++) {
    const v = dirs.subarray(c * d, (c + 1) * d);
    do v.set(rng.randnArray(d));
    while (!normalise(v));
  }
  const force = new Float64Array(k * d);
  for (let it = 0; it < SPREAD_ITERATIONS; it++) {
    force.fill(0);
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        let dist2 = 0;
        for (let j = 0; j < d; j++) dist2 += (dirs[a * d + j] - dirs[b * d + j]) ** 2;
        const scale = 1 / (dist2 * Math.sqrt(dist2) + 1e-12);
        for (let j = 0; j < d; j++) {
          const push = (dirs[a * d + j] - dirs[b * d + j]) * scale;
          force[a * d + j] += push;
          force[b * d + j] -= push;
        }
      }
    }
    for (let i = 0; i < k * d; i++) dirs[i] += (SPREAD_STEP / k) * force[i];
    for (let c = 0; c < k; c++) normalise(dirs.subarray(c * d, (c + 1) * d));
  }
}

/** r_y so that r_y·μ_y clears every constraint (μ_y − μ_k)ᵀx ≥ margin by CENTRE_SLACK_SDS noise deviations. */
function centreRadii(dirs: Float64Array, d: number, k: number, margin: number): Float64Array {
  const radii = new Float64Array(k);
  for (let y = 0; y < k; y++) {
    const my = dirs.subarray(y * d, (y + 1) * d);
    for (let c = 0; c < k; c++) {
      if (c === y) continue;
      const gap = 1 - dot(my, dirs.subarray(c * d, (c + 1) * d)); // = ‖μ_y − μ_c‖²/2 > 0
      const noiseSd = NOISE_SCALE * Math.sqrt(2 * gap);
      radii[y] = Math.max(radii[y], (margin + CENTRE_SLACK_SDS * noiseSd) / gap);
    }
  }
  return radii;
}

function drawPoints(o: BlobsOptions, dirs: Float64Array, radii: Float64Array, rng: NumpyRandomState): Dataset {
  const { n, d, k, margin } = o;
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % k;
    const x = X.subarray(i * d, (i + 1) * d);
    const centre = dirs.subarray(label * d, (label + 1) * d);
    let draws = 0;
    do {
      if (++draws > MAX_DRAWS_PER_POINT)
        throw new Error(`blobs: no point of class ${label} met the margin after ${MAX_DRAWS_PER_POINT} draws`);
      for (let j = 0; j < d; j++) x[j] = radii[label] * centre[j] + NOISE_SCALE * rng.randn();
    } while (plantedMargin(x, label, dirs, d, k) < margin);
    y[i] = label;
  }
  return { n, d, k, X, y };
}

/** min over k ≠ y of (μ_y − μ_k)ᵀx. */
function plantedMargin(x: Float64Array, label: number, dirs: Float64Array, d: number, k: number): number {
  const own = dot(x, dirs.subarray(label * d, (label + 1) * d));
  let min = Infinity;
  for (let c = 0; c < k; c++) if (c !== label) min = Math.min(min, own - dot(x, dirs.subarray(c * d, (c + 1) * d)));
  return min;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Scales v to unit length in place; false when v is (numerically) zero. */
function normalise(v: Float64Array): boolean {
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 1e-9)) return false;
  for (let j = 0; j < v.length; j++) v[j] /= norm;
  return true;
}
