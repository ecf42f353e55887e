import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../config.ts';
import type { BuildPhases } from './build-phases.ts';

export type BuildJob =
  | { kind: 'trivial'; pages: number; workDir: string }
  /**
   * `siteRoot`: a copy of the project's site (see site-copy.ts), so the build writes its dist/ there.
   * `warmUp: false` skips the untimed warm-up build, for a build whose time is not reported.
   */
  | { kind: 'site'; dataDir: string; workDir: string; siteRoot: string; warmUp?: boolean };

/**
 * `ms`: wall-clock time. `cpuMs`: CPU time of the build's process (all its threads) and of
 * its child processes that finished (our history reader, git; not esbuild's service, still
 * running), which other work on a busy machine inflates far less.
 */
export type BuildOutcome = { ok: true; ms: number; cpuMs: number; pages: number; phases: BuildPhases } | { ok: false; error: string };

const BUILD_WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * Runs `worker` (a TypeScript file) in a fresh Node process with `job` as its one
 * argument, and resolves with the one message it sends back. Its output is kept
 * quiet and shown only if it fails; it is killed after `timeoutMs`.
 */
export function runInChild<T extends { ok: boolean }>(
  worker: string,
  job: unknown,
  options: { nodeFlags?: string[]; timeoutMs?: number } = {},
): Promise<T | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const child = fork(worker, [JSON.stringify(job)], {
      cwd: PROJECT_ROOT,
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
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

/**
 * Runs one build in a fresh Node process and returns its time. A fresh process
 * per build is needed for correctness, not only fairness: Astro imports the
 * prerender chunks by file URL, which Node caches, so a second buildSite() in
 * the same process reuses the first build's page modules (and their cached
 * site data) and builds the old data set's pages.
 *
 * `nodeFlags` go to the child's node (e.g. --cpu-prof).
 */
export function runBuild(job: BuildJob, nodeFlags: string[] = []): Promise<BuildOutcome> {
  return runInChild<BuildOutcome>(BUILD_WORKER, job, { nodeFlags, timeoutMs: 10 * 60_000 });
}
