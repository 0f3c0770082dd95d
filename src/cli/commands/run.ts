import { runToEnd } from '../../core/engine/driver.ts';
import { expandRuns } from '../../core/engine/experiment-preparation.ts';
import { normReferencesSkipped, withNormReferences } from '../../core/max-margin/max-margin-solver.ts';
import { preparationShape, type PrepareUpload } from '../../core/sizes/preparation-shape.ts';
import { seriesChecks, type TheoryCheck } from '../../core/theory/prediction-checks.ts';
import { checkpointSchedule } from '../../core/engine/checkpoint-times.ts';
import { encodeExperiment } from '../../core/experiment/url.ts';
import { engineChoiceOf } from '../../core/experiment/batch-params.ts';
import { LabError, NORM_NAMES, type Checkpoint, type Engine, type Experiment, type RunSpec } from '../../core/types.ts';
import { checkFlags, intFlag, type ParsedArgs } from '../args.ts';
import { describeResume, type ResumeEvent } from '../../gpu/recovering-engine.ts';
import { engineForCli } from '../threads/engine-for-cli.ts';
import { RUN_FLAG_FIELDS, experimentFromFlags } from '../experiment-from-flags.ts';
import { toJson } from '../json.ts';
import { stderrProgress } from '../progress.ts';
import { readDataFile } from '../read-data.ts';
import { inShard, parseShard, shardName, type Shard, type SweepStamp } from '../shards/shard.ts';
import { coreCount } from '../threads/thread-engine.ts';

const RUN_FLAGS = [
  ...Object.keys(RUN_FLAG_FIELDS),
  'data',
  'url',
  'per-decade',
  'quiet',
  'final-only',
  'shard',
  'workers',
] as const;

/** Runs × steps × N·d·K above which the CPU engine uses every core by default (about 2 s on one core). */
const MANY_FLOPS = 1e9;
/** Above this many checkpoint lines, stderr suggests --final-only. */
const MANY_LINES = 20_000;

/** What a run is, beside its metrics: the summary's per-run fields, with the theory checks read from its series. */
function runRecord(cp: Checkpoint, run: number, spec: RunSpec, series: readonly Checkpoint[]): Record<string, unknown> {
  return {
    ...checkpointRecord({ ...cp, run }),
    label: spec.label,
    problem: spec.problem.name,
    svmNormF: spec.problem.svm.normF,
    checks: checkRecords(seriesChecks(series, spec)),
    seed: spec.seed,
    lossName: spec.loss,
    optimizer: spec.optimizer,
    lr: spec.lr,
  };
}

const NO_RHO = Object.fromEntries(NORM_NAMES.map((p) => [p, null]));

/** The public JSON-lines record of one checkpoint: these names are a contract scripts depend on. */
function checkpointRecord(cp: Checkpoint): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    run: cp.run,
    t: cp.t,
    loss: cp.loss,
    normRatio: cp.normRatio,
    angle: cp.angle,
    distance: cp.distance,
    margin: cp.margin,
    marginRatio: cp.marginRatio,
    trainAcc: cp.trainAcc,
  };
  if (cp.testAcc !== undefined) rec.testAcc = cp.testAcc;
  rec.rho = cp.rho ?? NO_RHO;
  if (cp.status !== 'running') {
    rec.status = cp.status;
    rec.message = cp.message;
  }
  return rec;
}

/** The summary's theory checks of one run: verdict, the number and the threshold it is held to. */
function checkRecords(checks: readonly TheoryCheck[]): Record<string, unknown>[] {
  return checks.map((c) => ({
    id: c.id,
    verdict: c.verdict,
    expected: c.expected,
    label: c.label,
    value: c.value,
    threshold: c.threshold,
  }));
}

/** How `run` gets its engine; tests pass their own (e.g. one whose device they destroy). */
export type OpenEngine = typeof engineForCli;

