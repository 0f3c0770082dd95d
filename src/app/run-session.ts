// The page's run lifecycle: builds the runs and their engine for the experiment the controller
// holds, drives them checkpoint by checkpoint (play / pause / step / reset), and keeps what the
// runs produced (checkpoints, weights, snapshots, speed). A lost GPU device is the GPU engine's to
// recover from (src/gpu/recovering-engine.ts); this class only says so. The controller owns the
// settings, the URL and the messages; this class reports to it through RunHost.
import { Driver, type DriverOptions, type DriverState } from '../core/engine/driver.ts';
import { engineChoiceOf } from '../core/experiment/batch-params.ts';
import { LabError, type Checkpoint, type Dataset, type Engine, type Experiment, type RunSpec } from '../core/types.ts';
import type { BannerMessage } from '../../components/lab-banners.ts';
import type { PlayState } from '../../components/controls/run-controls.ts';
import { describeResume, type ResumeEvent } from '../gpu/recovering-engine.ts';
import { openEngine } from './engines/engine-factory.ts';
import { PreparationCancelled, PreparationTracker } from './engines/page-preparation.ts';
import { divergedRunsText, userMessage } from './state/user-message.ts';
import { SWEEP_MAP_MIN_RUNS } from './charts/sweep-view.ts';
import { StepRate } from './state/step-rate.ts';

/** Steps per second are averaged over this window. */

export interface RunStream {
  /** a new set of runs (or none): charts start over */
  reset(labels: readonly string[]): void;
  /** one checkpoint of every run at the same t */
  checkpoints(batch: readonly Checkpoint[]): void;
}

/** What the run lifecycle needs from the page's controller. */
interface RunHost {
  /** the settings the next run is built from */
  experiment(): Experiment;
  /** the uploaded data set, when the experiment names one this browser has */
  uploadInput(): { train: Dataset; name: string } | undefined;
  addMessage(message: BannerMessage): void;
  dropMessages(drop: (message: BannerMessage) => boolean): void;
  /** the engine factory found no usable WebGPU, and why */
  noWebGpu(why: string): void;
  /** the runs have been built (before the first step) */
  built(runs: readonly RunSpec[]): void;
  /** something visible changed: redraw now */
  changed(): void;
  /** a checkpoint arrived: redraw soon */
  progressed(): void;
}

export class RunSession {
  state: PlayState = 'idle';
  t = 0;
  /** steps/s, smoothed over checkpoints (state/step-rate.ts); 0 until there is an estimate */
  get stepsPerSecond(): number {
    return this.#rate.stepsPerSecond;
  }
  engineName = '';
  /** why this engine was chosen, when that is worth saying */
  engineNote = '';
  runs: RunSpec[] = [];
  checkpoints: Checkpoint[][] = [];
  /** W(t) of run 0 at the snapshot steps (d = 2 only), and the start */
  readonly snapshots = new Map<number, Float64Array>();
  latestWeights: Float64Array[] = [];
  /** data sets and SVM targets are prepared in a worker (app/preparation.ts): its progress, and Cancel */
  readonly preparation: PreparationTracker;

  readonly #host: RunHost;
  #cancelNote?: BannerMessage;
  /** a sweep's one banner for its diverged runs, their count and the first one's message */
  #divergedNote?: BannerMessage;
  #divergedRuns = 0;
  #firstDiverged?: string;
  #streams = new Set<RunStream>();
  #engine?: Engine;
  #driver?: Driver;
  #rate = new StepRate();
  /** bumps on every reset so late callbacks of an old run are ignored */
  #generation = 0;
  #pauseRequested = false;
  #preparing?: Promise<Driver | undefined>;

  constructor(host: RunHost) {
    this.#host = host;
    this.preparation = new PreparationTracker(() => host.progressed());
  }

  /** Stops the preparation under way (Cancel); the settings stay as they are. */
  cancelPreparation(): void {
    if (this.preparation.active) this.preparation.cancel();
  }

  /** Changes on every reset: work started for an older value is stale. */
  get generation(): number {
    return this.#generation;
  }

  stream(stream: RunStream): () => void {
    this.#streams.add(stream);
    stream.reset(this.runs.map((r) => r.label));
    return () => this.#streams.delete(stream);
  }

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

