// `npm run bench`: speed and size figures, each as a ratio against a baseline measured in the same
// run (the float executor, the first example, the CSD baseline, …). Figures, never assertions.

import { benchCompile, benchEmulator } from './emulation.js';

const fmt = (x: number, digits = 3) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(digits));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const results: Record<string, unknown> = {};

  const emu = benchEmulator('jet_mlp');
  results.emulator = emu;
  const compile = benchCompile();
  results.compile = compile;
  if (!json) {
    console.log(`Emulator, ${emu.model} at fixed<16,6> (200 samples):`);
    console.log(`  float64 executor ${fmt(emu.floatSamplesPerSecond)} samples/s, fixed-point emulator ${fmt(emu.fixedSamplesPerSecond)} samples/s: ratio ${fmt(emu.ratio)}`);
    console.log('\nParse + lower (read, shapes, precision, validate), median:');
    console.log(table([['model', 'layers', 'ms', 'vs jet_mlp'], ...compile.map((r) => [r.model, String(r.layers), fmt(r.milliseconds), fmt(r.ratio)])]));
  }

  for (const section of ['cmvm', 'vitis'] as const) {
    let mod: { run?: () => Promise<unknown> | unknown; print?: (r: unknown) => string } | undefined;
    try {
      mod = await import(`./${section}-section.js`);
    } catch {
      mod = undefined;
    }
    if (!mod?.run) continue;
    const r = await mod.run();
    results[section] = r;
    if (!json && mod.print) console.log(`\n${mod.print(r)}`);
  }
  if (json) console.log(JSON.stringify(results, null, 2));
}

await main();
