/**
 * Reads the data directory's history from whichever git repository holds it: one `git log`
 * over the data directory (src/core/history/log.ts) and one `git cat-file --batch` for the
 * files' contents, the merged proposals' commits and the baselines' tags. A shallow clone is
 * deepened first, or the read fails saying how to fix the build settings: a wrong direction
 * of travel is never published silently.
 */
import { buildHistory, type History } from '../../core/history/history.ts';
import type { TagTarget } from '../../core/history/baselines.ts';
import { logArgs, parseCommitObject, parseLog, type CommitMeta } from '../../core/history/log.ts';
import { warning, type Problem } from '../../core/problems.ts';
import { catFileBatch, gitFields, gitText, runGit, GitError } from '../git/git-process.ts';

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
      problems: [warning(dataDir, 'is not in a git repository, so there is no history: every risk is shown as new. Keep the data directory in git to show previous ratings and directions of travel')],
    };
  }
  const [root = '', prefix = '', shallow = 'false'] = lines;
  if (shallow === 'true') await deepen(root, dataDir, options.shallow ?? 'deepen');

  const problems: Problem[] = [];
  const [logText, uncommitted] = await Promise.all([readLog(root, rev), uncommittedFiles(root, prefix)]);
  if (logText === null) problems.push(warning(dataDir, `has no commits yet (${rev} does not exist), so there is no history: every risk is shown as new`));
  if (uncommitted.length > 0) {
    const shown = uncommitted.slice(0, 5).join(', ') + (uncommitted.length > 5 ? ` and ${uncommitted.length - 5} more` : '');
    problems.push(
      warning(dataDir, `${uncommitted.length === 1 ? '1 data file is' : `${uncommitted.length} data files are`} not yet committed (${shown}): directions of travel compare the files as they are with the committed history, and the audit trail leaves these changes out until they are committed`),
    );
  }
  const commits = parseLog(logText ?? '');

  const blobs = new Set<string>();
  const merged = new Set<string>();
  for (const commit of commits) {
    const touchesData = commit.changes.some((c) => [c.oldPath, c.newPath].some((path) => path?.startsWith(prefix) === true));
    if (touchesData && commit.parents.length >= 2 && commit.parents[1] !== undefined) merged.add(commit.parents[1]);
    for (const change of commit.changes) {
      if (!change.regular || ![change.oldPath, change.newPath].some((path) => path?.startsWith(prefix) === true)) continue;
      if (change.oldBlob !== null) blobs.add(change.oldBlob);
      if (change.newBlob !== null) blobs.add(change.newBlob);
    }
  }
  const tagNames = [...new Set(options.tags ?? [])];
  const names = [...blobs, ...merged, ...tagNames.map((t) => `refs/tags/${t}^{commit}`)];
  const objects = await catFileBatch(root, names);

  const blobText = new Map<string, string>();
  const mergedCommits = new Map<string, CommitMeta>();
  const tags = new Map<string, TagTarget>();
  const blobCount = blobs.size;
  const mergedList = [...merged];
  objects.forEach((object, i) => {
    if (object === null) return;
    if (i < blobCount) blobText.set(object.oid, object.content.toString('utf8'));
    else if (i < blobCount + mergedList.length) mergedCommits.set(object.oid, parseCommitObject(object.oid, object.content.toString('utf8')));
    else {
      const tag = tagNames[i - blobCount - mergedList.length];
      if (tag !== undefined && object.type === 'commit') tags.set(tag, { commit: object.oid, committedAt: parseCommitObject(object.oid, object.content.toString('utf8')).committedAt });
    }
  });

  const history = buildHistory({ commits, prefix, blobs: blobText, mergedCommits, validate: options.validate ?? true });
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

/** The log's text, or null when the revision does not exist (a repository with no commits yet). */
async function readLog(root: string, rev: string): Promise<string | null> {
  const exists = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { okCodes: [0, 1, 128] });
  if (exists.code !== 0) return null;
  const { stdout } = await runGit(root, logArgs(rev));
  return stdout.toString('utf8');
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
