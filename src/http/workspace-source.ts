import { resolve } from 'node:path';
import { dataDirStamp, readDataDir } from '../core/data/read-dir.ts';
import { loadWorkspace } from '../core/data/load.ts';
import type { Workspace } from '../core/data/workspace.ts';
import { DEFAULT_SETTINGS, serviceName } from '../core/schemas/settings.ts';

/**
 * The data the functions authorize against. Locally and on Netlify (where netlify.toml
 * bundles data/ with the functions) it is the data directory. It is read again whenever its
 * files change, so a merged change to roles or owners takes effect without a restart; until
 * then each request reuses it, as reading and checking every file took a request several
 * milliseconds (more with every risk). Nothing may change what it returns.
 */
export function loadServerWorkspace(env: Record<string, string | undefined>): Workspace {
  const dir = env['OVERSIGHT_DATA_DIR'] || resolve(process.cwd(), 'data');
  const stamp = dataDirStamp(dir);
  if (lastRead?.dir === dir && lastRead.stamp === stamp) return lastRead.workspace;
  const workspace = loadWorkspace(readDataDir(dir)).workspace;
  lastRead = { dir, stamp, workspace };
  return workspace;
}

let lastRead: { dir: string; stamp: string; workspace: Workspace } | null = null;

/**
 * The service's name for a page a function answers with: from the data's settings, or
 * Oversight's own where the data cannot be read (a page saying something went wrong must
 * still be shown).
 */
export function pageServiceName(env: Record<string, string | undefined> = process.env): string {
  try {
    return serviceName(loadServerWorkspace(env).settings);
  } catch {
    return serviceName(DEFAULT_SETTINGS);
  }
}
