import { spawn } from 'node:child_process';
import { readDataDir } from '../../core/data/read-dir.ts';
import { loadBuildHistory } from '../history/build-history.ts';
import { childCpuMs } from './cpu.ts';
import type { HistoryJob, HistoryOutcome, Timing } from './history.ts';

/**
 * One history measurement in a fresh process: plain `git log --raw` over the repository
 * (once untimed, to warm the disk cache, then timed), then loadBuildHistory as the build
 * calls it. CPU time counts this process and the git processes it ran and waited for.
 */

async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const children = childCpuMs();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const gitCpuMs = childCpuMs() - children;
  return { ms, cpuMs: (user + system) / 1000 + gitCpuMs, gitCpuMs };
}

/** `git log --raw`, its output read and thrown away; resolves with its size in bytes. */
function gitLogRaw(cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['log', '--raw'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' } });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`git log --raw exited with ${code ?? 'a signal'}`))));
  });
}

async function run(job: HistoryJob): Promise<HistoryOutcome> {
  await gitLogRaw(job.dir); // untimed: the pack into the disk cache
  let logBytes = 0;
  const gitLog = await timed(async () => {
    logBytes = await gitLogRaw(job.dir);
  });
  const files = readDataDir(job.dir); // untimed: the build has read them already
  let read: Awaited<ReturnType<typeof loadBuildHistory>> | undefined;
  const history = await timed(async () => {
    read = await loadBuildHistory(job.dir, files);
  });
  if (!read) throw new Error('loadBuildHistory returned nothing');
  const perRisk = [...read.history.risks.values()].map((s) => s.revisions.length);
  return {
    ok: true,
    gitLog,
    history,
    logBytes,
    commits: read.history.commits.length,
    revisions: read.history.revisions.length,
    risks: perRisk.length,
    minRevisions: perRisk.length === 0 ? 0 : Math.min(...perRisk),
    maxRevisions: perRisk.length === 0 ? 0 : Math.max(...perRisk),
    warnings: read.problems.length,
  };
}

const send = (outcome: HistoryOutcome): void => {
  process.send?.(outcome, () => process.exit(0));
};
run(JSON.parse(process.argv[2] ?? '{}') as HistoryJob).then(send, (error: unknown) => {
  send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
