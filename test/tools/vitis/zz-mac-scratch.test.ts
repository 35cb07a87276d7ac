import { it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { compileModel } from '../../../src/pipeline.js';
import { formatType } from '../../../src/ir/fixed/parse.js';

it('dump', () => {
  for (const m of ['jet_mlp', 'conv1d', 'conv2d', 'residual', 'qonnx_mlp', 'qonnx_mlp_nonp2', 'qdq_mlp']) {
    for (const prec of ['fixed<16,6>', { default: 'fixed<8,3>', accum: 'fixed<12,5>' }]) {
    const c = parseConfig({ Model: { Precision: prec } });
    if (!c.ok) throw new Error('cfg');
    const g = compileModel(`examples/${m}.onnx`, c.value);
    if (!g.ok) { console.log(m, JSON.stringify(g.diagnostics)); continue; }
    const lines = [`== ${m} ${JSON.stringify(prec)}`];
    for (const l of g.value.layers) {
      const t = (n: string) => { const x = g.value.tensors[n]; return `${n}[${x.shape}]:${x.type && !('elements' in x.type) ? formatType(x.type) : 'pe'}`; };
      const consts = l.kind === 'Dense' || l.kind === 'Conv' ? [l.attrs.weight, l.attrs.bias].filter(Boolean).map((n) => t(n as string)) : l.kind === 'BatchNorm' ? [t(l.attrs.scale), t(l.attrs.bias)] : [];
      lines.push(`${l.kind} ${l.name} ${JSON.stringify(l.attrs).slice(0, 200)} in=${l.inputs.map(t)} out=${l.outputs.map(t)} consts=${consts} types=${Object.entries(l.types ?? {}).map(([k, v]) => k + ':' + formatType(v))} opt=${JSON.stringify(l.options)}`);
    }
    console.log(lines.join('\n'));
    }
  }
});
