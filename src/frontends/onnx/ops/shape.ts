// Structural ops: Identity/Dropout (removed), Shape/Size (constants, since every shape is static),
// Concat, Flatten/Reshape/Squeeze/Unsqueeze (→ Reshape), Transpose, Pad, Resize/Upsample.

import type { LayerAttrs } from '../../../ir/graph.js';
import { shapeConst } from '../consteval.js';
import type { NodeInfo, Reader } from '../context.js';
import { DT, dtypeName, isFloatType } from '../proto.js';
import { prod } from '../tensor.js';
import { actInput, constInput, optionalConst, type OpReader } from './common.js';

const batchShape = (s: readonly number[]) => `[batch, ${s.join(', ')}]`;

/** Identity and Dropout (inference): the output is another name for the input. */
function passThrough(r: Reader, node: NodeInfo): void {
  const v = r.value(node.inputs[0] ?? '');
  if (node.opType === 'Dropout' && node.outputs[1]) {
    r.reject(node, 'onnx/unsupported-attr', `Dropout '${node.name}': the mask output is not supported (export the model in eval() mode)`);
    return;
  }
  if (v?.kind === 'const') r.setConst(node.outputs[0], v.c);
  else if (v?.kind === 'act') r.setAct(node.outputs[0], v.shape, v.tensor);
  else if (v?.kind === 'qlinear') r.values.set(node.outputs[0], v);
  else r.poison(node.outputs);
}

/** Cast of an activation to a float type is the identity here (values are reals until typed). */
function cast(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  // CastLike takes the type of its second input (an activation's is float)
  const to = node.opType === 'CastLike' ? (r.constOf(node.inputs[1] ?? '')?.dtype ?? DT.FLOAT) : node.attrs.int('to', DT.FLOAT);
  if (!isFloatType(to)) {
    r.reject(node, 'onnx/unsupported-op', `${node.opType} '${node.name}' of an activation to ${dtypeName(to)} is not supported (only casts between float types)`);
    return;
  }
  r.setAct(node.outputs[0], x.shape, x.tensor);
}

/**
 * Shape of an activation is a constant: every shape is static. The batch entry is reported as 1.
 * A Reshape target built as Shape → Gather(0) → Unsqueeze → Concat([n, -1]) then starts with that 1,
 * which the Reshape reader takes for the batch entry and drops — so it resolves correctly.
 */
function shape(r: Reader, node: NodeInfo): void {
  const v = r.value(node.inputs[0] ?? '');
  const full = v?.kind === 'const' ? v.c.shape : v?.kind === 'act' ? [1, ...v.shape] : v?.kind === 'qlinear' ? [1, ...v.q.shape] : undefined;
  if (!full) return r.poison(node.outputs);
  if (node.opType === 'Size') r.setConst(node.outputs[0], { dtype: DT.INT64, shape: [], data: [prod(full)] });
  else r.setConst(node.outputs[0], shapeConst(full, node));
}

function concat(r: Reader, node: NodeInfo): void {
  const inputs = node.inputs.filter((n) => n);
  const acts = [];
  for (let i = 0; i < inputs.length; i++) {
    const a = actInput(r, node, node.inputs.indexOf(inputs[i]), `input ${i + 1}`);
    if (!a) return;
    acts.push(a);
  }
  const rank = acts[0].shape.length;
  const a = r.axis(node.attrs.int('axis', 0), rank);
  if (!a.ok) {
    r.reject(node, a.batch ? 'onnx/batch-axis' : 'onnx/unsupported-attr', `Concat '${node.name}': axis ${node.attrs.int('axis', 0)} ${a.batch ? 'is the batch axis' : 'is out of range'}`);
    return;
  }
  if (acts.length === 1) {
    r.setAct(node.outputs[0], acts[0].shape, acts[0].tensor);
    return;
  }
  r.emit({ name: node.name, kind: 'Concat', inputs: acts.map((x) => x.tensor), outputs: [node.outputs[0]], attrs: { axis: a.axis }, origin: node.origin }, node);
}

/** A Reshape layer, or — when the shape does not change — just another name for the input. */
function emitReshape(r: Reader, node: NodeInfo, x: { tensor: string; shape: number[] }, target: number[]): void {
  if (target.length === x.shape.length && target.every((d, i) => d === x.shape[i])) {
    r.setAct(node.outputs[0], x.shape, x.tensor);
    return;
  }
  const input = x.tensor;
  r.emit({ name: node.name, kind: 'Reshape', inputs: [input], outputs: [node.outputs[0]], attrs: { shape: target } as LayerAttrs['Reshape'], origin: node.origin }, node);
}

