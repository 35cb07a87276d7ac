import { describe, expect, it } from 'vitest';
import { checkClockPeriod, checkPart, checkProjectName, validReuseFactors } from '../../../../src/backends/vitis/check.js';
import { dspsPerMultiplier, multiplierLatency, tooWideMultiplier } from '../../../../src/backends/vitis/estimate.js';
import { streamLayout } from '../../../../src/backends/vitis/emitter.js';

const g = (a: number, b: number, signed = true) => ({ count: 1, a: { width: a, signed }, b: { width: b, signed }, constant: false });

describe('multipliers', () => {
  it('small products go to LUTs', () => {
    expect(dspsPerMultiplier(g(16, 4))).toBe(0);
    expect(dspsPerMultiplier(g(6, 4))).toBe(0);
    expect(dspsPerMultiplier(g(5, 5))).toBe(0); // 10 bits together
    expect(multiplierLatency(g(16, 3))).toBe(1);
  });
  it('DSP48E2 is 27 x 18 signed', () => {
    expect(dspsPerMultiplier(g(16, 16))).toBe(1);
    expect(dspsPerMultiplier(g(27, 18))).toBe(1);
    expect(dspsPerMultiplier(g(27, 19))).toBe(2);
    expect(dspsPerMultiplier(g(28, 18))).toBe(2);
    // an unsigned 26-bit operand is 27 bits signed
    expect(dspsPerMultiplier(g(26, 17, false))).toBe(1);
    expect(dspsPerMultiplier(g(32, 32))).toBe(4);
    expect(multiplierLatency(g(16, 16))).toBe(3);
    expect(multiplierLatency(g(32, 32))).toBe(5);
  });
  it('refuses operands wider than the limit', () => {
    expect(tooWideMultiplier([g(64, 64)])).toBeUndefined();
    expect(tooWideMultiplier([g(65, 8)])).toBe('65 × 8 bits');
    expect(tooWideMultiplier([g(40, 8)], 32)).toBe('40 × 8 bits');
  });
});

describe('options', () => {
  it('accepts Xilinx part names and explains the expected form', () => {
    for (const p of ['xcvu13p-flga2577-2-e', 'xc7z020clg400-1', 'xcvc1902-vsva2197-2MP-e-S', 'xcu250-figd2104-2L-e']) expect(checkPart(p)).toEqual([]);
    for (const p of ['vu13p', 'xcvu13p', 'xcvu13p--2', 'xcvu13p flga2577', '']) {
      const [d] = checkPart(p);
      expect(d.code).toBe('vitis/part');
      expect(d.message).toMatch(/e\.g\. xcvu13p-flga2577-2-e/);
    }
  });
  it('clock period must be positive', () => {
    expect(checkClockPeriod(5)).toEqual([]);
    expect(checkClockPeriod(0)[0].code).toBe('vitis/clock');
    expect(checkClockPeriod(-1)[0].code).toBe('vitis/clock');
    expect(checkClockPeriod(Number.NaN)[0].code).toBe('vitis/clock');
  });
  it('project name is a C identifier', () => {
    expect(checkProjectName('myproject')).toEqual([]);
    for (const n of ['my-project', '1st', 'int', 'a__b', '']) expect(checkProjectName(n)[0].code).toBe('vitis/project-name');
  });
  it('valid reuse factors divide n_in·n_out', () => {
    expect(validReuseFactors(12)).toEqual([1, 2, 3, 4, 6, 12]);
    expect(validReuseFactors(16)).toEqual([1, 2, 4, 8, 16]);
    expect(validReuseFactors(7)).toEqual([1, 7]);
  });
});

describe('stream layout', () => {
  it('channels are axis 0 for rank ≥ 2, else one element', () => {
    expect(streamLayout([16])).toEqual({ positions: 1, channels: 16 });
    expect(streamLayout([3, 8, 8])).toEqual({ positions: 64, channels: 3 });
    expect(streamLayout([4, 10])).toEqual({ positions: 10, channels: 4 });
    expect(streamLayout([])).toEqual({ positions: 1, channels: 1 });
  });
});
