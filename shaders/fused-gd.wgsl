// Fused gradient descent for small problems: one workgroup per run keeps X, y-scores and W in
// workgroup memory and applies `chunk.steps` optimizer steps inside one dispatch (rules: optim.wgsl).
// Per step: scores → per-pair log weights (row-shifted) → common shift → Xᵀ·G → (spectral direction) → update.

// chunk: the number of steps this dispatch applies, and 1.0 (opaque to optimisers, see compensated_add)
@group(0) @binding(0) var<uniform> chunk: Chunk;
// runs: per run, its problem's offsets and sizes, loss, optimizer, schedule and step size
@group(0) @binding(1) var<storage, read> runs: array<RunParams>;
// X: the features of every problem, row-major N×d, concatenated
@group(0) @binding(2) var<storage, read> X: array<f32>;
// labels: the labels of every problem, concatenated
@group(0) @binding(3) var<storage, read> labels: array<u32>;
// W_hi: the leading f32 part of each run's W (d×K row-major at runs[r].wOffset)
@group(0) @binding(4) var<storage, read_write> W_hi: array<f32>;
// W_lo: the compensation part; W = W_hi + W_lo
@group(0) @binding(5) var<storage, read_write> W_lo: array<f32>;
// state: per run, updates applied (for the step-size schedule) and whether it diverged
@group(0) @binding(6) var<storage, read_write> state: array<RunProgress>;
// opt: per run at runs[r].optOffset, the optimizer state [log scale of M, log scale of v, M (d·K), v (d·K)]
@group(0) @binding(7) var<storage, read_write> opt: array<f32>;

var<workgroup> xs: array<f32, FUSED_X_CAPACITY>;
// scratch: the score gradient G (N×K) until Xᵀ·G is formed, then the spectral steps' working space (spectral.wgsl)
var<workgroup> scratch: array<f32, FUSED_G_CAPACITY>;
var<workgroup> rowShift: array<f32, FUSED_ROW_CAPACITY>;
var<workgroup> whi: array<f32, FUSED_W_CAPACITY>;
var<workgroup> wlo: array<f32, FUSED_W_CAPACITY>;
var<workgroup> grad: array<f32, FUSED_W_CAPACITY>;
var<workgroup> partial: array<f32, FUSED_WORKGROUP_SIZE>;
var<workgroup> halted: u32;

// log Σ over {0} ∪ {−u_k : k ≠ y} with a max shift: the cross-entropy of one example whose scores
// this thread holds in registers (the fused path only runs K ≤ MAX_CLASSES_PER_ROW).
// (Arrays are passed by value: Dawn's OpenGL ES backend crashes on function-pointer parameters.)
fn ce_lse(row: array<f32, MAX_CLASSES_PER_ROW>, y: u32, classes: u32) -> f32 {
  var scores = row;
  let sy = scores[y];
  var top = 0.0;
  for (var k = 0u; k < classes; k++) {
    if (k != y) { top = max(top, scores[k] - sy); }
  }
  var sum = 0.0;
  for (var k = 0u; k < classes; k++) {
    if (k != y) { sum += exp(scores[k] - sy - top); }
  }
  return ce_lse_close(top, sum);
}

