/**
 * Reads the data directory's history from whichever git repository holds it: one `git log`
 * over the data directory (src/core/history/log.ts) and one `git cat-file --batch` for the
 * files' contents, the merged proposals' commits and the baselines' tags. A shallow clone is
 * deepened first, or the read fails saying how to fix the build settings: a wrong direction
 * of travel is never published silently.
 */
import { HistoryBuilder, objectsFor, type History } from '../../core/history/history.ts';
import type { TagTarget } from '../../core/history/baselines.ts';
import { LogReader, logArgs, parseCommitObject, type CommitMeta, type LogCommit } from '../../core/history/log.ts';
import { warning, type Problem } from '../../core/problems.ts';
import { gitFields, gitText, runGit, GitError } from '../git/git-process.ts';
import { CatFileStream, streamFields } from '../git/git-streams.ts';

export type ShallowPolicy = 'deepen' | 'fail';

export interface ReadHistoryOptions {
  dataDir: string;
  /** Whose history: default HEAD (what the build is building). */
  rev?: string;
  /** Git tags to resolve, e.g. the declared baselines' tags. */
  tags?: readonly string[];
  /** In a shallow clone: fetch the rest of the history (default), or fail at once. */
  shallow?: ShallowPolicy;
  /** Check the data at each commit for the audit's `invalid` flag (default true). */
  validate?: boolean;
}

export interface HistoryRead {
  history: History;
  /** False when the data directory is not in a git repository (the history is then empty). */
  inRepository: boolean;
  /** The repository's top folder and where the data directory sits in it (`data/`, or ``). */
  root: string;
  prefix: string;
  /** The tags asked for that git knows. */
  tags: Map<string, TagTarget>;
  /** Data files changed or added but not committed, relative to the data directory. */
  uncommitted: string[];
  /** Warnings for the build to print: never a reason to fail it. */
  problems: Problem[];
}

/** The history is incomplete and could not be completed: the message says how to fix the build. */
export class ShallowCloneError extends Error {
  constructor(dataDir: string, reason: string) {
    super(
      `the git repository holding ${dataDir} is a shallow clone, with only part of its history, so previous ratings, ` +
        `directions of travel and the audit trail would be wrong. ${reason} ` +
        'Clone the full history in the build settings: in GitHub Actions give actions/checkout "fetch-depth: 0"; ' +
        'elsewhere run "git fetch --unshallow --tags" before "npm run build".',
    );
    this.name = 'ShallowCloneError';
  }
}

const EMPTY: History = { commits: [], revisions: [], risks: new Map(), registers: new Map() };

export async function readHistory(options: ReadHistoryOptions): Promise<HistoryRead> {
  const { dataDir } = options;
  const rev = options.rev ?? 'HEAD';
  let lines: string[];
  try {
    lines = (await gitText(dataDir, ['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository'])).split('\n');
  } catch {
    return {
      history: EMPTY,
      inRepository: false,
      root: '',
      prefix: '',
      tags: new Map(),
      uncommitted: [],
      problems: [warning(dataDir, 'is not in a git repository, so there is no history: every risk is shown as new. Keep the data directory in git to show previous ratings and directions of travel, and for risk owners to propose changes')],
    };
  }
  const [root = '', prefix = '', shallow = 'false'] = lines;
  if (shallow === 'true') await deepen(root, dataDir, options.shallow ?? 'deepen');

  const problems: Problem[] = [];
  const tagNames = [...new Set(options.tags ?? [])];
  const [read, uncommitted] = await Promise.all([readCommits(root, rev, prefix, tagNames, options.validate ?? true), uncommittedFiles(root, prefix)]);
  if (read === null) problems.push(warning(dataDir, `has no commits yet (${rev} does not exist), so there is no history: every risk is shown as new`));
  if (uncommitted.length > 0) {
    const shown = uncommitted.slice(0, 5).join(', ') + (uncommitted.length > 5 ? ` and ${uncommitted.length - 5} more` : '');
    problems.push(
      warning(dataDir, `${uncommitted.length === 1 ? '1 data file is' : `${uncommitted.length} data files are`} not yet committed (${shown}): directions of travel compare the files as they are with the committed history, and the audit trail leaves these changes out until they are committed`),
    );
  }
  const { history, tags } = read ?? { history: EMPTY, tags: new Map<string, TagTarget>() };
  return { history, inRepository: true, root, prefix, tags, uncommitted, problems };
}

/**
 * Completes a shallow clone's history before anything else reads it (or throws
 * ShallowCloneError saying how to fix the build settings). Outside git: nothing to do.
 */
export async function deepenIfShallow(dataDir: string, policy: ShallowPolicy = 'deepen'): Promise<void> {
  let lines: string[];
  try {
    lines = (await gitText(dataDir, ['rev-parse', '--show-toplevel', '--is-shallow-repository'])).split('\n');
  } catch {
    return; // not in a repository: readHistory says so as a warning
  }
  const [root = '', shallow = 'false'] = lines;
  if (shallow === 'true') await deepen(root, dataDir, policy);
}

