// A hand-checked table: every quantization mode, every overflow mode (N = 0, 1, 2), negative intBits,
// intBits > width, width 1, unsigned, and the doubles the constructor treats specially.
// Each row's reasoning is in its comment; "u" means one LSB of the target.

import { describe, expect, it } from 'vitest';
import { quantize, quantizeNum, toDecimal } from '../../../../src/ir/fixed/index.js';
import { type } from './helpers.js';

type Row = [typeText: string, x: number, raw: number, why: string];

// ap_fixed<4,2>: u = 0.25, raw in [-8, 7].
const quantization: Row[] = [
  // 0.375 = 1.5u: a tie between 1 and 2
  ['ap_fixed<4,2,AP_RND>', 0.375, 2, 'tie toward +inf'],
  ['ap_fixed<4,2,AP_RND_ZERO>', 0.375, 1, 'tie toward zero'],
  ['ap_fixed<4,2,AP_RND_MIN_INF>', 0.375, 1, 'tie toward -inf'],
  ['ap_fixed<4,2,AP_RND_INF>', 0.375, 2, 'tie away from zero'],
  ['ap_fixed<4,2,AP_RND_CONV>', 0.375, 2, 'tie to even (2)'],
  ['ap_fixed<4,2,AP_TRN>', 0.375, 1, 'floor'],
  ['ap_fixed<4,2,AP_TRN_ZERO>', 0.375, 1, 'toward zero'],
  // -0.375 = -1.5u: a tie between -2 and -1
  ['ap_fixed<4,2,AP_RND>', -0.375, -1, 'tie toward +inf'],
  ['ap_fixed<4,2,AP_RND_ZERO>', -0.375, -1, 'tie toward zero'],
  ['ap_fixed<4,2,AP_RND_MIN_INF>', -0.375, -2, 'tie toward -inf'],
  ['ap_fixed<4,2,AP_RND_INF>', -0.375, -2, 'tie away from zero'],
  ['ap_fixed<4,2,AP_RND_CONV>', -0.375, -2, 'tie to even (-2)'],
  ['ap_fixed<4,2,AP_TRN>', -0.375, -2, 'floor'],
  ['ap_fixed<4,2,AP_TRN_ZERO>', -0.375, -1, 'toward zero'],
  // 0.625 = 2.5u: the even neighbour is now the lower one
  ['ap_fixed<4,2,AP_RND>', 0.625, 3, 'tie toward +inf'],
  ['ap_fixed<4,2,AP_RND_ZERO>', 0.625, 2, 'tie toward zero'],
  ['ap_fixed<4,2,AP_RND_INF>', 0.625, 3, 'tie away from zero'],
  ['ap_fixed<4,2,AP_RND_CONV>', 0.625, 2, 'tie to even (2)'],
  // -0.3 = -1.2u: not a tie, every RND mode goes to the nearest, -1
  ['ap_fixed<4,2,AP_RND>', -0.3, -1, 'nearest'],
  ['ap_fixed<4,2,AP_RND_MIN_INF>', -0.3, -1, 'nearest'],
  ['ap_fixed<4,2,AP_RND_CONV>', -0.3, -1, 'nearest'],
  ['ap_fixed<4,2,AP_TRN>', -0.3, -2, 'floor of -1.2'],
  ['ap_fixed<4,2,AP_TRN_ZERO>', -0.3, -1, 'truncation of -1.2'],
  // -0.1 = -0.4u: rounds to 0 except under floor
  ['ap_fixed<4,2,AP_RND_INF>', -0.1, 0, 'nearest is 0'],
  ['ap_fixed<4,2,AP_TRN>', -0.1, -1, 'floor of -0.4'],
  ['ap_fixed<4,2,AP_TRN_ZERO>', -0.1, 0, 'truncation of -0.4'],
];

