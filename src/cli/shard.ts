// Splitting one sweep over many processes or machines, and putting it back together: `--shard i/n`
// runs every n-th run starting at i (by the run's index in the full product), and `merge` orders the
// shards' lines exactly as one unsharded run prints them.
import { LabError } from '../core/types.ts';

interface Shard {
  readonly index: number;
  readonly count: number;
}

const MAX_SHARDS = 1_000_000;

/** "i/n" with 0 ≤ i < n, as a Slurm array task or GNU parallel's {%} gives it. */
export function parseShard(raw: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1 && count <= MAX_SHARDS) || !(index < count)) {
    throw new LabError(`--shard must be i/n with n from 1 to ${MAX_SHARDS} and i from 0 to n−1 (e.g. 0/4 … 3/4), got "${raw}"`, '--shard');
  }
  return { index, count };
}

/** Whether run r (its index in the unsharded sweep) belongs to the shard. */
export function inShard(shard: Shard | undefined, run: number): boolean {
  return shard === undefined || run % shard.count === shard.index;
}

type Line = Record<string, unknown>;

/**
 * The lines of several shards' output → the lines of the unsharded run, in its order: checkpoint lines
 * by t, then run; `--final-only` summaries by run; the closing summaries of full output as one, with
 * the runs of every shard by run, `seconds` the longest shard's, and no `shard` key. Shards of
 * different experiments (or engines) are refused.
 */
export function mergeShardLines(lines: readonly string[]): string[] {
  // lines are passed on as written: only their order changes
  const checkpoints: { run: number; t: number; text: string }[] = [];
  const finals: { run: number; text: string }[] = [];
  const closing: Line[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      throw new LabError(`line ${i + 1} is not JSON; merge reads the output of run (JSON lines)`, 'merge');
    }
    if (!isObject(line)) throw new LabError(`line ${i + 1} is not a JSON object; merge reads the output of run`, 'merge');
    const summary = line.summary;
    if (isObject(summary)) {
      if (Array.isArray(summary.runs)) closing.push(summary);
      else if (typeof summary.run === 'number') finals.push({ run: summary.run, text: text.trim() });
      else throw new LabError(`line ${i + 1} is a summary of neither kind (no "runs", no "run")`, 'merge');
    } else if (typeof line.run === 'number' && typeof line.t === 'number') {
      checkpoints.push({ run: line.run, t: line.t, text: text.trim() });
    } else {
      throw new LabError(`line ${i + 1} is neither a checkpoint ("run", "t") nor a summary`, 'merge');
    }
  });
  checkpoints.sort((a, b) => a.t - b.t || a.run - b.run);
  finals.sort((a, b) => a.run - b.run);
  const out = [...checkpoints, ...finals].map((line) => line.text);
  if (closing.length > 0) out.push(JSON.stringify({ summary: mergeClosing(closing) }));
  return out;
}

function mergeClosing(parts: Line[]): Line {
  const first = parts[0];
  for (const key of ['experiment', 'engine', 'steps'] as const) {
    const other = parts.find((p) => p[key] !== first[key]);
    if (other) throw new LabError(`the shards ran different experiments: ${key} ${JSON.stringify(first[key])} and ${JSON.stringify(other[key])}`, 'merge');
  }
  const runs = parts.flatMap((p) => p.runs as Line[]).sort((a, b) => (a.run as number) - (b.run as number));
  const seconds = Math.max(...parts.map((p) => (typeof p.seconds === 'number' ? p.seconds : 0)));
  const merged: Line = {};
  // the unsharded summary's keys, in its order, without the shard's own
  for (const [key, value] of Object.entries(first)) {
    if (key === 'shard') continue;
    merged[key] = key === 'runs' ? runs : key === 'seconds' ? seconds : value;
  }
  return merged;
}

function isObject(value: unknown): value is Line {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
