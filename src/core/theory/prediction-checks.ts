// Live checks of the paper's predictions on one run's checkpoint series, and the exponential-tail
// bounds of the template viewer. The predictions are those of Theorem 3.4 of Ravi, Scott, Soudry &
// Wang, "The Implicit Bias of Gradient Descent on Separable Multiclass Data" (NeurIPS 2024,
// arXiv 2411.01350), in the rates of Soudry et al. (JMLR 2018, arXiv 1710.10345): for GD with a fixed
// step on a loss with the multiclass exponential tail, W(t) = Ŵ ln t + O(1), so ‖W‖/‖Ŵ‖ grows with
// slope 1 in ln t, the distance of W/‖W‖ to Ŵ/‖Ŵ‖ is O(1/ln t), the loss is Θ(1/t) and the normalised
// margin tends to the maximum 1/‖Ŵ‖ (docs/theory.md, section 4; the checks and their thresholds: section 6).
//
// Each check reads the last decade of t (t_end against the checkpoint nearest t_end/10) and gives one
// of three verdicts against a threshold stated below: 'holds' (the number is past the threshold),
// 'not yet' (it is not, but nothing rules the prediction out: the predictions are asymptotic), or
// 'contradicted' (the run has stopped where the prediction cannot be met, or its numbers are not
// finite). A check also says what theory expects for the run: the predictions are for losses with an
// exponential tail; for hinge, squared and polynomial tails they are expected to fail, and ‖W‖ ~ ln t
// and t·loss ~ const are statements about fixed-step GD, not normalized GD or a decaying step.
import { getLoss } from '../training/losses.ts';
import { movesRowSums, OPTIMIZERS } from '../training/optimizers.ts';
import { SCHEDULES } from '../training/step-size.ts';
import { FAR_BELOW_EPS, predictedBias, type BiasRun } from './predicted-bias.ts';
import type { Checkpoint, LossName, OptimizerName, ScheduleName } from '../types.ts';

type Verdict = 'holds' | 'not yet' | 'contradicted' | 'n/a';
/** What theory expects of a check on this run: that it holds, that it fails, or nothing. */
type Expectation = 'holds' | 'fails' | 'none';
type CheckId = 'distance-log' | 'norm-growth' | 't-loss' | 'row-sums' | 'margin';

export interface TheoryCheck {
  readonly id: CheckId;
  readonly claim: string;
  readonly verdict: Verdict;
  readonly expected: Expectation;
  /** the verdict in words, read against the expectation, e.g. "fails, as predicted for a non-ET loss" */
  readonly label: string;
  /** the number the verdict rests on (NaN when there is none yet) */
  readonly value: number;
  /** that number as shown, e.g. "slope 0.553" */
  readonly shown: string;
  /** the threshold the number is held to, e.g. "holds at 0.75–1.25" */
  readonly threshold: string;
  /** where the number comes from */
  readonly evidence: string;
}

/**
 * Which run a check reads: its loss decides ET or not, its optimizer and schedule which claims apply, and
 * (for Adam with ε > 0) its ε and inputs whether ε dominates its step yet (core/predicted-bias.ts).
 */
export interface CheckContext extends BiasRun {
  readonly loss: LossName;
  readonly optimizer: OptimizerName;
  readonly schedule: ScheduleName;
}

/** The checks need at least this many steps before they speak (two full decades). */
const CHECK_MIN_T = 100;
/**
 * W has stopped when ‖W‖/‖Ŵ‖, the distance and the loss each changed by less than this fraction between
 * the last two checkpoints, or when GD has reached a loss of exactly 0. Hinge reaches an exact zero gradient and squared loss converges linearly, so
 * both get far below it; GD on an exponential tail moves ‖W‖/‖Ŵ‖ by about slope·Δln t ≈ 0.1 there.
 */
const STOPPED_REL = 1e-6;
/**
 * Over a decade, distance·ln t grows by the factor ln t_end / ln t_early (the "frozen" factor) when the
 * distance does not shrink at all, and by 1 when it shrinks exactly like 1/ln t. It holds when it grows
 * by at most this fraction of the way from 1 to the frozen factor.
 */