// ap_fixed<4,4> (integers in [-8, 7], H = 8) and ap_ufixed<4,4> ([0, 15]).
const overflow: Row[] = [
  ['ap_fixed<4,4,AP_RND,AP_SAT>', 7.6, 7, 'rounds to 8, saturates to max'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT>', 9, 7, 'max'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT>', -9, -8, 'min'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT_ZERO>', 9, 0, 'overflow gives 0'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT_ZERO>', -9, 0, 'underflow gives 0'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT_ZERO>', 7, 7, 'in range'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT_SYM>', 9, 7, 'max'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT_SYM>', -9, -7, 'symmetric: -max'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT_SYM>', -8, -7, 'min itself is excluded'],
  ['ap_fixed<4,4,AP_TRN,AP_SAT_SYM>', -7, -7, 'in range'],
  ['ap_fixed<4,4>', 9, -7, 'WRAP: 9 - 16'],
  ['ap_fixed<4,4>', -9, 7, 'WRAP: -9 + 16'],
  // WRAP N=1: low 3 bits wrap, the MSB is the sign. 9 = 1001b: 001 with sign 0 -> 1.
  ['ap_fixed<4,4,AP_TRN,AP_WRAP,1>', 9, 1, 'low bits 001, sign 0'],
  // -9 = ...10111b: low bits 111 with sign 1 -> 1111b = -1.
  ['ap_fixed<4,4,AP_TRN,AP_WRAP,1>', -9, -1, 'low bits 111, sign 1'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP,1>', 5, 5, 'in range: untouched'],
  // WRAP N=2: top two bits 01 (positive) or 10 (negative), low 2 bits wrap.
  ['ap_fixed<4,4,AP_TRN,AP_WRAP,2>', 9, 5, '01|01b'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP,2>', 20, 4, '20 = 10100b: 01|00b'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP,2>', -9, -5, '-9 low bits 11: 10|11b = -5'],
  // WRAP_SM N=0: sign := lD (bit 4 of the value); low 3 bits inverted when lD differs from bit 3.
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM>', 9, 6, '01001b: lD=0, bit3=1 -> 0|110b (reflects: 8->7, 9->6)'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM>', -9, -8, '10111b: lD=1, bit3=0 -> 1|000b'],
  ['ap_fixed<4,4,AP_RND,AP_WRAP_SM>', 19, -4, '10011b: lD=1, bit3=0 -> 1|100b'],
  ['ap_fixed<4,4,AP_RND,AP_WRAP_SM>', -19, 2, '01101b: lD=0, bit3=1 -> 0|010b'],
  // WRAP_SM N=1: sign := the value's sign; low bits inverted when it differs from bit 3.
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM,1>', 9, 6, 'sign 0, bit3=1: invert 001 -> 110'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM,1>', 19, 3, 'sign 0, bit3=0: keep 011'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM,1>', -19, -3, 'sign 1, bit3=1: keep 101 -> 1101b'],
  // WRAP_SM N=2: top bits 01/10; low 2 bits inverted when bit 2 EQUALS the sign.
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM,2>', 9, 6, '1001b: bit2=0=sign: invert 01 -> 10; 01|10b'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM,2>', 19, 4, '0011b: bit2=0=sign: invert 11 -> 00; 01|00b'],
  ['ap_fixed<4,4,AP_TRN,AP_WRAP_SM,2>', -19, -6, '1101b: bit2=1=sign: invert 01 -> 10; 10|10b'],
  // unsigned
  ['ap_ufixed<4,4,AP_TRN,AP_SAT>', 16, 15, 'max'],
  ['ap_ufixed<4,4,AP_TRN,AP_SAT>', -1, 0, 'min'],
  ['ap_ufixed<4,4,AP_TRN,AP_SAT_SYM>', -1, 0, 'unsigned SAT_SYM is SAT'],
  ['ap_ufixed<4,4,AP_TRN,AP_SAT_ZERO>', 16, 0, 'overflow gives 0'],
  ['ap_ufixed<4,4>', 17, 1, 'WRAP'],
  ['ap_ufixed<4,4>', -1, 15, 'WRAP'],
  ['ap_ufixed<4,4,AP_TRN,AP_WRAP,1>', 17, 9, '10001b: top bit 1, low 001 -> 1001b'],
  ['ap_ufixed<4,4,AP_TRN,AP_WRAP,1>', -3, 13, 'underflow also sets the top bit: 1|101b'],
  ['ap_ufixed<4,4,AP_TRN,AP_WRAP,2>', 17, 13, '11|01b'],
  ['ap_ufixed<4,4,AP_TRN,AP_WRAP,2>', -3, 13, '-3 = ...11101b: 11|01b'],
];

