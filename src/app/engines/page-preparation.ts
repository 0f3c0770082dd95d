// The page's preparation of an experiment (data, SVM targets, σ_max, every norm's γ_p) and the parsing of an uploaded
// file, in a Web Worker: the page's thread only posts the work and receives progress and the result,
// so it stays responsive however large the experiment, and Cancel ends the worker at once.
import type { ImportedDataset } from '../../core/data/data-import.ts';
import type { PrepareUpload } from '../../core/sizes/preparation-shape.ts';
import type { PrepareProgress } from '../../core/engine/experiment-preparation.ts';
import { LabError, type Experiment, type Problem, type RunSpec } from '../../core/types.ts';

export type PrepareRequest =
  | { readonly op: 'prepare'; readonly experiment: Experiment; readonly upload?: PrepareUpload }
  | { readonly op: 'parse'; readonly fileName: string; readonly text: string };

export type PrepareReply =
  | { readonly kind: 'progress'; readonly progress: PrepareProgress }
  | { readonly kind: 'done'; readonly problems: Problem[]; readonly runs: RunSpec[]; readonly normsError?: string }
  | { readonly kind: 'parsed'; readonly dataset: ImportedDataset }
  | {
      readonly kind: 'error';
      readonly error: { readonly name: string; readonly message: string; readonly field?: string };
    };

/** What a cancelled preparation rejects with: not a failure, so the page shows no error for it. */
export class PreparationCancelled extends Error {
  constructor() {
    super('preparation cancelled');
    this.name = 'PreparationCancelled';
  }
}

/** A prepared experiment: its runs carry their problems' γ_p unless `normsError` says why not. */
interface Prepared {
  readonly problems: Problem[];
  readonly runs: RunSpec[];
  readonly normsError?: string;
}

interface PreparationHandle {
  readonly result: Promise<Prepared>;
  /** ends the worker; `result` rejects with PreparationCancelled */
  cancel(): void;
}

/** Starts preparing `experiment` in a fresh worker; progress arrives through `onProgress`. */
export function prepareOffThread(
  experiment: Experiment,
  upload: PrepareUpload | undefined,
  onProgress: (progress: PrepareProgress) => void = () => {},
): PreparationHandle {
  const worker = preparationWorker();
  let settle: { resolve: (r: Prepared) => void; reject: (e: Error) => void } | undefined;
  const result = new Promise<Prepared>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (outcome: Prepared | Error) => {
    const pending = settle;
    settle = undefined;
    worker.terminate();
    if (!pending) return;
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  };
  worker.onmessage = (event: MessageEvent<PrepareReply>) => {
    const reply = event.data;
    if (reply.kind === 'progress') {
      if (settle) onProgress(reply.progress);
    } else if (reply.kind === 'done') {
      finish({ problems: reply.problems, runs: reply.runs, normsError: reply.normsError });
    } else if (reply.kind === 'error') {
      const { name, message, field } = reply.error;
      finish(name === 'LabError' ? new LabError(message, field) : Object.assign(new Error(message), { name }));
    }
  };
  worker.onerror = (event) => finish(new Error(`the preparation worker failed: ${event.message}`));
  const request: PrepareRequest = { op: 'prepare', experiment, upload };
  worker.postMessage(request);
  return { result, cancel: () => finish(new PreparationCancelled()) };
}

function preparationWorker(): Worker {
  return new Worker(new URL('./prepare-worker.ts', import.meta.url), { type: 'module', name: 'preparation' });
}

/** Parses an uploaded file (CSV or JSON) in a worker, so a large file does not freeze the page. */
export function parseOffThread(fileName: string, text: string): Promise<ImportedDataset> {
  const worker = preparationWorker();
  return new Promise<ImportedDataset>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<PrepareReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') return;
      worker.terminate();
      if (reply.kind === 'parsed') resolve(reply.dataset);
      else if (reply.kind === 'error')
        reject(
          reply.error.name === 'LabError'
            ? new LabError(reply.error.message, reply.error.field)
            : new Error(reply.error.message),
        );
      else reject(new Error('the preparation worker answered a parse with problems'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`the preparation worker failed: ${event.message}`));
    };
    const request: PrepareRequest = { op: 'parse', fileName, text };
    worker.postMessage(request);
  });
}

/**
 * The page's one preparation at a time: its progress for the view, and Cancel. Starting a new one
 * cancels the old; `onChange` is called on progress (the controller redraws soon).
 */
export class PreparationTracker {
  /** the preparation under way, if any: what the progress bar shows */
  progress: PrepareProgress | undefined;
  #handle?: PreparationHandle;

  constructor(private readonly onChange: () => void) {}

  get active(): boolean {
    return this.#handle !== undefined;
  }

  async run(experiment: Experiment, upload: PrepareUpload | undefined): Promise<Prepared> {
    this.cancel();
    const handle = prepareOffThread(experiment, upload, (progress) => {
      if (this.#handle !== handle) return;
      this.progress = progress;
      this.onChange();
    });
    this.#handle = handle;
    this.progress = { fraction: 0, stage: 'starting' };
    this.onChange();
    try {
      return await handle.result;
    } finally {
      if (this.#handle === handle) {
        this.#handle = undefined;
        this.progress = undefined;
        this.onChange();
      }
    }
  }

  cancel(): void {
    const handle = this.#handle;
    this.#handle = undefined;
    this.progress = undefined;
    handle?.cancel();
  }
}
