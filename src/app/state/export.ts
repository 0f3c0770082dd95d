// Downloads: metrics as CSV and JSON, weights as JSON (the figure of the charts is in figure.ts). Numbers are written as they
// are (shortest round-trip form); NaN and infinities become empty CSV cells or JSON null.
import { NORM_NAMES, type Checkpoint, type Experiment } from '../../core/types.ts';

const METRIC_COLUMNS = [
  't',
  'loss',
  'normRatio',
  'angle',
  'distance',
  'margin',
  'marginRatio',
  'trainAcc',
  'testAcc',
] as const;

/** ρ_p for every norm, after `status` so the columns before it keep their places: rho_fro, rho_max, … */
const RHO_COLUMNS = NORM_NAMES.map((p) => `rho_${p}`);

/**
 * One row per checkpoint; the first line is a comment with the experiment's link (as the JSON's url).
 * A run's last row says `done` once it has reached `steps` (the experiment's step count), since a
 * checkpoint's own status is only running or diverged.
 */
export function metricsCsv(
  labels: readonly string[],
  checkpoints: readonly (readonly Checkpoint[])[],
  url = '',
  steps = Infinity,
): string {
  const header = ['run', 'label', ...METRIC_COLUMNS, 'status', ...RHO_COLUMNS].join(',');
  const lines = checkpoints.flatMap((series, run) =>
    series.map((c, i) => {
      const done = i === series.length - 1 && c.status === 'running' && c.t >= steps;
      const rho = NORM_NAMES.map((p) => csvNumber(c.rho?.[p] ?? undefined));
      const metrics = METRIC_COLUMNS.map((k) => csvNumber(c[k]));
      return [run, csvText(labels[run] ?? ''), ...metrics, done ? 'done' : c.status, ...rho].join(',');
    }),
  );
  const comment = url ? [`# experiment: ${url.replace(/[\r\n]/g, '')}`] : [];
  return [...comment, header, ...lines].join('\n') + '\n';
}

export function metricsJson(
  experiment: Experiment,
  url: string,
  labels: readonly string[],
  checkpoints: readonly (readonly Checkpoint[])[],
): string {
  return JSON.stringify(
    { url, experiment, runs: labels.map((label, run) => ({ run, label, checkpoints: checkpoints[run] ?? [] })) },
    finiteOrNull,
    1,
  );
}

interface WeightsRecord {
  readonly label: string;
  readonly t: number;
  readonly d: number;
  readonly k: number;
  /** W(t), d×K row-major */
  readonly W: Float64Array;
  /** Ŵ, the hard-margin SVM, d×K row-major */
  readonly svm: Float64Array;
}

export function weightsJson(url: string, records: readonly WeightsRecord[]): string {
  return JSON.stringify(
    {
      url,
      layout: 'd×K row-major: W[j*K + k], column k is class k',
      runs: records.map((r) => ({ label: r.label, t: r.t, d: r.d, k: r.k, W: [...r.W], svm: [...r.svm] })),
    },
    finiteOrNull,
    1,
  );
}

export function downloadText(filename: string, text: string, type: string): void {
  downloadUrl(filename, URL.createObjectURL(new Blob([text], { type })), true);
}

export function downloadUrl(filename: string, href: string, revoke = false): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  if (revoke) setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

function csvNumber(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : String(v);
}

function csvText(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