function flatten(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const full = x.shape.length + 1;
  const a0 = node.attrs.int('axis', 1);
  const a = a0 < 0 ? a0 + full : a0;
  if (a < 0 || a > full) {
    r.reject(node, 'onnx/unsupported-attr', `Flatten '${node.name}': axis ${a0} is out of range for ${batchShape(x.shape)}`);
    return;
  }
  // the output is [prod(dims before a), prod(dims from a)]: the batch must stay alone in front
  if (a === 0 || prod(x.shape.slice(0, a - 1)) !== 1) {
    r.reject(node, 'onnx/batch-axis', `Flatten '${node.name}' with axis ${a0} on ${batchShape(x.shape)} would merge the batch axis with other axes`);
    return;
  }
  emitReshape(r, node, x, [prod(x.shape.slice(a - 1))]);
}

/**
 * The per-sample shape of a Reshape target, or why it cannot be one. The first entry must be the
 * batch: 0 (copy), -1 (inferred while the rest is fixed), or a value Shape reports for it (1) or a
 * fixed batch size of the model.
 */
function perSampleTarget(shape: readonly number[], target: readonly number[], allowZero: boolean, batchValues: ReadonlySet<number>): number[] | string {
  if (target.length === 0) return 'the target has no batch entry';
  const first = target[0];
  const rest = target.slice(1).map((d, i) => (d === 0 && !allowZero ? shape[i] : d));
  if (rest.some((d) => d === undefined)) return 'a 0 entry has no input dimension to copy';
  if (rest.some((d) => !Number.isInteger(d) || d < -1)) return 'entries must be integers ≥ -1';
  const size = prod(shape);
  const minus = rest.filter((d) => d === -1).length;
  if (first === -1) {
    if (minus > 0) return 'two entries are inferred (-1)';
    if (prod(rest) !== size) return 'the batch entry would not stay the batch';
  } else if (!((first === 0 && !allowZero) || batchValues.has(first))) {
    return `the first entry ${first} would change the batch axis`;
  }
  if (minus > 1) return 'two entries are inferred (-1)';
  if (minus === 1) {
    const known = prod(rest.filter((d) => d !== -1));
    if (known === 0 || size % known !== 0) return 'the sizes do not divide';
    rest[rest.indexOf(-1)] = size / known;
  }
  if (prod(rest) !== size) return `${size} values per sample do not fill [${rest.join(', ')}]`;
  return rest;
}

function reshape(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const t = constInput(r, node, 1, 'target shape');
  if (!t) return;
  const target = perSampleTarget(x.shape, t.data, node.attrs.int('allowzero', 0) === 1, r.batchValues);
  if (typeof target === 'string') {
    r.reject(node, 'onnx/shape-mismatch', `Reshape '${node.name}': cannot reshape ${batchShape(x.shape)} to [${t.data.join(', ')}]: ${target}`);
    return;
  }
  emitReshape(r, node, x, target);
}

function axesOf(r: Reader, node: NodeInfo): number[] | undefined | 'bad' {
  if (node.opset >= 13) {
    const c = optionalConst(r, node, 1, 'axes');
    if (c === 'bad') return 'bad';
    return c?.data;
  }
  return node.attrs.ints('axes');
}

function squeeze(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const axes = axesOf(r, node);
  if (axes === 'bad') return;
  const drop = new Set<number>();
  if (!axes) x.shape.forEach((d, i) => d === 1 && drop.add(i));
  for (const a0 of axes ?? []) {
    const a = r.axis(a0, x.shape.length);
    if (!a.ok) {
      r.reject(node, a.batch ? 'onnx/batch-axis' : 'onnx/unsupported-attr', `Squeeze '${node.name}': axis ${a0} ${a.batch ? 'is the batch axis' : 'is out of range'} for ${batchShape(x.shape)}`);
      return;
    }
    if (x.shape[a.axis] !== 1) {
      r.reject(node, 'onnx/shape-mismatch', `Squeeze '${node.name}': axis ${a0} of ${batchShape(x.shape)} has size ${x.shape[a.axis]}, not 1`);
      return;
    }
    drop.add(a.axis);
  }
  emitReshape(r, node, x, x.shape.filter((_, i) => !drop.has(i)));
}

