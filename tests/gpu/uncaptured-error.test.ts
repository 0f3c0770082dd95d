// A real device's validation error outside any error scope reaches the reporter: Dawn raises it, not
// a stand-in (tests/unit/engine/gpu-errors.test.ts covers the wording with fake devices).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { watchUncapturedErrors, type GpuHandle } from '../../src/gpu/device.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

/** Resolves once `reports` holds something, or after `ms` (Dawn delivers the event asynchronously). */
async function firstReport(reports: string[], ms: number): Promise<void> {
  const start = Date.now();
  while (!reports.length && Date.now() - start < ms) {
    await handle.device.queue.onSubmittedWorkDone();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('reports a buffer that WebGPU rejects (MAP_READ with STORAGE) as a validation error, with Dawn’s message', async () => {
  const reports: string[] = [];
  const stop = watchUncapturedErrors(handle.device, (text) => reports.push(text));
  // MAP_READ may only be combined with COPY_DST: an invalid descriptor, so a validation error
  handle.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
  await firstReport(reports, 5000);
  stop();
  expect(reports).toHaveLength(1);
  expect(reports[0]).toMatch(/^the GPU reported a validation error during this run \(.*usage.*\)/is);
});
