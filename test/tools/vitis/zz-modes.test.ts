import { it } from 'vitest';
import { parseType } from '../../../src/ir/fixed/parse.js';
import { lsbExp, minRaw, maxRaw } from '../../../src/ir/fixed/type.js';
import { requantizeRatio } from '../../../src/ir/layers/ratio.js';
const T = (s: string) => { const r = parseType(s); if (!r.ok) throw new Error(r.message); return r.type; };
it('modes', () => {
  const modes = ['TRN', 'TRN_ZERO', 'RND', 'RND_ZERO', 'RND_MIN_INF', 'RND_INF', 'RND_CONV'] as const;
  for (const [xs, ys] of [['fixed<12,7>', 'fixed<12,2>'], ['fixed<12,7>', 'fixed<7,2>'], ['fixed<16,6>', 'fixed<16,6>'], ['fixed<16,6>', 'fixed<14,3>'], ['fixed<12,7>', 'fixed<10,3>'], ['fixed<7,10>', 'fixed<16,10>'], ['fixed<40,14>', 'fixed<36,12>'], ['ufixed<10,4>', 'fixed<10,2>'], ['fixed<20,8>', 'fixed<24,10>']]) {
    const X = T(xs); const e = lsbExp(X); const e1 = Math.min(e, 0); const up = BigInt(e - e1); const K = 3n << BigInt(-e1);
    const res: string[] = [];
    for (const q of modes) {
      const Y = { ...T(ys), q, o: 'SAT' as const };
      const Yr = { ...T(ys), q: 'RND' as const, o: 'SAT' as const };
      let diff = 0;
      const lo = minRaw(X), hi = maxRaw(X);
      for (let r0 = -K; r0 <= K; r0++) {
        if ((r0 % (1n << up)) !== 0n) continue;
        const r = r0 >> up; if (r < lo || r > hi) continue;
        const a = r0 * (r0 + K);
        if (requantizeRatio(2 * e1, a, 6n, Y) !== requantizeRatio(2 * e1, a, 6n, Yr)) diff++;
      }
      res.push(`${q}:${diff}`);
    }
    console.log('MODES', xs, ys, res.join(' '));
  }
});
