import type { ChangedFile, FileVersion, Signature } from '../../core/git/backend.ts';
import { catFileBatch, gitFields, gitText, runGit } from './git-process.ts';

/** The repository holding a data directory, and who commits for Oversight. */
export interface RepoContext {
  /** The working tree's top folder; every git command runs here. */
  root: string;
  /** Where the data directory sits in the repository: `data/`, or `` at the top. */
  prefix: string;
  baseBranch: string;
  /** `refs/heads/<baseBranch>`. */
  baseRef: string;
  committer: Signature;
  now: () => Date;
}

export async function openRepo(dataDir: string): Promise<{ root: string; prefix: string }> {
  let lines: string[];
  try {
    lines = (await gitText(dataDir, ['rev-parse', '--show-toplevel', '--show-prefix'])).split('\n');
  } catch (err) {
    throw new Error(`${dataDir} is not inside a git working tree: proposals need the data directory in a git repository`, { cause: err });
  }
  const [root = '', prefix = ''] = lines;
  return { root, prefix };
}

/**
 * A data path as the backends take it: relative, forward slashes, no `.` or `..` parts,
 * one line. Anything else is refused before git sees it.
 */
export function assertDataPath(path: string): void {
  const parts = path.split('/');
  if (path === '' || /[\0\n\r\\]/.test(path) || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`"${path}" is not a data file path: use a relative path with / such as registers/corporate/risks/COR0001.json`);
  }
}

/** Data files start with no dot in any part, as readDataDir reads a folder. */
function isDataFile(path: string): boolean {
  return !path.split('/').some((part) => part.startsWith('.'));
}

export async function resolveCommit(ctx: RepoContext, rev: string): Promise<string> {
  return gitText(ctx.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).catch((err: unknown) => {
    throw new Error(`${rev} is not a commit in ${ctx.root}`, { cause: err });
  });
}

export async function readFileAt(ctx: RepoContext, path: string, at: string): Promise<FileVersion | null> {
  assertDataPath(path);
  const [object] = await catFileBatch(ctx.root, [`${at}:${ctx.prefix}${path}`]);
  return object?.type === 'blob' ? { content: object.content.toString('utf8'), sha: object.oid } : null;
}

/** Every data file in a commit or tree: one `ls-tree` and one `cat-file --batch`. */
export async function readFilesAt(ctx: RepoContext, treeish: string): Promise<Map<string, FileVersion>> {
  const pathspec = ctx.prefix === '' ? [] : ['--', ctx.prefix];
  const entries = await gitFields(ctx.root, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', treeish, ...pathspec]);
  const blobs: { path: string; oid: string }[] = [];
  for (const entry of entries) {
    const match = /^(\d{6}) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match || match[2] !== 'blob' || match[1] === '120000') continue;
    const path = (match[4] ?? '').slice(ctx.prefix.length);
    if (isDataFile(path)) blobs.push({ path, oid: match[3] ?? '' });
  }
  const objects = await catFileBatch(
    ctx.root,
    blobs.map((b) => b.oid),
  );
  const files = new Map<string, FileVersion>();
  blobs.forEach((blob, i) => {
    const object = objects[i];
    if (object) files.set(blob.path, { content: object.content.toString('utf8'), sha: blob.oid });
  });
  return files;
}

/** The data files that differ between two trees, with their content before and after. */
export async function changedFiles(ctx: RepoContext, from: string, to: string): Promise<ChangedFile[]> {
  const pathspec = ctx.prefix === '' ? [] : ['--', ctx.prefix];
  const fields = await gitFields(ctx.root, ['--literal-pathspecs', 'diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', from, to, ...pathspec]);
  const changes: { path: string; before: string; after: string }[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, , before = '', after = ''] = (fields[i] ?? '').split(' ');
    const path = (fields[i + 1] ?? '').slice(ctx.prefix.length);
    if (isDataFile(path)) changes.push({ path, before, after });
  }
  const absent = /^0+$/;
  const names = changes.flatMap((c) => [c.before, c.after]).filter((oid) => !absent.test(oid));
  const objects = await catFileBatch(ctx.root, names);
  const content = new Map<string, string>();
  objects.forEach((object) => {
    if (object) content.set(object.oid, object.content.toString('utf8'));
  });
  return changes.map((c) => ({ path: c.path, before: content.get(c.before) ?? null, after: content.get(c.after) ?? null }));
}

/**
 * Applies `update-ref --stdin` commands as one transaction: every ref changes or none does.
 * `ok` is false when a ref was not as expected (another process got there first), with git's reason.
 */
export async function updateRefs(ctx: RepoContext, commands: string[]): Promise<{ ok: boolean; reason: string }> {
  const result = await runGit(ctx.root, ['update-ref', '--stdin'], { input: commands.map((c) => `${c}\n`).join(''), okCodes: [0, 1, 128] });
  return { ok: result.code === 0, reason: result.stderr.trim() };
}
