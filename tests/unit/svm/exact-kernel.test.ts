import { describe, expect, it } from 'vitest';
import { exactKernelVerdict } from '../../../src/core/svm/exact-kernel.ts';

const cols = (...columns: number[][]) => columns.map((c) => Float64Array.from(c));

describe('exactKernelVerdict', () => {
  it('finds the positive ray of XOR-like normals: (1,1) + (−1,−1) = 0', () => {
    expect(exactKernelVerdict(cols([1, 1], [-1, -1]))).toBe('positive ray');
    // three normals summing to zero with weights 1, 2, 3 (exact in binary)
    expect(exactKernelVerdict(cols([3, 0], [0, 1.5], [-1, -1]))).toBe('positive ray');
  });

  it('refuses a kernel vector with mixed signs and an empty kernel', () => {
    // kernel of (1, 0), (2, 0) spanned by (2, −1): mixed signs
    expect(exactKernelVerdict(cols([1, 0], [2, 0]))).toBe('no ray');
    // (1, 0) and (−1, 1e-14): independent, however close to opposite
    expect(exactKernelVerdict(cols([1, 0], [-1, 1e-14]))).toBe('no ray');
  });

  it('tells a kernel of dimension two apart', () => {
    expect(exactKernelVerdict(cols([1, 0], [-1, 0], [2, 0]))).toBe('larger');
  });

  it('is exact for entries over a wide exponent range (0.1 and 0.3 are not tenths in binary)', () => {
    // one row [0.1, −0.3]: the kernel (0.3, 0.1) is positive whatever the binary values are
    expect(exactKernelVerdict(cols([0.1], [-0.3]))).toBe('positive ray');
    // 3e-300/1e-300 and 0.3/0.1 differ in binary, so these two columns are independent: no ray
    expect(exactKernelVerdict(cols([0.1, 1e-300], [-0.3, -3e-300]))).toBe('no ray');
    // the second column is exactly −2 × the first, 2^-1000 apart in scale from its other entry
    expect(exactKernelVerdict(cols([2 ** -1000, 1], [-(2 ** -999), -2]))).toBe('positive ray');
  });
});
