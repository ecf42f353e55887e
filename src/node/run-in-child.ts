import { fork } from 'node:child_process';
import { PROJECT_ROOT } from './config.ts';

/**
 * Runs `worker` (a TypeScript file) in a fresh Node process with `job` as its one
 * argument, and resolves with the one message it sends back. Its environment is `env`
 * (by default this process's). Its output is kept quiet and shown only if it fails; it
 * is killed after `timeoutMs`, or when `signal` aborts. The bench runs its builds this
 * way, and npm start its rebuilds: Astro cannot build a second site in one process
 * (see bench/run-build.ts).
 */
export function runInChild<T extends { ok: boolean }>(
  worker: string,
  job: unknown,
  options: { nodeFlags?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {},
): Promise<T | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const child = fork(worker, [JSON.stringify(job)], {
      cwd: PROJECT_ROOT,
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      env: { ...(options.env ?? process.env), ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let outcome: T | { ok: false; error: string } | undefined;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            outcome ??= { ok: false, error: `timed out after ${Math.round((options.timeoutMs ?? 0) / 1000)} s:\n${output}` };
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('message', (message) => {
      outcome ??= message as T;
    });
    child.on('error', (error) => {
      outcome ??= { ok: false, error: error.message };
    });
    child.on('close', (code) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve(outcome ?? { ok: false, error: `The process exited with code ${code ?? 'null'} before reporting:\n${output}` });
    });
  });
}