const DISTANCE_FRACTION = 0.5;
/** A stopped W this close to the direction of Ŵ is at Ŵ. */
const DISTANCE_AT_SVM = 1e-3;
/**
 * Slope of ‖W‖/‖Ŵ‖ against ln t that counts as "like ln t": the asymptotic slope is 1. At t = 10⁵ the
 * paper's own set-up is at 0.5–0.6 (still 'not yet'); a slope above the range grows faster than ln t.
 */
export const NORM_SLOPE_RANGE = [0.75, 1.25] as const;
/** t·loss counts as levelled off when it changed by less than this factor over the last decade. */
const LEVEL_FACTOR = 1.5;
/** marginRatio = γ(W)·‖Ŵ‖ counts as having reached 1 from this value on (it can never exceed 1). */
export const MARGIN_HOLDS = 0.9;
/** marginRatio above 1 + this would beat the maximum margin: Ŵ or the metric would be wrong. */
const MARGIN_ABOVE_MAX = 1e-6;

interface Window {
  /** the checkpoint closest to t_end / 10 (in log t) */
  readonly early: Checkpoint;
  /** the checkpoint before the last */
  readonly prev: Checkpoint;
  /** the last checkpoint */
  readonly late: Checkpoint;
  /** W has stopped moving between prev and late (see STOPPED_REL) */
  readonly stopped: boolean;
}

function lastDecade(series: readonly Checkpoint[], ctx: CheckContext): Window | undefined {
  const usable = series.filter((c) => c.t >= 1 && c.status === 'running');
  const late = usable.at(-1);
  if (!late || late.t < CHECK_MIN_T) return undefined;
  const target = Math.log(late.t / 10);
  let early = usable[0];
  for (const c of usable) if (Math.abs(Math.log(c.t) - target) < Math.abs(Math.log(early.t) - target)) early = c;
  // the checkpoint before the last with a smaller t (a resumed run can repeat one)
  const prev = usable.findLast((c) => c.t < late.t) ?? late;
  // GD at a zero of a non-negative loss (hinge with every margin ≥ 1) has a zero gradient from then on; normalized
  // GD keeps moving even where the loss underflows to 0
  const stopped = hasStopped(prev, late) || (late.loss === 0 && ctx.optimizer === 'gd');
  return early.t < late.t ? { early, prev, late, stopped } : undefined;
}

/** The first checkpoint from which the loss stays exactly 0 (every later one is 0 too). */
function zeroSince(series: readonly Checkpoint[], late: Checkpoint): number {
  const last = series.findLastIndex((c) => c.status === 'running' && c.loss !== 0);
  const first = series.slice(last + 1).find((c) => c.status === 'running' && c.loss === 0);
  return first?.t ?? late.t;
}

/** The run ended in divergence (a checkpoint with status 'diverged'). */
function diverged(series: readonly Checkpoint[]): Checkpoint | undefined {
  return series.find((c) => c.status === 'diverged');
}

const relChange = (a: number, b: number) => Math.abs(b - a) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);

