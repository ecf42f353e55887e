import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * New temporary folders (`oversight-<name>-…`), each removed after the test that made it. Call
 * at the top of a test file or of a describe block, where vitest takes the afterEach.
 */
export function tempFolders(name: string): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `oversight-${name}-`));
    made.push(dir);
    return dir;
  };
}
