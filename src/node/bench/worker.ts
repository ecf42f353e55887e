import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'astro';
import { buildPhaseTimer, type BuildPhases } from './build-phases.ts';
import { childCpuMs } from './cpu.ts';
import { countOutputPages } from './page-count.ts';
import { writeTrivialSite } from './trivial-site.ts';
import type { BuildJob, BuildOutcome } from './run-build.ts';

/**
 * One timed build in a fresh process (see run-build.ts for why). It first
 * builds a one-page trivial site, untimed, so module loading is not counted.
 */
async function buildTrivial(workDir: string, pages: number): Promise<{ root: string; pages: number; phases: BuildPhases }> {
  const root = mkdtempSync(join(workDir, `trivial-${pages}-`));
  writeTrivialSite(root, pages);
  const timer = buildPhaseTimer();
  await build({ root, logLevel: 'silent', integrations: [timer.integration] });
  return { root, pages: countOutputPages(join(root, 'dist')), phases: timer.phases() };
}

/** CPU time since `start`: this process's, and its children's that have finished (our build reads its history in one). */
function cpuMsSince(start: { own: NodeJS.CpuUsage; children: number }): number {
  const { user, system } = process.cpuUsage(start.own);
  return (user + system) / 1000 + childCpuMs() - start.children;
}

function cpuNow(): { own: NodeJS.CpuUsage; children: number } {
  return { own: process.cpuUsage(), children: childCpuMs() };
}

async function run(job: BuildJob): Promise<BuildOutcome> {
  if (job.kind === 'trivial' || job.warmUp !== false) {
    const warmUp = await buildTrivial(job.workDir, 1);
    rmSync(warmUp.root, { recursive: true, force: true });
  }
  if (job.kind === 'trivial') {
    const started = performance.now();
    const cpu = cpuNow();
    const trivial = await buildTrivial(job.workDir, job.pages);
    const cpuMs = cpuMsSince(cpu);
    const ms = performance.now() - started;
    // Kept until the bench ends: deleting its pages now would slow the next build (see bench.ts).
    return { ok: true, ms, cpuMs, pages: trivial.pages, phases: trivial.phases };
  }
  // The copy's own buildSite: its PROJECT_ROOT is the copy, so it builds into the copy's dist/ (or job.outDir).
  // Loaded before the clock starts, as Astro itself is by the warm-up; so is the Netlify adapter
  // our config names (the trivial site has none), whose bundler tool chain takes ~2 s to load.
  const copy = (await import(pathToFileURL(join(job.siteRoot, 'src', 'node', 'build-site.ts')).href)) as typeof import('../build-site.ts');
  await import('@astrojs/netlify');
  const started = performance.now();
  const cpu = cpuNow();
  const timer = buildPhaseTimer();
  const outDir = job.outDir ?? join(job.siteRoot, 'dist');
  const result = await copy.buildSite({ dataDir: job.dataDir, quiet: true, integrations: [timer.integration], outDir });
  const cpuMs = cpuMsSince(cpu);
  const ms = performance.now() - started;
  if (!result.ok) return { ok: false, error: result.report };
  return { ok: true, ms, cpuMs, pages: countOutputPages(outDir, join(job.siteRoot, 'public')), phases: timer.phases() };
}

const send = (outcome: BuildOutcome): void => {
  process.send?.(outcome, () => process.exit(0));
};
run(JSON.parse(process.argv[2] ?? '{}') as BuildJob).then(send, (error: unknown) => {
  send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
