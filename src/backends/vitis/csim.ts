// C simulation of a generated project with g++ and fhls's own ap_types: compile the test bench
// and the top function, run it on a file of samples, read back its exact decimal outputs.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { error, fail, ok, type Result } from '../../ir/diagnostics.js';

export const CSIM_FLAGS = ['-O2', '-std=c++14', '-Ifirmware/ap_types', '-DFHLS_OWN_AP_TYPES'];

/** The C++ compiler: $CXX or g++; a diagnostic naming the Debian package when it is missing. */
export function findCompiler(env: NodeJS.ProcessEnv = process.env): Result<string> {
  const cxx = env.CXX && env.CXX.trim() !== '' ? env.CXX : 'g++';
  const r = spawnSync(cxx, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    return fail([
      error(
        'csim/no-compiler',
        `C simulation needs a C++ compiler, and '${cxx}' was not found`,
        undefined,
        'install g++ (Debian/Ubuntu: sudo apt-get install g++), or set CXX to a C++14 compiler',
      ),
    ]);
  return ok(cxx);
}

/** The project name of a generated folder: report.json's, else the one *_test.cpp. */
export function projectNameOf(dir: string): Result<string> {
  const report = join(dir, 'report.json');
  if (existsSync(report)) {
    try {
      const p = JSON.parse(readFileSync(report, 'utf8')).project;
      if (typeof p === 'string' && existsSync(join(dir, `${p}_test.cpp`))) return ok(p);
    } catch {
      // fall through to the file search
    }
  }
  const tests = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('_test.cpp')) : [];
  if (tests.length === 1) return ok(tests[0].slice(0, -'_test.cpp'.length));
  return fail([error('csim/not-a-project', `'${dir}' is not a project written by 'fhls convert --backend vitis' (no report.json and <project>_test.cpp)`, { file: dir })]);
}

/** The newest modification time of the sources the C simulation is built from. */
function newestSource(dir: string, project: string): number {
  const walk = (d: string): number =>
    readdirSync(d, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? walk(join(d, e.name)) : statSync(join(d, e.name)).mtimeMs), 0);
  return Math.max(walk(join(dir, 'firmware')), statSync(join(dir, `${project}_test.cpp`)).mtimeMs);
}

/** Compile the project's C simulation into DIR/build/csim (kept while the sources are older). */
export function compileCsim(dir: string, project: string, cxx: string): Result<string> {
  mkdirSync(join(dir, 'build'), { recursive: true });
  const exe = join('build', 'csim');
  const stamp = join(dir, 'build', 'csim.cmd');
  const cmd = `${cxx} ${CSIM_FLAGS.join(' ')}`;
  if (existsSync(join(dir, exe)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === cmd && statSync(join(dir, exe)).mtimeMs > newestSource(dir, project))
    return ok(join(dir, exe));
  const args = [...CSIM_FLAGS, `${project}_test.cpp`, `firmware/${project}.cpp`, '-o', exe];
  const r = spawnSync(cxx, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) {
    const log = `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.split('\n').slice(0, 40).join('\n');
    return fail([error('csim/compile', `g++ failed to compile the project in '${dir}' (${cxx} ${args.join(' ')}):\n${log}`, { file: dir })]);
  }
  writeFileSync(stamp, cmd);
  return ok(join(dir, exe));
}

export interface CsimRun {
  /** one row of exact decimals per sample */
  rows: string[][];
  /** what the test bench printed */
  stdout: string;
  stderr: string;
  status: number;
}

/** Run the compiled test bench (paths relative to dir or absolute; reference '' = no comparison). */
export function runCsim(dir: string, exe: string, input: string, output: string, reference: string): Result<CsimRun> {
  const r = spawnSync(exe.startsWith('/') ? exe : join(process.cwd(), exe), [input, output, reference], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (r.error || r.status === null || r.status >= 2) {
    const why = r.error ? String(r.error) : r.status === null ? `killed by ${r.signal}` : (r.stderr ?? '').trim();
    return fail([error('csim/run', `the C simulation failed: ${why}`, { file: dir })]);
  }
  const outPath = output.startsWith('/') ? output : join(dir, output);
  const rows = readFileSync(outPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
  return ok({ rows, stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status });
}

/** Values that differ between two tables of exact decimals (rows × values). */
export function countMismatches(a: readonly string[][], b: readonly string[][]): { values: number; mismatches: number; first?: string } {
  let values = 0;
  let mismatches = 0;
  let first: string | undefined;
  const n = Math.max(a.length, b.length);
  for (let s = 0; s < n; s++) {
    const x = a[s] ?? [];
    const y = b[s] ?? [];
    const m = Math.max(x.length, y.length);
    for (let i = 0; i < m; i++) {
      values++;
      if (x[i] !== y[i]) {
        mismatches++;
        first ??= `sample ${s + 1}, output ${i}: ${x[i] ?? '(missing)'} vs ${y[i] ?? '(missing)'}`;
      }
    }
  }
  return { values, mismatches, first };
}

