import { solveSvm } from '../../core/svm.ts';
import { LabError } from '../../core/types.ts';
import { checkFlags, requireFlag, type ParsedArgs } from '../args.ts';
import { matrixRows, toJson } from '../json.ts';
import { readDataFile } from '../read-data.ts';

/**
 * `svm --data FILE` → {"W", "normF", "minMargin", "kkt", "support", "alphaExponent"}; non-separable data,
 * and data whose margin is below what float64 can certify, are a user error (exit status 2).
 */
export function svmCommand(args: ParsedArgs, out: (line: string) => void): void {
  checkFlags(args, ['data', 'pretty'], 'svm');
  const { data } = readDataFile(requireFlag(args, 'data', 'points.csv'));
  const outcome = solveSvm(data);
  if (!outcome.separable) {
    throw new LabError(`${outcome.message} (${outcome.evidence.kind}: ${outcome.evidence.detail})`, '--data');
  }
  const s = outcome.solution;
  out(toJson({
    W: matrixRows(s.W, data.d, data.k),
    normF: s.normF,
    minMargin: s.minMargin,
    kkt: s.kkt,
    support: s.support,
    alphaExponent: s.alphaExponent ?? 0,
  }, args.flags.has('pretty')));
}
