import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { GitBackend } from '../core/git/backend.ts';
import { sharedBlobCache } from './blob-cache-store.ts';
import { createGitHubBackend, type GitHubBackendOptions } from '../node/git/github.ts';
import { baseBranch as configuredBaseBranch } from '../node/config.ts';
import { createLocalGitBackend } from '../node/git/local-git.ts';

let cached: { key: string; backend: Promise<GitBackend> } | undefined;

/**
 * The git backend the functions propose through, chosen by configuration:
 * `OVERSIGHT_GIT_BACKEND=local` (the default: the repository holding the data
 * directory) or `github` (pull requests through GitHub's API; see githubOptionsFromEnv).
 * Missing or wrong configuration throws an Error naming the variable, never its value.
 */
export function gitBackend(env: Record<string, string | undefined>): Promise<GitBackend> {
  const kind = env['OVERSIGHT_GIT_BACKEND'] || 'local';
  const baseBranch = configuredBaseBranch(env);
  if (kind === 'github') {
    const options = githubOptionsFromEnv(env);
    // The token takes part in the key only as a digest, so a rotated token gets a new client.
    const tokenDigest = createHash('sha256').update(options.token).digest('hex');
    const key = `github|${options.baseUrl ?? ''}|${options.owner}/${options.repo}|${options.dataPath ?? ''}|${baseBranch}|${tokenDigest}`;
    if (cached?.key !== key) {
      const shared = sharedBlobCache(env);
      cached = { key, backend: Promise.resolve(createGitHubBackend(shared === undefined ? options : { ...options, sharedBlobCache: shared })) };
    }
    return cached.backend;
  }
  if (kind !== 'local') throw new Error(`OVERSIGHT_GIT_BACKEND must be local or github, not "${kind}"`);
  const dataDir = env['OVERSIGHT_DATA_DIR'] || resolve(process.cwd(), 'data');
  const key = `local|${dataDir}|${baseBranch}`;
  if (cached?.key !== key) {
    const backend = createLocalGitBackend({ dataDir, baseBranch });
    // A data directory not in git yet may be put in git while the server runs: ask again next time.
    backend.catch(() => {
      if (cached?.backend === backend) cached = undefined;
    });
    cached = { key, backend };
  }
  return cached.backend;
}

/**
 * The GitHub backend's settings: OVERSIGHT_GITHUB_REPOSITORY (`owner/name`) and
 * OVERSIGHT_GITHUB_TOKEN are required; OVERSIGHT_GITHUB_API_URL (GitHub Enterprise Server),
 * OVERSIGHT_BASE_BRANCH (default `main`) and OVERSIGHT_GITHUB_DATA_PATH (default `data`;
 * empty or `.` for the top of the repository) are optional.
 */
export function githubOptionsFromEnv(env: Record<string, string | undefined>): GitHubBackendOptions {
  const repository = (env['OVERSIGHT_GITHUB_REPOSITORY'] ?? '').trim();
  if (repository === '') throw new Error('OVERSIGHT_GITHUB_REPOSITORY is not set: give the data repository as owner/name (OVERSIGHT_GIT_BACKEND is github)');
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(repository);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new Error('OVERSIGHT_GITHUB_REPOSITORY must be owner/name, such as my-council/risk-data');
  }
  const token = (env['OVERSIGHT_GITHUB_TOKEN'] ?? '').trim();
  if (token === '') throw new Error('OVERSIGHT_GITHUB_TOKEN is not set: give a token with contents and pull request write access to the data repository (OVERSIGHT_GIT_BACKEND is github)');
  if (/\s/.test(token)) throw new Error('OVERSIGHT_GITHUB_TOKEN is not a single token: it contains spaces or line breaks');
  const apiUrl = (env['OVERSIGHT_GITHUB_API_URL'] ?? '').trim();
  if (apiUrl !== '' && !isHttpUrl(apiUrl)) throw new Error('OVERSIGHT_GITHUB_API_URL must be an http(s) address without credentials, such as https://github.example.org/api/v3');
  const dataPath = env['OVERSIGHT_GITHUB_DATA_PATH'];
  return {
    owner: match[1] ?? '',
    repo: match[2] ?? '',
    token,
    baseBranch: configuredBaseBranch(env),
    dataPath: dataPath === undefined ? 'data' : dataPath.trim(),
    ...(apiUrl === '' ? {} : { baseUrl: apiUrl }),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
