// Where the CLI writes, so tests can run commands in-process and read what they printed.

import { formatDiagnostic, type Diagnostic } from '../ir/diagnostics.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Bad input: the message is for the user, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function printDiagnostics(io: Io, ds: readonly Diagnostic[]): void {
  for (const d of ds) io.err(`${formatDiagnostic(d)}\n`);
}
