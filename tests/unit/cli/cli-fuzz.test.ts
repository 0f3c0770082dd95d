// The command line against the inputs of a fuzzing pass (issue 11): each case is a reproduction as a
// script would run it (a real child process), with the exit status, stdout and stderr checked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/app/state/uploads.ts';
import { decodeExperiment } from '../../../src/core/experiment/url.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'lab-fuzz-'));

function lab(...args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** A user error: status 2, one line on stderr, nothing on stdout, no stack trace. */
function expectUserError(r: ReturnType<typeof lab>, pattern: RegExp, what: string): void {
  expect(r.code, `${what}: ${r.stderr}`).toBe(2);
  expect(r.stderr, what).toMatch(pattern);
  expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
  expect(r.stdout, what).toBe('');
}

describe('item 4: a bad value in the first CSV row is reported, not dropped as a header', () => {
  it('run --data with 1,NaN,0 / 1,,0 / 1,inf,0 / 0x10,0,0 / 1,2, in row 1', () => {
    const cases: [string, string][] = [
      ['1,NaN,0', 'column 2'],
      ['1,,0', 'column 2'],
      ['1,inf,0', 'column 2'],
      ['0x10,0,0', 'column 1'],
      ['1,2,', 'column 3'],
    ];
    for (const [row, column] of cases) {
      const path = file('row1.csv', `${row}\n1,2,0\n3,4,1\n-1,0,1\n`);
      expectUserError(
        lab('run', '--data', path, '--steps', '5', '--engine', 'cpu'),
        new RegExp(`row 1, ${column}`),
        row,
      );
    }
  });
});

describe('item 5: numerically equal labels are one class', () => {
  it('svm --data with labels 0,1,1.0,0.0 solves a two-class problem', () => {
    const r = lab('svm', '--data', file('labels.csv', '1,0,0\n0,1,1\n0,2,1.0\n2,0,0.0\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).W[0]).toHaveLength(2);
  });
});

describe('item 6: files that are not regular or too large, and empty values', () => {
  it('refuses /dev/zero, a FIFO and a file over the stated size before reading', () => {
    expectUserError(
      lab('run', '--data', '/dev/zero', '--engine', 'cpu'),
      /--data \/dev\/zero: .*not a regular file/,
      '/dev/zero',
    );
    const fifo = join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expectUserError(lab('svm', '--data', fifo), /FIFO/, 'fifo');
    const big = join(dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, 300 * 2 ** 20); // sparse: nothing is written
    expectUserError(lab('svm', '--data', big), /300\.0 MiB; data files may have at most 256 MiB/, 'big');
  });

  it("--seed '' and --margin '' are errors, not 0", () => {
    expectUserError(lab('data', '--seed', ''), /--seed is empty/, 'data --seed');
    expectUserError(lab('data', '--preset', 'blobs', '--margin', ''), /--margin is empty/, 'data --margin');
    expectUserError(lab('data', '--seed='), /--seed is empty/, 'data --seed=');
    expectUserError(lab('run', '--margin', ' ', '--engine', 'cpu'), /--margin is empty/, 'run --margin');
    expectUserError(lab('data', '--seed', '0x10'), /--seed must be an integer/, 'data --seed 0x10');
  });
});

describe('item 7: messages', () => {
  it('escape control characters, print Infinity, and use the flag names', () => {
    const esc = lab('run', '--loss', 'pa\rir\u001b[31mlog', '--engine', 'cpu');
    expectUserError(esc, /"pa\\rir\\u001b\[31mlog"/, 'control characters');
    expect(esc.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(lab('frob\u001bnicate').stderr).toMatch(/frob\\x1bnicate/);
    const cell = lab('run', '--data', file('esc.csv', '1,2,0\n3,\u001b[2J\u009b,1\n'), '--engine', 'cpu');
    expectUserError(cell, /row 2, column 2: "\\x1b\[2J\\x9b" is not a number/, 'CSV cell');
    expectUserError(lab('run', '--lr', '1e999', '--engine', 'cpu'), /^error: --lr: Infinity is not/, '--lr 1e999');
    expectUserError(
      lab('run', '--margin', '1e999', '--engine', 'cpu'),
      /--margin: Infinity is not a finite number/,
      '--margin 1e999',
    );
    const lr = lab('run', '--lr', 'abc', '--engine', 'cpu');
    expectUserError(lr, /^error: --lr: "abc" is not a number/, '--lr abc');
    expect(lr.stderr).not.toMatch(/lrs/);
    const tooMany = [
      '--seeds',
      '0..2',
      '--loss',
      'pairlog,ce,exp,hinge,squared,poly',
      '--optimizer',
      'gd,ngd',
      '--lr',
      '1e-3..10:log:4096',
      '--steps',
      '100000000',
    ];
    const seeds = lab('run', ...tooMany, '--engine', 'cpu');
    expectUserError(
      seeds,
      /^error: --seeds: 3 seeds × 49152 runs each are 147456 runs, above the 88296 that fit in memory \(.*\); give at most 1 seed$/m,
      'runs',
    );
    expectUserError(
      lab('run', '--n', '999999', '--engine', 'cpu'),
      /^error: --n: 999999 is above the maximum 100000$/m,
      '--n',
    );
    expectUserError(lab('run', '--k', '1', '--engine', 'cpu'), /^error: --k: 1 is below the minimum 2$/m, '--k 1');
    for (const args of [['--k', '1'], ['--n', '100000', '--d', '1000'], tooMany]) {
      expect(lab('run', ...args, '--engine', 'cpu').stderr, args.join(' ')).not.toMatch(/\b(using|keeping)\b/);
    }
  });

  it('--quiet leaves stderr empty, Dawn\u2019s native warnings included, and still prints errors', () => {
    // engine auto loads Dawn, which warns on stderr from native code when it finds no Vulkan
    const quiet = lab('run', '--preset', 'paper', '--steps', '5', '--quiet');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(jsonLines(quiet.stdout).pop().summary.steps).toBe(5);
    expectUserError(lab('run', '--steps', 'x', '--quiet'), /--steps/, 'quiet error');
  });
});

describe('item 9: a closed pipe', () => {
  it('`… | head -1` ends the program quietly with status 0', () => {
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${TSX}" src/cli/main.ts run --preset paper --steps 100000 --engine cpu | head -1`],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).t).toBe(0);
  });
});

describe('item 11: a checkpoint with a non-finite value is the divergence point', () => {
  /** Every line's status against its numbers: a value that should be finite and is null means diverged. */
  function checkLines(lines: Record<string, unknown>[]) {
    let divergedAt: number | undefined;
    for (const l of lines) {
      const wNonZero = l.normRatio !== 0;
      const nulls = [
        'loss',
        'normRatio',
        'trainAcc',
        'testAcc',
        ...(wNonZero ? ['angle', 'distance', 'margin', 'marginRatio'] : []),
      ].filter((key) => l[key] === null);
      if (nulls.length > 0 || divergedAt !== undefined) {
        expect(l.status, JSON.stringify(l)).toBe('diverged');
        expect(l.message).toMatch(/η/);
      }
      if (nulls.length > 0 && divergedAt === undefined) divergedAt = l.t as number;
    }
    return divergedAt;
  }

  it('run --preset paper --loss exp --optimizer ngd --lr 1e6: diverged at t = 1, where the loss overflows', () => {
    const r = lab(
      'run',
      '--preset',
      'paper',
      '--loss',
      'exp',
      '--optimizer',
      'ngd',
      '--lr',
      '1e6',
      '--steps',
      '20',
      '--engine',
      'cpu',
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    const summary = lines.pop().summary;
    expect(checkLines(lines)).toBe(1);
    expect(lines.find((l) => l.t === 1).message).toMatch(/^diverged at t = 1: loss is Infinity/);
    expect(summary.runs[0].status).toBe('diverged');
  });

  it('run --preset paper --loss squared --lr 10: diverged on the first checkpoint with nulls (t = 100), not at t = 170', () => {
    const r = lab('run', '--preset', 'paper', '--loss', 'squared', '--lr', '10', '--steps', '300', '--engine', 'cpu');
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    lines.pop();
    expect(checkLines(lines)).toBe(100);
    const first = lines.find((l) => l.status === 'diverged');
    expect(first.t).toBe(100);
    expect(first.message).toMatch(
      /^diverged at t = 100: .*is at or above the safe bound 2\/β = 2N\/\(β_v σ_max\(X\)²\) = [\d.]+ for Squared \(relative margin\): descent is not guaranteed; lower η below/,
    );
    // the run stopped there: every later line repeats its numbers
    for (const l of lines.filter((x) => x.t > 100)) expect(l.marginRatio).toBe(first.marginRatio);
  });
});

describe('item 12: one link rule', () => {
  it("refuses --url '', --url garbage, v=0 and v=99 with an error naming v (or the empty flag)", () => {
    expectUserError(lab('run', '--url', '', '--engine', 'cpu'), /--url is empty/, "--url ''");
    for (const url of [
      'garbage',
      'http://localhost:5173/?v=0&steps=5',
      'http://localhost:5173/?v=99&steps=5',
      'http://localhost:5173/?steps=5',
      'http://localhost:5173/',
    ]) {
      expectUserError(lab('run', '--url', url, '--engine', 'cpu'), /^error: --url: v: .*v=1/, url);
    }
  });
});

describe('item 13: the summary of a --data run names the file\u2019s experiment', () => {
  it('n, d, k from the file and the page\u2019s content hash, so the link names the same upload', async () => {
    const path = file('small.csv', 'a,b,c,label\n1,0,0,x\n0,1,0,y\n0,0,1,z\n1,1,0,x\n2,0,1,z\n');
    const r = lab('run', '--data', path, '--steps', '5', '--engine', 'cpu');
    expect(r.code, r.stderr).toBe(0);
    const { experiment, errors, readable } = decodeExperiment(jsonLines(r.stdout).pop().summary.experiment);
    expect(readable).toBe(true);
    expect(errors).toEqual([]);
    expect(experiment).toMatchObject({ data: 'upload', n: 5, d: 3, k: 3, steps: 5 });
    expect(experiment.upload).toBe(await contentHash(readFileSync(path, 'utf8')));
  });
});

describe('issue 20, section 4: smaller misreadings', () => {
  const UNDER = 'underflows: float64 has no nonzero number below about 5e-324, so it would be read as 0';

  it('svm --data refuses a ;-separated file with decimal commas, naming the file and row', () => {
    const path = file('euro.csv', '1,5;0\n2,5;0\n-1,5;1\n-2,5;1\n');
    expectUserError(
      lab('svm', '--data', path),
      new RegExp(
        `^error: --data ${path}: row 1: "1,5;0" looks like values separated by ; with decimal commas; the lab reads decimal points: write "1\\.5;0"`,
      ),
      'euro.csv',
    );
  });

  it('a boolean flag given a value is honoured (true/false, yes/no, 1/0) or refused naming the flag', () => {
    const base = ['run', '--preset', 'paper', '--n', '12', '--d', '2', '--steps', '3', '--engine', 'cpu'];
    const plain = lab(...base);
    expect(plain.code, plain.stderr).toBe(0);
    const checkpoints = jsonLines(plain.stdout);
    expect(checkpoints.length).toBeGreaterThan(2);
    const off = lab(...base, '--final-only=false');
    expect(off.code, off.stderr).toBe(0);
    // the same lines but the wall-clock fields of the summary
    expect(jsonLines(off.stdout).slice(0, -1)).toEqual(checkpoints.slice(0, -1));
    const loud = lab(...base, '--final-only=YES', '--quiet=no');
    expect(loud.code, loud.stderr).toBe(0);
    const summaries = jsonLines(loud.stdout);
    expect(summaries).toHaveLength(1);
    expect(summaries[0].summary.loss).toBe(checkpoints.at(-2).loss);
    expect(loud.stderr).toMatch(/^note: 1 runs of v=1/m);
    const quiet = lab(...base, '--final-only', '--quiet=1');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(jsonLines(quiet.stdout)).toHaveLength(1);
    expectUserError(
      lab(...base, '--final-only=maybe'),
      /^error: --final-only takes no value \(or one of true, false, yes, no, 1, 0\), got "maybe"/,
      'maybe',
    );
  });

  it('1e-400 for --eps, --beta, --margin or in a data cell is refused, naming the flag or the cell', () => {
    expectUserError(
      lab('run', '--optimizer', 'adam', '--eps', '1e-400', '--engine', 'cpu'),
      new RegExp(`^error: --eps: "1e-400" ${UNDER}; use numbers from 0 to 1`),
      '--eps',
    );
    expectUserError(
      lab('run', '--optimizer', 'momentum', '--beta', '0.5,1e-400', '--engine', 'cpu'),
      new RegExp(`^error: --beta: "1e-400" ${UNDER}`),
      '--beta',
    );
    expectUserError(
      lab('data', '--preset', 'blobs', '--margin', '1e-400'),
      new RegExp(`^error: --margin: "1e-400" ${UNDER}`),
      '--margin',
    );
    const path = file('tiny.csv', '1,0\n1e-400,1\n-2,1\n');
    expectUserError(
      lab('svm', '--data', path),
      new RegExp(`^error: --data ${path}: row 2, column 1: "1e-400" ${UNDER}; rescale the column, or write 0$`, 'm'),
      'cell',
    );
  });

  it('a JSON cell 1e309 is said to overflow; a file with mixed CRLF/LF endings reads as its rows', () => {
    const big = file('big.json', '{"X": [[1], [1e309], [-1]], "y": [0, 1, 1]}');
    expectUserError(
      lab('svm', '--data', big),
      /^error: --data .*big\.json: row 2, column 1: 1e309 overflows: float64 has no finite number above about 1\.8e308; rescale the column$/m,
      '1e309',
    );
    const mixed = lab('svm', '--data', file('mixed.csv', '1,1\r\n2,1\n-3,0\r\n-4,0\n'));
    const lf = lab('svm', '--data', file('lf.csv', '1,1\n2,1\n-3,0\n-4,0\n'));
    expect(mixed.code, mixed.stderr).toBe(0);
    expect(mixed.stdout).toBe(lf.stdout);
    // the hand solution: classes 0 and 1 at x = −3 and x = 1, W = (−a, a) with 2a·1 = 1
    expect(JSON.parse(mixed.stdout).W).toEqual([[-0.5, 0.5]]);
  });

  it('an unknown flag before a flag is named unknown, with the nearest known flag', () => {
    expectUserError(
      lab('run', '--bogus', '--steps', '10'),
      /^error: unknown flag --bogus for "run"; accepted: --preset .*--steps/,
      '--bogus',
    );
    expectUserError(
      lab('run', '--step', '10', '--engine', 'cpu'),
      /^error: unknown flag --step for "run" \(did you mean --steps\?\); accepted:/,
      '--step',
    );
    expectUserError(
      lab('run', '--engine', 'cpu', '--steps'),
      /^error: --steps needs a value, e.g. --steps <value>$/m,
      '--steps',
    );
  });

  it('an error quotes at most 80 characters of a 100 KB input', () => {
    const list = Array(25_000).fill('0.1').join(',');
    const lr = lab('run', '--lr', list, '--engine', 'cpu');
    expectUserError(lr, /^error: --lr: "0\.1,0\.1,[0-9.,]*…" names more than 4096 step sizes/, '--lr');
    expect(lr.stderr.length).toBeLessThan(400);
    const cell = lab('svm', '--data', file('long.csv', `${'x'.repeat(100_000)},0\n1,1\n2,0\n`));
    expectUserError(cell, /^error: --data .*long\.csv: row 1, column 1: "x{79}…" is not a number$/m, 'cell');
  });
});

describe('issue 20, a fuzzing pass of our own', () => {
  it('help on an unknown topic is refused; help on a command prints that command', () => {
    expectUserError(
      lab('help', 'foo'),
      /^error: no help on "foo"; commands: help, run, script, svm, merge, data, demo, version$/m,
      'help foo',
    );
    expectUserError(lab('foo', '--help'), /^error: no help on "foo"/m, 'foo --help');
    const run = lab('help', 'run');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^npm run -s lab -- run \(--preset/);
  });

  it('a whole number far above the limit is called that, not "not a whole number"', () => {
    expectUserError(
      lab('run', '--preset', 'paper', '--steps', '1e99'),
      /^error: --steps: "1e99" is above the maximum 100000000, the lab.s limit for steps; use a whole number from 1 to 100000000$/m,
      'steps 1e99',
    );
    expectUserError(lab('run', '--preset', 'paper', '--steps', '1.5'), /"1\.5" is not a whole number/, 'steps 1.5');
  });
});
