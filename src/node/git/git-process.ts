import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Running git: no shell, input on stdin, output as bytes. Variables that would point git at
 * another repository or index (as inside a git hook) are dropped, so each call works on the
 * repository of its `cwd` and on the index it is given, and nothing else.
 */
const INHERITED_GIT_VARIABLES_TO_DROP = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_QUARANTINE_PATH',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
];

/** An all-zero object id: as update-ref's old value, "this ref must not exist". */
export const ZERO_OID = '0000000000000000000000000000000000000000';

export interface GitOptions {
  /** Written to git's standard input, then closed. */
  input?: string | Buffer;
  /** Added to the environment (e.g. GIT_INDEX_FILE, GIT_AUTHOR_NAME). */
  env?: Record<string, string>;
  /** Exit codes that are not failures (default: 0 only). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed${code === null ? '' : ` (exit ${code})`}: ${stderr.trim() || 'no message'}`);
    this.name = 'GitError';
  }
}

function environment(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_GIT_VARIABLES_TO_DROP) delete env[name];
  // Never wait on a prompt; messages in English so a person reading an error sees git's words.
  return { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra };
}

/** Starts `git <args>` in `cwd` with the environment above, every stream a pipe. */
export function spawnGit(cwd: string, args: readonly string[], env?: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn('git', args, { cwd, env: environment(env), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs `git <args>` in `cwd`; rejects with GitError unless the exit code is in `okCodes`. */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawnGit(cwd, args, options.env);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // git may exit before reading all its input (e.g. on a bad argument): that is reported by its exit code.
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === null || !okCodes.includes(code)) {
        reject(new GitError(args, code, stderr));
        return;
      }
      resolve({ stdout: Buffer.concat(out), stderr, code });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Standard output as text with the final newline removed. */
export async function gitText(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  const { stdout } = await runGit(cwd, args, options);
  return stdout.toString('utf8').replace(/\n$/, '');
}

/** Standard output split on NUL (for `-z` output), without the empty last field. */
export async function gitFields(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string[]> {
  const { stdout } = await runGit(cwd, args, options);
  const fields = stdout.toString('utf8').split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}

export interface BatchObject {
  oid: string;
  type: string;
  content: Buffer;
}

/**
 * `git cat-file --batch` for many objects in one process: one entry per name, in order,
 * null where git reports the name missing (or ambiguous, or not an object).
 */
export async function catFileBatch(cwd: string, names: readonly string[]): Promise<(BatchObject | null)[]> {
  if (names.length === 0) return [];
  for (const name of names) {
    if (/[\n\r\0]/.test(name)) throw new Error(`cannot read ${JSON.stringify(name)}: a name must be one line`);
  }
  const { stdout } = await runGit(cwd, ['cat-file', '--batch'], { input: names.map((n) => `${n}\n`).join('') });
  const results: (BatchObject | null)[] = [];
  let at = 0;
  for (const name of names) {
    const lineEnd = stdout.indexOf(0x0a, at);
    if (lineEnd < 0) throw new Error(`git cat-file --batch ended early, at ${name}`);
    const header = stdout.toString('utf8', at, lineEnd);
    at = lineEnd + 1;
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
    if (!match) {
      results.push(null);
      continue;
    }
    const size = Number(match[3]);
    results.push({ oid: match[1] ?? '', type: match[2] ?? '', content: stdout.subarray(at, at + size) });
    at += size + 1;
  }
  return results;
}

/** `git cat-file --batch-check`: the object id and type of each name, null where missing. */
export async function catFileCheck(cwd: string, names: readonly string[]): Promise<({ oid: string; type: string } | null)[]> {
  if (names.length === 0) return [];
  for (const name of names) {
    if (/[\n\r\0]/.test(name)) throw new Error(`cannot look up ${JSON.stringify(name)}: a name must be one line`);
  }
  const { stdout } = await runGit(cwd, ['cat-file', '--batch-check'], { input: names.map((n) => `${n}\n`).join('') });
  const lines = stdout.toString('utf8').split('\n');
  return names.map((_, i) => {
    const match = /^([0-9a-f]{40,64}) (\S+) \d+$/.exec(lines[i] ?? '');
    return match ? { oid: match[1] ?? '', type: match[2] ?? '' } : null;
  });
}

/** A date as git reads it in GIT_AUTHOR_DATE / GIT_COMMITTER_DATE: seconds since the epoch, UTC. */
export function gitDate(date: Date): string {
  return `${Math.floor(date.getTime() / 1000)} +0000`;
}

/** Author and committer variables for a commit. */
export function identityEnv(author: { name: string; email: string }, committer: { name: string; email: string }, date: Date): Record<string, string> {
  const when = gitDate(date);
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: when,
  };
}
