import { resolve } from 'node:path';
import type { GitBackend } from '../core/git/backend.ts';
import { createLocalGitBackend } from '../node/git/local-git.ts';

let cached: { key: string; backend: Promise<GitBackend> } | undefined;

/**
 * The git backend the functions propose through, chosen by configuration:
 * `OVERSIGHT_GIT_BACKEND=local` (the default: the repository holding the data
 * directory) or `github`.
 */
export function gitBackend(env: Record<string, string | undefined>): Promise<GitBackend> {
  const kind = env['OVERSIGHT_GIT_BACKEND'] || 'local';
  const dataDir = env['OVERSIGHT_DATA_DIR'] || resolve(process.cwd(), 'data');
  const baseBranch = env['OVERSIGHT_BASE_BRANCH'] || 'main';
  const key = `${kind}|${dataDir}|${baseBranch}`;
  if (cached?.key !== key) {
    if (kind !== 'local') throw new Error(`OVERSIGHT_GIT_BACKEND must be local or github, not "${kind}"`);
    cached = { key, backend: createLocalGitBackend({ dataDir, baseBranch }) };
  }
  return cached.backend;
}
