// The Python rule of every loss, optimizer and schedule of the lab's tables (src/core/training/losses.ts,
// optimizers.ts, schedules.ts), for the program `lab script` writes (python-program.ts). Each map is typed
// by its table's names, so a new table entry without a Python rule does not compile, and
// tests/unit/cli/python-script.test.ts checks the keys against the tables once more.
//
// The Python mirrors the float64 CPU engine (src/core/engine/cpu-engine.ts) step for step: the gradient
// arrives as G = ∇R = e^{log_scale}·direction (direction = N∇R on the plain path, the log-domain pair
// weights' direction for the normalised methods; docs/numerics.md, section 1), and a step returns the
// update D (W ← W − D) or None when it is not finite.
import { POLY_R, type LossName } from '../training/losses.ts';
import { NS_COEFFICIENTS, type OptimizerName } from '../training/optimizers.ts';
import type { ScheduleName } from '../training/schedules.ts';

/**
 * One block per loss L_y(s) = ψ(u), u_j = s_y − s_j (PERM losses, Wang & Scott, arXiv 2311.17778;
 * docs/theory.md, section 1): its value per example, its pair weights c_j = −∂ψ/∂u_j (the score
 * gradient is c_j at j ≠ y and −Σ_j c_j at y) and their logs (None for a loss whose weights can be
 * negative). U holds the margins (N×K), `other` marks j ≠ y.
 */
export const LOSS_PY: { readonly [L in LossName]: string } = {
  pairlog: `
def pairlog_value(U, other):  # PairLogLoss: Σ_j log(1 + e^{−u_j})
    return np.sum(np.where(other, softplus(-U), 0.0), axis=1)

def pairlog_weights(U, other):  # c_j = σ(−u_j)
    return np.where(other, sigmoid(-U), 0.0)

def pairlog_log_weights(U, other):
    return np.where(other, -softplus(U), -np.inf)

LOSSES["pairlog"] = Loss(pairlog_value, pairlog_weights, pairlog_log_weights)
`,
  ce: `
def ce_value(U, other):  # cross-entropy: log(1 + Σ_j e^{−u_j}), shifted so that it never overflows
    neg = np.where(other, -U, -np.inf)
    shift = np.maximum(0.0, np.max(neg, axis=1))
    small = np.log1p(np.sum(np.exp(neg), axis=1))
    large = shift + np.log(np.exp(-shift) + np.sum(np.exp(neg - shift[:, None]), axis=1))
    return np.where(shift == 0, small, large)

def ce_weights(U, other):  # c_j = e^{−u_j} / (1 + Σ_l e^{−u_l})
    return np.where(other, np.exp(-U - ce_value(U, other)[:, None]), 0.0)

def ce_log_weights(U, other):
    return np.where(other, -U - ce_value(U, other)[:, None], -np.inf)

LOSSES["ce"] = Loss(ce_value, ce_weights, ce_log_weights)
`,
  exp: `
def exp_value(U, other):  # multiclass exponential: Σ_j e^{−u_j}
    return np.sum(np.where(other, np.exp(-U), 0.0), axis=1)

def exp_weights(U, other):  # c_j = e^{−u_j}
    return np.where(other, np.exp(-U), 0.0)

def exp_log_weights(U, other):
    return np.where(other, -U, -np.inf)

LOSSES["exp"] = Loss(exp_value, exp_weights, exp_log_weights)
`,
  hinge: `
def hinge_value(U, other):  # Weston–Watkins hinge: Σ_j max(0, 1 − u_j)
    return np.sum(np.where(other, np.maximum(0.0, 1.0 - U), 0.0), axis=1)

def hinge_weights(U, other):  # c_j = 1 while u_j < 1, else 0
    return np.where(other & (U < 1), 1.0, 0.0)

def hinge_log_weights(U, other):
    return np.where(other & (U < 1), 0.0, -np.inf)

LOSSES["hinge"] = Loss(hinge_value, hinge_weights, hinge_log_weights)
`,
  squared: `
def squared_value(U, other):  # squared (relative margin): Σ_j (1 − u_j)²
    return np.sum(np.where(other, (1.0 - U) * (1.0 - U), 0.0), axis=1)

def squared_weights(U, other):  # c_j = 2(1 − u_j), negative past u_j = 1
    return np.where(other, 2.0 * (1.0 - U), 0.0)

LOSSES["squared"] = Loss(squared_value, squared_weights, None)  # no log form: every optimizer takes ∇R itself
`,
  poly: `
POLY_R = ${POLY_R}  # the tail exponent r

def poly_value(U, other):  # polynomial tail: Σ_j (1 + softplus(u_j))^{−r}
    return np.sum(np.where(other, (1.0 + softplus(U)) ** -POLY_R, 0.0), axis=1)

def poly_weights(U, other):  # c_j = r σ(u_j) (1 + softplus(u_j))^{−r−1}
    return np.where(other, POLY_R * sigmoid(U) * (1.0 + softplus(U)) ** (-POLY_R - 1), 0.0)

def poly_log_weights(U, other):
    return np.where(other, math.log(POLY_R) - softplus(-U) - (POLY_R + 1) * np.log1p(softplus(U)), -np.inf)

LOSSES["poly"] = Loss(poly_value, poly_weights, poly_log_weights)
`,
};

const [NS_A, NS_B, NS_C] = NS_COEFFICIENTS;