  async #advance(
    go: (driver: Driver, onCheckpoint: (batch: Checkpoint[]) => void) => Promise<DriverState>,
  ): Promise<void> {
    if (this.state === 'running' || this.state === 'done') return;
    const generation = this.#generation;
    this.#pauseRequested = false;
    this.#rate.resume();
    this.#setState('running');
    // one build per run, however many clicks arrive while it is under way
    const driver = this.#driver ?? (await (this.#preparing ??= this.#prepare()));
    // a build that failed before its first await cleared #preparing before ??= stored it: clear it
    // here, or the next Play would wait on that settled promise and stay "running" for ever
    if (!driver && generation === this.#generation) this.#preparing = undefined;
    if (!driver || generation !== this.#generation) return;
    try {
      const pending = go(driver, (batch) => this.#onCheckpoints(batch, generation));
      if (this.#pauseRequested) driver.pause();
      const state = await pending;
      // a GPU error stopped the run: it stays flagged as failed, not paused
      if (generation !== this.#generation || this.state === 'error') return;
      if (state === 'done') this.#showDivergedRuns(true);
      this.#setState(state === 'done' ? 'done' : 'paused');
    } catch (e) {
      if (generation === this.#generation) this.#fail(e);
    }
  }

  async reset(): Promise<void> {
    this.#generation++;
    this.preparation.cancel();
    const runLabels = new Set(this.runs.map((r) => r.label));
    this.#driver?.abort();
    this.#engine?.dispose();
    this.#driver = undefined;
    this.#preparing = undefined;
    this.#engine = undefined;
    this.runs = [];
    this.checkpoints = [];
    this.latestWeights = [];
    this.snapshots.clear();
    this.t = 0;
    this.#rate.reset();
    // run failures, engine notes and diverged-run warnings belong to the run that is gone
    this.#host.dropMessages((m) => m.field === 'run' || m.field === 'engine' || (!!m.field && runLabels.has(m.field)));
    for (const s of this.#streams) s.reset([]);
    this.#setState('idle');
  }

  /** Builds data, SVM targets, every norm's γ_p and the engine for the current experiment. */
  async #prepare(): Promise<Driver | undefined> {
    const generation = this.#generation;
    const experiment = this.#host.experiment();
    this.#host.dropMessages((m) => m === this.#cancelNote);
    try {
      const upload = this.#host.uploadInput();
      if (experiment.data === 'upload' && !upload) {
        throw new LabError(
          'this link names uploaded data that this browser does not have; choose the file again below',
          'upload',
        );
      }
      // data sets, SVM targets and every norm's γ_p (once per data set) are built off the page's thread,
      // with progress and Cancel
      const prepared = await this.preparation.run(experiment, upload);
      if (generation !== this.#generation) return undefined;
      const runs = prepared.runs;
      if (prepared.normsError) {
        this.#host.addMessage({
          level: 'warning',
          field: 'run',
          text: `margins in other norms (ρ) unavailable: ${prepared.normsError}`,
        });
      }
      const opened = await openEngine(
        // auto with mini-batches: the CPU engine, the one that has them
        engineChoiceOf(experiment),
        (event) => this.#onResume(event, generation),
        (text) => this.#onGpuError(text, generation),
      );
      if (generation !== this.#generation) {
        opened.engine.dispose();
        return undefined;
      }
      if (opened.noWebGpu) this.#host.noWebGpu(opened.noWebGpu);
      this.engineNote = opened.note ?? '';
      this.#engine = opened.engine;
      await opened.engine.load(runs);
      this.engineName = engineLabel(opened.engine);
      this.runs = [...runs];
      this.#divergedRuns = 0;
      this.#firstDiverged = undefined;
      this.#host.built(runs);
      this.checkpoints = runs.map(() => []);
      this.latestWeights = runs.map((r) => r.W0);
      if (experiment.d === 2 && experiment.snapshots.includes(0)) this.snapshots.set(0, runs[0].W0);
      for (const s of this.#streams) s.reset(runs.map((r) => r.label));
      this.#driver = new Driver(opened.engine, runs, this.#driverOptions());
      return this.#driver;
    } catch (e) {
      if (generation === this.#generation) {
        this.#preparing = undefined; // the next Play tries again
        if (e instanceof PreparationCancelled) this.#cancelled();
        else this.#fail(e);
      }
      return undefined;
    }
  }

  #driverOptions(): DriverOptions {
    const experiment = this.#host.experiment();
    return {
      steps: experiment.steps,
      extraCheckpoints: experiment.snapshots,
      yieldToEventLoop: true,
    };
  }

  /** The GPU engine lost its device and resumed from its last checkpoint: say where. */
  #onResume(event: ResumeEvent, generation: number): void {
    if (generation !== this.#generation) return;
    this.engineName = engineLabel(event.engine);
    this.#host.addMessage({ level: 'warning', field: 'engine', text: describeResume(event) });
    this.#host.changed();
  }

  /**
   * The GPU raised an error no error scope caught (validation, out of memory): its buffers can no
   * longer be trusted, so the run stops and the banner says why, once, instead of drawing wrong curves.
   */
  #onGpuError(text: string, generation: number): void {
    if (generation !== this.#generation || this.state === 'error') return;
    this.#driver?.abort();
    this.#host.addMessage({ level: 'error', field: 'engine', text });
    this.#setState('error');
  }

  #onCheckpoints(batch: readonly Checkpoint[], generation: number): void {
    if (generation !== this.#generation) return;
    for (const c of batch) {
      const series = this.checkpoints[c.run];
      if (!series) continue;
      if (c.status === 'diverged' && series.at(-1)?.status !== 'diverged') this.#diverged(c);
      series.push(c);
    }
    const t = batch[0]?.t ?? this.t;
    this.t = t;
    this.#measureRate(t);
    const weights = this.#driver?.lastWeights();
    if (weights) {
      this.latestWeights = [...weights];
      const experiment = this.#host.experiment();
      if (experiment.d === 2 && experiment.snapshots.includes(t)) this.snapshots.set(t, weights[0]);
    }
    for (const s of this.#streams) s.checkpoints(batch);
    this.#host.progressed();
  }

  /** A run has just diverged: its own banner, or in a sweep one banner that counts them. */
  #diverged(c: Checkpoint): void {
    const label = this.runs[c.run]?.label ?? `run ${c.run}`;
    const text = c.message ?? `diverged at t = ${c.t}`;
    if (this.runs.length < SWEEP_MAP_MIN_RUNS) {
      this.#host.addMessage({ level: 'warning', field: label, text });
      return;
    }
    this.#divergedRuns += 1;
    this.#firstDiverged ??= `${label}: ${text}`;
    this.#showDivergedRuns(false);
  }

  /** The diverged runs' banner, replacing the last one: "so far" until the run is done. */
  #showDivergedRuns(finished: boolean): void {
    if (this.#divergedRuns === 0 || this.#firstDiverged === undefined) return;
    this.#host.dropMessages((m) => m === this.#divergedNote);
    this.#divergedNote = {
      level: 'warning',
      field: 'diverged runs',
      text: divergedRunsText(this.#divergedRuns, this.runs.length, this.#firstDiverged, finished),
    };
    this.#host.addMessage(this.#divergedNote);
  }

  #cancelled(): void {
    this.#cancelNote = {
      level: 'warning',
      field: 'run',
      text: 'preparation cancelled; the settings are kept: press Play to prepare them again, or lower n, d, k or the seeds to prepare faster',
    };
    this.#host.addMessage(this.#cancelNote);
    this.#setState('idle');
  }

  #measureRate(t: number): void {
    this.#rate.add(performance.now(), t);
  }

  /** Seconds until t = steps, counted down from the last checkpoint; null until there is an estimate. */
  secondsLeft(steps: number): number | null {
    return this.#rate.secondsLeft(steps, performance.now());
  }

  #fail(e: unknown): void {
    const field = e instanceof LabError ? e.field : undefined;
    this.#host.addMessage({ level: 'error', text: userMessage(e), field: field ?? 'run' });
    this.#setState('error');
    if (!(e instanceof LabError)) console.error(e);
  }

  #setState(state: PlayState): void {
    this.state = state;
    this.#host.changed();
  }
}

function engineLabel(engine: Engine): string {
  return engine.kind === 'gpu' ? `GPU · ${engine.device}` : engine.device;
}
