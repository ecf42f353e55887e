/**
 * Reading git's own output about commits: one `git log --raw -z` over the data directory
 * (LOG_FORMAT) and raw commit objects from `git cat-file --batch`. Text in, plain values out:
 * running git is src/node/history's job.
 */

export interface Ident {
  name: string;
  email: string;
}

/** What git records about a commit, without the files it changed. */
export interface CommitMeta {
  id: string;
  parents: string[];
  author: Ident;
  /** Seconds since the epoch. */
  authoredAt: number;
  committer: Ident;
  committedAt: number;
  message: string;
}

/** One line of `--raw` output: a file added (A), modified (M), deleted (D), renamed (R), copied (C) or retyped (T). */
export interface RawChange {
  status: string;
  /** Blob ids; null for the side that does not exist (an all-zero id in git's output). */
  oldBlob: string | null;
  newBlob: string | null;
  /** Paths from the top of the repository, as git gives them. */
  oldPath: string | null;
  newPath: string | null;
  /** False for anything but a regular file (a symbolic link, a submodule). */
  regular: boolean;
}

export interface LogCommit extends CommitMeta {
  changes: RawChange[];
}

/**
 * The `--format` LOG_ARGS use: a record separator, then NUL-separated fields. With `-z` the
 * raw lines follow, also NUL-separated; a commit message cannot hold NUL, so nothing is ambiguous.
 */
export const LOG_FORMAT = '%x1e%H%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B';

/**
 * The arguments of the one `git log` that reads the data directory's history: the base
 * branch's own line (first parents), oldest first, each merge shown as what it changed on
 * that line, renames detected, full blob ids. Oldest first lets the history be built as git
 * writes it: git walks the commits first (cheap) and diffs them as it prints them. There is
 * deliberately no pathspec: limiting to the data
 * directory makes git diff every commit twice (once to simplify history, once to print it),
 * which took twice as long on a 100,000-commit repository; changes outside the data directory
 * are dropped when the output is read instead.
 */
export function logArgs(rev: string): string[] {
  return ['log', '--reverse', '--first-parent', '--diff-merges=first-parent', '-M', '--raw', '-z', '--no-abbrev', `--format=${LOG_FORMAT}`, '--end-of-options', rev];
}

const ZERO = /^0+$/;
const RAW_META = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/;

/** Parses LOG_FORMAT output, in the order git gives it. */
export function parseLog(text: string): LogCommit[] {
  const reader = new LogReader();
  return [...reader.read(text.split('\0')), ...reader.end()];
}

/**
 * Reads LOG_FORMAT output a few fields at a time, as git writes it, so the history can be
 * built while git is still running. A commit is complete once the next one starts (or the
 * output ends): the number of raw entries after it is not known before.
 */
export class LogReader {
  /** The header's fields so far (id first), until there are 9. */
  private fields: string[] | null = null;
  private commit: LogCommit | null = null;
  /** A raw entry waiting for its one or two paths. */
  private entry: { meta: RegExpExecArray; paths: string[] } | null = null;

  /** Takes the next NUL-separated fields (without their NULs); returns the commits they complete. */
  read(fields: readonly string[]): LogCommit[] {
    const done: LogCommit[] = [];
    for (const field of fields) this.take(field, done);
    return done;
  }

  /** The output has ended: the last commit is complete. */
  end(): LogCommit[] {
    const done: LogCommit[] = [];
    if (this.fields !== null) this.startCommit(); // cut short: the missing fields stay empty
    if (this.entry !== null) this.addEntry();
    if (this.commit !== null) done.push(this.commit);
    this.commit = null;
    return done;
  }

  private take(field: string, done: LogCommit[]): void {
    if (this.fields !== null) {
      this.fields.push(field);
      if (this.fields.length === 9) this.startCommit();
      return;
    }
    if (this.entry !== null) {
      this.entry.paths.push(field);
      if (this.entry.paths.length === pathCount(this.entry.meta)) this.addEntry();
      return;
    }
    if (this.commit !== null) {
      const meta = RAW_META.exec(field.replace(/^\n+/, ''));
      if (meta) {
        this.entry = { meta, paths: [] };
        return;
      }
      done.push(this.commit);
      this.commit = null;
    }
    const start = field.indexOf('\x1e');
    if (start >= 0) this.fields = [field.slice(start + 1)];
  }

  private startCommit(): void {
    const [id = '', parents = '', an = '', ae = '', at = '0', cn = '', ce = '', ct = '0', message = ''] = this.fields ?? [];
    this.fields = null;
    this.commit = {
      id,
      parents: parents === '' ? [] : parents.split(' '),
      author: { name: an, email: ae },
      authoredAt: Number(at),
      committer: { name: cn, email: ce },
      committedAt: Number(ct),
      message,
      changes: [],
    };
  }

  private addEntry(): void {
    const { meta, paths } = this.entry ?? { meta: null, paths: [] };
    this.entry = null;
    if (meta === null || this.commit === null) return;
    const [, oldMode = '', newMode = '', oldBlob = '', newBlob = '', status = ''] = meta;
    const oldPath = paths[0] ?? '';
    const newPath = pathCount(meta) === 2 ? (paths[1] ?? '') : oldPath;
    this.commit.changes.push({
      status,
      oldBlob: ZERO.test(oldBlob) ? null : oldBlob,
      newBlob: ZERO.test(newBlob) ? null : newBlob,
      oldPath: status === 'A' ? null : oldPath,
      newPath: status === 'D' ? null : newPath,
      regular: [oldMode, newMode].every((mode) => mode === '000000' || mode.startsWith('100')),
    });
  }
}

/** A rename or copy names two paths; every other change one. */
function pathCount(meta: RegExpExecArray): number {
  return meta[5] === 'R' || meta[5] === 'C' ? 2 : 1;
}

/** `Name <email> 1700000000 +0000` from an author or committer header. */
function parseSignatureLine(text: string): { who: Ident; at: number } {
  const match = /^(.*?) <([^>]*)> (\d+) [+-]\d{4}$/.exec(text);
  if (!match) return { who: { name: text, email: '' }, at: 0 };
  return { who: { name: match[1] ?? '', email: match[2] ?? '' }, at: Number(match[3]) };
}

/** A commit object as `git cat-file --batch` gives it: headers, a blank line, the message. */
export function parseCommitObject(id: string, text: string): CommitMeta {
  const end = text.indexOf('\n\n');
  const headers = (end < 0 ? text : text.slice(0, end)).split('\n');
  const message = end < 0 ? '' : text.slice(end + 2);
  const meta: CommitMeta = { id, parents: [], author: { name: '', email: '' }, authoredAt: 0, committer: { name: '', email: '' }, committedAt: 0, message };
  for (const line of headers) {
    if (line.startsWith(' ')) continue; // continuation of a multi-line header (e.g. a signature)
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'parent') meta.parents.push(value);
    else if (key === 'author') ({ who: meta.author, at: meta.authoredAt } = parseSignatureLine(value));
    else if (key === 'committer') ({ who: meta.committer, at: meta.committedAt } = parseSignatureLine(value));
  }
  return meta;
}
