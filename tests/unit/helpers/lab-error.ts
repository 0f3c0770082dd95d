import { LabError } from '../../../src/core/types.ts';

/** The LabError `fn` throws (any other error propagates); fails when nothing is thrown. */
export function errorOf(fn: () => unknown): LabError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LabError) return err;
    throw err;
  }
  throw new Error('expected a LabError');
}
