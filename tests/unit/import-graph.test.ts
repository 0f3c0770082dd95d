// The import graph of src/ and components/, read with the TypeScript parser: no cycles (type-only
// imports included, since they tie two files' designs together just as much), the one-way room rule
// (docs/architecture.md: The one-way rule), and the page's main thread kept clear of the SVM solver, which only its
// preparation worker needs.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Edge {
  readonly to: string;
  /** `import type` / `export type` (or every named binding marked `type`): erased when built */
  readonly typeOnly: boolean;
  /** `import('…')`: loaded later, in its own chunk */
  readonly dynamic: boolean;
}

/** The modules of a folder: its TypeScript and the JSON data they import (which import nothing). */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith('.ts') || entry.name.endsWith('.json')))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    !clause.name &&
    !!named &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const named = node.exportClause;
  return !!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** The imports of one file: relative ones as edges of the graph, packages by name (node:fs, lit, …). */
function importsOf(file: string): { edges: Edge[]; packages: string[] } {
  const edges: Edge[] = [];
  const packages: string[] = [];
  if (file.endsWith('.json')) return { edges, packages };
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean, dynamic: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    if (!specifier.text.startsWith('.')) packages.push(specifier.text);
    else edges.push({ to: relative(ROOT, resolve(ROOT, dirname(file), specifier.text)), typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyImport(node.importClause), false);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyExport(node), false);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node.arguments[0], false, true);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { edges, packages };
}

function projectFiles(): string[] {
  return [...sourceFiles('src'), ...sourceFiles('components')];
}

function importGraph(): Map<string, Edge[]> {
  return new Map(projectFiles().map((file) => [file, importsOf(file).edges]));
}

/** Every strongly connected component of more than one file, or a file importing itself (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly Edge[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    for (const { to } of graph.get(v) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        connect(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.some((e) => e.to === v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

type Room = 'core' | 'gpu' | 'app' | 'cli' | 'components';

function roomOf(file: string): Room | undefined {
  const top = file.split('/');
  if (top[0] === 'components') return 'components';
  if (top[0] === 'src' && ['core', 'gpu', 'app', 'cli'].includes(top[1])) return top[1] as Room;
  return undefined;
}

/** Which rooms a room may import (its own always). Components may read core's types, never its code. */
const MAY_IMPORT: Record<Room, readonly Room[]> = {
  core: ['core'],
  gpu: ['gpu', 'core'],
  cli: ['cli', 'gpu', 'core'],
  components: ['components'],
  app: ['app', 'components', 'gpu', 'core'],
};

function roomViolations(graph: ReadonlyMap<string, readonly Edge[]>): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph) {
    const from = roomOf(file);
    if (!from) continue;
    for (const edge of edges) {
      const to = roomOf(edge.to);
      if (!to || MAY_IMPORT[from].includes(to)) continue;
      if (from === 'components' && to === 'core' && edge.typeOnly) continue;
      found.push(`${file} → ${edge.to}`);
    }
  }
  return found;
}

/**
 * The files a browser loads with `entry`, before any dynamic import (static imports, types erased),
 * each mapped to the file that first imports it, so a failure can print the chain.
 */
function staticClosure(graph: ReadonlyMap<string, readonly Edge[]>, entry: string): Map<string, string | undefined> {
  const importer = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const edge of graph.get(file) ?? []) {
      if (edge.typeOnly || edge.dynamic || importer.has(edge.to)) continue;
      importer.set(edge.to, file);
      queue.push(edge.to);
    }
  }
  return importer;
}

function chainTo(importer: ReadonlyMap<string, string | undefined>, file: string): string {
  const chain = [file];
  for (let at = importer.get(file); at; at = importer.get(at)) chain.unshift(at);
  return chain.join(' → ');
}

/** A small graph with known answers, so the checks above are seen to fail when they should. */
function handGraph(edges: Record<string, [string, boolean][]>): Map<string, Edge[]> {
  return new Map(
    Object.entries(edges).map(([file, list]) => [
      file,
      list.map(([to, typeOnly]) => ({ to, typeOnly, dynamic: false })),
    ]),
  );
}

