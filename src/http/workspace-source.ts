import { resolve } from 'node:path';
import { readDataDir } from '../core/data/read-dir.ts';
import { loadWorkspace } from '../core/data/load.ts';
import type { Workspace } from '../core/data/workspace.ts';

/**
 * The data the functions authorize against. Locally and on Netlify (where netlify.toml
 * bundles data/ with the functions) it is the data directory; read on each request
 * so a merged change to roles or owners takes effect without a restart.
 */
export function loadServerWorkspace(env: Record<string, string | undefined>): Workspace {
  const dir = env['OVERSIGHT_DATA_DIR'] || resolve(process.cwd(), 'data');
  return loadWorkspace(readDataDir(dir)).workspace;
}
