// The summary's theory checks (src/core/theory/prediction-checks.ts and predicted-bias.ts) in Python, for the
// program `lab script` writes: each reads the last decade of a run's checkpoints and gives the lab's verdict
// on a prediction of Theorem 3.4 of arXiv 2411.01350 (docs/theory.md, section 6). The thresholds are the
// lab's constants, written in from there so that they cannot drift.
import { LOSSES, type LossName } from '../training/losses.ts';
import { movesRowSums, OPTIMIZERS, type OptimizerName } from '../training/optimizers.ts';
import { SCHEDULES, type ScheduleName } from '../training/schedules.ts';
import { FAR_BELOW_EPS } from '../theory/predicted-bias.ts';
import { MARGIN_HOLDS, NORM_SLOPE_RANGE } from '../theory/prediction-checks.ts';

/** The table facts the checks read, for the losses, optimizers and schedules the program uses. */
export function pyCheckTables(
  losses: readonly LossName[],
  optimizers: readonly OptimizerName[],
  schedules: readonly ScheduleName[],
): string {
  const set = (xs: readonly string[]) => `{${xs.map((x) => JSON.stringify(x)).join(', ')}}`;
  return [
    `ET_LOSSES = ${set(losses.filter((l) => LOSSES[l].et))}  # losses with the multiclass exponential tail`,
    `BIAS = {${optimizers.map((o) => `${JSON.stringify(o)}: ${JSON.stringify(OPTIMIZERS[o].bias)}`).join(', ')}}  # predicted norm`,
    `MOVES_ROW_SUMS = ${set(optimizers.filter(movesRowSums))}`,
    `CONSTANT_SCHEDULES = ${set(schedules.filter((s) => SCHEDULES[s].constant))}`,
  ].join('\n');
}

