// The spectral direction of one run on the tiled path (spectral descent, nuclear, Muon): between the
// gradient's combine-and-decide kernel (grad-norm.wgsl) and the update (update.wgsl), one workgroup
// turns grad into U Vᵀ of grad or of Muon's M, or u₁v₁ᵀ, or Muon's Newton–Schulz iterate (spectral.wgsl);
// the update then moves W by −η_t times it, as the fused path does inside its loop.

// run: the run's sizes, offsets and settings
@group(0) @binding(0) var<uniform> run: RunParams;
// grad: in, Xᵀ·G scaled by exp(−shift) (d×K); out, the step direction
@group(0) @binding(1) var<storage, read_write> grad: array<f32>;
// step: the coefficients grad-norm decided (Muon's fa, fb); step.live is 0 for a frozen run
@group(0) @binding(2) var<storage, read> step: OptimStep;
// opt: the optimizer state [log scale of M, log scale of v, M (d·K), v (d·K)] at run.optOffset
@group(0) @binding(3) var<storage, read_write> opt: array<f32>;
// scratch: working space of the rotations or the Newton–Schulz products, sized for the largest run
@group(0) @binding(4) var<storage, read_write> scratch: array<f32>;

@compute @workgroup_size(LINEAR_WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lid: u32) {
  if (step.live == 0u) { return; }
  polar_stage(run.optimizer, run.dim, run.classes, run.ns, step.fa, step.fb, run.optOffset + 2u, lid, LINEAR_WORKGROUP_SIZE);
}
