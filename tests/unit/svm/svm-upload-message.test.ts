// Issue 11, item 3: the page's upload path shares the solver. An uploaded file whose margin float64 cannot
// certify must reach the page as a clear error banner (a LabError with the plain message), not as a
// separable problem and not as a crash with a stack.
import { describe, expect, it } from 'vitest';
import { userMessage } from '../../../src/app/state/user-message.ts';
import { parseDatasetFile } from '../../../src/core/data/data-import.ts';
import { DEFAULT_EXPERIMENT } from '../../../src/core/experiment/experiment.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { SvmNotCertifiedError } from '../../../src/core/svm/svm-solver.ts';
import { LabError } from '../../../src/core/types.ts';
import { errorOf } from '../helpers/lab-error.ts';

function uploadRuns(name: string, text: string) {
  const dataset = parseDatasetFile(name, text);
  const exp = { ...DEFAULT_EXPERIMENT, data: 'upload' as const, n: dataset.n, d: dataset.d, k: dataset.k, seeds: [0] };
  return () => expandRuns(exp, { train: dataset, name });
}

describe('the page upload path with the SVM (issue 11)', () => {
  it('turns a margin below float64 into a banner message naming the data, not a crash', () => {
    const e = errorOf(uploadRuns('near.csv', '1,0,0\n1,1e-10,1\n-1,1,2\n0,-1,2\n'));
    expect(e).toBeInstanceOf(SvmNotCertifiedError);
    expect(e.field).toBe('data');
    const text = userMessage(e);
    expect(text).toMatch(/^the margin is below what float64 can certify/);
    expect(text).not.toMatch(/not linearly separable|\n\s+at /);
  });

  it('builds the problem for the 1e300 triangle with Ŵ scaled down by 1e300', () => {
    const { runs } = uploadRuns('huge.csv', '1e300,0,0\n0,1e300,1\n-1e300,-1e300,2\n')();
    const svm = runs[0].problem.svm;
    expect(svm.normF * 1e300).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(svm.kkt.max).toBeLessThan(1e-9);
  });

  it('still reports exactly non-separable uploads as such', () => {
    const e = errorOf(uploadRuns('xor.csv', '1,1,0\n-1,-1,0\n1,-1,1\n-1,1,1\n'));
    expect(e).toBeInstanceOf(LabError);
    expect(userMessage(e)).toMatch(/^not linearly separable: .*exact arithmetic/);
  });
});