@compute @workgroup_size(FUSED_WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) grid: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  // one workgroup per run on a 2-D grid (one dimension holds at most 65,535 workgroups); the last row may overhang
  let r = wid.y * grid.x + wid.x;
  if (r >= arrayLength(&runs)) { return; }
  let run = runs[r];
  let n = run.n;
  let dim = run.dim;
  let classes = run.classes;
  let dk = dim * classes;
  for (var e = lid; e < n * dim; e += FUSED_WORKGROUP_SIZE) { xs[e] = X[run.xOffset + e]; }
  for (var e = lid; e < dk; e += FUSED_WORKGROUP_SIZE) {
    whi[e] = W_hi[run.wOffset + e];
    wlo[e] = W_lo[run.wOffset + e];
  }
  if (lid == 0u) { halted = state[r].diverged; }
  var stopped = workgroupUniformLoad(&halted);
  let t0 = state[r].t;
  // the log scales of the optimizer state: every thread computes the same values, thread 0 stores them
  var mLog = opt[run.optOffset];
  var vLog = opt[run.optOffset + 1u];
  let mBase = run.optOffset + 2u;
  let vBase = mBase + dk;
  var step = 0u;
  loop {
    if (stopped != 0u || step >= chunk.steps) { break; }

    // Scores and per-pair log weights, each row shifted by its own maximum.
    var localMax = LOG_ZERO;
    for (var i = lid; i < n; i += FUSED_WORKGROUP_SIZE) {
      let y = labels[run.yOffset + i];
      var s: array<f32, MAX_CLASSES_PER_ROW>;
      for (var k = 0u; k < classes; k++) {
        var acc = 0.0;
        for (var j = 0u; j < dim; j++) { acc += xs[i * dim + j] * whi[j * classes + k]; }
        s[k] = acc;
      }
      var lse = 0.0;
      if (run.loss == LOSS_CE) { lse = ce_lse(s, y, classes); }
      var logw: array<f32, MAX_CLASSES_PER_ROW>;
      var rowMax = LOG_ZERO;
      for (var k = 0u; k < classes; k++) {
        if (k == y) { continue; }
        let w = pair_log_weight(run.loss, s[y] - s[k], lse, run.power);
        s[k] = w.x;
        logw[k] = w.y;
        rowMax = max(rowMax, w.y);
      }
      for (var k = 0u; k < classes; k++) {
        scratch[i * classes + k] = select(s[k] * exp(logw[k] - rowMax), 0.0, k == y || s[k] == 0.0);
      }
      rowShift[i] = rowMax;
      localMax = max(localMax, rowMax);
    }
    partial[lid] = localMax;
    workgroupBarrier();
    var shift = LOG_ZERO;
    for (var l = 0u; l < FUSED_WORKGROUP_SIZE; l++) { shift = max(shift, partial[l]); }

    // One common shift for all rows; the label column makes each row of G sum to zero.
    for (var i = lid; i < n; i += FUSED_WORKGROUP_SIZE) {
      let y = labels[run.yOffset + i];
      let scale = exp(rowShift[i] - shift);
      var rowSum = 0.0;
      for (var k = 0u; k < classes; k++) {
        let g = scratch[i * classes + k] * scale;
        scratch[i * classes + k] = g;
        rowSum += g;
      }
      scratch[i * classes + y] = -rowSum;
    }
    workgroupBarrier();

    // Xᵀ·G, scaled by exp(−shift); each thread owns the entries lid, lid + WG, …
    var sumSq = 0.0;
    for (var e = lid; e < dk; e += FUSED_WORKGROUP_SIZE) {
      let j = e / classes;
      let k = e % classes;
      var acc = 0.0;
      for (var i = 0u; i < n; i++) { acc += xs[i * dim + j] * scratch[i * classes + k]; }
      grad[e] = acc;
      sumSq += acc * acc;
    }
    partial[lid] = sumSq;
    workgroupBarrier();
    var norm2 = 0.0;
    for (var l = 0u; l < FUSED_WORKGROUP_SIZE; l++) { norm2 += partial[l]; }

    let t = t0 + step;
    let lr = schedule_lr(run.schedule, run.lr, t);
    // ∇R = exp(shift) · Xᵀ·G / N
    let os = optim_step(run.optimizer, lr, shift, n, norm2, t, run.beta, run.beta2, run.eps, mLog, vLog, run.wd);
    // spectral, nuclear, Muon: grad becomes the step's direction (U Vᵀ of grad or of M, spectral.wgsl)
    if (optim_is_polar(run.optimizer)) {
      polar_stage(run.optimizer, dim, classes, run.ns, os.fa, os.fb, mBase, lid, FUSED_WORKGROUP_SIZE);
    }
    if (is_finite(os.factor) && is_finite(norm2)) {
      let stateful = optim_has_state(run.optimizer);
      for (var e = lid; e < dk; e += FUSED_WORKGROUP_SIZE) {
        var r = vec3f(0.0);
        if (stateful) {
          r = optim_entry(run.optimizer, os, grad[e], run.beta, opt[mBase + e], opt[vBase + e]);
          opt[mBase + e] = r.y;
          opt[vBase + e] = r.z;
        } else {
          r = optim_entry(run.optimizer, os, grad[e], run.beta, 0.0, 0.0);
        }
        let delta = optim_decayed(os, r.x, whi[e], wlo[e]);
        if (run.compensated != 0u) {
          let w = compensated_add(whi[e], wlo[e], delta, chunk.one);
          whi[e] = w.x;
          wlo[e] = w.y;
        } else {
          whi[e] = whi[e] + delta;
        }
      }
      mLog = os.mLog;
      vLog = os.vLog;
    } else if (lid == 0u) {
      halted = 1u;
    }
    stopped = workgroupUniformLoad(&halted);
    if (stopped == 0u) { step += 1u; }
  }

  for (var e = lid; e < dk; e += FUSED_WORKGROUP_SIZE) {
    W_hi[run.wOffset + e] = whi[e];
    W_lo[run.wOffset + e] = wlo[e];
  }
  if (lid == 0u) {
    state[r].t = t0 + step;
    state[r].diverged = halted;
    opt[run.optOffset] = mLog;
    opt[run.optOffset + 1u] = vLog;
  }
}
