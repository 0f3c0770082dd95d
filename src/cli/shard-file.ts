// One shard's output file, read and checked on its own before `merge` puts shards together: which
// sweep and which shard i/n it says it is (its stamp), whether it is full or --final-only output, and
// whether it is whole (every run of its share, every checkpoint of each run, the closing summary).
import { checkpointSchedule } from '../core/schedule.ts';
import { checkCheckpoint, checkClosing, checkRunSummary, isObject, lineError, shown, type Line } from './shard-records.ts';
import { parseShard, shardName, shareRuns, sweepDifference, type Shard, type SweepStamp } from './shard.ts';

/** A line kept for the merged output: its run, its t (checkpoints) and its text as merge prints it. */
export interface KeptLine {
  readonly run: number;
  readonly t: number;
  readonly text: string;
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

interface Stamp {
  readonly shard: Shard;
  readonly sweep: SweepStamp;
  readonly key: string;
}

type Parsed = { readonly n: number; readonly at: string; readonly text: string; readonly line: Line };

/** The lines of one file (its text split at newlines; blank lines are skipped) → the shard it holds. */
export function readShardFile(path: string, texts: readonly string[]): ShardFile {
  const parsed: Parsed[] = [];
  texts.forEach((raw, i) => {
    const text = raw.trim();
    const at = `${path} line ${i + 1}`;
    if (text !== '') parsed.push({ n: i + 1, at, text, line: parseLine(text, at) });
  });
  if (parsed.length === 0) throw lineError(path, 'the file is empty; a shard\'s output has at least one line: rerun that shard');
  const fullAt = parsed.find(({ line }) => kindOf(line) !== 'final-only');
  const finalAt = parsed.find(({ line }) => kindOf(line) === 'final-only');
  if (fullAt && finalAt) {
    throw lineError(path, `mixes full output (line ${fullAt.n}) with --final-only output (line ${finalAt.n}); give each shard's file as run wrote it`);
  }
  return fullAt ? readFull(path, parsed) : readFinalOnly(path, parsed);
}

const isClosing = (line: Line) => isObject(line.summary) && Array.isArray(line.summary.runs);

/** A closing summary, a --final-only line (one run's summary, or an empty shard's stamp) or else a checkpoint. */
function kindOf(line: Line): 'closing' | 'final-only' | 'checkpoint' {
  if (isClosing(line)) return 'closing';
  if ('summary' in line || 'shard' in line || 'sweep' in line) return 'final-only';
  return 'checkpoint';
}

function parseLine(text: string, at: string): Line {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    throw lineError(at, 'not JSON (a file cut short mid-line ends so); merge reads the output of run --shard i/n');
  }
  if (!isObject(line)) throw lineError(at, 'not a JSON object; merge reads the output of run --shard i/n');
  return line;
}

function readStamp(shardValue: unknown, sweepValue: unknown, at: string): Stamp {
  if (shardValue === undefined) {
    throw lineError(at, 'no "shard" stamp: this is the output of a run without --shard (or of a lab that did not stamp shards); merge takes the files of run --shard i/n');
  }
  let shard: Shard;
  try {
    shard = parseShard(typeof shardValue === 'string' ? shardValue : '');
  } catch {
    throw lineError(at, `"shard" is ${shown(shardValue)}; run --shard writes "i/n" there`);
  }
  const s = isObject(sweepValue) ? sweepValue : {};
  const ok = typeof s.experiment === 'string' && typeof s.engine === 'string' && Number.isSafeInteger(s.runs) && (s.runs as number) >= 0 &&
    Number.isSafeInteger(s.perDecade) && (s.perDecade as number) >= 1;
  if (!ok) throw lineError(at, `"sweep" is ${shown(sweepValue)}; run --shard writes {"experiment","engine","runs","perDecade"} there`);
  const sweep: SweepStamp = { experiment: s.experiment as string, engine: s.engine as string, runs: s.runs as number, perDecade: s.perDecade as number };
  return { shard, sweep, key: JSON.stringify([shardName(shard), sweep]) };
}

/** Full output: checkpoint lines, then the closing summary with the stamp, as the file's last line. */
function readFull(path: string, parsed: readonly Parsed[]): ShardFile {
  const closingAt = parsed.findIndex(({ line }) => isClosing(line));
  if (closingAt < 0) {
    throw lineError(path, `ends at line ${parsed[parsed.length - 1].n} without its closing {"summary":…} line: the file is cut short (its run stopped, or the disk filled); rerun that shard`);
  }
  if (closingAt !== parsed.length - 1) {
    throw lineError(parsed[closingAt + 1].at, `a line after the closing summary (line ${parsed[closingAt].n}); give each shard's file on its own`);
  }
  const { at, line } = parsed[closingAt];
  const closing = line.summary as Line;
  checkClosing(closing, at);
  const stamp = readStamp(closing.shard, closing.sweep, at);
  const runs = closing.runs as unknown[];
  runs.forEach((rec, i) => {
    if (!isObject(rec)) throw lineError(at, `runs[${i}] is ${shown(rec)}; run writes one object per run there`);
    checkRunSummary(rec, `${at}, runs[${i}]`);
  });
  checkShare(stamp, (runs as Line[]).map((rec, i) => ({ run: rec.run as number, at: `${at}, runs[${i}]` })), path);
  // checkpoint lines pass through as run wrote them
  const lines = parsed.slice(0, closingAt).map(({ at: where, text, line: rec }) => {
    checkCheckpoint(rec, where);
    return { run: rec.run as number, t: rec.t as number, text, at: where };
  });
  checkCheckpoints(stamp, closing.steps as number, lines, path);
  return { path, mode: 'full', shard: stamp.shard, sweep: stamp.sweep, lines, closing };
}

