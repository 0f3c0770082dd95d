// Sizes on the command line: the limits table refuses what cannot be prepared (exit 2, naming the
// flag and what fits) before anything is allocated, `data` streams its JSON, and long preparations
// report progress on stderr unless --quiet.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../../src/core/data/blobs.ts';
import { LIMITS } from '../../../src/core/sizes/size-limits.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'lab-sizes-'));

/** Progress from the first report on, however fast this machine prepares. */
const PROGRESS_ENV = { ...process.env, LAB_PROGRESS_AFTER_MS: '0' };

function lab(...args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 ** 2,
    env: PROGRESS_ENV,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sizes on the command line', () => {
  it('run: N=20000 d=1000 (318 s before) is refused by the preparation budget, naming --n and what fits', () => {
    const r = lab('run', '--preset', 'paper', '--n', '20000', '--d', '1000', '--steps', '1', '--engine', 'cpu');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^error: --n: preparing N=20000 d=1000 K=3 would take about .* beyond the lab's preparation budget of 10 s; it fits with n ≤ \d+, or d ≤ \d+\n$/,
    );
  });

  it('run: --k 100 (an "Invalid typed array length" crash before) is refused by the memory budget', () => {
    const r = lab(
      'run',
      '--preset',
      'paper',
      '--n',
      '20000',
      '--d',
      '1000',
      '--k',
      '100',
      '--steps',
      '1',
      '--engine',
      'cpu',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --d: N=20000 d=1000 K=100 needs about 73\.7 GiB \(the largest part: the SVM's active-set factor .*\), beyond the lab's memory budget of 1\.00 GiB; it fits with d ≤ 2\n$/,
    );
  });

  it('data: N=100000 d=1000 (4.3 GB and "Invalid string length" before) is refused by N·d', () => {
    const r = lab('data', '--n', '100000', '--d', '1000');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --n: N·d = 100000000 feature values exceed the lab's 20000000 (X of train and test would take 1.49 GiB); it fits with n ≤ 20000, or d ≤ 200\n",
    );
  });

  it('data and run read the blobs margin through the same bound', () => {
    const data = lab('data', '--preset', 'blobs', '--margin', '1e300');
    const run = lab('run', '--preset', 'blobs', '--margin', '1e300', '--steps', '1');
    expect(data.code).toBe(2);
    expect(run.code).toBe(2);
    expect(data.stderr).toMatch(/--margin: .*1e\+300 is above the maximum 10/);
    expect(data.stderr).toBe(run.stderr);
  });

  it('data writes the blobs set row by row as the same JSON, and --pretty too', () => {
    const { train } = makeBlobs({ n: 30, d: 4, k: 3, seed: 5, margin: 0.25 });
    const expected = {
      X: Array.from({ length: 30 }, (_, i) => Array.from(train.X.subarray(i * 4, i * 4 + 4))),
      y: Array.from(train.y),
      K: 3,
    };
    const compact = lab(
      'data',
      '--preset',
      'blobs',
      '--n',
      '30',
      '--d',
      '4',
      '--k',
      '3',
      '--seed',
      '5',
      '--margin',
      '0.25',
    );
    expect(compact.code).toBe(0);
    expect(compact.stdout).toBe(`${JSON.stringify(expected)}\n`);
    const pretty = lab(
      'data',
      '--preset',
      'blobs',
      '--n',
      '30',
      '--d',
      '4',
      '--k',
      '3',
      '--seed',
      '5',
      '--margin',
      '0.25',
      '--pretty',
    );
    expect(pretty.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it("svm refuses a data file beyond the table's file-size bound before reading it", () => {
    const file = join(dir, 'huge.csv');
    writeFileSync(file, '');
    truncateSync(file, LIMITS.fileBytes + 1); // sparse: no disk used
    const r = lab('svm', '--data', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --data .*huge\.csv: the file has 256\.0 MiB; data files may have at most 256 MiB\n$/,
    );
  });

  it('svm refuses a file whose SVM would not fit the budgets, naming --data', () => {
    // 1000 points in d = 300 with K = 20 labels: N·d·K = 6e6 is beyond the preparation budget
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `${Array.from({ length: 300 }, (_, j) => ((i * 7 + j * 13) % 17) - 8).join(',')},${i % 20}`,
    );
    const file = join(dir, 'wide.csv');
    writeFileSync(file, rows.join('\n'));
    const r = lab('svm', '--data', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --data: preparing N=1000 d=300 K=20 would take about .* beyond the lab's preparation budget of 10 s; it fits with n ≤ \d+/,
    );
  });

  it('svm reports its solve on stderr, and --quiet silences it', () => {
    const data = join(dir, 'svm-progress.json');
    writeFileSync(data, lab('data', '--n', '300', '--d', '300', '--k', '10', '--seed', '1').stdout);
    const loud = lab('svm', '--data', data);
    expect(loud.code).toBe(0);
    const lines = loud.stderr.trim().split('\n');
    expect(lines[0]).toBe('solving (svm-progress.json): 0 % warm start, epoch 1/200');
    for (const line of lines) {
      expect(line).toMatch(
        /^solving \(svm-progress\.json\): (\d+ % warm start, epoch \d+\/200|active set of \d+ constraints, step \d+)$/,
      );
    }
    const quiet = lab('svm', '--data', data, '--quiet');
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(loud.stdout);
  });

  it('run reports its preparation on stderr (from the first report, as LAB_PROGRESS_AFTER_MS=0 asks), and --quiet silences it', () => {
    const args = [
      'run',
      '--preset',
      'paper',
      '--n',
      '300',
      '--d',
      '300',
      '--k',
      '10',
      '--steps',
      '1',
      '--engine',
      'cpu',
    ];
    const loud = lab(...args);
    expect(loud.code).toBe(0);
    const all = loud.stderr.trim().split('\n');
    // besides progress, the one note says why rho is null at this size (N·d·K above the per-norm solve limit)
    expect(all.filter((line) => !line.startsWith('preparing: '))).toEqual([
      expect.stringMatching(/^note: γ_p in the other norms is not computed for N·d·K = 900000/),
    ]);
    const lines = all.filter((line) => line.startsWith('preparing: '));
    expect(lines[0]).toBe('preparing: 0 % data set 1/1 (seed 0)');
    for (const line of lines)
      expect(line).toMatch(
        /^preparing: \d+ % (data set 1\/1 \(seed 0\)|SVM target: (warm start, epoch \d+\/200|active set of \d+ constraints, step \d+)|prepared)$/,
      );
    expect(lines.at(-1)).toBe('preparing: 100 % prepared');
    const quiet = lab(...args, '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(
      loud.stdout.replace(/"seconds":[0-9.e-]+/, `"seconds":${/"seconds":([0-9.e-]+)/.exec(quiet.stdout)![1]}`),
    );
  });
});
