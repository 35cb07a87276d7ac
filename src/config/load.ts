// Read a config file (JSON or YAML) and check it with the schema; every problem names its path.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { error, fail, ok, type Diagnostic, type Result } from '../ir/diagnostics.js';
import { configSchema, type Config } from './schema.js';

export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** Check a parsed config object. */
export function parseConfig(raw: unknown, file?: string): Result<Config> {
  const r = configSchema.safeParse(raw ?? {});
  if (r.success) return ok(r.data);
  const ds: Diagnostic[] = r.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(top level)';
    let message = issue.message;
    let hint: string | undefined;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
      // `{ weight: fixed<6,2> }` in a YAML flow mapping splits at the comma inside the type
      if (issue.keys.some((k) => /^\d|>$/.test(k))) hint = "quote type strings inside { … }: weight: 'fixed<6,2>', or use one key per line";
    }
    return error('config/invalid', `${path}: ${message}`, file ? { file } : undefined, hint);
  });
  return fail(ds);
}

export function loadConfigFile(path: string): Result<Config> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fail([error('io/not-found', `cannot read config file '${path}'`, { file: path })]);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return fail([error('config/syntax', `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`, { file: path })]);
  }
  return parseConfig(raw, path);
}
