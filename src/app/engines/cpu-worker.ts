/// <reference lib="webworker" />
// The float64 CPU engine in a Web Worker, so the page stays responsive while it computes.
import type { EngineRequest } from '../../core/engine/engine-messages.ts';
import { serveCpuEngine } from '../../core/engine/engine-serve.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

serveCpuEngine({
  post: (reply, transfer) => scope.postMessage(reply, transfer),
  receive: (handle) => {
    scope.onmessage = (event: MessageEvent<EngineRequest>) => handle(event.data);
  },
});