const shapes: Row[] = [
  // ap_fixed<4,-2>: u = 2^-6, raw in [-8, 7]
  ['ap_fixed<4,-2>', 0.05, 3, '3.2u, floor'],
  ['ap_fixed<4,-2,AP_RND>', 3 / 128, 2, '1.5u, tie up'],
  ['ap_fixed<4,-2>', 0.2, -4, '12.8u -> 12, wraps to -4'],
  ['ap_fixed<4,-2,AP_TRN,AP_SAT>', 0.2, 7, 'saturates'],
  // ap_fixed<4,8>: u = 16, raw in [-8, 7]
  ['ap_fixed<4,8,AP_RND_CONV>', 40, 2, '2.5u, tie to even'],
  ['ap_fixed<4,8,AP_RND>', 40, 3, '2.5u, tie up'],
  ['ap_fixed<4,8>', 200, -4, '12.5u -> 12, wraps to -4'],
  ['ap_fixed<4,8,AP_TRN,AP_SAT>', 200, 7, 'saturates (value 112)'],
  ['ap_fixed<4,8,AP_RND>', -8, 0, '-0.5u, tie toward +inf'],
  ['ap_fixed<4,8,AP_RND_MIN_INF>', -8, -1, '-0.5u, tie toward -inf'],
  ['ap_fixed<4,8,AP_RND_CONV>', -8, 0, '-0.5u, tie to even'],
  // width 1
  ['ap_fixed<1,1>', -1, -1, 'signed 1 bit holds {-1, 0}'],
  ['ap_fixed<1,1,AP_RND>', 0.5, -1, 'rounds to 1, wraps to -1'],
  ['ap_fixed<1,1,AP_RND,AP_SAT>', 0.5, 0, 'rounds to 1, saturates to max = 0'],
  ['ap_fixed<1,1,AP_RND>', -0.5, 0, 'tie toward +inf'],
  // SAT_SYM on 1 signed bit: the header writes the pattern 1 (= -1) on underflow, so it equals SAT
  ['ap_fixed<1,1,AP_TRN,AP_SAT_SYM>', -1, -1, 'min counts as underflow, result pattern 1b = -1'],
  ['ap_fixed<1,1,AP_TRN,AP_SAT_SYM>', -5, -1, 'underflow'],
  ['ap_fixed<1,1,AP_TRN,AP_SAT_SYM>', 5, 0, 'overflow to max = 0'],
  ['ap_ufixed<1,0,AP_RND_CONV>', 0.75, 0, '1.5u, tie to even 2, wraps to 0'],
  ['ap_ufixed<1,0,AP_RND_CONV,AP_SAT>', 0.75, 1, '1.5u -> 2 saturates to 1'],
  ['ap_ufixed<1,0>', 0.75, 1, 'floor 1'],
  ['ap_ufixed<1,1,AP_RND,AP_SAT>', -2, 0, 'unsigned underflow'],
  ['ap_uint<1>', 3, 1, 'wrap 3 mod 2'],
];

// What the constructor makes of the doubles it treats specially (see double.ts).
const specials: Row[] = [
  ['ap_fixed<8,4,AP_TRN,AP_SAT>', NaN, 127, 'NaN reads as +1.5*2^1024: saturates to max'],
  ['ap_fixed<8,4,AP_TRN,AP_SAT>', Infinity, 127, '+Inf reads as 2^1024'],
  ['ap_fixed<8,4,AP_TRN,AP_SAT>', -Infinity, -128, '-Inf reads as -2^1024'],
  ['ap_fixed<8,4,AP_TRN,AP_SAT_SYM>', -Infinity, -127, ''],
  ['ap_fixed<8,4>', NaN, 0, 'WRAP: the low bits of 3*2^1023 / 2^-4 are 0'],
  ['ap_fixed<8,4>', Infinity, 0, 'WRAP'],
  ['ap_fixed<8,4>', -Infinity, 0, 'WRAP'],
  ['ap_fixed<8,4,AP_TRN,AP_WRAP,1>', -Infinity, -128, 'WRAP N=1: sign bit saturated, low bits 0'],
  ['ap_fixed<8,4>', -0, 0, '-0 is 0'],
  ['ap_fixed<8,1030>', NaN, 6, 'u = 2^1022: 1.5*2^1024 = 6u'],
  ['ap_fixed<8,1030>', Infinity, 4, '2^1024 = 4u'],
  ['ap_fixed<8,1030>', -Infinity, -4, ''],
  // The smallest subnormal, 2^-1074, is read with an implicit 1 as (2^52+1)*2^-1075 = 2^-1023 + 2^-1075;
  // with u = 2^-1064 that is 2^41 + 2^-11 units, floored to 2^41.
  ['ap_fixed<64,-1000>', Number.MIN_VALUE, 2 ** 41, 'subnormal quirk'],
  ['ap_ufixed<8,0,AP_RND>', Number.MIN_VALUE, 0, 'subnormals are tiny anyway'],
  ['ap_fixed<8,0,AP_TRN>', -Number.MIN_VALUE, -1, 'floor of a tiny negative'],
];

describe('hand-checked quantization table', () => {
  for (const [name, rows] of [
    ['quantization modes', quantization],
    ['overflow modes', overflow],
    ['shapes: negative intBits, intBits > width, width 1', shapes],
    ['NaN, infinities, -0, subnormals', specials],
  ] as const) {
    it(name, () => {
      const failures: string[] = [];
      for (const [typeText, x, raw, why] of rows) {
        const t = type(typeText);
        const got = quantize(t, x);
        if (got !== BigInt(raw)) failures.push(`${typeText} <- ${x}: want ${raw} (${why}), got ${got}`);
        if (t.width <= 53 && quantizeNum(t, x) !== raw) failures.push(`${typeText} <- ${x}: quantizeNum gave ${quantizeNum(t, x)}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('a wrapped value of a type with intBits > width reads back as its decimal', () => {
    const t = type('ap_fixed<4,8>');
    expect(toDecimal(t, quantize(t, 200))).toBe('-64');
  });
});
