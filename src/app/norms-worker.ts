/// <reference lib="webworker" />
// γ_p in every norm for the page's data sets, off the main thread: the LPs (HiGHS, WebAssembly) and the
// semidefinite solves take from a fraction of a second to seconds. Vite bundles highs.wasm as an asset;
// its URL is handed to the loader here, and the module loads only when this worker first runs.
import highsWasmUrl from 'highs/runtime?url';
import { configureHighs, normReferences, type MarginProblem } from '../core/max-margin.ts';
import type { NormReferences } from '../core/types.ts';

export type NormsRequest = { readonly id: number; readonly problems: readonly MarginProblem[] };
export type NormsResponse =
  | { readonly id: number; readonly ok: true; readonly references: readonly NormReferences[] }
  | { readonly id: number; readonly ok: false; readonly message: string };

configureHighs({ locateFile: () => highsWasmUrl });
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<NormsRequest>) => {
  const { id, problems } = event.data;
  try {
    const references: NormReferences[] = [];
    for (const problem of problems) references.push(await normReferences(problem));
    scope.postMessage({ id, ok: true, references } satisfies NormsResponse);
  } catch (e) {
    scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies NormsResponse);
  }
};
