import { describe, expect, test } from 'vitest';
import { outputLength, windowTable } from '../../../../src/ir/layers/windows.js';

describe('window arithmetic', () => {
  test('output lengths (floor and ceil mode)', () => {
    expect(outputLength(32, 3, 1, 1, 1, 1, false)).toBe(32);
    expect(outputLength(5, 2, 2, 0, 0, 1, false)).toBe(2);
    expect(outputLength(5, 2, 2, 0, 0, 1, true)).toBe(3);
    // ceil mode drops a last window that would start in the end padding: L = 4, k = 2, s = 2, pads 1/1
    // ceil((4 + 2 − 2)/2) + 1 = 3, but window 2 starts at 2·2 − 1 = 3 < 4 → kept
    expect(outputLength(4, 2, 2, 1, 1, 1, true)).toBe(3);
    // L = 3, k = 2, s = 2, pads 0/1: ceil(2/2) + 1 = 2; window 1 starts at 2 < 3 → kept
    expect(outputLength(3, 2, 2, 0, 1, 1, true)).toBe(2);
    // L = 2, k = 1, s = 2, pads 0/1: ceil(2/2) + 1 = 2; window 1 starts at 2 ≥ 2 → dropped
    expect(outputLength(2, 1, 2, 0, 1, 1, true)).toBe(1);
    expect(outputLength(5, 3, 1, 0, 0, 3, false)).toBe(0); // does not fit
  });

  test('windows list inside positions row-major and count padding', () => {
    const t = windowTable({ input: [3, 3], kernel: [2, 2], strides: [1, 1], pads: [1, 1, 0, 0], dilations: [1, 1], ceilMode: false });
    expect(t.outShape).toEqual([3, 3]);
    // window (0, 0) covers (−1,−1) (−1,0) (0,−1) (0,0): only (0,0) inside, at kernel index 3
    expect(Array.from(t.inputIndex.slice(t.start[0], t.start[1]))).toEqual([0]);
    expect(Array.from(t.kernelIndex.slice(t.start[0], t.start[1]))).toEqual([3]);
    expect(t.padded[0]).toBe(3);
    // window (1, 1) covers (0,0) (0,1) (1,0) (1,1)
    expect(Array.from(t.inputIndex.slice(t.start[4], t.start[5]))).toEqual([0, 1, 3, 4]);
    expect(t.padded[4]).toBe(0);
  });

  test('ceil-mode overhang counts neither as input nor as padding', () => {
    const t = windowTable({ input: [5], kernel: [2], strides: [2], pads: [0, 0], dilations: [1], ceilMode: true });
    expect(t.outShape).toEqual([3]);
    expect(Array.from(t.inputIndex.slice(t.start[2], t.start[3]))).toEqual([4]);
    expect(t.padded[2]).toBe(0);
  });
});
