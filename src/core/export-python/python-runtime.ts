// The fixed parts of the program `lab script` writes: numerics without under- or overflow, the data
// generator, the metrics of a checkpoint, the training loop with the lab's divergence rule and the JSON
// lines. Each mirrors its TypeScript original, named in its comment (all under src/core/), so that the
// program prints what `lab run --engine cpu` prints to within rounding.

/** Numbers scaled by powers of two (linalg/power-of-two-scale.ts) and the smooth pieces of the losses (training/losses.ts). */
export const PY_NUMERICS = `
np.seterr(all="ignore")  # overflow is caught by the divergence rule below, as in the lab


def log(x):
    """log x with log 0 = −inf (Python's math.log refuses 0)."""
    return -math.inf if x == 0 else math.log(x)


def binary_exponent(x):
    """e with 2^e ≤ |x| < 2^(e+1)."""
    return math.frexp(abs(x))[1] - 1


def unit_exponent(A):
    """The power of two u with max |A|·2^u in [1, 2) (0 for A = 0 or a non-finite A)."""
    largest = float(np.max(np.abs(A))) if A.size else 0.0
    return -binary_exponent(largest) if largest > 0 and math.isfinite(largest) else 0


def frobenius_norm(A):
    """‖A‖_F without under- or overflow of Σ a²."""
    u = unit_exponent(A)
    scaled = np.ldexp(A, u)
    return math.ldexp(math.sqrt(float(np.sum(scaled * scaled))), -u)


def softplus(x):
    """log(1 + e^x) without overflow."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    """1/(1 + e^{−x}), exact in both tails."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Loss:
    def __init__(self, value, weights, log_weights):
        self.value, self.weights, self.log_weights = value, weights, log_weights


LOSSES = {}


def margins(W, X, y):
    """U[i, j] = s_{y_i} − s_j for the scores s = Wᵀx_i, and the mask of j ≠ y_i."""
    S = X @ W
    rows = np.arange(len(y))
    other = np.ones(S.shape, dtype=bool)
    other[rows, y] = False
    return S[rows, y][:, None] - S, other
`;

/** The paper's generator (data/paper.ts, the authors' make_dataset) and the starting points (training/init.ts). */
export const PY_DATA = `
def paper_data(n, d, k, seed):
    """X_all = randn(2N×d), W* = randn(d×K), y = argmax(X_all W*): train = first N rows, test = last N."""
    rng = np.random.RandomState(seed)
    X_all = rng.randn(2 * n, d)
    teacher = rng.randn(d, k)
    y_all = np.argmax(X_all @ teacher, axis=1)
    return (X_all[:n], y_all[:n]), (X_all[n:], y_all[n:])


def initial_weights(init, d, k):
    """W(0): zeros, or randn(d×K) from numpy's legacy stream with each row's mean removed."""
    if init[0] == "zero":
        return np.zeros((d, k))
    W = np.random.RandomState(init[1]).randn(d, k)
    return W - np.mean(W, axis=1, keepdims=True)
`;

/** The optimizers' shared pieces (training/optimizer-math.ts, linalg/sym-eigen.ts's polarMap). */
export const PY_OPTIMIZER_MATH = `
class Gradient:
    """G = ∇R = e^{log_scale}·direction; plain_n = N when direction = N∇R exactly (the plain path)."""

    def __init__(self, direction, log_scale, plain_n=None):
        self.direction, self.log_scale, self.plain_n = direction, log_scale, plain_n


def gradient_scale(g, eta):
    """η·e^{log_scale}, or η/N on the plain path."""
    return eta / g.plain_n if g.plain_n is not None else eta * math.exp(g.log_scale)


def accumulate_momentum(state, g, beta):
    """M ← βM + (1 − β)G, kept as e^{m_log}·m so that underflowing gradients keep their direction."""
    a = state["m_log"] + log(beta)
    b = g.log_scale + log(1 - beta)
    top = max(a, b)
    if top == -math.inf:
        return
    fa, fb = math.exp(a - top), math.exp(b - top)
    state["m"] = (0.0 if fa == 0 else fa * state["m"]) + (0.0 if fb == 0 else fb * g.direction)
    state["m_log"] = top


GRAM_RANK_CUT = 1e-7  # singular values below this fraction of σ₁ count as zero


def helmert_basis(k):
    """An orthonormal basis of 1^⊥ in R^K (K×(K−1)): W·1 = 0 for every step in the row space of ∇R."""
    Q = np.zeros((k, k - 1))
    for c in range(k - 1):
        scale = 1 / math.sqrt((c + 1) * (c + 2))
        Q[: c + 1, c] = scale
        Q[c + 1, c] = -(c + 1) * scale
    return Q


def polar_step(A, eta, top):
    """η·U Vᵀ of A = U Σ Vᵀ (d×K, A·1 = 0), or η·u₁v₁ᵀ when top, from the eigen-decomposition of Qᵀ(AᵀA)Q."""
    k = A.shape[1]
    Q = helmert_basis(k)
    H = Q.T @ (A.T @ A) @ Q
    if not np.all(np.isfinite(H)):
        return None
    values, vectors = np.linalg.eigh(H)
    values, vectors = values[::-1], vectors[:, ::-1]
    if not values[0] > 0:
        return np.zeros_like(A)
    cut = GRAM_RANK_CUT * GRAM_RANK_CUT * values[0]
    count = 1 if top else int(np.sum(values > cut))
    Y = Q @ vectors[:, :count]
    P = (Y / np.sqrt(values[:count])) @ Y.T
    if not np.all(np.isfinite(P)):
        return None
    return eta * (A @ P)
`;

