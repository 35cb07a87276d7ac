// The helpers of the HLS library that the generated code and its test bench stand on, compiled
// with g++ against fhls's ap_types and compared with the TypeScript reference:
//   fhls::tb::to_decimal (exact decimal printing from the stored bits) vs toDecimal,
//   fhls::from_bits / raw_of (stored bits in and out),
//   fhls::round_ratio in every mode vs roundRatio.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../src/backends/vitis/render.js';
import { cppType, hexBits } from '../../../src/backends/vitis/cpp.js';
import { formatType, parseType } from '../../../src/ir/fixed/parse.js';
import { type FixedType, maxRaw, minRaw } from '../../../src/ir/fixed/type.js';
import { toDecimal } from '../../../src/ir/fixed/value.js';
import { roundRatio, type Rounding } from '../../../src/ir/layers/ratio.js';
import { compileAndRun, haveCompiler } from './helpers.js';

const INCLUDES = [join(TEMPLATES, 'hls', 'ap_types'), join(TEMPLATES, 'hls')];

function T(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

/** Deterministic raw values of a type: the extremes, small values and pseudo-random ones. */
function raws(t: FixedType, n: number): bigint[] {
  const lo = minRaw(t);
  const hi = maxRaw(t);
  const span = hi - lo + 1n;
  const out = [lo, hi, 0n, 1n, lo + 1n, hi - 1n].filter((v) => v >= lo && v <= hi);
  let s = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < n; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    let r = s;
    for (let k = 64; k < t.width + 8; k += 64) {
      s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      r = (r << 64n) | s;
    }
    out.push(lo + (r % span));
  }
  return out;
}

const TYPES = ['fixed<16,6>', 'ufixed<8,0>', 'fixed<1,1>', 'ufixed<1,-3>', 'fixed<5,9>', 'fixed<12,-4>', 'int<33>', 'uint<64>', 'fixed<80,20>', 'ufixed<130,3>', 'fixed<300,150>'];

describe.skipIf(!haveCompiler())('HLS library helpers vs TypeScript', () => {
  it('to_decimal prints the exact value from the stored bits; raw_of reads them back', () => {
    const cases = TYPES.flatMap((s) => raws(T(s), 40).map((raw) => ({ t: T(s), raw })));
    const lines = cases.map(
      ({ t, raw }) =>
        `  { ${cppType(t)} v = fhls::from_bits<${cppType(t)} >("${hexBits(t, raw)}"); std::printf("%s %s\\n", fhls::tb::to_decimal(v).c_str(), fhls::tb::to_decimal(fhls::raw_of(v)).c_str()); }`,
    );
    const src = `#include <cstdio>\n#include "fhls/tb.h"\nint main() {\n${lines.join('\n')}\n  return 0;\n}\n`;
    const r = compileAndRun(src, INCLUDES);
    expect(r.stderr).toBe('');
    const out = r.stdout.trim().split('\n');
    expect(out.length).toBe(cases.length);
    cases.forEach(({ t, raw }, i) => expect(out[i], `${formatType(t)} raw ${raw}`).toBe(`${toDecimal(t, raw)} ${raw}`));
  });

  it('round_ratio rounds like the emulator in every mode', () => {
    const modes: [Rounding, string][] = [
      ['TRN', 'AP_TRN'],
      ['TRN_ZERO', 'AP_TRN_ZERO'],
      ['RND', 'AP_RND'],
      ['RND_ZERO', 'AP_RND_ZERO'],
      ['RND_MIN_INF', 'AP_RND_MIN_INF'],
      ['RND_INF', 'AP_RND_INF'],
      ['RND_CONV', 'AP_RND_CONV'],
      ['CEIL', 'fhls::ROUND_CEIL'],
    ];
    const pairs: [bigint, bigint][] = [];
    for (let num = -13n; num <= 13n; num++) for (const den of [1n, 2n, 3n, 4n, 6n, 7n]) pairs.push([num, den]);
    pairs.push([123456789012345678901234567n, 1000000007n], [-(2n ** 90n) + 5n, 2n ** 40n]);
    const lines = modes.flatMap(([, cpp]) =>
      pairs.map(([n, d]) => `  std::printf("%s\\n", fhls::tb::to_decimal(fhls::round_ratio<${cpp}>(I(fhls::from_bits<I>("${BigInt.asUintN(120, n).toString(16)}")), I(fhls::from_bits<I>("${d.toString(16)}")))).c_str());`),
    );
    const src = `#include <cstdio>\n#include "fhls/rounding.h"\n#include "fhls/tb.h"\ntypedef ap_int<120> I;\nint main() {\n${lines.join('\n')}\n  return 0;\n}\n`;
    const r = compileAndRun(src, INCLUDES);
    expect(r.stderr).toBe('');
    const out = r.stdout.trim().split('\n');
    let k = 0;
    for (const [mode] of modes) for (const [n, d] of pairs) expect(out[k++], `${mode} ${n}/${d}`).toBe(String(roundRatio(n, d, mode)));
  });
});
