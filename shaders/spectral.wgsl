// The spectral steps shared by the fused and the tiled paths (prepended after optim.wgsl by the kernels
// that run them): spectral descent W ← W − η U Vᵀ, the nuclear-norm step W ← W − η u₁v₁ᵀ, and Muon,
// which takes U Vᵀ (or n Newton–Schulz iterations) of its momentum average M instead of the gradient
// (Fan, Schmidt, Thrampoulidis, arXiv 2502.04664, §2; K. Jordan et al., "Muon", 2024, for the quintic).
// The float64 rules they follow are in src/core/training/optimizers.ts and src/core/linalg/sym-eigen.ts.
//
// The including kernel declares three module-scope arrays that these functions use by name (no pointer
// parameters: Dawn's OpenGL ES backend crashes on them):
//   grad    d×K: in, the gradient direction (Xᵀ·G scaled by exp(−shift)); out, the step direction
//   opt     the optimizer state buffer (Muon's M at mBase, d·K entries, in units of e^{mLog})
//   scratch working space: d·(K−1) + (K−1)² + (K−1) floats (exact) or 2K² + d·K (Newton–Schulz)
// Every function is called by all threads of one workgroup in uniform control flow.
//
// Why one-sided Jacobi: the direction U Vᵀ only needs G's right singular vectors and singular values,
// i.e. the eigen-decomposition of the K×K Gram matrix GᵀG. Forming GᵀG in f32 squares G's condition
// number, so a singular value 10⁻³·σ₁ would carry a 10% error; rotating the columns of G itself until
// they are orthogonal (Hestenes' one-sided Jacobi, the same rotations as cyclic Jacobi on GᵀG; Golub &
// Van Loan, Matrix Computations, 4th ed., §8.6.3) finds each σᵢ to f32 accuracy relative to σ₁ instead
// of to its square. K ≤ 100 columns, d rows: one workgroup, one thread for the rotations.
// Since G·1 = 0, G's columns are first mapped onto 1^⊥ with the Helmert basis Q (K×(K−1)) as the float64
// side does, so the structural zero singular value never enters. More in docs/numerics.md, section 4.

// POLAR_SWEEPS (injected, src/gpu/buffers/run-params.ts): sweeps of cyclic one-sided Jacobi at most.
// A pair of columns counts as orthogonal once |bₚ·b_q| ≤ POLAR_ORTHO·‖bₚ‖‖b_q‖ (a few f32 roundings).
const POLAR_ORTHO: f32 = 1.0e-6;
// Singular values below POLAR_RANK_CUT·σ₁ are treated as zero. The float64 side cuts at 1e-7·σ₁, its
// Gram resolution; an f32 gradient is itself only known to about 1e-7·σ₁ absolute, so a column that
// is zero in exact arithmetic comes out near 1e-7·σ₁ here, and the cut sits a hundredfold above it.
const POLAR_RANK_CUT: f32 = 1.0e-5;

// Barrier for both kinds of scratch: workgroup memory (fused path) and a storage buffer (tiled path).
fn polar_sync() {
  workgroupBarrier();
  storageBarrier();
}

