import { spawn, spawnSync } from 'node:child_process';
import { ROOT } from './paths.ts';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const command = (name: string, args: string[]): string[] => ['--import', 'tsx', `src/cli/${name}.ts`, ...args];

/** Runs one of the project's commands (src/cli/<name>.ts) as a user would, in a child process. */
export function runCli(name: string, args: string[] = [], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, command(name, args), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * runCli without blocking the test worker: for commands that load Astro (build, start), which
 * take seconds each, since a worker blocked for a minute loses touch with Vitest.
 */
export function runCliAsync(name: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command(name, args), { cwd: ROOT, env: { ...process.env, ...env }, timeout: 300_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
