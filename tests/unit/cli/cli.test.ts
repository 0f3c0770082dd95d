// The command line end to end, as a script would call it: a real child process, stdout parsed as JSON
// lines, exit codes and stderr checked. Numbers are held to an in-process float64 computation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { DEFAULT_EXPERIMENT } from '../../../src/core/experiment/experiment.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { encodeExperiment } from '../../../src/core/experiment/url.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'lab-cli-'));

function lab(...args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('lab data', () => {
  it("prints the authors' data set: numpy seed 0 starts X with randn 1.764052345967664", () => {
    const r = lab('data', '--preset', 'paper', '--n', '100', '--d', '10', '--k', '3', '--seed', '0');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.K).toBe(3);
    expect(data.X).toHaveLength(100);
    expect(data.X[0]).toHaveLength(10);
    expect(data.X[0][0]).toBe(1.764052345967664);
    expect(data.X[0][1]).toBe(0.4001572083672233);
    const { train } = makePaperData({ n: 100, d: 10, k: 3, seed: 0 });
    expect(data.y).toEqual(Array.from(train.y));
  });
});

describe('lab svm', () => {
  it('solves the paper seed-0 SVM with a certificate (‖Ŵ‖_F ≈ 9.277)', () => {
    const file = join(dir, 'seed0.json');
    writeFileSync(file, lab('data', '--seed', '0').stdout);
    const r = lab('svm', '--data', file);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.normF).toBeCloseTo(9.277, 3);
    expect(Math.abs(s.minMargin - 1)).toBeLessThan(1e-9);
    expect(s.kkt.max).toBeLessThan(1e-9);
    expect(s.W).toHaveLength(10);
    expect(s.W[0]).toHaveLength(3);
    expect(s.support.length).toBeGreaterThan(0);
  });

  it('--norm spectral prints the certified spectral-norm max-margin solution; --norm fro agrees with 1/‖Ŵ‖_F', () => {
    const file = join(dir, 'seed0-norms.json');
    writeFileSync(file, lab('data', '--seed', '0').stdout);
    const spectral = JSON.parse(lab('svm', '--data', file, '--norm', 'spectral').stdout);
    expect(spectral.norm).toBe('spectral');
    expect(spectral.W).toHaveLength(10);
    expect(spectral.certificate.dualNorm).toBe('nuclear');
    expect(spectral.certificate.gap).toBeLessThan(1e-7);
    expect(spectral.gamma).toBe(spectral.minMargin);
    const fro = JSON.parse(lab('svm', '--data', file, '--norm', 'fro').stdout);
    const plain = JSON.parse(lab('svm', '--data', file).stdout);
    expect(fro.gamma).toBeCloseTo(1 / plain.normF, 12);
    expect(spectral.gamma).toBeGreaterThan(fro.gamma);
    const bad = lab('svm', '--data', file, '--norm', 'inf');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--norm must be one of fro, max, l1, spectral, nuclear/);
  });

  it('reports non-separable data with the evidence, exit status 2, no stack trace', () => {
    const file = join(dir, 'xor.csv');
    writeFileSync(file, 'x1,x2,label\n1,1,a\n-1,-1,a\n1,-1,b\n-1,1,b\n');
    const r = lab('svm', '--data', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not linearly separable/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('lab demo', () => {
  it("shows the paper's point: PairLogLoss ends closer to Ŵ than hinge, whose W has stopped", () => {
    const r = lab('demo', '--steps', '10000');
    expect(r.code, r.stderr).toBe(0);
    const row = (t: number) => {
      const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith(`${t} |`))!;
      return line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim().split(/\s+/).map(Number));
    };
    const [pairlog, hinge] = row(10_000);
    const [, hingeAt1000] = row(1000);
    expect(hinge[0]).toBeGreaterThan(0.8);
    expect(pairlog[0]).toBeLessThan(hinge[0] / 2);
    expect(hinge).toEqual(hingeAt1000); // stopped: distance, ‖W‖/‖Ŵ‖ and margin frozen
  });
});

describe('lab run', () => {
  it("prints one JSON line per checkpoint and run with the contract's fields, then a summary, equal to float64 in-process", async () => {
    const r = lab(
      'run',
      '--preset',
      'paper',
      '--seeds',
      '0,1',
      '--loss',
      'pairlog',
      '--lr',
      '0.1/3',
      '--steps',
      '300',
      '--engine',
      'cpu',
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    const summary = lines.pop();
    expect(summary.summary.engine).toBe('cpu');
    expect(summary.summary.runs).toHaveLength(2);
    const byRun = [0, 1].map((run) => lines.filter((l) => l.run === run));
    const ts = byRun[0].map((l) => l.t);
    for (const t of [1, 10, 100, 300]) expect(ts).toContain(t);
    expect(byRun[1].map((l) => l.t)).toEqual(ts);
    for (const key of [
      'run',
      't',
      'loss',
      'normRatio',
      'angle',
      'distance',
      'margin',
      'marginRatio',
      'trainAcc',
      'testAcc',
    ]) {
      expect(byRun[0].at(-1)).toHaveProperty(key);
    }
    // Independent path: same experiment expanded in-process and stepped by hand to t = 300.
    const { runs } = expandRuns({ ...DEFAULT_EXPERIMENT, seeds: [0, 1], steps: 300, engine: 'cpu' });
    const engine = new CpuEngine();
    await engine.load(runs);
    await engine.advance(300);
    const cps = await engine.checkpoint();
    for (const run of [0, 1]) {
      const last = byRun[run].at(-1);
      expect(last.t).toBe(300);
      expect(last.distance).toBeCloseTo(cps[run].distance, 12);
      expect(last.normRatio).toBeCloseTo(cps[run].normRatio, 12);
      expect(last.loss).toBeCloseTo(cps[run].loss, 12);
      // rho: one ratio per norm, ρ_fro equal to the existing marginRatio, none above 1
      expect(Object.keys(last.rho)).toEqual(['fro', 'max', 'l1', 'spectral', 'nuclear']);
      expect(last.rho.fro).toBeCloseTo(last.marginRatio, 10);
      // every γ_p is certified on the paper's seeds (seed 1's nuclear one once stopped at gap 5.5e-7, so its ρ was null)
      for (const v of Object.values(last.rho) as (number | null)[]) {
        expect(v).not.toBeNull();
        expect(v!).toBeLessThanOrEqual(1 + 1e-9);
      }
    }
    expect(byRun[0][0].t).toBe(0);
    expect(byRun[0][0].rho).toEqual({ fro: null, max: null, l1: null, spectral: null, nuclear: null });
  });

  it('runs a shareable URL exactly like the same flags', () => {
    const url = `http://localhost:5173/?${encodeExperiment({ ...DEFAULT_EXPERIMENT, seeds: [2], losses: ['ce'], steps: 50, engine: 'cpu' })}`;
    const viaUrl = jsonLines(lab('run', '--url', url).stdout);
    const viaFlags = jsonLines(
      lab('run', '--preset', 'paper', '--seeds', '2', '--loss', 'ce', '--steps', '50', '--engine', 'cpu').stdout,
    );
    viaUrl.pop();
    viaFlags.pop();
    expect(viaUrl.length).toBeGreaterThan(5);
    expect(viaUrl).toEqual(viaFlags);
  });

  it('reads W after one step of η = 1e-200 as η = 1 does: a direction, a margin and every ρ_p, not W = 0', () => {
    const firstStep = (lr: string) => {
      const r = lab('run', '--preset', 'paper', '--seeds', '0', '--lr', lr, '--steps', '1', '--engine', 'cpu');
      expect(r.code, r.stderr).toBe(0);
      return jsonLines(r.stdout).find((l) => l.t === 1);
    };
    const tiny = firstStep('1e-200');
    const unit = firstStep('1');
    // W = −η∇L(0) in one rounding, so the direction is the same and the norm scales with η
    expect(Math.abs(tiny.normRatio / (1e-200 * unit.normRatio) - 1)).toBeLessThan(1e-14);
    for (const key of ['angle', 'distance', 'margin', 'marginRatio'] as const) {
      expect(tiny[key], key).not.toBeNull();
      expect(Math.abs(tiny[key] - unit[key]), key).toBeLessThan(1e-13 * Math.abs(unit[key]));
    }
    for (const p of ['fro', 'max', 'l1', 'spectral', 'nuclear']) {
      expect(tiny.rho[p], p).not.toBeNull();
      expect(Math.abs(tiny.rho[p] - unit.rho[p]), p).toBeLessThan(1e-13 * Math.abs(unit.rho[p]));
    }
    expect(tiny.trainAcc).toBe(unit.trainAcc);
  });

  it('stops a diverging run with the safe step-size bound while the other run goes on', () => {
    const r = lab(
      'run',
      '--preset',
      'paper',
      '--seeds',
      '0',
      '--loss',
      'exp,pairlog',
      '--lr',
      '1000',
      '--steps',
      '100',
      '--engine',
      'cpu',
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    const summary = lines.pop().summary;
    expect(summary.runs[0].status).toBe('diverged');
    expect(summary.runs[0].message).toMatch(/η/);
    expect(lines.some((l) => l.run === 1 && l.t === 100)).toBe(true);
    // the summary's theory checks: the diverged run contradicts them, the other speaks from t = 100
    expect(summary.runs[0].checks.map((c: { verdict: string }) => c.verdict)).toEqual([
      'contradicted',
      'contradicted',
      'contradicted',
      'contradicted',
    ]);
    expect(summary.runs[1].checks.map((c: { id: string }) => c.id)).toEqual([
      'distance-log',
      'norm-growth',
      't-loss',
      'margin',
    ]);
    for (const c of summary.runs[1].checks) {
      expect(c.expected).toBe('holds');
      expect(c.threshold).toMatch(/^holds at /);
    }
  });

  it('reads the theory checks of each run into its summary: hinge stops, as theory expects of a non-ET loss', () => {
    const r = lab(
      'run',
      '--preset',
      'paper',
      '--n',
      '30',
      '--d',
      '20',
      '--seeds',
      '0',
      '--loss',
      'pairlog,hinge',
      '--lr',
      '0.1',
      '--steps',
      '3000',
      '--init',
      'gaussian',
      '--engine',
      'cpu',
    );
    expect(r.code, r.stderr).toBe(0);
    const [pairlog, hinge] = jsonLines(r.stdout).pop().summary.runs;
    const verdict = (run: { checks: { id: string; label: string }[] }, id: string) =>
      run.checks.find((c) => c.id === id)!.label;
    expect(verdict(pairlog, 'distance-log')).toBe('holds');
    expect(verdict(hinge, 'distance-log')).toBe('fails, as predicted for a non-ET loss');
    expect(verdict(hinge, 'norm-growth')).toBe('fails, as predicted for a non-ET loss');
  });

  it('names the flag at fault for bad input, exit status 2, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['run', '--stpes', '10'], /--stpes/],
      [['run', '--steps', 'many'], /--steps/],
      [['run', '--loss', 'nope'], /--loss/],
      [['run', '--lr', '-1'], /--lr/],
      [['run', '--url', 'http://x/?v=1&n=abc'], /n/],
      [['run', '--data', join(dir, 'missing.csv')], /--data/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, pattern] of cases) {
      const r = lab(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses a bad CSV naming the row and column', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, '1,2,0\n3,abc,1\n');
    const r = lab('run', '--data', file, '--steps', '10');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/row 2/);
    expect(r.stderr).toMatch(/column 2/);
  });
});

describe('lab run --url with page-only keys', () => {
  it('notes unknown keys on stderr but runs a v=1 link; a bad value still fails', () => {
    const ok = lab('run', '--url', 'http://localhost:5173/?v=1&data=paper&steps=5&engine=cpu&autoplay=0');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/autoplay/);
    expect(jsonLines(ok.stdout).pop().summary.steps).toBe(5);
    const bad = lab('run', '--url', 'http://localhost:5173/?v=1&steps=5&engine=cpu&lr=-2');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lr/);
  });
});

