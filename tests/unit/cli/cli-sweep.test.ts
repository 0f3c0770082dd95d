// Sweeps on the command line: --final-only, --shard i/n and merge, as a script runs them (a child
// process each). Merged shards must be byte for byte the unsharded output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointSchedule } from '../../../src/core/engine/checkpoint-times.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'lab-sweep-'));

function lab(...args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 ** 2,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (stdout: string) => stdout.split('\n').filter((l) => l !== '');

// 2 seeds × 2 losses × 3 step sizes = 12 runs; η = 5 makes the exponential loss's runs diverge
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
  '--loss',
  'pairlog,exp',
  '--lr',
  '0.01..5:log:3',
  '--steps',
  '200',
  '--init',
  'gaussian',
  '--engine',
  'cpu',
];
const RUNS = 12;

describe('run --final-only', () => {
  it("prints one summary line per run, in run order, with the full output's last checkpoint", () => {
    const full = lab(...SWEEP);
    const final = lab(...SWEEP, '--final-only');
    expect(final.code).toBe(0);
    const summaries = lines(final.stdout).map((l) => JSON.parse(l).summary);
    expect(summaries.map((s) => s.run)).toEqual([...Array(RUNS).keys()]);
    const fullLines = lines(full.stdout).map((l) => JSON.parse(l));
    const closing = fullLines.at(-1).summary;
    expect(fullLines).toHaveLength(RUNS * (checkpointSchedule(200).length + 1) + 1);
    for (const s of summaries) {
      const lastLine = fullLines.filter((l) => l.run === s.run && l.t === 200)[0];
      const { label, problem, svmNormF, checks, seed, lossName, optimizer, lr, ...metrics } = s;
      expect(Array.isArray(checks)).toBe(true);
      expect(metrics).toEqual(lastLine);
      expect(closing.runs[s.run]).toEqual(s);
      expect([seed, lossName, optimizer]).toEqual([Math.floor(s.run / 6), s.run % 6 < 3 ? 'pairlog' : 'exp', 'gd']);
      // log ranges are rounded to 12 significant digits: √0.05 = 0.2236067977499…
      expect(lr).toBe([0.01, 0.22360679775, 5][s.run % 3]);
      expect(typeof label).toBe('string');
      expect(problem).toBe(`paper N=20 d=3 K=3 seed=${seed}`);
      expect(svmNormF).toBeGreaterThan(0);
    }
    expect(summaries.filter((s) => s.status === 'diverged').length).toBeGreaterThan(0);
  });

  it('suggests --final-only on stderr when the output would be very long', () => {
    const r = lab(
      'run',
      '--preset',
      'blobs',
      '--n',
      '20',
      '--d',
      '2',
      '--seeds',
      '0..4',
      '--lr',
      '0.01..1:log:20',
      '--steps',
      '10000',
      '--per-decade',
      '100',
      '--engine',
      'cpu',
    );
    expect(r.code).toBe(0);
    const perRun = checkpointSchedule(10_000, 100).length + 1;
    expect(lines(r.stdout)).toHaveLength(100 * perRun + 1);
    expect(r.stderr).toContain(
      `100 runs × ${perRun} checkpoints is ${100 * perRun} lines on stdout; --final-only prints one {"summary":…} line per run instead`,
    );
  });
});

describe('run --shard i/n and merge', () => {
  it('three shards merged are byte for byte the unsharded output, with and without --final-only', () => {
    for (const mode of [['--final-only'], []]) {
      const whole = lab(...SWEEP, ...mode);
      const files = [2, 0, 1].map((i) => {
        const r = lab(...SWEEP, ...mode, '--shard', `${i}/3`);
        expect(r.code).toBe(0);
        const runs = lines(r.stdout)
          .map((l) => JSON.parse(l))
          .flatMap((l) => l.summary?.runs ?? [l.summary ?? l])
          .map((l) => l.run);
        expect(new Set(runs)).toEqual(new Set([...Array(RUNS).keys()].filter((run) => run % 3 === i)));
        const file = join(dir, `shard-${mode.length}-${i}.jsonl`);
        writeFileSync(file, r.stdout);
        return file;
      });
      const merged = lab('merge', ...files);
      expect(merged.code).toBe(0);
      // only the closing summary's wall time (full output) can differ: merge reports the longest shard's
      const seconds = /"seconds":[0-9.e+-]+/g;
      expect(merged.stdout.replace(seconds, '"seconds":0')).toBe(whole.stdout.replace(seconds, '"seconds":0'));
      if (mode.length) expect(merged.stdout).toBe(whole.stdout);
    }
  });

  it('refuses a bad --shard and shards of different experiments by name, exit status 2', () => {
    for (const bad of ['3/3', '1/0', 'a/2', '-1/2']) {
      const r = lab('run', '--steps', '10', '--shard', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/^error: --shard must be i\/n/);
    }
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, lab('run', '--n', '10', '--d', '2', '--steps', '10', '--engine', 'cpu', '--shard', '0/2').stdout);
    writeFileSync(b, lab('run', '--n', '10', '--d', '2', '--steps', '20', '--engine', 'cpu', '--shard', '1/2').stdout);
    const r = lab('merge', a, b);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the shards ran different experiments: experiment/);
  });
});

describe('run --workers N (the CPU engine over worker threads)', () => {
  it('prints bit for bit what one worker prints, for 1 to 4 threads, diverged and NGD runs included', () => {
    const sweep = [...SWEEP, '--optimizer', 'gd,ngd', '--steps', '300'];
    const seconds = /"seconds":[0-9.e+-]+/g;
    const one = lab(...sweep, '--workers', '1');
    expect(one.code).toBe(0);
    expect(lines(one.stdout)).toHaveLength(24 * (checkpointSchedule(300).length + 1) + 1);
    for (const workers of ['2', '3', '4']) {
      const many = lab(...sweep, '--workers', workers);
      expect(many.code, workers).toBe(0);
      expect(many.stdout.replace(seconds, '"seconds":0'), workers).toBe(one.stdout.replace(seconds, '"seconds":0'));
    }
    expect(lab(...sweep, '--workers', '0').stderr).toMatch(/^error: --workers must be an integer from 1 to 1024/m);
  });
});
