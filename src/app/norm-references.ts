// The page's side of the norm references: every distinct data set of an experiment gets its γ_p in
// every norm from a worker (norms-worker.ts), and the runs come back with them attached, so the driver can
// add ρ_p to each checkpoint. Called once while a run is prepared (run-session.ts, #prepare).
import type { MarginProblem } from '../core/max-margin.ts';
import { normReferencesSkipped } from '../core/norms.ts';
import type { NormReferences, Problem, RunSpec } from '../core/types.ts';
import type { NormsRequest, NormsResponse } from './norms-worker.ts';

let nextId = 1;

/** The runs with their problems' norm references; on any failure the runs as they were and the reason. */
export async function attachNormReferences(runs: readonly RunSpec[]): Promise<{ runs: RunSpec[]; error?: string }> {
  const all = [...new Set(runs.map((r) => r.problem))];
  const skipped = all.map((p) => normReferencesSkipped(p.train)).find((why) => why !== undefined);
  const distinct = all.filter((p) => !p.norms && !normReferencesSkipped(p.train));
  if (distinct.length === 0) return { runs: [...runs], error: skipped };
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL('./norms-worker.ts', import.meta.url), { type: 'module', name: 'norm-references' });
    const id = nextId++;
    const problems: MarginProblem[] = distinct.map((p) => ({ train: p.train, svm: p.svm }));
    const reply = await new Promise<NormsResponse>((resolve, reject) => {
      worker!.onmessage = (e: MessageEvent<NormsResponse>) => resolve(e.data);
      worker!.onerror = (e) => reject(new Error(e.message || 'the norms worker failed to start'));
      worker!.postMessage({ id, problems } satisfies NormsRequest);
    });
    if (!reply.ok) return { runs: [...runs], error: reply.message };
    const withNorms = new Map<Problem, Problem>();
    distinct.forEach((p, i) => withNorms.set(p, { ...p, norms: reply.references[i] as NormReferences }));
    return { runs: runs.map((r) => ({ ...r, problem: withNorms.get(r.problem) ?? r.problem })) };
  } catch (e) {
    return { runs: [...runs], error: e instanceof Error ? e.message : String(e) };
  } finally {
    worker?.terminate();
  }
}
