// Checkpoint metrics of every run: one workgroup per run reduces the mean loss, the smallest
// relative margin min_i min_{k≠y_i} (s_{i,y_i} − s_ik) and the number of rows whose true class
// scores strictly above every other (a tie counts as wrong, as in the float64 core).

// runs: per run, its problem's offsets and sizes and its loss
@group(0) @binding(0) var<storage, read> runs: array<RunParams>;
// X: the features of every problem, row-major N×d, concatenated
@group(0) @binding(1) var<storage, read> X: array<f32>;
// labels: the labels of every problem, concatenated
@group(0) @binding(2) var<storage, read> labels: array<u32>;
// W_hi: the leading f32 part of each run's W
@group(0) @binding(3) var<storage, read> W_hi: array<f32>;
// W_lo: the compensation part of each run's W
@group(0) @binding(4) var<storage, read> W_lo: array<f32>;
// metrics: per run, its mean loss, smallest margin and rows classified right
@group(0) @binding(5) var<storage, read_write> metrics: array<RunMetrics>;

var<workgroup> lossPart: array<f32, METRICS_WORKGROUP_SIZE>;
var<workgroup> marginPart: array<f32, METRICS_WORKGROUP_SIZE>;
var<workgroup> correctPart: array<u32, METRICS_WORKGROUP_SIZE>;

// Score s_ik of example i for class k with the compensated W (hi + lo). Scores are recomputed from
// global memory rather than kept per thread, so any K the tiled path runs (up to MAX_CLASSES) fits.
fn score(run: RunParams, i: u32, k: u32) -> f32 {
  var acc = 0.0;
  for (var j = 0u; j < run.dim; j++) {
    let w = run.wOffset + j * run.classes + k;
    acc += X[run.xOffset + i * run.dim + j] * (W_hi[w] + W_lo[w]);
  }
  return acc;
}

@compute @workgroup_size(METRICS_WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) grid: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  // one workgroup per run on a 2-D grid (one dimension holds at most 65,535 workgroups); the last row may overhang
  let r = wid.y * grid.x + wid.x;
  if (r >= arrayLength(&runs)) { return; }
  let run = runs[r];
  var lossSum = 0.0;
  var margin = 3.0e38;
  var correct = 0u;
  for (var i = lid; i < run.n; i += METRICS_WORKGROUP_SIZE) {
    let y = labels[run.yOffset + i];
    let sy = score(run, i, y);
    // one pass over the other classes: the row's margin, its pair losses, or the cross-entropy's
    // log-sum-exp of −u with a running shift
    var rowMargin = 3.0e38;
    var pairSum = 0.0;
    var lse = vec2f(0.0, 0.0);
    for (var k = 0u; k < run.classes; k++) {
      if (k == y) { continue; }
      let u = sy - score(run, i, k);
      rowMargin = min(rowMargin, u);
      if (run.loss == LOSS_CE) {
        lse = ce_lse_push(lse, -u);
      } else {
        pairSum += pair_loss(run.loss, u, run.power);
      }
    }
    margin = min(margin, rowMargin);
    lossSum += select(pairSum, ce_lse_close(lse.x, lse.y), run.loss == LOSS_CE);
    correct += select(0u, 1u, rowMargin > 0.0);
  }
  lossPart[lid] = lossSum;
  marginPart[lid] = margin;
  correctPart[lid] = correct;
  workgroupBarrier();
  if (lid == 0u) {
    var totalLoss = 0.0;
    var minMargin = 3.0e38;
    var totalCorrect = 0u;
    for (var l = 0u; l < METRICS_WORKGROUP_SIZE; l++) {
      totalLoss += lossPart[l];
      minMargin = min(minMargin, marginPart[l]);
      totalCorrect += correctPart[l];
    }
    metrics[r] = RunMetrics(totalLoss / f32(run.n), minMargin, totalCorrect);
  }
}
