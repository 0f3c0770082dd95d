// The W update of one run (large problems): W ← W + optim_delta(factor, grad) with two-sum compensation, one
// thread per entry of W.

// run: the run's sizes, offsets and settings
@group(0) @binding(0) var<uniform> run: RunParams;
// grad: Xᵀ·G scaled by exp(−shift), d×K
@group(0) @binding(1) var<storage, read> grad: array<f32>;
// step: the factor decided by grad-norm (0 for a frozen run)
@group(0) @binding(2) var<storage, read> step: array<f32>;
// W_hi: the leading f32 part of each run's W
@group(0) @binding(3) var<storage, read_write> W_hi: array<f32>;
// W_lo: the compensation part; W = W_hi + W_lo
@group(0) @binding(4) var<storage, read_write> W_lo: array<f32>;

@compute @workgroup_size(LINEAR_WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let e = gid.x;
  if (e >= run.dim * run.classes || step[0] == 0.0) { return; }
  let w = run.wOffset + e;
  let delta = optim_delta(run.optimizer, step[0], grad[e]);
  if (run.compensated != 0u) {
    let sum = compensated_add(W_hi[w], W_lo[w], delta, run.one);
    W_hi[w] = sum.x;
    W_lo[w] = sum.y;
  } else {
    W_hi[w] = W_hi[w] + delta;
  }
}
