// Issue 11 through the command line: `svm --data FILE` exits 0 only with a certified Ŵ; scaled data get
// the scaled answer; a margin below float64's reach is said so plainly (exit 2), never "not separable".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'lab-svm-cli-'));

function svm(name: string, csv: string, ...flags: string[]) {
  const file = join(dir, name);
  writeFileSync(file, csv);
  const r = spawnSync(TSX, ['src/cli/main.ts', 'svm', '--data', file, ...flags], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lab svm on extreme scales (issue 11, item 1)', () => {
  it('solves the 1e300 triangle: Ŵ = Ŵ(unit triangle)/1e300, certified', () => {
    const unit = JSON.parse(svm('unit.csv', '1,0,0\n0,1,1\n-1,-1,2\n').stdout);
    const r = svm('h.csv', '1e300,0,0\n0,1e300,1\n-1e300,-1e300,2\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    s.W.flat().forEach((v: number, e: number) => expect(v * 1e300).toBeCloseTo(unit.W.flat()[e], 12));
    expect(s.kkt.max).toBeLessThan(1e-9);
    expect(Math.abs(s.minMargin - 1)).toBeLessThan(1e-9);
    expect(Object.keys(s)).toEqual(['W', 'normF', 'minMargin', 'kkt', 'support', 'alphaExponent']);
  });

  it('solves entries near 1e-200 instead of calling a row all zeros', () => {
    const r = svm('t.csv', '1e-200,0,0\n0,1e-200,1\n-1e-200,-1e-200,2\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).normF * 1e-200).toBeCloseTo(Math.sqrt(4 / 3), 12);
  });

  it('solves the four points × 1e-160 (no internal error) and states α with alphaExponent', () => {
    const unit = JSON.parse(svm('four.csv', '1,0,0\n0,1,1\n-1,-1,2\n1,1,0\n').stdout);
    const r = svm('m.csv', '1e-160,0,0\n0,1e-160,1\n-1e-160,-1e-160,2\n1e-160,1e-160,0\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.normF * 1e-160).toBeCloseTo(unit.normF, 12);
    expect(unit.alphaExponent).toBe(0);
    // α scales as 1/s² = 1e320, beyond float64: alpha · 2^alphaExponent carries it
    s.support.forEach((c: { alpha: number }, j: number) =>
      expect(Math.log2(c.alpha) + s.alphaExponent).toBeCloseTo(
        Math.log2(unit.support[j].alpha) + 320 * Math.log2(10),
        9,
      ),
    );
  });
});

describe('lab svm on tiny margins (issue 11, item 2)', () => {
  it.each([1e-10, 1e-12])('says the margin is below what float64 can certify for two points %s apart', (delta) => {
    const r = svm(`pair-${delta}.csv`, `1,0,0\n1,${delta},1\n-1,1,2\n0,-1,2\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: the margin is below what float64 can certify/);
    expect(r.stderr).not.toMatch(/not linearly separable|internal error|maxIterations/);
  });

  it('refuses, with the numbers, where it once printed an uncertified Ŵ (two points 1e-8 apart)', () => {
    const r = svm('pair-1e-8.csv', '1,0,0\n1,1e-8,1\n-1,1,2\n0,-1,2\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/largest margin of these data is about \S+ of their scale/);
    expect(r.stderr).toMatch(/KKT residual \S+/);
    expect(r.stderr).toMatch(/min margin 1 − 1\.49e-8/); // the shortfall, not a rounded "1"
  });
});

describe('lab svm --norm on extreme scales (issue 20, item 1)', () => {
  // the four points: 3,1 / 1,3 / −3,−2 / 2.5,1.5 with labels 0, 1, 2, 0
  const four = (s: string) => `3${s},1${s},0\n1${s},3${s},1\n-3${s},-2${s},2\n2.5${s},1.5${s},0\n`;

  it('answers ×1e-300 (spectral: was an internal error) and ×1e200 (l1: was "passModel failed"), γ scaled, W the same', () => {
    for (const [norm, exponent] of [
      ['spectral', -300],
      ['l1', 200],
    ] as const) {
      const unit = JSON.parse(svm(`four-${norm}.csv`, four(''), '--norm', norm).stdout);
      const r = svm(`four-${norm}-${exponent}.csv`, four(`e${exponent}`), '--norm', norm);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.gamma / Number(`1e${exponent}`) / unit.gamma - 1).toBeCloseTo(0, 9);
      s.W.flat().forEach((v: number, e: number) => expect(v).toBeCloseTo(unit.W.flat()[e], 9));
      expect(s.certificate.gap).toBeLessThanOrEqual(norm === 'l1' ? 1e-9 : 1e-7);
    }
  });

  it('exits 2 with the numbers, not 0 with a gap above the target (l1, two classes 2e-9 apart)', () => {
    const r = svm('touch.csv', '1,1e-9,0\n1,-1e-9,1\n-1,1,0\n-1,-1,1\n', '--norm', 'l1');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^error: the margin is below what float64 can certify: .* certificate gap of \S+ .* above the 1e-9 an answer needs/,
    );
  });
});
