/// <reference lib="webworker" />
// Preparation off the page's thread: data sets, SVM targets, σ_max and every norm's max-margin γ_p are
// built here, with progress posted back, so a large experiment never freezes the page and Cancel can
// simply end this worker (the LP and semidefinite solves included). Uploaded files are parsed here too.
// Vite bundles HiGHS's WebAssembly as an asset; its URL is handed to the loader here, and the module
// loads only when the first LP is solved.
import highsWasmUrl from 'highs/runtime?url';
import { parseDatasetFile } from '../../core/data/data-import.ts';
import { configureHighs, normReferencesSkipped, withNormReferences } from '../../core/max-margin/max-margin-solver.ts';
import { expandRuns, type PrepareProgress } from '../../core/engine/experiment-preparation.ts';
import { LabError } from '../../core/types.ts';
import type { PrepareReply, PrepareRequest } from './page-preparation.ts';

/** The bar's share for data and SVM targets when γ_p follow (the norms' solves take 10–100× longer). */
const BUILD_SHARE = 0.1;

configureHighs({ locateFile: () => highsWasmUrl });
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<PrepareRequest>) => {
  const request = event.data;
  const post = (reply: PrepareReply) => scope.postMessage(reply);
  try {
    if (request.op === 'parse') {
      post({ kind: 'parsed', dataset: parseDatasetFile(request.fileName, request.text) });
      return;
    }
    const progress = (from: number, share: number) => (p: PrepareProgress) =>
      post({ kind: 'progress', progress: { fraction: from + share * p.fraction, stage: p.stage } });
    const built = expandRuns(request.experiment, request.upload, progress(0, BUILD_SHARE));
    const skipped = built.runs.map((r) => normReferencesSkipped(r.problem.train)).find((why) => why !== undefined);
    let runs = built.runs;
    let normsError = skipped;
    try {
      runs = await withNormReferences(built.runs, progress(BUILD_SHARE, 1 - BUILD_SHARE));
    } catch (e) {
      // the runs go ahead without ρ_p; the page says why
      normsError = e instanceof Error ? e.message : String(e);
    }
    post({ kind: 'done', problems: built.problems, runs, normsError });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    post({
      kind: 'error',
      error: { name: error.name, message: error.message, field: error instanceof LabError ? error.field : undefined },
    });
  }
};