describe('lab run: the optimizer family', () => {
  it('runs --optimizer sign,spectral,muon,adam with --beta --beta2 --eps --ns, equal to float64 in-process', async () => {
    const flags = [
      '--n',
      '20',
      '--d',
      '3',
      '--k',
      '3',
      '--steps',
      '30',
      '--engine',
      'cpu',
      '--optimizer',
      'sign,spectral,muon,adam',
      '--beta',
      '0.8',
      '--beta2',
      '0.99',
      '--eps',
      '0',
      '--ns',
      '5',
      '--lr',
      '0.05',
    ];
    const r = lab('run', ...flags);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    const summary = lines.at(-1).summary;
    expect(summary.experiment).toContain(
      'opt=sign,spectral,muon,adam&schedule=const&lr=0.05&beta=0.8&beta2=0.99&eps=0&ns=5&steps=30',
    );
    expect(summary.runs.map((x: { label: string }) => x.label)).toEqual([
      'seed 0 · pairlog · sign η=0.05',
      'seed 0 · pairlog · spectral η=0.05',
      'seed 0 · pairlog · muon β=0.8 ns=5 η=0.05',
      'seed 0 · pairlog · adam β=0.8 β₂=0.99 ε=0 η=0.05',
    ]);
    const exp = {
      ...DEFAULT_EXPERIMENT,
      n: 20,
      d: 3,
      steps: 30,
      optimizers: ['sign', 'spectral', 'muon', 'adam'] as const,
      beta: [0.8],
      beta2: [0.99],
      eps: [0],
      ns: [5],
      lrs: [0.05],
    };
    const { runs } = expandRuns({ ...exp, optimizers: [...exp.optimizers] });
    const engine = new CpuEngine();
    await engine.load(runs);
    await engine.advance(30);
    const want = await engine.checkpoint();
    want.forEach((c, i) => expect(summary.runs[i].distance).toBe(c.distance));
  });

  it('refuses --beta 1 by flag', () => {
    const beta = lab('run', '--optimizer', 'signum', '--beta', '1', '--steps', '5');
    expect(beta.code).toBe(2);
    expect(beta.stderr).toMatch(/--beta: 1 is out of range; use numbers from 0 to below 1/);
  });
});