export const PY_CHECKS = `
CHECK_MIN_T = 100  # the checks speak from t = 100 on (two full decades)
STOPPED_REL = 1e-6  # W has stopped when ‖W‖/‖Ŵ‖, the distance and the loss change by less than this
DISTANCE_FRACTION = 0.5
DISTANCE_AT_SVM = 1e-3
NORM_SLOPE_RANGE = (${NORM_SLOPE_RANGE[0]}, ${NORM_SLOPE_RANGE[1]})
LEVEL_FACTOR = 1.5
MARGIN_HOLDS = ${MARGIN_HOLDS}
MARGIN_ABOVE_MAX = 1e-6
FAR_BELOW_EPS = ${FAR_BELOW_EPS}
NORM_WORDS = {"fro": "Frobenius", "max": "max-norm", "spectral": "spectral-norm", "nuclear": "nuclear-norm"}


def div(a, b):
    """a / b as IEEE 754 divides (Python raises on a zero divisor)."""
    if b != 0:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1, b)


def js_fixed(x, digits):
    """x as JavaScript's toFixed writes it."""
    return f"{x:.{digits}f}" if math.isfinite(x) else js_number(x)


def js_exponential(x, digits):
    """x as JavaScript's toExponential writes it (1.2e-5, not 1.2e-05)."""
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return f"{mantissa}e{int(exponent):+d}"


def rel_change(a, b):
    return abs(b - a) / max(abs(a), abs(b), 5e-324)


def last_decade(series, run):
    """(early, prev, late, stopped): the checkpoint nearest t_end/10 in log t, the one before the last, the last."""
    usable = [c for c in series if c["t"] >= 1 and "status" not in c]
    if not usable or usable[-1]["t"] < CHECK_MIN_T:
        return None
    late = usable[-1]
    target = math.log(late["t"] / 10)
    early = usable[0]
    for c in usable:
        if abs(math.log(c["t"]) - target) < abs(math.log(early["t"]) - target):
            early = c
    prev = next((c for c in reversed(usable) if c["t"] < late["t"]), late)
    stopped = (
        rel_change(prev["normRatio"], late["normRatio"]) < STOPPED_REL
        and rel_change(prev["distance"], late["distance"]) < STOPPED_REL
        and (late["loss"] == 0 or rel_change(prev["loss"], late["loss"]) < STOPPED_REL)
    ) or (late["loss"] == 0 and run["optimizer"] == "gd")
    return (early, prev, late, stopped) if early["t"] < late["t"] else None


def predicted_norm(run, series):
    """(norm, early norm, gradient bound): the norm predicted at the last checkpoint (None: none yet, Adam with ε > 0)."""
    bias, eps = BIAS[run["optimizer"]], run["params"]["eps"]
    if run["optimizer"] != "adam" or eps == 0:
        return bias, None, None
    mean_loss = series[-1]["loss"] if series else None
    problem = PROBLEMS[run["problem"]]
    ok = mean_loss is not None and run["loss"] in ET_LOSSES and mean_loss >= 0
    bound = float(np.max(np.abs(problem["train"][0]))) * mean_loss if ok else None
    return ("fro" if bound is not None and bound <= FAR_BELOW_EPS * eps else None), "max", bound


def expectation(check_id, run, series):
    if run["params"].get("wd", 0) > 0:  # weight decay: a bounded regularised minimiser, no Ŵ prediction
        return "none"
    if predicted_norm(run, series)[0] != "fro":
        return "none"
    fixed_step_gd = run["optimizer"] in PLAIN_GRADIENT and run["schedule"] in CONSTANT_SCHEDULES
    if check_id in ("norm-growth", "t-loss") and not fixed_step_gd:
        return "none"
    return "holds" if run["loss"] in ET_LOSSES else "fails"


def check_label(verdict, expected, run, series):
    optimizer = run["optimizer"]
    if expected == "none":
        if run["params"].get("wd", 0) > 0:
            return (f"not a prediction with weight decay λ = {run['wd_text']}: W converges to the regularised minimiser, "
                    "whose direction tends to Ŵ only as λ → 0 (Rosset, Zhu, Hastie, JMLR 2004)")
        norm, early, bound = predicted_norm(run, series)
        if norm is None:
            eps = "" if bound is None else (
                f" (its gradient entries are at most {js_exponential(bound, 1)}, not yet ≤ {FAR_BELOW_EPS}·ε)")
            return (f"not a prediction yet: {optimizer} with ε > 0 heads for the {NORM_WORDS[early]} solution while "
                    f"its gradients are far above ε and for Ŵ only once they fall far below ε{eps}")
        if norm != "fro":
            return f"not a prediction for {optimizer}: it heads for the {NORM_WORDS[norm]} max-margin solution, not Ŵ"
        what = {"ngd": "normalized GD", "adam": "Adam (GD's step only up to momentum and 1/ε)"}.get(optimizer, "a decaying step")
        return f"not a prediction for {what}"
    if expected == "holds" or verdict == "n/a":
        return verdict
    if verdict == "contradicted":
        return "fails, as predicted for a non-ET loss"
    if verdict == "holds":
        return "holds, though not predicted for a non-ET loss"
    return "not yet (not predicted for a non-ET loss)"


def check(check_id, run, series, verdict, value, threshold):
    expected = expectation(check_id, run, series)
    verdict = "n/a" if expected == "none" else verdict
    label = check_label(verdict, expected, run, series)
    return {"id": check_id, "verdict": verdict, "expected": expected, "label": label, "value": value,
            "threshold": threshold}


def early_check(check_id, run, series, threshold):
    """A check that cannot speak yet, or whose run diverged."""
    if any("status" in c for c in series):
        c = check(check_id, run, series, "contradicted", math.nan, threshold)
        if c["verdict"] == "contradicted":
            c["label"] = "contradicted: the run diverged"
        return c
    return check(check_id, run, series, "n/a", math.nan, threshold)


def check_distance_log(series, run, w):
    """distance · ln t stays bounded (W/‖W‖ → Ŵ/‖Ŵ‖ at rate 1/ln t)."""
    if w is None:
        threshold = f"holds when ×(1 + {DISTANCE_FRACTION}·(frozen − 1)) or less per decade"
        return early_check("distance-log", run, series, threshold)
    early, prev, late, stopped = w
    growth = div(late["distance"] * math.log(late["t"]), early["distance"] * math.log(early["t"]))
    frozen = div(math.log(late["t"]), math.log(early["t"]))
    limit = 1 + DISTANCE_FRACTION * (frozen - 1)
    at_svm = late["distance"] <= DISTANCE_AT_SVM
    if not math.isfinite(growth) and not (stopped and at_svm):
        verdict = "contradicted"
    elif stopped:
        verdict = "holds" if at_svm else "contradicted"
    else:
        verdict = "holds" if growth <= limit else "not yet"
    threshold = f"holds at ≤ ×{js_fixed(limit, 3)} (a frozen distance gives ×{js_fixed(frozen, 3)})"
    return check("distance-log", run, series, verdict, growth, threshold)


def check_norm_growth(series, run, w):
    """‖W‖/‖Ŵ‖ grows like ln t (slope → 1)."""
    lo, hi = NORM_SLOPE_RANGE
    threshold = f"holds at slope {lo}–{hi}"
    if w is None:
        return early_check("norm-growth", run, series, threshold)
    early, prev, late, stopped = w
    slope = div(late["normRatio"] - early["normRatio"], math.log(late["t"]) - math.log(early["t"]))
    verdict = "contradicted" if not math.isfinite(slope) or stopped else ("holds" if lo <= slope <= hi else "not yet")
    return check("norm-growth", run, series, verdict, slope, threshold)


def check_t_loss(series, run, w):
    """t · loss levels off (loss = Θ(1/t))."""
    threshold = f"holds at ×{js_fixed(1 / LEVEL_FACTOR, 2)}–×{LEVEL_FACTOR} per decade"
    if w is None:
        return early_check("t-loss", run, series, threshold)
    early, prev, late, stopped = w
    a, b = early["t"] * early["loss"], late["t"] * late["loss"]
    ratio = div(b, a)
    floor = late["loss"] == 0 or late["loss"] >= prev["loss"] * (1 - STOPPED_REL)
    if not (a > 0 and b >= 0 and math.isfinite(ratio)) or floor:
        verdict = "contradicted"
    else:
        verdict = "holds" if 1 / LEVEL_FACTOR <= ratio <= LEVEL_FACTOR else "not yet"
    return check("t-loss", run, series, verdict, ratio, threshold)


def check_margin(series, run, w):
    """margin ratio γ(W)·‖Ŵ‖ → 1 (the maximum)."""
    threshold = f"holds at ≥ {MARGIN_HOLDS}"
    if w is None:
        return early_check("margin", run, series, threshold)
    b, stopped = w[2]["marginRatio"], w[3]
    if not math.isfinite(b) or b > 1 + MARGIN_ABOVE_MAX:
        verdict = "contradicted"
    else:
        verdict = "holds" if b >= MARGIN_HOLDS else ("contradicted" if stopped else "not yet")
    return check("margin", run, series, verdict, b, threshold)


def series_checks(series, run):
    """The four checks of a run, in the lab's order."""
    w = None if any("status" in c for c in series) else last_decade(series, run)
    return [f(series, run, w) for f in (check_distance_log, check_norm_growth, check_t_loss, check_margin)]
`;
