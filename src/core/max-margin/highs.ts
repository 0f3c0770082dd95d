// The LP solver: HiGHS (Huangfu & Hall, "Parallelizing the dual revised simplex method", Math. Prog.
// Comp. 2018) compiled to WebAssembly by the `highs` npm package. Loaded lazily, once per process or
// worker: in Node the loader finds highs.wasm beside itself; a bundled page says where Vite put the
// file through configureHighs before the first solve.
import type { Highs, InitOptions } from 'highs';

let options: InitOptions = {};
let loading: Promise<Highs> | undefined;

/** Where the page's bundle put highs.wasm (call before the first LP solve; Node needs nothing). */
export function configureHighs(init: InitOptions): void {
  options = init;
  loading = undefined;
}

/** The HiGHS runtime, loaded on first use and then shared. */
export function loadHighs(): Promise<Highs> {
  loading ??= import('highs').then((module) => module.default(options));
  return loading;
}
