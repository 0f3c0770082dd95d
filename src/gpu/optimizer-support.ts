// Which optimizers of the table (src/core/optimizers.ts) the GPU engine implements: today all of them.
// The check stays for the next optimizer added to the table before its WGSL rule: one that is not here
// is refused by name, never run wrongly: engine gpu fails with this message, and engine
// auto (page and command line) runs the experiment on the float64 CPU engine, saying why.
// Nothing here imports TypeGPU, so the page can ask before loading the GPU engine.
import { OPTIMIZER_NAMES, type OptimizerName } from '../core/types.ts';

export const GPU_OPTIMIZERS: ReadonlySet<OptimizerName> = new Set<OptimizerName>(OPTIMIZER_NAMES);

/** Why the GPU engine cannot run these optimizers ("the GPU engine does not run `adam` yet; …"), or undefined when it can. */
export function gpuOptimizerRefusal(optimizers: readonly OptimizerName[], fix = 'use engine=cpu'): string | undefined {
  const missing = [...new Set(optimizers.filter((o) => !GPU_OPTIMIZERS.has(o)))];
  if (missing.length === 0) return undefined;
  const names = missing.map((o) => `\`${o}\``).join(', ');
  return `the GPU engine does not run ${names} yet (it runs ${[...GPU_OPTIMIZERS].join(', ')}); ${fix}`;
}
