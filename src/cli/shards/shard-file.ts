// One shard's output file, read and checked on its own before `merge` puts shards together: which
// sweep and which shard i/n it says it is (its stamp), whether it is full or --final-only output, and
// whether it is whole (every run of its share, every checkpoint of each run, the closing summary).
import { checkpointSchedule } from '../../core/engine/checkpoint-times.ts';
import {
  checkCheckpoint,
  checkClosing,
  checkRunSummary,
  isObject,
  lineError,
  shown,
  type Line,
} from './shard-records.ts';
import {
  parseShard,
  shardName,
  shareRuns,
  sweepDifference,
  type KeptLine,
  type Shard,
  type ShardFile,
  type SweepStamp,
} from './shard.ts';

/** --per-decade's upper bound (run.ts) */
const MAX_PER_DECADE = 100;

interface Stamp {
  readonly shard: Shard;
  readonly sweep: SweepStamp;
  readonly key: string;
}

/**
 * Reads one shard's file line by line (`line` for each, then `finish`), keeping only the texts merge
 * prints, so that a large file costs its own size in memory and no more.
 */
export class ShardFileReader {
  readonly #path: string;
  #mode: { kind: ShardFile['mode']; n: number } | undefined;
  #stamp: (Stamp & { n: number }) | undefined;
  #closing: { rec: Line; n: number } | undefined;
  #emptyShareAt: number | undefined;
  #lastN = 0;
  readonly #lines: KeptLine[] = [];

  constructor(path: string) {
    this.#path = path;
  }

