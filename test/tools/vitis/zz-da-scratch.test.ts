import { it, expect } from 'vitest';
import { convertAndCsim } from './helpers.js';
it('scratch', () => {
  const t0 = Date.now();
  const r = convertAndCsim('examples/residual.onnx', { strategy: 'distributed_arithmetic', keep: true }, 200);
  console.log(r.dir, r.mismatches, r.first, Date.now() - t0, JSON.stringify(r.report.layers.map(l => [l.layer, l.latency, l.note])));
  expect(r.mismatches).toBe(0);
});
