// One worker thread of the CLI's ThreadedCpuEngine: a float64 CpuEngine over its share of the runs.
import { parentPort } from 'node:worker_threads';
import { CpuEngine } from '../core/cpu-engine.ts';
import { packWeights, type PackedWeights } from '../core/packed-weights.ts';
import { LabError } from '../core/types.ts';
import type { ThreadReply, ThreadRequest } from './thread-engine.ts';

const engine = new CpuEngine();
const port = parentPort;
if (!port) throw new Error('cpu-thread.ts runs as a worker thread of ThreadedCpuEngine');

port.on('message', (request: ThreadRequest) => {
  void handle(request).then(
    (result) => {
      const reply: ThreadReply = { id: request.id, ok: true, result };
      const packed = typeof result === 'object' && result !== null && 'lengths' in result ? (result as PackedWeights) : undefined;
      port.postMessage(reply, result instanceof Float64Array ? [result.buffer as ArrayBuffer] : packed ? [packed.data.buffer as ArrayBuffer, packed.lengths.buffer as ArrayBuffer] : []);
    },
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      const reply: ThreadReply = { id: request.id, ok: false, error: { name: e.name, message: e.message, field: e instanceof LabError ? e.field : undefined } };
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
