// The Vitis Conv emitter (src/backends/vitis/layers/conv.ts) and the window schedule it shares with
// Pool (layers/window.ts), without a compiler.

import { describe, expect, it } from 'vitest';
import { buildVitisProject } from '../../../../src/backends/vitis/index.js';
import { type Geometry, lineBuffer, streamSchedule, windowReady } from '../../../../src/backends/vitis/layers/window.js';
import { codeOf, emitted, tinyConvModel, typedGraph } from './mac-models.js';

const OPTIONS = { projectName: 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5 } as const;

describe('Conv emitter', () => {
  it('writes W[m][c][k] in-major as [c][k][m]', () => {
    const code = codeOf(emitted(typedGraph(tinyConvModel())), '/conv/Conv');
    const w = code.weights[0];
    // W[m][c][k] = (6m + 2c + k + 1) / 16, raw at 2^-10
    const expected: number[] = [];
    for (let c = 0; c < 2; c++) for (let k = 0; k < 2; k++) for (let m = 0; m < 3; m++) expected.push((6 * m + 2 * c + k + 1) * 64);
    expect(w.values.map(Number)).toEqual(expected);
    expect(w.shape).toEqual([2, 2, 3]);
    expect(w.comment).toContain('rearranged [c][k0][m] = [4][3]');
  });

  it('writes the MAC and the 1-D geometry (height 1) with the products that remain after the padding', () => {
    const code = codeOf(emitted(typedGraph(tinyConvModel())), '/conv/Conv');
    for (const line of [
      'struct conv_Conv_mac {',
      'static const unsigned n_in = 4;',
      'static const unsigned n_out = 3;',
      'static const unsigned n_groups = 1;',
      'struct conv_Conv_config {',
      'static const unsigned n_chan = 2;',
      'static const unsigned in_height = 1;',
      'static const unsigned in_width = 5;',
      'static const unsigned filt_height = 1;',
      'static const unsigned filt_width = 2;',
      'static const unsigned pad_left = 1;',
      'static const unsigned pad_right = 0;',
      'static const unsigned out_width = 5;',
      'static const unsigned n_filt = 3;',
      // 5 positions × 2 taps, one in the padding: 9 taps × 3 filters × 2 channels
      'static const unsigned multiplier_limit = 54;',
      'typedef conv_Conv_mac mac;',
    ])
      expect(code.config).toContain(line);
    expect(code.config).not.toContain('n_iter');
    expect(code.call).toEqual([expect.stringMatching(/^fhls::conv<conv_Conv_config>\(x, y, W, conv_Conv_no_bias\);$/)]);
    // Latency RF 1: 3 (DSP) + levels(2·2 + 1 terms) = 3
    expect(code.estimate).toMatchObject({ latency: 6, ii: 1 });
    expect(code.estimate.multipliers[0].count).toBe(54);
  });

  it('reads each group from its own channels', () => {
    const code = codeOf(emitted(typedGraph(tinyConvModel(2))), '/conv/Conv');
    expect(code.config).toContain('static const unsigned n_groups = 2;');
    expect(code.config).toContain('static const unsigned n_in = 2;');
    expect(code.config).toContain('static const unsigned chan_per_group = 1;');
    expect(code.config).toContain('depthwise Conv 1-D [2, 5] -> [2, 5]');
  });

  it('streams with a line buffer and says how many iterations its loop takes', () => {
    const code = codeOf(emitted(typedGraph(tinyConvModel()), 'io_stream'), '/conv/Conv');
    expect(code.call).toEqual(['fhls::conv_stream<conv_Conv_config>(x, y, W, conv_Conv_no_bias);']);
    for (const line of ['static const unsigned buf_rows = 1;', 'static const unsigned buf_cols = 2;', 'static const unsigned n_iter = 5;'])
      expect(code.config).toContain(line);
    // n_iter · RF + 3 + levels(5)
    expect(code.estimate).toMatchObject({ latency: 5 + 3 + 3, ii: 5 });
    expect(code.estimate.multipliers[0].count).toBe(12);
    const rf = codeOf(emitted(typedGraph(tinyConvModel(), { Model: { ReuseFactor: 4, Strategy: 'Resource' } }), 'io_stream'), '/conv/Conv');
    // each of the 5 iterations reads (1) and computes (RF 4 + 3 + ceil(3 / 3))
    expect(rf.estimate).toMatchObject({ latency: 5 * (1 + 4 + 3 + 1), ii: 5 * 9 });
    expect(rf.estimate.multipliers[0].count).toBe(3);
  });

  it('refuses a ReuseFactor that does not divide the products of one position', () => {
    const g = typedGraph(tinyConvModel(), { Model: { ReuseFactor: 5 } });
    const built = buildVitisProject(g, { ...OPTIONS, ioType: 'io_stream' }, []);
    expect(built.ok).toBe(false);
    expect(built.diagnostics.map((d) => d.message).join('\n')).toContain('valid values are 1, 2, 3, 4, 6, 12');
    expect(() => emitted(g, 'io_stream')).toThrow(/ReuseFactor 5 is not valid for layer '\/conv\/Conv' \(4 × 3 = 12 multiplications\)/);
  });
});

