// Diagnostics are values: collected while reading a model or config, printed by the CLI.

export interface Origin {
  /** the file the problem is in (model, config, CSV) */
  file?: string;
  /** the source node (ONNX node name), layer name, or config path */
  node?: string;
  /** the source operator (ONNX op type) */
  opType?: string;
  /** ONNX domain of the operator, where it matters */
  domain?: string;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** stable machine-readable code, e.g. 'onnx/unsupported-op' */
  code: string;
  severity: Severity;
  message: string;
  origin?: Origin;
  hint?: string;
}

export function error(code: string, message: string, origin?: Origin, hint?: string): Diagnostic {
  return { code, severity: 'error', message, ...(origin ? { origin } : {}), ...(hint ? { hint } : {}) };
}

export function warning(code: string, message: string, origin?: Origin, hint?: string): Diagnostic {
  return { code, severity: 'warning', message, ...(origin ? { origin } : {}), ...(hint ? { hint } : {}) };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** A result that either carries a value or the diagnostics that prevented it. */
export type Result<T> = { ok: true; value: T; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function ok<T>(value: T, diagnostics: Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics };
}

export function fail<T>(diagnostics: Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

/** Thrown only at the CLI boundary to carry diagnostics out of deep code paths. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}

export function formatOrigin(o: Origin | undefined): string {
  if (!o) return '';
  const parts: string[] = [];
  if (o.file) parts.push(o.file);
  if (o.node !== undefined) parts.push(`node '${o.node}'`);
  if (o.opType) parts.push(`op ${o.domain ? `${o.domain}:` : ''}${o.opType}`);
  return parts.join(', ');
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = formatOrigin(d.origin);
  return `${d.severity}${where ? ` (${where})` : ''}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
}
