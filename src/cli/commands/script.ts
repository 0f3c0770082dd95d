// `lab script <the flags of run>`: one self-contained Python 3 program (numpy only) that reproduces the
// experiment in float64 and prints the JSON lines of `lab run --engine cpu` (docs/cli.md, "lab script").
import { readFileSync } from 'node:fs';
import { CpuEngine } from '../../core/engine/cpu-engine.ts';
import { encodeExperiment } from '../../core/experiment/url.ts';
import { pythonProgram } from '../../core/export-python/python-program.ts';
import { LabError } from '../../core/types.ts';
import type { ParsedArgs } from '../args.ts';
import { preparedRuns, runRequest } from './run.ts';

/** The package's name and version, for the program's header. */
function labVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return `\`lab script\` of ${pkg.name} ${pkg.version}`;
}

/**
 * `script …` → the Python program on stdout. It takes run's flags; the runs are prepared as `run`
 * prepares them (Ŵ and every γ_p solved and certified here, then embedded); nothing is trained here.
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
  out(
    pythonProgram({
      experiment: req.experiment,
      // the lines are those of `lab run --engine cpu`, whose link names that engine
      link: encodeExperiment({ ...req.experiment, engine: 'cpu' }),
      runs: runs.map((spec, i) => ({ spec, index: indices[i] })),
      perDecade: req.perDecade,
      finalOnly: req.finalOnly,
      version: labVersion(),
      engine: { kind: 'cpu', device: new CpuEngine().device },
    }),
  );
}
