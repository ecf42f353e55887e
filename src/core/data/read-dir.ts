import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFiles } from './load.ts';

/** Reads every file under a data directory, keyed by forward-slash relative path. Dotfiles are skipped. */
export function readDataDir(dir: string): DataFiles {
  const files = new Map<string, string>();
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return files;
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
