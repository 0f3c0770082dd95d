// The README's tables that restate a table of the code (today the optimizers'), generated from it, so
// that a hand-written copy cannot drift: tests/unit/readme-tables.test.ts regenerates each section
// between its marker comments and compares. `npx tsx scripts/readme-tables.ts --write` rewrites them.
import { OPTIMIZER_NAMES, OPTIMIZERS } from '../src/core/training/optimizers.ts';

/** The optimizers' table: its name, the update (G = ∇R) and the predicted bias, one row each. */
export function optimizerTable(): string {
  const rows = OPTIMIZER_NAMES.map((name) => {
    const { update, bias } = OPTIMIZERS[name].readme;
    // every optimizer of the table has its WGSL rule (shaders/optim.wgsl), so the GPU engine runs it
    return `| \`${name}\` | ${update} | ${bias} | yes |`;
  });
  return ['| `opt` | update | predicted bias | GPU engine |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** Generated sections by marker name: `<!-- table:NAME -->` … `<!-- /table:NAME -->` in the README. */
export const README_TABLES: Record<string, () => string> = { optimizers: optimizerTable };

const markers = (name: string) => [`<!-- table:${name} -->`, `<!-- /table:${name} -->`] as const;

/** The text between a section's markers (without the newlines next to them), or undefined when absent. */
export function readmeSection(readme: string, name: string): string | undefined {
  const [open, close] = markers(name);
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return readme
    .slice(start + open.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** The README with every generated section rewritten from its table. */
export function withTables(readme: string): string {
  let out = readme;
  for (const [name, make] of Object.entries(README_TABLES)) {
    const [open, close] = markers(name);
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`README: no ${open} … ${close} section`);
    out = `${out.slice(0, start + open.length)}\n${make()}\n${out.slice(end)}`;
  }
  return out;
}

if (process.argv.includes('--write')) {
  const fs = await import('node:fs');
  const path = new URL('../README.md', import.meta.url);
  fs.writeFileSync(path, withTables(fs.readFileSync(path, 'utf8')));
}
