// The documentation's tables that restate a table of the code (the optimizers', the presets'), generated
// from it, so that a hand-written copy cannot drift: tests/unit/readme-tables.test.ts regenerates each
// section between its marker comments and compares. `npx tsx scripts/readme-tables.ts --write` rewrites them.
import { OPTIMIZER_NAMES, OPTIMIZERS } from '../src/core/training/optimizers.ts';
import { presetTable } from './preset-table.ts';

/** The optimizers' table: its name, the update (G = ∇R) and the predicted bias, one row each. */
export function optimizerTable(): string {
  const rows = OPTIMIZER_NAMES.map((name) => {
    const { update, bias } = OPTIMIZERS[name].readme;
    // every optimizer of the table has its WGSL rule (shaders/optim.wgsl), so the GPU engine runs it
    return `| \`${name}\` | ${update} | ${bias} | yes |`;
  });
  return ['| `opt` | update | predicted bias | GPU engine |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** A generated section: its marker name, the file (from the repository root) that holds it, its maker. */
export interface GeneratedTable {
  readonly name: string;
  readonly file: string;
  readonly make: () => string;
}

/** Every generated section: `<!-- table:NAME -->` … `<!-- /table:NAME -->` in its file. */
export const GENERATED_TABLES: readonly GeneratedTable[] = [
  { name: 'presets', file: 'README.md', make: presetTable },
  { name: 'optimizers', file: 'docs/optimizers.md', make: optimizerTable },
];

/** The files that hold generated sections. */
export const GENERATED_FILES = [...new Set(GENERATED_TABLES.map((table) => table.file))];

const markers = (name: string) => [`<!-- table:${name} -->`, `<!-- /table:${name} -->`] as const;

/** The text between a section's markers (without the newlines next to them), or undefined when absent. */
export function readmeSection(text: string, name: string): string | undefined {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return text
    .slice(start + open.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** `text` (the contents of `file`) with every generated section of that file rewritten from its table. */
export function withTables(text: string, file: string): string {
  let out = text;
  for (const { name, make } of GENERATED_TABLES.filter((table) => table.file === file)) {
    const [open, close] = markers(name);
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`${file}: no ${open} … ${close} section`);
    out = `${out.slice(0, start + open.length)}\n${make()}\n${out.slice(end)}`;
  }
  return out;
}

if (process.argv.includes('--write')) {
  const fs = await import('node:fs');
  for (const file of GENERATED_FILES) {
    const path = new URL(`../${file}`, import.meta.url);
    fs.writeFileSync(path, withTables(fs.readFileSync(path, 'utf8'), file));
  }
}
