import { describe, expect, test } from 'vitest';
import { compileFixedGraph, compileFloatGraph, type FixedTrace, type FloatTrace, traceReport } from '../../../src/emulation/index.js';
import { toNumber } from '../../../src/ir/fixed/value.js';
import type { Graph } from '../../../src/ir/graph.js';
import { constant, f64, graph, layer, request, T, typed } from '../ir/layers/helpers.js';

function net(): Graph {
  return graph(
    [2],
    [
      layer({ kind: 'Dense', name: 'fc', inputs: ['x'], outputs: ['h'], attrs: { weight: 'W', bias: 'b' } }),
      layer({ kind: 'Elementwise', name: 'scale', inputs: ['h', 'k'], outputs: ['y'], attrs: { op: 'mul' } }),
    ],
    [constant('W', [2, 2], [1, 0.5, -1, 0.25]), constant('b', [2], [0.25, 0]), constant('k', [1], [0.5])],
  );
}

describe('graph runners', () => {
  test('inputs are quantized by the ap_fixed constructor; values flow layer to layer; traces record every tensor', () => {
    // input fixed<4,2,RND,SAT>: 0.3 → 0.25 (RND at 2^−2), 10 → 1.75 (SAT)
    const g = typed(net(), request({ result: 'fixed<12,6,RND,SAT>' }), T('fixed<4,2,RND,SAT>'));
    const trace: FixedTrace = {};
    const r = compileFixedGraph(g)([f64([0.3, 10])], trace);
    const num = (name: string) => Array.from(trace[name] as ArrayLike<number | bigint>, (v) => toNumber(g.tensors[name].type as never, v));
    expect(num('x')).toEqual([0.25, 1.75]);
    // h = [0.25 − 1.75 + 0.25, 0.125 + 0.4375] = [−1.25, 0.5625] → fixed<12,6> LSB 2^−6: exact
    expect(num('h')).toEqual([-1.25, 0.5625]);
    expect(num('y')).toEqual([-0.625, 0.28125]);
    expect(r.types[0]).toEqual(T('fixed<12,6,RND,SAT>'));
    expect(Array.from(r.outputs[0] as ArrayLike<number | bigint>, (v) => toNumber(r.types[0], v))).toEqual([-0.625, 0.28125]);
    // BigInt path, same values
    const big = compileFixedGraph(g, { forceBigInt: true })([f64([0.3, 10])]);
    expect(big.outputs[0]).toEqual([-40n, 18n]);
  });

  test('float runner and the error report', () => {
    const g = typed(net(), request({ result: 'fixed<12,6,RND,SAT>' }), T('fixed<4,2,RND,SAT>'));
    const ft: FloatTrace = {};
    const y = compileFloatGraph(g)([f64([0.3, 10])], ft)[0];
    // h = [0.3 − 10 + 0.25, 0.15 + 2.5] = [−9.45, 2.65]; y = h/2
    expect(y[0]).toBeCloseTo(-4.725, 12);
    expect(y[1]).toBeCloseTo(1.325, 12);
    const xt: FixedTrace = {};
    compileFixedGraph(g)([f64([0.3, 10])], xt);
    const report = traceReport(g, xt, ft);
    expect(report.map((l) => l.tensor)).toEqual(['h', 'y']);
    // h: fixed [−1.25, 0.5625] vs float [−9.45, 2.65]: errors 8.2 and 2.0875
    expect(report[0].maxAbsError).toBeCloseTo(8.2, 12);
    expect(report[0].meanAbsError).toBeCloseTo((8.2 + 2.0875) / 2, 12);
    expect(report[0].maxRelError).toBeCloseTo(8.2 / 9.45, 12);
  });

  test('wrong inputs are refused', () => {
    const g = typed(net(), request(), 'fixed<8,3>');
    expect(() => compileFixedGraph(g)([f64([1, 2, 3])])).toThrow(/takes 2 values/);
    expect(() => compileFloatGraph(g)([])).toThrow(/1 input/);
  });
});
