import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: where package.json, dist/ and the default data/ live. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The data directory: OVERSIGHT_DATA_DIR, else ./data in the project. */
export function dataDir(env: NodeJS.ProcessEnv = process.env, root: string = PROJECT_ROOT): string {
  const configured = env['OVERSIGHT_DATA_DIR'];
  return configured !== undefined && configured !== '' ? resolve(configured) : resolve(root, 'data');
}

/**
 * The data directory the pages are built from. Inside Astro's bundled page chunks PROJECT_ROOT
 * does not point at the project, so without OVERSIGHT_DATA_DIR (which `npm run build` sets) it is
 * ./data of the working directory, where `astro build` runs.
 */
export function pagesDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return dataDir(env, process.cwd());
}

/** Restricted registers are published only when the build is explicitly told to include them. */
export function includeRestricted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['OVERSIGHT_INCLUDE_RESTRICTED'] === 'true';
}

/**
 * Today, for overdue reviews and actions: OVERSIGHT_TODAY (YYYY-MM-DD) pins it,
 * so tests and re-runs of a past report agree; otherwise the real date.
 */
export function today(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env['OVERSIGHT_TODAY'];
  if (pinned === undefined || pinned === '') return new Date();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned)) throw new Error(`OVERSIGHT_TODAY must be a date written as YYYY-MM-DD, not "${pinned}"`);
  return new Date(`${pinned}T12:00:00`);
}