  /** Line n (1-based) of the file; blank lines are skipped. */
  line(raw: string, n: number): void {
    const text = raw.trim();
    if (text === '') return;
    const at = this.#at(n);
    const line = parseLine(text, at);
    const kind = kindOf(line);
    this.#setMode(kind === 'final-only' ? 'final-only' : 'full', n);
    if (this.#closing)
      throw lineError(
        at,
        `a line after the closing summary (line ${this.#closing.n}); give each shard's file on its own`,
      );
    this.#lastN = n;
    if (kind === 'closing') this.#readClosing(line.summary as Line, n);
    else if (kind === 'checkpoint') {
      checkCheckpoint(line, at);
      // checkpoint lines pass through as run wrote them
      this.#lines.push({ run: line.run as number, t: line.t as number, text, n });
    } else this.#readFinalOnly(line, n);
  }

  /** The shard the file holds, once it is known whole. */
  finish(): ShardFile {
    const path = this.#path;
    if (!this.#mode) {
      throw lineError(path, "the file is empty; a shard's output has at least one line: rerun that shard");
    }
    if (this.#mode.kind === 'full') {
      if (!this.#closing) {
        throw lineError(
          path,
          `ends at line ${this.#lastN} without its closing {"summary":…} line: the file is cut short (its run stopped, or the disk filled); rerun that shard`,
        );
      }
      const stamp = this.#stamp as Stamp;
      checkCheckpoints(stamp, this.#closing.rec.steps as number, this.#lines, (n) => this.#at(n), path);
      return {
        path,
        mode: 'full',
        shard: stamp.shard,
        sweep: stamp.sweep,
        lines: this.#lines,
        closing: this.#closing.rec,
      };
    }
    const stamp = this.#stamp as Stamp;
    checkShare(
      stamp,
      this.#lines.map(({ run, n }) => ({ run, at: this.#at(n) })),
      path,
    );
    return { path, mode: 'final-only', shard: stamp.shard, sweep: stamp.sweep, lines: this.#lines };
  }

  #at(n: number): string {
    return `${this.#path} line ${n}`;
  }

  #setMode(kind: ShardFile['mode'], n: number): void {
    if (!this.#mode) this.#mode = { kind, n };
    if (this.#mode.kind === kind) return;
    const [full, final] = kind === 'full' ? [n, this.#mode.n] : [this.#mode.n, n];
    throw lineError(
      this.#path,
      `mixes full output (line ${full}) with --final-only output (line ${final}); give each shard's file as run wrote it`,
    );
  }

  /** Full output's closing summary: its fields, its stamp, and its runs, exactly the shard's share. */
  #readClosing(closing: Line, n: number): void {
    const at = this.#at(n);
    checkClosing(closing, at);
    const stamp = readStamp(closing.shard, closing.sweep, at);
    const runs = closing.runs as unknown[];
    runs.forEach((rec, i) => {
      if (!isObject(rec)) throw lineError(at, `runs[${i}] is ${shown(rec)}; run writes one object per run there`);
      checkRunSummary(rec, `${at}, runs[${i}]`);
    });
    checkShare(
      stamp,
      (runs as Line[]).map((rec, i) => ({ run: rec.run as number, at: `${at}, runs[${i}]` })),
      this.#path,
    );
    this.#stamp = { ...stamp, n };
    this.#closing = { rec: closing, n };
  }

  /** A --final-only line: {"summary":…,"shard","sweep"}, or an empty share's {"shard","sweep"} alone. */
  #readFinalOnly(line: Line, n: number): void {
    const at = this.#at(n);
    const extra = Object.keys(line).find((key) => !['summary', 'shard', 'sweep'].includes(key));
    if (extra !== undefined)
      throw lineError(
        at,
        `an unexpected key ${shown(extra)}; run --final-only --shard writes "summary", "shard" and "sweep"`,
      );
    const stamp = readStamp(line.shard, line.sweep, at);
    const first = this.#stamp;
    if (first && first.key !== stamp.key) {
      const what =
        shardName(first.shard) !== shardName(stamp.shard)
          ? `shard ${shardName(stamp.shard)}, but line ${first.n} is shard ${shardName(first.shard)}`
          : `a different sweep from line ${first.n} (${describe(sweepDifference(first.sweep, stamp.sweep))})`;
      throw lineError(at, `${what}; one file holds one shard's output`);
    }
    this.#stamp ??= { ...stamp, n };
    if (this.#emptyShareAt !== undefined || (line.summary === undefined && this.#lines.length > 0)) {
      throw lineError(
        at,
        `an empty shard's stamp line (line ${this.#emptyShareAt ?? n}) among summaries; give each shard's file as run wrote it`,
      );
    }
    if (line.summary === undefined) {
      this.#emptyShareAt = n;
      return;
    }
    if (!isObject(line.summary))
      throw lineError(at, `"summary" is ${shown(line.summary)}; run writes one run's summary there`);
    checkRunSummary(line.summary, at);
    // the summary exactly as the unsharded run prints it: JSON.stringify of JSON.stringify's own output
    // is that output again, so the merged lines are byte for byte those of one unsharded run
    this.#lines.push({
      run: line.summary.run as number,
      t: line.summary.t as number,
      text: JSON.stringify({ summary: line.summary }),
      n,
    });
  }
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
    throw lineError(
      at,
      'no "shard" stamp: this is the output of a run without --shard (or of a lab that did not stamp shards); merge takes the files of run --shard i/n',
    );
  }
  let shard: Shard;
  try {
    shard = parseShard(typeof shardValue === 'string' ? shardValue : '');
  } catch {
    throw lineError(at, `"shard" is ${shown(shardValue)}; run --shard writes "i/n" there`);
  }
  const s = isObject(sweepValue) ? sweepValue : {};
  const ok =
    typeof s.experiment === 'string' &&
    typeof s.engine === 'string' &&
    Number.isSafeInteger(s.runs) &&
    (s.runs as number) >= 0 &&
    Number.isSafeInteger(s.perDecade) &&
    (s.perDecade as number) >= 1 &&
    (s.perDecade as number) <= MAX_PER_DECADE;
  if (!ok)
    throw lineError(
      at,
      `"sweep" is ${shown(sweepValue)}; run --shard writes {"experiment","engine","runs","perDecade"} there`,
    );
  const sweep: SweepStamp = {
    experiment: s.experiment as string,
    engine: s.engine as string,
    runs: s.runs as number,
    perDecade: s.perDecade as number,
  };
  return { shard, sweep, key: JSON.stringify([shardName(shard), sweep]) };
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
      throw lineError(
        at,
        `run ${run} is not in shard ${shardName(stamp.shard)} of a ${stamp.sweep.runs}-run sweep (its runs r have r mod ${stamp.shard.count} = ${stamp.shard.index})`,
      );
    }
    const first = seen.get(run);
    if (first !== undefined)
      throw lineError(at, `run ${run} again (first at ${first}); give each shard's file as run wrote it`);
    seen.set(run, at);
  }
  if (seen.size < share.length) {
    const missing = share.find((run) => !seen.has(run));
    throw lineError(
      path,
      `holds ${seen.size} of the ${share.length} runs of shard ${shardName(stamp.shard)} (run ${missing} is missing): the file is cut short; rerun that shard`,
    );
  }
}

/** Full output holds every run's checkpoint at t = 0 and at every step of the schedule, once. */
function checkCheckpoints(
  stamp: Stamp,
  steps: number,
  lines: readonly KeptLine[],
  atLine: (n: number) => string,
  path: string,
): void {
  const schedule = [0, ...checkpointSchedule(steps, stamp.sweep.perDecade)];
  const wantedT = new Set(schedule);
  const share = new Set(shareRuns(stamp.shard, stamp.sweep.runs));
  const seen = new Set<string>();
  for (const { run, t, n } of lines) {
    const at = atLine(n);
    if (!share.has(run)) throw lineError(at, `run ${run} is not in shard ${shardName(stamp.shard)} of this sweep`);
    if (!wantedT.has(t))
      throw lineError(at, `t = ${t} is not a checkpoint of ${steps} steps at ${stamp.sweep.perDecade} per decade`);
    const key = `${run} ${t}`;
    if (seen.has(key))
      throw lineError(at, `the checkpoint of run ${run} at t = ${t} again; give each shard's file as run wrote it`);
    seen.add(key);
  }
  for (const run of share) {
    const missing = schedule.find((t) => !seen.has(`${run} ${t}`));
    if (missing !== undefined)
      throw lineError(
        path,
        `has no checkpoint of run ${run} at t = ${missing}: the file is cut short or damaged; rerun that shard`,
      );
  }
}