describe('the checker itself', () => {
  it('finds a cycle closed by a type-only import, and none in a chain', () => {
    const looped = handGraph({
      'src/core/a.ts': [['src/core/b.ts', false]],
      'src/core/b.ts': [['src/core/a.ts', true]],
    });
    expect(cycles(looped)).toEqual([['src/core/a.ts', 'src/core/b.ts']]);
    const chain = handGraph({ 'src/core/a.ts': [['src/core/b.ts', false]], 'src/core/b.ts': [] });
    expect(cycles(chain)).toEqual([]);
  });

  it('flags core importing gpu and components importing core code, not core types', () => {
    const graph = handGraph({
      'src/core/a.ts': [['src/gpu/b.ts', true]],
      'components/c.ts': [
        ['src/core/a.ts', false],
        ['src/core/types.ts', true],
      ],
      'src/gpu/b.ts': [['src/core/a.ts', false]],
    });
    expect(roomViolations(graph)).toEqual(['src/core/a.ts → src/gpu/b.ts', 'components/c.ts → src/core/a.ts']);
  });

  it('reads this repository, relative imports resolved to its files', () => {
    const graph = importGraph();
    expect(graph.get('src/app/main.ts')?.map((e) => e.to)).toContain('src/app/page.ts');
    expect(graph.size).toBeGreaterThan(100);
  });
});

describe('the import graph of src and components', () => {
  const graph = importGraph();

  it('has no import cycles, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the one-way room rule: core → nothing; gpu → core; cli → gpu, core; app → components, gpu, core', () => {
    expect(roomViolations(graph)).toEqual([]);
  });

  it("keeps core free of node's APIs, so the page's workers and the CLI's threads run the same files", () => {
    const nodeImports = projectFiles()
      .filter((file) => roomOf(file) === 'core')
      .flatMap((file) =>
        importsOf(file)
          .packages.filter(
            (name) =>
              name.startsWith('node:') || ['fs', 'path', 'os', 'worker_threads', 'child_process'].includes(name),
          )
          .map((name) => `${file} → ${name}`),
      );
    expect(nodeImports).toEqual([]);
  });

  it('resolves every relative import to a file of the tree', () => {
    const missing = [...graph].flatMap(([file, edges]) =>
      edges.filter((e) => !graph.has(e.to)).map((e) => `${file} → ${e.to}`),
    );
    expect(missing).toEqual([]);
  });

  it("keeps the SVM solver off the page's main thread (the preparation worker loads it)", () => {
    const loaded = staticClosure(graph, 'src/app/main.ts');
    expect(loaded.has('src/app/controller.ts')).toBe(true);
    // the solvers: the SVM room and the max-margin room, less the matrix norms that ρ_p reads at every checkpoint
    const solver = [...loaded.keys()].filter((file) =>
      /^src\/core\/(svm\/|max-margin\/(?!matrix-norms\.ts))/.test(file),
    );
    expect(solver.map((file) => chainTo(loaded, file))).toEqual([]);
    // the worker that prepares experiments does load it: the check above is not vacuous
    expect(staticClosure(graph, 'src/app/engines/prepare-worker.ts').has('src/core/svm/svm-solver.ts')).toBe(true);
  });

  it('keeps the URL codec and the experiment table clear of the SVM solver and the data generators', () => {
    for (const entry of ['src/core/experiment/url.ts', 'src/core/experiment/experiment.ts']) {
      const loaded = staticClosure(graph, entry);
      // the solvers, the generators and the data import, and what prepares problems (numpy's RNG is light: W(0) draws from it)
      const heavy = [...loaded.keys()].filter((file) =>
        /^src\/core\/(svm\/|max-margin\/(?!matrix-norms\.ts)|data\/(?!numpy-rng\.ts)|engine\/experiment-preparation\.ts)/.test(
          file,
        ),
      );
      expect(heavy.map((file) => chainTo(loaded, file))).toEqual([]);
    }
  });
});
