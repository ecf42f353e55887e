import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
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

/** A write stopped by SIGINT or SIGTERM, once every file had been put back as it was. */
export class WriteInterruptedError extends Error {
  override name = 'WriteInterruptedError';
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted (${signal}) while writing; every file was left as it was`);
  }

  /** What a shell reports for a command the signal ended: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
  get exitCode(): number {
    return 128 + (constants.signals[this.signal] ?? 0);
  }
}

/**
 * Writes several files under `dir` so that none is left half-written: each is
 * written in full to a temporary file beside it, and only when every one has
 * been written are they renamed into place. If any write fails, the temporary
 * files and any folders made for them are removed and the error is thrown,
 * leaving the files as they were. Paths are relative to `dir`, with `/`.
 *
 * SIGINT and SIGTERM (Ctrl-C, a closing terminal, a scheduler stopping the job) are held
 * meanwhile: unhandled, either would end the process between two steps, leaving some files
 * replaced and the temporary files of the rest behind. Instead the next step stops, everything
 * is put back, and WriteInterruptedError is thrown for the command to exit with.
 */
export async function writeFilesAtomically(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const targets = [...files].map(([relPath, content]) => ({ relPath, content, target: join(dir, safeRelative(relPath)) }));
  const signals = holdSignals();
  try {
    const { pending, madeDirs } = await writeTemporaryFiles(targets, signals);
    await renameIntoPlace(pending, madeDirs, signals);
  } finally {
    // Reached without a turn of the event loop after the last check, so no signal can fall between.
    signals.release();
  }
}

interface Target {
  relPath: string;
  content: string;
  target: string;
}

async function writeTemporaryFiles(targets: readonly Target[], signals: HeldSignals): Promise<{ pending: Pending[]; madeDirs: string[] }> {
  const pending: Pending[] = [];
  const madeDirs: string[] = [];
  try {
    for (const { relPath, content, target } of targets) {
      signals.check();
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
    signals.check();
  } catch (err) {
    await Promise.all(pending.map((p) => unlink(p.temp).catch(() => undefined)));
    await removeEmptyDirs(madeDirs);
    throw signals.interruption() ?? err;
  }
  return { pending, madeDirs };
}

async function renameIntoPlace(pending: readonly Pending[], madeDirs: readonly string[], signals: HeldSignals): Promise<void> {
  let renamed = 0;
  try {
    for (const p of pending) {
      signals.check();
      await rename(p.temp, p.target);
      renamed += 1;
    }
    signals.check();
  } catch (err) {
    // A signal, or (rare: every target was checked above) a failed rename: put back the files already replaced.
    await Promise.all(pending.slice(renamed).map((p) => unlink(p.temp).catch(() => undefined)));
    for (const p of pending.slice(0, renamed).reverse()) {
      await (p.original === undefined ? unlink(p.target) : restore(p)).catch(() => undefined);
    }
    await removeEmptyDirs(madeDirs);
    throw signals.interruption() ?? err;
  }
}

interface HeldSignals {
  /** Throws WriteInterruptedError if a signal has come. */
  check(): void;
  /** The error for a signal that has come, if one has. */
  interruption(): WriteInterruptedError | undefined;
  /** Stops holding the signals: the next one does what it would have done. */
  release(): void;
}

const HELD_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function holdSignals(): HeldSignals {
  let received: NodeJS.Signals | undefined;
  const note = (signal: NodeJS.Signals): void => {
    received ??= signal;
  };
  for (const signal of HELD_SIGNALS) process.on(signal, note);
  const interruption = (): WriteInterruptedError | undefined => (received === undefined ? undefined : new WriteInterruptedError(received));
  return {
    check: () => {
      const err = interruption();
      if (err) throw err;
    },
    interruption,
    release: () => {
      for (const signal of HELD_SIGNALS) process.off(signal, note);
    },
  };
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
