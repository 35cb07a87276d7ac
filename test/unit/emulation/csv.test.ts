import { describe, expect, test } from 'vitest';
import { parseCsv, writeCsv } from '../../../src/emulation/csv.js';

describe('parseCsv', () => {
  test('header skipped, blank lines ignored, Python special values', () => {
    const r = parseCsv('x0,x1\n1,2.5\n\n-3e-2, nan\ninf,-inf\n', 2, 'in.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual([
      [1, 2.5],
      [-0.03, NaN],
      [Infinity, -Infinity],
    ]);
  });

  test('no header', () => {
    const r = parseCsv('1,2\r\n3,4\r\n', 2, 'in.csv');
    expect(r.ok && r.value).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  test('wrong column count: csv/columns with the line', () => {
    const r = parseCsv('x0,x1\n1,2\n3\n', 2, 'in.csv');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['csv/columns']);
    expect(r.diagnostics[0].message).toBe('in.csv:3: 1 values, expected 2');
    expect(r.diagnostics[0].origin).toEqual({ file: 'in.csv', node: 'line 3' });
  });

  test('non-numeric and missing values: csv/value with line and column', () => {
    const r = parseCsv('1,2\n3,abc\n,4\n', 2, 'in.csv');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['csv/value', "in.csv:2:2: 'abc' is not a number"],
      ['csv/value', 'in.csv:3:1: missing value'],
    ]);
  });

  test('stops after 20 errors', () => {
    const r = parseCsv('1\n'.repeat(100), 2, 'in.csv');
    expect(r.diagnostics).toHaveLength(21);
    expect(r.diagnostics[20].code).toBe('csv/too-many-errors');
  });
});

describe('writeCsv', () => {
  test('lines and quoting', () => {
    expect(writeCsv([['y0', 'y1'], ['1', '-0.5']])).toBe('y0,y1\n1,-0.5\n');
    expect(writeCsv([['a,b', 'say "hi"']])).toBe('"a,b","say ""hi"""\n');
  });
});
