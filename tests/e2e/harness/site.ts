// The built site served the way a user gets it: `vite build` once into an ignored temp folder,
// then Vite's preview server in this process on 127.0.0.1 and a free port (closed with the test,
// so no server outlives it).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/** Everything `vite build` reads; the build is keyed by its content so test files share one build. */
const SITE_INPUTS = ['index.html', 'vite.config.ts', 'package-lock.json', 'src', 'components', 'shaders', 'public'];
const BUILD_CACHE_DIR = join(tmpdir(), 'implicit-bias-lab-e2e');
/** Other builds are removed only when this old: another checkout's tests may be serving one right now. */
const BUILD_CACHE_MAX_AGE_MS = 24 * 3600 * 1000;

function addTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) addTree(hash, join(path, name));
    return;
  }
  hash.update(relative(REPO_ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
}

function siteHash(): string {
  const hash = createHash('sha256');
  for (const input of SITE_INPUTS) addTree(hash, join(REPO_ROOT, input));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The folder holding the built site for the current sources. Vitest runs each test file in its
 * own worker, so a module-level cache would rebuild per file; a folder named by the sources'
 * hash is built once and reused until a source changes (builds of other checkouts are left alone).
 */
export async function builtSite(): Promise<string> {
  const outDir = join(BUILD_CACHE_DIR, siteHash());
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  mkdirSync(BUILD_CACHE_DIR, { recursive: true });
  for (const old of readdirSync(BUILD_CACHE_DIR)) {
    const path = join(BUILD_CACHE_DIR, old);
    if (Date.now() - statSync(path).mtimeMs > BUILD_CACHE_MAX_AGE_MS) rmSync(path, { recursive: true, force: true });
  }
  // Build next to the final name and rename, so a half-written build is never taken for a whole one.
  const partial = `${outDir}.partial-${process.pid}`;
  mkdirSync(partial, { recursive: true });
  try {
    await build({ root: REPO_ROOT, logLevel: 'warn', build: { outDir: partial, emptyOutDir: true } });
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
  try {
    renameSync(partial, outDir);
  } catch (err) {
    // Another process finished the same build first: theirs is as good as ours.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(outDir, 'index.html'))) throw err;
  }
  return outDir;
}

export interface ServedSite {
  /** e.g. http://127.0.0.1:41234/ (with the trailing slash) */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a built site with Vite's preview server on 127.0.0.1 and a port the OS picks. */
export async function serveSite(outDir: string): Promise<ServedSite> {
  const server = await preview({
    root: REPO_ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('vite preview is not listening');
  }
  return { url, close: () => server.close() };
}