/** The experiment the flags (or --url) name, and the uploaded data file it runs on, if any. */
function experimentAndUpload(
  args: ParsedArgs,
  quiet: boolean,
  note: (line: string) => void,
): { experiment: Experiment; upload?: PrepareUpload } {
  const dataPath = args.flags.get('data');
  if (dataPath !== undefined && args.flags.has('preset')) {
    throw new LabError('give either --data FILE or --preset paper|blobs, not both', '--data');
  }
  const experiment = experimentFromFlags(args, dataPath !== undefined, (line) => {
    if (!quiet) note(line);
  });
  if (experiment.data !== 'upload') return { experiment };
  if (dataPath === undefined) {
    throw new LabError(
      'this experiment runs on uploaded data, which lives in the browser that uploaded it; pass the same file with --data FILE',
      '--data',
    );
  }
  const file = readDataFile(dataPath);
  const upload = { train: file.data, name: file.name };
  // the summary names the file's own shape and content hash, as the page's link for the same upload does
  const { n, d, k } = file.data;
  if (experiment.upload && experiment.upload !== file.hash && !quiet) {
    note(`--url names upload ${experiment.upload}, but ${file.name} hashes to ${file.hash}: running ${file.name}`);
  }
  return { experiment: { ...experiment, upload: file.hash, n, d, k }, upload };
}

/** What `run` was asked for, read from its flags before any run is prepared. */
export interface RunRequest {
  readonly experiment: Experiment;
  readonly upload?: PrepareUpload;
  readonly quiet: boolean;
  readonly perDecade: number;
  readonly finalOnly: boolean;
  readonly shard?: Shard;
}

/** The request of `run` (or of `script`, which takes the same flags: `command` names it in messages). */
export function runRequest(args: ParsedArgs, note: (line: string) => void, command = 'run'): RunRequest {
  checkFlags(args, RUN_FLAGS, command);
  const quiet = args.flags.has('quiet');
  const { experiment, upload } = experimentAndUpload(args, quiet, note);
  const perDecade = intFlag(args, 'per-decade', 10, 1, 100);
  const finalOnly = args.flags.has('final-only');
  const shardFlag = args.flags.get('shard');
  const shard = shardFlag === undefined ? undefined : parseShard(shardFlag);
  return { experiment, upload, quiet, perDecade, finalOnly, shard };
}

/** The runs of this request (this shard's, if one), each with its data set's γ_p references, and their sweep indices. */
export async function preparedRuns(
  req: RunRequest,
  note: (line: string) => void,
  progress: (line: string) => void,
): Promise<{ runs: RunSpec[]; indices: number[] }> {
  const { experiment, quiet, shard } = req;
  // sizes beyond the limits table are refused here, before anything is allocated
  const expanded = expandRuns(
    experiment,
    req.upload,
    stderrProgress(progress, quiet),
    shard ? (r) => inShard(shard, r) : undefined,
  );
  // γ_p in every norm, once per data set, so that each checkpoint can carry ρ_p
  const skipped = expanded.runs[0] ? normReferencesSkipped(expanded.runs[0].problem.train) : undefined;
  if (skipped && !quiet) note(skipped);
  const runs = await withNormReferences(expanded.runs, stderrProgress(progress, quiet, 'margins'));
  const lines = runs.length * (checkpointSchedule(experiment.steps, req.perDecade).length + 1);
  if (!req.finalOnly && !quiet && lines > MANY_LINES) {
    note(
      `${runs.length} runs × ${lines / runs.length} checkpoints is ${lines} lines on stdout; --final-only prints one {"summary":…} line per run instead`,
    );
  }
  return { runs, indices: expanded.indices };
}

/** The engine for these runs, with every GPU-device resume it makes recorded (and said, unless --quiet). */
async function openRunEngine(
  args: ParsedArgs,
  req: RunRequest,
  runCount: number,
  note: (line: string) => void,
  openEngine: OpenEngine,
): Promise<{ engine: Engine; resumes: ResumeEvent[] }> {
  const { experiment, quiet } = req;
  // the CPU engine spreads runs over this many worker threads (results are bit for bit those of one);
  // by default every core once the work outweighs starting the threads (about half a second each)
  const work = runCount * experiment.steps * experiment.n * experiment.d * experiment.k;
  const workers = Math.min(
    intFlag(args, 'workers', work >= MANY_FLOPS ? coreCount() : 1, 1, 1024),
    Math.max(1, runCount),
  );
  const resumes: ResumeEvent[] = [];
  const { engine, note: engineNote } = await openEngine(
    // auto with mini-batches: the CPU engine, the one that has them
    engineChoiceOf(experiment),
    (event) => {
      resumes.push(event);
      if (!quiet) note(describeResume(event)); // --quiet: the summary's "resumed" still says it
    },
    workers,
  );
  if (engineNote && !quiet) note(engineNote);
  return { engine, resumes };
}

