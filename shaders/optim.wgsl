// The optimizers' update rules, shared by the fused and the tiled paths (prepended at resolve time,
// after perm-loss.wgsl). The float64 rules they follow are src/core/training/optimizers.ts. The kernels hand
// them the gradient as grad = Xᵀ·G scaled by exp(−shift) (∇R = exp(shift)·grad/N) and its ‖·‖².
// Momentum averages and Adam's moments are kept, like the gradient, as e^{log scale}·(f32 values), so
// they never underflow. Optimizer codes OPTIMIZER_* are injected constants. The spectral steps
// (spectral, nuclear, Muon) first turn grad into their direction (spectral.wgsl, a workgroup-wide stage);
// their entry rule here is then W ← W − η_t·direction.
// (No pointer parameters: Dawn's OpenGL ES backend crashes on them; the kernels load and store the state.)

// OptimStep (one step's coefficients, the same for every entry of W) is a struct of src/gpu/buffers/schemas.ts.
// Trait masks OPTIM_*_MASK (bit c for optimizer code c) are generated from the optimizer table.

fn optim_has(mask: u32, optimizer: u32) -> bool {
  return optimizer < 32u && ((mask >> optimizer) & 1u) != 0u;
}

// Whether the step direction is U Vᵀ (or u₁v₁ᵀ, or Newton–Schulz) of grad or of M: the spectral.wgsl stage.
fn optim_is_polar(optimizer: u32) -> bool {
  return optim_has(OPTIM_POLAR_MASK, optimizer);
}

// A NaN that no compiler folds away (it depends on run-time data): the value of an unknown code, which
// the divergence rule then catches.
fn optim_nan(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) | 0x7fc00000u);
}

// The per-step factor: GD and momentum η_t·exp(shift)/N; NGD η_t/‖grad‖ (0 when grad = 0); the sign,
// Adam and spectral families η_t (their directions do not depend on the scale of the gradient).
fn optim_factor(optimizer: u32, lr: f32, shift: f32, n: u32, norm2: f32) -> f32 {
  if (optimizer == OPTIMIZER_NGD) { return select(lr / sqrt(norm2), 0.0, norm2 == 0.0); }
  if (optim_has(OPTIM_PLAIN_SCALE_MASK, optimizer)) { return lr * exp(shift) / f32(n); }
  return lr;
}

// η_t of update number t: a case per schedule code (SCHEDULE_*), an unknown code yields NaN.
fn schedule_lr(schedule: u32, lr: f32, t: u32) -> f32 {
  switch schedule {
    case SCHEDULE_CONST: { return lr; }
    case SCHEDULE_SQRT: { return lr / sqrt(f32(t) + 1.0); }
    default: { return optim_nan(lr); }
  }
}

// X ← keep·X + (1 − keep)·e^{logScale}·g with X kept as e^{top}·x: returns (factor on x, factor on g, top).
fn log_mix(oldLog: f32, logScale: f32, keep: f32) -> vec3f {
  let hasOld = keep > 0.0 && oldLog > LOG_ZERO;
  let hasNew = keep < 1.0 && logScale > LOG_ZERO;
  let a = select(LOG_ZERO, oldLog + log(keep), hasOld);
  let b = select(LOG_ZERO, logScale + log(1.0 - keep), hasNew);
  let top = max(a, b);
  if (!hasOld && !hasNew) { return vec3f(0.0, 0.0, LOG_ZERO); }
  return vec3f(select(0.0, exp(a - top), hasOld), select(0.0, exp(b - top), hasNew), top);
}

// β^{t+1} without pow(0, ·)
fn power_of(beta: f32, t: u32) -> f32 {
  return select(pow(beta, f32(t) + 1.0), 0.0, beta == 0.0);
}

