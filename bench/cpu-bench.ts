import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CpuEngine } from '../src/core/engine/cpu-engine.ts';
import { makePaperData } from '../src/core/data/paper.ts';
import { solveSvm } from '../src/core/svm/svm-solver.ts';
import { timingProblem, timingRuns } from './synthetic.ts';

/** Sizes and step counts: enough steps for a stable mean, few where a step takes long. */
const CPU_SIZES: readonly [n: number, d: number, k: number, steps: number][] = [
  [100, 10, 3, 20_000],
  [10_000, 100, 10, 40],
  [100_000, 1000, 10, 3],
];

/** numpy's figures on this machine when python3/numpy are missing (the measured reference). */
const NUMPY_REFERENCE_US = { '100x10x3': 39, '10000x100x10': 4800 };

async function cpuMicrosPerStep(n: number, d: number, k: number, steps: number): Promise<number> {
  const problem = timingProblem(n, d, k);
  const engine = new CpuEngine();
  await engine.load(timingRuns(problem, 1));
  await engine.advance(Math.min(steps, 10)); // warm-up: JIT and caches
  const t0 = performance.now();
  await engine.advance(steps);
  const us = ((performance.now() - t0) * 1000) / steps;
  engine.dispose();
  return us;
}

function numpyMicrosPerStep(): { source: string; us: Record<string, number> } {
  const script = fileURLToPath(new URL('./numpy_gd.py', import.meta.url));
  try {
    const out = execFileSync('python3', [script, JSON.stringify(CPU_SIZES)], { encoding: 'utf8', timeout: 600_000 });
    return { source: 'numpy float64, measured in this run', us: JSON.parse(out) };
  } catch {
    return { source: "numpy not available: the issue's reference figures for this machine", us: NUMPY_REFERENCE_US };
  }
}

/** CPU float64 engine µs per step beside numpy's, and the SVM solver's time at its largest stated size. */
export async function benchCpu(): Promise<Record<string, unknown>> {
  const engine: Record<string, number> = {};
  for (const [n, d, k, steps] of CPU_SIZES) engine[`${n}x${d}x${k}`] = await cpuMicrosPerStep(n, d, k, steps);
  const numpy = numpyMicrosPerStep();
  const ratios: Record<string, number> = {};
  for (const key of Object.keys(engine)) {
    if (numpy.us[key as keyof typeof numpy.us] !== undefined)
      ratios[key] = numpy.us[key as keyof typeof numpy.us] / engine[key];
  }
  return {
    unit: 'µs per step (one run, PairLogLoss GD, float64)',
    cpuEngine: engine,
    numpy: numpy.us,
    numpySource: numpy.source,
    speedupOverNumpy: ratios,
    targets: { '100x10x3': '≥ 5× faster than numpy', '10000x100x10': 'within 2× of numpy (ratio ≥ 0.5)' },
    svm: benchSvm(),
  };
}

/** SVM solve time at the paper's size and at N=1000, d=100, K=10 (target: under 2 s). */
function benchSvm(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [n, d, k] of [
    [100, 10, 3],
    [1000, 100, 10],
  ] as const) {
    const { train } = makePaperData({ n, d, k, seed: 0 });
    const t0 = performance.now();
    const outcome = solveSvm(train);
    out[`${n}x${d}x${k} ms`] = performance.now() - t0;
    if (outcome.separable) out[`${n}x${d}x${k} kktMax`] = outcome.solution.kkt.max;
  }
  return out;
}