function unsqueeze(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const axes = axesOf(r, node);
  if (axes === 'bad') return;
  if (!axes || axes.length === 0) {
    r.reject(node, 'onnx/bad-model', `Unsqueeze '${node.name}' has no axes`);
    return;
  }
  const outRank = x.shape.length + axes.length;
  const add = new Set<number>();
  for (const a0 of axes) {
    const a = r.axis(a0, outRank);
    if (!a.ok) {
      r.reject(node, a.batch ? 'onnx/batch-axis' : 'onnx/unsupported-attr', `Unsqueeze '${node.name}': axis ${a0} ${a.batch ? 'would insert an axis before the batch' : 'is out of range'}`);
      return;
    }
    add.add(a.axis);
  }
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < outRank; i++) out.push(add.has(i) ? 1 : x.shape[k++]);
  emitReshape(r, node, x, out);
}

function transpose(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const full = x.shape.length + 1;
  const perm = node.attrs.ints('perm') ?? Array.from({ length: full }, (_, i) => full - 1 - i);
  if (perm.length !== full || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    r.reject(node, 'onnx/unsupported-attr', `Transpose '${node.name}': perm [${perm}] is not a permutation of ${full} axes`);
    return;
  }
  if (perm[0] !== 0) {
    r.reject(node, 'onnx/batch-axis', `Transpose '${node.name}': perm [${perm}] moves the batch axis; it must stay first`);
    return;
  }
  r.emit({ name: node.name, kind: 'Transpose', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { perm: perm.slice(1).map((p) => p - 1) }, origin: node.origin }, node);
}

function pad(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const mode = node.attrs.string('mode', 'constant');
  if (mode !== 'constant') {
    r.reject(node, 'onnx/unsupported-attr', `Pad '${node.name}': mode '${mode}' is not supported (only 'constant')`);
    return;
  }
  const full = x.shape.length + 1;
  let pads: number[];
  let value = 0;
  let axes: number[] = Array.from({ length: full }, (_, i) => i);
  if (node.opset < 11) {
    pads = node.attrs.ints('pads') ?? node.attrs.ints('paddings') ?? [];
    value = node.attrs.float('value', 0);
  } else {
    const p = constInput(r, node, 1, 'pads');
    if (!p) return;
    pads = p.data;
    const v = optionalConst(r, node, 2, 'constant_value');
    if (v === 'bad') return;
    if (v) value = v.data[0] ?? 0;
    const ax = optionalConst(r, node, 3, 'axes');
    if (ax === 'bad') return;
    if (ax) axes = ax.data.map((a) => (a < 0 ? a + full : a));
  }
  if (pads.length !== 2 * axes.length || axes.some((a) => a < 0 || a >= full)) {
    r.reject(node, 'onnx/shape-mismatch', `Pad '${node.name}': pads [${pads}] do not match ${axes.length} axes of ${batchShape(x.shape)}`);
    return;
  }
  const begin = new Array(full).fill(0);
  const end = new Array(full).fill(0);
  axes.forEach((a, i) => {
    begin[a] += pads[i];
    end[a] += pads[i + axes.length];
  });
  if (begin[0] !== 0 || end[0] !== 0) {
    r.reject(node, 'onnx/batch-axis', `Pad '${node.name}' pads the batch axis`);
    return;
  }
  if ([...begin, ...end].some((p) => p < 0)) {
    r.reject(node, 'onnx/unsupported-attr', `Pad '${node.name}': negative pads (cropping) are not supported`);
    return;
  }
  if ([...begin, ...end].every((p) => p === 0)) {
    r.setAct(node.outputs[0], x.shape, x.tensor); // torch writes an all-zero Pad before AveragePool
    return;
  }
  r.emit({ name: node.name, kind: 'Pad', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { pads: [...begin.slice(1), ...end.slice(1)], value }, origin: node.origin }, node);
}

type Coord = LayerAttrs['Resize']['coordinateTransformation'];
type Nearest = LayerAttrs['Resize']['nearestMode'];
const COORDS: readonly Coord[] = ['half_pixel', 'asymmetric', 'align_corners', 'pytorch_half_pixel', 'tf_half_pixel_for_nn'];
const NEARESTS: readonly Nearest[] = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];