// grad ← U Vᵀ of grad (d×K, rows summing to zero), or u₁v₁ᵀ when `top`; 0 when grad = 0.
// scratch: B = grad·Q (d×m, m = K−1, row-major) at 0, Z (m×m) at d·m, weights (m) after it.
fn polar_factor(dim: u32, classes: u32, top: bool, lid: u32, threads: u32) {
  let m = classes - 1u;
  let zAt = dim * m;
  let wAt = zAt + m * m;
  // B = grad·Q, column c = (Σ_{a≤c} grad[:, a] − (c+1)·grad[:, c+1])/√((c+1)(c+2)); Z = I
  for (var j = lid; j < dim; j += threads) {
    var prefix = 0.0;
    for (var c = 0u; c < m; c++) {
      prefix += grad[j * classes + c];
      scratch[j * m + c] = (prefix - f32(c + 1u) * grad[j * classes + c + 1u]) / sqrt(f32((c + 1u) * (c + 2u)));
    }
  }
  for (var e = lid; e < m * m; e += threads) { scratch[zAt + e] = select(0.0, 1.0, e / m == e % m); }
  polar_sync();
  if (lid == 0u) {
    // rotate column pairs (p, q) of B, and of Z alongside, until all columns are orthogonal: B = (grad·Q)·Z
    for (var sweep = 0u; sweep < POLAR_SWEEPS; sweep++) {
      var rotated = false;
      for (var p = 0u; p + 1u < m; p++) {
        for (var q = p + 1u; q < m; q++) {
          var alpha = 0.0;
          var beta = 0.0;
          var gamma = 0.0;
          for (var j = 0u; j < dim; j++) {
            let bp = scratch[j * m + p];
            let bq = scratch[j * m + q];
            alpha += bp * bp;
            beta += bq * bq;
            gamma += bp * bq;
          }
          if (abs(gamma) <= POLAR_ORTHO * sqrt(alpha) * sqrt(beta)) { continue; }
          rotated = true;
          // the rotation that zeroes the (p, q) entry of BᵀB: t = tan θ, the root of t² + 2ζt − 1 = 0 of smaller size
          let zeta = (beta - alpha) / (2.0 * gamma);
          let t = select(1.0, -1.0, zeta < 0.0) / (abs(zeta) + sqrt(1.0 + zeta * zeta));
          let cs = 1.0 / sqrt(1.0 + t * t);
          let sn = cs * t;
          for (var j = 0u; j < dim; j++) {
            let bp = scratch[j * m + p];
            let bq = scratch[j * m + q];
            scratch[j * m + p] = cs * bp - sn * bq;
            scratch[j * m + q] = sn * bp + cs * bq;
          }
          for (var r = 0u; r < m; r++) {
            let zp = scratch[zAt + r * m + p];
            let zq = scratch[zAt + r * m + q];
            scratch[zAt + r * m + p] = cs * zp - sn * zq;
            scratch[zAt + r * m + q] = sn * zp + cs * zq;
          }
        }
      }
      if (!rotated) { break; }
    }
    // σᵢ = ‖bᵢ‖; weight 1/σᵢ on the kept columns (σᵢ > POLAR_RANK_CUT·σ₁, or the largest alone when `top`)
    var sigmaTop = 0.0;
    var topAt = 0u;
    for (var i = 0u; i < m; i++) {
      var s = 0.0;
      for (var j = 0u; j < dim; j++) { s += scratch[j * m + i] * scratch[j * m + i]; }
      s = sqrt(s);
      scratch[wAt + i] = s;
      if (s > sigmaTop) {
        sigmaTop = s;
        topAt = i;
      }
    }
    for (var i = 0u; i < m; i++) {
      let s = scratch[wAt + i];
      let keep = sigmaTop > 0.0 && select(s > POLAR_RANK_CUT * sigmaTop, i == topAt, top);
      scratch[wAt + i] = select(0.0, 1.0 / s, keep);
    }
  }
  polar_sync();
  // grad·Q = Σᵢ σᵢ ûᵢ (Q zᵢ)ᵀ over B's columns bᵢ = σᵢ ûᵢ, so U Vᵀ = Σ_kept (bᵢ/σᵢ)(Q zᵢ)ᵀ. Row j of it:
  // e_c = Σᵢ wᵢ B[j, i] Z[c, i] (c < m), then entry a = Σ_c e_c·Q[a, c], summed from the last column down.
  for (var j = lid; j < dim; j += threads) {
    var suffix = 0.0;
    for (var cc = 0u; cc < m; cc++) {
      let c = m - 1u - cc;
      var e = 0.0;
      for (var i = 0u; i < m; i++) { e += scratch[wAt + i] * scratch[j * m + i] * scratch[zAt + c * m + i]; }
      let s = 1.0 / sqrt(f32((c + 1u) * (c + 2u)));
      grad[j * classes + c + 1u] = suffix - f32(c + 1u) * s * e;
      suffix += s * e;
    }
    grad[j * classes] = suffix;
  }
  polar_sync();
}

// grad ← X_n of Muon's Newton–Schulz quintic from X₀ = grad/‖grad‖_F, as the float64 side computes it
// in K×K Gram form: X ← X·(aI + bB + cB²), B = XᵀX (X = grad, d×K; coefficients NS_A, NS_B, NS_C).
// scratch: B (K×K) at 0, the polynomial (K×K) after it, the next X (d×K) after that.
fn newton_schulz(dim: u32, classes: u32, iterations: u32, lid: u32, threads: u32) {
  let dk = dim * classes;
  let kk = classes * classes;
  if (lid == 0u) {
    var s = 0.0;
    for (var e = 0u; e < dk; e++) { s += grad[e] * grad[e]; }
    scratch[0] = sqrt(s);
  }
  polar_sync();
  let norm = scratch[0];
  polar_sync();
  for (var e = lid; e < dk; e += threads) { grad[e] = select(grad[e] / norm, 0.0, norm == 0.0); }
  polar_sync();
  for (var it = 0u; it < iterations; it++) {
    for (var e = lid; e < kk; e += threads) {
      let a = e / classes;
      let b = e % classes;
      var s = 0.0;
      for (var j = 0u; j < dim; j++) { s += grad[j * classes + a] * grad[j * classes + b]; }
      scratch[e] = s;
    }
    polar_sync();
    for (var e = lid; e < kk; e += threads) {
      let a = e / classes;
      let b = e % classes;
      var s = 0.0;
      for (var c = 0u; c < classes; c++) { s += scratch[a * classes + c] * scratch[c * classes + b]; }
      scratch[kk + e] = select(0.0, NS_A, a == b) + NS_B * scratch[e] + NS_C * s;
    }
    polar_sync();
    for (var e = lid; e < dk; e += threads) {
      let j = e / classes;
      let a = e % classes;
      var s = 0.0;
      for (var b = 0u; b < classes; b++) { s += grad[j * classes + b] * scratch[kk + b * classes + a]; }
      scratch[2u * kk + e] = s;
    }
    polar_sync();
    for (var e = lid; e < dk; e += threads) { grad[e] = scratch[2u * kk + e]; }
    polar_sync();
  }
}

// The spectral step's direction into grad: a momentum method (Muon) first folds grad into its average M ← fa·M + fb·grad
// (coefficients from optim_step, M at opt[mBase..]) and takes the direction of M.
fn polar_stage(optimizer: u32, dim: u32, classes: u32, ns: u32, fa: f32, fb: f32, mBase: u32, lid: u32, threads: u32) {
  if (optim_has(OPTIM_MOMENT_MASK, optimizer)) {
    for (var e = lid; e < dim * classes; e += threads) {
      let next = fa * opt[mBase + e] + fb * grad[e];
      opt[mBase + e] = next;
      grad[e] = next;
    }
    polar_sync();
    if (ns > 0u) {
      newton_schulz(dim, classes, ns, lid, threads);
      return;
    }
  }
  polar_factor(dim, classes, optim_has(OPTIM_TOP_PAIR_MASK, optimizer), lid, threads);
}
