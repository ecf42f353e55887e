import { spawnSync } from 'node:child_process';
import { ROOT } from './paths.ts';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's commands (src/cli/<name>.ts) as a user would, in a child process. */
export function runCli(name: string, args: string[] = [], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${name}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