/** A scale whose product with `input` floors to exactly `size` (size/input can land one ulp short). */
function scaleFor(input: number, size: number): number {
  let s = size / input;
  for (let i = 0; i < 4 && Math.floor(input * s) < size; i++) s = nextUp(s);
  return s;
}

function nextUp(x: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  buf.setBigUint64(0, buf.getBigUint64(0) + 1n);
  return buf.getFloat64(0);
}

function resize(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const mode = node.attrs.string('mode', 'nearest');
  if (mode !== 'nearest') {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': mode '${mode}' is not supported (only 'nearest')`);
    return;
  }
  const full = x.shape.length + 1;
  const legacy = node.opType === 'Upsample' || node.opset < 11;
  // Upsample and Resize-10 map output index i to floor(i / scale).
  const coord = legacy ? 'asymmetric' : node.attrs.string('coordinate_transformation_mode', 'half_pixel');
  const nearest = legacy ? 'floor' : node.attrs.string('nearest_mode', 'round_prefer_floor');
  if (!COORDS.includes(coord as Coord)) {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': coordinate_transformation_mode '${coord}' is not supported`);
    return;
  }
  if (!NEARESTS.includes(nearest as Nearest)) {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': nearest_mode '${nearest}' is not supported`);
    return;
  }
  const policy = node.attrs.string('keep_aspect_ratio_policy', 'stretch');
  const axesAttr = node.attrs.ints('axes');
  const axes = (axesAttr ?? Array.from({ length: full }, (_, i) => i)).map((a) => (a < 0 ? a + full : a));
  let scales: number[] | undefined;
  let sizes: number[] | undefined;
  if (node.opType === 'Upsample' && node.opset < 9) {
    scales = node.attrs.floats('scales');
  } else {
    const scaleIndex = node.opType === 'Upsample' || node.opset < 11 ? 1 : 2;
    const s = optionalConst(r, node, scaleIndex, 'scales');
    if (s === 'bad') return;
    if (s && s.data.length > 0) scales = s.data;
    if (!scales && scaleIndex === 2) {
      const z = optionalConst(r, node, 3, 'sizes');
      if (z === 'bad') return;
      if (z && z.data.length > 0) sizes = z.data;
    }
  }
  const given = scales ?? sizes;
  if (!given || given.length !== axes.length) {
    r.reject(node, 'onnx/shape-mismatch', `${node.opType} '${node.name}': expected ${axes.length} constant scales or sizes for ${batchShape(x.shape)}`);
    return;
  }
  if (sizes && policy !== 'stretch') {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': keep_aspect_ratio_policy '${policy}' is not supported`);
    return;
  }
  const out = new Array(x.shape.length).fill(1);
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i];
    if (a === 0) {
      const batchKept = scales ? given[i] === 1 : r.batchValues.has(given[i]);
      if (!batchKept) {
        r.reject(node, 'onnx/batch-axis', `${node.opType} '${node.name}' resizes the batch axis`);
        return;
      }
      continue;
    }
    const d = x.shape[a - 1];
    out[a - 1] = scales ? given[i] : scaleFor(d, given[i]);
  }
  if (out.some((s) => !(s > 0) || !Number.isFinite(s))) {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': scales must be positive, got [${out.join(', ')}]`);
    return;
  }
  if (legacy && out.some((s) => s < 1)) {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': down-sampling with the opset ${node.opset} nearest rule is not supported`);
    return;
  }
  r.emit(
    {
      name: node.name,
      kind: 'Resize',
      inputs: [x.tensor],
      outputs: [node.outputs[0]],
      attrs: { scales: out, coordinateTransformation: coord as Coord, nearestMode: nearest as Nearest },
      origin: node.origin,
    },
    node,
  );
}

export const SHAPE_OPS: Record<string, OpReader> = {
  Identity: { read: passThrough, constants: 'self' },
  Dropout: { read: passThrough, constants: 'self' },
  Shape: { read: shape, constants: 'self' },
  Cast: { read: cast },
  CastLike: { read: cast },
  Size: { read: shape, constants: 'self' },
  Concat: { read: concat },
  Flatten: { read: flatten },
  Reshape: { read: reshape },
  Squeeze: { read: squeeze },
  Unsqueeze: { read: unsqueeze },
  Transpose: { read: transpose },
  Pad: { read: pad },
  Resize: { read: resize },
  Upsample: { read: resize },
};
