// `lab script <the flags of run>`: one self-contained Python 3 program (numpy only) that reproduces the
// experiment in float64 and prints the JSON lines of `lab run --engine cpu` (docs/cli.md, "lab script").
import { readFileSync } from 'node:fs';
import { CpuEngine } from '../../core/engine/cpu-engine.ts';
import { runToEnd } from '../../core/engine/driver.ts';
import { encodeExperiment } from '../../core/experiment/url.ts';
import { pythonProgram } from '../../core/export-python/python-program.ts';
import { seriesChecks } from '../../core/theory/prediction-checks.ts';
import { LabError, type Checkpoint, type RunSpec } from '../../core/types.ts';
import type { ParsedArgs } from '../args.ts';
import { checkRecords, preparedRuns, runRequest } from './run.ts';

/** The package's name and version, for the program's header. */
function labVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return `${pkg.name} ${pkg.version}`;
}

/** Each run's theory checks, as `lab run` prints them: read from its series on the float64 CPU engine. */
async function labChecks(runs: readonly RunSpec[], steps: number, perDecade: number): Promise<object[][]> {
  const series: Checkpoint[][] = runs.map(() => []);
  const engine = new CpuEngine();
  try {
    await engine.load(runs);
    await runToEnd(engine, runs, { steps, perDecade }, (cps) => {
      for (const cp of cps) series[cp.run].push(cp);
    });
  } finally {
    engine.dispose();
  }
  return runs.map((spec, i) => checkRecords(seriesChecks(series[i], spec)));
}

/**
 * `script …` → the Python program on stdout. It takes run's flags; the runs are prepared as `run`
 * prepares them (Ŵ and every γ_p solved and certified here, then embedded), and the experiment is run
 * once on the CPU engine for the summary's theory checks, which the program embeds.
 */
export async function scriptCommand(
  args: ParsedArgs,
  out: (line: string) => void,
  note: (line: string) => void,
  progress: (line: string) => void = note,
): Promise<void> {
  if (args.flags.has('shard')) {
    throw new LabError(
      '--shard is not for script: the program runs the whole sweep; split its RUNS list by hand if you must',
      '--shard',
    );
  }
  const req = runRequest(args, note, 'script');
  const { runs, indices } = await preparedRuns(req, note, progress);
  const checks = await labChecks(runs, req.experiment.steps, req.perDecade);
  out(
    pythonProgram({
      experiment: req.experiment,
      // the lines are those of `lab run --engine cpu`, whose link names that engine
      link: encodeExperiment({ ...req.experiment, engine: 'cpu' }),
      runs: runs.map((spec, i) => ({ spec, index: indices[i], checks: checks[i] })),
      perDecade: req.perDecade,
      finalOnly: req.finalOnly,
      version: labVersion(),
      engine: { kind: 'cpu', device: new CpuEngine().device },
    }),
  );
}
