import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every path under `dir` and its content (`<dir>` for a folder), dotfiles included: equal
 * snapshots before and after a refused command show that it wrote nothing, not even a
 * temporary file.
 */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = join(entry.parentPath, entry.name);
    out[relative(dir, abs)] = entry.isFile() ? readFileSync(abs, 'utf8') : '<dir>';
  }
  return out;
}
