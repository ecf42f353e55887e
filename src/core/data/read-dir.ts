import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFiles } from './load.ts';

/**
 * The data directory is not there, or is a file. Read as an empty folder it would pass
 * validation with 0 errors and publish an empty site, so it is refused instead.
 */
export class DataDirNotFoundError extends Error {
  override name = 'DataDirNotFoundError';
  constructor(
    readonly dir: string,
    readonly isFile: boolean,
  ) {
    super(`the data directory ${dir} ${isFile ? 'is a file, not a folder' : 'does not exist'}`);
  }
}

/** Throws DataDirNotFoundError unless `dir` is a folder. */
export function assertDataDir(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new DataDirNotFoundError(dir, stat !== undefined);
}

/**
 * Reads every file under a data directory, keyed by forward-slash relative path. Dotfiles are
 * skipped. Throws DataDirNotFoundError when the directory is missing or is not a folder.
 */
export function readDataDir(dir: string): DataFiles {
  assertDataDir(dir);
  const files = new Map<string, string>();
  const walk = (abs: string, rel: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const childAbs = join(abs, entry.name);
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile()) files.set(childRel, readFileSync(childAbs, 'utf8'));
    }
  };
  walk(dir, '');
  return files;
}
