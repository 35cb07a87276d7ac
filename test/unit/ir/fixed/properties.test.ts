// Property tests: the fast paths agree with the BigInt path, the BigInt path agrees with a textbook
// rational reference for the arithmetic overflow modes, and the ordering guarantees of each mode hold.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convert,
  convertNum,
  fixedType,
  lsbExp,
  maxRaw,
  minRaw,
  quantize,
  quantizeNum,
  requantize,
  requantizeNum,
  toNumber,
} from '../../../../src/ir/fixed/index.js';
import { arbDoubleFor, arbRaw, arbType, exactRational, refQuantize } from './helpers.js';

const RUNS = { numRuns: 3000 };
const small = arbType({ maxWidth: 53 });

describe('fast paths agree with the BigInt path', () => {
  it('quantizeNum === quantize for every double, width <= 53', () => {
    const arb = small.chain((t) => fc.tuple(fc.constant(t), arbDoubleFor(t)));
    fc.assert(
      fc.property(arb, ([t, x]) => {
        expect(quantizeNum(t, x)).toBe(Number(quantize(t, x)));
      }),
      RUNS,
    );
  });

  it('quantizeNum === quantize for types with extreme LSBs', () => {
    const extreme = arbType({ maxWidth: 53, minIntBits: -1200, maxIntBits: 1200 });
    fc.assert(
      fc.property(extreme, fc.double(), (t, x) => {
        expect(quantizeNum(t, x)).toBe(Number(quantize(t, x)));
      }),
      RUNS,
    );
  });

  it('convertNum === convert, widths <= 53', () => {
    const arb = fc.tuple(small, small).chain(([from, to]) => fc.tuple(fc.constant(from), fc.constant(to), arbRaw(from)));
    fc.assert(
      fc.property(arb, ([from, to, raw]) => {
        expect(convertNum(from, to, Number(raw))).toBe(Number(convert(from, to, raw)));
      }),
      RUNS,
    );
  });

  it('requantizeNum === requantize for any LSB exponent and |raw| < 2^53', () => {
    const raw = fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n });
    fc.assert(
      fc.property(fc.integer({ min: -1300, max: 1300 }), raw, small, (lsb, r, t) => {
        expect(requantizeNum(lsb, Number(r), t)).toBe(Number(requantize(lsb, r, t)));
      }),
      RUNS,
    );
  });
});

describe('BigInt path against a rational reference', () => {
  // Wide types too: the reference is independent of width.
  const wide = arbType({ maxWidth: 200, minIntBits: -150, maxIntBits: 250 });

  it('quantize matches the textbook definition for SAT, SAT_ZERO, SAT_SYM and WRAP (N = 0)', () => {
    const arb = wide.chain((t) => fc.tuple(fc.constant(t), arbDoubleFor(t)));
    fc.assert(
      fc.property(arb, ([t, x]) => {
        // Normal finite doubles only: NaN, infinities and subnormals follow the constructor's reading.
        fc.pre(Number.isFinite(x) && (x === 0 || Math.abs(x) >= 2 ** -1022));
        const { num, e } = exactRational(x);
        const want = refQuantize(t, num, e);
        fc.pre(want !== undefined);
        expect(quantize(t, x)).toBe(want);
      }),
      RUNS,
    );
  });

  it('convert matches the textbook definition', () => {
    const arb = fc.tuple(wide, wide).chain(([from, to]) => fc.tuple(fc.constant(from), fc.constant(to), arbRaw(from)));
    fc.assert(
      fc.property(arb, ([from, to, raw]) => {
        const want = refQuantize(to, raw, -lsbExp(from));
        fc.pre(want !== undefined);
        expect(convert(from, to, raw)).toBe(want);
      }),
      RUNS,
    );
  });
});

describe('guarantees of the modes', () => {
  it('converting to a type at least as wide with the same LSB is the identity, whatever the modes', () => {
    const arb = fc
      .tuple(arbType({ maxWidth: 120 }), arbType({ maxWidth: 140 }), fc.nat(10))
      .map(([from, modes, extra]) => {
        // same LSB, enough integer bits: one more if an unsigned value goes to a signed type
        const width = from.width + extra + (modes.signed && !from.signed ? 1 : 0);
        const signed = modes.signed || from.signed;
        const o = !signed && modes.o === 'WRAP_SM' ? 'WRAP' : modes.o;
        const to = fixedType(signed, width, from.intBits + width - from.width, modes.q, o, Math.min(modes.n, width));
        return [from, to] as const;
      })
      .chain(([from, to]) => fc.tuple(fc.constant(from), fc.constant(to), arbRaw(from)));
    fc.assert(
      fc.property(arb, ([from, to, raw]) => {
        // except SAT_SYM's own minimum, which it maps to -max by definition
        fc.pre(!(to.o === 'SAT_SYM' && to.signed && raw === minRaw(to)));
        expect(convert(from, to, raw)).toBe(raw);
      }),
      RUNS,
    );
  });

  // For an in-range x: TRN gives raw*u <= x < (raw+1)*u; TRN_ZERO never grows |x|; RND* are within u/2.
  it('TRN floors, TRN_ZERO truncates, RND modes are within half an LSB', () => {
    const arb = arbType({ maxWidth: 80 }).chain((t) => fc.tuple(fc.constant(t), arbDoubleFor(t)));
    fc.assert(
      fc.property(arb, ([t0, x]) => {
        const t = { ...t0, o: 'SAT' as const, n: 0 };
        fc.pre(Number.isFinite(x) && (x === 0 || Math.abs(x) >= 2 ** -1022));
        const { num, e } = exactRational(x);
        const raw = quantize(t, x);
        // Compare raw * 2^lsb with num * 2^-e on the common grid 2^(lsb - e - 1).
        const lsb = lsbExp(t);
        const base = Math.min(lsb, -e) - 1;
        const v = raw << BigInt(lsb - base);
        const xs = num << BigInt(-e - base);
        const u = 1n << BigInt(lsb - base);
        const inRange = xs >= minRaw(t) * u && xs < (maxRaw(t) + 1n) * u;
        // saturation may move the result further; check the rounding only away from the edges
        fc.pre(inRange && raw !== maxRaw(t) && raw !== minRaw(t));
        const abs = (a: bigint): bigint => (a < 0n ? -a : a);
        if (t.q === 'TRN') expect(v <= xs && xs < v + u).toBe(true);
        else if (t.q === 'TRN_ZERO') expect(abs(v) <= abs(xs) && abs(xs - v) < u).toBe(true);
        else expect(2n * abs(xs - v) <= u).toBe(true);
      }),
      RUNS,
    );
  });

  it('a double read back from a value quantizes to the same raw (width <= 53, normal range)', () => {
    const arb = arbType({ maxWidth: 53, minIntBits: -900, maxIntBits: 900 }).chain((t) =>
      fc.tuple(fc.constant(t), arbRaw(t)),
    );
    fc.assert(
      fc.property(arb, ([t, raw]) => {
        const x = toNumber(t, raw);
        fc.pre(x === 0 || Math.abs(x) >= 2 ** -1022);
        fc.pre(!(t.o === 'SAT_SYM' && t.signed && raw === minRaw(t)));
        expect(quantize(t, x)).toBe(raw);
        expect(quantizeNum(t, x)).toBe(Number(raw));
      }),
      RUNS,
    );
  });
});