const geometry = (g: Partial<Geometry>): Geometry => ({
  C: 1,
  H: 3,
  W: 3,
  FH: 2,
  FW: 2,
  SH: 1,
  SW: 1,
  DH: 1,
  DW: 1,
  PT: 0,
  PL: 0,
  PB: 1,
  PR: 1,
  OH: 3,
  OW: 3,
  ...g,
});

describe('io_stream window schedule', () => {
  it('computes each output as soon as its last input is read, in order', () => {
    // 3×3 input, 2×2 kernel, padding 1 at the bottom and right: the last row and column of
    // outputs need no new input, so some iterations only compute
    const g = geometry({});
    expect([0, 1, 2].map((ow) => windowReady(g, 0, ow))).toEqual([4, 5, 5]);
    expect([0, 1, 2].map((ow) => windowReady(g, 2, ow))).toEqual([7, 8, 8]);
    const steps = streamSchedule(g);
    const code = steps.map((s) => (s.read ? 'r' : '') + (s.compute ? 'c' : '')).join(' ');
    expect(code).toBe('r r r r rc rc c r rc rc c c c c');
    expect(steps.filter((s) => s.read)).toHaveLength(9);
    expect(steps.filter((s) => s.compute)).toHaveLength(9);
  });

  it('computes windows entirely in the padding without waiting, and drains unused inputs', () => {
    // kernel 1, stride 2, pad 1 on each side of a 1-D input of 4: outputs at −1, 1, 3
    const g = geometry({ H: 1, W: 4, FH: 1, FW: 1, SW: 2, PL: 1, PR: 1, PB: 0, OH: 1, OW: 3 });
    expect([0, 1, 2].map((ow) => windowReady(g, 0, ow))).toEqual([-1, 1, 3]);
    const steps = streamSchedule(g).map((s) => (s.read ? 'r' : '') + (s.compute ? 'c' : ''));
    expect(steps.join(' ')).toBe('c r rc r rc');
  });

  it('keeps the dilated kernel height of rows, and in 1-D only the dilated kernel width of columns', () => {
    expect(lineBuffer(geometry({ H: 7, W: 9, FH: 3, FW: 2, DW: 2 }))).toEqual({ rows: 3, cols: 9, banks: 3 });
    expect(lineBuffer(geometry({ H: 1, W: 13, FH: 1, FW: 3, DW: 2 }))).toEqual({ rows: 1, cols: 5, banks: 5 });
    expect(lineBuffer(geometry({ H: 2, W: 4, FH: 5, FW: 5 }))).toEqual({ rows: 2, cols: 4, banks: 4 });
  });
});
