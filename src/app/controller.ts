// The page's one owner of state: the experiment (mirrored into the URL), the run (engine and
// driver), the checkpoints it produced and every message shown. Components render what it
// exposes and send it actions; nothing else changes state.
import { Driver, type DriverOptions, type DriverState } from '../core/driver.ts';
import { DEFAULT_EXPERIMENT, expandRuns, paramOfKey, parseField, validateExperiment } from '../core/experiment.ts';
import { parseDatasetFile, type ImportedDataset } from '../core/data/import.ts';
import { encodeExperiment } from '../core/url.ts';
import { LabError, type Checkpoint, type Dataset, type Engine, type Experiment, type Problem, type RunSpec } from '../core/types.ts';
import type { BannerMessage } from '../../components/lab-banners.ts';
import type { RunState } from '../../components/run-controls.ts';
import { gpuDeviceLost, openEngine, probeWebGpu } from './engine-factory.ts';
import { findPreset, type Preset } from './presets.ts';
import { contentHash, loadUpload, saveUpload } from './uploads.ts';
import { readPageQuery, PAGE_ONLY_KEYS } from './url-state.ts';

/** Redraw the status at most this often (the charts have their own per-frame limit). */
const STATUS_INTERVAL_MS = 100;
/** Steps per second are averaged over this window. */
const RATE_WINDOW_MS = 2000;
/** Fresh devices the page tries in one Play when GPU errors turn out to be a lost device. */
const MAX_PAGE_RECOVERIES = 2;
/** Build the data (and SVM) ahead of a run, for the η bound, only up to this many feature values. */
const PREVIEW_MAX_CELLS = 50_000;
/** Flops of one GD step per run: two N×d×K products, a multiply-add each (stack-notes §5.1). */
const FLOPS_PER_STEP_PER_NDK = 4;

export type Listener = () => void;

export interface RunStream {
  /** a new set of runs (or none): charts start over */
  reset(labels: readonly string[]): void;
  /** one checkpoint of every run at the same t */
  checkpoints(batch: readonly Checkpoint[]): void;
}

interface UploadState {
  hash: string;
  name: string;
  dataset: ImportedDataset;
}

export class LabController {
  experiment: Experiment = DEFAULT_EXPERIMENT;
  /** raw text and message of fields the user got wrong; the experiment keeps its last good value */
  readonly fieldErrors = new Map<string, { raw: string; message: string }>();
  /** URL problems and run failures */
  messages: BannerMessage[] = [];
  noWebGpu = '';
  state: RunState = 'idle';
  t = 0;
  stepsPerSecond = 0;
  engineName = '';
  /** why this engine was chosen, when that is worth saying */
  engineNote = '';
  runs: RunSpec[] = [];
  checkpoints: Checkpoint[][] = [];
  /** W(t) of run 0 at the snapshot steps (d = 2 only), and the start */
  readonly snapshots = new Map<number, Float64Array>();
  latestWeights: Float64Array[] = [];
  shareUrl = '';
  shareNote = '';
  uploadError = '';
  uploadNote = '';
  activePreset: Preset | undefined;
  logScale = true;
  /** the first run's problem, for the safe step-size bound shown beside η before and during a run */
  boundProblem: Problem | undefined;

  #listeners = new Set<Listener>();
  #streams = new Set<RunStream>();
  #engine?: Engine;
  #driver?: Driver;
  #upload?: UploadState;
  #rate: { wall: number; t: number }[] = [];
  #statusTimer = 0;
  /** bumps on every reset so late callbacks of an old run are ignored */
  #generation = 0;

  #autoplay = false;
  #pauseRequested = false;
  #preparing?: Promise<Driver | undefined>;

  /** Reads the experiment from the page's URL (synchronously, so the test hook sees it at once). */
  readUrl(): void {
    const page = readPageQuery(location.search);
    this.experiment = page.experiment;
    this.messages = page.messages;
    this.#autoplay = page.hasExperiment && page.autoplay;
    // a bare link stays bare (reloading it must not start a run); a link with an experiment is rewritten canonically
    if (page.hasExperiment) this.#writeUrl();
    this.#notify();
  }