// The coefficients of update number t; mLog and vLog are the log scales before it; wd is the decoupled
// weight decay λ, whose term −η_t λ W the kernels add to optim_entry's change (optim_decayed).
fn optim_step(optimizer: u32, lr: f32, shift: f32, n: u32, norm2: f32, t: u32, beta: f32, beta2: f32, eps: f32, mLog: f32, vLog: f32, wd: f32) -> OptimStep {
  var s: OptimStep;
  s.factor = optim_factor(optimizer, lr, shift, n, norm2);
  s.decay = lr * wd;
  s.mLog = mLog;
  s.vLog = vLog;
  // ∇R = e^{logScale}·grad
  let logScale = select(LOG_ZERO, shift - log(f32(n)), shift > LOG_ZERO);
  if (optim_has(OPTIM_MOMENT_MASK, optimizer)) {
    let m = log_mix(mLog, logScale, beta);
    s.fa = m.x;
    s.fb = m.y;
    s.mLog = m.z;
  }
  if (optimizer == OPTIMIZER_NESTEROV) {
    // Nesterov's V = M/(1 − β): the step η_t(∇R + βV) = factor·grad + ratio·M
    s.ratio = select(lr * beta / (1.0 - beta) * exp(s.mLog), 0.0, beta == 0.0 || s.mLog <= LOG_ZERO);
  }
  if (optimizer == OPTIMIZER_ADAM) {
    let v = log_mix(vLog, select(LOG_ZERO, 2.0 * logScale, logScale > LOG_ZERO), beta2);
    s.ga = v.x;
    s.gb = v.y;
    s.vLog = v.z;
    s.bc1 = 1.0 - power_of(beta, t);
    s.bc2 = 1.0 - power_of(beta2, t);
    if (s.mLog > LOG_ZERO && s.vLog > LOG_ZERO) {
      s.ratio = exp(s.mLog - 0.5 * s.vLog);
      // capped: beyond e^80 the step is already zero to f32 precision
      s.epsScaled = select(eps * exp(min(-0.5 * s.vLog, 80.0)), 0.0, eps == 0.0);
    }
  }
  return s;
}

// One entry of W: returns (change of W, new M or heavy-ball velocity, new v) from grad entry g and the old M (or velocity) and v.
// A case per optimizer code; an unknown code yields NaN.
fn optim_entry(optimizer: u32, s: OptimStep, g: f32, beta: f32, m: f32, v: f32) -> vec3f {
  switch optimizer {
    // plain and normalized: the factor carries the scale; the spectral family: grad already is the direction
    case OPTIMIZER_GD, OPTIMIZER_NGD, OPTIMIZER_SPECTRAL, OPTIMIZER_NUCLEAR, OPTIMIZER_MUON: { return vec3f(-s.factor * g, m, v); }
    case OPTIMIZER_SIGN: { return vec3f(-s.factor * sign(g), m, v); }
    case OPTIMIZER_SIGNUM: {
      let next = s.fa * m + s.fb * g;
      return vec3f(-s.factor * sign(next), next, v);
    }
    case OPTIMIZER_MOMENTUM: {
      // heavy ball: m holds W_t − W_{t−1}; W_{t+1} − W_t = −η_t ∇R + β (W_t − W_{t−1})
      let change = -s.factor * g + beta * m;
      return vec3f(change, change, v);
    }
    case OPTIMIZER_NESTEROV: {
      let next = s.fa * m + s.fb * g;
      return vec3f(-s.factor * g - s.ratio * next, next, v);
    }
    case OPTIMIZER_ADAM: {
      let nextM = s.fa * m + s.fb * g;
      let nextV = s.ga * v + s.gb * g * g;
      let num = nextM / s.bc1;
      let den = sqrt(nextV / s.bc2) + s.epsScaled;
      // an entry whose gradient has always been 0 does not move, also with ε = 0
      return vec3f(select(-s.factor * s.ratio * num / den, 0.0, num == 0.0 || den == 0.0), nextM, nextV);
    }
    default: { return vec3f(optim_nan(g), m, v); }
  }
}

// The change of one entry of W = hi + lo with decoupled weight decay: W ← (1 − η_t λ) W + change, written
// as one increment so that the compensated sum keeps it.
fn optim_decayed(s: OptimStep, change: f32, hi: f32, lo: f32) -> f32 {
  return select(change - s.decay * (hi + lo), change, s.decay == 0.0);
}

// Whether optim_entry keeps state in the opt buffer (Muon's M is kept by the spectral.wgsl stage).
fn optim_has_state(optimizer: u32) -> bool {
  return optim_has(OPTIM_ENTRY_STATE_MASK, optimizer);
}
