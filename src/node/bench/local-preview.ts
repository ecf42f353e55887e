import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProjectForStart, runNpmStart, waitFor } from './npm-start.ts';

export type PreviewOutcome =
  | { ok: true; readyMs: number; servedMs: number[]; rebuildMs: number[] }
  | { ok: false; error: string };

const RISK = 'registers/corporate/risks/COR0001.json';
/** Time between changes, so each rebuild's worker has loaded Astro, as between a reviewer's merges. */
export const PREVIEW_PAUSE_MS = 15_000;

/**
 * npm start on the sample data: from starting to ready (the first build), then, `rounds` times,
 * from a commit that retitles a risk to the risk page serving the new title (the rebuild, and the
 * look that notices it), beside the rebuild's own time as npm start prints it.
 */
export async function benchLocalPreview(workDir: string, sampleData: string, rounds: number): Promise<PreviewOutcome> {
  const project = copyProjectForStart(join(workDir, 'preview-site'));
  const repo = join(workDir, 'preview-repo');
  const dataDir = join(repo, 'data');
  cpSync(sampleData, dataDir, { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'ignore' });
  };
  git('init', '--quiet', '-b', 'main');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'Sample data');
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OVERSIGHT_') && !name.startsWith('GIT_')));
  const started = performance.now();
  let start: Awaited<ReturnType<typeof runNpmStart>> | undefined;
  try {
    start = await runNpmStart(project, { ...env, PORT: '0', OVERSIGHT_DATA_DIR: dataDir });
    const readyMs = performance.now() - started;
    const servedMs: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      await new Promise((resolve) => setTimeout(resolve, PREVIEW_PAUSE_MS));
      const title = `Medium-term financial sustainability (bench ${round})`;
      const risk = JSON.parse(readFileSync(join(dataDir, RISK), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dataDir, RISK), `${JSON.stringify({ ...risk, title }, null, 2)}\n`);
      git('commit', '--quiet', '--all', '-m', `Retitle COR0001 (${round})`);
      const committed = performance.now();
      const url = `${start.url}/risks/COR0001/`;
      await waitFor(async () => ((await (await fetch(url)).text()).includes(title) ? true : undefined), `the rebuilt risk page (round ${round})`, 5 * 60_000);
      servedMs.push(performance.now() - committed);
    }
    const rebuildMs = [...start.output().matchAll(/Rebuilt in ([\d.]+) s/g)].map((m) => Number(m[1]) * 1000);
    return { ok: true, readyMs, servedMs, rebuildMs };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await start?.stop();
  }
}
