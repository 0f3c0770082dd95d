// Splitting one sweep over many processes or machines, and putting it back together: `--shard i/n`
// runs every n-th run starting at i (by the run's index in the full product), and `merge` orders the
// shards' lines exactly as one unsharded run prints them. Each shard's output says which sweep and
// which shard it is, so that merge can refuse shards that do not make up one sweep (shard-file.ts).
import { excerpt } from '../../core/experiment/user-text.ts';
import { LabError } from '../../core/types.ts';
import { shown, type Line } from './shard-records.ts';

export interface Shard {
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
    throw new LabError(
      `--shard must be i/n with n from 1 to ${MAX_SHARDS} and i from 0 to n−1 (e.g. 0/4 … 3/4), got "${excerpt(raw)}"`,
      '--shard',
    );
  }
  return { index, count };
}

/** Whether run r (its index in the unsharded sweep) belongs to the shard. */
export function inShard(shard: Shard | undefined, run: number): boolean {
  return shard === undefined || run % shard.count === shard.index;
}

/** "i/n", as --shard takes it and a shard's output says it. */
export function shardName(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The runs of a sweep of `runs` runs that shard i/n runs: i, i + n, i + 2n, … */
export function shareRuns(shard: Shard, runs: number): number[] {
  const share: number[] = [];
  for (let r = shard.index; r < runs; r += shard.count) share.push(r);
  return share;
}

/**
 * What a shard's output says about the sweep it belongs to, beside "shard": "i/n" (help.ts, "merge"):
 * the experiment's link, the engine that ran it, the sweep's number of runs (so that a file missing
 * some of its share is known to be cut short) and the checkpoint density. Only sharded output carries
 * it, and merge strips it, so that merged shards are byte for byte the unsharded output.
 */
export interface SweepStamp {
  readonly experiment: string;
  readonly engine: string;
  readonly runs: number;
  readonly perDecade: number;
}

/** The first field in which two stamps differ, with each side as a message shows it (a link: its first differing key). */
export function sweepDifference(a: SweepStamp, b: SweepStamp): { field: string; a: string; b: string } | undefined {
  if (a.experiment !== b.experiment) {
    const [x, y] = linkDifference(a.experiment, b.experiment);
    return { field: 'experiment', a: x, b: y };
  }
  if (a.engine !== b.engine) return { field: 'engine', a: shown(a.engine), b: shown(b.engine) };
  if (a.perDecade !== b.perDecade) return { field: '--per-decade', a: String(a.perDecade), b: String(b.perDecade) };
  if (a.runs !== b.runs) return { field: 'runs', a: String(a.runs), b: String(b.runs) };
  return undefined;
}

/** Two links' first differing key=value pair: ["steps=30", "steps=40"], or "no KEY" for a key one lacks. */
function linkDifference(a: string, b: string): [string, string] {
  const pairs = (link: string) => new Map(link.split('&').map((pair) => [pair.split('=')[0], pair] as const));
  const [x, y] = [pairs(a), pairs(b)];
  for (const key of new Set([...x.keys(), ...y.keys()])) {
    if (x.get(key) !== y.get(key)) return [shown(x.get(key) ?? `no ${key}`), shown(y.get(key) ?? `no ${key}`)];
  }
  return [shown(a), shown(b)];
}

const MODE_NAMES = { full: 'full output', 'final-only': '--final-only output' } as const;

/**
 * Several shards' files (each read and checked by readShardFile) → the lines of the unsharded run, in
 * its order: checkpoint lines by t, then run; --final-only summaries by run; the closing summaries of
 * full output as one, with every shard's runs by run, `seconds` the longest shard's, and no stamp.
 * Refused (naming the files): shards of different sweeps, of different n, run with and without
 * --final-only, a shard given twice, a shard missing.
 */
export function mergeShardFiles(files: readonly ShardFile[]): string[] {
  const first = files[0];
  const byIndex = new Map<number, ShardFile>();
  for (const file of files) {
    if (file.mode !== first.mode) {
      throw new LabError(
        `${first.path} is ${MODE_NAMES[first.mode]} and ${file.path} is ${MODE_NAMES[file.mode]}; merge the shards of one sweep, run the same way`,
        'merge',
      );
    }
    const difference = sweepDifference(first.sweep, file.sweep);
    if (difference) {
      const { field, a, b } = difference;
      throw new LabError(
        `the shards ran different experiments: ${field} ${a} (${first.path}) and ${b} (${file.path})`,
        'merge',
      );
    }
    if (file.shard.count !== first.shard.count) {
      throw new LabError(
        `${first.path} is shard ${shardName(first.shard)} and ${file.path} is shard ${shardName(file.shard)}; the shards of one sweep share n`,
        'merge',
      );
    }
    const twin = byIndex.get(file.shard.index);
    if (twin)
      throw new LabError(
        `${twin.path} and ${file.path} are both shard ${shardName(file.shard)}; give each shard once`,
        'merge',
      );
    byIndex.set(file.shard.index, file);
  }
  const missing = shareRuns({ index: 0, count: 1 }, first.shard.count).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const named = missing
      .slice(0, 5)
      .map((index) => shardName({ index, count: first.shard.count }))
      .join(', ');
    throw new LabError(
      `shard${missing.length > 1 ? 's' : ''} ${named}${missing.length > 5 ? ', …' : ''} missing: merge got ${files.length} of the ${first.shard.count} shards; give every shard's file`,
      'merge',
    );
  }
  const lines = files.flatMap((file) => file.lines);
  if (first.mode === 'final-only') return lines.sort((a, b) => a.run - b.run).map((line) => line.text);
  lines.sort((a, b) => a.t - b.t || a.run - b.run);
  return [
    ...lines.map((line) => line.text),
    JSON.stringify({ summary: mergeClosing(files.map((file) => file.closing as Line)) }),
  ];
}

function mergeClosing(parts: Line[]): Line {
  const first = parts[0];
  const runs = parts.flatMap((p) => p.runs as Line[]).sort((a, b) => (a.run as number) - (b.run as number));
  const seconds = Math.max(...parts.map((p) => (typeof p.seconds === 'number' ? p.seconds : 0)));
  const merged: Line = {};
  // the unsharded summary's keys, in its order, without the shard's stamp
  for (const [key, value] of Object.entries(first)) {
    if (key === 'shard' || key === 'sweep') continue;
    merged[key] = key === 'runs' ? runs : key === 'seconds' ? seconds : value;
  }
  return merged;
}

/** A line kept for the merged output: its run, its t, its text as merge prints it and its line number. */
export interface KeptLine {
  readonly run: number;
  readonly t: number;
  readonly text: string;
  readonly n: number;
}

export interface ShardFile {
  readonly path: string;
  readonly mode: 'full' | 'final-only';
  readonly shard: Shard;
  readonly sweep: SweepStamp;
  /** checkpoint lines (full output) or summary lines (--final-only), as merge prints them */
  readonly lines: readonly KeptLine[];
  /** full output's closing summary */
  readonly closing?: Line;
}
