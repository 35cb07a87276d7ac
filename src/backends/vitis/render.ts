// The files of a Vitis HLS project, as text: templates/hls/project/*.ejs filled with data computed
// here, plus the fixed files copied from templates/hls/fhls (the layer library) and
// templates/hls/ap_types (fhls's own headers for g++).

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { formatType } from '../../ir/fixed/parse.js';
import { cppType } from './cpp.js';
import type { ModelReport } from './estimate.js';
import { type EmittedModel, type Port, weightValues } from './project.js';

/** templates/ at the package root (from src/backends/vitis or dist/backends/vitis alike). */
export const TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** A file of the project: text, or a copy of a file shipped with fhls. */
export type ProjectFile = { text: string } | { copy: string };

function render(template: string, data: Record<string, unknown>): string {
  const path = join(TEMPLATES, 'hls', 'project', template);
  return ejs.render(readFileSync(path, 'utf8'), data, { filename: path });
}

interface PortData extends Port {
  cppType: string;
  /** position of the port's first value in a sample's line */
  offset: number;
}

function portData(ports: readonly Port[]): PortData[] {
  let offset = 0;
  return ports.map((p) => {
    const d = { ...p, cppType: cppType(p.fixed), offset };
    offset += p.size;
    return d;
  });
}

function signature(model: EmittedModel): string {
  const params = [...model.inputs, ...model.outputs].map((p) => {
    const comment = `// ${p.direction === 'in' ? 'input' : 'output'}: ${p.tensor} [${p.shape.join(', ')}]`;
    return model.options.ioType === 'io_parallel'
      ? { decl: `${p.type} ${p.name}[${p.size}]`, comment }
      : { decl: `hls::stream<${p.vecType}>& ${p.name}`, comment };
  });
  return params.map((p, i) => `    ${p.decl}${i < params.length - 1 ? ',' : ''}  ${p.comment}`).join('\n');
}

function topPragmas(model: EmittedModel): string[] {
  const ins = model.inputs.map((p) => p.name);
  const outs = model.outputs.map((p) => p.name);
  if (model.options.ioType === 'io_parallel')
    return [
      ...ins.map((n) => `#pragma HLS ARRAY_RESHAPE variable=${n} complete dim=0`),
      ...outs.map((n) => `#pragma HLS ARRAY_PARTITION variable=${n} complete dim=0`),
      `#pragma HLS INTERFACE ap_vld port=${[...ins, ...outs].join(',')}`,
      '#pragma HLS PIPELINE',
    ];
  return [`#pragma HLS INTERFACE axis port=${[...ins, ...outs].join(',')}`, '#pragma HLS DATAFLOW'];
}

/** A short human summary of the report (also printed by the CLI). */
export function summaryText(report: ModelReport): string {
  const t = report.total;
  const lines = [
    `| layer | kind | output | latency | II | DSPs | LUT mults | weight bits |`,
    `| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |`,
    ...report.layers.map(
      (l) =>
        `| ${l.layer} | ${l.kind}${l.opType ? ` (${l.opType})` : ''} | ${l.outputs.map((o) => `${o.type} [${o.shape.join(',')}]`).join(', ')} | ${l.latency} | ${l.ii} | ${l.dsps} | ${l.lutMultipliers} | ${l.weightBits} |`,
    ),
    '',
    `Latency ${t.latencyCycles} cycles = ${fmtNs(t.latencyNs)} ns at ${report.clockPeriodNs} ns, II ${t.ii}; ` +
      `${t.multipliers} multipliers (${t.dsps} DSP48E2, ${t.lutMultipliers} in LUTs); ${t.weightBits} bits of weights.`,
  ];
  return lines.join('\n');
}

function fmtNs(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3).replace(/0+$/, '');
}

/** Every file of the project, by path relative to the project folder, in a stable order. */
export function projectFiles(
  model: EmittedModel,
  report: ModelReport,
  tb: { inputs: string; predictions: string },
): Map<string, ProjectFile> {
  const { projectName: project, part, clockPeriod, ioType } = model.options;
  const modelName = basename(model.graph.source.file);
  const inputs = portData(model.inputs);
  const outputs = portData(model.outputs);
  const common = {
    project,
    model: modelName,
    part,
    clockPeriod,
    ioType,
    inputs,
    outputs,
    totalIn: inputs.reduce((s, p) => s + p.size, 0),
    totalOut: outputs.reduce((s, p) => s + p.size, 0),
  };
  const files = new Map<string, ProjectFile>();
  const text = (path: string, t: string) => files.set(path, { text: t });

  text(`firmware/${project}.cpp`, render('firmware/top.cpp.ejs', { ...common, signature: signature(model), pragmas: topPragmas(model), body: model.body }));
  text(
    `firmware/${project}.h`,
    render('firmware/top.h.ejs', { ...common, signature: signature(model), guard: project.toUpperCase(), ports: [...inputs, ...outputs] }),
  );
  text(
    'firmware/defines.h',
    render('firmware/defines.h.ejs', {
      ...common,
      typedefs: model.typedefs.map((t) => ({ name: t.name, cpp: cppType(t.type), comment: t.comment })),
      vectorTypedefs: model.vectorTypedefs,
    }),
  );
  const library = model.headers.filter((h) => h !== 'fhls/common.h').sort();
  text(
    'firmware/parameters.h',
    render('firmware/parameters.h.ejs', {
      ...common,
      headers: library,
      weights: model.weights.map((w) => w.name),
      configs: model.layers.map((l) => l.code.config).filter((c) => c.trim() !== ''),
    }),
  );
  for (const w of model.weights) {
    text(
      `firmware/weights/${w.name}.h`,
      render('firmware/weight.h.ejs', {
        name: w.name,
        comment: w.comment,
        shape: w.shape,
        count: w.values.length,
        cpp: cppType(w.type),
        bits: w.type.width * w.values.length,
        guard: `WEIGHTS_${w.name.toUpperCase()}`,
        typeName: w.typeName,
        values: weightValues(w),
      }),
    );
  }
  for (const [dir, dest] of [
    ['fhls', 'firmware/fhls'],
    ['ap_types', 'firmware/ap_types'],
  ] as const) {
    const from = join(TEMPLATES, 'hls', dir);
    for (const f of readdirSync(from).sort()) if (/\.(h|hpp)$/.test(f)) files.set(`${dest}/${f}`, { copy: join(from, f) });
  }
  text(`${project}_test.cpp`, render('test.cpp.ejs', common));
  text(`${project}_bridge.cpp`, render('bridge.cpp.ejs', common));
  text('build_prj.tcl', render('build_prj.tcl.ejs', common));
  text('hls_config.cfg', render('hls_config.cfg.ejs', common));
  text('vivado_synth.tcl', render('vivado_synth.tcl.ejs', common));
  text('build_lib.sh', render('build_lib.sh.ejs', common));
  text('README.md', render('README.md.ejs', { ...common, summary: summaryText(report) }));
  text('report.json', `${JSON.stringify(report, null, 2)}\n`);
  text('tb_data/tb_input_features.dat', tb.inputs);
  text('tb_data/tb_output_predictions.dat', tb.predictions);
  return files;
}

/** The output description of a layer for the report. */
export function layerOutputs(model: EmittedModel): (layer: EmittedModel['layers'][number]['layer']) => { tensor: string; type: string; shape: number[] }[] {
  return (layer) =>
    layer.outputs.map((o) => {
      const t = model.graph.tensors[o];
      return { tensor: o, type: t.type && !('elements' in t.type) ? formatType(t.type) : 'per-element', shape: [...t.shape] };
    });
}
