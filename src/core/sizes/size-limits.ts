// Every size and range bound of the lab in one place: the URL codec, the page, the CLI (`run`, `svm`,
// `data`), the data importer and the generators all check against this table before anything is
// allocated. The per-field ranges come first; then the bounds a combination of sizes must meet, derived
// from two budgets: the memory preparation may hold, and the time it may take (data, the SVM target and
// σ_max(X)², before the first step), measured on the lab's reference machine. One model of what a run
// holds (RUN_BYTES) serves both memory checks: the cap on runs an experiment may hold (maxRuns, which the
// experiment table clamps to) and the peak of preparation (preparationCost). The GPU engine checks its
// own buffers against the adapter's limits when it loads (gpu/limits.ts).
import { checkpointSchedule } from '../engine/checkpoint-times.ts';
import { LabError } from '../types.ts';

export const LIMITS = {
  n: { min: 2, max: 100_000 },
  d: { min: 1, max: 1000 },
  k: { min: 2, max: 100 },
  /** N·d, the number of feature values held in memory (and on the GPU): X of train and test is 2·N·d·8 bytes = 320 MB */
  cells: 2e7,
  /** seeds per experiment (a data set each for generated data); the runs they make are capped by memory (maxRuns) */
  seeds: { count: 1024, min: 0, max: 2 ** 32 - 1 },
  steps: { min: 1, max: 1e8 },
  /** η must be > min and ≤ max */
  lr: { min: 0, max: 1e6 },
  /** the planted margin of `blobs` (relative to unit class directions; above 10 the classes sit far apart and nothing changes) */
  margin: { min: 0, max: 10 },
  snapshots: 8,
  /**
   * bytes of a data file (CSV or JSON), checked before it is read: about 10 million values written at
   * full precision, well below the longest string JavaScript engines hold
   */
  fileBytes: 256 * 1024 ** 2,
} as const;

/** The two budgets every combined bound is derived from. */
export const BUDGET = {
  /** seconds of preparation (all data sets, SVM targets and σ_max) on the reference machine */
  prepareSeconds: 10,
  /** bytes preparation may hold at once: every data set, the SVM's work arrays and the runs' weights */
  prepareBytes: 1024 ** 3,
  /** the machine the time costs below were measured on */
  referenceMachine:
    'the 2-core development machine (Node 20; the page on the same machine in Chromium is about as fast)',
} as const;

/**
 * Seconds per unit of work, fitted to preparations timed on the reference machine while other jobs
 * shared it (`npm run bench`'s browser section prints the estimate beside the measured preparation of
 * the largest allowed experiment): the SVM's time depends on the data, so these err on the long side
 * (up to about 4× for K = 3 and N ≈ 2d) rather than the short.
 */
export const COST = {
  /** per generated feature value (a Gaussian draw), train and test */
  dataPerValue: 1e-7,
  /** per generated value and class (the teacher's scores of the paper's generator) */
  dataPerValueClass: 2e-9,
  /** the SVM's warm start (200 epochs over the N·K constraints, d each): per N·d·K */
  svmPerNdk: 2e-6,
  /** the SVM's exact active-set steps, about 2.5 per support constraint, each O(S²) in its factor: per S³ */
  svmPerSupportCubed: 1e-9,
  /** …and a sweep over all constraints every few steps: per S·N·d·K */
  svmPerSupportNdk: 1.5e-9,
  /** σ_max(X)² by Lanczos: per N·d·min(d, 300) */
  sigmaPerNdSteps: 2.5e-9,
} as const;

const BYTES_PER_NUMBER = 8;
const LANCZOS_MAX_STEPS = 300;

/**
 * What one run holds, in float64 numbers unless named in bytes: the one model of a run's memory. The
 * weights (and NGD's log weights) are held from preparation on, so preparation counts them; the
 * scratch, the metric history and the bookkeeping come with running, so the run cap adds them. The GPU
 * engine's share (W as two f32 parts, parameters, state, metrics) is smaller than the CPU's.
 */
export const RUN_BYTES = {
  /** d×K matrices per run: W(0), W, the gradient and the checkpoint's kept W */
  weightMatrices: 4,
  /** N×K log pair weights per run with normalised GD (or another optimizer working from the log-domain direction) */
  ngdLogWeightMatrices: 1,
  /** numbers per class of the block scratch */
  scratchPerClass: 8,
  /** numbers one checkpoint keeps per run (t, loss, ‖W‖, angle, distance, margin, margin ratio, accuracies) */
  historyNumbers: 12,
  /** bytes of one run's objects that do not scale with its size: its spec, label, status and the engine's bookkeeping */
  overheadBytes: 1024,
} as const;

