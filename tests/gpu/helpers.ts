// Shared set-up of the GPU tests: one Dawn device per test file, paper problems and run specs.
import { makePaperData } from '../../src/core/data/paper.ts';
import { initialWeights } from '../../src/core/init.ts';
import { buildProblem } from '../../src/core/problem.ts';
import type { LossName, OptimizerName, Problem, RunSpec, ScheduleName } from '../../src/core/types.ts';

export function paperProblem(n: number, d: number, k: number, seed: number): Problem {
  const { train, test } = makePaperData({ n, d, k, seed });
  return buildProblem(`paper N=${n} d=${d} K=${k} seed=${seed}`, train, test);
}

export function runSpec(
  problem: Problem,
  loss: LossName,
  optimizer: OptimizerName,
  lr: number,
  opts: { schedule?: ScheduleName; seed?: number; init?: string } = {},
): RunSpec {
  const { d, k } = problem.train;
  const seed = opts.seed ?? 0;
  return {
    label: `${problem.name} · ${loss} · ${optimizer} η=${lr}`,
    problem, loss, optimizer, lr, seed,
    schedule: opts.schedule ?? 'const',
    W0: initialWeights(opts.init ?? 'gaussian', d, k, seed),
  };
}
