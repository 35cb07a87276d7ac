// Writing results without ever leaving half of them behind: everything is written into a
// temporary sibling and renamed into place at the end.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { error } from '../ir/diagnostics.js';
import { UsageError } from './io.js';

/** A temporary sibling of `path` (same file system, so rename is atomic). */
function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.fhls-tmp-${process.pid}-${Date.now()}`);
}

/** Refuse an existing folder unless --force: the user's files are never overwritten silently. */
export function checkFreshFolder(path: string, force: boolean | undefined, flag: string): void {
  if (existsSync(path) && !force) {
    throw new UsageError(`${path} exists`, [
      error('io/exists', `'${path}' already exists; nothing was written`, { file: path }, `pass --force to replace it, or choose another ${flag}`),
    ]);
  }
}

/** Write a file atomically. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = tempSibling(path);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Build a folder with `fill` in a temporary sibling, then move it into place (replacing an
 * existing one only when the caller has checked --force). On any failure nothing is left.
 */
export function writeFolderAtomic(path: string, fill: (tmpDir: string) => void): void {
  mkdirSync(dirname(path) || '.', { recursive: true });
  const tmp = tempSibling(path);
  mkdirSync(tmp, { recursive: true });
  try {
    fill(tmp);
    if (existsSync(path)) rmSync(path, { recursive: true, force: true });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
