// The Vitis Pool emitter (src/backends/vitis/layers/pool.ts), without a compiler: configs, calls,
// estimates, and the exact rational rounding of fhls::average (pool.h) run in TypeScript against
// the emulator's requantizeRatio.

import { describe, expect, it } from 'vitest';
import { parseType } from '../../../../src/ir/fixed/parse.js';
import { requantize } from '../../../../src/ir/fixed/quantize.js';
import { type FixedType, lsbExp, maxRaw, minRaw, QUANT_MODES, OVERFLOW_MODES } from '../../../../src/ir/fixed/type.js';
import { requantizeRatio } from '../../../../src/ir/layers/ratio.js';
import { codeOf, emitted, tinyPoolModel, typedGraph } from './mac-models.js';

function T(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

/** fhls::average (pool.h) on integers: the quotient as 4q + f at two more fraction bits, then the assignment. */
function average(sum: bigint, lsb: number, n: bigint, to: FixedType, bits: number): bigint {
  const shift = lsb - lsbExp(to);
  const num = shift >= 0 ? sum << BigInt(shift) : sum;
  const den = shift >= 0 ? n : n << BigInt(-shift);
  let q = num / den;
  let r = num - q * den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  const f = r === 0n ? 0n : 2n * r < den ? 1n : 2n * r === den ? 2n : 3n;
  const standin = 4n * q + f;
  const limit = 1n << BigInt(bits - 1);
  if ([num, den, standin, 2n * den].some((v) => v < -limit || v >= limit)) throw new Error(`int_t of ${bits} bits is too narrow`);
  return requantize(lsbExp(to) - 2, standin, to);
}

describe('Pool emitter', () => {
  const precision = { Model: { Precision: 'fixed<8,3,RND,SAT>' } };

  it('writes the average pool: geometry, counting rule, sum and rounding types', () => {
    const m = emitted(typedGraph(tinyPoolModel(), precision));
    const avg = codeOf(m, '/avg/AveragePool');
    for (const line of [
      'static const unsigned filt_height = 3;',
      'static const unsigned stride_width = 2;',
      'static const unsigned pad_top = 1;',
      'static const int op = fhls::POOL_AVG;',
      'static const bool count_include_pad = false;',
      'typedef avg_AveragePool_sum_t sum_t;',
      'typedef ap_int<17> int_t;',
      // output LSB 2^-5, two more fraction bits
      'typedef ap_fixed<17,10> standin_t;',
      'static const int shift = 0;',
    ])
      expect(avg.config).toContain(line);
    expect(avg.typedefs).toEqual([{ name: 'avg_AveragePool_sum_t', type: T('fixed<12,7>'), comment: 'window sum of /avg/AveragePool (exact)' }]);
    expect(avg.call).toEqual(['fhls::pool<avg_AveragePool_config>(x, avg);']);
    // counts 4, 6, 9 (not powers of two): ceil(log2 9) levels + a 17-bit divider
    expect(avg.estimate).toEqual({ latency: 4 + 17 + 3, ii: 1, multipliers: [], note: 'every window at once, a 17-bit divider' });
    expect(codeOf(m, '/avg_pad/AveragePool').config).toContain('static const bool count_include_pad = true;');
  });

  it('writes max pooling without an average, in ceil mode', () => {
    const max = codeOf(emitted(typedGraph(tinyPoolModel(), precision)), '/max/MaxPool');
    expect(max.config).toContain('static const int op = fhls::POOL_MAX;');
    expect(max.config).toContain('static const unsigned out_height = 3;');
    expect(max.config).toContain('ceil mode');
    expect(max.config).not.toContain('sum_t');
    expect(max.typedefs).toEqual([]);
    expect(max.estimate.latency).toBe(2);
  });

  it('streams windows through a line buffer, and a single window as running sums', () => {
    const m = emitted(typedGraph(tinyPoolModel(), precision), 'io_stream');
    const avg = codeOf(m, '/avg/AveragePool');
    expect(avg.call[0]).toMatch(/^fhls::pool_stream<avg_AveragePool_config>\(x_cpy\d, avg\);$/);
    expect(avg.config).toContain('static const unsigned n_iter = 25;');
    expect(avg.estimate).toMatchObject({ latency: 25 + 4 + 20, ii: 25 });
    const g = codeOf(m, '/gavg/GlobalAveragePool');
    expect(g.call[0]).toMatch(/^fhls::pool_single_stream<gavg_GlobalAveragePool_config>\(x_cpy\d, gavg\);$/);
    expect(g.config).toContain('static const unsigned filt_height = 5;');
    expect(g.config).not.toContain('n_iter');
    expect(g.estimate.ii).toBe(25);
  });

  it("rounds the exact average as the emulator does, for every mode and count", () => {
    const modes: string[] = [];
    for (const q of QUANT_MODES) for (const o of OVERFLOW_MODES) modes.push(`fixed<6,2,${q},${o}>`, `fixed<7,0,${q},${o},1>`);
    modes.push('ufixed<5,2,RND,SAT>', 'ufixed<6,1,RND_CONV,SAT_ZERO>', 'fixed<12,6>', 'fixed<4,3,RND_INF,SAT_SYM>');
    const sumType = T('fixed<9,5>');
    const wrong: string[] = [];
    for (const s of modes) {
      const to = T(s);
      const lsb = lsbExp(sumType);
      const shift = lsb - lsbExp(to);
      for (const n of [1n, 2n, 3n, 4n, 5n, 6n, 9n]) {
        const bits = Math.max(sumType.width + 1 + Math.max(shift, 0), n.toString(2).length + 1 + Math.max(-shift, 0)) + 4;
        for (let v = minRaw(sumType); v <= maxRaw(sumType); v += 3n)
          if (average(v, lsb, n, to, bits) !== requantizeRatio(lsb, v, n, to)) wrong.push(`${v}/${n} → ${s}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
