// The exact fixed-point type: Vitis HLS ap_fixed / ap_ufixed / ap_int / ap_uint, bit for bit.
// Values are raw integers (bigint in general, number on the <= 53-bit fast paths) times 2^lsbExp(t).

export {
  DEFAULT_O,
  DEFAULT_Q,
  type FixedType,
  fixedType,
  lsbExp,
  MAX_WIDTH,
  maxRaw,
  minRaw,
  OVERFLOW_MODES,
  type OverflowMode,
  QUANT_MODES,
  type QuantMode,
  sameType,
  typeProblem,
} from './type.js';
export { formatType, parseType, type ParseTypeResult } from './parse.js';
export { convert, quantize, requantize } from './quantize.js';
export { convertNum, quantizeNum, requantizeNum } from './quantize-num.js';
export { fromStoredBits, isRepresentable, toDecimal, toNumber, toStoredBits } from './value.js';
export { accumType, accumTypeOf, diffType, exactTypeOfRange, productType, sumType } from './arith.js';
export { parseHexDouble } from './double.js';
