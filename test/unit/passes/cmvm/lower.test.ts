// The distributed-arithmetic stage on the example models: every lowered graph is exact against the
// plain product of its layer's matrix, and the DA emulation gives the same bits as the multiplier
// emulation with exact accumulators — on every example, at several precisions (QONNX included),
// on the number and the BigInt paths.

import { describe, expect, it } from 'vitest';
import { randomSamples } from '../../../../src/backends/vitis/index.js';
import { parseConfig } from '../../../../src/config/load.js';
import { compileFixedGraph } from '../../../../src/emulation/index.js';
import { formatDiagnostic, type Diagnostic } from '../../../../src/ir/diagnostics.js';
import { type Graph, type Layer, isPerElement } from '../../../../src/ir/graph.js';
import type { FixedType } from '../../../../src/ir/fixed/type.js';
import { lsbExp } from '../../../../src/ir/fixed/type.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { evaluateAdderGraph, graphStats, minDepth } from '../../../../src/passes/cmvm/index.js';
import { daLayerSummary, daProblem, isDaLayer, maxDepthOf, type DaLayer } from '../../../../src/passes/cmvm/lower.js';
import { compileModel, loadGraph, typeGraph } from '../../../../src/pipeline.js';
import { product } from './check.js';

const MODELS = ['jet_mlp', 'conv1d', 'conv2d', 'residual', 'qonnx_mlp', 'qonnx_mlp_nonp2', 'qdq_mlp'];
// 'default': the config's default (fixed<16,6>), or for the quantized models their own quantizers
const PRECISIONS = ['default', 'fixed<8,3>', 'fixed<12,4,RND,SAT>'];

function config(raw: Record<string, unknown>) {
  const c = parseConfig(raw);
  if (!c.ok) throw new Error(c.diagnostics.map(formatDiagnostic).join('\n'));
  return c.value;
}

function compile(model: string, model_: Record<string, unknown>, rest: Record<string, unknown> = {}): { graph: Graph; diagnostics: Diagnostic[] } {
  const r = compileModel(`examples/${model}.onnx`, config({ Model: model_, ...rest }));
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return { graph: r.value, diagnostics: r.diagnostics };
}

function rawEqual(a: RawArray, b: RawArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (BigInt(a[i]) !== BigInt(b[i])) return false;
  return true;
}

/** xorshift32 integers in [lo, hi] (hi − lo < 2^52). */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return (lo: bigint, hi: bigint): bigint => {
    const span = hi - lo + 1n;
    const r = (BigInt(next()) << 32n) | BigInt(next());
    return lo + (r % span);
  };
}

const daLayers = (g: Graph): DaLayer[] => g.layers.filter(isDaLayer);

describe('DA lowering of the examples', () => {
  it.for(MODELS.flatMap((m) => PRECISIONS.map((p) => [m, p] as const)))('%s at %s: exact graphs, same bits as multipliers', ([model, precision]) => {
    const base = precision === 'default' ? {} : { Precision: precision };
    const mult = compile(model, base).graph;
    const { graph: da, diagnostics } = compile(model, { ...base, Strategy: 'distributed_arithmetic' });
    expect(diagnostics.filter((d) => d.code.startsWith('cmvm/'))).toEqual([]);
    const lowered = daLayers(da);
    expect(lowered.length).toBe(da.layers.filter((l) => l.kind === 'Dense' || l.kind === 'Conv').length);
    expect(lowered.length).toBeGreaterThan(0);

    // 1. every graph is exact: random inputs over the input type, and its extremes
    const draw = rng(17);
    for (const layer of lowered) {
      const g = layer.attrs.adderGraph!;
      const p = daProblem(layer, da);
      expect(g.inputs.length).toBe(p.W.length);
      expect(g.outputs.length).toBe(p.nOut);
      const [lo, hi] = p.ranges[0];
      const xs = [p.W.map(() => lo), p.W.map(() => hi), ...Array.from({ length: 40 }, () => p.W.map(() => draw(lo, hi)))];
      for (const x of xs) expect(evaluateAdderGraph(g, x)).toEqual(product(p.W, x));
      // the accumulator is exact and the multiplier path with it gives the same type
      const twin = mult.layers.find((l) => l.name === layer.name)!;
      expect(layer.types?.accum).toEqual(twin.types?.accum);
      expect(da.tensors[layer.outputs[0]].type).toEqual(mult.tensors[twin.outputs[0]].type);
    }

    // 2. the emulators agree bit for bit (number path, and BigInt forced)
    const samples = randomSamples(mult, 300, 5);
    const runMult = compileFixedGraph(mult);
    const runDa = compileFixedGraph(da);
    const runDaBig = compileFixedGraph(da, { forceBigInt: true });
    for (const s of samples) {
      const want = runMult(s).outputs;
      const got = runDa(s).outputs;
      const big = runDaBig(s).outputs;
      want.forEach((w, k) => {
        expect(rawEqual(got[k], w)).toBe(true);
        expect(rawEqual(big[k], w)).toBe(true);
      });
    }
  });
});

