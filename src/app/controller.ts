// The page's one owner of state: the experiment (mirrored into the URL), the uploaded data and
// every message shown; the run itself (engine, driver, checkpoints) is its RunSession's. Components
// render what it exposes and send it actions; nothing else changes state.
import { DEFAULT_EXPERIMENT, paramOfKey, parseField, validateExperiment } from '../core/experiment/experiment.ts';
import { formatBytes, LIMITS, preparationCost } from '../core/sizes/size-limits.ts';
import { preparationShape } from '../core/sizes/preparation-shape.ts';
import type { ImportedDataset } from '../core/data/data-import.ts';
import { encodeExperiment } from '../core/experiment/url.ts';
import { LabError, type Checkpoint, type Dataset, type Experiment, type Problem, type RunSpec } from '../core/types.ts';
import type { BannerMessage } from '../../components/lab-banners.ts';
import type { PlayState } from '../../components/controls/run-controls.ts';
import { probeWebGpu } from './engines/engine-factory.ts';
import { parseOffThread, prepareOffThread, type PreparationTracker } from './engines/page-preparation.ts';
import { findPreset, type Preset } from './state/presets.ts';
import { RunSession, type RunStream } from './run-session.ts';
import { contentHash, loadUpload, saveUpload } from './state/uploads.ts';
import { readPageQuery, PAGE_ONLY_KEYS } from './state/url-state.ts';
import { fieldMessage, userMessage } from './state/user-message.ts';

/** Redraw the status at most this often (the charts have their own per-frame limit). */
const STATUS_INTERVAL_MS = 100;
/** Build the first data set (and SVM) ahead of a run, for the η bound, only when the limits table estimates it this quick. */
const PREVIEW_MAX_SECONDS = 1;
/** Flops of one GD step per run: two N×d×K products, a multiply-add each (docs/numerics.md, section 5). */
const FLOPS_PER_STEP_PER_NDK = 4;

