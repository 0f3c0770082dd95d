/// <reference lib="webworker" />
// The float64 CPU engine in a Web Worker, so the page stays responsive while it computes.
import { CpuEngine } from '../core/cpu-engine.ts';
import { errorMessage, transferablesOf } from '../core/engine-messages.ts';
import { packWeights } from '../core/packed-weights.ts';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './worker-protocol.ts';

const engine = new CpuEngine();
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
    case 'load': return engine.load(request.runs, request.resume);
    case 'advance': return engine.advance(request.steps);
    // the CPU engine's checkpoints carry ρ_p, so it is computed here, in parallel over the workers (on the
    // page's thread, 10⁴ runs of it stalled frames)
    case 'checkpoint': return engine.checkpoint();
    case 'weights': return engine.weights(request.run);
    case 'allWeights': return packWeights(await engine.allWeights());
  }
}
