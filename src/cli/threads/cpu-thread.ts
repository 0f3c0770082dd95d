// One worker thread of the CLI's ThreadedCpuEngine: a float64 CpuEngine over its share of the runs.
import { parentPort } from 'node:worker_threads';
import type { EngineRequest } from '../../core/engine/engine-messages.ts';
import { serveCpuEngine } from '../../core/engine/engine-serve.ts';

const port = parentPort;
if (!port) throw new Error('cpu-thread.ts runs as a worker thread of ThreadedCpuEngine');

serveCpuEngine({
  post: (reply, transfer) => port.postMessage(reply, transfer),
  receive: (handle) => port.on('message', (request: EngineRequest) => handle(request)),
});