type Listener = () => void;

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
  shareUrl = '';
  shareNote = '';
  uploadError = '';
  uploadNote = '';
  activePreset: Preset | undefined;
  /** the first run's problem, for the safe step-size bound shown beside η before and during a run */
  boundProblem: Problem | undefined;

  #listeners = new Set<Listener>();
  #upload?: UploadState;
  #statusTimer = 0;
  #autoplay = false;
  #preview?: { cancel(): void };
  readonly #session = new RunSession({
    experiment: () => this.experiment,
    uploadInput: () => this.#uploadInput(),
    addMessage: (message) => {
      // a second Play on the same bad input says the same thing once
      if (this.messages.some((m) => m.level === message.level && m.field === message.field && m.text === message.text))
        return;
      this.messages = [...this.messages, message];
    },
    dropMessages: (drop) => {
      this.messages = this.messages.filter((m) => !drop(m));
    },
    noWebGpu: (why) => {
      this.noWebGpu = why;
    },
    built: (runs) => {
      this.boundProblem = runs[0]?.problem;
    },
    changed: () => this.#notify(),
    progressed: () => this.#notifySoon(),
  });

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
    return this.#session.stream(stream);
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
    if (this.state !== 'running') return null;
    return this.#session.secondsLeft(this.experiment.steps);
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
      // the run keeps its last good value until the field is fixed; Play waits for that too
      this.fieldErrors.set(key, { raw, message: fieldMessage(userMessage(e), [key, param.field]) });
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
    await this.#replaceExperiment({ ...preset.experiment, hide: this.experiment.hide, scale: this.experiment.scale });
    await this.play();
  }

  async #replaceExperiment(next: Experiment): Promise<void> {
    await this.reset();
    // messages belong to the experiment they were raised for (a link's problems, a failed run)
    this.messages = [];
    this.experiment = next;
    if (next.data !== 'upload') this.uploadError = '';
    this.boundProblem = undefined;
    this.#writeUrl();
    this.#notify();
    this.#previewSoon();
  }

  /** Builds the first run's problem in a worker when that is quick, so the panel can show the safe η bound. */
  #previewSoon(): void {
    const generation = this.#session.generation;
    const exp = { ...this.experiment, seeds: this.experiment.seeds.slice(0, 1) };
    if (exp.data === 'upload' && !this.#upload) return;
    if (preparationCost(preparationShape(exp, this.#uploadInput())).seconds > PREVIEW_MAX_SECONDS) return;
    this.#preview?.cancel();
    const preview = prepareOffThread(exp, this.#uploadInput());
    this.#preview = preview;
    preview.result.then(
      ({ runs }) => {
        if (generation !== this.#session.generation || this.boundProblem) return;
        this.boundProblem = runs[0]?.problem;
        this.#notify();
      },
      () => {
        // the run itself reports what is wrong with these settings
      },
    );
  }

  // ---- running (the run lifecycle lives in RunSession) ----

  get state(): PlayState {
    return this.#session.state;
  }

  get t(): number {
    return this.#session.t;
  }

  get stepsPerSecond(): number {
    return this.#session.stepsPerSecond;
  }

  get engineName(): string {
    return this.#session.engineName;
  }

  /** why this engine was chosen, when that is worth saying */
  get engineNote(): string {
    return this.#session.engineNote;
  }

  get runs(): RunSpec[] {
    return this.#session.runs;
  }

  get checkpoints(): Checkpoint[][] {
    return this.#session.checkpoints;
  }

  /** W(t) of run 0 at the snapshot steps (d = 2 only), and the start */
  get snapshots(): ReadonlyMap<number, Float64Array> {
    return this.#session.snapshots;
  }

  get latestWeights(): Float64Array[] {
    return this.#session.latestWeights;
  }

  /** Why Play and Step are off: fields in red are not applied, so running would not run what is shown. */
  get blockedReason(): string {
    if (this.fieldErrors.size === 0) return '';
    const keys = [...this.fieldErrors.keys()];
    return `Play is off until ${keys.length > 1 ? 'the fields' : 'the field'} ${keys.join(', ')} ${keys.length > 1 ? 'are' : 'is'} fixed (red below)`;
  }

  play(): Promise<void> {
    if (this.blockedReason) return Promise.resolve();
    return this.#session.play();
  }

  /** Stops at the next chunk boundary (or as soon as the run has been built). */
  pause(): void {
    this.#session.pause();
  }

  /** Advances to the next checkpoint. */
  step(): Promise<void> {
    if (this.blockedReason) return Promise.resolve();
    return this.#session.step();
  }

  /** data sets and SVM targets being prepared in a worker: progress for the view, and Cancel */
  get preparation(): PreparationTracker {
    return this.#session.preparation;
  }

  /** Stops the preparation under way (Cancel); the settings stay as they are. */
  cancelPreparation(): void {
    this.#session.cancelPreparation();
  }

  reset(): Promise<void> {
    this.#preview?.cancel();
    return this.#session.reset();
  }

  // ---- upload ----

  async upload(file: File): Promise<void> {
    this.uploadError = '';
    this.uploadNote = '';
    let text: string;
    let dataset: ImportedDataset;
    try {
      // refused by size before it is read; parsed off the page's thread
      if (file.size > LIMITS.fileBytes) {
        throw new LabError(
          `the file has ${formatBytes(file.size)}, beyond the lab's ${formatBytes(LIMITS.fileBytes)} for a data file; keep fewer rows or columns`,
          'file',
        );
      }
      text = await file.text();
      dataset = await parseOffThread(file.name, text);
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
    await this.#replaceExperiment({
      ...this.experiment,
      data: 'upload',
      upload: hash,
      n: dataset.n,
      d: dataset.d,
      k: dataset.k,
    });
  }

  #uploadInput(): { train: Dataset; name: string } | undefined {
    return this.experiment.data === 'upload' && this.#upload
      ? { train: this.#upload.dataset, name: this.#upload.name }
      : undefined;
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
      this.#upload = { hash, name: stored.name, dataset: await parseOffThread(stored.name, stored.text) };
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

  /** Log-log or linear chart axes: a view setting kept in the link (scale=), so the run goes on. */
  setLogScale(log: boolean): void {
    this.experiment = { ...this.experiment, scale: log ? 'log' : 'lin' };
    this.#writeUrl();
    this.#notify();
  }

  // ---- plumbing ----

  #query(): string {
    return encodeExperiment(this.experiment).replace(/^\?/, '');
  }

  #writeUrl(): void {
    const extras = new URLSearchParams(location.search);
    const kept = [...extras].filter(([key]) => PAGE_ONLY_KEYS.includes(key));
    const query = [this.#query(), ...kept.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)]
      .filter(Boolean)
      .join('&');
    history.replaceState(null, '', `${location.pathname}?${query}${location.hash}`);
    this.shareUrl = '';
    this.shareNote = '';
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