async function deepen(root: string, dataDir: string, policy: ShallowPolicy): Promise<void> {
  if (policy === 'fail') throw new ShallowCloneError(dataDir, 'Oversight was told not to fetch the rest.');
  try {
    await runGit(root, ['fetch', '--quiet', '--unshallow', '--tags']);
  } catch (err) {
    const reason = err instanceof GitError ? err.stderr.trim().split('\n')[0] : String(err);
    throw new ShallowCloneError(dataDir, `Fetching the rest of the history (git fetch --unshallow) failed: ${reason ?? 'no message'}.`);
  }
  const still = await gitText(root, ['rev-parse', '--is-shallow-repository']);
  if (still === 'true') throw new ShallowCloneError(dataDir, 'Fetching the rest of the history (git fetch --unshallow) left it shallow.');
}

/**
 * A commit object's text in the encoding its `encoding` header declares (git log re-encodes it;
 * cat-file does not): "Seán" committed as ISO-8859-1 would otherwise read "Se�n". UTF-8 without one.
 */
function decodeCommit(content: Buffer): string {
  const end = content.indexOf('\n\n');
  const headers = content.subarray(0, end < 0 ? content.length : end).toString('latin1');
  const declared = /^encoding (.+)$/m.exec(headers)?.[1]?.trim();
  if (declared === undefined) return content.toString('utf8');
  try {
    return new TextDecoder(declared).decode(content);
  } catch {
    return content.toString('utf8'); // an encoding Node does not know: as git would show it raw
  }
}

type Wanted = { kind: 'blob' } | { kind: 'merged' } | { kind: 'tag'; tag: string };

/**
 * The history up to `rev` and the tags asked for, or null when `rev` does not exist (a
 * repository with no commits yet). `git log` streams the commits oldest first while one
 * `git cat-file --batch` fetches the objects each names; each commit joins the history as
 * soon as its objects are in. Git reads and the history's diffs and checks so run side by
 * side, and neither output is ever held whole.
 */
async function readCommits(root: string, rev: string, prefix: string, tagNames: readonly string[], validate: boolean): Promise<{ history: History; tags: Map<string, TagTarget> } | null> {
  const exists = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { okCodes: [0, 1, 128] });
  if (exists.code !== 0) return null;
  const blobs = new Map<string, string>();
  const mergedCommits = new Map<string, CommitMeta>();
  const tags = new Map<string, TagTarget>();
  const builder = new HistoryBuilder({ prefix, blobs, mergedCommits, validate });
  // Commits read, each with the number of objects asked for by then: it is ready once that many have come.
  const waiting: ({ commit: LogCommit; ready: number } | null)[] = [];
  let next = 0;
  const addReady = (): void => {
    for (let item = waiting[next]; item !== undefined && item !== null && item.ready <= objects.received; item = waiting[next]) {
      builder.add(item.commit);
      waiting[next++] = null;
    }
  };
  const wanted: Wanted[] = [];
  const objects = new CatFileStream(root, (object, index) => {
    const want = wanted[index];
    if (object !== null && want !== undefined) {
      if (want.kind === 'blob') blobs.set(object.oid, object.content.toString('utf8'));
      else if (object.type === 'commit') {
        const commit = parseCommitObject(object.oid, decodeCommit(object.content));
        if (want.kind === 'merged') mergedCommits.set(object.oid, commit);
        else tags.set(want.tag, { commit: object.oid, committedAt: commit.committedAt });
      }
    }
    addReady();
  });
  const asked = new Set<string>();
  const ask = (name: string, want: Wanted): void => {
    if (asked.has(name)) return;
    asked.add(name);
    wanted.push(want);
    objects.request(name);
  };
  const take = (commits: readonly LogCommit[]): void => {
    for (const commit of commits) {
      const needs = objectsFor(commit, prefix);
      for (const blob of needs.blobs) ask(blob, { kind: 'blob' });
      for (const name of needs.merged) ask(name, { kind: 'merged' });
      waiting.push({ commit, ready: objects.requested });
    }
    addReady();
  };
  const reader = new LogReader();
  try {
    await streamFields(root, logArgs(rev), (fields) => take(reader.read(fields)));
    take(reader.end());
    for (const tag of tagNames) ask(`refs/tags/${tag}^{commit}`, { kind: 'tag', tag });
    await objects.end();
  } catch (err) {
    objects.stop();
    throw err;
  }
  addReady();
  return { history: builder.finish(), tags };
}

/** Data files that differ from HEAD or are untracked (not ignored), relative to the data directory. */
async function uncommittedFiles(root: string, prefix: string): Promise<string[]> {
  const pathspec = prefix === '' ? [] : ['--', prefix];
  const fields = await gitFields(root, ['--literal-pathspecs', '--no-optional-locks', 'status', '--porcelain', '-z', '--untracked-files=all', ...pathspec]).catch(() => []);
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    const status = field.slice(0, 2);
    const path = field.slice(3);
    if (status.startsWith('R') || status.startsWith('C')) i++; // the next field is the old path
    const relative = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    if (!relative.split('/').some((part) => part.startsWith('.'))) paths.push(relative);
  }
  return paths.sort();
}
