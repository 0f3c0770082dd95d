/// <reference lib="webworker" />
// The float64 CPU engine in a Web Worker, so the page stays responsive while it computes.
import { CpuEngine } from '../core/cpu-engine.ts';
import { withRho } from '../core/driver.ts';
import { errorMessage, transferablesOf } from '../core/engine-messages.ts';
import { packWeights } from '../core/packed-weights.ts';
import type { RunSpec } from '../core/types.ts';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './worker-protocol.ts';

const engine = new CpuEngine();
/** the runs loaded, for their data and norm references (ρ_p) */
let runs: readonly RunSpec[] = [];
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    const result = await handle(request);
    const reply: WorkerResponse = { id: request.id, ok: true, t: engine.t, device: engine.device, result };
    scope.postMessage(reply, transferablesOf(result));
  } catch (e) {
    const reply: WorkerResponse = { id: request.id, ok: false, error: errorMessage(e) };
    scope.postMessage(reply);
  }
};

async function handle(request: WorkerRequest): Promise<WorkerResult> {
  switch (request.op) {
    case 'load':
      runs = request.runs;
      return engine.load(request.runs, request.resume);
    case 'advance': return engine.advance(request.steps);
    case 'checkpoint': {
      // ρ_p here, beside W and in parallel over the workers: on the page's thread, 10⁴ runs of it stalled frames
      const [cps, W] = await Promise.all([engine.checkpoint(), engine.allWeights()]);
      return cps.map((cp) => withRho(cp, runs[cp.run], W[cp.run]));
    }
    case 'weights': return engine.weights(request.run);
    case 'allWeights': return packWeights(await engine.allWeights());
  }
}
