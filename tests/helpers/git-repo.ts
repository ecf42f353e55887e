import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Who the test repositories' own commits are by: passed on every call, as CI may have no git identity. */
export const TEST_AUTHOR = { name: 'Test Author', email: 'test.author@example.org' };

const PINNED = ['-c', `user.name=${TEST_AUTHOR.name}`, '-c', `user.email=${TEST_AUTHOR.email}`, '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null'];

export interface TestRepo {
  /** The working tree's top folder. */
  dir: string;
  /** The data directory inside it. */
  dataDir: string;
  /** Runs git in the repository with the pinned identity; returns standard output, trimmed. */
  git(args: string[], input?: string): string;
  /** Writes (or, with null, deletes) data files, commits everything and returns the commit id. */
  commit(message: string, files?: Record<string, string | null>): string;
  cleanup(): void;
}

/** Git, isolated from the machine's and the user's configuration and from any enclosing repository. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
  for (const name of Object.keys(env)) {
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|AUTHOR_\w+|COMMITTER_\w+)$/.test(name)) delete env[name];
  }
  return env;
}

/** gitEnv() without any OVERSIGHT_ setting the tests gave this process: a command run in it sees only what it is passed. */
export function gitEnvWithoutSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(gitEnv()).filter(([name]) => !name.startsWith('OVERSIGHT_')));
}

/**
 * A real repository in a temporary folder: `git init -b main`, the files written under the
 * data directory (`data/` unless `dataSubdir` says otherwise; '' for the top), a README beside
 * it so the data directory is not the whole repository, and one commit.
 */
export function makeTestRepo(options: { files: Record<string, string>; dataSubdir?: string }): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'oversight-git-'));
  const dataSubdir = options.dataSubdir ?? 'data';
  const dataDir = dataSubdir === '' ? dir : join(dir, dataSubdir);
  const git = (args: string[], input?: string): string =>
    execFileSync('git', [...PINNED, ...args], { cwd: dir, env: gitEnv(), encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
  const write = (files: Record<string, string | null>): void => {
    for (const [path, content] of Object.entries(files)) {
      const target = join(dataDir, path);
      if (content === null) {
        rmSync(target, { force: true });
      } else {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
      }
    }
  };
  const commit = (message: string, files: Record<string, string | null> = {}): string => {
    write(files);
    git(['add', '--all']);
    git(['commit', '--quiet', '--allow-empty', '-m', message]);
    return git(['rev-parse', 'HEAD']);
  };
  git(['init', '--quiet', '-b', 'main']);
  if (dataSubdir !== '') writeFileSync(join(dir, 'README.md'), 'A test repository for Oversight.\n');
  mkdirSync(dataDir, { recursive: true });
  commit('Initial data', options.files);
  return { dir, dataDir, git, commit, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
