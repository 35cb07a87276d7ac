// Run the CLI in-process and capture what it prints.

import { run } from '../../../src/cli/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function fhls(...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A bad-input failure: exit 2, a readable message, no stack trace. */
export function expectBadInput(r: CliResult, ...fragments: (string | RegExp)[]): void {
  const problems: string[] = [];
  if (r.code !== 2) problems.push(`exit code ${r.code}, expected 2`);
  if (/\n\s+at .+:\d+:\d+/.test(r.err)) problems.push('a stack trace was printed');
  if (/internal error/.test(r.err)) problems.push('reported as an internal error');
  for (const f of fragments) if (typeof f === 'string' ? !r.err.includes(f) : !f.test(r.err)) problems.push(`message lacks ${String(f)}`);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\nstderr:\n${r.err}\nstdout:\n${r.out.slice(0, 500)}`);
}