/** Bytes of one run's weights (and N×K log weights when it uses normalised GD): held from preparation on. */
function runWeightBytes(n: number, d: number, k: number, ngd: boolean): number {
  return (RUN_BYTES.weightMatrices * d * k + (ngd ? RUN_BYTES.ngdLogWeightMatrices * n * k : 0)) * BYTES_PER_NUMBER;
}

/** Bytes of X of train and test of one data set: N×d float64 numbers each. */
function xBytes(n: number, d: number): number {
  return 2 * n * d * BYTES_PER_NUMBER;
}

/** What an experiment asks preparation to build. */
export interface PreparationShape {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** data sets to prepare: one per seed for generated data, one for an uploaded file */
  readonly problems: number;
  /** whether the data are generated here (an upload is read, not drawn) */
  readonly generated: boolean;
  /** runs (W per run); 0 for `svm` and `data` */
  readonly runs: number;
  /** runs with normalised GD, which keep N×K log-weights each */
  readonly ngdRuns?: number;
  /** false for `data`: no SVM target and no σ_max */
  readonly svm?: boolean;
}

interface PreparationCost {
  /** estimated seconds on the reference machine */
  readonly seconds: number;
  /** the most bytes held at once */
  readonly bytes: number;
  /** the parts, for messages and progress weights */
  readonly parts: { readonly data: number; readonly svm: number; readonly sigma: number };
  /** the largest single allocation, which a typed array must be able to hold */
  readonly largest: { readonly what: string; readonly bytes: number };
}

/**
 * The SVM's support size, estimated: min(d, N/2)·(K−1). The support has at most d·(K−1) independent
 * constraints; on the paper's data it fills that when N ≫ d and is about N(K−1)/2 when N ≲ 2d
 * (3571×100×10: 875 of 900; 500×1000×10: 2366; 2000×1000×3: 1537).
 */
export function svmSupportEstimate(n: number, d: number, k: number): number {
  return Math.min(d, Math.ceil(n / 2)) * (k - 1);
}

/** The SVM's active-set factor is capacity² numbers, capacity = min(d·(K−1), N·K) (linalg/triangular-factor.ts). */
export function svmFactorCapacity(n: number, d: number, k: number): number {
  return Math.min(d * (k - 1), n * k);
}

/** Estimated time and memory of preparing one experiment; cheap, so it runs before anything is allocated. */
export function preparationCost(s: PreparationShape): PreparationCost {
  const { n, d, k, problems } = s;
  const withSvm = s.svm !== false;
  const values = 2 * n * d; // train and test (xBytes)
  const data = s.generated ? problems * (values * COST.dataPerValue + values * k * COST.dataPerValueClass) : 0;
  const ndk = n * d * k;
  const support = svmSupportEstimate(n, d, k);
  const svm = withSvm
    ? problems * (COST.svmPerNdk * ndk + COST.svmPerSupportCubed * support ** 3 + COST.svmPerSupportNdk * support * ndk)
    : 0;
  const sigma = withSvm ? problems * COST.sigmaPerNdSteps * n * d * Math.min(d, LANCZOS_MAX_STEPS) : 0;
  // generated: every data set's train and test X, plus the generator's whole 2N×d draw while it is split
  const heldX = (s.generated ? (problems + 1) * values : n * d) * BYTES_PER_NUMBER;
  const capacity = svmFactorCapacity(n, d, k);
  const factorBytes = withSvm ? capacity * capacity * BYTES_PER_NUMBER : 0;
  // products, multipliers and warm-start weights over all N·K constraints, and the Lanczos basis
  const svmWork = withSvm ? 3 * n * k * BYTES_PER_NUMBER + Math.min(d, LANCZOS_MAX_STEPS) * d * BYTES_PER_NUMBER : 0;
  // every run's weights, with N×K log-weights per normalised-GD run (RUN_BYTES)
  const ngdRuns = s.ngdRuns ?? 0;
  const runBytes = (s.runs - ngdRuns) * runWeightBytes(n, d, k, false) + ngdRuns * runWeightBytes(n, d, k, true);
  const largest =
    factorBytes > xBytes(n, d)
      ? { what: `the SVM's active-set factor (min(d·(K−1), N·K)² = ${capacity}² numbers)`, bytes: factorBytes }
      : { what: `X of one data set (N×d = ${n}×${d} numbers, train and test)`, bytes: xBytes(n, d) };
  return {
    seconds: data + svm + sigma,
    bytes: heldX + factorBytes + svmWork + runBytes,
    parts: { data, svm, sigma },
    largest,
  };
}

/** A bound a size breaks: the field to change and a message naming the limit and the fix. */
interface SizeIssue {
  readonly field: 'n' | 'd' | 'k' | 'seeds';
  readonly message: string;
}

