import { it, expect } from 'vitest';
import { convertAndCsim } from './helpers.js';
import { activationModel } from '../../unit/backends/vitis/activation-models.js';

for (const io of ['io_parallel', 'io_stream'] as const) {
  it(`all ${io}`, () => {
    const t0 = Date.now();
    const r = convertAndCsim(activationModel(), { ioType: io, keep: true }, 1000);
    console.log(r.dir, r.first, r.mismatches, Date.now() - t0);
    expect(r.mismatches).toBe(0);
  });
}
