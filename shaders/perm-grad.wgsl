// PERM score gradient of one run (large problems): one thread per example turns its scores into
// pair weights in the log domain, shifted by the row's largest log weight (kept in rowShift), and
// closes the row so that it sums to zero. The squared loss, whose weights can be negative but
// never underflow, stays in the linear domain with shift 0.

// run: the run's sizes, offsets and settings
@group(0) @binding(0) var<uniform> run: RunParams;
// labels: the labels of every problem, concatenated
@group(0) @binding(1) var<storage, read> labels: array<u32>;
// G: in, the scores S; out, the score gradient scaled by exp(−rowShift[i]), N×K row-major
@group(0) @binding(2) var<storage, read_write> G: array<f32>;
// rowShift: per example, the log shift taken out of its row of G
@group(0) @binding(3) var<storage, read_write> rowShift: array<f32>;

@compute @workgroup_size(LINEAR_WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= run.n) { return; }
  let classes = run.classes;
  let base = i * classes;
  let y = labels[run.yOffset + i];
  let sy = G[base + y];
  var lse = 0.0;
  if (run.loss == LOSS_CE) {
    var top = 0.0;
    for (var k = 0u; k < classes; k++) { if (k != y) { top = max(top, G[base + k] - sy); } }
    var sum = 0.0;
    for (var k = 0u; k < classes; k++) { if (k != y) { sum += exp(G[base + k] - sy - top); } }
    lse = select(top + log(exp(-top) + sum), log1p_pos(sum), top == 0.0);
  }
  var rowMax = 0.0;
  if (run.loss == LOSS_SQUARED) {
    for (var k = 0u; k < classes; k++) { if (k != y) { G[base + k] = 2.0 * (1.0 - (sy - G[base + k])); } }
  } else {
    rowMax = LOG_ZERO;
    for (var k = 0u; k < classes; k++) {
      if (k == y) { continue; }
      let w = pair_log_weight(run.loss, sy - G[base + k], lse, run.power);
      let l = select(LOG_ZERO, w.y, w.x != 0.0);
      G[base + k] = l;
      rowMax = max(rowMax, l);
    }
    for (var k = 0u; k < classes; k++) {
      if (k != y) { G[base + k] = select(exp(G[base + k] - rowMax), 0.0, G[base + k] == LOG_ZERO); }
    }
  }
  var sum = 0.0;
  for (var k = 0u; k < classes; k++) { if (k != y) { sum += G[base + k]; } }
  G[base + y] = -sum;
  rowShift[i] = rowMax;
}
