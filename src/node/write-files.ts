import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';

interface Pending {
  target: string;
  temp: string;
  /** The file's content before, to put back if a later rename fails; undefined if it is new. */
  original: Buffer | undefined;
  /** The file's permissions before (undefined if it is new): a replacement keeps them. */
  mode: number | undefined;
}

/**
 * Writes several files under `dir` so that none is left half-written: each is
 * written in full to a temporary file beside it, and only when every one has
 * been written are they renamed into place. If any write fails, the temporary
 * files and any folders made for them are removed and the error is thrown,
 * leaving the files as they were. Paths are relative to `dir`, with `/`.
 */
export async function writeFilesAtomically(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const targets = [...files].map(([relPath, content]) => ({ relPath, content, target: join(dir, safeRelative(relPath)) }));
  const pending: Pending[] = [];
  const madeDirs: string[] = [];
  try {
    for (const { relPath, content, target } of targets) {
      const made = await mkdir(dirname(target), { recursive: true });
      if (made !== undefined) madeDirs.push(made);
      const existing = await lstat(target).catch(() => undefined);
      if (existing !== undefined && !existing.isFile()) throw new Error(`cannot write ${relPath}: it exists and is not a file`);
      const original = existing === undefined ? undefined : await readFile(target);
      const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(temp, 'wx');
      const mode = existing === undefined ? undefined : existing.mode & 0o7777;
      pending.push({ target, temp, original, mode });
      try {
        // A new file gets the usual mode (0666 less the umask); a replaced one keeps its own, so a private 0600 file stays private.
        if (mode !== undefined) await handle.chmod(mode);
        await handle.writeFile(content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  } catch (err) {
    await Promise.all(pending.map((p) => unlink(p.temp).catch(() => undefined)));
    await removeEmptyDirs(madeDirs);
    throw err;
  }

  const done: Pending[] = [];
  try {
    for (const p of pending) {
      await rename(p.temp, p.target);
      done.push(p);
    }
  } catch (err) {
    // Rare (every target was checked above): put back the files already replaced.
    await Promise.all(pending.filter((p) => !done.includes(p)).map((p) => unlink(p.temp).catch(() => undefined)));
    for (const p of done.reverse()) {
      await (p.original === undefined ? unlink(p.target) : restore(p)).catch(() => undefined);
    }
    await removeEmptyDirs(madeDirs);
    throw err;
  }
}

async function restore(p: Pending): Promise<void> {
  const handle = await open(p.temp, 'wx');
  try {
    if (p.mode !== undefined) await handle.chmod(p.mode);
    await handle.writeFile(p.original ?? '');
  } finally {
    await handle.close();
  }
  await rename(p.temp, p.target);
}

/** `mkdir -p` reports the first folder it made; remove it and those below it if they are empty. */
async function removeEmptyDirs(made: readonly string[]): Promise<void> {
  for (const top of [...made].reverse()) {
    await removeEmptyTree(top);
  }
}

async function removeEmptyTree(path: string): Promise<void> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) await removeEmptyTree(join(path, entry.name));
  }
  await rmdir(path).catch(() => undefined);
}

function safeRelative(relPath: string): string {
  const path = normalize(relPath);
  if (relPath === '' || isAbsolute(relPath) || path === '..' || path.startsWith(`..${sep}`)) {
    throw new Error(`cannot write ${relPath}: the path must be inside the folder`);
  }
  return path;
}
