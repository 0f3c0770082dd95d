/// <reference lib="webworker" />
// Preparation off the page's thread: data sets, SVM targets, σ_max (and, when they come, per-norm
// max-margin targets: core/preparation.ts has their place) are built here, with progress posted back,
// so a large experiment never freezes the page and Cancel can simply end this worker. Uploaded files
// are parsed here too.
import { parseDatasetFile } from '../core/data/import.ts';
import { expandRuns } from '../core/preparation.ts';
import { LabError } from '../core/types.ts';
import type { PrepareReply, PrepareRequest } from './preparation.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<PrepareRequest>) => {
  const request = event.data;
  const post = (reply: PrepareReply) => scope.postMessage(reply);
  try {
    if (request.op === 'parse') {
      post({ kind: 'parsed', dataset: parseDatasetFile(request.fileName, request.text) });
      return;
    }
    const { problems, runs } = expandRuns(request.experiment, request.upload, (progress) => post({ kind: 'progress', progress }));
    post({ kind: 'done', problems, runs });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    post({ kind: 'error', error: { name: error.name, message: error.message, field: error instanceof LabError ? error.field : undefined } });
  }
};
