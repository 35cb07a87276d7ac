import { test } from 'vitest';
import { loadOnnxFile } from '../../../src/frontends/onnx/index.js';
import { inferShapes } from '../../../src/passes/shapes.js';
import { formatDiagnostic } from '../../../src/ir/diagnostics.js';
import { readdirSync } from 'node:fs';
test('load', () => {
  for (const f of readdirSync('examples').filter((f) => f.endsWith('.onnx'))) {
    const r = loadOnnxFile('examples/' + f);
    if (!r.ok) { console.log(f, r.diagnostics.map(formatDiagnostic)); continue; }
    const s = inferShapes(r.value);
    console.log(f, r.value.layers.map((l) => `${l.kind}${JSON.stringify(l.attrs).slice(0, 150)} ${l.inputs}->${l.outputs}`).join('\n  '), s.ok ? 'shapes ok' : s.diagnostics.map(formatDiagnostic));
    console.log(Object.values(r.value.tensors).filter(t => t.type).map(t => t.name + ':' + JSON.stringify(t.type).slice(0, 100)).join('\n'));
  }
});
