// `lab script` (issue 19): the Python program it prints, run with Debian's python3-numpy, prints the same
// JSON lines as `lab run --engine cpu` — the same number of lines, the same keys in the same order, the same
// strings, and every number within 1e-9 relative (the summary's "seconds" is each program's own wall time).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.ts';
import { runCommand } from '../../../src/cli/commands/run.ts';
import { scriptCommand } from '../../../src/cli/commands/script.ts';
import { checkpointSchedule } from '../../../src/core/engine/checkpoint-times.ts';
import { LOSS_PY, OPTIMIZER_PY, SCHEDULE_PY } from '../../../src/core/export-python/python-rules.ts';
import { LOSS_NAMES, OPTIMIZER_NAMES, SCHEDULE_NAMES } from '../../../src/core/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-script-'));
const REL = 1e-9;

/** A python3 that imports numpy: the one on PATH, else Debian's (a pyenv shim on PATH may lack numpy). */
function findPython(): string {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (r.status === 0) return python;
  }
  throw new Error(
    'no python3 with numpy: `lab script` is tested with Debian python3-numpy; run `npm run setup` (scripts/setup.sh installs it)',
  );
}
const PYTHON = findPython();

async function capture(command: typeof runCommand | typeof scriptCommand, argv: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  await command(
    parseArgs(argv),
    (line) => lines.push(line),
    () => {},
    () => {},
  );
  return lines;
}

