// The README's generated tables match the code's tables (scripts/readme-tables.ts): a hand edit of
// either side that is not carried to the other fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, OPTIMIZERS } from '../../src/core/training/optimizers.ts';
import { optimizerTable, README_TABLES, readmeSection, withTables } from '../../scripts/readme-tables.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README tables generated from the code', () => {
  for (const [name, make] of Object.entries(README_TABLES)) {
    it(`the ${name} section equals its regeneration (fix: npx tsx scripts/readme-tables.ts --write)`, () => {
      expect(readmeSection(readme, name)).toBe(make());
    });
  }

  it('the optimizer table has one row per optimizer, in the table order, each with its update and bias', () => {
    const rows = optimizerTable().split('\n').slice(2);
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(OPTIMIZER_NAMES.map((n) => `| \`${n}\``));
    expect(rows[OPTIMIZER_NAMES.indexOf('adam')]).toContain(OPTIMIZERS.adam.readme.bias);
    expect(rows[0]).toBe('| `gd` | W ← W − η_t G | Frobenius (Ravi et al., arXiv 2411.01350) | yes |');
  });

  it('a drifted copy is caught: a changed cell no longer matches, and rewriting restores it', () => {
    const drifted = readme.replace('| `gd` | W ← W − η_t G |', '| `gd` | W ← W − η G |');
    expect(drifted).not.toBe(readme);
    expect(readmeSection(drifted, 'optimizers')).not.toBe(optimizerTable());
    expect(withTables(drifted)).toBe(readme);
  });
});
