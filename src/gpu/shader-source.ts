// The WGSL text of shaders/*.wgsl, read in one place. Vite and Vitest inline the files through
// import.meta.glob; under tsx (the CLI, the benchmark) there is no import.meta.glob, so the files
// are read with Node's fs, reached through process.getBuiltinModule so that no bundler sees an import.

type ShaderTable = Record<string, string>;

function fromVite(): ShaderTable | undefined {
  try {
    return import.meta.glob('../../shaders/*.wgsl', { query: '?raw', import: 'default', eager: true }) as ShaderTable;
  } catch {
    return undefined; // not running under Vite
  }
}

function fromNodeFs(name: string): string {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as { readFileSync(url: URL, enc: 'utf8'): string } | undefined;
  if (!fs) throw new Error(`shader ${name}: neither Vite's import.meta.glob nor Node's fs is available`);
  // the base goes through a variable so that Vite does not treat this as an asset URL to bundle
  const here = import.meta.url;
  return fs.readFileSync(new URL(`../../shaders/${name}`, here), 'utf8');
}

const viteTable = fromVite();

/** The text of `shaders/<name>` (e.g. "fused-gd.wgsl"). */
export function shaderSource(name: string): string {
  if (viteTable) {
    const text = viteTable[`../../shaders/${name}`];
    if (text === undefined) throw new Error(`shader ${name} is not in shaders/`);
    return text;
  }
  return fromNodeFs(name);
}