/** The sizes preparation can change to fit, in the order a clamp tries them. */
const SHRINKABLE = ['n', 'd', 'k', 'problems'] as const;
type Shrinkable = (typeof SHRINKABLE)[number];
const FIELD_OF: Record<Shrinkable, SizeIssue['field']> = { n: 'n', d: 'd', k: 'k', problems: 'seeds' };
/**
 * The lowest value a clamp may choose: generated data keep at least one point per class, and d ≥ 2 when
 * K > 2 (on a line only two classes can be separated through the origin).
 */
function lowest(s: PreparationShape, which: Shrinkable): number {
  if (which === 'n') return Math.min(s.n, Math.max(LIMITS.n.min, s.generated ? s.k : 0));
  if (which === 'd') return Math.min(s.d, s.k > 2 ? 2 : LIMITS.d.min);
  return which === 'problems' ? 1 : LIMITS[which].min;
}

/** Whether a shape is within every combined bound. */
export function fitsPreparation(s: PreparationShape): boolean {
  return breach(s) === undefined;
}

/**
 * What decides whether a shape is accepted: preparation's bounds alone, or (for a run) those and the run
 * cap together, so that a size suggested to fix one is not refused by the other.
 */
export type ShapeFits = (s: PreparationShape) => boolean;

/** The shape with `problems` data sets, its runs (and normalised-GD runs) in proportion. */
function withProblems(s: PreparationShape, problems: number): PreparationShape {
  const scaled = (runs: number) => Math.ceil((runs * problems) / s.problems);
  return { ...s, problems, runs: scaled(s.runs), ...(s.ngdRuns === undefined ? {} : { ngdRuns: scaled(s.ngdRuns) }) };
}

function breach(s: PreparationShape): 'cells' | 'memory' | 'time' | undefined {
  if (s.n * s.d > LIMITS.cells) return 'cells';
  const cost = preparationCost(s);
  if (cost.bytes > BUDGET.prepareBytes) return 'memory';
  if (cost.seconds > BUDGET.prepareSeconds) return 'time';
  return undefined;
}

/**
 * The largest value of one size (others fixed) that fits, or undefined when even its lowest does not.
 * Cost grows with each size, so bisection finds it.
 */