/** The checkpoint metrics (training/metrics.ts) and ρ_p (max-margin/matrix-norms.ts's marginRatios). */
export const PY_METRICS = `
def accuracy_and_margin(W, X, y):
    """Training accuracy (a tie is wrong) and min margin / ‖W‖_F, from W scaled to a largest |entry| in [1, 2)."""
    scaled = np.ldexp(W, unit_exponent(W))
    U, other = margins(scaled, X, y)
    smallest = np.min(np.where(other, U, np.inf), axis=1)
    norm = frobenius_norm(scaled)
    return float(np.sum(smallest > 0)) / len(y), (math.nan if norm == 0 else float(np.min(smallest)) / norm)


def margin_ratios(W, X, y, gamma):
    """ρ_p = m(W)/(‖W‖_p γ_p) for every norm p; None where γ_p is unknown or ‖W‖_p = 0."""
    a, b = unit_exponent(W), unit_exponent(X)
    unit_W = np.ldexp(W, a)
    U, other = margins(np.ldexp(W, a + b), X, y)
    m = float(np.min(np.where(other, U, np.inf)))
    sigma = np.linalg.svd(unit_W, compute_uv=False) if np.all(np.isfinite(unit_W)) else np.array([math.nan])
    norms = {
        "fro": frobenius_norm(unit_W),
        "max": float(np.max(np.abs(unit_W))),
        "l1": math.ldexp(float(np.sum(np.abs(np.ldexp(unit_W, unit_exponent(unit_W))))), -unit_exponent(unit_W)),
        "spectral": float(sigma[0]),
        "nuclear": float(np.sum(sigma)),
    }
    out = {}
    for p in ("fro", "max", "l1", "spectral", "nuclear"):
        g = gamma.get(p)
        ok = norms[p] > 0 and g is not None and g > 0
        out[p] = m / (norms[p] * math.ldexp(g, b)) if ok else None
    return out


def checkpoint_metrics(W, problem, loss):
    """The numbers of one checkpoint line, in the lab's order."""
    X, y = problem["train"]
    W_hat, norm_hat = problem["W_hat"], problem["normF"]
    U, other = margins(W, X, y)
    norm_W = frobenius_norm(W)
    if norm_W == 0:
        angle = distance = math.nan
    else:
        a, b = W / norm_W, W_hat / norm_hat
        distance = math.sqrt(float(np.sum((a - b) * (a - b))))
        angle = 2 * math.atan2(distance, math.sqrt(float(np.sum((a + b) * (a + b)))))
    train_acc, margin = accuracy_and_margin(W, X, y)
    out = {
        "loss": float(np.sum(loss.value(U, other))) / len(y),
        "normRatio": norm_W / norm_hat,
        "angle": angle,
        "distance": distance,
        "margin": margin,
        "marginRatio": margin * norm_hat,
        "trainAcc": train_acc,
    }
    if problem["test"] is not None:
        out["testAcc"] = accuracy_and_margin(W, *problem["test"])[0]
    out["rho"] = margin_ratios(W, X, y, problem["gamma"])
    return out
`;

