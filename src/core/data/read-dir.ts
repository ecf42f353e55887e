import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFiles, UnreadPaths } from './load.ts';

/**
 * The data directory is not there, or is a file. Read as an empty folder it would pass
 * validation with 0 errors and publish an empty site, so it is refused instead.
 */
export class DataDirNotFoundError extends Error {
  override name = 'DataDirNotFoundError';
  constructor(
    readonly dir: string,
    readonly isFile: boolean,
  ) {
    super(`the data directory ${dir} ${isFile ? 'is a file, not a folder' : 'does not exist'}`);
  }
}

/** Something in the data directory could not be read, where the caller has no report to add it to. */
export class UnreadDataError extends Error {
  override name = 'UnreadDataError';
  constructor(
    readonly dir: string,
    readonly unread: UnreadPaths,
  ) {
    super(`the data directory ${dir} has ${unread.size === 1 ? 'a path' : 'paths'} that could not be read:\n${[...unread].map(([path, why]) => `${path}: ${why}`).join('\n')}`);
  }
}

/** Throws DataDirNotFoundError unless `dir` is a folder. */
export function assertDataDir(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new DataDirNotFoundError(dir, stat !== undefined);
}

/** Every file read from a data directory, and every path found there but not read, with why. */
export interface DataDirRead {
  files: DataFiles;
  unread: UnreadPaths;
}

/**
 * Reads every file under a data directory, keyed by forward-slash relative path, and notes
 * each path it did not read (a symbolic link, a named pipe, a file or folder it may not read)
 * with the error to report on it, so that nothing there is passed over in silence.
 * Dotfiles are skipped. Throws DataDirNotFoundError when the directory is missing or is not a
 * folder.
 */
export function scanDataDir(dir: string): DataDirRead {
  const files = new Map<string, string>();
  const unread = new Map<string, string>();
  walkDataDir(
    dir,
    (abs, rel) => {
      try {
        files.set(rel, readFileSync(abs, 'utf8'));
      } catch (err) {
        unread.set(rel, cannotRead(err));
      }
    },
    (rel, why) => unread.set(rel, why),
  );
  return { files, unread };
}

/**
 * scanDataDir's files, for a caller with no report to add unread paths to: it throws
 * UnreadDataError, naming every one, rather than go on without them.
 */
export function readDataDir(dir: string): DataFiles {
  const { files, unread } = scanDataDir(dir);
  if (unread.size > 0) throw new UnreadDataError(dir, unread);
  return files;
}

/**
 * A stamp of what readDataDir would read, without reading it: each file's path, inode, size
 * and modification time. Equal stamps mean the same files: every writer here replaces a file
 * by renaming a new one into place (a new inode), as git does when it checks files out.
 */
export function dataDirStamp(dir: string): string {
  const parts: string[] = [];
  walkDataDir(
    dir,
    (abs, rel) => {
      const stat = statSync(abs, { bigint: true });
      parts.push(`${rel}\0${stat.ino}\0${stat.size}\0${stat.mtimeNs}`);
    },
    (rel, why) => parts.push(`${rel}\0${why}`),
  );
  return parts.join('\n');
}

/**
 * Calls `visit` for every file under `dir` (dotfiles skipped), with its absolute and relative
 * path, and `skip` for every other entry, which is not followed or read: a symbolic link
 * (git keeps a link as a link, so the history, proposals and merges would not see what it
 * points to, and an import would write through it), anything that is neither file nor
 * folder (reading a named pipe would wait for ever), and a folder that cannot be listed.
 */
function walkDataDir(dir: string, visit: (abs: string, rel: string) => void, skip: (rel: string, why: string) => void): void {
  assertDataDir(dir);
  const walk = (abs: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      // The data directory itself unreadable leaves nothing to report beside it.
      if (rel === '') throw new Error(`the data directory ${dir} ${cannotRead(err)}`, { cause: err });
      skip(rel, cannotRead(err));
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const childAbs = join(abs, entry.name);
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile()) visit(childAbs, childRel);
      else if (entry.isSymbolicLink()) skip(childRel, symbolicLink(childAbs));
      else skip(childRel, 'is not a file or folder (a named pipe, socket or device), so it is not read: remove it or move it out of the data directory');
    }
  };
  walk(dir, '');
}

function symbolicLink(abs: string): string {
  let target = '';
  try {
    target = ` to ${readlinkSync(abs)}`;
  } catch {
    // Named without its target: the link is still reported.
  }
  return `is a symbolic link${target}, which Oversight does not follow (git keeps the link, not what it points to): put the folder or file itself here in place of the link`;
}

/** Why a file or folder could not be read, and what to do about it. */
function cannotRead(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied): check its permissions';
  return `cannot be read (${err instanceof Error ? err.message : String(err)}): check that it is a file or folder you can open`;
}
