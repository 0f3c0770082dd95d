// What each data generator can draw, as one rule for everyone who reads sizes: the generators refuse
// with it, and validateExperiment (the link codec, the page's fields, `run`) reports it by field before
// anything is prepared, so a link the codec accepts is one `run` runs.
import type { DatasetName } from '../types.ts';

/** A size combination a generator cannot draw from: the field to change, why, and the nearest value that works. */
export interface GeneratorIssue {
  readonly field: 'n' | 'd';
  readonly message: string;
  readonly fix: number;
}

/**
 * The issues of N, d, K for a generator (none for an upload, whose sizes are the file's):
 * - on a line (d = 1) a linear score through the origin ranks classes by one number, so only the
 *   largest and the smallest weight ever win: K > 2 classes cannot all appear (paper) or be separated (blobs);
 * - blobs cycle their labels over the N training points, so N < K leaves a class without points;
 * - the paper's generator labels 2N points (train and test) and needs every class among them, so 2N < K never works.
 */
export function generatorIssues(data: DatasetName, n: number, d: number, k: number): GeneratorIssue[] {
  if (data === 'upload') return [];
  const issues: GeneratorIssue[] = [];
  if (data === 'blobs' && n < k) {
    issues.push({
      field: 'n',
      message: `blobs need at least one point per class: N=${n} < K=${k}; raise N to ${k} or lower K`,
      fix: k,
    });
  }
  if (data === 'paper' && 2 * n < k) {
    const least = Math.ceil(k / 2);
    issues.push({
      field: 'n',
      message: `the paper's generator draws 2N = ${2 * n} points (train and test), too few for K=${k} classes to all appear; raise N to ${least} or more, or lower K`,
      fix: least,
    });
  }
  if (d === 1 && k > 2) {
    issues.push({
      field: 'd',
      message: `in d=1 only two classes can be separated through the origin; set K=2 or d ≥ 2`,
      fix: 2,
    });
  }
  return issues;
}
