// The fused kernel on the browser path: the same resolved WGSL run by Chromium's WebGPU
// (Tint → SwiftShader here), a few hundred steps in one dispatch, held to the float64 engine.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { fusedGdWgsl } from '../../src/gpu/kernels/fused-gd.ts';
import { buildRunTable } from '../../src/gpu/buffers/run-table.ts';
import { d, readFromArrayBuffer, writeToArrayBuffer } from 'typegpu';
import { RunParams, RunProgressArray } from '../../src/gpu/buffers/schemas.ts';
import { paperProblem, runSpec } from './helpers.ts';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let browser: Browser;
/** An empty page on 127.0.0.1: WebGPU exists only in secure contexts, which about:blank is not. */
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((_, res) => res.end('<!doctype html><title>fused kernel check</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

interface Inputs {
  code: string;
  params: number[];
  X: number[];
  labels: number[];
  Whi: number[];
  Wlo: number[];
  opt: number[];
  runs: number;
  steps: number;
}

/** Runs in the page: one fused dispatch of `steps` steps, W read back as hi + lo. */
async function runInPage(inputs: Inputs): Promise<{ W: number[]; state: number[]; adapter: string }> {
  const gpu = navigator.gpu;
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('Chromium offered no WebGPU adapter');
  const device = await adapter.requestDevice();
  const storage = (data: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>, extra = 0) => {
    const buffer = device.createBuffer({
      size: Math.max(data.byteLength, 16),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extra,
    });
    device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  };
  const chunk = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const chunkData = new ArrayBuffer(8);
  new Uint32Array(chunkData)[0] = inputs.steps;
  new Float32Array(chunkData)[1] = 1;
  device.queue.writeBuffer(chunk, 0, chunkData);
  const params = new Uint32Array(inputs.params);
  const whi = storage(new Float32Array(inputs.Whi));
  const wlo = storage(new Float32Array(inputs.Wlo));
  const state = storage(new Uint32Array(inputs.runs * 2));
  const opt = storage(new Float32Array(inputs.opt));
  const buffers = [
    chunk,
    storage(params),
    storage(new Float32Array(inputs.X)),
    storage(new Uint32Array(inputs.labels)),
    whi,
    wlo,
    state,
    opt,
  ];
  const module = device.createShaderModule({ code: inputs.code });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(inputs.runs);
  pass.end();
  const bytes = inputs.Whi.length * 4;
  const staging = device.createBuffer({
    size: 2 * bytes + 8 * inputs.runs,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  encoder.copyBufferToBuffer(whi, 0, staging, 0, bytes);
  encoder.copyBufferToBuffer(wlo, 0, staging, bytes, bytes);
  encoder.copyBufferToBuffer(state, 0, staging, 2 * bytes, 8 * inputs.runs);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const hi = new Float32Array(staging.getMappedRange(0, bytes));
  const lo = new Float32Array(staging.getMappedRange(bytes, bytes));
  const W = Array.from(hi, (h, q) => h + lo[q]);
  const st = Array.from(new Uint32Array(staging.getMappedRange(2 * bytes, 8 * inputs.runs)));
  return { W, state: st, adapter: `${adapter.info.vendor} ${adapter.info.architecture}` };
}

it('runs the fused kernel in Chromium like the float64 engine', async () => {
  const problem = paperProblem(30, 4, 3, 6);
  const optim = { beta: 0.9, beta2: 0.999, eps: 1e-8, ns: 0, wd: 0 };
  // optim.wgsl's rules through a second WGSL compiler (Tint → SwiftShader): stateless, heavy ball and Adam
  const runs = [
    runSpec(problem, 'pairlog', 'gd', 0.1),
    runSpec(problem, 'ce', 'ngd', 0.05, { schedule: 'sqrt' }),
    { ...runSpec(problem, 'pairlog', 'momentum', 0.05), optim },
    { ...runSpec(problem, 'ce', 'adam', 0.02, { schedule: 'sqrt' }), optim: { ...optim, eps: 0 } },
  ];
  const table = buildRunTable(runs);
  const paramsSchema = d.arrayOf(RunParams, runs.length);
  const params = new ArrayBuffer(d.sizeOf(paramsSchema));
  writeToArrayBuffer(params, paramsSchema, [...table.params]);
  const steps = 300;
  const page = await browser.newPage();
  await page.goto(origin);
  const got = await page.evaluate(runInPage, {
    code: fusedGdWgsl(16),
    params: Array.from(new Uint32Array(params)),
    X: Array.from(table.X),
    labels: Array.from(table.labels),
    Whi: Array.from(table.Whi),
    Wlo: Array.from(table.Wlo),
    opt: Array.from(table.opt),
    runs: runs.length,
    steps,
  });
  const cpu = new CpuEngine();
  await cpu.load(runs);
  await cpu.advance(steps);
  const progress = readFromArrayBuffer(new Uint32Array(got.state).buffer, RunProgressArray(runs.length));
  for (let r = 0; r < runs.length; r++) {
    expect(progress[r]).toEqual({ t: steps, diverged: 0 });
    const want = await cpu.weights(r);
    const size = Math.max(...want.map(Math.abs));
    const offset = table.wOffsets[r];
    want.forEach((w, q) =>
      expect(Math.abs(got.W[offset + q] - w) / size, `${runs[r].label} entry ${q}`).toBeLessThan(1e-5),
    );
  }
  expect(got.adapter.length).toBeGreaterThan(0);
});
