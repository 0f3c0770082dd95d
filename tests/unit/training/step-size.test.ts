import { describe, expect, it } from 'vitest';
import { getLoss } from '../../../src/core/training/losses.ts';
import { safeStepBound, stepAdvice } from '../../../src/core/training/step-size.ts';
import type { Problem } from '../../../src/core/types.ts';
import { trianglePoints } from '../helpers/hand-problems.ts';

describe('safe step bound', () => {
  const problem: Problem = { ...trianglePoints(), sigmaMax2: 4 }; // N = 6, K = 3

  it('is 2N/(β_v σ_max²) for the smooth losses', () => {
    expect(safeStepBound('pairlog', problem)).toBeCloseTo(12 / (0.75 * 4), 14); // β_v = K/4
    expect(safeStepBound('ce', problem)).toBeCloseTo(12 / (0.5 * 4), 14);
    expect(safeStepBound('squared', problem)).toBeCloseTo(12 / (6 * 4), 14); // β_v = 2K
    expect(safeStepBound('poly', problem)).toBeCloseTo(12 / (getLoss('poly').betaV(3) * 4), 14);
    expect(safeStepBound('exp', problem)).toBe(Infinity);
    expect(safeStepBound('hinge', problem)).toBe(Infinity);
  });

  it('advises lowering η above the bound and names the bound and the loss', () => {
    const high = stepAdvice('pairlog', problem, 5);
    expect(high.ok).toBe(false);
    expect(high.bound).toBeCloseTo(4, 14);
    expect(high.message).toBe('η = 5 exceeds the safe bound η < 2N/(β_v σ_max(X)²) = 4 for PairLogLoss; lower η');
    const low = stepAdvice('pairlog', problem, 3.9);
    expect(low.ok).toBe(true);
    expect(low.message).toContain('within the safe bound');
    expect(stepAdvice('ce', problem, 6).ok).toBe(false);
    expect(stepAdvice('ce', problem, 5.99).ok).toBe(true);
  });

  it('says a loss without a global bound may diverge, and gives the exponential loss its margin-≥-0 bound', () => {
    const exp = stepAdvice('exp', problem, 0.1);
    expect(exp.bound).toBe(Infinity);
    expect(exp.message).toContain('no global smoothness bound');
    expect(exp.message).toContain('diverge');
    expect(exp.message).toContain('= 1 is safe there'); // 2N/(K σ²) = 12/12
    expect(stepAdvice('hinge', problem, 0.1).message).not.toContain('is safe there');
  });
});
