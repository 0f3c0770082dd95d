import { solveSvm } from '../../core/svm.ts';
import { LabError } from '../../core/types.ts';
import { checkFlags, requireFlag, type ParsedArgs } from '../args.ts';
import { matrixRows, toJson } from '../json.ts';
import { readDataFile } from '../read-data.ts';

/** `svm --data FILE` → {"W", "normF", "minMargin", "kkt", "support"}; non-separable data are a user error. */
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
  }, args.flags.has('pretty')));
}
