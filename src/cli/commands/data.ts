import { makeBlobs } from '../../core/data/blobs.ts';
import { makePaperData } from '../../core/data/paper.ts';
import { parseField } from '../../core/experiment/experiment.ts';
import { assertPreparation, LIMITS } from '../../core/sizes/size-limits.ts';
import { excerpt } from '../../core/experiment/user-text.ts';
import { LabError, type Dataset } from '../../core/types.ts';
import { checkFlags, intFlag, type ParsedArgs } from '../args.ts';
import { stderrProgress } from '../progress.ts';

const DATA_FLAGS = ['preset', 'n', 'd', 'k', 'seed', 'margin', 'split', 'pretty', 'quiet'] as const;

/**
 * `data --preset paper|blobs …` → the data set as JSON {"X": [[…]], "y": […], "K": K} (the import
 * format). Sizes and the margin go through the same table as `run` and the page; the JSON is written
 * row by row, so a large set never becomes one string.
 */
export function dataCommand(
  args: ParsedArgs,
  write: (chunk: string) => void,
  progress: (line: string) => void = () => {},
): void {
  checkFlags(args, DATA_FLAGS, 'data');
  const preset = args.flags.get('preset') ?? 'paper';
  if (preset !== 'paper' && preset !== 'blobs')
    throw new LabError(`--preset must be paper or blobs, got "${excerpt(preset)}"`, '--preset');
  const n = sizeFlag(args, 'n', 100);
  const d = sizeFlag(args, 'd', 10);
  const k = sizeFlag(args, 'k', 3);
  const seed = intFlag(args, 'seed', 0, LIMITS.seeds.min, LIMITS.seeds.max);
  const margin = args.flags.has('margin') ? (flagField(args, 'margin') as number) : 0.5;
  const split = args.flags.get('split') ?? 'train';
  if (split !== 'train' && split !== 'test')
    throw new LabError(`--split must be train or test, got "${excerpt(split)}"`, '--split');
  // N·d, memory and time from the limits table, before anything is drawn (no SVM here)
  assertPreparation({ n, d, k, problems: 1, generated: true, runs: 0, svm: false }, (field) => `--${field}`);
  const report = stderrProgress(progress, args.flags.has('quiet'), 'data');
  report({ fraction: 0, stage: `drawing ${2 * n}×${d} values` });
  const sets = preset === 'paper' ? makePaperData({ n, d, k, seed }) : makeBlobs({ n, d, k, seed, margin });
  writeDataset(sets[split], args.flags.has('pretty'), write, (row) =>
    report({ fraction: row / n, stage: `writing row ${row}/${n}` }),
  );
}

/** n, d, k through the experiment table (the same bounds and messages as `run`). */
function sizeFlag(args: ParsedArgs, name: 'n' | 'd' | 'k', fallback: number): number {
  return args.flags.has(name) ? (flagField(args, name) as number) : fallback;
}

function flagField(args: ParsedArgs, name: 'n' | 'd' | 'k' | 'margin'): unknown {
  try {
    return parseField(name, args.flags.get(name) ?? '');
  } catch (err) {
    // the table's message starts with the field's name; the flag replaces it, as for `run`
    if (err instanceof LabError)
      throw new LabError(`--${name}: ${err.message.replace(new RegExp(`^${name}: `), '')}`, `--${name}`);
    throw err;
  }
}

/**
 * Writes {"X": [[…]], "y": […], "K": K} exactly as JSON.stringify would (compact, or indented by two
 * with --pretty), one row at a time.
 */
function writeDataset(
  data: Dataset,
  pretty: boolean,
  writeOut: (chunk: string) => void,
  onRow: (row: number) => void = () => {},
): void {
  const { n, d, X, y } = data;
  // rows are gathered into chunks of about WRITE_CHUNK characters: few writes, no giant string
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (pendingLength > 0) writeOut(pending.join(''));
    pending = [];
    pendingLength = 0;
  };
  const write = (text: string) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= WRITE_CHUNK) flush();
  };
  const rowText = (i: number) => {
    const row = Array.from(X.subarray(i * d, (i + 1) * d));
    return pretty ? JSON.stringify(row, null, 2).replace(/\n/g, '\n    ') : JSON.stringify(row);
  };
  const [open, rowSep, afterX, close] = pretty
    ? ['{\n  "X": [\n    ', ',\n    ', '\n  ],\n  "y": ', '\n}\n']
    : ['{"X":[', ',', '],"y":', '}\n'];
  write(open);
  for (let i = 0; i < n; i++) {
    write(i === 0 ? rowText(i) : rowSep + rowText(i));
    onRow(i + 1);
  }
  const labels = JSON.stringify(Array.from(y), null, pretty ? 2 : undefined);
  write(
    afterX +
      (pretty ? labels.replace(/\n/g, '\n  ') : labels) +
      (pretty ? `,\n  "K": ${data.k}` : `,"K":${data.k}`) +
      close,
  );
  flush();
}

/** Characters gathered before one write to stdout. */
const WRITE_CHUNK = 1 << 20;