describe('DA layers inside a model of several strategies', () => {
  it('per layer: only the named layer is lowered, with its own MaxDepth', () => {
    const { graph } = compile('jet_mlp', {}, { LayerName: { '/2/Gemm': { Strategy: 'distributed_arithmetic', MaxDepth: 9 } } });
    const lowered = daLayers(graph);
    expect(lowered.map((l) => l.name)).toEqual(['/2/Gemm']);
    expect(graphStats(lowered[0].attrs.adderGraph!).depth).toBeLessThanOrEqual(9);
  });

  it('MaxDepth: LayerName > LayerType > Model, and the bound holds', () => {
    const { graph } = compile('jet_mlp', { Strategy: 'distributed_arithmetic', MaxDepth: 9 }, { LayerType: { Dense: { MaxDepth: 8 } }, LayerName: { '/0/Gemm': { MaxDepth: 7 } } });
    const cfg = config({ Model: { MaxDepth: 9 }, LayerType: { Dense: { MaxDepth: 8 } }, LayerName: { '/0/Gemm': { MaxDepth: 7 } } });
    for (const layer of daLayers(graph)) {
      const bound = layer.name === '/0/Gemm' ? 7 : 8;
      expect(maxDepthOf(cfg, layer)).toBe(bound);
      expect(graphStats(layer.attrs.adderGraph!).depth).toBeLessThanOrEqual(bound);
    }
  });

  it('a depth bound below the minimum is an error naming the layer', () => {
    const r = compileModel('examples/jet_mlp.onnx', config({ Model: { Strategy: 'distributed_arithmetic', MaxDepth: 1 } }));
    expect(r.ok).toBe(false);
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.length).toBe(4);
    expect(errs[0].code).toBe('cmvm/max-depth');
    expect(errs[0].message).toContain("Dense layer '/0/Gemm'");
    expect(errs[0].message).toMatch(/minimum depth \d+/);
    expect(errs[0].origin?.node).toBeDefined();
    expect(errs[0].hint).toMatch(/MaxDepth >= \d+/);
  });

  it('a narrower accum for a DA layer is ignored with a warning; the result is rounded once', () => {
    const { graph, diagnostics } = compile('jet_mlp', { Strategy: 'distributed_arithmetic', Precision: { default: 'fixed<16,6>', accum: 'fixed<12,4>' } });
    const warns = diagnostics.filter((d) => d.code === 'cmvm/accum-ignored');
    expect(warns.length).toBe(4);
    expect(warns[0].severity).toBe('warning');
    expect(warns[0].message).toMatch(/accum type fixed<12,4> is ignored.*exact sum/);
    const exact = compile('jet_mlp', { Precision: 'fixed<16,6>' }).graph;
    for (const l of daLayers(graph)) expect(l.types?.accum).toEqual(exact.layers.find((e) => e.name === l.name)!.types?.accum);
  });

  it('warnings for settings DA ignores', () => {
    const { diagnostics } = compile('conv1d', {}, {
      LayerName: { '/0/Conv': { Strategy: 'distributed_arithmetic', ReuseFactor: 2 }, '/8/Gemm': { MaxDepth: 4 } },
    });
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain('cmvm/reuse-ignored');
    expect(codes).toContain('cmvm/max-depth-ignored');
  });

  it('the summary: multipliers before, adders after, depth, LUT estimate', () => {
    const { graph } = compile('conv2d', { Strategy: 'distributed_arithmetic' });
    for (const layer of graph.layers) {
      const s = daLayerSummary(layer, graph);
      if (!isDaLayer(layer)) {
        expect(s).toBeUndefined();
        continue;
      }
      expect(s).toBeDefined();
      const st = graphStats(layer.attrs.adderGraph!);
      expect(s!.adders).toBe(st.adders);
      expect(s!.depth).toBe(st.depth);
      expect(s!.estimatedLuts).toBeGreaterThanOrEqual(st.adderBits);
      expect(s!.adders).toBeLessThanOrEqual(s!.csdAdders);
      expect(s!.multipliers).toBeGreaterThan(0);
      expect(s!.depth).toBeGreaterThanOrEqual(minDepth(daProblem(layer, graph).W));
    }
  });
});

describe('per-element (HGQ-style) weight types', () => {
  it('a Dense with one type per weight: exact graph, same bits as multipliers', () => {
    const loaded = loadGraph('examples/residual.onnx');
    if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
    const shaped = loaded.value;
    const dense = shaped.layers.find((l): l is Layer & { kind: 'Dense' } => l.kind === 'Dense')!;
    const w = shaped.tensors[dense.attrs.weight];
    // widths 3..10 bits, LSBs 2^-2 .. 2^-9: every weight on its own grid
    const elements: FixedType[] = w.data!.map((_, i) => {
      const width = 3 + (i % 8);
      const frac = 2 + ((i * 5) % 8);
      return { signed: true, width, intBits: width - frac, q: 'RND', o: 'SAT', n: 0 };
    });
    const withTypes: Graph = { ...shaped, tensors: { ...shaped.tensors, [w.name]: { ...w, type: { elements } } } };
    const typed = (strategy: string) => {
      const r = typeGraph(withTypes, config({ Model: { Strategy: strategy, Precision: 'fixed<10,4>' } }));
      if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
      return r.value;
    };
    const mult = typed('Latency');
    const da = typed('distributed_arithmetic');
    const wt = da.tensors[w.name].type!;
    expect(isPerElement(wt)).toBe(true);
    const layer = daLayers(da).find((l) => l.name === dense.name)!;
    const p = daProblem(layer, da);
    expect(p.weight.lsb).toBe(Math.min(...elements.map(lsbExp)));
    const draw = rng(3);
    for (let k = 0; k < 30; k++) {
      const x = p.W.map(() => draw(p.ranges[0][0], p.ranges[0][1]));
      expect(evaluateAdderGraph(layer.attrs.adderGraph!, x)).toEqual(product(p.W, x));
    }
    const runMult = compileFixedGraph(mult);
    const runDa = compileFixedGraph(da);
    for (const s of randomSamples(mult, 300, 9)) {
      const a = runMult(s).outputs;
      const b = runDa(s).outputs;
      a.forEach((v, i) => expect(rawEqual(b[i], v)).toBe(true));
    }
  });
});
