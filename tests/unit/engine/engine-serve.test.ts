// The one serve loop of the page's Web Workers and the CLI's threads (core/engine-serve.ts), driven
// through an in-memory channel: its replies carry what a CpuEngine called directly returns, the engine's
// t and device, the buffers to transfer, and a failure as a message naming its field.
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { DEFAULT_EXPERIMENT } from '../../../src/core/experiment/experiment.ts';
import type { EngineReply, EngineRequest } from '../../../src/core/engine/engine-messages.ts';
import { serveCpuEngine } from '../../../src/core/engine/engine-serve.ts';
import { unpackWeights, type PackedWeights } from '../../../src/core/engine/packed-weights.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';

const { runs } = expandRuns({
  ...DEFAULT_EXPERIMENT,
  n: 20,
  d: 3,
  seeds: [0],
  losses: ['pairlog'],
  optimizers: ['gd', 'adam'],
  lrs: [0.1, 8],
});

/** A channel whose requests the test sends and whose replies it awaits, with the transfer lists kept. */
function memoryChannel() {
  let handle: ((request: EngineRequest) => void) | undefined;
  const waiting = new Map<number, (sent: { reply: EngineReply; transfer: ArrayBuffer[] }) => void>();
  serveCpuEngine({
    post: (reply, transfer) => waiting.get(reply.id)?.({ reply, transfer }),
    receive: (h) => {
      handle = h;
    },
  });
  return (request: EngineRequest) =>
    new Promise<{ reply: EngineReply; transfer: ArrayBuffer[] }>((resolve) => {
      waiting.set(request.id, resolve);
      handle!(request);
    });
}

function okResult(reply: EngineReply): unknown {
  if (!reply.ok) throw new Error(`expected a result, got ${reply.error.message}`);
  return reply.result;
}

describe('serveCpuEngine', () => {
  it("answers load, advance, checkpoint, weights and allWeights with a direct CpuEngine's results", async () => {
    const direct = new CpuEngine();
    await direct.load(runs);
    await direct.advance(40);
    const send = memoryChannel();
    const loaded = await send({ id: 1, op: 'load', runs });
    expect(loaded.reply).toEqual({ id: 1, ok: true, t: 0, device: direct.device, result: undefined });
    const advanced = await send({ id: 2, op: 'advance', steps: 40 });
    expect(advanced.reply).toMatchObject({ id: 2, ok: true, t: 40 });
    expect(okResult((await send({ id: 3, op: 'checkpoint' })).reply)).toEqual(await direct.checkpoint());
    const one = await send({ id: 4, op: 'weights', run: 1 });
    const w1 = okResult(one.reply) as Float64Array;
    expect(w1).toEqual(await direct.weights(1));
    // the one W's buffer is handed over, not copied
    expect(one.transfer).toEqual([w1.buffer]);
    const all = await send({ id: 5, op: 'allWeights' });
    const packed = okResult(all.reply) as PackedWeights;
    expect(unpackWeights(packed)).toEqual(await direct.allWeights());
    expect(all.transfer).toEqual([packed.data.buffer, packed.lengths.buffer]);
  });

  it('replies to a failing request with its message and field, and keeps serving', async () => {
    const send = memoryChannel();
    const bad = await send({ id: 7, op: 'load', runs, resume: { t: 0, W: [] } });
    expect(bad.reply).toEqual({
      id: 7,
      ok: false,
      error: {
        name: 'LabError',
        message: `resume state has 0 weight matrices for ${runs.length} runs`,
        field: 'resume',
      },
    });
    expect(bad.transfer).toEqual([]);
    await send({ id: 8, op: 'load', runs: runs.slice(0, 1) });
    expect((await send({ id: 9, op: 'advance', steps: 3 })).reply).toMatchObject({ id: 9, ok: true, t: 3 });
  });
});
