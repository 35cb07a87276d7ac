// CSV of samples: one sample per line, values comma separated, flattened row-major.
// Reading: blank lines are ignored; a first line with a non-numeric field is a header and is
// skipped; every other line must have exactly `expectedColumns` numbers (decimal or exponent
// notation, or nan / inf / -inf as Python writes them). Problems are diagnostics with the line and
// column: 'csv/columns' (wrong number of fields), 'csv/value' (a missing or non-numeric value).

import { error, fail, ok, type Diagnostic, type Result } from '../ir/diagnostics.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL = /^[+-]?(nan|inf|infinity)$/i;
/** Errors reported before giving up on a file. */
const MAX_ERRORS = 20;

function parseNumber(s: string): number | undefined {
  if (NUMBER.test(s)) return Number(s);
  const m = SPECIAL.exec(s);
  if (!m) return undefined;
  if (m[1].toLowerCase() === 'nan') return NaN;
  return s.startsWith('-') ? -Infinity : Infinity;
}

export function parseCsv(text: string, expectedColumns: number, file: string): Result<number[][]> {
  const rows: number[][] = [];
  const ds: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  let first = true;
  for (let l = 0; l < lines.length && ds.length < MAX_ERRORS; l++) {
    const line = lines[l];
    if (line.trim() === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    const values = fields.map(parseNumber);
    const isFirst = first;
    first = false;
    if (isFirst && values.some((v, i) => v === undefined && fields[i] !== '')) continue; // header
    const where = (c?: number) => ({ file, node: c === undefined ? `line ${l + 1}` : `line ${l + 1}, column ${c}` });
    if (fields.length !== expectedColumns) {
      ds.push(error('csv/columns', `${file}:${l + 1}: ${fields.length} values, expected ${expectedColumns}`, where()));
      continue;
    }
    const bad = values.findIndex((v) => v === undefined);
    if (bad >= 0) {
      const what = fields[bad] === '' ? 'missing value' : `'${fields[bad]}' is not a number`;
      ds.push(error('csv/value', `${file}:${l + 1}:${bad + 1}: ${what}`, where(bad + 1)));
      continue;
    }
    rows.push(values as number[]);
  }
  if (ds.length >= MAX_ERRORS) ds.push(error('csv/too-many-errors', `${file}: stopped after ${MAX_ERRORS} errors`, { file }));
  return ds.length > 0 ? fail(ds) : ok(rows);
}

function quoteField(f: string): string {
  return /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

/** Lines of comma-separated fields, each line ending in '\n' (fields with , " or newlines are quoted). */
export function writeCsv(rows: string[][]): string {
  return rows.map((r) => r.map(quoteField).join(',') + '\n').join('');
}
