// `npm run bench`: speed and memory, printed as ONE JSON object with ratios side by side.
// Sections: cpu (float64 engine vs numpy, SVM), gpu (WebGPU engine vs CPU engine, same process),
// optimizers (steps/s of each optimizer on both engines),
// browser (frame times and memory while Figure B streams), sweep (time per run-step from 1 to 10⁴ runs
// on each engine, CPU with one and every worker thread), sweeppage (the longest page frame while 10⁴ runs
// stream, the phase-diagram preset's wall time in the page on each engine), maxmargin (every norm's
// max-margin solve).
// `--only cpu,gpu` picks sections.
import { availableParallelism } from 'node:os';
import { benchCpu } from './cpu-bench.ts';

const SECTIONS = ['cpu', 'gpu', 'optimizers', 'browser', 'sweep', 'sweeppage', 'maxmargin'] as const;

async function section(name: (typeof SECTIONS)[number]): Promise<unknown> {
  try {
    if (name === 'cpu') return await benchCpu();
    if (name === 'maxmargin') return await (await import('./max-margin-bench.ts')).benchMaxMargin();
    if (name === 'optimizers') {
      const { acquireNodeGpu } = await import('../src/gpu/node-device.ts');
      const { benchOptimizers } = await import('./optimizer-bench.ts');
      return await benchOptimizers(await acquireNodeGpu().catch(() => undefined));
    }
    if (name === 'gpu') {
      const { acquireNodeGpu } = await import('../src/gpu/node-device.ts');
      const { benchGpu } = await import('./gpu-bench.ts');
      return await benchGpu(await acquireNodeGpu());
    }
    if (name === 'sweeppage') {
      const { benchSweepPage } = await import('./sweep-page-bench.ts');
      return await benchSweepPage();
    }
    if (name === 'sweep') {
      const { benchSweep } = await import('./sweep-bench.ts');
      return await benchSweep();
    }
    const { benchBrowser } = await import('./browser-bench.ts');
    return await benchBrowser();
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const onlyFlag = process.argv.indexOf('--only');
const chosen = onlyFlag >= 0 ? process.argv[onlyFlag + 1].split(',') : [...SECTIONS];
const result: Record<string, unknown> = {
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cores: availableParallelism(),
    note: 'each GPU section names its adapter: on llvmpipe or SwiftShader (CPU emulations of a GPU) only the ratios mean anything',
  },
};
for (const name of SECTIONS) if (chosen.includes(name)) result[name] = await section(name);
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
process.exit(0);
