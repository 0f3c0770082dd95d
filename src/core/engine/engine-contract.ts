// What every engine checks the same way on load, so the float64 and the GPU engine cannot drift
// apart (the divergence rule and its message live in divergence.ts).
import { LabError, type ResumeState, type RunSpec } from '../types.ts';

/** W each run starts from (the resume state's, else its W(0)), after checking that each fits its run. */
export function startingWeights(runs: readonly RunSpec[], resume?: ResumeState): readonly Float64Array[] {
  if (resume && resume.W.length !== runs.length) {
    throw new LabError(`resume state has ${resume.W.length} weight matrices for ${runs.length} runs`, 'resume');
  }
  return runs.map((run, r) => {
    const { d, k } = run.problem.train;
    const start = resume ? resume.W[r] : run.W0;
    if (start.length !== d * k)
      throw new LabError(`run "${run.label}": W(0) has ${start.length} entries, expected d×K = ${d}×${k}`, 'W0');
    return start;
  });
}
