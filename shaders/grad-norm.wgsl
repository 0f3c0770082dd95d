// Combines the split-K partial sums of one run into its gradient (scaled by exp(−shift)), reduces
// ‖·‖², and decides the step's factor and optimizer coefficients (optim_step in optim.wgsl), or marks the run
// diverged when either is not finite. One workgroup.

// run: the run's sizes, offsets and settings
@group(0) @binding(0) var<uniform> run: RunParams;
// partial: per slice, d×K partial sums of Xᵀ·G scaled by exp(−sliceShift[p])
@group(0) @binding(1) var<storage, read> partial: array<f32>;
// sliceShift: per slice, its log shift
@group(0) @binding(2) var<storage, read> sliceShift: array<f32>;
// grad: the combined Xᵀ·G, scaled by exp(−shift), d×K
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
// state: per run, updates applied and whether it diverged
@group(0) @binding(4) var<storage, read_write> state: array<RunProgress>;
// step: the factor and optimizer coefficients the update uses, and whether the run is live
@group(0) @binding(5) var<storage, read_write> step: OptimStep;
// opt: the optimizer state; this kernel keeps its log scales at run.optOffset (update.wgsl the entries)
@group(0) @binding(6) var<storage, read_write> opt: array<f32>;

var<workgroup> part: array<f32, LINEAR_WORKGROUP_SIZE>;

@compute @workgroup_size(LINEAR_WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lid: u32) {
  var shift = LOG_ZERO;
  for (var p = 0u; p < SPLIT_K_PARTS; p++) { shift = max(shift, sliceShift[p]); }
  let dk = run.dim * run.classes;
  var sumSq = 0.0;
  for (var e = lid; e < dk; e += LINEAR_WORKGROUP_SIZE) {
    var g = 0.0;
    for (var p = 0u; p < SPLIT_K_PARTS; p++) { g += partial[p * dk + e] * exp(sliceShift[p] - shift); }
    grad[e] = g;
    sumSq += g * g;
  }
  part[lid] = sumSq;
  workgroupBarrier();
  if (lid != 0u) { return; }
  var norm2 = 0.0;
  for (var l = 0u; l < LINEAR_WORKGROUP_SIZE; l++) { norm2 += part[l]; }
  let t = state[run.index].t;
  let lr = schedule_lr(run.schedule, run.lr, t);
  let os = optim_step(run.optimizer, lr, shift, run.n, norm2, t, run.beta, run.beta2, run.eps, opt[run.optOffset], opt[run.optOffset + 1u], run.wd);
  step = os;
  if (state[run.index].diverged != 0u) {
    step.live = 0u;
  } else if (is_finite(os.factor) && is_finite(norm2)) {
    step.live = 1u;
    state[run.index].t = t + 1u;
    opt[run.optOffset] = os.mLog;
    opt[run.optOffset + 1u] = os.vLog;
  } else {
    step.live = 0u;
    state[run.index].diverged = 1u;
  }
}