/** Every run to its last step: each run's checkpoints (printed as they come unless --final-only) and the seconds taken. */
async function trainRuns(
  engine: Engine,
  runs: readonly RunSpec[],
  indices: readonly number[],
  req: RunRequest,
  out: (line: string) => void,
): Promise<{ last: Checkpoint[]; series: Checkpoint[][]; seconds: number }> {
  const started = performance.now();
  const last: Checkpoint[] = [];
  const series: Checkpoint[][] = runs.map(() => []);
  try {
    if (runs.length > 0) {
      await engine.load(runs);
      await runToEnd(engine, runs, { steps: req.experiment.steps, perDecade: req.perDecade }, (cps) => {
        for (const cp of cps) {
          last[cp.run] = cp;
          series[cp.run].push(cp);
          // the run's index in the whole sweep, so that shards' lines merge into the unsharded output
          if (!req.finalOnly) out(toJson(checkpointRecord({ ...cp, run: indices[cp.run] })));
        }
      });
    }
  } finally {
    engine.dispose();
  }
  return { last, series, seconds: (performance.now() - started) / 1000 };
}

/** What the summary reports: the request, its runs, the engine that ran them and what came of them. */
interface RunOutcome {
  readonly req: RunRequest;
  readonly runs: readonly RunSpec[];
  readonly indices: readonly number[];
  readonly engine: Engine;
  readonly resumes: readonly ResumeEvent[];
  readonly last: readonly Checkpoint[];
  readonly series: readonly (readonly Checkpoint[])[];
  readonly seconds: number;
}

/** --final-only: one {"summary":…} line per run (with the shard stamp), and a one-line account on stderr. */
function printFinalSummaries(o: RunOutcome, stamp: object, out: (line: string) => void, note: (line: string) => void) {
  const { req, runs, engine } = o;
  const { shard } = req;
  runs.forEach((spec, i) => out(toJson({ summary: runRecord(o.last[i], o.indices[i], spec, o.series[i]), ...stamp })));
  // a shard with no runs (n above the sweep's run count) still says which shard it is
  if (shard && runs.length === 0) out(toJson(stamp));
  if (!req.quiet) {
    const which = shard ? `shard ${shard.index}/${shard.count}: ` : '';
    note(
      `${which}${runs.length} runs of ${encodeExperiment(req.experiment)} on ${engine.device} in ${o.seconds.toFixed(1)} s`,
    );
  }
}

/** The one summary line after the checkpoint lines: the sweep, its engine, any resumes and every run's record. */
function printSummary(o: RunOutcome, stamp: object, out: (line: string) => void) {
  const { req, engine, resumes } = o;
  out(
    toJson({
      summary: {
        experiment: encodeExperiment(req.experiment),
        engine: engine.kind,
        device: engine.device,
        steps: req.experiment.steps,
        seconds: o.seconds,
        ...(resumes.length > 0
          ? {
              resumed: resumes.map((e) => ({ t: e.t, engine: e.engine.kind, device: e.engine.device, cause: e.cause })),
            }
          : {}),
        ...stamp,
        runs: o.runs.map((spec, i) => runRecord(o.last[i], o.indices[i], spec, o.series[i])),
      },
    }),
  );
}

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
  const req = runRequest(args, note);
  const { runs, indices } = await preparedRuns(req, note, progress);
  const { engine, resumes } = await openRunEngine(args, req, runs.length, note, openEngine);
  const trained = await trainRuns(engine, runs, indices, req, out);
  const outcome: RunOutcome = { req, runs, indices, engine, resumes, ...trained };
  // a shard's output says which sweep and which shard it is, for merge to check and strip (shard.ts)
  const { experiment, upload, shard } = req;
  const sweep: SweepStamp = {
    experiment: encodeExperiment(experiment),
    engine: engine.kind,
    runs: preparationShape(experiment, upload).runs,
    perDecade: req.perDecade,
  };
  const stamp = shard ? { shard: shardName(shard), sweep } : {};
  if (req.finalOnly) printFinalSummaries(outcome, stamp, out, note);
  else printSummary(outcome, stamp, out);
}
