import { runToEnd } from '../../core/driver.ts';
import { expandRuns } from '../../core/experiment.ts';
import { seriesChecks, type TheoryCheck } from '../../core/theory.ts';
import { encodeExperiment } from '../../core/url.ts';
import { LabError, type Checkpoint } from '../../core/types.ts';
import { checkFlags, intFlag, type ParsedArgs } from '../args.ts';
import { describeResume, type ResumeEvent } from '../../gpu/recovering-engine.ts';
import { engineForCli } from '../engine-for-cli.ts';
import { RUN_FLAG_FIELDS, experimentFromFlags } from '../experiment-from-flags.ts';
import { toJson } from '../json.ts';
import { stderrProgress } from '../progress.ts';
import { readDataFile } from '../read-data.ts';

export const RUN_FLAGS = [...Object.keys(RUN_FLAG_FIELDS), 'data', 'url', 'per-decade', 'quiet'] as const;

/** The public JSON-lines record of one checkpoint: these names are a contract scripts depend on. */
export function checkpointRecord(cp: Checkpoint): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    run: cp.run, t: cp.t, loss: cp.loss, normRatio: cp.normRatio, angle: cp.angle, distance: cp.distance,
    margin: cp.margin, marginRatio: cp.marginRatio, trainAcc: cp.trainAcc,
  };
  if (cp.testAcc !== undefined) rec.testAcc = cp.testAcc;
  if (cp.status !== 'running') { rec.status = cp.status; rec.message = cp.message; }
  return rec;
}

/** The summary's theory checks of one run: verdict, the number and the threshold it is held to. */
export function checkRecords(checks: readonly TheoryCheck[]): Record<string, unknown>[] {
  return checks.map((c) => ({ id: c.id, verdict: c.verdict, expected: c.expected, label: c.label, value: c.value, threshold: c.threshold }));
}

/** How `run` gets its engine; tests pass their own (e.g. one whose device they destroy). */
export type OpenEngine = typeof engineForCli;

/**
 * `run …` → one JSON line per checkpoint and run, then a summary line. A lost GPU device is said on
 * stderr (through `note`) and the run goes on from its last checkpoint, to the summary.
 */
export async function runCommand(
  args: ParsedArgs,
  out: (line: string) => void,
  note: (line: string) => void,
  progress: (line: string) => void = note,
  openEngine: OpenEngine = engineForCli,
): Promise<void> {
  checkFlags(args, RUN_FLAGS, 'run');
  const dataPath = args.flags.get('data');
  if (dataPath !== undefined && args.flags.has('preset')) {
    throw new LabError('give either --data FILE or --preset paper|blobs, not both', '--data');
  }
  const quiet = args.flags.has('quiet');
  let experiment = experimentFromFlags(args, dataPath !== undefined, (line) => { if (!quiet) note(line); });
  let upload;
  if (experiment.data === 'upload') {
    if (dataPath === undefined) {
      throw new LabError(
        'this experiment runs on uploaded data, which lives in the browser that uploaded it; pass the same file with --data FILE',
        '--data',
      );
    }
    const file = readDataFile(dataPath);
    upload = { train: file.data, name: file.name };
    // the summary names the file's own shape and content hash, as the page's link for the same upload does
    const { n, d, k } = file.data;
    if (experiment.upload && experiment.upload !== file.hash && !quiet) {
      note(`--url names upload ${experiment.upload}, but ${file.name} hashes to ${file.hash}: running ${file.name}`);
    }
    experiment = { ...experiment, upload: file.hash, n, d, k };
  }
  const perDecade = intFlag(args, 'per-decade', 10, 1, 100);
  // sizes beyond the limits table are refused here, before anything is allocated
  const { runs } = expandRuns(experiment, upload, stderrProgress(progress, quiet));
  const resumes: ResumeEvent[] = [];
  const { engine, note: engineNote } = await openEngine(experiment.engine, (event) => {
    resumes.push(event);
    if (!quiet) note(describeResume(event)); // --quiet: the summary's "resumed" still says it
  });
  if (engineNote && !quiet) note(engineNote);
  const started = performance.now();
  const last: Checkpoint[] = [];
  const series: Checkpoint[][] = runs.map(() => []);
  try {
    await engine.load(runs);
    await runToEnd(engine, runs, { steps: experiment.steps, perDecade }, (cps) => {
      for (const cp of cps) {
        last[cp.run] = cp;
        series[cp.run].push(cp);
        out(toJson(checkpointRecord(cp)));
      }
    });
  } finally {
    engine.dispose();
  }
  out(toJson({
    summary: {
      experiment: encodeExperiment(experiment),
      engine: engine.kind,
      device: engine.device,
      steps: experiment.steps,
      seconds: (performance.now() - started) / 1000,
      ...(resumes.length > 0
        ? { resumed: resumes.map((e) => ({ t: e.t, engine: e.engine.kind, device: e.engine.device, cause: e.cause })) }
        : {}),
      runs: runs.map((r, i) => ({
        ...checkpointRecord(last[i]), label: r.label, problem: r.problem.name, svmNormF: r.problem.svm.normF,
        checks: checkRecords(seriesChecks(series[i], r)),
      })),
    },
  }));
}
