import { assertPreparation } from '../../core/sizes/size-limits.ts';
import { solveSvm } from '../../core/svm/svm-solver.ts';
import { certifiedMaxMargin } from '../../core/max-margin/max-margin-solver.ts';
import { excerpt } from '../../core/experiment/user-text.ts';
import { LabError, NORM_NAMES, type NormName } from '../../core/types.ts';
import { checkFlags, requireFlag, type ParsedArgs } from '../args.ts';
import { matrixRows, toJson } from '../json.ts';
import { stderrProgress } from '../progress.ts';
import { readDataFile } from '../read-data.ts';

/**
 * `svm --data FILE` → {"W", "normF", "minMargin", "kkt", "support", "alphaExponent"}; non-separable data,
 * and data whose margin is below what float64 can certify, are a user error (exit status 2). With
 * `--norm p` the p-norm max-margin solution instead: {"W" (‖W‖_p = 1), "norm", "gamma", "minMargin",
 * "certificate"}, when its certificate meets the norm's target (GAP_TARGET), else a user error with the gap reached.
 */
export async function svmCommand(
  args: ParsedArgs,
  out: (line: string) => void,
  progress: (line: string) => void = () => {},
): Promise<void> {
  checkFlags(args, ['data', 'pretty', 'quiet', 'norm'], 'svm');
  const norm = args.flags.get('norm');
  if (norm !== undefined && !(NORM_NAMES as readonly string[]).includes(norm)) {
    throw new LabError(`--norm must be one of ${NORM_NAMES.join(', ')}, got "${excerpt(String(norm))}"`, '--norm');
  }
  const { data, name } = readDataFile(requireFlag(args, 'data', 'points.csv'));
  // the limits table's budgets, before the solver allocates its work arrays
  assertPreparation({ n: data.n, d: data.d, k: data.k, problems: 1, generated: false, runs: 0 }, () => '--data');
  const report = stderrProgress(progress, args.flags.has('quiet'), `solving (${name})`);
  const outcome = solveSvm(data, {
    onProgress: (p) =>
      report({
        // the exact phase has no known length: its lines carry no percentage
        fraction: p.phase === 'warm start' && p.total ? (0.5 * p.done) / p.total : Number.NaN,
        stage:
          p.phase === 'warm start'
            ? `warm start, epoch ${p.done}/${p.total}`
            : `active set of ${p.active} constraints, step ${p.done}`,
      }),
  });
  if (!outcome.separable) {
    throw new LabError(`${outcome.message} (${outcome.evidence.kind}: ${outcome.evidence.detail})`, '--data');
  }
  const s = outcome.solution;
  if (norm !== undefined) {
    const started = performance.now();
    // printed only with a certificate within its target; otherwise the refusal says what was reached (exit 2)
    const m = await certifiedMaxMargin({ train: data, svm: s }, norm as NormName);
    out(
      toJson(
        {
          W: matrixRows(m.W, data.d, data.k),
          norm: m.norm,
          gamma: m.gamma,
          minMargin: m.minMargin,
          certificate: { ...m.certificate, seconds: (performance.now() - started) / 1000 },
        },
        args.flags.has('pretty'),
      ),
    );
    return;
  }
  out(
    toJson(
      {
        W: matrixRows(s.W, data.d, data.k),
        normF: s.normF,
        minMargin: s.minMargin,
        kkt: s.kkt,
        support: s.support,
        alphaExponent: s.alphaExponent ?? 0,
      },
      args.flags.has('pretty'),
    ),
  );
}
