// PERM losses in stable f32 forms, shared by the kernels that need them (prepended at resolve time).
// u = s_y − s_k is the relative margin of the true class y over class k ≠ y. The score gradient of
// a pair is c = ∂L/∂s_k, kept in the log domain as (sign, log|c|) so that tiny weights never
// underflow before a common shift is taken out. The loss codes LOSS_* are injected constants.

// LOG_ZERO, the f32 "minus infinity" of log weights of pairs that carry no gradient (hinge beyond the
// margin), is injected from src/gpu/buffers/run-params.ts. Every switch over LOSS_* has a case per code and a
// default that yields NaN (optim_nan in optim.wgsl is not prepended yet, so the NaN is built here).

// A NaN that depends on run-time data, so that no compiler folds it away.
fn loss_nan(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) | 0x7fc00000u);
}

// log(1 + x) for x ≥ 0 without losing x when x is far below f32 epsilon.
fn log1p_pos(x: f32) -> f32 {
  if (x < 1.0e-2) {
    return x * (1.0 - x * (0.5 - x * (1.0 / 3.0 - x * (0.25 - x * 0.2))));
  }
  return log(1.0 + x);
}

// softplus(z) = log(1 + e^z), exact in both tails.
fn softplus(z: f32) -> f32 {
  return max(z, 0.0) + log1p_pos(exp(-abs(z)));
}

// The cross-entropy log Σ over {0} ∪ {v_k} from its running max shift `top` (≥ 0, the {0} term's
// floor) and sum = Σ exp(v_k − top); exact for tiny sums through log1p_pos.
fn ce_lse_close(top: f32, sum: f32) -> f32 {
  if (top == 0.0) { return log1p_pos(sum); }
  return top + log(exp(-top) + sum);
}

// Adds v to a running (top, sum) of ce_lse_close, rescaling the sum when v raises the shift, so a
// row's log-sum-exp takes one pass over its classes and no per-thread array.
fn ce_lse_push(acc: vec2f, v: f32) -> vec2f {
  if (v > acc.x) { return vec2f(v, acc.y * exp(acc.x - v) + 1.0); }
  return vec2f(acc.x, acc.y + exp(v - acc.x));
}

// (sign, log|c|) of the pair weight c = ∂L/∂s_k; `lse` is the example's cross-entropy log-sum-exp (cross-entropy only).
fn pair_log_weight(loss: u32, u: f32, lse: f32, power: f32) -> vec2f {
  switch loss {
    case LOSS_PAIRLOG: { return vec2f(1.0, -softplus(u)); }
    case LOSS_CE: { return vec2f(1.0, -u - lse); }
    case LOSS_EXP: { return vec2f(1.0, -u); }
    case LOSS_HINGE: { return select(vec2f(0.0, LOG_ZERO), vec2f(1.0, 0.0), u < 1.0); }
    case LOSS_SQUARED: {
      let c = 2.0 * (1.0 - u);
      return select(vec2f(sign(c), log(abs(c))), vec2f(0.0, LOG_ZERO), c == 0.0);
    }
    case LOSS_POLY: { // c = r σ(u) (1 + softplus(u))^(−r−1)
      return vec2f(1.0, log(power) - softplus(-u) - (power + 1.0) * log1p_pos(softplus(u)));
    }
    default: { return vec2f(1.0, loss_nan(u)); }
  }
}

// The loss of one pair (all but cross-entropy are sums over pairs).
fn pair_loss(loss: u32, u: f32, power: f32) -> f32 {
  switch loss {
    case LOSS_PAIRLOG: { return softplus(-u); }
    case LOSS_EXP: { return exp(-u); }
    case LOSS_HINGE: { return max(0.0, 1.0 - u); }
    case LOSS_SQUARED: { return (1.0 - u) * (1.0 - u); }
    case LOSS_POLY: { return exp(-power * log1p_pos(softplus(u))); }
    // cross-entropy is not a sum over pairs: its loss is the row's log-sum-exp (ce_lse_close)
    case LOSS_CE: { return 0.0; }
    default: { return loss_nan(u); }
  }
}

// f32 finiteness by the exponent bits, immune to compilers that assume no NaN.
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// W ← W + delta on a (high, low) pair with two-sum, so increments far below ulp(high) accumulate.
// `one` is 1.0 read from a buffer at run time: multiplying each intermediate by it stops GLSL and
// LLVM optimisers, which may treat float arithmetic as exact, from folding (hi + b) − hi into b
// and the whole error term into zero (Mesa does exactly that without it).
fn compensated_add(hi: f32, lo: f32, delta: f32, one: f32) -> vec2f {
  let b = delta + lo;
  let s = (hi + b) * one;
  let bb = (s - hi) * one;
  let err = (hi - (s - bb) * one) + (b - bb);
  return vec2f(s, err);
}
