// Golden files: the whole generated project of one small model, in both io types. Folders copied
// verbatim from templates/ (the layer library and ap_types) are listed, not stored.
// Regenerate with FHLS_UPDATE_GOLDEN=1 npx vitest run test/unit/backends/vitis/golden.test.ts

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVitisProject, randomSamples } from '../../../../src/backends/vitis/index.js';
import { defaultConfig } from '../../../../src/config/load.js';
import { formatDiagnostic } from '../../../../src/ir/diagnostics.js';
import { compileModel } from '../../../../src/pipeline.js';
import { smallModel } from './models.js';

const GOLDEN = join(dirname(new URL(import.meta.url).pathname), 'golden');
const UPDATE = process.env.FHLS_UPDATE_GOLDEN === '1';
const tmp = mkdtempSync(join(tmpdir(), 'fhls-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe.each(['io_parallel', 'io_stream'] as const)('golden project of the small model, %s', (ioType) => {
  const dir = join(GOLDEN, `small_${ioType}`);
  const model = join(tmp, 'small.onnx');
  writeFileSync(model, smallModel());
  const config = defaultConfig();
  config.Model.IOType = ioType;
  const typed = compileModel(model, config);
  if (!typed.ok) throw new Error(typed.diagnostics.map(formatDiagnostic).join('\n'));
  const built = buildVitisProject(typed.value, { projectName: 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, ioType }, randomSamples(typed.value, 8));
  if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
  const files = built.value.files;
  const texts = [...files].filter(([, f]) => 'text' in f).map(([p, f]) => [p, (f as { text: string }).text] as const);
  // copied folders are listed as such: their content is the library's, not this model's
  const listing = `${[...new Set([...files].map(([p, f]) => ('copy' in f ? `${p.slice(0, p.lastIndexOf('/'))}/ (copied)` : p)))].sort().join('\n')}\n`;

  if (UPDATE) {
    rmSync(dir, { recursive: true, force: true });
    for (const [p, t] of texts) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), t);
    }
    writeFileSync(join(dir, 'FILES.txt'), listing);
  }

  it('lists the same files', () => {
    expect(listing).toBe(readFileSync(join(dir, 'FILES.txt'), 'utf8'));
    expect(listFiles(dir).filter((f) => f !== 'FILES.txt').sort()).toEqual(texts.map(([p]) => p).sort());
  });
  it.each(texts.map(([p]) => p))('%s', (p) => {
    const text = texts.find(([q]) => q === p)![1];
    expect(text).toBe(readFileSync(join(dir, p), 'utf8'));
  });
});
