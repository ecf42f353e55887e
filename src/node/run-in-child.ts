import { fork, type Serializable } from 'node:child_process';
import { PROJECT_ROOT } from './config.ts';

export interface ChildOptions {
  /** Flags for the child's node (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** Killed after this long. */
  timeoutMs?: number;
  /** Its environment (by default this process's). */
  env?: NodeJS.ProcessEnv;
  /** Killed when this aborts. */
  signal?: AbortSignal;
}

export type ChildFailure = { ok: false; error: string };

export interface Child<T> {
  /** The first message the worker sends back, or why it sent none. */
  outcome: Promise<T | ChildFailure>;
  /** True once the process has ended. */
  readonly exited: boolean;
  /** Sends the worker a message, such as its job when it was started ahead of it; nothing if it has ended. */
  send(message: Serializable): void;
}

/**
 * Starts `worker` (a TypeScript file) in a fresh Node process with `args`. Its output is kept
 * quiet and shown only if it fails. The bench runs its builds this way, and npm start its
 * rebuilds: Astro cannot build a second site in one process (see bench/run-build.ts).
 */
export function startChild<T extends { ok: boolean }>(worker: string, args: readonly string[], options: ChildOptions = {}): Child<T> {
  let exited = false;
  const child = fork(worker, args, {
    cwd: PROJECT_ROOT,
    execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
    env: { ...(options.env ?? process.env), ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const outcome = new Promise<T | ChildFailure>((resolve) => {
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let result: T | ChildFailure | undefined;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            result ??= { ok: false, error: `timed out after ${Math.round((options.timeoutMs ?? 0) / 1000)} s:\n${output}` };
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('message', (message) => {
      result ??= message as T;
    });
    child.on('error', (error) => {
      result ??= { ok: false, error: error.message };
    });
    child.on('close', (code) => {
      exited = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(result ?? { ok: false, error: `The process exited with code ${code ?? 'null'} before reporting:\n${output}` });
    });
  });
  return {
    outcome,
    get exited() {
      return exited;
    },
    send(message) {
      if (child.connected) child.send(message);
    },
  };
}

/** Runs `worker` with `job` as its one argument, and resolves with the one message it sends back. */
export function runInChild<T extends { ok: boolean }>(worker: string, job: unknown, options: ChildOptions = {}): Promise<T | ChildFailure> {
  return startChild<T>(worker, [JSON.stringify(job)], options).outcome;
}
