// The max-margin solution in every norm an optimizer can be implicitly biased toward, with a duality
// certificate: γ_p = max over ‖W‖_p ≤ 1 of min_{i, c≠y_i} (w_{y_i} − w_c)ᵀ x_i. Gradient descent turns toward
// the Frobenius one (Ravi, Scott, Soudry, Wang, arXiv 2411.01350); steepest descent in a norm toward that
// norm's (Gunasekar, Lee, Soudry, Srebro, arXiv 1802.08246); sign descent and Adam toward the max-norm one
// (Zhang, Zou, Cao, arXiv 2406.10650; Fan, Schmidt, Thrampoulidis, arXiv 2502.04664), spectral descent and
// Muon toward the spectral one (Fan et al.).
//   fro: the exact QP of svm.ts; max, l1: LPs (max-margin/lp.ts); spectral, nuclear: SDPs (max-margin/sdp.ts).
import { marginCertificate, matrixNorm, minPairMargin, normReferencesSkipped, type MarginCertificate } from './norms.ts';
import { solveSvm } from './svm.ts';
import { solveMarginLp } from './max-margin/lp.ts';
import { solveMarginSdp } from './max-margin/sdp.ts';
import type { PrepareProgress } from './preparation.ts';
import { LabError, NORM_NAMES, type Dataset, type NormName, type NormReferences, type PerNorm, type Problem, type RunSpec, type SvmSolution } from './types.ts';

export { configureHighs } from './max-margin/highs.ts';
export { NORM_REFERENCE_LIMIT, normReferencesSkipped } from './norms.ts';

/** What maxMargin needs: the training data, and the Frobenius SVM when it is already known. */
interface MarginProblem {
  readonly train: Dataset;
  readonly svm?: SvmSolution;
}

interface MaxMarginSolution {
  readonly norm: NormName;
  /** d×K row-major, normalised to ‖W‖_p = 1 */
  readonly W: Float64Array;
  /** m(W) of the normalised W: the margin attained, γ_p to within the certificate's gap */
  readonly gamma: number;
  /** m(W), equal to gamma (kept under the SVM command's name) */
  readonly minMargin: number;
  readonly certificate: MarginCertificate;
  /** dual weights λ ≥ 0 on the pair constraints, indexed i·K + c, summing to 1 */
  readonly lambda: Float64Array;
}

/** The Frobenius SVM of the problem, solved here when not given; non-separable data are a user error. */
function svmOf(problem: MarginProblem): SvmSolution {
  if (problem.svm) return problem.svm;
  const outcome = solveSvm(problem.train);
  if (!outcome.separable) throw new LabError(outcome.message, 'data');
  return outcome.solution;
}

/** The p-norm max-margin solution with its certificate (relative duality gap ≤ 1e-9 for fro, max, l1; ≤ 1e-7 for spectral, nuclear). */
export async function maxMargin(problem: MarginProblem, norm: NormName): Promise<MaxMarginSolution> {
  const data = problem.train;
  const svm = svmOf(problem);
  let W: Float64Array;
  let lambda: Float64Array;
  if (norm === 'fro') {
    W = svm.W;
    lambda = new Float64Array(data.n * data.k);
    for (const s of svm.support) lambda[s.i * data.k + s.k] = s.alpha;
  } else if (norm === 'max' || norm === 'l1') {
    ({ W, lambda } = await solveMarginLp(data, norm, svm.W));
  } else {
    ({ W, lambda } = solveMarginSdp(data, norm, svm.W));
  }
  const scale = matrixNorm(W, data.d, data.k, norm);
  const unit = W.map((v) => v / scale);
  let total = 0;
  for (const l of lambda) if (l > 0) total += l;
  const weights = lambda.map((l) => (l > 0 ? l / total : 0));
  const certificate = marginCertificate(data, unit, weights, norm);
  const gamma = minPairMargin(unit, data);
  return { norm, W: unit, gamma, minMargin: gamma, certificate, lambda: weights };
}

/** The relative duality gap each norm's answer is held to. */
const GAP_TARGET: PerNorm<number> = { fro: 1e-9, max: 1e-9, l1: 1e-9, spectral: 1e-7, nuclear: 1e-7 };

/**
 * Each norm's share of the time to solve all five (measured at N = 1000, d = 100, K = 10: 0.5, 6, 6.6, 17
 * and 16 s); preparation's progress bar advances by these.
 */
const NORM_COST_SHARE: PerNorm<number> = { fro: 0.01, max: 0.13, l1: 0.14, spectral: 0.37, nuclear: 0.35 };

/** γ_p for every norm, with each certificate's gap: computed once per data set, before a run starts. */
export async function normReferences(problem: MarginProblem, onNorm?: (norm: NormName) => void): Promise<NormReferences> {
  const gamma: Partial<Record<NormName, number>> = {};
  const gap: Partial<Record<NormName, number>> = {};
  for (const norm of NORM_NAMES) {
    onNorm?.(norm);
    const s = await maxMargin(problem, norm);
    // a γ_p whose certificate misses its target is not used (NaN, so ρ_p is null) rather than trusted
    gamma[norm] = s.certificate.gap <= GAP_TARGET[norm] ? s.gamma : NaN;
    gap[norm] = s.certificate.gap;
  }
  return { gamma: gamma as PerNorm<number>, gap: gap as PerNorm<number> };
}

/**
 * The runs with every distinct problem given its norm references (solved once per problem, in order), so
 * that the driver can report ρ_p at each checkpoint. Problems that already have them, and problems above
 * the size limit, are kept as they are. `onProgress` hears which norm of which data set is being solved,
 * with the fraction of the estimated work done (the page's preparation worker and the CLI's stderr show it).
 */
export async function withNormReferences(runs: readonly RunSpec[], onProgress?: (progress: PrepareProgress) => void): Promise<RunSpec[]> {
  const pending = [...new Set(runs.map((r) => r.problem))].filter((p) => !p.norms && !normReferencesSkipped(p.train));
  const solved = new Map<Problem, Problem>();
  for (const [index, problem] of pending.entries()) {
    const label = pending.length > 1 ? ` of data set ${index + 1}/${pending.length}` : '';
    let before = 0;
    const norms = await normReferences(problem, (norm) => {
      onProgress?.({ fraction: (index + before) / pending.length, stage: `max-margin solution in the ${norm} norm${label}` });
      before += NORM_COST_SHARE[norm];
    });
    solved.set(problem, { ...problem, norms });
  }
  onProgress?.({ fraction: 1, stage: 'margins in every norm solved' });
  return runs.map((run) => {
    const problem = solved.get(run.problem);
    return problem ? { ...run, problem } : { ...run };
  });
}
