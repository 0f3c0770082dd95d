// The W update of one run (large problems): W ← W + optim_delta(factor, grad) with two-sum compensation, one
// thread per entry of W.

// run: the run's sizes, offsets and settings
@group(0) @binding(0) var<uniform> run: RunParams;
// grad: Xᵀ·G scaled by exp(−shift), d×K
@group(0) @binding(1) var<storage, read> grad: array<f32>;
// step: the factor and optimizer coefficients decided by grad-norm; step.live is 0 for a frozen run
@group(0) @binding(2) var<storage, read> step: OptimStep;
// W_hi: the leading f32 part of each run's W
@group(0) @binding(3) var<storage, read_write> W_hi: array<f32>;
// W_lo: the compensation part; W = W_hi + W_lo
@group(0) @binding(4) var<storage, read_write> W_lo: array<f32>;
// opt: the optimizer state [log scale of M, log scale of v, M (d·K), v (d·K)] at run.optOffset
@group(0) @binding(5) var<storage, read_write> opt: array<f32>;

@compute @workgroup_size(LINEAR_WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let e = gid.x;
  let dk = run.dim * run.classes;
  if (e >= dk || step.live == 0u) { return; }
  let w = run.wOffset + e;
  let os = step;
  let mAt = run.optOffset + 2u + e;
  let vAt = mAt + dk;
  let r = optim_entry(run.optimizer, os, grad[e], run.beta, opt[mAt], opt[vAt]);
  if (optim_has_state(run.optimizer)) {
    opt[mAt] = r.y;
    opt[vAt] = r.z;
  }
  let delta = optim_decayed(os, r.x, W_hi[w], W_lo[w]);
  if (run.compensated != 0u) {
    let sum = compensated_add(W_hi[w], W_lo[w], delta, run.one);
    W_hi[w] = sum.x;
    W_lo[w] = sum.y;
  } else {
    W_hi[w] = W_hi[w] + delta;
  }
}
