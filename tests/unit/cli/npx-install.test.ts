// `npx implicit-bias-lab` (issue 19): the package as npm would ship it (`npm pack`, whose prepack
// compiles the CLI to dist-cli/), installed without dev and optional packages in an empty folder,
// runs its compiled JavaScript: the version, a short run byte for byte that of the tsx source, worker
// threads, and `--engine gpu` without the optional `webgpu` package, which names how to get it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const RUN = ['run', '--preset', 'paper', '--seeds', '0..1', '--steps', '50', '--engine', 'cpu', '--final-only'];

let dir: string;
let app: string;

function sh(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // npm_config_* from an enclosing `npm test` (e.g. its --prefix or workspace) must not steer the install
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...env, NO_COLOR: '1' } });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (status ${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The installed command, through npx, never fetching anything. */
const npxLab = (...args: string[]) => sh('npx', ['--no-install', 'implicit-bias-lab', ...args], app);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-npx-'));
  ok(sh('npm', ['pack', '--silent', '--pack-destination', dir], ROOT), 'npm pack');
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no .tgz into ${dir}`);
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{"name":"lab-npx-check","private":true}\n');
  ok(
    sh(
      'npm',
      ['install', '--omit=dev', '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)],
      app,
    ),
    'npm install of the packed tarball',
  );
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package under npx', { timeout: 180_000 }, () => {
  it('is compiled JavaScript with a shebang, without tsx, webgpu or the dev tools', () => {
    const installed = join(app, 'node_modules');
    const main = readFileSync(join(installed, 'implicit-bias-lab', 'dist-cli', 'cli', 'main.js'), 'utf8');
    expect(main.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(main).not.toMatch(/from '[^']*\.ts'/);
    const names = readdirSync(installed);
    for (const absent of ['tsx', 'webgpu', 'vite', 'typescript', 'vitest']) expect(names).not.toContain(absent);
    expect(names).toContain('highs');
    // the GPU engine reads its WGSL from the package's shaders/ (src/gpu/shader-source.ts)
    const shaders = readdirSync(join(installed, 'implicit-bias-lab', 'shaders'));
    expect(shaders).toEqual(readdirSync(join(ROOT, 'shaders')).filter((f) => f.endsWith('.wgsl')));
  });

  it('--version and version print package.json version', () => {
    expect(ok(npxLab('--version'), '--version')).toBe(`${VERSION}\n`);
    expect(ok(npxLab('version'), 'version')).toBe(`${VERSION}\n`);
  });

  it('a short run --final-only prints byte for byte what the tsx source prints', () => {
    const packed = ok(npxLab(...RUN), 'npx run');
    const source = ok(sh(TSX, ['src/cli/main.ts', ...RUN], ROOT), 'tsx run');
    expect(packed.split('\n').filter(Boolean)).toHaveLength(2);
    expect(packed).toBe(source);
  });

  it('runs on compiled worker threads (--workers 2) under --quiet (a child process) as on one thread', () => {
    const flags = ['run', '--preset', 'paper', '--seeds', '0..3', '--steps', '30', '--engine', 'cpu', '--final-only'];
    const threaded = npxLab(...flags, '--workers', '2', '--quiet');
    expect(threaded.stderr).toBe('');
    expect(ok(threaded, 'npx run --workers 2 --quiet')).toBe(ok(npxLab(...flags, '--workers', '1'), 'one thread'));
    expect(threaded.stdout.split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('data, svm, merge, demo and help run from the package', () => {
    const data = ok(npxLab('data', '--preset', 'paper', '--n', '20', '--d', '2', '--k', '3', '--seed', '1'), 'data');
    writeFileSync(join(app, 'points.json'), data);
    const svm = JSON.parse(ok(npxLab('svm', '--data', 'points.json'), 'svm')) as { W: number[][] };
    expect(svm.W).toHaveLength(2);
    const shard = (i: number) => {
      const file = join(app, `shard-${i}.jsonl`);
      writeFileSync(file, ok(npxLab(...RUN, '--seeds', '0..3', '--shard', `${i}/2`), `shard ${i}`));
      return file;
    };
    const merged = ok(npxLab('merge', shard(0), shard(1)), 'merge');
    expect(merged).toBe(ok(npxLab(...RUN, '--seeds', '0..3'), 'unsharded'));
    expect(ok(npxLab('demo', '--steps', '100'), 'demo')).toMatch(/PairLogLoss|Gradient descent/);
    expect(ok(npxLab('help'), 'help')).toMatch(/^Implicit Bias Lab, headless/);
  });

  it('--engine gpu without the optional webgpu package says how to install it, with status 2', () => {
    const r = npxLab('run', '--preset', 'paper', '--seeds', '0', '--steps', '10', '--engine', 'gpu', '--quiet');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: --engine gpu: the optional package "webgpu" is not installed; install it with `npm install webgpu` (in the folder the lab is installed in), or use --engine cpu',
    ]);
  });
});