/** The program's output, run with python3 and numpy. */
function runPython(program: string, name: string): string[] {
  const path = join(dir, `${name}.py`);
  writeFileSync(path, program);
  const r = spawnSync(PYTHON, [path], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python3 ${path} failed (status ${r.status}):\n${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** The first difference between two parsed lines, or undefined; `worst` collects the largest relative error. */
function difference(a: unknown, b: unknown, path: string, worst: { rel: number }): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    const rel = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    worst.rel = Math.max(worst.rel, rel);
    return rel <= REL ? undefined : `${path}: ${a} (python) vs ${b} (lab), relative ${rel.toExponential(2)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} entries vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const diff = difference(a[i], b[i], `${path}[${i}]`, worst);
      if (diff) return diff;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
    for (const key of ka) {
      // each program's own wall time
      if (path.endsWith('summary') && key === 'seconds') continue;
      const diff = difference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
        worst,
      );
      if (diff) return diff;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${JSON.stringify(a)} (python) vs ${JSON.stringify(b)} (lab)`;
}

/** `lab script FLAGS` run by python3 against `lab run FLAGS --engine cpu`: the lines of both. */
async function compare(name: string, flags: readonly string[]) {
  const program = (await capture(scriptCommand, ['script', ...flags, '--engine', 'cpu'])).join('\n');
  const python = runPython(program, name);
  const lab = await capture(runCommand, ['run', ...flags, '--engine', 'cpu']);
  expect(python.length).toBe(lab.length);
  const worst = { rel: 0 };
  for (let i = 0; i < lab.length; i++) {
    expect(difference(JSON.parse(python[i]), JSON.parse(lab[i]), `line ${i + 1}`, worst)).toBeUndefined();
  }
  return { program, lab: lab.map((l) => JSON.parse(l) as LabLine), worst: worst.rel };
}

/** What the tests read of a line: a summary's runs (full output) or its one run (--final-only). */
interface RunLine {
  readonly run: number;
  readonly seed: number;
  readonly lossName: string;
  readonly optimizer: string;
  readonly status?: string;
}
interface LabLine {
  readonly summary: RunLine & { readonly runs: RunLine[]; readonly experiment: string };
}

const PAPER = ['--preset', 'paper', '--n', '40', '--d', '6', '--k', '3', '--steps', '200'];

describe('lab script: the Python program prints the lines of lab run --engine cpu', () => {
  it('every loss, on the plain path (gd) and the log-domain path (ngd)', async () => {
    const { lab, program, worst } = await compare('losses', [
      ...PAPER,
      '--loss',
      LOSS_NAMES.join(','),
      '--optimizer',
      'gd,ngd',
      '--lr',
      '0.5',
    ]);
    const runs = lab.at(-1)!.summary.runs;
    expect(runs.map((r) => `${r.lossName}/${r.optimizer}`)).toEqual(LOSS_NAMES.flatMap((l) => [`${l}/gd`, `${l}/ngd`]));
    // one checkpoint line per scheduled t and t = 0 for each of the 12 runs, then the summary
    expect(lab.length).toBe(12 * (checkpointSchedule(200).length + 1) + 1);
    // the losses' own functions, for a researcher to edit
    for (const loss of LOSS_NAMES) expect(program).toContain(`def ${loss}_value(U, other):`);
    expect(program).toMatch(/arXiv 2411\.01350/);
    expect(program).toMatch(/implicit-bias-lab \d+\.\d+\.\d+/);
    expect(worst).toBeGreaterThan(0); // the numbers are computed, not copied
    // the theory checks too: the lab's rules in Python, not the lab's verdicts written in
    expect(program).toContain('def series_checks(series, run):');
    expect(program).not.toMatch(/"verdict": "(holds|not yet|contradicted|n\/a)"/);
  });

  it('momentum, Adam (ε = 0 and 1e-8), sign, signum and Muon with Newton–Schulz from a Gaussian start', async () => {
    const flags = [...PAPER, '--loss', 'ce', '--optimizer', 'momentum,adam,sign,signum,muon', '--eps', '0,1e-8'];
    const { lab } = await compare('optimizers', [...flags, '--ns', '5', '--lr', '0.05', '--init', 'gaussian']);
    expect(lab.at(-1)!.summary.runs).toHaveLength(6);
  });

  it('Nesterov, and decoupled weight decay λ ∈ {0, 1e-2} on gd, AdamW and Nesterov (issue 17)', async () => {
    const flags = [...PAPER, '--loss', 'ce', '--optimizer', 'gd,adam,nesterov', '--wd', '0,1e-2', '--lr', '0.1'];
    const { lab } = await compare('decay', [...flags, '--init', 'gaussian']);
    expect(lab.at(-1)!.summary.runs).toHaveLength(6);
  });

  it('mini-batch SGD: --batch 7 (not dividing N = 40) with --batch-seed 3, plain and log-domain paths (issue 17)', async () => {
    const flags = [...PAPER, '--loss', 'ce', '--optimizer', 'gd,momentum,ngd', '--lr', '0.1', '--batch', '7'];
    const { lab, program } = await compare('batch', [...flags, '--batch-seed', '3']);
    expect(lab.at(-1)!.summary.runs).toHaveLength(3);
    expect(lab.at(-1)!.summary.experiment).toMatch(/&batch=7&bseed=3&/);
    // numpy's own permutation orders the epochs
    expect(program).toContain('np.random.RandomState(run["bseed"])');
    expect(program).toContain('.permutation(n)');
  });

  it('spectral, nuclear and exact Muon steps, with K = 4', async () => {
    const flags = ['--preset', 'paper', '--n', '40', '--d', '6', '--k', '4', '--steps', '100', '--loss', 'ce'];
    await compare('spectral', [...flags, '--optimizer', 'spectral,nuclear,muon', '--lr', '0.01']);
  });

  it('Gaussian blobs regenerated in Python: a regular simplex (d ≥ K) and directions spread on the sphere (d < K)', async () => {
    const blobs = ['--preset', 'blobs', '--steps', '100', '--loss', 'ce', '--margin', '0.3'];
    const { program } = await compare('blobs-simplex', [
      ...blobs,
      '--n',
      '30',
      '--d',
      '4',
      '--k',
      '4',
      '--seeds',
      '0..1',
    ]);
    expect(program).toContain('train_set, test_set = blobs_data(30, 4, 4, 0.3, 1)');
    await compare('blobs-sphere', [...blobs, '--n', '20', '--d', '3', '--k', '5']);
  });

  it('the sqrt schedule', async () => {
    const { lab } = await compare('sqrt', [...PAPER, '--schedule', 'sqrt', '--lr', '1', '--optimizer', 'gd,adam']);
    expect(lab.at(-1)!.summary.runs).toHaveLength(2);
  });

  it('a sweep of 4 runs in the order of lab run, one of them diverging (exp at η = 5)', async () => {
    const flags = [...PAPER, '--seeds', '0..1', '--loss', 'pairlog,exp', '--lr', '5'];
    const { lab } = await compare('sweep', flags);
    const runs = lab.at(-1)!.summary.runs;
    expect(runs.map((r) => [r.run, r.seed, r.lossName])).toEqual([
      [0, 0, 'pairlog'],
      [1, 0, 'exp'],
      [2, 1, 'pairlog'],
      [3, 1, 'exp'],
    ]);
    expect(runs.filter((r) => r.status === 'diverged').map((r) => r.lossName)).toEqual(['exp', 'exp']);
    const finals = await compare('sweep-final', [...flags, '--final-only']);
    expect(finals.lab.map((l) => l.summary.run)).toEqual([0, 1, 2, 3]);
  });

  it('an uploaded CSV, embedded in the program, with --per-decade 3', async () => {
    const rows = ['x1,x2,x3,label'];
    // a separable set: the label is the largest coordinate
    for (let i = 0; i < 30; i++) {
      const x = [Math.sin(i * 1.7) * 2, Math.cos(i * 2.3) * 2, Math.sin(i * 0.9 + 1) * 2];
      rows.push(`${x.join(',')},c${x.indexOf(Math.max(...x))}`);
    }
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, rows.join('\n') + '\n');
    const flags = ['--data', csv, '--steps', '200', '--seeds', '0..1', '--init', 'gaussian', '--per-decade', '3'];
    const { lab, program } = await compare('upload', [...flags, '--loss', 'pairlog,hinge']);
    expect(program).toContain('the uploaded data set: embedded as the lab read it');
    expect(lab.at(-1)!.summary.experiment).toMatch(/upload=/);
  });
});

describe('lab script: the rule maps cover the tables', () => {
  it('every loss, optimizer and schedule of the tables has its Python rule, and nothing else does', () => {
    expect(Object.keys(LOSS_PY).sort()).toEqual([...LOSS_NAMES].sort());
    expect(Object.keys(OPTIMIZER_PY).sort()).toEqual([...OPTIMIZER_NAMES].sort());
    expect(Object.keys(SCHEDULE_PY).sort()).toEqual([...SCHEDULE_NAMES].sort());
    for (const o of OPTIMIZER_NAMES) expect(OPTIMIZER_PY[o]).toContain(`def step_${o}(g, eta, t, p, state):`);
    for (const s of SCHEDULE_NAMES) expect(SCHEDULE_PY[s]).toContain(`def schedule_${s}(lr, t):`);
    for (const l of LOSS_NAMES) expect(LOSS_PY[l]).toContain(`LOSSES["${l}"] = Loss(`);
  });

  it('--shard is refused with the reason', async () => {
    await expect(capture(scriptCommand, ['script', '--preset', 'paper', '--shard', '0/2'])).rejects.toThrow(
      /--shard is not for script/,
    );
  });
});
