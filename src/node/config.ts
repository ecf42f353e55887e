import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCalendarDay } from '../core/schemas/common.ts';

/** The project root: where package.json, dist/ and the default data/ live. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The data directory: OVERSIGHT_DATA_DIR (from where the command was run), else ./data in the project. */
export function dataDir(env: NodeJS.ProcessEnv = process.env, root: string = PROJECT_ROOT): string {
  const configured = env['OVERSIGHT_DATA_DIR'];
  return configured !== undefined && configured !== '' ? fromWhereRun(configured, env) : resolve(root, 'data');
}

/**
 * A path the person typed, from the folder they typed the command in. `npm run` runs a script
 * in the project folder whatever folder it was typed in, and says where that was in INIT_CWD;
 * that is believed only when npm is running this very command, so a command started by another
 * (a test under `npm test`, say) still reads paths from where it was started.
 */
export function fromWhereRun(path: string, env: NodeJS.ProcessEnv = process.env, script: string | undefined = process.argv[1]): string {
  const typedIn = env['INIT_CWD'];
  const runByNpm = typedIn !== undefined && script !== undefined && relative(PROJECT_ROOT, script) !== '' && (env['npm_lifecycle_script'] ?? '').includes(relative(PROJECT_ROOT, script));
  return runByNpm ? resolve(typedIn, path) : resolve(path);
}

/**
 * The data directory the pages are built from. Inside Astro's bundled page chunks PROJECT_ROOT
 * does not point at the project, so without OVERSIGHT_DATA_DIR (which `npm run build` sets) it is
 * ./data of the working directory, where `astro build` runs.
 */
export function pagesDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return dataDir(env, process.cwd());
}

/** The branch proposals start from and merge into: OVERSIGHT_BASE_BRANCH, else main. */
export function baseBranch(env: Record<string, string | undefined> = process.env): string {
  return env['OVERSIGHT_BASE_BRANCH'] || 'main';
}

/** Restricted registers are published only when the build is explicitly told to include them. */
export function includeRestricted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['OVERSIGHT_INCLUDE_RESTRICTED'] === 'true';
}

/** An environment variable set to something Oversight cannot use; the message names the variable. */
export class SettingError extends Error {
  override name = 'SettingError';
}

/**
 * Today, for overdue reviews and actions: OVERSIGHT_TODAY (YYYY-MM-DD) pins it,
 * so tests and re-runs of a past report agree; otherwise the real date. A day that
 * does not exist (2026-02-30) is refused: Date would quietly roll it into March.
 */
export function today(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env['OVERSIGHT_TODAY'];
  if (pinned === undefined || pinned === '') return new Date();
  if (!isCalendarDay(pinned)) {
    throw new SettingError(`OVERSIGHT_TODAY must be a real day written as YYYY-MM-DD, e.g. 2026-11-23, not "${pinned}": correct it, or unset it to use today's date`);
  }
  return new Date(`${pinned}T12:00:00`);
}
