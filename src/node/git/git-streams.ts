/**
 * Reading git's output while git is still writing it, for reads too large to wait for:
 * the history's `git log` and the `git cat-file --batch` that fetches the objects it names.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError, spawnGit, type BatchObject } from './git-process.ts';

/** Resolves when git exits with 0; rejects with GitError, carrying what it wrote to stderr, otherwise. */
function exited(child: ChildProcessWithoutNullStreams, args: readonly string[]): Promise<void> {
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new GitError(args, code, Buffer.concat(err).toString('utf8')))));
  });
}

/**
 * Runs a git command whose output is NUL-separated fields (`-z`) and hands each run of complete
 * fields to `onFields` as it arrives; the text after the last NUL comes last, as one more field
 * (empty when the output ends with a NUL). A NUL byte is never part of a UTF-8 character, so
 * text cut at a NUL is whole. If `onFields` throws, git is stopped and the promise rejects with that error.
 */
export function streamFields(cwd: string, args: readonly string[], onFields: (fields: string[]) => void): Promise<void> {
  const child = spawnGit(cwd, args);
  child.stdin.end();
  let rest: Buffer = Buffer.alloc(0);
  let failure: { error: unknown } | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    if (failure !== undefined) return;
    const data = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    const last = data.lastIndexOf(0);
    if (last < 0) {
      rest = data;
      return;
    }
    rest = Buffer.from(data.subarray(last + 1));
    try {
      onFields(data.toString('utf8', 0, last).split('\0'));
    } catch (error) {
      failure = { error };
      child.kill();
    }
  });
  return exited(child, args).then(
    () => {
      if (failure !== undefined) throw failure.error;
      onFields([rest.toString('utf8')]);
    },
    (error: unknown) => {
      throw failure === undefined ? error : failure.error;
    },
  );
}

const CAT_FILE = ['cat-file', '--batch'] as const;
const HEADER = /^([0-9a-f]{40,64}) (\S+) (\d+)$/;

/**
 * One `git cat-file --batch` kept open: names go in as they become known, and git answers in
 * the same order, each answer handed to `onObject` with its position (null where git reports
 * the name missing or ambiguous). `received` counts the answers so far, so a caller can tell
 * when everything it asked for has come. git starts with the first name.
 */
export class CatFileStream {
  requested = 0;
  received = 0;
  private child: ChildProcessWithoutNullStreams | null = null;
  private done: Promise<void> = Promise.resolve();
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes needed before the next answer can be read (0: a header line's worth, not yet known). */
  private needed = 0;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly cwd: string,
    private readonly onObject: (object: BatchObject | null, index: number) => void,
  ) {}

  request(name: string): void {
    if (/[\n\r\0]/.test(name)) throw new Error(`cannot read ${JSON.stringify(name)}: a name must be one line`);
    this.start().stdin.write(`${name}\n`);
    this.requested++;
  }

  /** No more names: resolves once git has answered every one, or rejects with what went wrong. */
  async end(): Promise<void> {
    this.child?.stdin.end();
    // A failure here stopped git, whose exit then says only that it was stopped: the failure is what went wrong.
    await this.done.catch((error: unknown) => {
      if (this.failure === undefined) throw error;
    });
    if (this.failure !== undefined) throw this.failure.error;
    if (this.received < this.requested) throw new Error(`git cat-file --batch ended early, after ${this.received} of ${this.requested} objects`);
  }

  /** Stops git (after a failure elsewhere); nothing more is handed on. */
  stop(): void {
    this.failure ??= { error: new Error('stopped') };
    this.child?.kill();
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child !== null) return this.child;
    const child = spawnGit(this.cwd, CAT_FILE);
    child.stdin.on('error', () => undefined); // git stopping early is reported by its exit code
    child.stdout.on('data', (chunk: Buffer) => this.take(chunk));
    this.done = exited(child, CAT_FILE);
    this.done.catch(() => undefined); // reported by end()
    this.child = child;
    return child;
  }

  private take(chunk: Buffer): void {
    if (this.failure !== undefined) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    // A large object arrives in many chunks: join them once it is all here, not at every chunk.
    if (this.needed > this.buffered) return;
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks);
    let at = 0;
    try {
      at = this.answers(data);
    } catch (error) {
      this.stop();
      this.failure = { error };
      return;
    }
    const rest = data.subarray(at);
    this.chunks = rest.length === 0 ? [] : [Buffer.from(rest)];
    this.buffered = rest.length;
  }

  /** Hands on every whole answer in `data`; returns where the first incomplete one starts. */
  private answers(data: Buffer): number {
    let at = 0;
    this.needed = 0;
    for (;;) {
      const lineEnd = data.indexOf(0x0a, at);
      if (lineEnd < 0) return at;
      const match = HEADER.exec(data.toString('latin1', at, lineEnd));
      if (match === null) {
        at = lineEnd + 1;
        this.answer(null);
        continue;
      }
      const size = Number(match[3]);
      const end = lineEnd + 1 + size;
      if (data.length < end + 1) {
        this.needed = end + 1 - at;
        return at;
      }
      const object = { oid: match[1] ?? '', type: match[2] ?? '', content: data.subarray(lineEnd + 1, end) };
      at = end + 1;
      this.answer(object);
    }
  }

  private answer(object: BatchObject | null): void {
    const index = this.received++;
    this.onObject(object, index);
  }
}