  /** Restores uploaded data named by the URL; a URL with an experiment then starts running at once. */
  async begin(): Promise<void> {
    if (this.experiment.data === 'upload') await this.#restoreUpload();
    void probeWebGpu().then((why) => {
      this.noWebGpu ||= why;
      this.#notify();
    });
    this.#notify();
    if (this.#autoplay) void this.play();
    else this.#previewSoon();
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stream(stream: RunStream): () => void {
    this.#streams.add(stream);
    stream.reset(this.runs.map((r) => r.label));
    return () => this.#streams.delete(stream);
  }

  get url(): string {
    return `${location.origin}${location.pathname}?${this.#query()}`;
  }

  get hidden(): ReadonlySet<string> {
    return new Set(this.experiment.hide);
  }

  /** Modelled GPU/CPU work rate of the current run. */
  get gflops(): number {
    const p = this.runs[0]?.problem.train;
    if (!p) return 0;
    return (FLOPS_PER_STEP_PER_NDK * p.n * p.d * p.k * this.runs.length * this.stepsPerSecond) / 1e9;
  }

  get secondsLeft(): number | null {
    if (this.state !== 'running' || !(this.stepsPerSecond > 0)) return null;
    return (this.experiment.steps - this.t) / this.stepsPerSecond;
  }

  // ---- settings ----

  /** One field typed by the user (by URL key): kept with a message when wrong, applied (and the run reset) when right. */
  async setField(key: string, raw: string): Promise<void> {
    const param = paramOfKey(key);
    if (!param) return;
    let next: Experiment;
    try {
      const value = parseField(param.field, raw);
      const checked = validateExperiment({ ...this.experiment, [param.field]: value });
      if (checked.errors.length > 0) throw new LabError(checked.errors.map((e) => e.message).join('; '), key);
      next = checked.experiment;
    } catch (e) {
      // the run keeps its last good value until the field is fixed
      this.fieldErrors.set(key, { raw, message: `${userMessage(e)} (not applied)` });
      this.#notify();
      return;
    }
    this.fieldErrors.delete(key);
    await this.#replaceExperiment(next);
  }

  async applyPreset(id: string): Promise<void> {
    const preset = findPreset(id);
    if (!preset) return;
    this.activePreset = preset;
    this.fieldErrors.clear();
    this.messages = [];
    await this.#replaceExperiment({ ...preset.experiment, hide: this.experiment.hide });
    await this.play();
  }

  async #replaceExperiment(next: Experiment): Promise<void> {
    await this.reset();
    this.experiment = next;
    if (next.data !== 'upload') this.uploadError = '';
    this.boundProblem = undefined;
    this.#writeUrl();
    this.#notify();
    this.#previewSoon();
  }

  /** Builds the first run's problem in idle time so the panel can show the safe η bound. */
  #previewSoon(): void {
    const generation = this.#generation;
    const exp = this.experiment;
    if (exp.n * exp.d > PREVIEW_MAX_CELLS || (exp.data === 'upload' && !this.#upload)) return;
    setTimeout(() => {
      if (generation !== this.#generation || this.experiment !== exp || this.boundProblem) return;
      try {
        const { runs } = expandRuns({ ...exp, seeds: exp.seeds.slice(0, 1) }, this.#uploadInput());
        this.boundProblem = runs[0]?.problem;
        this.#notify();
      } catch {
        // the run itself reports what is wrong with these settings
      }
    }, 0);
  }

  // ---- running ----

  async play(): Promise<void> {
    await this.#advance((driver, onCheckpoint) => driver.run(onCheckpoint));
  }

  /** Stops at the next chunk boundary (or as soon as the run has been built). */
  pause(): void {
    if (this.state !== 'running') return;
    this.#pauseRequested = true;
    this.#driver?.pause();
  }

  /** Advances to the next checkpoint. */
  async step(): Promise<void> {
    await this.#advance((driver, onCheckpoint) => driver.step(onCheckpoint));
  }

  async #advance(go: (driver: Driver, onCheckpoint: (batch: Checkpoint[]) => void) => Promise<DriverState>): Promise<void> {
    if (this.state === 'running' || this.state === 'done') return;
    const generation = this.#generation;
    this.#pauseRequested = false;
    this.#setState('running');
    // one build per run, however many clicks arrive while it is under way
    let driver = this.#driver ?? (await (this.#preparing ??= this.#prepare()));
    for (let recoveries = 0; driver && generation === this.#generation; recoveries++) {
      try {
        const pending = go(driver, (batch) => this.#onCheckpoints(batch, generation));
        if (this.#pauseRequested) driver.pause();
        const state = await pending;
        if (generation !== this.#generation) return;
        this.#setState(state === 'done' ? 'done' : 'paused');
        return;
      } catch (e) {
        if (generation !== this.#generation) return;
        // a lost device can surface as a plain GPU error (e.g. an aborted read-back) rather than
        // EngineLostError; resume from the last checkpoint on a fresh device all the same
        const lost = driver.engine.kind === 'gpu' && !(e instanceof LabError) && (await gpuDeviceLost());
        if (!lost || recoveries >= MAX_PAGE_RECOVERIES) {
          this.#fail(e);
          return;
        }
        driver = await this.#resumeOnFreshEngine(driver, generation);
      }
    }
  }

  /** A new engine and driver that carry on from the last checkpoint's weights. */
  async #resumeOnFreshEngine(old: Driver, generation: number): Promise<Driver | undefined> {
    const t = this.checkpoints[0]?.at(-1)?.t ?? 0;
    const W = old.lastWeights();
    try {
      old.engine.dispose();
    } catch {
      // the lost device's resources are gone already
    }
    const opened = await openEngine(this.experiment.engine);
    await opened.engine.load(this.runs, W.length === this.runs.length ? { t, W } : undefined);
    if (generation !== this.#generation) {
      opened.engine.dispose();
      return undefined;
    }
    this.#engine = opened.engine;
    this.engineName = engineLabel(opened.engine);
    this.#driver = new Driver(opened.engine, this.runs, this.#driverOptions());
    this.messages = [
      ...this.messages,
      { level: 'warning', field: 'engine', text: `the GPU device was lost; the runs resumed from their checkpoint at t = ${t} on ${this.engineName}` },
    ];
    this.#notify();
    return this.#driver;
  }

  async reset(): Promise<void> {
    this.#generation++;
    const runLabels = new Set(this.runs.map((r) => r.label));
    this.#driver?.abort();
    // the driver may have swapped in a fresh engine after a lost device
    const engines = new Set([this.#engine, this.#driver?.engine]);
    for (const engine of engines) engine?.dispose();
    this.#driver = undefined;
    this.#preparing = undefined;
    this.#engine = undefined;
    this.runs = [];
    this.checkpoints = [];
    this.latestWeights = [];
    this.snapshots.clear();
    this.t = 0;
    this.stepsPerSecond = 0;
    this.#rate = [];
    // run failures, engine notes and diverged-run warnings belong to the run that is gone
    this.messages = this.messages.filter((m) => m.field !== 'run' && m.field !== 'engine' && !(m.field && runLabels.has(m.field)));
    for (const s of this.#streams) s.reset([]);
    this.#setState('idle');
  }

  /** Builds data, SVM targets and the engine for the current experiment. */
  async #prepare(): Promise<Driver | undefined> {
    const generation = this.#generation;
    try {
      if (this.experiment.data === 'upload' && !this.#upload) {
        throw new LabError('this link names uploaded data that this browser does not have; choose the file again below', 'upload');
      }
      const { runs } = expandRuns(this.experiment, this.#uploadInput());
      const opened = await openEngine(this.experiment.engine);
      if (generation !== this.#generation) {
        opened.engine.dispose();
        return undefined;
      }
      if (opened.noWebGpu) this.noWebGpu = opened.noWebGpu;
      this.engineNote = opened.note ?? '';
      this.#engine = opened.engine;
      await opened.engine.load(runs);
      this.engineName = engineLabel(opened.engine);
      this.runs = [...runs];
      this.boundProblem = runs[0]?.problem;
      this.checkpoints = runs.map(() => []);
      this.latestWeights = runs.map((r) => r.W0);
      if (this.experiment.d === 2 && this.experiment.snapshots.includes(0)) this.snapshots.set(0, runs[0].W0);
      for (const s of this.#streams) s.reset(runs.map((r) => r.label));
      this.#driver = new Driver(opened.engine, runs, this.#driverOptions());
      return this.#driver;
    } catch (e) {
      if (generation === this.#generation) {
        this.#preparing = undefined; // the next Play tries again
        this.#fail(e);
      }
      return undefined;
    }
  }

  #driverOptions(): DriverOptions {
    return {
      steps: this.experiment.steps,
      extraCheckpoints: this.experiment.snapshots,
      onLost: () => this.#onLost(),
      yieldToEventLoop: true,
    };
  }

  async #onLost(): Promise<Engine> {
    this.messages = [
      ...this.messages,
      { level: 'warning', field: 'engine', text: 'the GPU device was lost; the runs resume from their last checkpoint on a fresh engine' },
    ];
    this.#notify();
    const opened = await openEngine(this.experiment.engine);
    this.#engine = opened.engine;
    this.engineName = engineLabel(opened.engine);
    if (opened.noWebGpu) this.noWebGpu = opened.noWebGpu;
    return opened.engine;
  }

  #onCheckpoints(batch: readonly Checkpoint[], generation: number): void {
    if (generation !== this.#generation) return;
    for (const c of batch) {
      const series = this.checkpoints[c.run];
      if (!series) continue;
      if (c.status === 'diverged' && series.at(-1)?.status !== 'diverged') {
        const label = this.runs[c.run]?.label ?? `run ${c.run}`;
        this.messages = [...this.messages, { level: 'warning', field: label, text: c.message ?? `diverged at t = ${c.t}` }];
      }
      series.push(c);
    }
    const t = batch[0]?.t ?? this.t;
    this.t = t;
    this.#measureRate(t);
    const weights = this.#driver?.lastWeights();
    if (weights) {
      this.latestWeights = [...weights];
      if (this.experiment.d === 2 && this.experiment.snapshots.includes(t)) this.snapshots.set(t, weights[0]);
    }
    for (const s of this.#streams) s.checkpoints(batch);
    this.#notifySoon();
  }

  #measureRate(t: number): void {
    const wall = performance.now();
    this.#rate.push({ wall, t });
    while (this.#rate.length > 2 && wall - this.#rate[0].wall > RATE_WINDOW_MS) this.#rate.shift();
    const first = this.#rate[0];
    this.stepsPerSecond = wall > first.wall ? ((t - first.t) * 1000) / (wall - first.wall) : 0;
  }

  #fail(e: unknown): void {
    const field = e instanceof LabError ? e.field : undefined;
    this.messages = [...this.messages, { level: 'error', text: userMessage(e), field: field ?? 'run' }];
    this.#setState('error');
    if (!(e instanceof LabError)) console.error(e);
  }

  // ---- upload ----

  async upload(file: File): Promise<void> {
    this.uploadError = '';
    this.uploadNote = '';
    let text: string;
    let dataset: ImportedDataset;
    try {
      text = await file.text();
      dataset = parseDatasetFile(file.name, text);
    } catch (e) {
      this.uploadError = `${file.name}: ${userMessage(e)}`;
      this.#notify();
      return;
    }
    const hash = await contentHash(text);
    try {
      await saveUpload({ hash, name: file.name, text, savedAt: Date.now() });
    } catch (e) {
      this.uploadNote = `kept for this page only: the browser refused to store it (${userMessage(e)})`;
    }
    this.#upload = { hash, name: file.name, dataset };
    this.messages = this.messages.filter((m) => m.field !== 'upload');
    this.uploadNote ||= `${file.name}: N = ${dataset.n}, d = ${dataset.d}, K = ${dataset.k}; kept in this browser only, the link names it by hash ${hash}`;
    this.fieldErrors.clear();
    await this.#replaceExperiment({ ...this.experiment, data: 'upload', upload: hash, n: dataset.n, d: dataset.d, k: dataset.k });
  }

  #uploadInput(): { train: Dataset; name: string } | undefined {
    return this.experiment.data === 'upload' && this.#upload ? { train: this.#upload.dataset, name: this.#upload.name } : undefined;
  }

  async #restoreUpload(): Promise<void> {
    const hash = this.experiment.upload;
    const stored = hash ? await loadUpload(hash).catch(() => undefined) : undefined;
    if (!stored) {
      this.uploadError = `this link uses uploaded data (hash ${hash || 'none'}) that this browser does not have: choose the same file to run it`;
      this.messages = [...this.messages, { level: 'error', field: 'upload', text: this.uploadError }];
      return;
    }
    try {
      this.#upload = { hash, name: stored.name, dataset: parseDatasetFile(stored.name, stored.text) };
      this.uploadNote = `${stored.name} (stored in this browser)`;
    } catch (e) {
      this.uploadError = `${stored.name}: ${userMessage(e)}`;
    }
  }

  // ---- sharing ----

  async share(): Promise<void> {
    this.shareUrl = this.url;
    try {
      await navigator.clipboard.writeText(this.shareUrl);
      this.shareNote = 'copied';
    } catch {
      this.shareNote = 'select and copy the link below';
    }
    this.#notify();
  }

  setLogScale(log: boolean): void {
    this.logScale = log;
    this.#notify();
  }

  // ---- plumbing ----

  #query(): string {
    return encodeExperiment(this.experiment).replace(/^\?/, '');
  }

  #writeUrl(): void {
    const extras = new URLSearchParams(location.search);
    const kept = [...extras].filter(([key]) => PAGE_ONLY_KEYS.includes(key));
    const query = [this.#query(), ...kept.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)].filter(Boolean).join('&');
    history.replaceState(null, '', `${location.pathname}?${query}${location.hash}`);
    this.shareUrl = '';
    this.shareNote = '';
  }

  #setState(state: RunState): void {
    this.state = state;
    this.#notify();
  }

  #notifySoon(): void {
    if (this.#statusTimer) return;
    this.#statusTimer = window.setTimeout(() => {
      this.#statusTimer = 0;
      this.#notify();
    }, STATUS_INTERVAL_MS);
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}

function engineLabel(engine: Engine): string {
  return engine.kind === 'gpu' ? `GPU · ${engine.device}` : engine.device;
}

/** The message a user sees: a LabError's text, otherwise a short description without a stack. */
export function userMessage(e: unknown): string {
  if (e instanceof LabError) return e.message;
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}