/** W did not move between two checkpoints (see STOPPED_REL). */
function hasStopped(early: Checkpoint, late: Checkpoint): boolean {
  return (
    relChange(early.normRatio, late.normRatio) < STOPPED_REL &&
    relChange(early.distance, late.distance) < STOPPED_REL &&
    (late.loss === 0 || relChange(early.loss, late.loss) < STOPPED_REL)
  );
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

/** The norm the run is predicted to approach at its latest checkpoint: the same function the heat map reads. */
function predictionFor(ctx: CheckContext, series: readonly Checkpoint[] | undefined) {
  return predictedBias(ctx, series?.at(-1)?.loss);
}

/** λ > 0: decoupled weight decay, which ends the separable-data implicit bias (the minimiser is bounded). */
const decayOf = (ctx: CheckContext): number => ctx.optim?.wd || 0;

function expectation(id: CheckId, ctx: CheckContext, series: readonly Checkpoint[] | undefined): Expectation {
  // steps in the row space of ∇R keep W·1; entrywise steps (sign, signum, Adam) move it
  if (id === 'row-sums') return movesRowSums(ctx.optimizer) ? 'none' : 'holds';
  if (decayOf(ctx) > 0) return 'none';
  // the other checks are about Ŵ, the Frobenius max-margin solution: no prediction for optimizers biased
  // toward another norm, nor for Adam with ε > 0 before ε dominates its step
  if (predictionFor(ctx, series).norm !== 'fro') return 'none';
  // heavy-ball momentum moves like GD with the step η/(1 − β) (Wang et al., arXiv 2110.03891)
  const fixedStepGd = OPTIMIZERS[ctx.optimizer].gradient === 'plain' && SCHEDULES[ctx.schedule].constant;
  if ((id === 'norm-growth' || id === 't-loss') && !fixedStepGd) return 'none';
  return getLoss(ctx.loss).et ? 'holds' : 'fails';
}

const NORM_WORDS = { fro: 'Frobenius', max: 'max-norm', spectral: 'spectral-norm', nuclear: 'nuclear-norm' } as const;

function labelFor(
  verdict: Verdict,
  expected: Expectation,
  ctx: CheckContext,
  id: CheckId,
  series: readonly Checkpoint[] | undefined,
): string {
  if (expected === 'none') {
    if (id === 'row-sums')
      return `not a prediction for ${ctx.optimizer}: its entrywise steps move W·1 (margins do not see it)`;
    if (decayOf(ctx) > 0)
      return `not a prediction with weight decay λ = ${decayOf(ctx)}: W converges to the regularised minimiser, whose direction tends to Ŵ only as λ → 0 (Rosset, Zhu, Hastie, JMLR 2004)`;
    const prediction = predictionFor(ctx, series);
    if (prediction.norm === null) {
      const eps =
        prediction.gradientBound === undefined
          ? ''
          : ` (its gradient entries are at most ${prediction.gradientBound.toExponential(1)}, not yet ≤ ${FAR_BELOW_EPS}·ε)`;
      return `not a prediction yet: ${ctx.optimizer} with ε > 0 heads for the ${NORM_WORDS[prediction.early ?? prediction.eventual]} solution while its gradients are far above ε and for Ŵ only once they fall far below ε${eps}`;
    }
    if (prediction.norm !== 'fro')
      return `not a prediction for ${ctx.optimizer}: it heads for the ${NORM_WORDS[prediction.norm]} max-margin solution, not Ŵ`;
    const what =
      ctx.optimizer === 'ngd'
        ? 'normalized GD'
        : ctx.optimizer === 'adam'
          ? "Adam (GD's step only up to momentum and 1/ε)"
          : 'a decaying step';
    return `not a prediction for ${what}`;
  }
  if (expected === 'holds' || verdict === 'n/a') return verdict;
  if (verdict === 'contradicted') return 'fails, as predicted for a non-ET loss';
  if (verdict === 'holds') return 'holds, though not predicted for a non-ET loss';
  return 'not yet (not predicted for a non-ET loss)';
}

function check(
  id: CheckId,
  claim: string,
  ctx: CheckContext,
  result: { verdict: Verdict; value: number; shown: string; threshold: string; evidence: string },
  series?: readonly Checkpoint[],
): TheoryCheck {
  const expected = expectation(id, ctx, series);
  const verdict = expected === 'none' ? 'n/a' : result.verdict;
  return { id, claim, ...result, verdict, expected, label: labelFor(verdict, expected, ctx, id, series) };
}

/** A check that cannot speak yet, or whose run diverged. */
function early(
  id: CheckId,
  claim: string,
  ctx: CheckContext,
  series: readonly Checkpoint[],
  threshold: string,
): TheoryCheck {
  const bad = diverged(series);
  if (bad) {
    const c = check(
      id,
      claim,
      ctx,
      {
        verdict: 'contradicted',
        value: NaN,
        shown: 'diverged',
        threshold,
        evidence: `the run diverged at t=${bad.t}: the theorem assumes a step small enough for GD to be stable`,
      },
      series,
    );
    // a divergence says nothing about the tail of the loss, so it is never "as predicted"
    return c.verdict === 'contradicted' ? { ...c, label: 'contradicted: the run diverged' } : c;
  }
  return check(
    id,
    claim,
    ctx,
    { verdict: 'n/a', value: NaN, shown: '—', threshold, evidence: `needs t ≥ ${CHECK_MIN_T}` },
    series,
  );
}

export function checkDistanceLog(series: readonly Checkpoint[], ctx: CheckContext): TheoryCheck {
  const claim = 'distance · ln t stays bounded (W/‖W‖ → Ŵ/‖Ŵ‖ at rate 1/ln t)';
  const w = lastDecade(series, ctx);
  if (!w || diverged(series))
    return early(
      'distance-log',
      claim,
      ctx,
      series,
      `holds when ×(1 + ${DISTANCE_FRACTION}·(frozen − 1)) or less per decade`,
    );
  const a = w.early.distance * Math.log(w.early.t);
  const b = w.late.distance * Math.log(w.late.t);
  const growth = b / a;
  const frozen = Math.log(w.late.t) / Math.log(w.early.t);
  const limit = 1 + DISTANCE_FRACTION * (frozen - 1);
  const stopped = w.stopped;
  const verdict: Verdict =
    !Number.isFinite(growth) && !(stopped && w.late.distance <= DISTANCE_AT_SVM)
      ? 'contradicted'
      : stopped
        ? w.late.distance <= DISTANCE_AT_SVM
          ? 'holds'
          : 'contradicted'
        : growth <= limit
          ? 'holds'
          : 'not yet';
  return check(
    'distance-log',
    claim,
    ctx,
    {
      verdict,
      value: growth,
      shown: `×${fmt(growth)}`,
      threshold: `holds at ≤ ×${limit.toFixed(3)} (a frozen distance gives ×${frozen.toFixed(3)})`,
      evidence: stopped
        ? `W stopped at distance ${fmt(w.late.distance)} (nothing changed by ${STOPPED_REL} from t=${w.prev.t} to ${w.late.t})`
        : `distance·ln t ${fmt(a)} at t=${w.early.t} → ${fmt(b)} at t=${w.late.t}; distance ${fmt(w.late.distance)}`,
    },
    series,
  );
}

export function checkNormGrowth(series: readonly Checkpoint[], ctx: CheckContext): TheoryCheck {
  const claim = '‖W‖/‖Ŵ‖ grows like ln t (slope → 1)';
  const [lo, hi] = NORM_SLOPE_RANGE;
  const threshold = `holds at slope ${lo}–${hi}`;
  const w = lastDecade(series, ctx);
  if (!w || diverged(series)) return early('norm-growth', claim, ctx, series, threshold);
  const slope = (w.late.normRatio - w.early.normRatio) / (Math.log(w.late.t) - Math.log(w.early.t));
  const stopped = w.stopped;
  const verdict: Verdict =
    !Number.isFinite(slope) || stopped ? 'contradicted' : slope >= lo && slope <= hi ? 'holds' : 'not yet';
  return check(
    'norm-growth',
    claim,
    ctx,
    {
      verdict,
      value: slope,
      shown: `slope ${fmt(slope)}`,
      threshold,
      evidence: stopped
        ? `W stopped at ‖W‖/‖Ŵ‖ = ${fmt(w.late.normRatio)}: bounded, no ln t growth`
        : `‖W‖/‖Ŵ‖ ${fmt(w.early.normRatio)} at t=${w.early.t} → ${fmt(w.late.normRatio)} at t=${w.late.t}`,
    },
    series,
  );
}

export function checkTLoss(series: readonly Checkpoint[], ctx: CheckContext): TheoryCheck {
  const claim = 't · loss levels off (loss = Θ(1/t))';
  const threshold = `holds at ×${(1 / LEVEL_FACTOR).toFixed(2)}–×${LEVEL_FACTOR} per decade`;
  const w = lastDecade(series, ctx);
  if (!w || diverged(series)) return early('t-loss', claim, ctx, series, threshold);
  const a = w.early.t * w.early.loss;
  const b = w.late.t * w.late.loss;
  const ratio = b / a;
  // a loss that reached 0 (hinge) or stopped falling (a positive floor: squared) has no Θ(1/t) tail
  const floor = w.late.loss === 0 || w.late.loss >= w.prev.loss * (1 - STOPPED_REL);
  const verdict: Verdict =
    !(a > 0 && b >= 0 && Number.isFinite(ratio)) || floor
      ? 'contradicted'
      : ratio <= LEVEL_FACTOR && ratio >= 1 / LEVEL_FACTOR
        ? 'holds'
        : 'not yet';
  return check(
    't-loss',
    claim,
    ctx,
    {
      verdict,
      value: ratio,
      // 0/0 (a loss already 0 a decade earlier) is no ratio: say "loss 0", never ×NaN
      shown: w.late.loss === 0 ? 'loss 0' : `×${fmt(ratio)}`,
      threshold,
      evidence:
        w.late.loss === 0
          ? `the loss is exactly 0 from t=${zeroSince(series, w.late)} on: no 1/t tail`
          : floor
            ? `the loss stopped falling at ${fmt(w.late.loss)}`
            : `t·loss ${fmt(a)} at t=${w.early.t} → ${fmt(b)} at t=${w.late.t}`,
    },
    series,
  );
}

export function checkMargin(series: readonly Checkpoint[], ctx: CheckContext): TheoryCheck {
  const claim = 'margin ratio γ(W)·‖Ŵ‖ → 1 (the maximum)';
  const threshold = `holds at ≥ ${MARGIN_HOLDS}`;
  const w = lastDecade(series, ctx);
  if (!w || diverged(series)) return early('margin', claim, ctx, series, threshold);
  const a = w.early.marginRatio;
  const b = w.late.marginRatio;
  const stopped = w.stopped;
  const verdict: Verdict =
    !Number.isFinite(b) || b > 1 + MARGIN_ABOVE_MAX
      ? 'contradicted'
      : b >= MARGIN_HOLDS
        ? 'holds'
        : stopped
          ? 'contradicted'
          : 'not yet';
  return check(
    'margin',
    claim,
    ctx,
    {
      verdict,
      value: b,
      shown: fmt(b),
      threshold,
      evidence:
        stopped && b < MARGIN_HOLDS
          ? `W stopped with margin ratio ${fmt(b)}`
          : `${fmt(a)} at t=${w.early.t} → ${fmt(b)} at t=${w.late.t}`,
    },
    series,
  );
}

/** The four series checks for one run, in display order. */
export function seriesChecks(series: readonly Checkpoint[], ctx: CheckContext): TheoryCheck[] {
  return [
    checkDistanceLog(series, ctx),
    checkNormGrowth(series, ctx),
    checkTLoss(series, ctx),
    checkMargin(series, ctx),
  ];
}

/** max_j |Σ_k W[j,k] − Σ_k W0[j,k]| for d×K row-major weights: GD never changes the row sums W·1. */
export function rowSumDrift(W: Float64Array, W0: Float64Array, k: number): number {
  let worst = 0;
  for (let row = 0; row * k < W.length; row++) {
    let drift = 0;
    for (let c = 0; c < k; c++) drift += W[row * k + c] - W0[row * k + c];
    worst = Math.max(worst, Math.abs(drift));
  }
  return worst;
}

/** Row sums must stay put to this tolerance, relative to max(1, ‖W‖_max). */
export function checkRowSums(
  W: Float64Array,
  W0: Float64Array,
  k: number,
  tolerance: number,
  ctx: CheckContext,
): TheoryCheck {
  const claim = 'W·1 stays at its start (every PERM gradient’s rows sum to 0)';
  const drift = rowSumDrift(W, W0, k);
  let scale = 1;
  for (const v of W) scale = Math.max(scale, Math.abs(v));
  const limit = tolerance * scale;
  const verdict: Verdict = drift <= limit ? 'holds' : 'contradicted';
  return check('row-sums', claim, ctx, {
    verdict,
    value: drift,
    shown: `drift ${drift.toExponential(2)}`,
    threshold: `holds at ≤ ${limit.toExponential(1)}`,
    evidence: 'largest change of a row sum of W since W(0) (rounding only)',
  });
}

/**
 * Exponential-tail bounds on −∂ψ/∂u₁ with c = a = 1 (docs/theory.md, section 3): upper e^{−u₁};
 * lower (1 − Σ_j e^{−u_j}) e^{−u₁}, which is informative in the positive orthant.
 */
export function etBounds(u: readonly number[]): { upper: number; lower: number } {
  let tail = 0;
  for (const v of u) tail += Math.exp(-v);
  const upper = Math.exp(-u[0]);
  return { upper, lower: (1 - tail) * upper };
}