/** --final-only: one {"summary":…,"shard","sweep"} line per run of the share, or one stamp line for an empty share. */
function readFinalOnly(path: string, parsed: readonly Parsed[]): ShardFile {
  const stamps = parsed.map(({ at, line }) => readStamp(line.shard, line.sweep, at));
  const differs = stamps.findIndex((s) => s.key !== stamps[0].key);
  if (differs >= 0) {
    const [one, other] = [stamps[0], stamps[differs]];
    const what = shardName(one.shard) !== shardName(other.shard)
      ? `shard ${shardName(other.shard)}, but line ${parsed[0].n} is shard ${shardName(one.shard)}`
      : `a different sweep from line ${parsed[0].n} (${describe(sweepDifference(one.sweep, other.sweep))})`;
    throw lineError(parsed[differs].at, `${what}; one file holds one shard's output`);
  }
  const lines: (KeptLine & { at: string })[] = [];
  for (const { at, line } of parsed) {
    const extra = Object.keys(line).find((key) => !['summary', 'shard', 'sweep'].includes(key));
    if (extra !== undefined) throw lineError(at, `an unexpected key ${shown(extra)}; run --final-only --shard writes "summary", "shard" and "sweep"`);
    if (line.summary === undefined) {
      if (parsed.length > 1) throw lineError(at, 'an empty shard\'s stamp line among summaries; give each shard\'s file as run wrote it');
      continue;
    }
    if (!isObject(line.summary)) throw lineError(at, `"summary" is ${shown(line.summary)}; run writes one run's summary there`);
    checkRunSummary(line.summary, at);
    // the summary exactly as the unsharded run prints it: JSON.stringify of JSON.stringify's own output
    // is that output again, so the merged lines are byte for byte those of one unsharded run
    lines.push({ run: line.summary.run as number, t: line.summary.t as number, text: JSON.stringify({ summary: line.summary }), at });
  }
  const { shard, sweep } = stamps[0];
  checkShare(stamps[0], lines, path);
  return { path, mode: 'final-only', shard, sweep, lines };
}

function describe(difference: ReturnType<typeof sweepDifference>): string {
  return difference ? `${difference.field} ${difference.b} against ${difference.a}` : 'the same sweep';
}

/** The runs a file holds are exactly its share of the sweep: none foreign, none twice, none missing. */
function checkShare(stamp: Stamp, runs: readonly { run: number; at: string }[], path: string): void {
  const share = shareRuns(stamp.shard, stamp.sweep.runs);
  const wanted = new Set(share);
  const seen = new Map<number, string>();
  for (const { run, at } of runs) {
    if (!wanted.has(run)) {
      throw lineError(at, `run ${run} is not in shard ${shardName(stamp.shard)} of a ${stamp.sweep.runs}-run sweep (its runs r have r mod ${stamp.shard.count} = ${stamp.shard.index})`);
    }
    const first = seen.get(run);
    if (first !== undefined) throw lineError(at, `run ${run} again (first at ${first}); give each shard's file as run wrote it`);
    seen.set(run, at);
  }
  if (seen.size < share.length) {
    const missing = share.find((run) => !seen.has(run));
    throw lineError(path, `holds ${seen.size} of the ${share.length} runs of shard ${shardName(stamp.shard)} (run ${missing} is missing): the file is cut short; rerun that shard`);
  }
}

/** Full output holds every run's checkpoint at t = 0 and at every step of the schedule, once. */
function checkCheckpoints(stamp: Stamp, steps: number, lines: readonly (KeptLine & { at: string })[], path: string): void {
  const schedule = [0, ...checkpointSchedule(steps, stamp.sweep.perDecade)];
  const wantedT = new Set(schedule);
  const share = new Set(shareRuns(stamp.shard, stamp.sweep.runs));
  const seen = new Set<string>();
  for (const { run, t, at } of lines) {
    if (!share.has(run)) throw lineError(at, `run ${run} is not in shard ${shardName(stamp.shard)} of this sweep`);
    if (!wantedT.has(t)) throw lineError(at, `t = ${t} is not a checkpoint of ${steps} steps at ${stamp.sweep.perDecade} per decade`);
    const key = `${run} ${t}`;
    if (seen.has(key)) throw lineError(at, `the checkpoint of run ${run} at t = ${t} again; give each shard's file as run wrote it`);
    seen.add(key);
  }
  for (const run of share) {
    const missing = schedule.find((t) => !seen.has(`${run} ${t}`));
    if (missing !== undefined) throw lineError(path, `has no checkpoint of run ${run} at t = ${missing}: the file is cut short or damaged; rerun that shard`);
  }
}
