// The optimizers' update rules, shared by the fused and the tiled paths (prepended at resolve time,
// after perm-loss.wgsl). The float64 rules they follow are src/core/optimizers.ts. The kernels hand
// them the gradient as grad = Xᵀ·G scaled by exp(−shift) (∇R = exp(shift)·grad/N) and its ‖·‖².
// Optimizer codes OPTIMIZER_* are injected constants; the GPU engine refuses, by name, any optimizer
// it has no rule for here (src/gpu/optimizer-support.ts).

// The per-step factor: GD η_t·exp(shift)/N; NGD η_t/‖grad‖ (0 when grad = 0); sign η_t.
fn optim_factor(optimizer: u32, lr: f32, shift: f32, n: u32, norm2: f32) -> f32 {
  if (optimizer == OPTIMIZER_NGD) { return select(lr / sqrt(norm2), 0.0, norm2 == 0.0); }
  if (optimizer == OPTIMIZER_SIGN) { return lr; }
  return lr * exp(shift) / f32(n);
}

// The change of one entry of W: −factor·g (GD, NGD), −factor·sign(g) with sign(0) = 0 (sign).
fn optim_delta(optimizer: u32, factor: f32, g: f32) -> f32 {
  if (optimizer == OPTIMIZER_SIGN) { return -factor * sign(g); }
  return -factor * g;
}
