import { describe, expect, it } from 'vitest';
import { Namer, sanitize } from '../../../../src/backends/vitis/names.js';

describe('sanitize', () => {
  it.each([
    ['/fc1/Gemm_output_0', 'fc1_Gemm_output_0'],
    ['input', 'input'],
    ['onnx::Gemm_12', 'onnx_Gemm_12'],
    ['12', 'v12'],
    ['', 'v'],
    ['///', 'v'],
    ['a__b', 'a_b'],
    ['_x_', 'x'],
    ['int', 'int_v'],
    ['class', 'class_v'],
    ['ap_fixed', 'ap_fixed_v'],
    ['hls_stream', 'hls_stream_v'],
    ['fhls', 'fhls_v'],
    ['résumé', 'r_sum'],
    ['Conv.weight', 'Conv_weight'],
  ])('%s → %s', (raw, expected) => {
    expect(sanitize(raw)).toBe(expected);
  });

  it('always gives a valid, non-reserved C identifier', () => {
    const samples = ['0', '-', 'a-b', '__init__', 'x/y:z', ' ', '9lives', 'main', 'new', 'A_', '_Z'];
    for (const s of samples) {
      const id = sanitize(s);
      expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(id).not.toMatch(/__/);
    }
  });
});

describe('Namer', () => {
  it('makes names unique, with readable suffixes', () => {
    const n = new Namer(['myproject']);
    expect(n.unique('/a/Add')).toBe('a_Add');
    expect(n.unique('a.Add')).toBe('a_Add_2');
    expect(n.unique('a:Add')).toBe('a_Add_3');
    expect(n.unique('myproject')).toBe('myproject_2');
  });

  it('reserves derived names together with the base', () => {
    const n = new Namer();
    expect(n.unique('x', ['_t'])).toBe('x');
    // 'x_t' is taken as x's type name, so a tensor called x_t gets another name
    expect(n.unique('x_t', ['_t'])).toBe('x_t_2');
    // and a tensor whose type name would collide is moved too
    const m = new Namer(['y_t']);
    expect(m.unique('y', ['_t'])).toBe('y_2');
  });
});
