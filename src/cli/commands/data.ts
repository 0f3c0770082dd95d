import { makeBlobs } from '../../core/data/blobs.ts';
import { makePaperData } from '../../core/data/paper.ts';
import { LIMITS } from '../../core/experiment.ts';
import { LabError } from '../../core/types.ts';
import { checkFlags, intFlag, type ParsedArgs } from '../args.ts';
import { matrixRows, toJson } from '../json.ts';

export const DATA_FLAGS = ['preset', 'n', 'd', 'k', 'seed', 'margin', 'split', 'pretty'] as const;

/** `data --preset paper|blobs …` → the data set as JSON {"X": [[…]], "y": […], "K": K} (the import format). */
export function dataCommand(args: ParsedArgs, out: (line: string) => void): void {
  checkFlags(args, DATA_FLAGS, 'data');
  const preset = args.flags.get('preset') ?? 'paper';
  const n = intFlag(args, 'n', 100, LIMITS.n.min, LIMITS.n.max);
  const d = intFlag(args, 'd', 10, LIMITS.d.min, LIMITS.d.max);
  const k = intFlag(args, 'k', 3, LIMITS.k.min, LIMITS.k.max);
  const seed = intFlag(args, 'seed', 0, 0, 2 ** 32 - 1);
  const split = args.flags.get('split') ?? 'train';
  if (split !== 'train' && split !== 'test') throw new LabError(`--split must be train or test, got "${split}"`, '--split');
  let sets;
  if (preset === 'paper') sets = makePaperData({ n, d, k, seed });
  else if (preset === 'blobs') {
    const raw = args.flags.get('margin') ?? '0.5';
    const margin = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(margin) || margin < 0) throw new LabError(`--margin must be a number ≥ 0, got "${raw}"`, '--margin');
    sets = makeBlobs({ n, d, k, seed, margin });
  } else throw new LabError(`--preset must be paper or blobs, got "${preset}"`, '--preset');
  const data = sets[split];
  out(toJson({ X: matrixRows(data.X, data.n, data.d), y: Array.from(data.y), K: data.k }, args.flags.has('pretty')));
}
