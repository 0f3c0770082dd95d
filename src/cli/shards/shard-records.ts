// The checks `merge` holds every line of a shard's file to: the fields run writes (help.ts, "run"),
// each of the type run gives it. A line that fails is refused by file and line, so that a hand-edited
// or damaged file never passes into a merged sweep.
import { escapeControl } from '../../core/experiment/user-text.ts';
import { LabError } from '../../core/types.ts';

export type Line = Record<string, unknown>;

/** The metrics of a checkpoint: a number, or null (JSON's stand-in for NaN, ±Infinity and W = 0's direction). */
const METRICS = ['loss', 'normRatio', 'angle', 'distance', 'margin', 'marginRatio', 'trainAcc'] as const;
const RHO_NORMS = ['fro', 'max', 'l1', 'spectral', 'nuclear'] as const;
/** The per-run fields a summary adds to its last checkpoint, by the type run gives them. */
const SUMMARY_STRINGS = ['label', 'problem', 'lossName', 'optimizer'] as const;

export function isObject(value: unknown): value is Line {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a message shows it: JSON, cut to a readable length, without control characters. */
export function shown(value: unknown): string {
  const text = value === undefined ? 'missing' : JSON.stringify(value);
  return escapeControl(text.length > 60 ? `${text.slice(0, 57)}…` : text);
}

/** A refusal of one line: "FILE line N: …". */
export function lineError(where: string, message: string): LabError {
  return new LabError(`${where}: ${message}`, 'merge');
}

function expect(ok: boolean, where: string, field: string, value: unknown, wanted: string): void {
  if (!ok)
    throw lineError(
      where,
      `"${field}" is ${shown(value)}; run writes ${wanted} there (is the file damaged or edited?)`,
    );
}

const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isMetric = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

/** One checkpoint record, {"run","t",…metrics…,"rho"[,"status","message"]}, as checkpointRecord (run.ts) writes it. */
export function checkCheckpoint(rec: Line, where: string): void {
  expect(isCount(rec.run), where, 'run', rec.run, 'a run index (an integer ≥ 0)');
  expect(isCount(rec.t), where, 't', rec.t, 'a step count (an integer ≥ 0)');
  for (const key of METRICS) expect(isMetric(rec[key]), where, key, rec[key], 'a number or null');
  if ('testAcc' in rec) expect(isMetric(rec.testAcc), where, 'testAcc', rec.testAcc, 'a number or null');
  const rho = rec.rho;
  expect(isObject(rho), where, 'rho', rho, 'an object {"fro","max","l1","spectral","nuclear"}');
  for (const p of RHO_NORMS)
    expect(isMetric((rho as Line)[p]), where, `rho.${p}`, (rho as Line)[p], 'a number or null');
  for (const key of ['status', 'message'] as const) {
    if (key in rec) expect(typeof rec[key] === 'string', where, key, rec[key], 'a string');
  }
}

/** One run's summary: its last checkpoint with label, problem, svmNormF, checks, seed, lossName, optimizer and lr. */
export function checkRunSummary(rec: Line, where: string): void {
  checkCheckpoint(rec, where);
  for (const key of SUMMARY_STRINGS) expect(typeof rec[key] === 'string', where, key, rec[key], 'a string');
  expect(isMetric(rec.svmNormF), where, 'svmNormF', rec.svmNormF, 'a number or null');
  expect(
    Array.isArray(rec.checks) && rec.checks.every(isObject),
    where,
    'checks',
    rec.checks,
    'a list of theory checks',
  );
  expect(typeof rec.seed === 'number', where, 'seed', rec.seed, 'a number');
  expect(typeof rec.lr === 'number' && rec.lr > 0, where, 'lr', rec.lr, 'a positive number');
}

/** The closing summary's own fields (its runs are checked one by one). */
export function checkClosing(rec: Line, where: string): void {
  for (const key of ['experiment', 'engine', 'device'] as const)
    expect(typeof rec[key] === 'string', where, key, rec[key], 'a string');
  expect(isCount(rec.steps), where, 'steps', rec.steps, 'an integer ≥ 0');
  expect(typeof rec.seconds === 'number' || rec.seconds === null, where, 'seconds', rec.seconds, 'a number');
}
