// merge refuses shards that do not make up one sweep, by file and line: each shard's output says which
// sweep and which shard i/n it is ("shard", "sweep"), merge checks that and strips it, so that merged
// shards stay byte for byte the unsharded output. Shards are run in process (the float64 engine);
// the exit status is checked on the real command line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../src/core/types.ts';
import { checkpointSchedule } from '../../../src/core/engine/checkpoint-times.ts';
import { parseArgs } from '../../../src/cli/args.ts';
import { mergeCommand, readShard } from '../../../src/cli/commands/merge.ts';
import { runCommand } from '../../../src/cli/commands/run.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'lab-merge-'));

// 2 seeds × 2 step sizes = 4 runs, 30 steps
const SWEEP = [
  'run',
  '--preset',
  'paper',
  '--n',
  '20',
  '--d',
  '3',
  '--k',
  '3',
  '--seeds',
  '0..1',
  '--lr',
  '0.01..1:log:2',
  '--steps',
  '30',
  '--init',
  'gaussian',
  '--engine',
  'cpu',
];
const RUNS = 4;
/** checkpoint lines per run: t = 0 and each scheduled step */
const PER_RUN = checkpointSchedule(30).length + 1;

async function run(...extra: string[]): Promise<string> {
  const lines: string[] = [];
  await runCommand(
    parseArgs([...SWEEP, ...extra]),
    (line) => lines.push(line),
    () => {},
    () => {},
  );
  return lines.map((line) => `${line}\n`).join('');
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function merge(...paths: string[]): string {
  const lines: string[] = [];
  mergeCommand(parseArgs(['merge', ...paths]), (line) => lines.push(line));
  return lines.map((line) => `${line}\n`).join('');
}

/** The message merge refuses with (a LabError, which the command line prints as "error: …", status 2). */
function refusal(...paths: string[]): string {
  try {
    merge(...paths);
  } catch (err) {
    expect(err).toBeInstanceOf(LabError);
    return (err as Error).message;
  }
  throw new Error(`merge ${paths.join(' ')} was not refused`);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const seconds = /"seconds":[0-9.e+-]+/g;
const out: Record<string, string> = {};

beforeAll(async () => {
  out.final = await run('--final-only');
  out.full = await run();
  for (let i = 0; i < 5; i++) out[`final${i}of5`] = await run('--final-only', '--shard', `${i}/5`);
  for (let i = 0; i < 2; i++) {
    out[`final${i}of2`] = await run('--final-only', '--shard', `${i}/2`);
    out[`full${i}of2`] = await run('--shard', `${i}/2`);
  }
  out.final1of2steps40 = await run('--final-only', '--shard', '1/2', '--steps', '40');
  out.final1of3 = await run('--final-only', '--shard', '1/3');
  out.full1of2perDecade5 = await run('--shard', '1/2', '--per-decade', '5');
}, 120_000);

describe("a shard's output says which sweep and which shard it is", () => {
  it("stamps every --final-only line, an empty share's one line and the full output's closing summary", () => {
    const experiment = JSON.parse(out.full.trim().split('\n').at(-1) as string).summary.experiment;
    const sweep = { experiment, engine: 'cpu', runs: RUNS, perDecade: 10 };
    const lines = out.final1of2
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.summary.run, l.shard, l.sweep])).toEqual([
      [1, '1/2', sweep],
      [3, '1/2', sweep],
    ]);
    // 4 runs over 5 shards: shard 4/5 has none, and says so in its one line
    expect(JSON.parse(out.final4of5)).toEqual({ shard: '4/5', sweep });
    const closing = JSON.parse(out.full0of2.trim().split('\n').at(-1) as string).summary;
    expect([closing.shard, closing.sweep, closing.runs.map((r: { run: number }) => r.run)]).toEqual([
      '0/2',
      sweep,
      [0, 2],
    ]);
    // the unsharded output carries no stamp
    expect(out.final).not.toContain('"sweep"');
    expect(out.full).not.toContain('"sweep"');
  });

  it('merges to byte for byte the unsharded output, an empty shard among them and in any order', () => {
    const five = [4, 2, 0, 3, 1].map((i) => file(`final${i}of5.jsonl`, out[`final${i}of5`]));
    expect(merge(...five)).toBe(out.final);
    const finals = [1, 0].map((i) => file(`final${i}of2.jsonl`, out[`final${i}of2`]));
    expect(merge(...finals)).toBe(out.final);
    const fulls = [1, 0].map((i) => file(`full${i}of2.jsonl`, out[`full${i}of2`]));
    const merged = merge(...fulls);
    expect(merged.split('\n')).toHaveLength(RUNS * PER_RUN + 2);
    expect(merged.replace(seconds, '"seconds":0')).toBe(out.full.replace(seconds, '"seconds":0'));
  });

  it('reads a file in pieces as it reads it whole, a piece ending inside a line or a UTF-8 character', () => {
    const path = file('pieces.jsonl', out.full1of2);
    // the labels' "·" and "η" are two bytes each: 7-byte pieces cut some of them in two
    expect(out.full1of2).toContain('·');
    const whole = readShard(path);
    for (const bytes of [7, 64, 1000]) expect(readShard(path, bytes), `${bytes}`).toEqual(whole);
    expect(whole.lines).toHaveLength(2 * PER_RUN);
  });
});

