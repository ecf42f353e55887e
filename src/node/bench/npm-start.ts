import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { buildNodeArgs } from '../build-process.ts';
import { PROJECT_ROOT } from '../config.ts';
import { copySite } from './site-copy.ts';

export interface RunningStart {
  /** Where it serves, e.g. http://localhost:40123. */
  url: string;
  /** Everything it has printed so far, standard output and error together. */
  output(): string;
  /** Sends SIGTERM and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * A copy of the project that `npm start` can run in: the site's sources and the functions. Its
 * dist/ and .oversight/ are its own, so the project's dist/ (which tests read) is left alone.
 * `root` must be inside the project, so packages resolve from its node_modules.
 */
export function copyProjectForStart(root: string): string {
  copySite(root);
  cpSync(join(PROJECT_ROOT, 'functions'), join(root, 'functions'), { recursive: true });
  return root;
}

/** Polls `ready` every `intervalMs` until it returns a value, or rejects after `timeoutMs` with `what`. */
export async function waitFor<T>(ready: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await ready();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Runs `npm start` (src/cli/start.ts, as npm would) in `project` with `env` (set PORT=0 for a
 * free port) and resolves once it says it is ready; rejects with what it printed if it exits first.
 */
export async function runNpmStart(project: string, env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<RunningStart> {
  const child = spawn(process.execPath, buildNodeArgs('src/cli/start.ts'), { cwd: project, env });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return closed;
  };
  try {
    const url = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`npm start exited with code ${child.exitCode}:\n${output}`);
        return /Oversight is ready at (http:\/\/localhost:\d+)\//.exec(output)?.[1];
      },
      'npm start to be ready',
      timeoutMs,
    );
    return { url, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