export function largestFitting(
  s: PreparationShape,
  which: Shrinkable,
  fits: ShapeFits = fitsPreparation,
): number | undefined {
  const at = (v: number) => (which === 'problems' ? withProblems(s, v) : { ...s, [which]: v });
  let lo = lowest(s, which);
  if (!fits(at(lo))) return undefined;
  let hi = s[which];
  if (fits(at(hi))) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(at(mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Why a shape cannot be prepared, naming the limit and the sizes that would fit (each one alone, with
 * everything else as given, passes `fits`); undefined when it fits.
 */
export function preparationIssue(s: PreparationShape, fits: ShapeFits = fitsPreparation): SizeIssue | undefined {
  const limit = limitBroken(s);
  if (!limit) return undefined;
  const fixes: string[] = [];
  let field: SizeIssue['field'] | undefined;
  for (const which of SHRINKABLE) {
    if (which === 'problems' && s.problems <= 1) continue;
    const best = largestFitting(s, which, fits);
    if (best === undefined || best >= s[which]) continue;
    field ??= FIELD_OF[which];
    fixes.push(which === 'problems' ? `${best} seed${best === 1 ? '' : 's'}` : `${which} ≤ ${best}`);
  }
  if (fixes.length === 0) {
    // no single size fits alone: the clamp's combination does
    const { shape, clamped } = fitPreparation(s, fits);
    if (clamped.length > 0 && fits(shape)) {
      field = clamped[0].field;
      fixes.push(clamped.map((c) => (c.field === 'seeds' ? `${c.to} seeds` : `${c.field} = ${c.to}`)).join(' and '));
    }
  }
  const fix = fixes.length > 0 ? `it fits with ${fixes.join(', or ')}` : 'lower n, d or k';
  return { field: field ?? 'n', message: `${limit}; ${fix}` };
}

/** The bound a shape breaks, as a sentence naming the sizes, the estimate and the limit; undefined when it fits. */
export function limitBroken(s: PreparationShape): string | undefined {
  const why = breach(s);
  if (!why) return undefined;
  const cost = preparationCost(s);
  const what = `N=${s.n} d=${s.d} K=${s.k}${s.problems > 1 ? ` × ${s.problems} data sets` : ''}`;
  let limit: string;
  if (why === 'cells') {
    limit = `N·d = ${s.n * s.d} feature values exceed the lab's ${LIMITS.cells} (X of train and test would take ${formatBytes(xBytes(s.n, s.d))})`;
  } else if (why === 'memory') {
    limit = `${what} needs about ${formatBytes(cost.bytes)} (the largest part: ${cost.largest.what}, ${formatBytes(cost.largest.bytes)}), beyond the lab's memory budget of ${formatBytes(BUDGET.prepareBytes)}`;
  } else {
    const parts = [
      cost.parts.data > 0 ? `data ${formatSeconds(cost.parts.data)}` : '',
      cost.parts.svm > 0 ? `SVM target ${formatSeconds(cost.parts.svm)}` : '',
      cost.parts.sigma > 0 ? `σ_max ${formatSeconds(cost.parts.sigma)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    limit = `preparing ${what} would take about ${formatSeconds(cost.seconds)} (${parts}) on the reference machine, beyond the lab's preparation budget of ${BUDGET.prepareSeconds} s`;
  }
  return limit;
}

/** Throws a LabError naming the field (as `fieldName` spells it) when a shape cannot be prepared. */
export function assertPreparation(
  s: PreparationShape,
  fieldName: (field: SizeIssue['field']) => string = (f) => f,
): void {
  const issue = preparationIssue(s);
  if (issue) throw new LabError(`${fieldName(issue.field)}: ${issue.message}`, fieldName(issue.field));
}

/** One size a clamp lowered, and the bound it broke (a sentence). */
interface Clamp {
  readonly field: SizeIssue['field'];
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/**
 * The shape clamped to fit, shrinking n first, then d, then k, then the number of data sets, each only
 * as far as needed; `clamped` lists what changed, for messages.
 */
export function fitPreparation(
  s: PreparationShape,
  fits: ShapeFits = fitsPreparation,
): { shape: PreparationShape; clamped: Clamp[] } {
  let shape = s;
  const clamped: Clamp[] = [];
  for (const which of SHRINKABLE) {
    if (fits(shape)) break;
    const best = largestFitting(shape, which, fits) ?? lowest(shape, which);
    if (best >= shape[which]) continue;
    clamped.push({ field: FIELD_OF[which], from: shape[which], to: best, reason: limitBroken(shape) ?? '' });
    shape = which === 'problems' ? withProblems(shape, best) : { ...shape, [which]: best };
  }
  return { shape, clamped };
}

/**
 * The run cap: how many runs an experiment may hold, from memory rather than a fixed number. Every run's
 * weights, scratch and metric history (RUN_BYTES) are counted against the memory budget after the data
 * sets' own bytes, and an experiment over the cap is refused (or clamped, on the page) by name before
 * anything is allocated.
 */
export const RUN_MEMORY_BUDGET = BUDGET.prepareBytes;

export interface RunShape {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** data sets: one per seed for generated data, one for an upload */
  readonly problems: number;
  /** steps T, which sets how many checkpoints each run keeps */
  readonly steps: number;
  /** whether any run uses normalised GD, which keeps N×K log pair weights per run on the CPU engine */
  readonly ngd: boolean;
}

/** Bytes one run holds at its largest: its weights, the block scratch and its metric history at 10 checkpoints per decade. */
export function bytesPerRun(s: RunShape): number {
  const history = checkpointSchedule(s.steps).length + 1;
  return (
    runWeightBytes(s.n, s.d, s.k, s.ngd) +
    (RUN_BYTES.scratchPerClass * s.k + history * RUN_BYTES.historyNumbers) * BYTES_PER_NUMBER +
    RUN_BYTES.overheadBytes
  );
}

/** Bytes the data sets hold while running: train and test X and labels, and the SVM target, per data set. */
export function dataBytes(s: RunShape): number {
  return s.problems * (xBytes(s.n, s.d) + 2 * s.n * 4 + s.d * s.k * BYTES_PER_NUMBER);
}

/** The most runs that fit the budget after the data (0 when the data alone do not fit). */
export function maxRuns(s: RunShape): number {
  return Math.max(0, Math.floor((RUN_MEMORY_BUDGET - dataBytes(s)) / bytesPerRun(s)));
}

/** The cap in words, for a message: "a run holds 3.1 KiB at N=100, d=10, K=3 and 10000 steps, …, so the 1 GiB budget holds 300000 runs". */
export function describeCap(s: RunShape): string {
  const per = bytesPerRun(s);
  return (
    `a run holds ${(per / 1024).toFixed(1)} KiB at N=${s.n}, d=${s.d}, K=${s.k} and ${s.steps} steps, ` +
    `and ${s.problems} data set${s.problems === 1 ? '' : 's'} ${(dataBytes(s) / 1024 ** 2).toFixed(1)} MiB, ` +
    `so the ${RUN_MEMORY_BUDGET / 1024 ** 3} GiB budget holds ${maxRuns(s)} runs`
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toPrecision(3)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toPrecision(3)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toPrecision(2)} h`;
  if (seconds >= 100) return `${Math.round(seconds / 60)} min`;
  if (seconds >= 1) return `${seconds.toPrecision(2)} s`;
  return `${Math.max(1, Math.round(seconds * 1000))} ms`;
}
