// One worker thread of the CLI's ThreadedCpuEngine: a float64 CpuEngine over its share of the runs.
import { parentPort } from 'node:worker_threads';
import { CpuEngine } from '../core/cpu-engine.ts';
import { errorMessage, transferablesOf } from '../core/engine-messages.ts';
import { packWeights } from '../core/packed-weights.ts';
import type { ThreadReply, ThreadRequest } from './thread-engine.ts';

const engine = new CpuEngine();
const port = parentPort;
if (!port) throw new Error('cpu-thread.ts runs as a worker thread of ThreadedCpuEngine');

port.on('message', (request: ThreadRequest) => {
  void handle(request).then(
    (result) => {
      const reply: ThreadReply = { id: request.id, ok: true, result };
      port.postMessage(reply, transferablesOf(result));
    },
    (err: unknown) => {
      const reply: ThreadReply = { id: request.id, ok: false, error: errorMessage(err) };
      port.postMessage(reply);
    },
  );
});

async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'load': return engine.load(request.runs, request.resume);
    case 'advance': return engine.advance(request.steps);
    case 'checkpoint': return engine.checkpoint();
    case 'weights': return engine.weights(request.run);
    case 'allWeights': return packWeights(await engine.allWeights());
  }
}
