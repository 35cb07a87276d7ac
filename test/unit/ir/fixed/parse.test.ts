import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FixedType, fixedType, formatType, parseType } from '../../../../src/ir/fixed/index.js';
import { arbType } from './helpers.js';

describe('parseType', () => {
  const valid: [string, FixedType][] = [
    ['ap_fixed<16,6>', fixedType(true, 16, 6)],
    ['ap_ufixed<8,0,AP_RND,AP_SAT>', fixedType(false, 8, 0, 'RND', 'SAT')],
    ['ap_fixed<18,-4,AP_RND_CONV,AP_WRAP_SM,2>', fixedType(true, 18, -4, 'RND_CONV', 'WRAP_SM', 2)],
    ['ap_fixed<4,1,AP_RND_ZERO,AP_WRAP_SM,0>', fixedType(true, 4, 1, 'RND_ZERO', 'WRAP_SM', 0)],
    ['ap_int<8>', fixedType(true, 8, 8)],
    ['ap_uint<1>', fixedType(false, 1, 1)],
    ['fixed<16,6>', fixedType(true, 16, 6)],
    ['ufixed<8,0,RND,SAT>', fixedType(false, 8, 0, 'RND', 'SAT')],
    ['fixed<16,6,RND_MIN_INF,SAT_SYM>', fixedType(true, 16, 6, 'RND_MIN_INF', 'SAT_SYM')],
    ['int<8>', fixedType(true, 8, 8)],
    ['uint<4>', fixedType(false, 4, 4)],
    ['  ap_fixed < 16 , 6 , AP_TRN_ZERO , AP_SAT_ZERO >  ', fixedType(true, 16, 6, 'TRN_ZERO', 'SAT_ZERO')],
    ['fixed<8,3,rnd,ap_sat>', fixedType(true, 8, 3, 'RND', 'SAT')],
    ['ap_fixed<8,12,AP_RND_INF>', fixedType(true, 8, 12, 'RND_INF')],
    ['ap_fixed<1024,1>', fixedType(true, 1024, 1)],
    ['ap_fixed<8,+3>', fixedType(true, 8, 3)],
    ['ap_ufixed<4,4,AP_TRN,AP_WRAP,4>', fixedType(false, 4, 4, 'TRN', 'WRAP', 4)],
  ];
  it.each(valid)('%s', (s, t) => {
    expect(parseType(s)).toEqual({ ok: true, type: t });
  });

  const invalid: [string, RegExp][] = [
    ['fixed<0,3>', /^fixed<0,3>: width must be 1\.\.1024$/],
    ['ap_fixed<1025,3>', /width must be 1\.\.1024/],
    ['ap_int<0>', /width must be 1\.\.1024/],
    ['ap_fixed<8,3,RNDX>', /^unknown quantization mode 'RNDX' in ap_fixed<8,3,RNDX>/],
    ['ap_fixed<8,3,AP_RND,AP_SATURATE>', /unknown overflow mode 'AP_SATURATE'/],
    ['ap_fixed<8,3,AP_SAT,AP_RND>', /unknown quantization mode 'AP_SAT'/],
    ['ap_ufixed<8,3,AP_TRN,AP_WRAP_SM>', /AP_WRAP_SM is not supported on unsigned types/],
    ['ufixed<8,3,TRN,WRAP_SM,1>', /AP_WRAP_SM is not supported on unsigned types/],
    ['ap_fixed<8,3,AP_TRN,AP_WRAP,9>', /saturation bits must be 0\.\.8/],
    ['ap_fixed<8,3,AP_TRN,AP_WRAP,-1>', /saturation bits '-1' is not an integer|saturation bits must be/],
    ['ap_fixed<8>', /expects 2 to 5 parameters/],
    ['ap_fixed<8,3,AP_TRN,AP_WRAP,0,1>', /expects 2 to 5 parameters/],
    ['ap_int<8,3>', /takes exactly one parameter/],
    ['ap_fixed<8.5,3>', /width '8\.5' is not an integer/],
    ['ap_fixed<8,x>', /integer bits 'x' is not an integer/],
    ['ap_fixed<,3>', /width '' is not an integer/],
    ['float<8,3>', /unknown type name 'float'/],
    ['ap_fixed<8,3', /is not a type/],
    ['ap_fixed 8,3', /is not a type/],
    ['', /empty type string/],
    ['ap_fixed<8,99999999999999999999>', /integer bits '99999999999999999999' is not an integer/],
  ];
  it.each(invalid)('rejects %s', (s, message) => {
    const r = parseType(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('formatType', () => {
  it.each([
    [fixedType(true, 16, 6), 'ap_fixed<16,6>', 'fixed<16,6>'],
    [fixedType(true, 16, 6, 'RND'), 'ap_fixed<16,6,AP_RND>', 'fixed<16,6,RND>'],
    [fixedType(true, 16, 6, 'RND', 'SAT'), 'ap_fixed<16,6,AP_RND,AP_SAT>', 'fixed<16,6,RND,SAT>'],
    [fixedType(true, 16, 6, 'TRN', 'SAT'), 'ap_fixed<16,6,AP_TRN,AP_SAT>', 'fixed<16,6,TRN,SAT>'],
    [fixedType(true, 16, 6, 'TRN', 'WRAP', 2), 'ap_fixed<16,6,AP_TRN,AP_WRAP,2>', 'fixed<16,6,TRN,WRAP,2>'],
    [fixedType(false, 8, 0, 'RND_CONV'), 'ap_ufixed<8,0,AP_RND_CONV>', 'ufixed<8,0,RND_CONV>'],
    [fixedType(true, 8, 8), 'ap_int<8>', 'int<8>'],
    [fixedType(false, 8, 8), 'ap_uint<8>', 'uint<8>'],
    [fixedType(false, 8, 8, 'TRN', 'SAT'), 'ap_ufixed<8,8,AP_TRN,AP_SAT>', 'ufixed<8,8,TRN,SAT>'],
    [fixedType(true, 4, -3), 'ap_fixed<4,-3>', 'fixed<4,-3>'],
  ])('%o', (t, ap, hls4ml) => {
    expect(formatType(t)).toBe(ap);
    expect(formatType(t, 'ap')).toBe(ap);
    expect(formatType(t, 'hls4ml')).toBe(hls4ml);
  });

  it('parseType(formatType(t)) gives t back for random valid types, both styles', () => {
    fc.assert(
      fc.property(arbType({ maxWidth: 1024, minIntBits: -2000, maxIntBits: 2000 }), fc.constantFrom('ap', 'hls4ml'), (t, style) => {
        expect(parseType(formatType(t, style as 'ap' | 'hls4ml'))).toEqual({ ok: true, type: t });
      }),
      { numRuns: 2000 },
    );
  });
});