/**
 * One step function per optimizer: step_<name>(g, eta, t, p, state) → D (d×K) with W ← W − D, or None when the
 * step is not finite. g.direction and g.log_scale give G = ∇R; p holds beta, beta2, eps, ns, wd (the decay is applied by update); state the moments.
 */
export const OPTIMIZER_PY: { readonly [O in OptimizerName]: string } = {
  gd: `
def step_gd(g, eta, t, p, state):  # W ← W − η_t ∇R
    return gradient_scale(g, eta) * g.direction
`,
  ngd: `
def step_ngd(g, eta, t, p, state):  # W ← W − η_t ∇R/‖∇R‖_F
    norm = math.sqrt(float(np.sum(g.direction * g.direction)))
    if not math.isfinite(norm):
        return None
    return np.zeros_like(g.direction) if norm == 0 else g.direction * (eta / norm)
`,
  sign: `
def step_sign(g, eta, t, p, state):  # W ← W − η_t sign(∇R), sign 0 = 0
    return eta * np.sign(g.direction)
`,
  spectral: `
def step_spectral(g, eta, t, p, state):  # W ← W − η_t U Vᵀ  (∇R = U Σ Vᵀ)
    return polar_step(g.direction, eta, top=False)
`,
  nuclear: `
def step_nuclear(g, eta, t, p, state):  # W ← W − η_t u₁ v₁ᵀ
    return polar_step(g.direction, eta, top=True)
`,
  signum: `
def step_signum(g, eta, t, p, state):  # M ← βM + (1−β)∇R; W ← W − η_t sign(M)
    accumulate_momentum(state, g, p["beta"])
    return eta * np.sign(state["m"])
`,
  muon: `
NS_COEFFICIENTS = (${NS_A}, ${NS_B}, ${NS_C})  # Newton–Schulz quintic (K. Jordan et al., "Muon", 2024)

def newton_schulz(A, eta, iterations):  # η · X_n from X₀ = A/‖A‖_F, X ← (aI + bB + cB²)X with B = XXᵀ (X as K×d)
    norm = math.sqrt(float(np.sum(A * A)))
    if norm == 0:
        return np.zeros_like(A)
    if not math.isfinite(norm):
        return None
    a, b, c = NS_COEFFICIENTS
    X = (A * (1.0 / norm)).T
    for _ in range(iterations):
        B = X @ X.T
        X = (a * np.eye(len(B)) + b * B + c * (B @ B)) @ X
    return eta * X.T

def step_muon(g, eta, t, p, state):  # M ← βM + (1−β)∇R; W ← W − η_t U Vᵀ of M (ns > 0: Newton–Schulz)
    accumulate_momentum(state, g, p["beta"])
    if p["ns"] > 0:
        return newton_schulz(state["m"], eta, int(p["ns"]))
    return polar_step(state["m"], eta, top=False)
`,
  momentum: `
def step_momentum(g, eta, t, p, state):  # W_{t+1} = W_t − η_t ∇R + β(W_t − W_{t−1})
    D = gradient_scale(g, eta) * g.direction - p["beta"] * state["velocity"]
    state["velocity"] = -D
    return D
`,
  adam: `
def step_adam(g, eta, t, p, state):  # W ← W − η_t m̂/(√v̂ + ε), bias-corrected; moments kept as e^{log}·array
    accumulate_momentum(state, g, p["beta"])
    a = state["v_log"] + log(p["beta2"])  # v ← β₂ v + (1 − β₂) G²
    b = 2 * g.log_scale + log(1 - p["beta2"])
    top = max(a, b)
    if top != -math.inf:
        fa, fb = math.exp(a - top), math.exp(b - top)
        state["v"] = (0.0 if fa == 0 else fa * state["v"]) + (0.0 if fb == 0 else fb * g.direction * g.direction)
        state["v_log"] = top
    if state["m_log"] == -math.inf or state["v_log"] == -math.inf:
        return np.zeros_like(g.direction)
    bc1 = 1 - p["beta"] ** (t + 1)
    bc2 = 1 - p["beta2"] ** (t + 1)
    ratio = math.exp(state["m_log"] - state["v_log"] / 2)
    eps_scaled = 0.0 if p["eps"] == 0 else p["eps"] * math.exp(-state["v_log"] / 2)
    num = state["m"] / bc1
    den = np.sqrt(state["v"] / bc2) + eps_scaled
    with np.errstate(all="ignore"):  # an entry whose gradient has always been 0 does not move, also with ε = 0
        return np.where(num == 0, 0.0, (eta * ratio * num) / den)
`,
  nesterov: `
def step_nesterov(g, eta, t, p, state):  # V ← βV + ∇R; W ← W − η_t (∇R + βV), V kept as M/(1 − β)
    accumulate_momentum(state, g, p["beta"])
    m_scale = 0.0 if p["beta"] == 0 else (eta * p["beta"] / (1 - p["beta"])) * math.exp(state["m_log"])
    return eta * math.exp(g.log_scale) * g.direction + (0.0 if m_scale == 0 else m_scale * state["m"])
`,
};

/** One function per schedule: η_t from the base η and the update number t (0-based). */
export const SCHEDULE_PY: { readonly [S in ScheduleName]: string } = {
  const: `
def schedule_const(lr, t):  # η_t = η
    return lr
`,
  sqrt: `
def schedule_sqrt(lr, t):  # η_t = η/√(t+1)
    return lr / math.sqrt(t + 1)
`,
};
