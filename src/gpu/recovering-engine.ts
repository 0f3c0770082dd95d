// The lab's one answer to a lost GPU device, for the page and the command line alike. It wraps the
// GPU engine: when a call fails with EngineLostError it loads the runs, from the last checkpoint's
// t and W, onto a GPU engine on a fresh device, or, when no fresh device can be had (or it is lost
// again at once), onto the fallback engine (float64 CPU); replays the steps since that checkpoint;
// finishes the call; and says so through onResume. Callers see no error and t never moves back.
import { EngineLostError, type Checkpoint, type Engine, type ResumeState, type RunSpec } from '../core/types.ts';

/** Fresh devices tried in a row, each lost before its call completed, before the fallback engine takes over. */
export const MAX_FRESH_DEVICES = 2;

/** A GPU engine: it keeps t and W of its last checkpoint, to resume from after a lost device. */
export interface ResumableEngine extends Engine {
  readonly lastCheckpoint: ResumeState | undefined;
}

/** What happened, for the page's banner and the command line's stderr. */
export interface ResumeEvent {
  /** the checkpoint the runs resumed from */
  readonly t: number;
  /** why the old engine stopped (the EngineLostError's reason) */
  readonly cause: string;
  /** the engine now running the runs */
  readonly engine: Engine;
  /** why no fresh GPU device took over, when the fallback engine did */
  readonly noFreshDevice?: string;
}

export interface RecoveryOptions {
  /** a GPU engine on a fresh device (not yet loaded); throws when none can be had */
  fresh: () => Promise<ResumableEngine>;
  /** the engine that finishes the runs when no fresh device can be had: the float64 CPU engine */
  fallback: () => Engine | Promise<Engine>;
  onResume?: (event: ResumeEvent) => void;
}

/** One sentence for a resume, the same on the page and in the command line. */
export function describeResume(event: ResumeEvent): string {
  const on =
    event.engine.kind === 'gpu' ? `a fresh GPU device (${event.engine.device})` : `the ${event.engine.device} engine`;
  const why = event.noFreshDevice ? ` since no fresh GPU device could be had (${event.noFreshDevice})` : '';
  return `the GPU device was lost (${event.cause}); the runs resumed from their checkpoint at t = ${event.t} on ${on}${why}`;
}

export class RecoveringEngine implements Engine {
  #inner: Engine;
  readonly #options: RecoveryOptions;
  #runs: readonly RunSpec[] = [];
  /** where the runs were loaded from: what a replacement resumes from when the lost engine has no checkpoint of its own */
  #resumeFrom: ResumeState | undefined;
  /** a replacement engine not yet loaded with the runs, and what to report once it is */
  #pending: { event: Omit<ResumeEvent, 'engine'> } | undefined;
  /** resumes so far, oldest first */
  readonly resumes: ResumeEvent[] = [];

  constructor(engine: ResumableEngine, options: RecoveryOptions) {
    this.#inner = engine;
    this.#options = options;
  }

  get kind(): Engine['kind'] {
    return this.#inner.kind;
  }

  get device(): string {
    return this.#inner.device;
  }

  get t(): number {
    return this.#inner.t;
  }

  /** The engine running the runs now (the first GPU engine until a device is lost). */
  get current(): Engine {
    return this.#inner;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    this.#runs = runs;
    this.#resumeFrom = resume;
    this.#pending = undefined;
    await this.#call((engine) => engine.load(runs, resume));
  }

  async advance(steps: number): Promise<void> {
    const goal = this.t + steps;
    await this.#call((engine) => engine.advance(goal - engine.t));
  }

  async checkpoint(): Promise<Checkpoint[]> {
    const goal = this.t;
    return this.#call(async (engine) => {
      await catchUp(engine, goal);
      return engine.checkpoint();
    });
  }

  async weights(run: number): Promise<Float64Array> {
    const goal = this.t;
    return this.#call(async (engine) => {
      await catchUp(engine, goal);
      return engine.weights(run);
    });
  }

  async allWeights(): Promise<Float64Array[]> {
    const goal = this.t;
    return this.#call(async (engine) => {
      await catchUp(engine, goal);
      return engine.allWeights();
    });
  }

  dispose(): void {
    this.#inner.dispose();
  }

  /** Runs `work` on the current engine; on a lost device, on the engine that replaces it (from its last checkpoint). */
  async #call<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    for (let losses = 0; ;) {
      try {
        if (this.#pending) await this.#loadReplacement(this.#pending.event);
        return await work(this.#inner);
      } catch (err) {
        if (!(err instanceof EngineLostError) || !isResumable(this.#inner)) throw err;
        losses++;
        await this.#replace(this.#inner, err, losses);
      }
    }
  }

  /** Swaps in a fresh GPU engine, or the fallback one after MAX_FRESH_DEVICES losses or when none can be had. */
  async #replace(lost: ResumableEngine, err: EngineLostError, losses: number): Promise<void> {
    const resume = lost.lastCheckpoint ?? this.#resumeFrom;
    try {
      lost.dispose();
    } catch {
      // the lost device's resources are gone already
    }
    let noFreshDevice: string | undefined;
    let next: Engine | undefined;
    if (losses <= MAX_FRESH_DEVICES) {
      try {
        next = await this.#options.fresh();
      } catch (e) {
        noFreshDevice = e instanceof Error ? e.message : String(e);
      }
    } else {
      noFreshDevice = `${MAX_FRESH_DEVICES} fresh devices were lost in a row`;
    }
    this.#inner = next ?? (await this.#options.fallback());
    this.#resumeFrom = resume;
    this.#pending = { event: { t: resume?.t ?? 0, cause: err.reason, ...(noFreshDevice ? { noFreshDevice } : {}) } };
  }

  /** Loads the runs onto the replacement at the last checkpoint, then says so. */
  async #loadReplacement(event: Omit<ResumeEvent, 'engine'>): Promise<void> {
    const engine = this.#inner;
    if (this.#runs.length > 0) await engine.load(this.#runs, this.#resumeFrom);
    this.#pending = undefined;
    const done: ResumeEvent = { ...event, engine };
    this.resumes.push(done);
    this.#options.onResume?.(done);
  }
}

function isResumable(engine: Engine): engine is ResumableEngine {
  return 'lastCheckpoint' in engine;
}

/** A replacement engine starts at the last checkpoint: it replays the steps up to where the caller is. */
async function catchUp(engine: Engine, goal: number): Promise<void> {
  if (engine.t < goal) await engine.advance(goal - engine.t);
}
