// One way to time an engine for every bench section. A checkpoint both waits for the GPU and reads
// back and evaluates every run's metrics in float64 on the CPU; with many runs or a large N that
// evaluation, not the stepping, is what a plain "advance + checkpoint" timing measures (seen on a
// hardware GPU: 10⁵ runs of 100 steps looked 7× slower per run-step than 10⁴ runs). So the
// checkpoint is timed on its own, right after, and the steps get the difference. On the GPU engine that
// second checkpoint is served from the read-back already made at this t (one per t), so it measures the
// CPU's side of a checkpoint, the metrics of every run from the mapped buffer; the copy to and mapping of
// the staging buffer stay in stepSeconds (on the CPU engine there is no read-back: the split is exact).
import type { Engine, RunSpec } from '../src/core/types.ts';

export interface EngineTiming {
  /** advance(steps) and the checkpoint that waits for it */
  seconds: number;
  /** one more checkpoint at the same t: the metrics of every run (on the GPU, from the read-back already made) */
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
