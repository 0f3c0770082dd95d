// The documentation's generated tables match the code's tables (scripts/readme-tables.ts): a hand edit of
// either side that is not carried to the other fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import CLAIMS from '../../src/app/state/claims.json';
import { PRESETS } from '../../src/app/state/presets.ts';
import { decodeExperiment } from '../../src/core/experiment/url.ts';
import { OPTIMIZER_NAMES, OPTIMIZERS } from '../../src/core/training/optimizers.ts';
import { LAB_URL, presetTable } from '../../scripts/preset-table.ts';
import { GENERATED_TABLES, optimizerTable, readmeSection, withTables } from '../../scripts/readme-tables.ts';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('documentation tables generated from the code', () => {
  for (const { name, file, make } of GENERATED_TABLES) {
    it(`${file}'s ${name} section equals its regeneration (fix: npx tsx scripts/readme-tables.ts --write)`, () => {
      expect(readmeSection(read(file), name)).toBe(make());
    });
  }

  it('the optimizer table has one row per optimizer, in the table order, each with its update and bias', () => {
    const rows = optimizerTable().split('\n').slice(2);
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(OPTIMIZER_NAMES.map((n) => `| \`${n}\``));
    expect(rows[OPTIMIZER_NAMES.indexOf('adam')]).toContain(OPTIMIZERS.adam.readme.bias);
    expect(rows[0]).toBe('| `gd` | W ← W − η_t G | Frobenius (Ravi et al., arXiv 2411.01350) | yes |');
  });

  it("the presets table has one row per preset, in the bar's order, whose link opens exactly that preset", () => {
    const rows = presetTable().split('\n').slice(2);
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(PRESETS.map((p) => `| ${p.label}`));
    rows.forEach((row, i) => {
      const link = /\[open\]\(([^)]+)\)/.exec(row)?.[1] ?? '';
      expect(link.startsWith(`${LAB_URL}?v=1&`)).toBe(true);
      expect(decodeExperiment(link.slice(LAB_URL.length)).experiment).toEqual(PRESETS[i].experiment);
    });
  });

  it("the presets table quotes claims.json's numbers (Figure B's range, the phase diagram's η)", () => {
    const table = presetTable();
    expect(CLAIMS.figureB.finalDistance).toEqual({ min: 0.06, max: 0.195 });
    expect(table).toContain('ten seeds end at 0.060–0.195 at t = 10⁵');
    expect(table).toContain(`from η = ${CLAIMS['phase-diagram'].exp.allDivergeFromLr};`);
  });

  it('a drifted copy is caught: a changed cell no longer matches, and rewriting restores it', () => {
    const doc = read('docs/optimizers.md');
    const drifted = doc.replace('| `gd` | W ← W − η_t G |', '| `gd` | W ← W − η G |');
    expect(drifted).not.toBe(doc);
    expect(readmeSection(drifted, 'optimizers')).not.toBe(optimizerTable());
    expect(withTables(drifted, 'docs/optimizers.md')).toBe(doc);
    const readme = read('README.md');
    const driftedReadme = readme.replace('0.060–0.195', '0.06–0.19');
    expect(driftedReadme).not.toBe(readme);
    expect(withTables(driftedReadme, 'README.md')).toBe(readme);
  });
});
