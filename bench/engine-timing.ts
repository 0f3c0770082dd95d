// One way to time an engine for every bench section. A checkpoint both waits for the GPU and reads
// back and evaluates every run's metrics in float64 on the CPU; with many runs or a large N that
// evaluation, not the stepping, is what a plain "advance + checkpoint" timing measures (seen on a
// hardware GPU: 10⁵ runs of 100 steps looked 7× slower per run-step than 10⁴ runs). So the
// checkpoint is timed on its own, right after, and the steps get the difference.
import type { Engine, RunSpec } from '../src/core/types.ts';

export interface EngineTiming {
  /** advance(steps) and the checkpoint that waits for it */
  seconds: number;
  /** one checkpoint with nothing in flight: read-back and float64 metrics */
  checkpointSeconds: number;
  /** seconds − checkpointSeconds: the steps alone */
  stepSeconds: number;
}

/** Loads `runs`, warms up (first steps, pipelines, JIT), then times `steps` steps; leaves the engine loaded. */
export async function timeEngine(engine: Engine, runs: RunSpec[], steps: number, warmSteps = 1): Promise<EngineTiming> {
  await engine.load(runs);
  await engine.advance(warmSteps);
  await engine.checkpoint();
  let start = performance.now();
  await engine.advance(steps);
  await engine.checkpoint();
  const seconds = (performance.now() - start) / 1000;
  start = performance.now();
  await engine.checkpoint();
  const checkpointSeconds = (performance.now() - start) / 1000;
  return { seconds, checkpointSeconds, stepSeconds: Math.max(0, seconds - checkpointSeconds) };
}
