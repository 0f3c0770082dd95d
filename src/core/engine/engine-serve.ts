// The serve loop of a float64 CpuEngine in another thread. The page's Web Workers (app/cpu-worker.ts)
// and the command line's worker threads (cli/cpu-thread.ts) both run it, each passing in its own way
// to receive a request and post a reply, so this file needs neither the DOM nor node's APIs.
import { CpuEngine } from './cpu-engine.ts';
import {
  errorMessage,
  transferablesOf,
  type EngineReply,
  type EngineRequest,
  type EngineResult,
} from './engine-messages.ts';
import { packWeights } from './packed-weights.ts';

/** How a thread talks to the engine's owner: postMessage and onmessage, in whichever API it has. */
interface EngineChannel {
  /** sends one reply, handing `transfer`'s buffers over instead of copying them */
  post(reply: EngineReply, transfer: ArrayBuffer[]): void;
  /** calls `handle` with every request as it arrives */
  receive(handle: (request: EngineRequest) => void): void;
}

/** Answers every request arriving on `channel` with `engine`; a failure is a reply, never a crash of the thread. */
export function serveCpuEngine(channel: EngineChannel, engine: CpuEngine = new CpuEngine()): void {
  channel.receive((request) => void serveOne(channel, engine, request));
}

async function serveOne(channel: EngineChannel, engine: CpuEngine, request: EngineRequest): Promise<void> {
  try {
    const result = await answer(engine, request);
    channel.post({ id: request.id, ok: true, t: engine.t, device: engine.device, result }, transferablesOf(result));
  } catch (e) {
    channel.post({ id: request.id, ok: false, error: errorMessage(e) }, []);
  }
}

async function answer(engine: CpuEngine, request: EngineRequest): Promise<EngineResult> {
  switch (request.op) {
    case 'load':
      return engine.load(request.runs, request.resume);
    case 'advance':
      return engine.advance(request.steps);
    // the CPU engine's checkpoints carry ρ_p, so it is computed here, in parallel over the threads (on the
    // page's thread, 10⁴ runs of it stalled frames)
    case 'checkpoint':
      return engine.checkpoint();
    case 'weights':
      return engine.weights(request.run);
    case 'allWeights':
      return packWeights(await engine.allWeights());
  }
}
