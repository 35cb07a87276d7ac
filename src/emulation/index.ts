// The emulators (float reference and bit-exact fixed point), their value formats, CSV I/O and
// the fixed-vs-float error report.

export { compileFixedGraph, compileFloatGraph, type FixedResult, type FixedTrace, type FloatTrace, quantizeInput } from './run.js';
export { formatFixed, formatFloat } from './format.js';
export { parseCsv, writeCsv } from './csv.js';
export { type LayerError, traceReport } from './report.js';