describe('merge refuses what is not one whole sweep, naming the file (and line)', () => {
  const path = (name: string) => file(`${name}.jsonl`, out[name]);

  it('shards of different experiments, of different n, with a different --per-decade', () => {
    const [a, b] = [path('final0of2'), path('final1of2steps40')];
    expect(refusal(a, b)).toBe(
      `the shards ran different experiments: experiment "steps=30" (${a}) and "steps=40" (${b})`,
    );
    const c = path('final1of3');
    expect(refusal(a, c)).toBe(`${a} is shard 0/2 and ${c} is shard 1/3; the shards of one sweep share n`);
    const [d, e] = [path('full0of2'), path('full1of2perDecade5')];
    expect(refusal(d, e)).toBe(`the shards ran different experiments: --per-decade 10 (${d}) and 5 (${e})`);
  });

  it('a missing shard and a repeated one', () => {
    const a = path('final0of2');
    expect(refusal(a)).toBe("shard 1/2 missing: merge got 1 of the 2 shards; give every shard's file");
    const five = [0, 2, 4].map((i) => path(`final${i}of5`));
    expect(refusal(...five)).toBe("shards 1/5, 3/5 missing: merge got 3 of the 5 shards; give every shard's file");
    const twin = file('twin.jsonl', out.final0of2);
    expect(refusal(a, path('final1of2'), twin)).toBe(`${a} and ${twin} are both shard 0/2; give each shard once`);
  });

  it('full and --final-only output mixed, across files and in one file', () => {
    const [a, b] = [path('full0of2'), path('final1of2')];
    expect(refusal(a, b)).toBe(
      `${a} is full output and ${b} is --final-only output; merge the shards of one sweep, run the same way`,
    );
    const both = file('both.jsonl', out.full1of2 + out.final1of2);
    expect(refusal(a, both)).toMatch(
      new RegExp(
        `^${escape(both)}: mixes full output \\(line 1\\) with --final-only output \\(line ${2 * PER_RUN + 2}\\)`,
      ),
    );
  });

  it('a file cut short: at a line boundary, mid-line, or with a line taken out', () => {
    const a = path('full0of2');
    const lines = out.full1of2.split('\n');
    const noSummary = file('no-summary.jsonl', lines.slice(0, -2).join('\n') + '\n');
    expect(refusal(a, noSummary)).toMatch(
      new RegExp(`^${escape(noSummary)}: ends at line ${2 * PER_RUN} without its closing \\{"summary":…\\} line`),
    );
    // line 2 is run 3's t = 0 (lines go by t, then run): without it run 3 lacks that checkpoint
    const hole = file('hole.jsonl', [lines[0], ...lines.slice(2)].join('\n'));
    expect(refusal(a, hole)).toMatch(
      new RegExp(`^${escape(hole)}: has no checkpoint of run 3 at t = 0: the file is cut short`),
    );
    const finalA = path('final0of2');
    const oneOfTwo = file('one-of-two.jsonl', out.final1of2.split('\n')[0] + '\n');
    expect(refusal(finalA, oneOfTwo)).toBe(
      `${oneOfTwo}: holds 1 of the 2 runs of shard 1/2 (run 3 is missing): the file is cut short; rerun that shard`,
    );
    const midLine = file('mid-line.jsonl', out.final1of2.slice(0, out.final1of2.indexOf('\n') + 100));
    expect(refusal(finalA, midLine)).toMatch(new RegExp(`^${escape(midLine)} line 2: not JSON`));
  });

  it('malformed values, an unstamped file, two shards in one file, an empty file', () => {
    const a = path('final0of2');
    const loss = file('loss-x.jsonl', out.final1of2.replace(/"loss":[^,]+/, '"loss":"x"'));
    expect(refusal(a, loss)).toBe(
      `${loss} line 1: "loss" is "x"; run writes a number or null there (is the file damaged or edited?)`,
    );
    const rho = file('rho.jsonl', out.final1of2.replace(/"spectral":[^,]+/, '"spectral":true'));
    expect(refusal(a, rho)).toMatch(new RegExp(`^${escape(rho)} line 1: "rho.spectral" is true`));
    const fullA = path('full0of2');
    const tText = file('t-text.jsonl', out.full1of2.replace(/"t":0/, '"t":"0"'));
    expect(refusal(fullA, tText)).toMatch(new RegExp(`^${escape(tText)} line 1: "t" is "0"`));
    const whole = path('final');
    expect(refusal(whole)).toMatch(new RegExp(`^${escape(whole)} line 1: no "shard" stamp`));
    const two = file('two.jsonl', out.final0of2 + out.final1of2);
    expect(refusal(two)).toBe(`${two} line 3: shard 1/2, but line 1 is shard 0/2; one file holds one shard's output`);
    const empty = file('empty.jsonl', '\n');
    expect(refusal(a, empty)).toBe(
      `${empty}: the file is empty; a shard's output has at least one line: rerun that shard`,
    );
  });

  it('on the command line: "error: …" naming the file, exit status 2, nothing on stdout', () => {
    const a = path('final0of2');
    const empty = file('empty-cli.jsonl', '');
    const cut = file('cut-cli.jsonl', out.final1of2.split('\n')[0] + '\n');
    for (const [files, message] of [
      [[a, empty], `${empty}: the file is empty`],
      [[a, cut], `${cut}: holds 1 of the 2 runs`],
    ] as const) {
      const r = spawnSync(TSX, ['src/cli/main.ts', 'merge', ...files], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`error: ${message}`)).toBe(true);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