/** The step (engine/cpu-engine.ts's stepRun), the divergence rule (training/divergence.ts) and the checkpoint times (engine/checkpoint-times.ts). */
export const PY_TRAINING = `
def gradient(W, X, y, loss, log_domain):
    """∇R as a Gradient: from the log pair weights (largest weight 1) for the normalised methods, else N∇R itself."""
    U, other = margins(W, X, y)
    rows = np.arange(len(y))
    if log_domain and loss.log_weights is not None:
        L = loss.log_weights(U, other)
        if np.any(np.isnan(L)) or np.any(L == math.inf):
            return None
        top = float(np.max(L))
        if top == -math.inf:
            return Gradient(np.zeros_like(W), -math.inf)
        C = np.exp(L - top)
        C[rows, y] = -np.sum(np.where(other, C, 0.0), axis=1)
        direction = X.T @ C
        if math.isnan(frobenius_norm(direction)):
            return None
        return Gradient(direction, -math.inf if not np.any(direction) else top - math.log(len(y)))
    C = loss.weights(U, other)
    C[rows, y] = -np.sum(C, axis=1)
    return Gradient(X.T @ C, -math.log(len(y)), len(y))


def batch_rows(run, t, n, state):
    """The rows of update t (None: every row). Mini-batch SGD: epoch e's order is numpy's own
    RandomState(bseed)'s e-th permutation(n), cut into consecutive slices of B rows, the last one shorter."""
    B = run["batch"]
    if not B or B >= n:
        return None
    per_epoch = -(-n // B)
    epoch = t // per_epoch
    if "batch_epoch" not in state or epoch < state["batch_epoch"]:
        state.update(batch_rng=np.random.RandomState(run["bseed"]), batch_epoch=-1)
    while state["batch_epoch"] < epoch:
        state.update(batch_order=state["batch_rng"].permutation(n), batch_epoch=state["batch_epoch"] + 1)
    start = (t - epoch * per_epoch) * B
    return state["batch_order"][start:start + B]


def update(W, t, run, problem, state):
    """W after update number t (0-based), or None when the gradient, the step or the new W is not finite.
    G is the mean over the step's rows: all of them, or the mini-batch's."""
    X, y = problem["train"]
    rows = batch_rows(run, t, len(y), state)
    if rows is not None:
        X, y = X[rows], y[rows]
    g = gradient(W, X, y, LOSSES[run["loss"]], run["optimizer"] not in PLAIN_GRADIENT)
    if g is None:
        return None
    eta = SCHEDULES[run["schedule"]](run["lr"], t)
    D = OPTIMIZERS[run["optimizer"]](g, eta, t, run["params"], state)
    if D is None:
        return None
    # decoupled weight decay λ (wd): W ← (1 − η_t λ) W − D
    W_next = W - eta * run["params"].get("wd", 0) * W - D
    return W_next if np.all(np.isfinite(W_next)) else None


def js_number(x):
    """A number as JavaScript's String() writes a non-finite one."""
    return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")


def non_finite_metric(m):
    """The first number that should be finite and is not (direction metrics are undefined only at W = 0)."""
    for name in ("loss", "normRatio", "trainAcc", "testAcc"):
        if name in m and not math.isfinite(m[name]):
            return name
    if m["normRatio"] == 0:
        return None
    for name in ("angle", "distance", "margin", "marginRatio"):
        if not math.isfinite(m[name]):
            return name
    return None


def divergence_message(t, cause, run):
    return f"diverged at t = {t}: {cause} (W is kept at t = {t}). {run['advice']}"


def checkpoint_schedule(steps, per_decade):
    """round(10^{m/per_decade}) for m = 0, 1, …, every power of ten and steps itself."""
    points, m = set(), 0
    while math.floor(10 ** (m / per_decade) + 0.5) <= steps:
        points.add(math.floor(10 ** (m / per_decade) + 0.5))
        m += 1
    p = 1
    while p <= steps:
        points.add(p)
        p *= 10
    points.add(steps)
    return sorted(points)


def train(run):
    """Every checkpoint record of one run: t = 0, then each scheduled t; a diverged run keeps its W and its status."""
    problem = PROBLEMS[run["problem"]]
    d, k = problem["W_hat"].shape
    W = initial_weights(run["init"], d, k)
    state = {"m": np.zeros((d, k)), "v": np.zeros((d, k)), "m_log": -math.inf, "v_log": -math.inf,
             "velocity": np.zeros((d, k))}
    message, t, records = None, 0, []
    for target in [0] + checkpoint_schedule(STEPS, PER_DECADE):
        while t < target:
            W_next = None if message else update(W, t, run, problem, state)
            if W_next is None and not message:
                message = divergence_message(t, "the loss or W became non-finite", run)
            W = W if W_next is None else W_next
            t = target if message else t + 1
        m = checkpoint_metrics(W, problem, LOSSES[run["loss"]])
        bad = None if message else non_finite_metric(m)
        if bad:
            message = divergence_message(t, f"{bad} is {js_number(m[bad])}, not a finite number", run)
        record = {"run": run["index"], "t": t}
        record.update(m)
        if message:
            record.update(status="diverged", message=message)
        records.append(record)
    return records
`;

/** The JSON lines (cli/commands/run.ts): one per checkpoint and run, then the summary. */
export const PY_OUTPUT = `
def json_safe(value):
    """NaN and ±Infinity become null, as the lab's JSON writer does."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: json_safe(v) for key, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


def emit(value):
    print(json.dumps(json_safe(value), separators=(",", ":")))


def run_record(run, series):
    """The summary's entry of a run: its last checkpoint, what it is and the theory checks of its series."""
    record = dict(series[-1])
    record.update(label=run["label"], problem=PROBLEMS[run["problem"]]["name"],
                  svmNormF=PROBLEMS[run["problem"]]["normF"], checks=series_checks(series, run), seed=run["seed"],
                  lossName=run["loss"], optimizer=run["optimizer"], lr=run["lr"])
    return record


def main():
    started = time.time()
    series = [train(run) for run in RUNS]
    if FINAL_ONLY:
        for run, records in zip(RUNS, series):
            emit({"summary": run_record(run, records)})
        return
    for i in range(len(series[0]) if series else 0):
        for records in series:
            emit(records[i])
    summary = dict(EMBEDDED_SUMMARY)
    summary["seconds"] = time.time() - started
    summary["runs"] = [run_record(run, records) for run, records in zip(RUNS, series)]
    emit({"summary": summary})


if __name__ == "__main__":
    main()
`;
